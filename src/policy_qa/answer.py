"""The short extractive answer: the one to three sentences from the best passages that match the question."""
from __future__ import annotations

import re

from .lexical import tokenize
from .models import Answer, Hit, Sentence

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘“\"(])|\n(?=• )|\n")
NO_ANSWER = "De documenten lijken hier geen antwoord op te geven."


def sentences(text: str) -> list[str]:
    """Sentences and bullet items of a passage, without bullet marks; fragments under four words dropped."""
    out = []
    for part in _SPLIT.split(text):
        s = part.strip().lstrip("• ").strip()
        if len(s.split()) >= 4:
            out.append(s)
    return out


def pick_sentences(question: str, hits: tuple[Hit, ...], max_sentences: int = 3, passages: int = 3) -> list[Sentence]:
    """Sentences that share the most question terms, best passages first; the top passage's lead if none do."""
    terms = set(tokenize(question))
    scored = []
    for hit in hits[:passages]:
        for pos, s in enumerate(sentences(hit.passage.text)):
            stems = set(tokenize(s))
            overlap = len(terms & stems)
            score = overlap / (len(terms) or 1) - 0.05 * (hit.rank - 1) - 0.01 * pos
            scored.append((score, overlap, hit.rank, pos, s))
    matching = sorted((x for x in scored if x[1] > 0), key=lambda x: -x[0])[:max_sentences]
    if not matching and hits:
        first = [x for x in scored if x[2] == hits[0].rank][:1]
        matching = first
    matching.sort(key=lambda x: (x[2], x[3]))
    return [Sentence(s, rank) for _, _, rank, _, s in matching]


def build_answer(question: str, hits: tuple[Hit, ...], confidence: float, low: float,
                 notices: tuple[str, ...] = ()) -> Answer:
    answerable = bool(hits) and confidence >= low
    if not answerable:
        notices = notices + (NO_ANSWER + " Hieronder de passages die er het dichtst bij komen.",)
    return Answer(question, confidence, hits, tuple(pick_sentences(question, hits)), answerable, notices)
