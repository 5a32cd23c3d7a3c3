"""The index folder on disk: what it holds, how it is written (then swapped in) and read back. No pickle.

Layout: manifest.json (written last), passages.jsonl, vectors.npy, sentence vectors, dense.faiss, bm25/, the
cross-lingual files (vocabulary, English-encoder vectors), and the
marker file .policy-qa-index that tells builds and `make clean` the folder is ours to replace.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..ingest.catalogue import Assistant
from ..records import DocumentInfo, Passage, Problem
from . import swap
from .crosslingual import Crosslingual, load_crosslingual, save_crosslingual, word_encoder_of
from .lexical import LexicalIndex
from .sentences import SentenceVectors, load_sentence_vectors, save_sentence_vectors
from .vectors import DenseIndex

FORMAT_VERSION = 1
MANIFEST = swap.MANIFEST
PASSAGES = "passages.jsonl"
VECTORS = "vectors.npy"


class IndexUnavailable(Exception):
    """No usable index: the message says what is wrong and how to build one."""


class ManifestFacts:
    """What every store's loaded index reads from its manifest: encoder, documents, problems, assistant."""

    manifest: dict

    @property
    def encoder_name(self) -> str:
        return self.manifest["encoder"]["name"]

    @property
    def documents(self) -> tuple[DocumentInfo, ...]:
        return tuple(DocumentInfo.from_dict(d) for d in self.manifest.get("documents", []))

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(Problem(**p) for p in self.manifest.get("problems", []))

    @property
    def assistant(self) -> Assistant:
        return Assistant.from_dict(self.manifest.get("assistant"))


@dataclass(frozen=True)
class LoadedIndex(ManifestFacts):
    """Everything search needs, read from one index directory."""

    directory: Path
    manifest: dict
    passages: tuple[Passage, ...]
    lexical: LexicalIndex
    dense: DenseIndex
    sentences: SentenceVectors | None = None  # per-sentence vectors; None in older indexes
    crosslingual: Crosslingual | None = None  # for English questions; None in older indexes


def manifest_problem(manifest) -> str | None:
    """What is wrong with the shape of a manifest (valid JSON can still be no index manifest), or None."""
    if not isinstance(manifest, dict):
        return "manifest.json is not an object"
    if not isinstance(manifest.get("encoder"), dict) or not isinstance(manifest["encoder"].get("name"), str):
        return "manifest.json names no encoder"
    if not isinstance(manifest.get("passages"), int):
        return "manifest.json has no passage count"
    for key in ("files", "documents", "problems"):
        value = manifest.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return f"manifest.json: '{key}' is not a list of objects"
    if not all(isinstance(f.get("file"), str) and isinstance(f.get("sha256"), str) for f in manifest.get("files", [])):
        return "manifest.json: a file entry lacks its name or hash"
    try:
        for d in manifest.get("documents", []):
            DocumentInfo.from_dict(d)
        for p in manifest.get("problems", []):
            Problem(**p)
    except TypeError:
        return "manifest.json: a document or problem entry is incomplete"
    return None


def read_manifest(index_dir: Path) -> dict | None:
    """The manifest of the index at `index_dir`, or None when there is none, it cannot be read or has a wrong shape."""
    swap.recover_if_idle(Path(index_dir))
    try:
        manifest = json.loads((Path(index_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return None if manifest_problem(manifest) else manifest


def read_passages(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield Passage.from_dict(json.loads(line))


def read_vectors(index_dir: Path) -> np.ndarray:
    return np.load(Path(index_dir) / VECTORS, allow_pickle=False)


def write_index(index_dir: Path, manifest: dict, passages: list[Passage], vectors: np.ndarray,
                lexical: LexicalIndex, dense: DenseIndex, sentences: tuple[np.ndarray, np.ndarray] | None,
                crosslingual: Crosslingual | None = None) -> None:
    """Write every file to a hidden sibling folder, fsync, then swap it in; the manifest goes last."""
    tmp = swap.tmp_path(index_dir)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with open(tmp / PASSAGES, "w", encoding="utf-8") as fh:
        for p in passages:
            fh.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
    np.save(tmp / VECTORS, vectors, allow_pickle=False)
    (tmp / "bm25").mkdir()
    lexical.save(tmp / "bm25")
    dense.save(tmp / "dense.faiss")
    if sentences is not None:
        save_sentence_vectors(tmp, *sentences)
    if crosslingual is not None:
        save_crosslingual(tmp, crosslingual)
    (tmp / swap.MARKER).write_text(swap.MARKER_TEXT, encoding="utf-8")
    # The manifest goes last: a folder without one is never mistaken for an index.
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    for f in tmp.rglob("*"):
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    swap.swap(tmp, index_dir)


def load_index(index_dir: Path, attempts: int = 3) -> LoadedIndex:
    """Read an index directory; IndexUnavailable (never a traceback) when it is missing or damaged.

    A build may swap the folder while it is read: then reading starts again on the new folder.
    """
    index_dir = Path(index_dir)
    for attempt in range(attempts):
        swap.wait_for_swap(index_dir)
        before = swap.identity(index_dir)
        try:
            return _load_once(index_dir)
        except IndexUnavailable:
            if attempt + 1 == attempts or (swap.identity(index_dir) == before and not swap.build_running(index_dir)):
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
        if manifest_problem(manifest):
            raise ValueError(manifest_problem(manifest))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexUnavailable(f"the index at {index_dir} was written by another version; rebuild it with: policy-qa index")
        passages = tuple(read_passages(index_dir / PASSAGES))
        if len(passages) != manifest["passages"]:
            raise ValueError("passages.jsonl does not match the manifest")
        lexical = LexicalIndex.load(index_dir / "bm25", len(passages))
        dense = DenseIndex.load(index_dir / "dense.faiss")
        if dense.index.ntotal != len(passages):
            raise ValueError("dense.faiss does not match the manifest")
        english = (manifest.get("english_encoder") or {}).get("name", "")
        loaded = LoadedIndex(index_dir, manifest, passages, lexical, dense,
                             load_sentence_vectors(index_dir, len(passages)),
                             load_crosslingual(index_dir, len(passages), english, word_encoder_of(manifest)))
    except IndexUnavailable:
        raise
    except Exception as exc:
        raise IndexUnavailable(f"the index at {index_dir} is damaged ({type(exc).__name__}: {str(exc)[:100]}); {how}") from None
    return loaded
