"""The index directory as the unit of persistence: build it in a temporary folder, swap it in, load it back.

Layout: manifest.json, passages.jsonl, vectors.npy, dense.faiss, bm25/ (bm25s arrays and JSON). No pickle.
Files whose content and settings are unchanged keep their passages and vectors; nothing is encoded twice.
"""
from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from .catalogue import CATALOGUE_FILE, CatalogueError, load_catalogue
from .config import Settings
from .dense import (DenseIndex, SentenceVectors, build_faiss, build_sentence_vectors, load_sentence_vectors,
                    save_sentence_vectors)
from .encoders import Encoder, canonical_name, get_encoder
from .ingest import PdfProblem, ingest_file, sha256_file
from .lexical import LexicalIndex
from .models import DocumentInfo, Passage, Problem

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
Progress = Callable[[str], None]


class IndexUnavailable(Exception):
    """No usable index: the message says what is wrong and how to build one."""


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


@dataclass(frozen=True)
class LoadedIndex:
    """Everything search needs, read from one index directory."""

    directory: Path
    manifest: dict
    passages: tuple[Passage, ...]
    lexical: LexicalIndex
    dense: DenseIndex
    sentences: SentenceVectors | None = None  # per-sentence vectors (issue 5); None in older indexes

    @property
    def encoder_name(self) -> str:
        return self.manifest["encoder"]["name"]

    @property
    def documents(self) -> tuple[DocumentInfo, ...]:
        return tuple(DocumentInfo.from_dict(d) for d in self.manifest.get("documents", []))

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(Problem(**p) for p in self.manifest.get("problems", []))


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every PDF under the corpus folder (any case of '.pdf'), hidden files left out, in a stable order."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return []
    return sorted(
        p for p in corpus_dir.rglob("*")
        if p.is_file() and p.suffix.lower() == ".pdf"
        and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
    )


_PIPELINE_MODULES = ("pdf.py", "cleaning.py", "chunking.py", "ingest.py", "ocr.py", "lexical.py", "models.py")


def pipeline_version() -> str:
    """A hash of the code that turns PDFs into passages: an upgrade that cuts differently re-reads the files."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in _PIPELINE_MODULES:
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def _fingerprint(settings: Settings) -> dict:
    d = settings.index_affecting()
    d["embedder"] = canonical_name(settings.embedder)
    d["pipeline"] = pipeline_version()
    return d


def _catalogue_hash(corpus_dir: Path) -> str:
    path = Path(corpus_dir) / CATALOGUE_FILE
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def read_manifest(index_dir: Path) -> dict | None:
    _recover_if_idle(Path(index_dir))
    path = Path(index_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def staleness(settings: Settings) -> str | None:
    """Why the index must be (re)built, or None when it matches the corpus and the settings."""
    manifest = read_manifest(settings.index_dir)
    if manifest is None:
        return "no index yet" if not (settings.index_dir / MANIFEST).exists() else "the index manifest is damaged"
    if manifest.get("format_version") != FORMAT_VERSION:
        return "the index was written by another version"
    if manifest.get("settings") != _fingerprint(settings):
        return "the index was built with other settings or another encoder"
    if manifest.get("catalogue_sha256", "") != _catalogue_hash(settings.corpus_dir):
        return "the catalogue changed"
    recorded = {f["file"]: f["sha256"] for f in manifest.get("files", [])}
    current = {str(p.relative_to(settings.corpus_dir)): p for p in corpus_files(settings.corpus_dir)}
    if set(recorded) != set(current):
        return "files were added or removed"
    for rel, path in current.items():
        if sha256_file(path) != recorded[rel]:
            return f"{rel} changed"
    return None


def build_index(settings: Settings, progress: Progress | None = None, encoder: Encoder | None = None) -> BuildReport:
    """Index the corpus into settings.index_dir; the previous index stays in place until the new one is complete."""
    say = progress or (lambda msg: None)
    t0 = time.perf_counter()
    index_dir = Path(settings.index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    encoder = encoder or get_encoder(settings.embedder)
    fingerprint = _fingerprint(settings)
    with _build_lock(index_dir):
        _recover(index_dir)
        old = _previous(index_dir, fingerprint)
        problems: list[Problem] = []
        try:
            catalogue = load_catalogue(settings.corpus_dir)
        except CatalogueError as exc:
            catalogue = {}
            problems.append(Problem(CATALOGUE_FILE, f"{exc}; titles fall back to the PDFs' own", skipped=False))
        documents: list[DocumentInfo] = []
        passages: list[Passage] = []
        files_meta: list[dict] = []
        reprocessed: list[str] = []
        seen_hash: dict[str, str] = {}
        used_ids: set[str] = set()
        for path in corpus_files(settings.corpus_dir):
            rel = str(path.relative_to(settings.corpus_dir))
            try:
                digest = sha256_file(path)
            except OSError as exc:
                problems.append(Problem(rel, f"cannot be read ({exc.strerror})"))
                say(problems[-1].line())
                continue
            if digest in seen_hash:
                problems.append(Problem(rel, f"duplicate of {seen_hash[digest]} (same content); indexed once"))
                say(problems[-1].line())
                files_meta.append({"file": rel, "sha256": digest, "status": "duplicate"})
                continue
            seen_hash[digest] = rel
            entry = catalogue.get(rel) or catalogue.get(path.name)
            reused = old.get("by_file", {}).get((rel, digest)) if old else None
            if reused is not None:
                info, doc_passages, doc_problems = reused
                info, doc_passages = _apply_entry(info, doc_passages, entry)
            else:
                reprocessed.append(rel)
                try:
                    ingested = ingest_file(path, rel, entry, settings, sha256=digest)
                except PdfProblem as exc:
                    problems.append(Problem(rel, str(exc)))
                    files_meta.append({"file": rel, "sha256": digest, "status": "skipped", "reason": str(exc)})
                    say(f"SKIPPED {rel}: {exc}")
                    continue
                except Exception as exc:  # a file must never take the whole build down
                    reason = f"could not be processed ({type(exc).__name__}: {str(exc)[:120]})"
                    problems.append(Problem(rel, reason))
                    files_meta.append({"file": rel, "sha256": digest, "status": "skipped", "reason": reason})
                    say(f"SKIPPED {rel}: {reason}")
                    continue
                info, doc_passages, doc_problems = ingested.info, list(ingested.passages), list(ingested.problems)
            info, doc_passages = _unique_id(info, doc_passages, used_ids)
            used_ids.add(info.doc_id)
            problems.extend(doc_problems)
            documents.append(info)
            passages.extend(doc_passages)
            files_meta.append({
                "file": rel, "sha256": digest, "status": "indexed", "doc_id": info.doc_id,
                "pages": info.pages, "passages": info.passages,
                "problems": [dataclasses.asdict(p) for p in doc_problems],
            })
            say(f"{rel}: {info.pages} pages, {info.passages} passages" + (" (unchanged)" if reused else ""))
            for p in doc_problems:
                say(p.line())

        if not passages:
            skipped = sum(p.skipped for p in problems)
            raise NothingToIndex(
                f"nothing to index in {settings.corpus_dir}: no readable PDF"
                + (f" ({skipped} file{'s' * (skipped != 1)} skipped, see above)" if skipped else "")
                + ("; the previous index is kept" if old else ""))
        vectors, encoded = _vectors(passages, encoder, old, say)
        sentences = build_sentence_vectors(passages, encoder, index_dir if old else None)[:2]
        lexical = LexicalIndex.build([p.index_text() for p in passages])
        dense = DenseIndex(build_faiss(vectors))
        manifest = {
            "format_version": FORMAT_VERSION,
            "encoder": {"name": encoder.name, "dim": int(vectors.shape[1])},
            "settings": fingerprint,
            "dense_index": dense.kind,
            "catalogue_sha256": _catalogue_hash(settings.corpus_dir),
            "files": files_meta,
            "documents": [d.to_dict() for d in documents],
            "problems": [dataclasses.asdict(p) for p in problems],
            "passages": len(passages),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "build_seconds": round(time.perf_counter() - t0, 3),
        }
        _write(index_dir, manifest, passages, vectors, lexical, dense, sentences)
    return BuildReport(index_dir, tuple(documents), tuple(problems), len(passages), encoded,
                       tuple(reprocessed), time.perf_counter() - t0)


def load_index(index_dir: Path, attempts: int = 3) -> LoadedIndex:
    """Read an index directory; IndexUnavailable (never a traceback) when it is missing or damaged.

    A build may swap the folder while it is read: then reading starts again on the new folder.
    """
    index_dir = Path(index_dir)
    for attempt in range(attempts):
        _wait_for_swap(index_dir)
        before = _identity(index_dir)
        try:
            return _load_once(index_dir)
        except IndexUnavailable:
            if attempt + 1 == attempts or (_identity(index_dir) == before and not _build_running(index_dir)):
                raise
            time.sleep(0.2)
    raise AssertionError("unreachable")


def _load_once(index_dir: Path) -> LoadedIndex:
    """One attempt at reading the index folder."""
    how = f"build it with: policy-qa index --index {index_dir}"
    if not (index_dir / MANIFEST).exists():
        raise IndexUnavailable(f"no index at {index_dir}; {how}")
    try:
        manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexUnavailable(f"the index at {index_dir} was written by another version; rebuild it with: policy-qa index")
        passages = tuple(_read_passages(index_dir / "passages.jsonl"))
        if len(passages) != manifest["passages"]:
            raise ValueError("passages.jsonl does not match the manifest")
        lexical = LexicalIndex.load(index_dir / "bm25", len(passages))
        dense = DenseIndex.load(index_dir / "dense.faiss")
        if dense.index.ntotal != len(passages):
            raise ValueError("dense.faiss does not match the manifest")
    except IndexUnavailable:
        raise
    except Exception as exc:
        raise IndexUnavailable(f"the index at {index_dir} is damaged ({type(exc).__name__}: {str(exc)[:100]}); {how}") from None
    return LoadedIndex(index_dir, manifest, passages, lexical, dense, load_sentence_vectors(index_dir, len(passages)))


# --- helpers ---------------------------------------------------------------------------------------------


def _read_passages(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield Passage.from_dict(json.loads(line))


def _text_key(encoder_name: str, text: str) -> str:
    return hashlib.sha1(f"{encoder_name}\x00{text}".encode()).hexdigest()


def _previous(index_dir: Path, fingerprint: dict) -> dict | None:
    """What the last good index can lend this build: per-file results and vectors by text."""
    manifest = read_manifest(index_dir)
    if not manifest or manifest.get("format_version") != FORMAT_VERSION:
        return None
    try:
        passages = list(_read_passages(index_dir / "passages.jsonl"))
        vectors = np.load(index_dir / "vectors.npy", allow_pickle=False)
    except Exception:
        return None
    if len(vectors) != len(passages):
        return None
    encoder_name = manifest["encoder"]["name"]
    out: dict = {"vectors": {_text_key(encoder_name, p.index_text()): vectors[i] for i, p in enumerate(passages)},
                 "encoder": encoder_name}
    if manifest.get("settings") == fingerprint:
        docs = {d["file"]: DocumentInfo.from_dict(d) for d in manifest.get("documents", [])}
        by_file: dict = {}
        for f in manifest.get("files", []):
            if f.get("status") == "indexed" and f["file"] in docs:
                doc_passages = [p for p in passages if p.file == f["file"]]
                probs = [Problem(**p) for p in f.get("problems", [])]
                by_file[(f["file"], f["sha256"])] = (docs[f["file"]], doc_passages, probs)
        out["by_file"] = by_file
    return out


def _apply_entry(info: DocumentInfo, passages: list[Passage], entry) -> tuple[DocumentInfo, list[Passage]]:
    """Catalogue edits reach reused passages without reading the PDF again."""
    if entry is None:
        return info, passages
    info = dataclasses.replace(info, doc_id=entry.doc_id, title=entry.title, kind=entry.kind, date=entry.date,
                               organisation=entry.organisation, description=entry.description)
    passages = [dataclasses.replace(p, doc_id=entry.doc_id, title=entry.title, kind=entry.kind, date=entry.date,
                                    passage_id=f"{entry.doc_id}:{p.passage_id.rsplit(':', 1)[-1]}") for p in passages]
    return info, passages


def _unique_id(info: DocumentInfo, passages: list[Passage], used: set[str]) -> tuple[DocumentInfo, list[Passage]]:
    if info.doc_id not in used:
        return info, passages
    n = 2
    while f"{info.doc_id}-{n}" in used:
        n += 1
    new = f"{info.doc_id}-{n}"
    return (dataclasses.replace(info, doc_id=new),
            [dataclasses.replace(p, doc_id=new, passage_id=f"{new}:{p.passage_id.rsplit(':', 1)[-1]}") for p in passages])


def _vectors(passages: list[Passage], encoder: Encoder, old: dict | None, say: Progress) -> tuple[np.ndarray, int]:
    known = old["vectors"] if old and old.get("encoder") == encoder.name else {}
    keys = [_text_key(encoder.name, p.index_text()) for p in passages]
    todo = [i for i, k in enumerate(keys) if k not in known]
    fresh: dict[int, np.ndarray] = {}
    batch = 64
    for start in range(0, len(todo), batch):
        ids = todo[start:start + batch]
        vecs = encoder.encode_passages([passages[i].index_text() for i in ids])
        fresh.update(zip(ids, vecs))
        say(f"encoded {min(start + batch, len(todo))}/{len(todo)} passages")
    dim = encoder.dim
    out = np.zeros((len(passages), dim), dtype=np.float32)
    for i, k in enumerate(keys):
        out[i] = fresh[i] if i in fresh else known[k]
    return out, len(todo)


def _write(index_dir: Path, manifest: dict, passages: list[Passage], vectors: np.ndarray,
           lexical: LexicalIndex, dense: DenseIndex, sentences: tuple | None = None) -> None:
    tmp = index_dir.parent / f".{index_dir.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with open(tmp / "passages.jsonl", "w", encoding="utf-8") as fh:
        for p in passages:
            fh.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
    np.save(tmp / "vectors.npy", vectors, allow_pickle=False)
    (tmp / "bm25").mkdir()
    lexical.save(tmp / "bm25")
    dense.save(tmp / "dense.faiss")
    if sentences is not None:
        save_sentence_vectors(tmp, *sentences)
    # The manifest goes last: a folder without one is never mistaken for an index.
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    for f in tmp.rglob("*"):
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    _swap(tmp, index_dir)


def _old_path(index_dir: Path) -> Path:
    return index_dir.parent / f".{index_dir.name}.old"


def _swap(tmp: Path, index_dir: Path) -> None:
    """Replace index_dir by tmp; if interrupted between the renames, _recover puts the old one back."""
    old = _old_path(index_dir)
    shutil.rmtree(old, ignore_errors=True)
    if index_dir.exists():
        os.rename(index_dir, old)
    os.rename(tmp, index_dir)
    shutil.rmtree(old, ignore_errors=True)


def _identity(index_dir: Path) -> tuple[int, int] | None:
    """Inode and mtime of the index folder: a change means a build swapped in a new one."""
    try:
        st = os.stat(index_dir / MANIFEST)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def _lock_path(index_dir: Path) -> Path:
    return index_dir.parent / f".{index_dir.name}.lock"


def _build_running(index_dir: Path) -> bool:
    """Another process (or this one) holds the build lock of this index folder."""
    lock = _lock_path(index_dir)
    if not lock.exists():
        return False
    try:
        with open(lock, "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(fh, fcntl.LOCK_UN)
    except OSError:
        return False
    return False


def _wait_for_swap(index_dir: Path, seconds: float = 5.0) -> None:
    """While a running build swaps folders the index is briefly absent: wait for it, else recover."""
    deadline = time.monotonic() + seconds
    while not (index_dir / MANIFEST).exists() and _build_running(index_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    _recover_if_idle(index_dir)


def _recover_if_idle(index_dir: Path) -> None:
    """Recover after a killed build, but never under a build that is running (it owns the folders)."""
    if not _build_running(index_dir):
        _recover(index_dir)


def _recover(index_dir: Path) -> None:
    """After a build killed mid-swap, bring the previous index back; remove leftovers of killed builds."""
    old = _old_path(index_dir)
    if not index_dir.exists() and (old / MANIFEST).exists():
        with contextlib.suppress(OSError):
            os.rename(old, index_dir)
    for leftover in index_dir.parent.glob(f".{index_dir.name}.tmp-*") if index_dir.parent.exists() else []:
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _build_lock(index_dir: Path):
    """One build at a time per index folder (the app and the CLI may both try)."""
    with open(_lock_path(index_dir), "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
