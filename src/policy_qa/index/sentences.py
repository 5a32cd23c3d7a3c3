"""Sentence vectors: a passage also scores by its best sentence, since long passages dilute one matching line.

Stored beside the passage vectors as float16 rows (memory-mapped) and int64 offsets per passage.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..text import sentences

SENTENCES_FILE = "sentence_vectors.npy"  # float16, one row per sentence, passages in order
OFFSETS_FILE = "sentence_offsets.npy"  # int64, n_passages + 1: passage i owns rows offsets[i]:offsets[i+1]
SENTENCE_SHARE = 0.5  # dense score = (1 - share) * passage cosine + share * best sentence cosine


def passage_sentences(passage) -> list[str]:
    """The sentences of a passage, each prefixed by the section title; one-sentence passages give none."""
    parts = sentences(passage.text)
    if len(parts) < 2:
        return []
    head = f"{passage.section}\n" if passage.section else ""
    return [head + s for s in parts]


def sentence_key(passage) -> tuple[str, str]:
    """What decides a passage's sentence vectors: its indexed text and its section."""
    return passage.index_text(), passage.section


@dataclass(frozen=True)
class SentenceVectors:
    """Sentence vectors grouped by passage (memory-mapped: only the candidates' rows are read)."""

    vectors: np.ndarray
    offsets: np.ndarray

    def rows(self, pid: int) -> np.ndarray:
        return self.vectors[int(self.offsets[pid]):int(self.offsets[pid + 1])]

    def best(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """For each passage id, the best sentence cosine (NaN when the passage has no sentence vectors).

        One gather and one product for all candidates: a loop over them cost ~10% of a question under load.
        """
        ids = np.asarray(ids, dtype=np.int64)
        out = np.full(len(ids), np.nan, dtype=np.float32)
        starts = np.asarray(self.offsets[ids], dtype=np.int64)
        counts = np.asarray(self.offsets[ids + 1], dtype=np.int64) - starts
        has = counts > 0
        if not has.any():
            return out
        starts, counts = starts[has], counts[has]
        first = np.zeros(len(counts), dtype=np.int64)  # where each passage's rows begin in the gathered block
        np.cumsum(counts[:-1], out=first[1:])
        rows = np.repeat(starts - first, counts) + np.arange(int(counts.sum()))
        cos = np.asarray(self.vectors[rows], dtype=np.float32) @ np.asarray(query, dtype=np.float32)
        out[has] = np.maximum.reduceat(cos, first)
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


def build_sentence_vectors(passages, encode, dim: int, reuse: dict | None = None) -> tuple[np.ndarray, np.ndarray, int]:
    """(vectors, offsets, encoded): sentence vectors for every passage, reusing `reuse[sentence_key]` where given.

    `encode` turns a list of texts into normalised vectors (the build's batched encoder call).
    """
    reuse = reuse or {}
    groups: list[np.ndarray | None] = []
    todo: list[tuple[int, list[str]]] = []
    for i, p in enumerate(passages):
        groups.append(reuse.get(sentence_key(p)))
        if groups[-1] is None:
            todo.append((i, passage_sentences(p)))
    texts = [s for _, ss in todo for s in ss]
    flat = encode(texts) if texts else np.zeros((0, dim), np.float32)
    pos = 0
    for i, ss in todo:
        groups[i] = flat[pos:pos + len(ss)]
        pos += len(ss)
    offsets = np.concatenate([[0], np.cumsum([len(g) for g in groups])]).astype(np.int64)
    rows = [g for g in groups if len(g)]
    vectors = np.concatenate(rows).astype(np.float16) if rows else np.zeros((0, dim), np.float16)
    return vectors, offsets, len(texts)


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
