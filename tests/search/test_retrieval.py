"""Hybrid search on the real corpus: Dutch and English questions find the known Dutch passages."""
from __future__ import annotations

import numpy as np

from policy_qa.search.retriever import Filters, top_ids


def _top(retriever, question, k=3, **kw):
    result = retriever.search(question, k, **kw)
    return result.hits, result.confidence


def test_dutch_question_finds_the_netcongestie_demand(retriever):
    hits, _ = _top(retriever, "Wat vindt Metaalunie van netcongestie?")
    assert any("Los netcongestie versneld op" in h.passage.text and h.passage.page == 3 for h in hits)


def test_english_question_finds_dutch_passage(retriever):
    hits, _ = _top(retriever, "What does Metaalunie ask for technical education and the shortage of skilled workers?", 5)
    texts = " ".join(h.passage.text for h in hits)
    assert "Investeer structureel en flink in technisch onderwijs" in texts or "tekort van tienduizenden vakmensen" in texts


def test_paraphrase_without_shared_words(retriever):
    hits, _ = _top(retriever, "Hoe wil men opvolging in familiebedrijven fiscaal ondersteunen?", 5)
    assert any("Bedrijfsopvolgingsregeling" in h.passage.text for h in hits)


def test_filters_restrict_documents_kinds_and_years(retriever):
    hits, _ = _top(retriever, "netcongestie energie-infrastructuur", 5, filters=Filters(doc_ids=frozenset({"manifest-tk2023"})))
    assert hits and {h.passage.doc_id for h in hits} == {"manifest-tk2023"}
    hits, _ = _top(retriever, "netcongestie", 5, filters=Filters(years=frozenset({"2025"})))
    assert hits and {h.passage.date[:4] for h in hits} == {"2025"}
    hits, _ = _top(retriever, "netcongestie", 5, filters=Filters(kinds=frozenset({"geen-soort"})))
    assert hits == ()


def test_ranks_are_consecutive_and_scores_descend(retriever):
    hits, _ = _top(retriever, "innovatie en productiviteit in het mkb", 5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))


def test_modes_lexical_and_dense_each_work(retriever):
    lex = retriever.search("Subsidieregeling Praktijkleren", 3, mode="lexical").hits
    assert "Subsidieregeling Praktijkleren" in lex[0].passage.text
    dense = retriever.search("apprenticeship subsidy for on-the-job training", 5, mode="dense").hits
    assert dense and all(h.lexical_rank is None for h in dense)


def test_the_best_passages_come_first_ties_by_position_as_a_full_sort_gives():
    rng = np.random.default_rng(0)
    for n, k in ((1, 1), (7, 3), (200, 50), (200, 250), (60_000, 50)):
        scores = rng.integers(0, 4, n).astype(np.float32)  # many ties
        scores[::7] = -np.inf  # passages outside a filter
        assert list(top_ids(scores, k)) == list(np.argsort(-scores, kind="stable")[:k])
    assert len(top_ids(np.ones(5, np.float32), 0)) == 0
