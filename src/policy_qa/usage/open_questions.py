"""The "open questions" report: what members asked that the documents did not answer (or answered wrongly), by topic.

Questions that got "no answer" or a "klopt niet" are grouped by their query vectors (the ones the encoder made when
they were asked; greedy grouping around running centroids) and each group is labelled with its most frequent words.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..index.analysis import FRAMING, words
from .log import LoggedQuestion

SAME_TOPIC = 0.86  # cosine to a group's centroid above which a question joins it (e5-small query vectors)


@dataclass(frozen=True)
class OpenTopic:
    """One subject on which members expect a position and the documents have none."""

    label: str
    count: int
    examples: tuple[str, ...]
    first: str
    last: str

    def to_dict(self) -> dict:
        return {"label": self.label, "count": self.count, "examples": list(self.examples),
                "first": self.first, "last": self.last}


def is_open(q: LoggedQuestion) -> bool:
    return not q.answerable or q.wrong


def group(vectors: list[np.ndarray], threshold: float = SAME_TOPIC) -> list[list[int]]:
    """Indices grouped greedily: each vector joins the closest group whose centroid is within `threshold`."""
    groups: list[list[int]] = []
    centroids: list[np.ndarray] = []
    for i, v in enumerate(vectors):
        v = v / (np.linalg.norm(v) or 1.0)
        sims = [float(c @ v) / (np.linalg.norm(c) or 1.0) for c in centroids]
        best = int(np.argmax(sims)) if sims else -1
        if best >= 0 and sims[best] >= threshold:
            groups[best].append(i)
            centroids[best] = centroids[best] + v
        else:
            groups.append([i])
            centroids.append(v.copy())
    return groups


def label(questions: list[str], drop: frozenset[str] = frozenset(), n: int = 3) -> str:
    """The group's most frequent content words (framing words and the organisation's name left out)."""
    counts = Counter(w for q in questions for w in dict.fromkeys(words(q)) if w not in FRAMING and w not in drop)
    return ", ".join(w for w, _ in counts.most_common(n)) or questions[0][:40]


def open_topics(logged: list[LoggedQuestion], drop: frozenset[str] = frozenset(),
                threshold: float = SAME_TOPIC, examples: int = 3) -> list[OpenTopic]:
    """Open questions grouped into topics, the largest first; questions without a vector stand alone."""
    pending = [q for q in logged if is_open(q)]
    with_vec = [q for q in pending if q.vector is not None and q.vector.size]
    clusters = [[with_vec[i] for i in g] for g in group([q.vector for q in with_vec], threshold)]
    clusters += [[q] for q in pending if q.vector is None or not q.vector.size]
    out = []
    for members in clusters:
        texts = [q.question for q in members]
        times = sorted(q.asked_at for q in members)
        out.append(OpenTopic(label(texts, drop), len(members), tuple(dict.fromkeys(texts))[:examples],
                             times[0], times[-1]))
    return sorted(out, key=lambda t: (-t.count, t.first))
