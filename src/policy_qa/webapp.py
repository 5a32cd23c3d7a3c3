"""The browser app (Gradio): ask with cited passages, open the cited page, filters, Markdown export, documents.

`app.py` only calls `main()`. The index is (re)built in a background thread while the app keeps answering from
the previous one; the named endpoint `/ask` returns the same JSON object as `policy-qa ask --json`.
"""
import html
import os
import re
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: nothing phones home
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from .config import Settings  # noqa: E402
from .lexical import STOPWORDS, stem, tokenize  # noqa: E402
from .models import Answer, DocumentInfo, Hit, Passage, Problem  # noqa: E402
from .retrieval import EmptyQuestion, Filters, Retriever  # noqa: E402

EXAMPLES = [
    "Wat vindt Metaalunie van netcongestie?",
    "Wat wil Metaalunie voor het technisch onderwijs?",
    "Hoeveel leden heeft Metaalunie?",
    "What does Metaalunie ask the new cabinet about industrial policy?",
]
NOT_READY = "De index wordt nog gebouwd; probeer het over een ogenblik opnieuw."
EMPTY = "Typ een vraag met ten minste één woord."
_WORD = re.compile(r"[^\W_]+", re.U)


# --- the engine: current retriever, background (re)builds -------------------------------------------------


class Engine:
    """Holds the current Retriever and swaps in a new one when a background build finishes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._retriever: Retriever | None = None
        self._by_id: dict[str, Passage] = {}
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.status = "De app start…"
        self.generation = 0  # bumped at every swap so the page can refresh its filters and document list
        self.on_swap: list = []  # callbacks run after a new index is swapped in

    def retriever(self) -> Retriever | None:
        """The retriever answering now (None until the first index is loaded)."""
        return self._retriever

    @property
    def building(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Load the index that is there (even if stale) and build a fresh one in the background when needed."""
        from .store import IndexUnavailable, load_index, staleness

        try:
            self._swap(Retriever(load_index(self.settings.index_dir), self.settings))
        except IndexUnavailable:
            pass
        reason = staleness(self.settings)
        if reason is not None:
            self.rebuild(reason)
        else:
            self.status = "Klaar."
            threading.Thread(target=self._warm, daemon=True, name="warm-up").start()

    def rebuild(self, reason: str = "op verzoek") -> bool:
        """Start a background build unless one runs; False when one was already running."""
        with self._start_lock:
            if self.building:
                return False
            self.status = f"De index wordt gebouwd ({reason})…"
            self._thread = threading.Thread(target=self._build, args=(reason,), daemon=True, name="index-build")
            self._thread.start()
            return True

    def _warm(self) -> None:
        r = self._retriever
        if r is not None:
            try:
                r.warm_up()
            except Exception as exc:  # a broken encoder must not kill the app: say so
                self.status = f"Het taalmodel kon niet worden geladen ({type(exc).__name__}: {exc})."

    def _build(self, reason: str) -> None:
        from .store import build_index, load_index

        if not Path(self.settings.corpus_dir).is_dir():
            self.status = f"De map met documenten bestaat niet: {self.settings.corpus_dir}"
            return
        old = " Vragen worden intussen beantwoord uit de vorige index." if self._retriever else ""
        try:
            build_index(self.settings, progress=lambda msg: self._progress(reason, msg, old))
            fresh = Retriever(load_index(self.settings.index_dir), self.settings)
            self.status = "Het taalmodel wordt geladen…" + old
            fresh.warm_up()
            self._swap(fresh)
            self.status = "Klaar: de index is bijgewerkt."
        except Exception as exc:  # report, keep serving the old index
            self.status = f"Bouwen van de index is mislukt: {type(exc).__name__}: {str(exc)[:200]}.{old}"

    def _progress(self, reason: str, msg: str, old: str) -> None:
        self.status = f"De index wordt gebouwd ({reason}): {msg}.{old}"

    def _swap(self, retriever: Retriever) -> None:
        self._by_id = {p.passage_id: p for p in retriever.index.passages}
        self._retriever = retriever
        self.generation += 1
        for callback in self.on_swap:
            callback(self)

    def passage(self, passage_id: str) -> Passage | None:
        return self._by_id.get(passage_id)

    def documents(self) -> tuple[DocumentInfo, ...]:
        r = self._retriever
        return r.index.documents if r else ()

    def problems(self) -> tuple[Problem, ...]:
        r = self._retriever
        return r.index.problems if r else ()

    def pdf_path(self, rel: str) -> Path | None:
        """The absolute path of an indexed corpus PDF, or None: never a file outside the corpus folder."""
        known = {d.file for d in self.documents()}
        if rel not in known:
            return None
        root = Path(self.settings.corpus_dir).resolve()
        path = (root / rel).resolve()
        if not path.is_relative_to(root) or path.suffix.lower() != ".pdf" or not path.is_file():
            return None
        return path

    def pdf_paths(self) -> list[str]:
        """Every indexed PDF: the only files the app serves directly."""
        return [str(p) for p in (self.pdf_path(d.file) for d in self.documents()) if p]

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        """Answer with the current index; NotReady while there is none, EmptyQuestion for blank input."""
        r = self._retriever
        if r is None:
            raise NotReady(NOT_READY)
        return r.ask(question, self.settings.top_k, filters)


class NotReady(RuntimeError):
    """No index loaded yet."""


# --- rendering: answer, cards, highlight, Markdown ---------------------------------------------------------


def _norm_word(word: str) -> str:
    return unicodedata.normalize("NFKC", word).lower()


def question_stems(question: str) -> frozenset[str]:
    """The question's Dutch stems, as BM25 sees them: what the cards highlight."""
    return frozenset(tokenize(question))


def highlight(text: str, stems: frozenset[str]) -> str:
    """HTML-escaped text with the words that share a stem with the question wrapped in <mark>."""
    out: list[str] = []
    last = 0
    for m in _WORD.finditer(text):
        w = _norm_word(m.group())
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


def render_answer(answer: Answer) -> str:
    """The result as HTML: notices, the short cited extract, then one card per passage."""
    by_rank = {h.rank: h for h in answer.results}
    stems = question_stems(answer.question)
    parts = ['<div class="pqa-results">']
    for note in answer.notices:
        parts.append(f'<div class="pqa-notice">{html.escape(note)}</div>')
    if answer.answerable and answer.answer:
        sentences = " ".join(
            f"{html.escape(s.text)} {_cite(by_rank[s.citation]) if s.citation in by_rank else ''}"
            for s in answer.answer)
        parts.append(f'<div class="pqa-answer"><h3>Antwoord</h3><p>{sentences}</p></div>')
    heading = "Bronnen" if answer.answerable else "Dichtstbijzijnde passages (geen zeker antwoord)"
    parts.append(f'<h3 class="pqa-heading">{heading} <span class="pqa-conf">zekerheid '
                 f'{answer.confidence:.0%}</span></h3>')
    if not answer.results:
        parts.append('<p class="pqa-empty">Geen passages gevonden (pas eventueel de filters aan).</p>')
    for hit in answer.results:
        parts.append(render_card(hit, stems, nearest=not answer.answerable))
    parts.append("</div>")
    return "\n".join(parts)


def render_card(hit: Hit, stems: frozenset[str], nearest: bool = False) -> str:
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
        f'<button class="pqa-open" data-cite="{pid}">Bekijk {html.escape(page_text(p))}</button></div>'
    )


def answer_markdown(answer: Answer, when: str | None = None) -> str:
    """The answer with its citations as a Markdown document (the export)."""
    when = when or time.strftime("%Y-%m-%d %H:%M")
    lines = [f"# {answer.question}", "", f"*Metaalunie-documenten, {when}; zekerheid {answer.confidence:.0%}*", ""]
    for note in answer.notices:
        lines += [f"> **Let op:** {note}", ""]
    if answer.answerable and answer.answer:
        lines += ["## Antwoord", ""] + [f"{s.text} [{s.citation}]" for s in answer.answer] + [""]
    lines += ["## Bronnen" if answer.answerable else "## Dichtstbijzijnde passages", ""]
    for hit in answer.results:
        p = hit.passage
        lines.append(f"**[{hit.rank}]** {p.title} ({p.kind}, {p.date}), {page_text(p)}, `{p.file}`"
                     + (f" — § {p.section}" if p.section else ""))
        lines.append("")
        lines += [f"> {line}" if line.strip() else ">" for line in p.text.splitlines()]
        lines.append("")
    return "\n".join(lines)


def write_markdown(answer: Answer, folder: Path) -> Path:
    """Save the export where Gradio can hand it to the browser."""
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", _norm_word(answer.question))[:40].strip("-") or "antwoord"
    path = folder / f"antwoord-{slug}-{time.strftime('%Y%m%d-%H%M%S')}.md"
    path.write_text(answer_markdown(answer), encoding="utf-8")
    return path


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


def pdf_url(path: Path, page: int) -> str:
    """A link to the PDF through Gradio's file route (corpus PDFs are its only allowed paths), at `page`."""
    return f"gradio_api/file={urllib.parse.quote(str(path))}#page={page}"


# --- the Gradio app ----------------------------------------------------------------------------------------


CSS = """
.pqa-results h3 { margin: 0.6em 0 0.3em; }
.pqa-notice { background: #fff4e5; border-left: 4px solid #f59e0b; padding: 8px 12px; margin: 6px 0; }
.pqa-answer { background: #eef6ff; border-left: 4px solid #2563eb; padding: 4px 12px 8px; margin: 8px 0; }
.pqa-card { border: 1px solid #d4d4d8; border-radius: 8px; padding: 10px 12px; margin: 10px 0; }
.pqa-card.pqa-nearest { border-style: dashed; opacity: 0.92; }
.pqa-card.pqa-active { border-color: #2563eb; box-shadow: 0 0 0 2px #93c5fd; }
.pqa-head { font-weight: 600; }
.pqa-num { color: #2563eb; }
.pqa-meta { color: #52525b; font-size: 0.9em; }
.pqa-section { font-style: italic; font-size: 0.92em; margin-top: 2px; }
.pqa-text { white-space: pre-line; margin: 6px 0; line-height: 1.45; }
.pqa-text mark { background: #fde68a; padding: 0 1px; }
.pqa-badge { font-size: 0.75em; font-weight: 500; background: #f4f4f5; border: 1px solid #d4d4d8;
             border-radius: 4px; padding: 1px 6px; margin-left: 6px; }
.pqa-open { border: 1px solid #2563eb; color: #2563eb; background: white; border-radius: 6px;
            padding: 3px 10px; cursor: pointer; font-size: 0.85em; font-weight: 500; }
.pqa-cite { color: #2563eb; font-weight: 600; text-decoration: none; cursor: pointer; }
.pqa-conf { font-size: 0.7em; font-weight: 400; color: #52525b; margin-left: 8px; }
.pqa-docs { border-collapse: collapse; width: 100%; }
.pqa-docs th, .pqa-docs td { border: 1px solid #d4d4d8; padding: 4px 8px; text-align: left; vertical-align: top; }
"""

# Event delegation on the results container: a click on [n] or a card's button asks Python for that page.
CLICK_JS = """
element.addEventListener('click', (e) => {
  const el = e.target.closest('[data-cite]');
  if (!el) return;
  e.preventDefault();
  const pid = el.getAttribute('data-cite');
  element.querySelectorAll('.pqa-card').forEach(c => c.classList.toggle('pqa-active', c.getAttribute('data-pid') === pid));
  trigger('click', {cite: pid});
});
"""


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


def build_app(engine: Engine, export_dir: Path | None = None):
    """The Gradio Blocks: Vraag, Documenten, (Standpunten), and the /ask API endpoint."""
    import gradio as gr

    export_dir = export_dir or Path(tempfile.mkdtemp(prefix="policy-qa-export-"))

    def status_text() -> str:
        return f"**Status:** {engine.status}" if engine.building or engine.retriever() is None \
            else f"<span class='pqa-meta'>{html.escape(engine.status)}</span>"

    def ask_ui(question, doc_ids, kinds, years):
        try:
            answer = engine.ask(question, make_filters(doc_ids, kinds, years))
        except EmptyQuestion:
            return f'<div class="pqa-notice">{EMPTY}</div>', gr.DownloadButton(visible=False)
        except NotReady:
            return f'<div class="pqa-notice">{NOT_READY}</div>', gr.DownloadButton(visible=False)
        path = write_markdown(answer, export_dir)
        return render_answer(answer), gr.DownloadButton(value=str(path), visible=True)

    def show_page(evt: gr.EventData):
        pid = (getattr(evt, "_data", None) or {}).get("cite") if evt else None
        passage = engine.passage(str(pid or ""))
        if passage is None:
            return None, "De bron is niet (meer) in de index; stel de vraag opnieuw."
        path = engine.pdf_path(passage.file)
        if path is None:
            return None, f"Het bestand `{passage.file}` is niet beschikbaar."
        from .pages import PageUnavailable, render_page

        try:
            image, marked = render_page(path, passage.page, passage.text)
        except PageUnavailable as exc:
            return None, str(exc)
        note = "" if marked else " (de passage kon niet precies op de pagina worden aangewezen)"
        more = f" De passage loopt door tot PDF-pagina {passage.page_end}." if passage.page_end != passage.page else ""
        caption = (f"**{passage.title}** — {page_text(passage)}{note}.{more}  \n"
                   f"[Open de PDF op deze pagina]({pdf_url(path, passage.page)})")
        return image, caption

    def ask_api(question: str) -> dict:
        """The same JSON object as `policy-qa ask --json` for the question."""
        try:
            return engine.ask(question).to_dict()
        except EmptyQuestion:
            raise gr.Error(EMPTY) from None
        except NotReady:
            raise gr.Error(NOT_READY) from None

    def refresh(seen: int):
        """Timer tick: new status text; filters and document list when another index was swapped in."""
        active = engine.building or engine.retriever() is None
        if seen == engine.generation:
            return (status_text(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), seen, gr.Timer(active=active))
        c = filter_choices(engine.documents())
        r = engine.retriever()
        docs_html = render_documents(engine.documents(), engine.problems(), r.index.manifest if r else None)
        return (status_text(), gr.Dropdown(choices=list(c.documents)), gr.CheckboxGroup(choices=list(c.kinds)),
                gr.CheckboxGroup(choices=list(c.years)), docs_html, engine.generation, gr.Timer(active=active))

    def rebuild_ui():
        from .store import staleness

        reason = staleness(engine.settings)
        if reason is None:
            return "De index is al bijgewerkt.", gr.Timer(active=True)
        started = engine.rebuild(reason)
        return ("De index wordt bijgewerkt…" if started else "Er loopt al een bouw."), gr.Timer(active=True)

    with gr.Blocks(title="Metaalunie – vragen aan de beleidsdocumenten") as demo:
        seen = gr.State(-1)
        timer = gr.Timer(1.0, active=True)
        gr.Markdown("## Wat zegt Metaalunie?\nStel een vraag over de beleidsdocumenten van Koninklijke "
                    "Metaalunie. Elk antwoord toont de passages met document, datum en pagina; klik op een "
                    "bron om de pagina zelf te zien.")
        status = gr.Markdown(status_text())
        with gr.Tab("Vraag"):
            with gr.Row():
                question = gr.Textbox(label="Vraag", placeholder="Bijvoorbeeld: Wat vindt Metaalunie van netcongestie?",
                                      lines=1, max_lines=4, scale=5, elem_id="pqa-question", autofocus=True)
                ask_btn = gr.Button("Zoek", variant="primary", scale=1, elem_id="pqa-ask")
            gr.Examples(EXAMPLES, inputs=[question], label="Voorbeeldvragen")
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
                                          elem_id="pqa-page", buttons=["download", "fullscreen"],
                                          height=820)
        with gr.Tab("Documenten"):
            docs_html = gr.HTML(render_documents(engine.documents(), engine.problems(),
                                                 engine.retriever().index.manifest if engine.retriever() else None))
            rebuild_btn = gr.Button("Index bijwerken (na toevoegen of wijzigen van PDF's)", size="sm")
            rebuild_note = gr.Markdown("")
        _stance_tab(gr, engine)

        inputs = [question, doc_filter, kind_filter, year_filter]
        for trigger in (ask_btn.click, question.submit):
            trigger(ask_ui, inputs, [results, download], api_visibility="undocumented", concurrency_limit=8)
        results.click(show_page, None, [page_image, page_caption], api_visibility="undocumented",
                      concurrency_limit=4)
        timer.tick(refresh, [seen], [status, doc_filter, kind_filter, year_filter, docs_html, seen, timer],
                   api_visibility="undocumented", show_progress="hidden")
        rebuild_btn.click(rebuild_ui, None, [rebuild_note, timer], api_visibility="undocumented")
        gr.api(ask_api, api_name="ask", concurrency_limit=8)
    return demo


def _stance_tab(gr, engine: Engine) -> None:
    """The 'Standpunten' tab, when the stance explorer module is installed."""
    try:
        from .stance_ui import build_stance_tab
    except ImportError:
        return
    with gr.Tab("Standpunten"):
        try:
            build_stance_tab(engine.retriever, engine.settings)
        except Exception as exc:  # the main app must still start
            gr.Markdown(f"De standpunten kunnen niet worden getoond ({type(exc).__name__}: {exc}).")


# --- launching ---------------------------------------------------------------------------------------------


class ConfigError(Exception):
    """Bad launch configuration: printed as one line."""


def auth_from_env(environ=os.environ) -> list[tuple[str, str]] | None:
    """POLICY_QA_AUTH="user:password[,user2:password2]" turns on the login; unset means no login."""
    raw = environ.get("POLICY_QA_AUTH", "").strip()
    if not raw:
        return None
    pairs = []
    for item in raw.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise ConfigError('POLICY_QA_AUTH must look like "user:password" (several separated by commas)')
        pairs.append((user, password))
    return pairs


def server_address(environ=os.environ) -> tuple[str, int]:
    """Host and port: 127.0.0.1:7860 unless GRADIO_SERVER_NAME / GRADIO_SERVER_PORT say otherwise."""
    host = environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    raw = environ.get("GRADIO_SERVER_PORT") or "7860"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"GRADIO_SERVER_PORT must be a port number, not {raw!r}")
    return host, int(raw)


def main() -> int:
    """Start the engine (index in the background when needed) and serve the app until interrupted."""
    try:
        settings = Settings.from_env()
        auth = auth_from_env()
        host, port = server_address()
    except (ConfigError, ValueError) as exc:
        print(f"policy-qa app: error: {exc}", file=sys.stderr)
        return 2
    engine = Engine(settings)
    engine.start()
    demo = build_app(engine)

    def allow_new_pdfs(e: Engine) -> None:
        allowed = getattr(demo, "allowed_paths", None)
        for path in e.pdf_paths() if isinstance(allowed, list) else ():
            if path not in allowed:
                allowed.append(path)

    engine.on_swap.append(allow_new_pdfs)
    demo.queue(default_concurrency_limit=8)
    print(f"policy-qa app on http://{host}:{port}  ({engine.status})", flush=True)
    try:
        demo.launch(server_name=host, server_port=port, auth=auth, allowed_paths=engine.pdf_paths(),
                    auth_message="Log in met de gegevens uit POLICY_QA_AUTH." if auth else None,
                    css=CSS, show_error=False, ssr_mode=False, mcp_server=False, footer_links=["api"],
                    quiet=True)
    except OSError as exc:
        print(f"policy-qa app: error: cannot serve on {host}:{port} ({exc})", file=sys.stderr)
        return 1
    return 0
