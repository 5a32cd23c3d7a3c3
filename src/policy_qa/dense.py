"""The FAISS vector index over passage embeddings: exact inner product while small, HNSW when large."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

EXACT_LIMIT = 20_000  # vectors; above this an HNSW graph keeps queries fast
HNSW_M = 32
HNSW_EF_SEARCH = 128


def build_faiss(vectors: np.ndarray, exact_limit: int = EXACT_LIMIT) -> faiss.Index:
    """An inner-product index (vectors are L2-normalised, so scores are cosines)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = vectors.shape[1]
    if len(vectors) <= exact_limit:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = HNSW_EF_SEARCH
    if len(vectors):
        index.add(vectors)
    return index


class DenseIndex:
    """Search passage vectors by a query vector, optionally only among allowed passage ids."""

    def __init__(self, index: faiss.Index) -> None:
        self.index = index

    @property
    def kind(self) -> str:
        return "hnsw" if isinstance(self.index, faiss.IndexHNSWFlat) else "exact"

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids), best first; ids are passage positions."""
        n = self.index.ntotal
        if n == 0 or k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return np.zeros(0, np.float32), np.zeros(0, np.int64)
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            params = (
                faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
                if self.kind == "hnsw"
                else faiss.SearchParameters(sel=selector)
            )
        scores, ids = self.index.search(q, min(k, n), params=params)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> "DenseIndex":
        return cls(faiss.read_index(str(path)))


# --- sentence vectors: a passage also scores by its best sentence (long passages dilute one matching line) ---

SENTENCES_FILE = "sentence_vectors.npy"  # float16, one row per sentence, passages in order
OFFSETS_FILE = "sentence_offsets.npy"  # int64, n_passages + 1: passage i owns rows offsets[i]:offsets[i+1]
SENTENCE_SHARE = 0.5  # dense score = (1 - share) * passage cosine + share * best sentence cosine


def passage_sentences(passage) -> list[str]:
    """The sentences of a passage, each prefixed by the section title; one-sentence passages give none."""
    from .answer import sentences

    parts = sentences(passage.text)
    if len(parts) < 2:
        return []
    head = f"{passage.section}\n" if passage.section else ""
    return [head + s for s in parts]


@dataclass(frozen=True)
class SentenceVectors:
    """Sentence vectors grouped by passage (memory-mapped: only the candidates' rows are read)."""

    vectors: np.ndarray
    offsets: np.ndarray

    def best(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """For each passage id, the best sentence cosine (NaN when the passage has no sentence vectors)."""
        out = np.full(len(ids), np.nan, dtype=np.float32)
        q = np.asarray(query, dtype=np.float32)
        for j, pid in enumerate(ids):
            lo, hi = int(self.offsets[pid]), int(self.offsets[pid + 1])
            if hi > lo:
                out[j] = float(np.max(np.asarray(self.vectors[lo:hi], dtype=np.float32) @ q))
        return out

    def rescore(self, query: np.ndarray, ids: np.ndarray, scores: np.ndarray,
                share: float = SENTENCE_SHARE) -> tuple[np.ndarray, np.ndarray]:
        """Mix passage cosines with best-sentence cosines and re-sort (scores, ids), best first."""
        if len(ids) == 0:
            return scores, ids
        best = self.best(query, ids)
        mixed = np.where(np.isnan(best), scores, (1 - share) * scores + share * best).astype(np.float32)
        order = np.argsort(-mixed, kind="stable")
        return mixed[order], np.asarray(ids)[order]


def build_sentence_vectors(passages, encoder, old_dir: Path | None = None,
                           batch: int = 64) -> tuple[np.ndarray, np.ndarray, int]:
    """(vectors, offsets, encoded): sentence vectors for every passage, reusing an old index's where texts match."""
    reuse = _old_sentences(old_dir, encoder.name) if old_dir else {}
    groups: list[np.ndarray | None] = []
    todo: list[tuple[int, list[str]]] = []
    for i, p in enumerate(passages):
        key = (p.index_text(), p.section)
        groups.append(reuse.get(key))
        if groups[-1] is None:
            todo.append((i, passage_sentences(p)))
    texts = [s for _, ss in todo for s in ss]
    fresh = [encoder.encode_passages(texts[k:k + batch]) for k in range(0, len(texts), batch)]
    flat = np.concatenate(fresh) if fresh else np.zeros((0, encoder.dim), np.float32)
    pos = 0
    for i, ss in todo:
        groups[i] = flat[pos:pos + len(ss)]
        pos += len(ss)
    sizes = [len(g) for g in groups]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    rows = [g for g in groups if len(g)]
    vectors = np.concatenate(rows).astype(np.float16) if rows else np.zeros((0, encoder.dim), np.float16)
    return vectors, offsets, len(texts)


def _old_sentences(old_dir: Path, encoder_name: str) -> dict:
    """Sentence vectors of the previous index by (index text, section), when it used the same encoder."""
    import json

    try:
        manifest = json.loads((old_dir / "manifest.json").read_text(encoding="utf-8"))
        if manifest["encoder"]["name"] != encoder_name:
            return {}
        loaded = load_sentence_vectors(old_dir)
        if loaded is None:
            return {}
        from .models import Passage

        out = {}
        with open(old_dir / "passages.jsonl", encoding="utf-8") as fh:
            for i, line in enumerate(l for l in fh if l.strip()):
                p = Passage.from_dict(json.loads(line))
                out[(p.index_text(), p.section)] = np.asarray(
                    loaded.vectors[loaded.offsets[i]:loaded.offsets[i + 1]], dtype=np.float16)
        return out
    except Exception:  # an unreadable old index only means nothing is reused
        return {}


def save_sentence_vectors(directory: Path, vectors: np.ndarray, offsets: np.ndarray) -> None:
    np.save(directory / SENTENCES_FILE, vectors, allow_pickle=False)
    np.save(directory / OFFSETS_FILE, offsets, allow_pickle=False)


def load_sentence_vectors(directory: Path, passages: int | None = None) -> SentenceVectors | None:
    """The index's sentence vectors, or None for an index built without them (passage vectors only)."""
    directory = Path(directory)
    if not (directory / SENTENCES_FILE).exists() or not (directory / OFFSETS_FILE).exists():
        return None
    try:
        offsets = np.load(directory / OFFSETS_FILE, allow_pickle=False)
        vectors = np.load(directory / SENTENCES_FILE, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError):  # damaged: search falls back to passage vectors
        return None
    if (passages is not None and len(offsets) != passages + 1) or offsets[-1] != len(vectors):
        return None
    return SentenceVectors(vectors, offsets)
