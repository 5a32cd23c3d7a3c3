"""The 'Open vragen' tab (admins): what members asked that the documents did not answer, grouped by topic."""
# No `from __future__ import annotations`: Gradio reads the handlers' `gr.Request` annotations.

from ..usage.log import LogError
from ..usage.open_questions import OpenTopic, open_topics
from .engine import Engine
from .roles import REFUSED, is_admin
from .tabs import Refresh

HEADERS = ["Onderwerp", "Aantal", "Voorbeelden", "Eerst", "Laatst"]


def topics(engine: Engine, since: str | None) -> list[OpenTopic]:
    if engine.questions is None:
        raise LogError("het vragenlog staat uit (POLICY_QA_LOG=0)")
    return open_topics(engine.questions.questions(since or None), engine.own_words())


def build(engine: Engine, refresh: Refresh) -> None:
    """The tab's components and events, inside the caller's `with gr.Tab(...)`; and the `/open_questions` API."""
    import gradio as gr

    def show(since: str, request: gr.Request):
        if not is_admin(request):
            return gr.Dataframe(value=None), REFUSED
        try:
            found = topics(engine, since.strip())
        except LogError as exc:
            return gr.Dataframe(value=None), str(exc)
        rows = [[t.label, t.count, " · ".join(t.examples), t.first[:10], t.last[:10]] for t in found]
        return gr.Dataframe(value=rows, headers=HEADERS), f"{sum(t.count for t in found)} open vragen in {len(rows)} onderwerpen."

    def open_questions(since: str, request: gr.Request) -> dict:
        """Questions that got no answer or a "klopt niet", grouped by topic: {"since", "topics": [...]}."""
        if not is_admin(request):
            raise gr.Error(REFUSED)
        try:
            return {"since": since or None, "topics": [t.to_dict() for t in topics(engine, since.strip())]}
        except LogError as exc:
            raise gr.Error(str(exc)) from None

    gr.Markdown("Vragen van leden waarop de documenten geen antwoord gaven of die als ‘klopt niet’ zijn gemarkeerd, "
                "gegroepeerd per onderwerp: de onderwerpen waarop een standpunt wordt verwacht.")
    with gr.Row():
        since = gr.Textbox(label="Sinds (JJJJ-MM-DD, leeg = alles)", scale=3, elem_id="open-since")
        button = gr.Button("Toon open vragen", variant="primary", scale=1, elem_id="open-button")
    note = gr.Markdown("")
    table = gr.Dataframe(headers=HEADERS, interactive=False, wrap=True, elem_id="open-table")
    button.click(show, [since], [table, note], api_visibility="private")
    gr.api(open_questions, api_name="open_questions")
