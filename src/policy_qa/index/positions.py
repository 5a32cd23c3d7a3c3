"""What the corpus takes positions on: the terms of each statement, to see whether a question's topic words meet in
one position statement rather than only in passing (pure; built from the passages when first needed).

A background statement counts half, as in the stance explorer: a fact question is answered by background, but a
topic named only in passing ('CO2' beside other things) does not make the documents answer on it.

A word matches a statement by its stem, or (a compound the statements lack) by all of its parts
('stikstofbeleid' meets a statement on 'stikstof' and 'beleid').
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from ..ingest.statements import statements
from .analysis import stem
from .compounds import query_splitter
from .lexical import corpus_terms

BACKGROUND = 0.5  # the weight of a statement that takes no position (stance/explorer.py's CONTEXT)


@dataclass(frozen=True)
class PositionTerms:
    """For each term, the statements (by number) that hold it in their own text or their demand's; their weights."""

    postings: dict[str, frozenset[int]] = field(default_factory=dict)
    weights: tuple[float, ...] = ()  # per statement: 1 for a position, BACKGROUND for background
    parts: Callable[[str], tuple[str, ...]] = field(default=lambda word: (), compare=False, repr=False)

    @classmethod
    def build(cls, passages) -> "PositionTerms":
        found = statements(passages)
        texts = [f"{s.text} {s.parent}" for s in found]
        weights = tuple(1.0 if s.kind else BACKGROUND for s in found)
        postings: dict[str, set[int]] = {}
        for n, terms in enumerate(corpus_terms(texts)):
            for t in terms:
                postings.setdefault(t, set()).add(n)
        frozen = {t: frozenset(ns) for t, ns in postings.items()}
        return cls(frozen, weights, query_splitter(lambda w: stem(w) in frozen))

    def holding(self, word: str) -> frozenset[int]:
        """The statements that hold a word: by its stem, or by all the parts of a compound they lack whole."""
        whole = self.postings.get(stem(word))
        if whole:
            return whole
        parts = self.parts(word)
        if not parts:
            return frozenset()
        return frozenset.intersection(*(self.postings.get(stem(p), frozenset()) for p in parts))

    def best_share(self, topic_words: list[str] | tuple[str, ...]) -> float:
        """The largest share of the (distinct) topic words that one statement holds, times its weight (a position 1,
        background half); 0 without words."""
        distinct = list(dict.fromkeys(topic_words))
        if not distinct or not self.postings:
            return 0.0
        counts = Counter(n for w in distinct for n in self.holding(w))
        return max((self.weights[n] * c for n, c in counts.items()), default=0.0) / len(distinct)

