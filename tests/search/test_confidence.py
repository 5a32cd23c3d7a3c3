"""The confidence that the documents answer a question: fitting, combining, and on the real corpus."""
from __future__ import annotations

import numpy as np

from policy_qa.answers.extract import ask
from policy_qa.evaluation.metrics import auroc
from policy_qa.search import confidence as conf


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
    sig = conf.Signals(1.0, 1.0, 1.0, 1.0, 0.0)
    assert 0.0 <= conf.combine(sig, {"bias": 1e6, **{f: 0.0 for f in conf.FEATURES}}) <= 1.0


def test_a_topic_only_one_passage_names_lifts_confidence_less_than_one_written_about():
    # Same question shape and dense score: only how many passages hold the rarest topic word differs.
    passing = conf.Signals(known=1.0, dense_top=0.84, dense_gap=0.03, rarest=float(np.log1p(1)), english=0.0)
    written = conf.Signals(known=1.0, dense_top=0.84, dense_gap=0.03, rarest=float(np.log1p(6)), english=0.0)
    assert conf.combine(passing) < conf.combine(written)


def test_english_keyword_questions_are_judged_by_the_english_model(retriever):
    # 'grid congestion' has no function words; it used to be judged as Dutch, where its words are all unknown.
    assert conf.signals(retriever.rank("grid congestion")).english == 1.0
    assert retriever.search("grid congestion").confidence >= retriever.settings.low_confidence


def test_a_keyword_the_documents_hold_inside_a_compound_is_answered(retriever):
    # 'bedrijfsopvolging' stands only inside the manifesto's 'Bedrijfsopvolgingsregeling (BOR)': it used to count as
    # a word the corpus lacks (confidence .38, "no answer") although that bullet answers it.
    answer = ask(retriever, "bedrijfsopvolging")
    assert answer.answerable and answer.confidence >= retriever.settings.low_confidence
    assert "Bedrijfsopvolgingsregeling" in answer.results[0].passage.text
    assert retriever.rank("kernenergie").known_terms == ()  # a compound no corpus word holds stays unknown


def test_answerable_and_off_topic_questions_fall_either_side_of_the_threshold(retriever):
    low = retriever.settings.low_confidence
    answered = ask(retriever, "Wat vraagt Metaalunie van de politiek op het gebied van fiscaal beleid?")
    off = ask(retriever, "Welke AOW-leeftijd wil Metaalunie?")
    assert answered.confidence >= low and answered.answerable
    assert off.confidence < low and not off.answerable
    assert any("geen antwoord" in n for n in off.notices)


def test_an_encoder_without_fitted_weights_says_so_and_never_borrows_another_encoders(tmp_path, corpus_settings):
    from policy_qa.index.build import build_index
    from policy_qa.index.folder import load_index
    from policy_qa.search.retriever import Retriever

    settings = corpus_settings.replace(embedder="use", index_dir=tmp_path / "use-index")
    build_index(settings)
    retriever = Retriever(load_index(settings.index_dir), settings)
    assert retriever.weights is conf.FALLBACK_WEIGHTS
    answer = ask(retriever, "Wat vindt Metaalunie van netcongestie?")
    assert any("niet geijkt" in n and "use-multilingual-v3" in n for n in answer.notices)
    assert answer.answerable
    assert ask(retriever, "What does Metaalunie think of grid congestion?").confidence == 0.5


def test_english_questions_get_the_english_encoders_second_opinion(retriever, corpus_index, corpus_settings):
    """A fact the documents hold is answered and hydrogen (never discussed) is not; without the English encoder's
    vectors the e5-only English model judges (and got both wrong)."""
    import dataclasses

    from policy_qa.search.retriever import Retriever

    share = "What share of Dutch industry does Metaalunie represent?"
    hydrogen = "What does Metaalunie think about hydrogen?"
    low = corpus_settings.low_confidence
    assert retriever.search(share).confidence >= low > retriever.search(hydrogen).confidence
    plain = Retriever(dataclasses.replace(corpus_index, crosslingual=None), corpus_settings)
    sig = conf.signals(plain.rank(share))
    assert sig.english == 1.0 and sig.english_top == 0.0  # judged by the "en_e5" model
    assert plain.search(share).confidence < low <= plain.search(hydrogen).confidence
