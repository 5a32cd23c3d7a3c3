// Event delegation on the results container: a click on [n] or a card's button asks Python for that page;
// a click on "klopt" / "klopt niet" sends that judgement for the answer or the passage.
element.addEventListener('click', (e) => {
  const fb = e.target.closest('[data-fb]');
  if (fb) {
    e.preventDefault();
    const box = fb.closest('.pqa-feedback');
    box.querySelectorAll('.pqa-fb').forEach(b => b.classList.toggle('pqa-chosen', b === fb));
    trigger('click', {feedback: box.getAttribute('data-target'), qid: box.getAttribute('data-qid'),
                      ok: fb.getAttribute('data-fb') === '1'});
    return;
  }
  const el = e.target.closest('[data-cite]');
  if (!el) return;
  e.preventDefault();
  const pid = el.getAttribute('data-cite');
  element.querySelectorAll('.pqa-card').forEach(c => c.classList.toggle('pqa-active', c.getAttribute('data-pid') === pid));
  trigger('click', {cite: pid});
});
