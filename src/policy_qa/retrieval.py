"""Hybrid search over a loaded index: Dutch BM25 and dense vectors, fused, filtered, with a confidence."""
from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, field

import numpy as np

from . import confidence as conf
from . import fusion
from .config import Settings
from .encoders import Encoder, get_encoder
from .lexical import is_english, topic_terms
from .models import Answer, Hit
from .store import LoadedIndex


@dataclass(frozen=True)
class Filters:
    """Restrict a search to some documents, kinds or years; empty means no restriction."""

    doc_ids: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.doc_ids or self.kinds or self.years)


@dataclass(frozen=True)
class Ranking:
    """The outcome of one search before it is cut to top-k: fused order plus what the confidence needs."""

    hits: tuple[Hit, ...]
    lexical_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    lexical_scores: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    dense_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    dense_scores: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    query_terms: tuple[str, ...] = ()
    known_terms: tuple[str, ...] = ()
    question: str = ""


class Retriever:
    """Cheap to create; the encoder loads on first query (or `warm_up`)."""

    def __init__(self, index: LoadedIndex, settings: Settings | None = None, encoder: Encoder | None = None) -> None:
        self.index = index
        self.settings = settings or Settings.from_env()
        # Queries must be encoded by the model that encoded the passages, whatever the settings say now.
        self.encoder = encoder or get_encoder(index.encoder_name)
        self._passages = index.passages
        self._years = np.array([p.date[:4] for p in self._passages])
        self._lock = threading.Lock()
        self._query_vec = functools.lru_cache(maxsize=1024)(self._encode_query)
        # Every document is the organisation's own, so its name says nothing about which passage answers.
        self._org_words = frozenset(
            w.lower() for d in index.documents for w in re.findall(r"\w+", d.organisation) if len(w) > 3)

    def warm_up(self) -> None:
        self._query_vec("warm-up")

    def _encode_query(self, question: str) -> np.ndarray:
        return self.encoder.encode_queries([question])[0]

    def allowed(self, filters: Filters | None) -> np.ndarray | None:
        if not filters:
            return None
        mask = np.ones(len(self._passages), dtype=bool)
        if filters.doc_ids:
            mask &= np.array([p.doc_id in filters.doc_ids for p in self._passages])
        if filters.kinds:
            mask &= np.array([p.kind in filters.kinds for p in self._passages])
        if filters.years:
            mask &= np.isin(self._years, list(filters.years))
        return np.flatnonzero(mask)

    def rank(self, question: str, top_k: int | None = None, filters: Filters | None = None,
             mode: str = "hybrid") -> Ranking:
        """Fused ranking of passages for `question`; mode 'lexical' or 'dense' uses one retriever only."""
        s = self.settings
        top_k = top_k or s.top_k
        n = len(self._passages)
        allowed = self.allowed(filters)
        depth = min(n, max(s.candidates, top_k))
        lex_ids = lex_scores = dense_ids = dense_scores = np.zeros(0)
        if mode in ("hybrid", "lexical") and n:
            scores = self.index.lexical.scores(question)
            if allowed is not None:
                masked = np.full(n, -1.0, dtype=np.float32)
                masked[allowed] = scores[allowed]
                scores = masked
            order = np.argsort(-scores, kind="stable")[:depth]
            order = order[scores[order] > 0]
            lex_ids, lex_scores = order, scores[order]
        if mode in ("hybrid", "dense") and n:
            qvec = self._query_vec(without_words(question, self._org_words))
            dense_scores, dense_ids = self.index.dense.search(qvec, depth, allowed)
            if self.index.sentences is not None:
                dense_scores, dense_ids = self.index.sentences.rescore(qvec, dense_ids, dense_scores)
        w = self.dense_weight(question)
        if mode == "lexical":
            fused = {int(i): float(sc) for i, sc in zip(lex_ids, lex_scores)}
        elif mode == "dense":
            fused = {int(i): float(sc) for i, sc in zip(dense_ids, dense_scores)}
        elif s.fusion == "weighted":
            fused = fusion.weighted([(lex_ids, lex_scores), (dense_ids, dense_scores)],
                                    [1 - w, w])
        else:
            fused = fusion.rrf([lex_ids, dense_ids], [2 * (1 - w), 2 * w], s.rrf_k)
        lex_rank = {int(i): r for r, i in enumerate(lex_ids, start=1)}
        dense_rank = {int(i): r for r, i in enumerate(dense_ids, start=1)}
        ordered = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:top_k]
        hits = tuple(
            Hit(self._passages[pid], score, rank, lex_rank.get(pid), dense_rank.get(pid))
            for rank, (pid, score) in enumerate(ordered, start=1)
        )
        terms = tuple(topic_terms(question))
        corpus_terms = set(self.index.lexical.known_terms(question))
        known = tuple(t for t in terms if t in corpus_terms)
        return Ranking(hits, np.asarray(lex_ids), np.asarray(lex_scores), np.asarray(dense_ids),
                       np.asarray(dense_scores), terms, known, question)

    def dense_weight(self, question: str) -> float:
        """The dense share of the fusion: higher for English questions, whose words BM25 on Dutch text barely knows."""
        s = self.settings
        return max(s.dense_weight, s.english_dense_weight) if is_english(question) else s.dense_weight

    def search(self, question: str, top_k: int | None = None, filters: Filters | None = None,
               mode: str = "hybrid") -> tuple[tuple[Hit, ...], float]:
        """Top-k hits and the confidence that the documents answer the question."""
        ranking = self.rank(question, top_k, filters, mode)
        return ranking.hits, conf.confidence(ranking, self._passages)

    def ask(self, question: str, top_k: int | None = None, filters: Filters | None = None) -> Answer:
        """The full answer: cited passages, confidence, and a short extract from the best passages."""
        from .answer import build_answer

        question, notices = prepare_question(question, self.settings.max_question_chars)
        hits, confidence = self.search(question, top_k, filters)
        return build_answer(question, hits, confidence, self.settings.low_confidence, notices)


def without_words(question: str, drop: frozenset[str]) -> str:
    """The question without the given words (and their possessive 's); unchanged if nothing would be left."""
    if not drop:
        return question
    kept = re.sub(r"\b(\w+)(?:['’]s)?\b", lambda m: "" if m.group(1).lower() in drop else m.group(0), question)
    kept = " ".join(kept.split())
    return kept if re.search(r"\w", kept) else question


class EmptyQuestion(ValueError):
    """A question with no words in it."""


def prepare_question(question: str, limit: int) -> tuple[str, tuple[str, ...]]:
    """Normalise whitespace and cut over-long questions to `limit` characters, saying so."""
    q = " ".join(str(question or "").split())
    if not re.search(r"\w", q):
        raise EmptyQuestion("the question is empty: type a question with at least one word")
    if len(q) > limit:
        cut = q[:limit].rsplit(" ", 1)[0] or q[:limit]
        return cut, (f"De vraag is ingekort tot {limit} tekens (question cut to {limit} characters).",)
    return q, ()

