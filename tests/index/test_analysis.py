"""Dutch analysis: stems that join a word's inflections without merging unrelated words."""
from __future__ import annotations

from policy_qa.index.analysis import stem, tokenize


def test_inflections_share_a_stem():
    assert stem("investeringen") == stem("investering")
    assert stem("gemeenten") == stem("gemeente")
    assert stem("gezinnen") == stem("gezin")


def test_a_leading_ge_is_not_stripped_into_another_word():
    # Snowball 3's new Dutch stemmer made these one term each, so BM25 took "volgen" for "gevolgen".
    for a, b in (("gevolgen", "volgen"), ("gezin", "zin"), ("gebieden", "bieden"), ("gemeente", "menen")):
        assert stem(a) != stem(b), (a, b)
    assert "zin" not in tokenize("Wat wil de partij voor gezinnen?")


def test_an_inner_ge_is_stripped_only_after_a_separable_particle():
    # Snowball 3 also took an inner ge- out: "begeleiding" (guidance) became the stem of "beleid" (policy), so a
    # question about guiding job seekers met every policy passage.
    for a, b in (("begeleiding", "beleid"), ("werkgevers", "werkvers"), ("vergelijking", "verlijking")):
        assert stem(a) != stem(b), (a, b)
    assert stem("werkgevers") == stem("werkgever") and stem("begeleiden") == stem("begeleiding")
    assert stem("opgeleid") == stem("opleiding") and stem("ingevoerd") == stem("invoeren")  # participles still join
