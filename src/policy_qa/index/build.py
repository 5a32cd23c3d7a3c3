"""The indexing driver: corpus folder in, a new index folder swapped in; the previous one stays until then.

Files whose content and settings are unchanged keep their passages and vectors; nothing is encoded twice.
"""
from __future__ import annotations

import dataclasses
import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from ..config import Settings
from ..ingest.catalogue import CATALOGUE_FILE, CatalogueError, load_assistant, load_catalogue
from ..ingest.document import PdfProblem
from ..ingest.files import corpus_files, sha256_file
from ..ingest.worker import ingest_in_worker, stop_workers
from ..records import DocumentFacts, DocumentInfo, Passage, Problem
from . import swap
from .encoders import Encoder, encode_in_batches, get_encoder
from .crosslingual import Crosslingual, build_crosslingual
from .fingerprint import fingerprint
from .folder import FORMAT_VERSION, write_index
from .lexical import LexicalIndex
from .progress import Step, tracker
from .reuse import Previous, previous
from .sentences import build_sentence_vectors
from .staleness import catalogue_hash
from .vectors import DenseIndex, build_faiss

Progress = Callable[[str | Step], None]  # lines for the user, and Steps while encoding (rate, ETA)


class NothingToIndex(Exception):
    """The corpus holds no readable PDF: the previous index, if any, is left as it was."""


@dataclass(frozen=True)
class BuildReport:
    index_dir: Path
    documents: tuple[DocumentInfo, ...]
    problems: tuple[Problem, ...]
    passages: int
    encoded: int  # passages whose vectors were computed in this build (the rest were reused)
    reprocessed: tuple[str, ...]  # files read and cut again in this build
    seconds: float


@dataclass
class _Corpus:
    """What the file loop gathers (mutable while it runs)."""

    documents: list[DocumentInfo] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    reprocessed: list[str] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # sha256 → first file with that content


def build_index(settings: Settings, progress: Progress | None = None, encoder: Encoder | None = None) -> BuildReport:
    """Index the corpus into settings.index_dir; the previous index stays in place until the new one is complete."""
    say = progress or (lambda msg: None)
    t0 = time.perf_counter()
    index_dir = Path(settings.index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    encoder = encoder or get_encoder(settings.embedder)
    prints = fingerprint(settings)
    with swap.build_lock(index_dir, say):
        swap.recover(index_dir)
        old = previous(index_dir, prints, encoder.name)
        corpus = _read_corpus(settings, old, say)
        if not corpus.passages:
            skipped = sum(p.skipped for p in corpus.problems)
            raise NothingToIndex(
                f"nothing to index in {settings.corpus_dir}: no readable PDF"
                + (f" ({skipped} file{'s' * (skipped != 1)} skipped, see above)" if skipped else "")
                + ("; the previous index is kept" if old else ""))
        vectors, encoded = _passage_vectors(corpus.passages, encoder, old, say)
        sentences = build_sentence_vectors(corpus.passages, _sentence_encoder(encoder, say), encoder.dim,
                                           old.sentences)[:2]
        cross = _crosslingual(corpus.passages, encoder, settings.english_encoder_name, old, say)
        lexical = LexicalIndex.build([p.index_text() for p in corpus.passages])
        dense = DenseIndex(build_faiss(vectors))
        english = {"name": cross.english_encoder, "dim": int(cross.english_vectors.shape[1])} \
            if cross.english_vectors is not None and len(cross.english_vectors) else {}
        manifest = manifest_for(settings, corpus, encoder.name, int(vectors.shape[1]), prints, dense.kind, t0,
                                english_encoder=english, word_encoder={"name": cross.word_encoder})
        write_index(index_dir, manifest, corpus.passages, vectors, lexical, dense, sentences, cross)
    return BuildReport(index_dir, tuple(corpus.documents), tuple(corpus.problems), len(corpus.passages), encoded,
                       tuple(corpus.reprocessed), time.perf_counter() - t0)


def manifest_for(settings: Settings, corpus: "_Corpus", encoder_name: str, dim: int, prints: dict, dense_kind: str,
                 t0: float, **extra) -> dict:
    """The manifest of a finished build (any store adds its own keys via `extra`)."""
    return {
        "format_version": FORMAT_VERSION,
        **extra,
        "encoder": {"name": encoder_name, "dim": dim},
        "settings": prints,
        "dense_index": dense_kind,
        "catalogue_sha256": catalogue_hash(settings.corpus_dir),
        "assistant": _assistant(settings),
        "files": corpus.files,
        "documents": [d.to_dict() for d in corpus.documents],
        "problems": [dataclasses.asdict(p) for p in corpus.problems],
        "passages": len(corpus.passages),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "build_seconds": round(time.perf_counter() - t0, 3),
    }


def _assistant(settings: Settings) -> dict:
    try:
        return load_assistant(settings.corpus_dir).to_dict()
    except CatalogueError:
        return {}


def _read_corpus(settings: Settings, old: Previous, say: Progress) -> _Corpus:
    """Every corpus PDF read (or reused), in a stable order; problems recorded, never raised.

    The files to read are read several at once (`ingest_workers`, each in its own worker process) and taken in
    file order, so the result and the messages are those of reading them one by one.
    """
    corpus = _Corpus()
    try:
        catalogue = load_catalogue(settings.corpus_dir)
    except CatalogueError as exc:
        catalogue = {}
        corpus.problems.append(Problem(CATALOGUE_FILE, f"{exc}; titles fall back to the PDFs' own", skipped=False))
    files = []
    for path in corpus_files(settings.corpus_dir):
        rel = str(path.relative_to(settings.corpus_dir))
        try:
            digest = sha256_file(path)
        except OSError as exc:
            digest = exc
        files.append((path, rel, catalogue.get(rel) or catalogue.get(path.name), digest))
    todo, seen = [], set()
    for path, rel, entry, digest in files:
        if isinstance(digest, str) and digest not in seen and old.files.get((rel, digest)) is None:
            todo.append((path, rel, entry, digest))
        seen.add(digest)
    workers = max(1, min(len(todo), settings.ingest_workers or min(4, os.cpu_count() or 1)))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="policy-qa-ingest")
    threads: set[int] = set()
    stop = threading.Event()
    reading: dict[str, Future] = {}
    try:
        reading = {rel: pool.submit(_ingest, path, rel, entry, settings, digest, threads, stop)
                   for path, rel, entry, digest in todo}
        for path, rel, entry, digest in files:
            _read_file(corpus, old, rel, entry, digest, reading.get(rel), say)
    except BaseException:  # interrupted: files not started are dropped, the ones being read are stopped
        stop.set()
        _stop_reading(list(reading.values()), threads)  # before the threads end: an ended thread's reader is lost
        pool.shutdown(cancel_futures=True)
        raise
    stop_workers(threads)  # this build's readers are not used again: they go now, not after a minute idle
    pool.shutdown()
    return corpus


def _stop_reading(futures: list[Future], threads: set[int], rounds: int = 50) -> None:
    """Kill the readers until no file is being read: a thread that was starting its reader when the build was
    stopped gets it killed in the next round (a killed reader ends its file at once)."""
    pending = [f for f in futures if not f.done()]
    for _ in range(rounds):
        stop_workers(threads)
        if not pending:
            return
        wait(pending, timeout=0.2)
        pending = [f for f in pending if not f.done()]


def _ingest(path: Path, rel: str, entry: DocumentFacts | None, settings: Settings, digest: str, threads: set[int],
            stop: threading.Event):
    """(Ingested, "") or (None, why the file is skipped): one file in this thread's time-limited worker process."""
    threads.add(threading.get_ident())
    if stop.is_set():
        return None, "the build was interrupted"
    try:
        return ingest_in_worker(path, rel, entry, settings, sha256=digest), ""
    except PdfProblem as exc:
        return None, str(exc)
    except Exception as exc:  # a file must never take the whole build down
        return None, f"could not be processed ({type(exc).__name__}: {str(exc)[:120]})"


def _skip(corpus: _Corpus, rel: str, reason: str, say: Progress, meta: dict | None = None) -> None:
    corpus.problems.append(Problem(rel, reason))
    if meta is not None:
        corpus.files.append(meta)
    say(corpus.problems[-1].line())


def _read_file(corpus: _Corpus, old: Previous, rel: str, entry: DocumentFacts | None, digest: str | OSError,
               reading: Future | None, say: Progress) -> None:
    """One file into the corpus: deduplicated, reused from the old index or taken from its reading."""
    if isinstance(digest, OSError):
        return _skip(corpus, rel, f"cannot be read ({digest.strerror})", say)
    if digest in corpus.hashes:
        return _skip(corpus, rel, f"duplicate of {corpus.hashes[digest]} (same content); indexed once", say,
                     {"file": rel, "sha256": digest, "status": "duplicate"})
    corpus.hashes[digest] = rel
    reused = old.files.get((rel, digest))
    if reused is not None:
        info, passages = _apply_entry(reused.info, list(reused.passages), entry)
        problems = list(reused.problems)
    else:
        corpus.reprocessed.append(rel)
        ingested, reason = reading.result()
        if reason:
            return _skip(corpus, rel, reason, say, {"file": rel, "sha256": digest, "status": "skipped", "reason": reason})
        info, passages, problems = ingested.info, list(ingested.passages), list(ingested.problems)
    info, passages = _unique_id(info, passages, {d.doc_id for d in corpus.documents})
    corpus.problems.extend(problems)
    corpus.documents.append(info)
    corpus.passages.extend(passages)
    corpus.files.append({"file": rel, "sha256": digest, "status": "indexed", "doc_id": info.doc_id,
                         "pages": info.pages, "passages": info.passages,
                         "problems": [dataclasses.asdict(p) for p in problems]})
    say(f"{rel}: {info.pages} pages, {info.passages} passages" + (" (unchanged)" if reused else ""))
    for p in problems:
        say(p.line())


def _with_doc_id(passages: list[Passage], doc_id: str, **facts) -> list[Passage]:
    return [dataclasses.replace(p, doc_id=doc_id, passage_id=f"{doc_id}:{p.passage_id.rsplit(':', 1)[-1]}", **facts)
            for p in passages]


def _apply_entry(info: DocumentInfo, passages: list[Passage], entry: DocumentFacts | None):
    """Catalogue edits reach reused passages without reading the PDF again."""
    if entry is None:
        return info, passages
    facts = {**entry.facts(), "file": info.file}
    info = dataclasses.replace(info, **facts)
    return info, _with_doc_id(passages, entry.doc_id, title=entry.title, kind=entry.kind, date=entry.date)


def _unique_id(info: DocumentInfo, passages: list[Passage], used: set[str]):
    if info.doc_id not in used:
        return info, passages
    n = 2
    while f"{info.doc_id}-{n}" in used:
        n += 1
    new = f"{info.doc_id}-{n}"
    return dataclasses.replace(info, doc_id=new), _with_doc_id(passages, new)


def _sentence_encoder(encoder: Encoder, say: Progress):
    """The batched encoder call for sentence vectors, reporting its progress as "sentences" Steps."""
    return lambda texts: encode_in_batches(encoder, texts, done=tracker("sentences", len(texts), say))


def _crosslingual(passages: list[Passage], encoder: Encoder, english_name: str, old: Previous,
                  say: Progress) -> Crosslingual:
    """The corpus words' vectors (by the English encoder, else the index's) and, with an English encoder, its
    passage vectors; reused where unchanged."""
    texts = [p.index_text() for p in passages]
    english = get_encoder(english_name) if english_name else None
    word_encoder = english or encoder

    def words(todo: list[str]) -> np.ndarray:
        return encode_in_batches(word_encoder, todo, batch=512, done=tracker("words", len(todo), say), queries=True)

    known = [old.english_vector(english.name, t) for t in texts] if english else None
    todo_files = [p.file for p, k in zip(passages, known or []) if k is None]
    encode_english = (lambda todo: encode_in_batches(english, todo, done=tracker("english", len(todo), say,
                                                                                  todo_files))) if english else None
    known_words = old.words if old.word_encoder == word_encoder.name else {}
    return build_crosslingual(texts, words, known_words, english.name if english else "", encode_english, known,
                              word_encoder.name)


def _passage_vectors(passages: list[Passage], encoder: Encoder, old: Previous, say: Progress) -> tuple[np.ndarray, int]:
    """One vector per passage: reused where the old index has the same text, encoded otherwise."""
    known = [old.vector(encoder.name, p.index_text()) for p in passages]
    todo = [i for i, v in enumerate(known) if v is None]
    fresh = encode_in_batches(encoder, [passages[i].index_text() for i in todo],
                              done=tracker("passages", len(todo), say, [passages[i].file for i in todo]))
    out = np.zeros((len(passages), encoder.dim), dtype=np.float32)
    for i, v in enumerate(known):
        if v is not None:
            out[i] = v
    if todo:
        out[todo] = fresh
    return out, len(todo)
