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
