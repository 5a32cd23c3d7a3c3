"""HTML for the Standpunten tab: a topic's positions per document side by side, and the topics × documents table."""
from __future__ import annotations

import html
from typing import Callable

from ..records import DocumentInfo
from ..stance.explorer import Stance

NO_POSITION = "Geen standpunt over dit onderwerp in dit document."

PageLink = Callable[[DocumentInfo, int], "str | None"]


def _citation(doc: DocumentInfo, page: int, section: str, link: PageLink | None) -> str:
    """'p. N · § section', linked to the page view when there is one; data attributes name the page."""
    label = f"p. {page}"
    href = link(doc, page) if link else None
    attrs = (f'class="stance-page" data-doc="{html.escape(doc.doc_id)}" data-file="{html.escape(doc.file)}" '
             f'data-page="{page}"')
    cite = (f'<a {attrs} href="{html.escape(href)}" target="_blank">{label}</a>' if href
            else f"<span {attrs}>{label}</span>")
    if section:
        cite += f" · § {html.escape(section)}"
    return f'<div class="stance-cite">{cite}</div>'


def timeline_html(st: Stance, link: PageLink | None = None) -> str:
    """One column per document, oldest first; each position with its page citation, silence said plainly."""
    cols = []
    for ds in st.documents:
        d = ds.document
        items = "".join(
            f'<div class="stance-pos"><div>{html.escape(p.text)}</div>{_citation(d, p.page, p.section, link)}</div>'
            for p in ds.positions) or f'<p class="stance-empty">{NO_POSITION}</p>'
        cols.append(
            f'<div class="stance-doc" data-doc="{html.escape(d.doc_id)}">'
            f'<div class="stance-date">{html.escape(d.date or "zonder datum")}</div>'
            f"<h4>{html.escape(d.title)}</h4>"
            f'<div class="stance-meta">{html.escape(d.kind)} · {html.escape(d.file)} · '
            f"{len(ds.positions)} standpunt{'en' if len(ds.positions) != 1 else ''}</div>{items}</div>")
    head = f"<h3>Standpunten over: {html.escape(st.topic.label)}</h3>"
    if not cols:
        return head + '<p class="stance-empty">Er zijn nog geen documenten geïndexeerd.</p>'
    return head + f'<div class="stance-timeline">{"".join(cols)}</div>' + changes_html(st, link)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def changes_html(st: Stance, link: PageLink | None = None) -> str:
    """'Wat veranderde': per pair of consecutive documents the new, no longer mentioned and continued positions."""
    docs = {ds.document.doc_id: ds.document for ds in st.documents}
    blocks = []
    for ch in st.changes:
        a, b = docs[ch.before], docs[ch.after]

        def item(p, doc):
            return (f'<li><span>{html.escape(_short(p.text))}</span>'
                    f'{_citation(doc, p.page, "", link)}</li>')

        def group(css: str, title: str, body: str, n: int) -> str:
            return (f'<div class="stance-change {css}"><h5>{title} ({n})</h5>'
                    f'{f"<ul>{body}</ul>" if n else "<p class=stance-empty>—</p>"}</div>')

        new = "".join(item(p, b) for p in ch.new)
        dropped = "".join(item(p, a) for p in ch.dropped)
        kept = "".join(f'<li><span>{html.escape(_short(c.before.text, 100))}</span> → '
                       f'<span>{html.escape(_short(c.after.text, 100))}</span>{_citation(b, c.after.page, "", link)}</li>'
                       for c in ch.continued)
        blocks.append(
            f'<div class="stance-changes" data-from="{html.escape(a.doc_id)}" data-to="{html.escape(b.doc_id)}">'
            f"<h4>Wat veranderde: van {html.escape(a.date or a.title)} ({html.escape(a.kind)}) naar "
            f"{html.escape(b.date or b.title)} ({html.escape(b.kind)})</h4>"
            + group("stance-new", "Nieuw", new, len(ch.new))
            + group("stance-dropped", "Niet meer genoemd", dropped, len(ch.dropped))
            + group("stance-continued", "Blijft (in andere woorden)", kept, len(ch.continued)) + "</div>")
    return "".join(blocks)


def overview_frame(docs: tuple[DocumentInfo, ...], rows) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the topics × documents table: '✓ N' where a document takes N positions, '—' if silent."""
    headers = ["Onderwerp"] + [f"{d.date} · {d.kind}" if d.date else d.title for d in docs]
    body = [[topic.label] + [f"✓ {n}" if n else "—" for n in counts] for topic, counts in rows]
    return headers, body


def message_html(text: str) -> str:
    return f'<p class="stance-empty">{html.escape(text)}</p>'
