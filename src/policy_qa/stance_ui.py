"""The "Standpunten" tab: a topic's positions per document side by side on a timeline, and topics × documents.

The app calls `build_stance_tab(get_retriever, settings)` inside `with gr.Tab("Standpunten"):`. The pure
functions `timeline_html` and `overview_frame` render what the tab shows, so they can be tested directly.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Callable

from .config import Settings
from .models import DocumentInfo
from .stance import Stance, Topic, TopicError, load_topics, overview, resolve_topic, stance_index

NOT_READY = "De index wordt nog gebouwd; probeer het over een ogenblik opnieuw."
NO_POSITION = "Geen standpunt over dit onderwerp in dit document."
DEFAULT_TOPIC = "energie en netcongestie"

PageLink = Callable[[DocumentInfo, int], "str | None"]

_CSS = """
<style>
.stance-timeline{display:flex;gap:1rem;align-items:stretch;overflow-x:auto}
.stance-doc{flex:1 1 0;min-width:16rem;border:1px solid #ccc;border-radius:8px;padding:.6rem .8rem}
.stance-doc h4{margin:.1rem 0 .3rem 0}
.stance-date{font-weight:bold;font-size:1.1em}
.stance-meta{color:#666;font-size:.9em}
.stance-pos{margin:.5rem 0;padding-left:.5rem;border-left:3px solid #2a6ebb}
.stance-cite{font-size:.85em;color:#444}
.stance-empty{color:#777;font-style:italic}
</style>
"""


def page_link(settings: Settings) -> PageLink | None:
    """The app's 'open the PDF at this page' link (`webapp.pdf_url`), for corpus PDFs only; None without the app."""
    try:
        from .webapp import pdf_url
    except ImportError:
        return None
    root = Path(settings.corpus_dir).resolve()

    def link(doc: DocumentInfo, page: int) -> str | None:
        path = (root / doc.file).resolve()
        if not path.is_relative_to(root) or path.suffix.lower() != ".pdf" or not path.is_file():
            return None
        return pdf_url(path, page)

    return link


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
        return _CSS + head + '<p class="stance-empty">Er zijn nog geen documenten geïndexeerd.</p>'
    return _CSS + head + f'<div class="stance-timeline">{"".join(cols)}</div>'


def overview_frame(docs: tuple[DocumentInfo, ...], rows) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the topics × documents table: '✓ N' where a document takes N positions, '—' if silent."""
    headers = ["Onderwerp"] + [f"{d.date} · {d.kind}" if d.date else d.title for d in docs]
    body = [[topic.label] + [f"✓ {n}" if n else "—" for n in counts] for topic, counts in rows]
    return headers, body


def message_html(text: str) -> str:
    return f'<p class="stance-empty">{html.escape(text)}</p>'


def build_stance_tab(get_retriever: Callable[[], object], settings: Settings) -> None:
    """The Standpunten tab's components and events, plus the named API endpoint `stance` (JSON form)."""
    import gradio as gr
    import pandas as pd

    def topics() -> tuple[Topic, ...]:
        try:
            return load_topics(settings.corpus_dir)
        except TopicError:
            return ()

    def show(topic_text: str):
        retriever = get_retriever()
        if retriever is None:
            return message_html(NOT_READY), gr.update()
        try:
            topic = resolve_topic(topic_text, topics())
        except TopicError as exc:
            return message_html(str(exc)), gr.update()
        st = stance_index(retriever.index).stance(topic)
        headers, body = overview_frame(*overview(retriever, topics()))
        return timeline_html(st, page_link(settings)), pd.DataFrame(body, columns=headers)

    def stance(topic: str) -> dict:
        """Metaalunie's positions on a topic per document, ordered by date: {"topic", "documents": [...]}."""
        retriever = get_retriever()
        if retriever is None:
            raise gr.Error(NOT_READY)
        try:
            topic_obj = resolve_topic(topic, topics())
        except TopicError as exc:
            raise gr.Error(str(exc)) from None
        return stance_index(retriever.index).stance(topic_obj).to_dict()

    labels = [t.label for t in topics()]
    gr.Markdown("Kies of typ een onderwerp en zie per document (op datum) welke standpunten Metaalunie inneemt, "
                "met pagina. Een document dat niets over het onderwerp zegt, staat er leeg bij.")
    with gr.Row():
        box = gr.Dropdown(choices=labels, value=DEFAULT_TOPIC if DEFAULT_TOPIC in labels else None,
                          allow_custom_value=True, label="Onderwerp", elem_id="stance-topic", scale=4)
        button = gr.Button("Toon standpunten", variant="primary", elem_id="stance-button", scale=1)
    initial = show(DEFAULT_TOPIC) if get_retriever() is not None and DEFAULT_TOPIC in labels else None
    timeline = gr.HTML(initial[0] if initial else message_html("Kies een onderwerp."), elem_id="stance-timeline")
    gr.Markdown("**Overzicht: onderwerpen × documenten** (✓ N = aantal standpunten, — = zegt er niets over)")
    table = gr.Dataframe(initial[1] if initial else None, interactive=False, elem_id="stance-overview", wrap=True)
    button.click(show, inputs=box, outputs=[timeline, table], api_visibility="private")
    box.select(show, inputs=box, outputs=[timeline, table], api_visibility="private")
    gr.api(stance, api_name="stance")
