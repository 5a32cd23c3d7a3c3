"""The 'Vraag' tab: ask, read the cited extract and passage cards, open a cited page, filter, export; and `/ask`."""
# No `from __future__ import annotations`: Gradio reads the `gr.EventData` annotation of the click handler.

import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..records import DocumentInfo
from ..search.query import EmptyQuestion
from ..search.retriever import Filters
from .engine import NOT_READY, Engine, NotReady
from .export import write_markdown
from .links import pdf_url
from .page_view import SCALED_DOWN, PageUnavailable, render_page
from .render import markdown_text, page_text, render_answer
from ..usage.log import LogError
from .roles import user_of
from .tabs import EMPTY, Refresh

CLICK_JS = resources.files(__package__).joinpath("static/cite.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Choices:
    """What the filters offer, from the loaded index."""

    documents: tuple[tuple[str, str], ...]  # (title, doc_id)
    kinds: tuple[str, ...]
    years: tuple[str, ...]


def filter_choices(docs: tuple[DocumentInfo, ...]) -> Choices:
    return Choices(tuple((d.title, d.doc_id) for d in docs),
                   tuple(sorted({d.kind for d in docs if d.kind})),
                   tuple(sorted({d.date[:4] for d in docs if d.date[:4].isdigit()}, reverse=True)))


def make_filters(doc_ids, kinds, years) -> Filters:
    return Filters(frozenset(doc_ids or ()), frozenset(kinds or ()), frozenset(years or ()))


def show_page(engine: Engine, pid: str):
    """(image, caption) for the page of the cited passage, or (None, why not)."""
    passage = engine.passage(str(pid or ""))
    if passage is None:
        return None, "De bron is niet (meer) in de index; stel de vraag opnieuw."
    path = engine.pdf_path(passage.file)
    if path is None:
        return None, f"Het bestand {markdown_text(passage.file)} is niet beschikbaar."
    try:
        image, marked = render_page(path, passage.page, passage.text)
    except PageUnavailable as exc:
        return None, markdown_text(str(exc))
    note = "" if marked else " (de passage kon niet precies op de pagina worden aangewezen)"
    if image.info.get(SCALED_DOWN):
        note += " (verkleind weergegeven: de pagina is te groot om op ware grootte te tonen)"
    more = f" De passage loopt door tot PDF-pagina {passage.page_end}." if passage.page_end != passage.page else ""
    return image, (f"**{markdown_text(passage.title)}** — {markdown_text(page_text(passage))}{note}.{more}  \n"
                   f"[Open de PDF op deze pagina]({pdf_url(path, passage.page)})")


def build(engine: Engine, refresh: Refresh, export_dir: Path | None = None) -> None:
    """The tab's components and events, inside the caller's `with gr.Tab(...)`."""
    import gradio as gr

    export_dir = export_dir or Path(tempfile.mkdtemp(prefix="policy-qa-export-"))

    def ask_ui(question, doc_ids, kinds, years, request: gr.Request):
        try:
            answer = engine.ask(question, make_filters(doc_ids, kinds, years))
        except EmptyQuestion:
            return f'<div class="pqa-notice">{EMPTY}</div>', gr.DownloadButton(visible=False)
        except NotReady:
            return f'<div class="pqa-notice">{NOT_READY}</div>', gr.DownloadButton(visible=False)
        qid = engine.record(answer, user_of(request))
        path = write_markdown(answer, export_dir)
        return render_answer(answer, engine.own_words(), qid), gr.DownloadButton(value=str(path), visible=True)

    def on_click(evt: gr.EventData, request: gr.Request):
        data = (getattr(evt, "_data", None) or {}) if evt else {}
        if "feedback" in data:
            try:
                engine.feedback(int(data.get("qid") or 0), str(data["feedback"]), bool(data.get("ok")),
                                user_of(request))
                gr.Info("Bedankt: uw oordeel is bewaard.")
            except (LogError, ValueError) as exc:
                gr.Warning(f"Uw oordeel kon niet worden bewaard ({exc}).")
            return gr.skip(), gr.skip()
        return show_page(engine, data.get("cite"))

    examples = list(engine.assistant().examples)
    with gr.Row():
        question = gr.Textbox(label="Vraag", placeholder=f"Bijvoorbeeld: {examples[0]}" if examples else "",
                              lines=1, max_lines=4, scale=5, elem_id="pqa-question", autofocus=True)
        ask_btn = gr.Button("Zoek", variant="primary", scale=1, elem_id="pqa-ask")
    if examples:
        gr.Examples(examples, inputs=[question], label="Voorbeeldvragen")
    with gr.Accordion("Filters", open=False):
        c = filter_choices(engine.documents())
        with gr.Row():
            doc_filter = gr.Dropdown(list(c.documents), multiselect=True, label="Document", value=[])
            kind_filter = gr.CheckboxGroup(list(c.kinds), label="Soort")
            year_filter = gr.CheckboxGroup(list(c.years), label="Jaar")
    with gr.Row():
        with gr.Column(scale=3):
            results = gr.HTML("", js_on_load=CLICK_JS, elem_id="pqa-results")
            download = gr.DownloadButton("Download antwoord (Markdown)", visible=False, size="sm")
        with gr.Column(scale=2):
            page_caption = gr.Markdown("*Klik op een bron [n] of op ‘Bekijk blz.’ om de pagina te zien.*",
                                       elem_id="pqa-page-caption")
            page_image = gr.Image(label="Pagina", type="pil", format="png", interactive=False,
                                  elem_id="pqa-page", buttons=["download", "fullscreen"], height=820)

    refresh.on_swap(doc_filter, lambda: gr.Dropdown(choices=list(filter_choices(engine.documents()).documents)))
    refresh.on_swap(kind_filter, lambda: gr.CheckboxGroup(choices=list(filter_choices(engine.documents()).kinds)))
    refresh.on_swap(year_filter, lambda: gr.CheckboxGroup(choices=list(filter_choices(engine.documents()).years)))
    inputs = [question, doc_filter, kind_filter, year_filter]
    for trigger in (ask_btn.click, question.submit):
        trigger(ask_ui, inputs, [results, download], api_visibility="undocumented", concurrency_limit=8)
    results.click(on_click, None, [page_image, page_caption], api_visibility="undocumented", concurrency_limit=4)
    register_api(engine)


def register_api(engine: Engine) -> None:
    """The named endpoints `/ask` (same JSON as `policy-qa ask --json`; the question is logged) and `/feedback`."""
    import gradio as gr

    def ask_api(question: str, request: gr.Request) -> dict:
        """The same JSON object as `policy-qa ask --json` for the question (the question is logged)."""
        try:
            answer = engine.ask(question)
        except EmptyQuestion:
            raise gr.Error(EMPTY) from None
        except NotReady:
            raise gr.Error(NOT_READY) from None
        engine.record(answer, user_of(request))
        return answer.to_dict()

    def feedback_api(question: str, target: str, correct: bool, request: gr.Request) -> dict:
        """"klopt" (correct=true) or "klopt niet" on the latest logged answer to `question`: its answer
        (target "answer") or one of its passages (target: the passage_id)."""
        user = user_of(request)
        try:
            qid = engine.latest_question(question, user)
            engine.feedback(qid, target, bool(correct), user)
        except LogError as exc:
            raise gr.Error(str(exc)) from None
        return {"question": question, "target": target, "correct": bool(correct)}

    gr.api(ask_api, api_name="ask", concurrency_limit=8)
    gr.api(feedback_api, api_name="feedback", concurrency_limit=4)
