"""Choosing answer sentences across the top passages: topic words, sentence vectors and position statements.

Every sentence and bullet item of the best passages is a candidate (boilerplate left out); each scores by the
share of the question's topic words it holds, its sentence vector's cosine with the question, and whether it
takes a position (a bullet under a demand lead-in, an imperative, a stated demand). The best-scoring sentence leads:
a position's strength is part of its score, so a matching demand leads, an off-topic one does not.
A question compound the documents do not write whole is held by a sentence with a word that starts with its
modifier ('stikstofbeleid' by 'stikstofregels'), not by its generic head ('beleid').
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np

from ..index.analysis import FRAMING, stem, topic_terms, words
from ..ingest.boilerplate import answer_text
from ..records import Hit, Sentence
from ..stance.statements import STRENGTH, statements
from ..text import letters_digits, sentences

# Weights fitted on the tune split's answer-hit (tests/data/dev_questions.jsonl, bench/answer_weights.py).
LEXICAL, DENSE, POSITION, NUMBER, RANK, ORDER = 0.3, 6.0, 0.1, 0.3, 0.12, 0.01
PASSAGES = 3  # how many of the best passages the answer may quote
MAX_SENTENCES = 3
# An answer is read at a glance: a further sentence joins only while the answer stays within this many characters
# (real manifestos' long sentences made 3-sentence answers of 700-900 characters; 600 left tune's answer-hit as it was).
MAX_CHARS = 600


# Questions after a fact (how many, when, who, where) want the sentence with the fact, not a demand.
_FACT = re.compile(r"^\s*(?:hoeveel|wanneer|hoe\s+(?:lang|groot|veel|oud)|wie|waar\b|sinds\s+wanneer|welk\w*\s+"
                   r"(?:jaar|datum|aantal|percentage)|how\s+(?:many|much|long|big|old)|when|who|where|what\s+is\s+the"
                   r"\s+(?:number|share|date|address|name))\b", re.I)
_COUNT = re.compile(r"^\s*(?:hoeveel|hoe\s+(?:groot|veel|lang)|how\s+(?:many|much|long|big))\b", re.I)
# Questions after a date ('Wanneer …', 'When …', 'In welk jaar …'): the sentence with a year or a date answers.
_WHEN = re.compile(r"^\s*(?:(?:sinds|tot|vanaf)\s+)?wanneer\b|^\s*(?:in\s+)?welk\s+jaar\b|"
                   r"^\s*(?:(?:since|until|by)\s+)?when\b|^\s*(?:in\s+)?what\s+year\b", re.I)
_DATE = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|"
                   r"september|oktober|november|december)\b", re.I)
# Questions that ask for the letterhead itself: then contact lines and the signature may be quoted.
_CONTACT_QUESTION = re.compile(r"\b(?:adres|address|telefoon\w*|phone|telephone|e-?mail|contact\w*|signed|"
                               r"ondertekend|ondertekent|signature|handtekening|wie\s+schreef|who\s+wrote)\b", re.I)
_DIGIT = re.compile(r"\d")


def asks_fact(question: str) -> bool:
    """Whether a question is after a fact (a number, a date, a name) rather than a position."""
    return bool(_FACT.search(question))


@dataclass(frozen=True)
class Candidate:
    """One quotable sentence of a top passage and what it scores on."""

    text: str
    rank: int  # the rank of its passage: the citation
    pos: int  # its place in the passage
    lexical: float  # share of the question's topic words it holds (with its demand's heading)
    dense: float  # cosine with the question, relative to the best candidate (0 = best; NaN: no vector)
    position: float  # 0 for background, else the position's strength (stance.statements.STRENGTH)
    number: float = 0.0  # 1 when a how-many question meets a sentence with a figure, a when-question one with a date

    def score(self) -> float:
        dense = -0.15 if np.isnan(self.dense) else self.dense
        return (LEXICAL * self.lexical + DENSE * dense + POSITION * self.position + NUMBER * self.number
                - RANK * (self.rank - 1) - ORDER * self.pos)


def _positions(passage) -> list[tuple[str, float, str]]:
    """(normalised statement text, position strength, the demand it sits under) for one passage."""
    return [(letters_digits(s.text), STRENGTH.get(s.kind, 0.0), s.parent) for s in statements([passage])]


def _position_of(sentence: str, marked: list[tuple[str, float, str]]) -> tuple[float, str]:
    key = letters_digits(sentence)
    for text, strength, parent in marked:
        if key and (key in text or (text and text in key)):
            return strength, parent
    return 0.0, ""


@dataclass(frozen=True)
class Quotable:
    """A sentence of a passage that may be quoted, with what depends on the passage alone."""

    text: str
    pos: int  # its place among the passage's sentences (the index of its sentence vector)
    strength: float  # 0 for background, else the position's strength
    words: frozenset[str]  # its topic words and those of the demand it sits under


@functools.lru_cache(maxsize=4096)
def quotable(passage, contact: bool, framing: frozenset[str]) -> tuple[tuple[Quotable, ...], int]:
    """The quotable sentences of a passage and how many sentences it has; computed once per passage, since the
    same passages answer many questions (sentence splitting and position detection were ~10% of a question)."""
    parts = sentences(passage.text)
    marked = _positions(passage)
    out = []
    for pos, s in enumerate(parts):
        text = " ".join(s.split()) if contact else answer_text(s)
        if not text or len(text.split()) < 4 or text.endswith(":"):  # a lead-in announces, it does not answer
            continue
        strength, parent = _position_of(s, marked)
        out.append(Quotable(text, pos, strength, frozenset(topic_terms(f"{text} {parent}", framing))))
    return tuple(out), len(parts)


def modifiers(query: str, framing: frozenset[str], parts) -> dict[str, tuple[str, ...]]:
    """For each topic word of `query` that `parts(word)` splits (a compound the corpus lacks whole): the stems of
    its parts before the head, the specific ones ('stikstofbeleid' → stikstof; 'beleid' says little)."""
    out = {}
    for w in words(query):
        split = parts(w) if w not in framing else ()
        mods = tuple(stem(p) for p in split[:-1] if len(p) >= 4)
        if mods:
            out[stem(w)] = mods
    return out


def held(terms: set[str], sentence_words: frozenset[str], mods: dict[str, tuple[str, ...]]) -> int:
    """How many of the topic words a sentence holds: by stem, or a compound by a word that starts with a modifier."""
    return sum(t in sentence_words or any(w.startswith(m) for m in mods.get(t, ()) for w in sentence_words)
               for t in terms)


def candidates(query: str, hits: tuple[Hit, ...], cosines=lambda hit: None,
               framing: frozenset[str] = FRAMING, passages: int = PASSAGES, parts=lambda word: ()) -> list[Candidate]:
    """Every quotable sentence of the best `passages` hits, scored against `query`.

    `cosines(hit)` gives the query's cosine with each of the passage's sentences (text.sentences order) or None;
    `parts(word)` a question word's compound parts when the corpus lacks it whole (else ()).
    """
    terms = set(topic_terms(query, framing))
    mods = modifiers(query, framing, parts)
    fact, count, contact = asks_fact(query), bool(_COUNT.search(query)), bool(_CONTACT_QUESTION.search(query))
    when = bool(_WHEN.search(query))
    raw = []
    for hit in hits[:passages]:
        quotes, n_parts = quotable(hit.passage, contact, frozenset(framing))
        cos = cosines(hit) if n_parts > 1 else None
        for q in quotes:
            lexical = held(terms, q.words, mods) / len(terms) if terms else 0.0
            dense = float(cos[q.pos]) if cos is not None and q.pos < len(cos) else float("nan")
            number = 1.0 if (count and _DIGIT.search(q.text)) or (when and _DATE.search(q.text)) else 0.0
            raw.append((q.text, hit.rank, q.pos, lexical, dense, 0.0 if fact else q.strength, number))
    best = max((r[4] for r in raw if not np.isnan(r[4])), default=0.0)
    return [Candidate(t, rank, pos, lex, d - best, strength, number) for t, rank, pos, lex, d, strength, number in raw]


def choose(cands: list[Candidate], max_sentences: int = MAX_SENTENCES, max_chars: int = MAX_CHARS) -> list[Sentence]:
    """The best candidates that fit in `max_chars` (the best one always), best first, each citing its passage's rank.

    Best first, not positions first: a reader takes in the first sentence, and a position that scored lower (an
    off-topic demand of the same passage) pushed the sentence that answers down (round 11: the first sentence held
    the evidence for .654 → .728 of tune's answerable questions)."""
    picked: list[Candidate] = []
    for c in sorted(cands, key=lambda c: -c.score()):
        if len(picked) == max_sentences:
            break
        if not picked or sum(len(p.text) for p in picked) + len(c.text) <= max_chars:
            picked.append(c)
    return [Sentence(c.text, c.rank) for c in picked]
