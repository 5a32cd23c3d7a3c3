// Event delegation on the results container: a click on [n] or a card's button asks Python for that page.
element.addEventListener('click', (e) => {
  const el = e.target.closest('[data-cite]');
  if (!el) return;
  e.preventDefault();
  const pid = el.getAttribute('data-cite');
  element.querySelectorAll('.pqa-card').forEach(c => c.classList.toggle('pqa-active', c.getAttribute('data-pid') === pid));
  trigger('click', {cite: pid});
});
