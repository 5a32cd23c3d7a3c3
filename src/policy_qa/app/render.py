"""HTML for what the app shows: the cited answer, passage cards with highlights, the documents table."""
from __future__ import annotations

import html
import re
import unicodedata

from ..index.analysis import STOPWORDS, stem, tokenize
from ..records import Answer, DocumentInfo, Hit, Passage, Problem
from ..search.query import without_words
from ..text import WORD


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def markdown_text(text: str) -> str:
    """`text` as literal text inside gr.Markdown: HTML escaped, Markdown syntax (links, images, emphasis) disarmed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def question_stems(question: str, drop: frozenset[str] = frozenset()) -> frozenset[str]:
    """The question's Dutch stems as BM25 sees them, the organisation's own name left out: what cards highlight."""
    return frozenset(tokenize(without_words(question, drop)))


def highlight(text: str, stems: frozenset[str]) -> str:
    """HTML-escaped text with the words that share a stem with the question wrapped in <mark>."""
    out: list[str] = []
    last = 0
    for m in WORD.finditer(text):
        w = unicodedata.normalize("NFKC", m.group()).lower()
        if stems and w not in STOPWORDS and stem(w) in stems:
            out.append(html.escape(text[last:m.start()]))
            out.append(f"<mark>{html.escape(m.group())}</mark>")
            last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def page_text(p: Passage) -> str:
    """'blz. 3 (PDF-pagina 3)': the printed label and the physical page, in Dutch."""
    label = p.page_label or str(p.page)
    pages = f"PDF-pagina {p.page}" if p.page_end == p.page else f"PDF-pagina {p.page}–{p.page_end}"
    return f"blz. {label} ({pages})"


def _cite(hit: Hit) -> str:
    pid = html.escape(hit.passage.passage_id, quote=True)
    return f'<a href="#" class="pqa-cite" data-cite="{pid}" title="Toon de pagina">[{hit.rank}]</a>'


def feedback_buttons(qid: int | None, target: str) -> str:
    """'klopt' / 'klopt niet' for the answer or one passage of logged question `qid` (nothing when not logged)."""
    if qid is None:
        return ""
    t = html.escape(target, quote=True)
    return (f'<span class="pqa-feedback" data-qid="{int(qid)}" data-target="{t}">'
            f'<button class="pqa-fb" data-fb="1" title="Dit klopt">klopt</button>'
            f'<button class="pqa-fb" data-fb="0" title="Dit klopt niet">klopt niet</button></span>')


def render_answer(answer: Answer, drop: frozenset[str] = frozenset(), qid: int | None = None) -> str:
    """The result as HTML: notices, the short cited extract, then one card per passage (with feedback buttons
    when the question was logged as `qid`)."""
    by_rank = {h.rank: h for h in answer.results}
    stems = question_stems(answer.question, drop)
    parts = ['<div class="pqa-results">']
    for note in answer.notices:
        parts.append(f'<div class="pqa-notice">{html.escape(note)}</div>')
    if answer.answerable and answer.answer:
        sentences = " ".join(
            f"{html.escape(s.text)} {_cite(by_rank[s.citation]) if s.citation in by_rank else ''}"
            for s in answer.answer)
        parts.append(f'<div class="pqa-answer"><h3>Antwoord</h3><p>{sentences}</p>'
                     f'{feedback_buttons(qid, "answer")}</div>')
    heading = "Bronnen" if answer.answerable else "Dichtstbijzijnde passages (geen zeker antwoord)"
    parts.append(f'<h3 class="pqa-heading">{heading} <span class="pqa-conf">zekerheid '
                 f'{answer.confidence:.0%}</span></h3>')
    if not answer.results:
        parts.append('<p class="pqa-empty">Geen passages gevonden (pas eventueel de filters aan).</p>')
    for hit in answer.results:
        parts.append(render_card(hit, stems, nearest=not answer.answerable, qid=qid))
    parts.append("</div>")
    return "\n".join(parts)


def render_card(hit: Hit, stems: frozenset[str], nearest: bool = False, qid: int | None = None) -> str:
    """One numbered passage card: title, kind, date, page, section, highlighted text, a button to the page."""
    p = hit.passage
    pid = html.escape(p.passage_id, quote=True)
    meta = " · ".join(x for x in (p.kind, p.date, page_text(p), "OCR" if p.ocr else "") if x)
    section = f'<div class="pqa-section">§ {html.escape(p.section)}</div>' if p.section else ""
    badge = '<span class="pqa-badge">dichtstbijzijnde passage</span>' if nearest else ""
    return (
        f'<div class="pqa-card{" pqa-nearest" if nearest else ""}" data-pid="{pid}" id="bron-{hit.rank}">'
        f'<div class="pqa-head"><span class="pqa-num">[{hit.rank}]</span> '
        f'<span class="pqa-title">{html.escape(p.title)}</span> {badge}</div>'
        f'<div class="pqa-meta">{html.escape(meta)}</div>{section}'
        f'<div class="pqa-text">{highlight(p.text, stems)}</div>'
        f'<button class="pqa-open" data-cite="{pid}">Bekijk {html.escape(page_text(p))}</button>'
        f'{feedback_buttons(qid, p.passage_id)}</div>'
    )


def render_documents(docs: tuple[DocumentInfo, ...], problems: tuple[Problem, ...], manifest: dict | None) -> str:
    """The corpus as an HTML table plus what ingestion reported."""
    if not docs and not problems:
        return '<p class="pqa-empty">Nog geen index: de documenten verschijnen hier zodra die klaar is.</p>'
    rows = []
    for d in docs:
        no_text = ", ".join(map(str, d.pages_without_text)) or "–"
        ocr = ", ".join(map(str, d.ocr_pages)) or "–"
        rows.append(
            f"<tr><td>{html.escape(d.title)}</td><td>{html.escape(d.kind)}</td><td>{html.escape(d.date)}</td>"
            f"<td>{d.pages}</td><td>{d.passages}</td><td>{no_text}</td><td>{ocr}</td>"
            f"<td><code>{html.escape(d.file)}</code></td></tr>")
    parts = ['<table class="pqa-docs"><thead><tr><th>Titel</th><th>Soort</th><th>Datum</th><th>Pagina\'s</th>'
             "<th>Passages</th><th>Pagina's zonder tekst</th><th>OCR-pagina's</th><th>Bestand</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>"]
    skipped = [p for p in problems if p.skipped]
    warnings = [p for p in problems if not p.skipped]
    parts.append("<h3>Overgeslagen bestanden</h3>")
    parts.append("<ul>" + "".join(f"<li><code>{html.escape(p.file)}</code>: {html.escape(p.reason)}</li>"
                                  for p in skipped) + "</ul>" if skipped else "<p>Geen.</p>")
    parts.append("<h3>Waarschuwingen</h3>")
    parts.append("<ul>" + "".join(f"<li><code>{html.escape(p.file)}</code>: {html.escape(p.reason)}</li>"
                                  for p in warnings) + "</ul>" if warnings else "<p>Geen.</p>")
    if manifest:
        parts.append(f'<p class="pqa-meta">Index gebouwd op {html.escape(str(manifest.get("built_at", "?")))} '
                     f'met {html.escape(str(manifest.get("encoder", {}).get("name", "?")))}; '
                     f'{manifest.get("passages", 0)} passages.</p>')
    return "\n".join(parts)
