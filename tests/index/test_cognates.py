"""English policy words written the Dutch way, kept only where the corpus writes them."""
from __future__ import annotations

from policy_qa.index.cognates import candidates, dutch_cognates


def test_latin_endings_and_the_k_become_dutch_spellings():
    assert "congestie" in candidates("congestion")
    assert "klimaat" in candidates("climate")
    assert "circulair" in candidates("circular")
    assert "digitalisering" in candidates("digitalisation")
    assert "productiviteit" in candidates("productivity")
    assert "elektriciteit" in candidates("electricity")
    assert candidates("export")[-1] == "export"  # the word itself comes last
    assert candidates("tax") == []  # too short to guess


def test_only_spellings_the_corpus_writes_are_kept_in_word_order():
    corpus = {"congestie", "economie", "circulaire", "circulair"}
    assert dutch_cognates(["circular", "economy", "grid", "congestion"], corpus.__contains__) == \
        ["circulair", "economie", "congestie"]
    assert dutch_cognates(["pension", "housing"], corpus.__contains__) == []
