"""Pure retrieval metrics: evidence matching, hit@k, MRR, nDCG, AUROC, page accuracy.

A passage is a hit when its text contains an evidence quote, compared after NFKC, case folding and removing
everything that is not a letter or digit (so whitespace, line breaks and end-of-line hyphens do not matter).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from ..text import letters_digits

DEPTH = 10  # ranks looked at for MRR@10 and nDCG@10


def contains_evidence(passage_text: str, evidence: tuple[str, ...] | list[str]) -> bool:
    """Whether the passage contains at least one evidence quote (after normalising both)."""
    body = letters_digits(passage_text)
    return any((q := letters_digits(e)) and q in body for e in evidence)


def first_hit_rank(relevance: list[bool]) -> int | None:
    """1-based rank of the first relevant result, or None."""
    for rank, rel in enumerate(relevance, start=1):
        if rel:
            return rank
    return None


def hit_at(first_hits: list[int | None], k: int) -> float:
    """Share of questions whose first hit is within rank k."""
    if not first_hits:
        return 0.0
    return sum(r is not None and r <= k for r in first_hits) / len(first_hits)


def mrr(first_hits: list[int | None], depth: int = DEPTH) -> float:
    """Mean reciprocal rank of the first hit, counting 0 beyond `depth`."""
    if not first_hits:
        return 0.0
    return sum(1.0 / r for r in first_hits if r is not None and r <= depth) / len(first_hits)


def ndcg(relevance: list[bool], relevant_total: int, depth: int = DEPTH) -> float:
    """Binary-relevance nDCG@depth; the ideal ranking puts all `relevant_total` passages first."""
    dcg = sum(1.0 / math.log2(r + 1) for r, rel in enumerate(relevance[:depth], start=1) if rel)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(relevant_total, depth) + 1))
    return dcg / ideal if ideal else 0.0


def auroc(positive: list[float], negative: list[float]) -> float | None:
    """Probability that a random positive scores above a random negative (ties count half)."""
    if not positive or not negative:
        return None
    pos = np.asarray(positive, dtype=np.float64)[:, None]
    neg = np.asarray(negative, dtype=np.float64)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def page_ok(expected_page: int | None, expected_file: str | None, top) -> bool | None:
    """Whether the top passage spans the expected page (and file, when given); None without an expectation."""
    if expected_page is None:
        return None
    if top is None:
        return False
    if expected_file and Path(top.file).name != Path(expected_file).name:
        return False
    return top.page <= expected_page <= top.page_end
