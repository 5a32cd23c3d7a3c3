"""Dutch BM25 over passage texts, scored by bm25s (sparse matrices) and saved without pickle."""
from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from .analysis import tokenize


class LexicalIndex:
    """BM25 over passage texts; `scores` gives every passage's score for a query."""

    def __init__(self, model: bm25s.BM25, size: int) -> None:
        self._model = model
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> "LexicalIndex":
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([tokenize(t) or ["_leeg_"] for t in texts], show_progress=False)
        return cls(model, len(texts))

    def scores(self, query: str) -> np.ndarray:
        ids = self._model.get_tokens_ids(tokenize(query))
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores_from_ids(ids), dtype=np.float32)

    def known_terms(self, query: str) -> list[str]:
        """The query's terms that occur somewhere in the corpus."""
        return [t for t in tokenize(query) if t in self._model.vocab_dict]

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> "LexicalIndex":
        model = bm25s.BM25.load(str(directory), allow_pickle=False, load_corpus=False)
        return cls(model, size)
