"""The 'Documenten' tab: the indexed corpus, what ingestion reported, and the rebuild button."""
from __future__ import annotations

from ..index.staleness import staleness
from .engine import Engine
from .render import render_documents
from .tabs import Refresh


def build(engine: Engine, refresh: Refresh, timer) -> None:
    """The tab's components and events, inside the caller's `with gr.Tab(...)`; `timer` is the page's status timer."""
    import gradio as gr

    def documents_html() -> str:
        return render_documents(engine.documents(), engine.problems(), engine.manifest())

    def rebuild_ui():
        reason = staleness(engine.settings)
        if reason is None:
            return "De index is al bijgewerkt.", gr.Timer(active=True)
        started = engine.rebuild(reason)
        return ("De index wordt bijgewerkt…" if started else "Er loopt al een bouw."), gr.Timer(active=True)

    docs_html = gr.HTML(documents_html())
    rebuild_btn = gr.Button("Index bijwerken (na toevoegen of wijzigen van PDF's)", size="sm")
    rebuild_note = gr.Markdown("")
    refresh.on_swap(docs_html, documents_html)
    rebuild_btn.click(rebuild_ui, None, [rebuild_note, timer], api_visibility="undocumented")
