"""The 'Standpunten' tab: pick or type a topic, see its positions per document on a timeline; and `/stance`."""
from __future__ import annotations

from ..stance.explorer import explore, overview
from ..stance.topics import Topic, TopicError, default_topic, load_topics, resolve_topic
from .engine import NOT_READY, Engine
from .links import pdf_url
from .stance_view import PageLink, message_html, overview_frame, timeline_html
from .tabs import Refresh


def page_link(engine: Engine) -> PageLink:
    """The 'open the PDF at this page' link, for indexed corpus PDFs only."""

    def link(doc, page: int) -> str | None:
        path = engine.pdf_path(doc.file)
        return pdf_url(path, page) if path else None

    return link


def build(engine: Engine, refresh: Refresh) -> None:
    """The tab's components and events, inside the caller's `with gr.Tab(...)`."""
    import gradio as gr

    settings = engine.settings

    def topics() -> tuple[Topic, ...]:
        try:
            return load_topics(settings.corpus_dir)
        except TopicError:
            return ()

    def table():
        retriever = engine.retriever()
        if retriever is None:
            return gr.Dataframe(value=None)
        headers, body = overview_frame(*overview(retriever, topics()))
        return gr.Dataframe(value=body, headers=headers)

    def show(topic_text: str):
        retriever = engine.retriever()
        if retriever is None:
            return message_html(NOT_READY), gr.update()
        try:
            st = explore(retriever, topic_text, topics(), settings.max_topic_chars)
        except TopicError as exc:
            return message_html(str(exc)), gr.update()
        return timeline_html(st, page_link(engine)), table()

    def stance(topic: str) -> dict:
        """The organisation's positions on a topic per document, ordered by date: {"topic", "documents": [...]}."""
        retriever = engine.retriever()
        if retriever is None:
            raise gr.Error(NOT_READY)
        try:
            return explore(retriever, topic, topics(), settings.max_topic_chars).to_dict()
        except TopicError as exc:
            raise gr.Error(str(exc)) from None

    labels = [t.label for t in topics()]
    first = default_topic(settings.corpus_dir)
    first = resolve_topic(first, topics()).label if first else None
    first = first if first in labels else None
    gr.Markdown("Kies of typ een onderwerp en zie per document (op datum) welke standpunten er worden ingenomen, "
                "met pagina. Een document dat niets over het onderwerp zegt, staat er leeg bij.")
    with gr.Row():
        box = gr.Dropdown(choices=labels, value=first, allow_custom_value=True, label="Onderwerp",
                          elem_id="stance-topic", scale=4)
        button = gr.Button("Toon standpunten", variant="primary", elem_id="stance-button", scale=1)
    initial = show(first) if engine.retriever() is not None and first else None
    timeline = gr.HTML(initial[0] if initial else message_html("Kies een onderwerp."), elem_id="stance-timeline")
    gr.Markdown("**Overzicht: onderwerpen × documenten** (✓ N = aantal standpunten, — = zegt er niets over)")
    headers, body = overview_frame(*overview(engine.retriever(), topics())) if engine.retriever() else ([], None)
    table_df = gr.Dataframe(body, headers=headers or None, interactive=False, elem_id="stance-overview", wrap=True)
    refresh.on_swap(table_df, table)
    button.click(show, inputs=box, outputs=[timeline, table_df], api_visibility="private")
    box.select(show, inputs=box, outputs=[timeline, table_df], api_visibility="private")
    gr.api(stance, api_name="stance")
