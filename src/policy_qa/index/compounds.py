"""Dutch decompounding for BM25: 'stikstofbeleid' → stikstof + beleid, 'bedrijfsopvolgingsregeling' → bedrijf +
opvolging + regeling (linking -s-, -e-, -en-).

A split is kept only when its parts are commoner than the whole (Koehn & Knight's geometric-mean rule), so
'belangrijk' (commoner than 'rijk') stays whole. At index time the frequencies are pyspellchecker's Dutch list
plus the corpus's own words; at query time a word the corpus lacks is split into parts the corpus knows.
"""
from __future__ import annotations

import bisect
import functools
import math
from typing import Callable

from ..ingest.cleaning import dutch_lexicon

MIN_WORD, MIN_HEAD, MIN_TAIL = 7, 3, 4
MIN_PART_FREQ = 100  # a part rarer than this in the word list (its floor is 50) is noise ('aat', 'ids')
COMMON = 500  # a word this common is its own word ('jongeren', 'koester', 'bedacht'), whatever its parts
LINKS = ("", "s", "e", "en")  # linking sounds between the parts ('bedrijf-s-opvolging', 'pann-en-koek')
# Prefixes and particles that start derived words, not compounds ('ver-sterk', 'onder-wijs', 'aan-dacht').
NOT_HEADS = frozenset("""
aan af achter be bij binnen boven buiten daar door een er ge her hier in los met mee mis na naar neder om onder
ont op over samen te ten terug tegen toe uit van ver voor voort waar weer weg wel zich zelf
""".split())
# Word endings that are suffixes, not words ('pijn-lijk', 'werk-baar', 'gemeen-schappen').
NOT_TAILS = frozenset("lijk lijke baar bare heid heden ring ringen ende rende schap schappen zaam zame tje".split())
Frequency = Callable[[str], float]


def split(word: str, freq: Frequency, depth: int = 2) -> tuple[str, ...]:
    """The parts of a compound word, or () when it is none (no split whose parts beat the whole word)."""
    whole = float(freq(word))
    if len(word) < MIN_WORD or not word.isalpha() or whole >= COMMON:
        return ()
    best: tuple[str, ...] = ()
    best_score = whole
    for i in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        head = word[:i]
        f_head = freq(head)
        if f_head < MIN_PART_FREQ or head in NOT_HEADS:
            continue
        for link in LINKS:
            tail = word[i + len(link):]
            if not word.startswith(link, i) or len(tail) < MIN_TAIL or tail in NOT_TAILS:
                continue
            whole_tail = freq(tail) >= MIN_PART_FREQ
            parts = (tail,) if whole_tail else (split(tail, freq, depth - 1) if depth > 1 else ())
            if not parts:
                continue
            logs = [math.log(f_head)] + [math.log(max(freq(p), 1.0)) for p in parts]
            score = math.exp(sum(logs) / len(logs)) * (1 + 1e-6 * min(len(head), len(tail)))  # ties: even split
            if score > whole and (not best or (len(parts) + 1, -score) < (len(best), -best_score)):
                best, best_score = (head, *parts), score  # fewest parts first ('stikstof+regels', not 'stik+…')
    return best


@functools.lru_cache(maxsize=1)
def _lexicon_freq() -> dict[str, int]:
    return dutch_lexicon().freq


def index_splitter(corpus_words: set[str]) -> Callable[[str], tuple[str, ...]]:
    """Splits corpus words by Dutch word frequencies; a corpus word the list lacks counts as rare but real."""
    lexicon = _lexicon_freq()

    def freq(w: str) -> float:
        return lexicon.get(w) or (MIN_PART_FREQ if w in corpus_words else 0.0)

    return functools.lru_cache(maxsize=65536)(lambda word: split(word, freq))


def query_splitter(known: Callable[[str], bool]) -> Callable[[str], tuple[str, ...]]:
    """Splits a question word the corpus lacks into parts it knows (`known(word)`); known words stay whole."""

    def freq(w: str) -> float:
        return MIN_PART_FREQ if known(w) else 0.0

    return functools.lru_cache(maxsize=65536)(lambda word: () if known(word) else split(word, freq))


class PartOf:
    """word -> bool: whether some corpus word holds it whole as its first part (before a linking sound and a part of
    MIN_TAIL letters: 'bedrijfsopvolging' in 'bedrijfsopvolgingsregeling') or as its last ('opvolgingsregeling');
    looked up by bisection in the sorted words and their reversals, so a question pays microseconds."""

    def __init__(self, corpus_words) -> None:
        self._forward = sorted(set(corpus_words))
        self._backward = sorted(w[::-1] for w in self._forward)

    def __call__(self, word: str) -> bool:
        return self._starts(word) or self._ends(word)

    def _starts(self, word: str) -> bool:
        for w in _with_prefix(self._forward, word):
            rest = w[len(word):]
            if any(rest.startswith(link) and len(rest) - len(link) >= MIN_TAIL for link in LINKS):
                return True
        return False

    def _ends(self, word: str) -> bool:
        return any(len(w) - len(word) >= MIN_HEAD for w in _with_prefix(self._backward, word[::-1]))


def _with_prefix(ordered: list[str], prefix: str):
    """The words of a sorted list that start with `prefix`, in order."""
    i = bisect.bisect_left(ordered, prefix)
    while i < len(ordered) and ordered[i].startswith(prefix):
        yield ordered[i]
        i += 1
