"""The confidence that the documents answer a question: fitting, combining, and on the real corpus."""
from __future__ import annotations

import numpy as np

from policy_qa import confidence as conf
from policy_qa.evaluation import auroc


def test_fit_logistic_separates_and_is_balanced():
    rng = np.random.default_rng(0)
    pos = rng.normal(1.0, 0.5, size=(60, len(conf.FEATURES)))
    neg = rng.normal(-1.0, 0.5, size=(10, len(conf.FEATURES)))
    X = np.vstack([pos, neg])
    y = np.r_[np.ones(60), np.zeros(10)]
    w = conf.fit_logistic(X, y)
    scores = [conf.combine(conf.Signals(*x), w) for x in X]
    assert auroc(scores[:60], scores[60:]) > 0.95
    # balanced classes: the rare class is still mostly below 0.5
    assert np.mean(np.array(scores[60:]) < 0.5) >= 0.8


def test_combine_is_bounded():
    sig = conf.Signals(1.0, 1.0, 1.0, 1.0, 1.0, 0.0)
    assert 0.0 <= conf.combine(sig, {"bias": 1e6, **{f: 0.0 for f in conf.FEATURES}}) <= 1.0


def test_answerable_and_off_topic_questions_fall_either_side_of_the_threshold(retriever):
    low = retriever.settings.low_confidence
    answered = retriever.ask("Wat vraagt Metaalunie van de politiek op het gebied van fiscaal beleid?")
    off = retriever.ask("Welke AOW-leeftijd wil Metaalunie?")
    assert answered.confidence >= low and answered.answerable
    assert off.confidence < low and not off.answerable
    assert any("geen antwoord" in n for n in off.notices)
