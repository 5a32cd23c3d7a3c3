"""Fitting the confidence weights on a question set (`eval --fit-confidence`), with leave-one-out figures."""
from __future__ import annotations

import json

import numpy as np

from ..search import confidence as conf
from ..search.query import prepare_question
from .metrics import DEPTH, auroc
from .questions import Question


def fit_confidence_rows(retriever, questions: list[Question]):
    """Signals and labels (1 = answerable) for fitting the confidence weights."""
    X, y = [], []
    for q in questions:
        text, _ = prepare_question(q.question, retriever.settings.max_question_chars)
        sig = conf.signals(retriever.rank(text, DEPTH))
        X.append([getattr(sig, f) for f in conf.FEATURES])
        y.append(1.0 if q.answerable else 0.0)
    return np.asarray(X), np.asarray(y)


def fit_and_print(retriever, questions: list[Question]) -> int:
    X, y = fit_confidence_rows(retriever, questions)
    weights = conf.fit_per_language(X, y)
    scores = [conf.combine(conf.Signals(*x), weights) for x in X]
    pos = [s for s, t in zip(scores, y) if t]
    neg = [s for s, t in zip(scores, y) if not t]
    print("WEIGHTS = " + json.dumps({lang: {k: round(v, 3) for k, v in w.items()} for lang, w in weights.items()}))
    print(f"training AUROC {auroc(pos, neg):.3f} on {len(pos)} answerable / {len(neg)} unanswerable")
    loo = []  # leave-one-out: each question scored by weights fitted without it
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        loo.append(conf.combine(conf.Signals(*X[i]), conf.fit_per_language(X[keep], y[keep])))
    loo, pos_mask = np.array(loo), y > 0
    print(f"leave-one-out AUROC {auroc(list(loo[pos_mask]), list(loo[~pos_mask])):.3f}")
    for t in (0.3, 0.4, 0.5):
        print(f"  threshold {t}: flags {np.mean(loo[~pos_mask] < t):.2f} of unanswerable, "
              f"{np.mean(loo[pos_mask] < t):.2f} of answerable (leave-one-out)")
    return 0
