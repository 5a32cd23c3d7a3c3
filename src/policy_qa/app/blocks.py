"""The whole page: header, status line, the tabs, and the timer that redraws what depends on the index."""
# No `from __future__ import annotations`: Gradio reads the handlers' `gr.Request` annotations.

import html
from pathlib import Path

from . import ask_tab, documents_tab, open_questions_tab, stance_tab
from .engine import Engine
from .render import markdown_text
from .roles import is_admin
from .tabs import Refresh

INTRO = ("## Wat zegt {name}?\nStel een vraag over de beleidsdocumenten{of}. Elk antwoord toont de passages met "
         "document, datum en pagina; klik op een bron om de pagina zelf te zien.")


def status_text(engine: Engine) -> str:
    if engine.building or engine.retriever() is None:
        return f"**Status:** {markdown_text(engine.status)}"
    return f"<span class='pqa-meta'>{html.escape(engine.status)}</span>"


def build_app(engine: Engine, export_dir: Path | None = None):
    """The Gradio Blocks: Vraag, Documenten, Standpunten, and the /ask and /stance API endpoints."""
    import gradio as gr

    refresh = Refresh()
    who = engine.assistant()
    name = who.short_name or who.organisation or "het beleid"
    with gr.Blocks(title=f"{who.short_name or who.organisation or 'Beleid'} – vragen aan de beleidsdocumenten") as demo:
        seen = gr.State(-1)
        timer = gr.Timer(1.0, active=True)
        gr.Markdown(INTRO.format(name=name, of=f" van {who.organisation}" if who.organisation else ""))
        status = gr.Markdown(status_text(engine))
        with gr.Tab("Vraag"):
            ask_tab.build(engine, refresh, export_dir)
        with gr.Tab("Documenten"):
            documents_tab.build(engine, refresh, timer)
        with gr.Tab("Standpunten"):
            stance_tab.build(engine, refresh)
        with gr.Tab("Open vragen", visible=False) as open_tab:
            open_questions_tab.build(engine, refresh)
        refresh.on_load(open_tab, lambda request: gr.Tab(visible=is_admin(request)))

        def tick(last: int):
            """Status every second; the registered components once per newly swapped-in index."""
            active = engine.building or engine.retriever() is None
            out = {status: status_text(engine), timer: gr.Timer(active=active), seen: engine.generation}
            if last != engine.generation:
                out.update({component: redraw() for component, redraw in refresh.items})
            return out

        def load(request: gr.Request):
            """Per visitor: what this user may see (admin controls only for admins)."""
            return {component: draw(request) for component, draw in refresh.per_user}

        timer.tick(tick, [seen], [status, timer, seen, *refresh.components], api_visibility="undocumented",
                   show_progress="hidden")
        demo.load(load, None, [c for c, _ in refresh.per_user], api_visibility="private")
    return demo
