"""Dutch decompounding: compounds meet their parts in BM25; ordinary and derived words stay whole."""
from __future__ import annotations

from policy_qa.index.compounds import index_splitter, query_splitter


def test_compounds_split_with_linking_sounds():
    split = index_splitter(set())
    assert split("stikstofbeleid") == ("stikstof", "beleid")
    assert split("stikstofregels") == ("stikstof", "regels")
    assert split("bedrijfsopvolgingsregeling") == ("bedrijf", "opvolging", "regeling")  # linking -s- twice
    assert split("zorgverzekering") == ("zorg", "verzekering")


def test_words_that_are_not_compounds_stay_whole():
    split = index_splitter(set())
    for word in ("belangrijk", "onderwijs", "versterken", "aandacht", "jongeren", "stikstof", "tijdelijk",
                 "werkbaar", "metaal", "netcongestie"[:3]):
        assert split(word) == (), word


def test_query_words_the_corpus_lacks_split_into_parts_it_knows():
    known = {"stikstof", "regels", "beleid"}.__contains__
    split = query_splitter(known)
    assert split("stikstofbeleid") == ("stikstof", "beleid")
    assert split("stikstof") == ()  # known as a whole
    assert split("pfasbeleid") == ()  # one part unknown: nothing to match


def test_stikstofbeleid_finds_the_stikstofregels_bullet(retriever):
    hits = retriever.search("Wat vindt Metaalunie van het stikstofbeleid?", 3).hits
    assert any("stikstofregels" in h.passage.text and h.passage.page == 3 for h in hits)
