"""The FAISS vector index over passage embeddings: exact inner product while small, HNSW when large."""
from __future__ import annotations

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
