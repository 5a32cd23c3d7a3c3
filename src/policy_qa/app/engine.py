"""The app's engine: the retriever answering now, background (re)builds, and the files the app may serve.

A build runs in a background thread while the previous index keeps answering; the new one is swapped in whole.
Several app processes (replicas) may serve one index folder: each watches the manifest's identity and swaps in an
index that another process (the CLI or another replica) wrote, without a restart and without a failed request.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from ..answers.extract import ask
from ..config import Settings
from ..index import swap
from ..index.folder import IndexUnavailable
from ..index.store import build as build_index
from ..index.store import open_index
from ..index.store import stale as staleness
from ..ingest.catalogue import Assistant, CatalogueError, load_assistant
from ..index.analysis import is_english
from ..records import Answer, DocumentInfo, Passage, Problem
from ..search.retriever import Filters, Retriever
from ..stance.explorer import stance_index
from ..usage.log import LogError, QuestionLog
from .links import corpus_pdf

log = logging.getLogger("policy_qa.app")

NOT_READY = "De index wordt nog gebouwd; probeer het over een ogenblik opnieuw."
REBUILD_EVERY_S = 30.0  # at most one rebuild asked for by a user per this many seconds
WATCH_SECONDS = 1.0  # how often a replica looks for an index written by another process (one stat call)


class NotReady(RuntimeError):
    """No index loaded yet."""


def warm(retriever: Retriever) -> None:
    """Load the encoder and encode the stance positions before a fresh index answers (no slow first request)."""
    retriever.warm_up()
    stance_index(retriever.index, retriever.encoder).vectors()


class Engine:
    """Holds the current Retriever and swaps in a new one when a background build finishes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._retriever: Retriever | None = None
        self._by_id: dict[str, Passage] = {}
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.status = "De app start…"
        self.generation = 0  # bumped at every swap so the page can refresh what depends on the index
        self.on_swap: list = []  # callbacks run after a new index is swapped in
        self.questions = QuestionLog(settings.question_log) if settings.question_log else None
        self._last_request = -REBUILD_EVERY_S
        self._identity: tuple[int, int] | None = None  # manifest identity of the index answering now
        self._refused: tuple[int, int] | None = None  # an index folder that failed to load (not retried)

    def retriever(self) -> Retriever | None:
        """The retriever answering now (None until the first index is loaded)."""
        return self._retriever

    @property
    def building(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Load the index that is there (even if stale) and build a fresh one in the background when needed."""
        try:
            self._swap(*self._load())
        except IndexUnavailable:
            pass
        threading.Thread(target=self._watch, daemon=True, name="index-watch").start()
        reason = staleness(self.settings)
        if reason is not None:
            self.rebuild(reason)
        else:
            self.status = "Klaar."
            threading.Thread(target=self._warm, daemon=True, name="warm-up").start()

    def may_rebuild_on_request(self, now: float | None = None) -> float:
        """Seconds until a user may ask for a rebuild again (0: now); staleness hashes the whole corpus."""
        now = time.monotonic() if now is None else now
        wait = self._last_request + REBUILD_EVERY_S - now
        if wait > 0:
            return wait
        self._last_request = now
        return 0.0

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
        if not Path(self.settings.corpus_dir).is_dir():
            self.status = f"De map met documenten bestaat niet: {self.settings.corpus_dir}"
            return
        old = " Vragen worden intussen beantwoord uit de vorige index." if self._retriever else ""
        try:
            build_index(self.settings, progress=lambda msg: self._progress(reason, msg, old))
            fresh, identity = self._load()
            self.status = "Het taalmodel wordt geladen…" + old
            warm(fresh)
            self._swap(fresh, identity)
            self.status = "Klaar: de index is bijgewerkt."
        except Exception as exc:  # report, keep serving the old index; the log has the traceback
            log.exception("index build failed (%s)", reason)
            self.status = f"Bouwen van de index is mislukt: {type(exc).__name__}: {str(exc)[:200]}.{old}"

    def _progress(self, reason: str, msg, old: str) -> None:  # msg: a line or an encoding Step (rate, ETA)
        self.status = f"De index wordt gebouwd ({reason}): {msg}.{old}"

    def _load(self) -> tuple[Retriever, tuple[int, int] | None]:
        """A retriever for the index folder as it is now, with the manifest identity seen before reading it."""
        identity = swap.identity(self.settings.index_dir)
        return Retriever(open_index(self.settings), self.settings), identity

    def _watch(self) -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            try:
                self.pick_up()
            except Exception as exc:  # the watcher must outlive any surprise; the old index keeps answering
                self.status = f"Een nieuwe index kon niet worden geladen ({type(exc).__name__}: {str(exc)[:200]})."

    def pick_up(self) -> bool:
        """Swap in an index another process wrote into the folder; True when one was swapped in.

        Requests keep using the retriever they started with; the old one is dropped once they finish.
        """
        now = swap.identity(self.settings.index_dir)
        if self.building or now is None or now in (self._identity, self._refused):
            return False
        try:
            fresh, identity = self._load()
            warm(fresh)
        except IndexUnavailable as exc:
            self._refused = now  # e.g. damaged or from another version: keep answering from the old one
            self.status = f"De nieuwe index in de map is niet bruikbaar ({exc}); de vorige blijft antwoorden."
            return False
        if self.building:  # our own build started meanwhile: it swaps in its result itself
            return False
        self._swap(fresh, identity)
        self.status = "Klaar: een nieuwe index (gebouwd door een ander proces) is overgenomen."
        return True

    def _swap(self, retriever: Retriever, identity: tuple[int, int] | None = None) -> None:
        self._by_id = {p.passage_id: p for p in retriever.index.passages}
        self._retriever = retriever
        self._identity = identity
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

    def manifest(self) -> dict | None:
        r = self._retriever
        return r.index.manifest if r else None

    def assistant(self) -> Assistant:
        """Whom the documents speak for and the example questions (the catalogue's [assistant] table)."""
        try:
            return load_assistant(self.settings.corpus_dir)
        except CatalogueError:
            return Assistant()

    def own_words(self) -> frozenset[str]:
        """The organisation's own name words, which questions carry but searches and highlights ignore."""
        r = self._retriever
        return r.own_words if r else frozenset()

    def pdf_path(self, rel: str) -> Path | None:
        """The absolute path of an indexed corpus PDF, or None: never a file outside the corpus folder."""
        return corpus_pdf(self.settings.corpus_dir, rel, {d.file for d in self.documents()})

    def pdf_paths(self) -> list[str]:
        """Every indexed PDF: the only files the app serves directly."""
        return [str(p) for p in (self.pdf_path(d.file) for d in self.documents()) if p]

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        """Answer with the current index; NotReady while there is none, EmptyQuestion for blank input."""
        r = self._retriever
        if r is None:
            raise NotReady(NOT_READY)
        return ask(r, question, self.settings.top_k, filters)

    def record(self, answer: Answer, user: str | None = None) -> int | None:
        """Log an answered question (when the log is on); a log problem never breaks an answer."""
        r = self._retriever
        if self.questions is None or r is None:
            return None
        try:
            return self.questions.log_question(
                answer.question, "en" if is_english(answer.question) else "nl", answer.confidence,
                answer.answerable, [h.passage.passage_id for h in answer.results], user,
                r.query_vector(answer.question))
        except LogError as exc:
            log.warning("question not logged: %s", exc)
            return None

    def latest_question(self, question: str, user: str | None = None) -> int:
        """The log id of the latest time `question` was asked (by `user`, when logged in); LogError if never."""
        if self.questions is None:
            raise LogError("the question log is switched off (POLICY_QA_LOG=0)")
        qid = self.questions.latest(" ".join(str(question).split()), user)
        if qid is None:
            raise LogError(f"this question was not asked (or not logged): {question[:80]!r}")
        return qid

    def feedback(self, question_id: int, target: str, correct: bool, user: str | None = None) -> None:
        """Record "klopt" / "klopt niet" on an answer ('answer') or a passage id; LogError when it cannot."""
        if self.questions is None:
            raise LogError("the question log is switched off (POLICY_QA_LOG=0)")
        passage = self.passage(target) if target != "answer" else None
        if target != "answer" and passage is None:
            raise LogError(f"unknown passage {target!r}")
        self.questions.add_feedback(question_id, target, correct, user, passage.text if passage else None)
