"""How likely it is that the documents answer a question, from signals that raw top scores lack (pure).

Signals: the share of the question's content terms that the corpus knows and the top passage contains,
whether the lexical and the dense retriever agree on the best passages, and how far the best dense score
stands above the rest of the corpus. Combined by a logistic function with weights fitted on tests/data.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .lexical import is_english, tokenize


@dataclass(frozen=True)
class Signals:
    coverage: float  # share of question terms found in the top-3 passages (0 for English questions)
    known: float  # share of question terms that occur anywhere in the corpus (0 for English questions)
    agreement: float  # overlap of the lexical and dense top-5
    dense_top: float  # best dense score (passage and best-sentence cosine mixed)
    dense_gap: float  # best dense score minus the median of the dense candidates
    english: float  # 1 for an English question: its lexical signals say nothing about Dutch documents


# One small model per question language: for a Dutch question the share of its topic words that the corpus knows
# is the strongest sign (AUROC 0.86 alone), for an English one only the dense scores say anything.
MODEL_FEATURES = {"nl": ("known", "dense_top"), "en": ("dense_top", "dense_gap")}

# Fitted 2026-11-23 by `policy-qa eval tests/data/dev_questions.jsonl --fit-confidence` on the e5-small-4bit index
# of corpus/ (94 answerable, 35 unanswerable; class-balanced, L2 = 3): training AUROC 0.900, leave-one-out 0.887.
# Leave-one-out, a threshold of 0.4 flags 71% of the unanswerable and 15% of the answerable questions.
WEIGHTS = {"nl": {"bias": -32.88, "known": 2.479, "dense_top": 37.538},
           "en": {"bias": -24.475, "dense_top": 27.889, "dense_gap": 67.04}}


def signals(ranking, passages) -> Signals:
    """The confidence features of one ranking (what the fused top and both retrievers say)."""
    terms = list(ranking.query_terms)
    english = 1.0 if is_english(ranking.question) else 0.0
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
    if english:
        coverage = known = 0.0
    return Signals(coverage, known, agreement, dense_top, dense_gap, english)


FEATURES = tuple(f for f in Signals.__dataclass_fields__)


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 3.0, steps: int = 4000, lr: float = 0.5,
                 names: tuple[str, ...] = FEATURES) -> dict[str, float]:
    """Class-balanced, L2-regularised logistic regression (gradient descent on standardised features).

    Balanced classes put the 0.5 point where answerable and unanswerable questions are equally likely,
    so Settings.low_confidence = 0.5 is a sensible threshold. Weights come back in raw feature units.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = (X - mu) / sd
    pos = max(y.sum(), 1.0)
    neg = max(len(y) - y.sum(), 1.0)
    sw = np.where(y > 0, len(y) / (2 * pos), len(y) / (2 * neg))
    w = np.zeros(Z.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = sw * (p - y)
        w -= lr * (Z.T @ g / len(y) + l2 * w / len(y))
        b -= lr * float(np.mean(g))
    raw = w / sd
    out = {"bias": float(b - raw @ mu)}
    out.update({f: float(v) for f, v in zip(names, raw)})
    return out


def combine(sig: Signals, weights: dict = WEIGHTS) -> float:
    """The logistic combination of the signals: a probability-like 0..1 that the documents answer.

    `weights` is either one flat model or one model per language ({"nl": {...}, "en": {...}}).
    """
    if "nl" in weights:
        weights = weights["en" if sig.english else "nl"]
    z = weights["bias"] + sum(weights[k] * getattr(sig, k) for k in weights if k != "bias")
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def fit_per_language(X: np.ndarray, y: np.ndarray) -> dict[str, dict[str, float]]:
    """Fit each language's model on its own questions and features (rows are Signals in FEATURES order)."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    english = X[:, FEATURES.index("english")] > 0.5
    out = {}
    for lang, rows in (("nl", ~english), ("en", english)):
        cols = [FEATURES.index(f) for f in MODEL_FEATURES[lang]]
        out[lang] = fit_logistic(X[rows][:, cols], y[rows], names=MODEL_FEATURES[lang])
    return out


def confidence(ranking, passages) -> float:
    """0..1: how likely the passages in `ranking` answer its question (0 when nothing was found)."""
    if not ranking.hits:
        return 0.0
    return combine(signals(ranking, passages))
