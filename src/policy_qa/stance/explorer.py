"""Stance explorer: the organisation's positions on a topic, per document and over time.

A statement is *on the topic* when more than half of a topic term's words occur in it (or in the demand it is a
sub-item of); a word found only in its section heading or background counts half. A document with no such
position is silent on the topic: listed, with no positions.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..index.analysis import stem, words
from ..records import DocumentInfo
from .statements import STRENGTH, Statement, statements
from .topics import Topic, resolve_topic

OWN, CONTEXT = 1.0, 0.5  # weight of a topic word found in the statement vs. only in its heading/background
MIN_COVERAGE = 0.5  # a statement is on the topic when its coverage of some term is strictly above this


@dataclass(frozen=True)
class Position:
    """A position on the topic, cited with page and section; score = topic coverage × position strength."""

    text: str
    page: int
    section: str
    score: float
    kind: str

    def to_dict(self) -> dict:
        return {"text": self.text, "page": self.page, "section": self.section, "score": round(self.score, 3)}


@dataclass(frozen=True)
class DocumentStance:
    """What one document says on the topic: its catalogue facts and positions in reading order."""

    document: DocumentInfo
    positions: tuple[Position, ...] = ()

    def to_dict(self) -> dict:
        d = self.document
        return {"doc_id": d.doc_id, "title": d.title, "kind": d.kind, "date": d.date, "file": d.file,
                "positions": [p.to_dict() for p in self.positions]}


@dataclass(frozen=True)
class Stance:
    """The answer to "what is Metaalunie's position on X?": every document, ordered by date."""

    topic: Topic
    documents: tuple[DocumentStance, ...] = field(default=())

    def to_dict(self) -> dict:
        return {"topic": self.topic.label, "documents": [d.to_dict() for d in self.documents]}


@dataclass(frozen=True)
class Bag:
    """The words of a text as written (lower-case) and as Dutch stems, for topic matching."""

    words: frozenset[str]
    stems: frozenset[str]

    @classmethod
    def of(cls, text: str) -> "Bag":
        ws = words(text)
        return cls(frozenset(ws), frozenset(stem(w) for w in ws))

    def __contains__(self, word: str) -> bool:
        """Same stem, or (5+ letters) the word starts or ends a compound here ('defensie' in 'defensiebudget')."""
        if stem(word) in self.stems:
            return True
        return len(word) >= 5 and any(w.startswith(word) or w.endswith(word) for w in self.words)


def coverage(term: str, own: Bag, context: Bag) -> float:
    """Share of the term's words found: in the statement (weight 1) or only in its heading/background (½)."""
    ws = list(dict.fromkeys(words(term)))
    if not ws:
        return 0.0
    return sum(OWN if w in own else CONTEXT if w in context else 0.0 for w in ws) / len(ws)


@dataclass(frozen=True)
class StanceIndex:
    """The statements of a corpus with their stems, computed once per loaded index."""

    documents: tuple[DocumentInfo, ...]
    statements: tuple[Statement, ...]
    own: tuple[Bag, ...]
    context: tuple[Bag, ...]

    @classmethod
    def build(cls, passages, documents) -> "StanceIndex":
        sts = tuple(statements(passages))
        background: dict[tuple[str, str], list[str]] = {}
        for s in sts:
            texts = background.setdefault((s.doc_id, s.section), [s.section])
            if s.kind is None:
                texts.append(s.text)
        ctx_bags = {key: Bag.of(" ".join(texts)) for key, texts in background.items()}
        own = tuple(Bag.of(f"{s.parent} {s.text}") for s in sts)
        ctx = tuple(ctx_bags[(s.doc_id, s.section)] for s in sts)
        return cls(tuple(documents), sts, own, ctx)

    def relevance(self, i: int, topic: Topic) -> float:
        """How well statement i covers the topic: the best coverage over the topic's terms."""
        return max((coverage(t, self.own[i], self.context[i]) for t in topic.terms), default=0.0)

    def stance(self, topic: Topic, doc_ids: frozenset[str] = frozenset()) -> Stance:
        """Positions on the topic per document (documents by date, positions in reading order)."""
        found: dict[str, list[Position]] = {}
        for i, s in enumerate(self.statements):
            if s.kind is None or (doc_ids and s.doc_id not in doc_ids):
                continue
            rel = self.relevance(i, topic)
            if rel > MIN_COVERAGE:
                found.setdefault(s.doc_id, []).append(
                    Position(s.text, s.page, s.section, rel * STRENGTH[s.kind], s.kind))
        docs = sorted((d for d in self.documents if not doc_ids or d.doc_id in doc_ids),
                      key=lambda d: (d.date or "9999", d.doc_id))
        return Stance(topic, tuple(DocumentStance(d, tuple(found.get(d.doc_id, ()))) for d in docs))


_CACHE: dict[int, tuple[object, StanceIndex]] = {}


def stance_index(index) -> StanceIndex:
    """The StanceIndex of a LoadedIndex, built on first use and kept while that index is in use."""
    hit = _CACHE.get(id(index))
    if hit is None or hit[0] is not index:
        _CACHE.clear()
        hit = (index, StanceIndex.build(index.passages, index.documents))
        _CACHE[id(index)] = hit
    return hit[1]


def explore(retriever, topic_text: str, topics: tuple[Topic, ...] = ()) -> Stance:
    """Metaalunie's positions on `topic_text` (a listed topic or free text) across the retriever's index."""
    return stance_index(retriever.index).stance(resolve_topic(topic_text, topics))


def overview(retriever, topics: tuple[Topic, ...]) -> tuple[tuple[DocumentInfo, ...], tuple[tuple[Topic, tuple[int, ...]], ...]]:
    """Topics × documents: for each topic the number of positions per document (documents by date)."""
    sx = stance_index(retriever.index)
    rows = []
    docs: tuple[DocumentInfo, ...] = ()
    for t in topics:
        st = sx.stance(t)
        docs = tuple(d.document for d in st.documents)
        rows.append((t, tuple(len(d.positions) for d in st.documents)))
    if not topics:
        docs = tuple(sorted(sx.documents, key=lambda d: (d.date or "9999", d.doc_id)))
    return docs, tuple(rows)


