"""What changed on a topic from one document to the next: new positions, positions no longer mentioned, and
positions that continue (the same demand in other words), aligned by the cosine of their statement vectors.

A later position continues an earlier one when its best match there reaches CONTINUES; an earlier position with
no such match in the later document is no longer mentioned. One earlier demand may continue in several later
ones and the other way round (a manifesto's two lines can become one line of a letter).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..index.analysis import stem, topic_terms

# Chosen on the tune split's hand-labelled changes (tests/data/stance_topics.jsonl, `policy-qa eval --stance`):
# cosine + 0.2 × shared content words ≥ 0.90 gave balanced accuracy .615 there (cosine alone at best .49).
CONTINUES = 0.90
LEXICAL = 0.2  # weight of the shared content words next to the cosine


def content_stems(text: str) -> frozenset[str]:
    """The Dutch stems of a statement's content words (framing and stop words left out)."""
    return frozenset(stem(w) for w in topic_terms(text))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared stems over the smaller set: 1 when one statement's words are all in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


@dataclass(frozen=True)
class Continued:
    """An earlier position and the later one that carries it on, with their similarity."""

    before: object  # Position
    after: object  # Position
    similarity: float

    def to_dict(self) -> dict:
        return {"from": self.before.to_dict(), "to": self.after.to_dict(), "similarity": round(self.similarity, 3)}


@dataclass(frozen=True)
class Change:
    """From one document (by date) to the next on one topic."""

    before: str  # doc_id
    after: str
    new: tuple = ()
    dropped: tuple = ()
    continued: tuple[Continued, ...] = ()

    def to_dict(self) -> dict:
        return {"from": self.before, "to": self.after, "new": [p.to_dict() for p in self.new],
                "dropped": [p.to_dict() for p in self.dropped], "continued": [c.to_dict() for c in self.continued]}


def align(before: list, after: list, similarity: np.ndarray, threshold: float = CONTINUES) -> Change:
    """Split two documents' positions into new, dropped and continued, given their similarity matrix (pure)."""
    sim = np.asarray(similarity, dtype=np.float32).reshape(len(before), len(after))
    pairs: dict[tuple[int, int], float] = {}
    if sim.size:
        for j in range(len(after)):
            i = int(np.argmax(sim[:, j]))
            if sim[i, j] >= threshold:
                pairs[(i, j)] = float(sim[i, j])
        for i in range(len(before)):
            j = int(np.argmax(sim[i]))
            if sim[i, j] >= threshold:
                pairs[(i, j)] = float(sim[i, j])
    kept_before = {i for i, _ in pairs}
    kept_after = {j for _, j in pairs}
    continued = tuple(Continued(before[i], after[j], s) for (i, j), s in sorted(pairs.items(), key=lambda kv: kv[0][1]))
    return Change("", "", tuple(p for j, p in enumerate(after) if j not in kept_after),
                  tuple(p for i, p in enumerate(before) if i not in kept_before), continued)


def changes(documents, vector_of: Callable[[object], np.ndarray], threshold: float = CONTINUES) -> tuple[Change, ...]:
    """For each pair of consecutive documents (oldest first) that are not both silent: what changed.

    `documents` are DocumentStance records in date order; `vector_of(position)` gives its unit statement vector.
    """
    out = []
    for earlier, later in zip(documents, documents[1:]):
        a, b = list(earlier.positions), list(later.positions)
        if not a and not b:
            continue
        sim = np.zeros((len(a), len(b)), np.float32)
        if a and b:
            sim = np.stack([vector_of(p) for p in a]) @ np.stack([vector_of(p) for p in b]).T
            sa, sb = [content_stems(p.text) for p in a], [content_stems(p.text) for p in b]
            sim = sim + LEXICAL * np.array([[overlap(x, y) for y in sb] for x in sa], np.float32)
        ch = align(a, b, sim, threshold)
        out.append(Change(earlier.document.doc_id, later.document.doc_id, ch.new, ch.dropped, ch.continued))
    return tuple(out)
