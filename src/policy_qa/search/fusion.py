"""Ways to merge a lexical and a dense ranking into one (pure), in one registry: name → fusion function.

Each registered function takes the candidate lists as (ids, scores), best first (lexical, dense and for English
questions the English encoder's), one weight per list, and RRF's k, and returns a score per id. `weighted` is the
default: min-max scaled scores keep the gaps that RRF throws away.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

Candidates = tuple[np.ndarray, np.ndarray]


def rrf(rankings: list[np.ndarray], weights: list[float], k: int = 60) -> dict[int, float]:
    """Reciprocal rank fusion: each list adds weight / (k + rank) to the ids it ranks (rank 1 = best)."""
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, pid in enumerate(ranking, start=1):
            fused[int(pid)] = fused.get(int(pid), 0.0) + weight / (k + rank)
    return fused


def minmax(scores: np.ndarray) -> np.ndarray:
    """Scale to [0, 1]; a constant list becomes all ones (all equally good), an empty one stays empty."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.size == 0:
        return scores
    lo, hi = scores.min(), scores.max()
    if hi - lo < 1e-12:
        return np.ones_like(scores)
    return (scores - lo) / (hi - lo)


def weighted(candidates: list[Candidates], weights: list[float]) -> dict[int, float]:
    """Weighted sum of min-max scaled scores; each candidate list is (ids, scores); absent ids add 0."""
    fused: dict[int, float] = {}
    for (ids, scores), weight in zip(candidates, weights):
        for pid, s in zip(ids, minmax(scores)):
            fused[int(pid)] = fused.get(int(pid), 0.0) + weight * float(s)
    return fused


def _weighted(candidates: list[Candidates], weights: list[float], rrf_k: int) -> dict[int, float]:
    return weighted(candidates, weights)


def _rrf(candidates: list[Candidates], weights: list[float], rrf_k: int) -> dict[int, float]:
    return rrf([ids for ids, _ in candidates], [2 * w for w in weights], rrf_k)


Fusion = Callable[[list[Candidates], list[float], int], dict[int, float]]
FUSIONS: dict[str, Fusion] = {"weighted": _weighted, "rrf": _rrf}
