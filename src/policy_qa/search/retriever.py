"""Hybrid search over a loaded index: Dutch BM25 and dense vectors, fused, filtered, with a confidence."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from ..config import Settings
from ..index.analysis import FRAMING, is_english, stem, topic_terms, words
from ..index.compounds import PartOf
from ..index.encoders import Encoder, get_encoder
from ..index.lexical import PassageCounts
from ..index.store import Store
from ..records import Hit
from . import confidence as conf
from .fusion import FUSIONS
from .naming import Names, mere_names, name_words, named_documents, named_first, naming_words
from .query import own_name_words, without_words

MODES = ("hybrid", "lexical", "dense")


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
    query: str = ""  # the question without the organisation's own name: what the retrievers saw
    rarest: int = 0  # how many passages hold the question's rarest topic word (0: one the corpus lacks)
    english_scores: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # English encoder, best first


@dataclass(frozen=True)
class Result:
    """Top-k hits, the confidence that they answer, and notices about how it was computed."""

    ranking: Ranking
    confidence: float
    notices: tuple[str, ...] = ()

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self.ranking.hits


def top_ids(scores: np.ndarray, k: int) -> np.ndarray:
    """The ids of the k best scores, best first, ties by id: a full stable sort's first k, found by partition
    (58,000 passages: 2.7 ms a question less than sorting them all)."""
    n = len(scores)
    if k >= n:
        return np.argsort(-scores, kind="stable")
    if k <= 0:
        return np.zeros(0, np.int64)
    neg = -np.asarray(scores)
    kth = np.partition(neg, k - 1)[k - 1]
    candidates = np.flatnonzero(neg <= kth)  # every id at least as good as the k-th, ties included, ascending
    return candidates[np.argsort(neg[candidates], kind="stable")][:k]


class Retriever:
    """Cheap to create; the encoder loads on first query (or `warm_up`)."""

    def __init__(self, index: Store, settings: Settings | None = None, encoder: Encoder | None = None) -> None:
        self.index = index
        self.settings = settings or Settings.from_env()
        # Queries must be encoded by the model that encoded the passages, whatever the settings say now.
        self.encoder = encoder or get_encoder(index.encoder_name)
        self._passages = index.passages
        self._years = np.array([p.date[:4] for p in self._passages])
        self._position = {p.passage_id: i for i, p in enumerate(self._passages)}
        self._query_vec = functools.lru_cache(maxsize=1024)(self._encode_query)
        assistant = index.assistant
        # Every document is the organisation's own, so its name says nothing about which passage answers.
        self.own_words = own_name_words(assistant.organisation, assistant.short_name,
                                        *(d.organisation for d in index.documents))
        self.framing = FRAMING | {w.lower() for w in assistant.framing_words}
        self.weights, calibrated = conf.weights_for(index.encoder_name)
        self._notices = () if calibrated else (conf.UNCALIBRATED.format(name=index.encoder_name),)
        self.crosslingual = getattr(index, "crosslingual", None)  # a Milvus store has none
        self._english_vec = functools.lru_cache(maxsize=1024)(self._encode_english)
        self._word_vecs: dict[str, np.ndarray] = {}

    def warm_up(self) -> None:
        """Load what the first questions would otherwise wait for: the encoders, term counts, word lists and the
        float32 copies English questions score on (one Dutch and one English search: at 58,000 passages the first
        English question otherwise converts ~120 MB)."""
        self._query_vec("warm-up")
        if self.english_encoder is not None:
            self._english_vec("warm-up")
        _ = self.passage_counts, self.standalone_stems, self.compound_parts
        is_english("grid congestion")  # keyword questions read the Dutch and English word lists (~0.4 s, once)
        if self._passages:
            self.rank("opwarmen van de index")
            self.rank("warming up the index")

    @functools.cached_property
    def english_encoder(self) -> Encoder | None:
        """The index's second encoder for English questions (loaded on first use), or None without one."""
        cl = self.crosslingual
        return get_encoder(cl.english_encoder) if cl is not None and cl.english_vectors is not None else None

    @functools.cached_property
    def document_names(self) -> Names:
        """The words that name one document (its file name, organisation, kind): search/naming.py."""
        return name_words(self.index.documents, self._passages)

    @functools.cached_property
    def word_encoder(self) -> Encoder:
        """The encoder of the index's corpus-word vectors, which an English question's words must be encoded by."""
        name = self.crosslingual.word_encoder if self.crosslingual is not None else ""
        return self.encoder if not name or name == self.encoder.name else get_encoder(name)

    def _encode_english(self, query: str) -> np.ndarray:
        return self.english_encoder.encode_queries([query])[0]

    def translations(self, query: str) -> list[str]:
        """The corpus words an English query's topic words translate to (by query-vector cosine; see crosslingual)."""
        if self.crosslingual is None:
            return []
        ws = list(dict.fromkeys(w for w in words(query) if w not in self.framing))
        if not ws:
            return []
        known = {w: v for w in ws if (v := self._word_vecs.get(w)) is not None}
        todo = [w for w in ws if w not in known]
        if todo:  # concurrent requests may add or clear the cache meanwhile: this call uses its own copy
            fresh = dict(zip(todo, self.word_encoder.encode_queries(todo)))
            if len(self._word_vecs) > 4096:
                self._word_vecs.clear()
            self._word_vecs.update(fresh)
            known.update(fresh)
        return self.crosslingual.translations(np.array([known[w] for w in ws]))

    @functools.cached_property
    def standalone_stems(self):
        """stem -> bool: whether the corpus writes the word on its own, not only inside compounds (from the corpus
        words of the index's cross-lingual part; None without one, and a compound's parts then vouch for it alone)."""
        cl = self.crosslingual
        return frozenset(stem(w) for w in cl.words).__contains__ if cl is not None and cl.words else None

    @functools.cached_property
    def compound_parts(self) -> PartOf | None:
        """word -> bool: a corpus compound holds the word whole ('bedrijfsopvolging' in 'bedrijfsopvolgingsregeling'),
        from the same corpus words; None without them."""
        cl = self.crosslingual
        return PartOf(cl.words) if cl is not None and cl.words else None

    @functools.cached_property
    def passage_counts(self) -> PassageCounts:
        """How many passages hold each term (counted on first use: the confidence asks for it)."""
        lexical = self.index.lexical
        if hasattr(lexical, "document_frequencies"):  # the local BM25 index knows them already
            return PassageCounts(counts=lexical.document_frequencies())
        return PassageCounts([p.index_text() for p in self._passages])

    def query_vector(self, question: str) -> np.ndarray:
        """The (cached) dense vector of a question as search encodes it, the organisation's name left out."""
        return self._query_vec(without_words(question, self.own_words))

    def _encode_query(self, question: str) -> np.ndarray:
        return self.encoder.encode_queries([question])[0]

    def sentence_cosines(self, query: str, passage) -> np.ndarray | None:
        """Cosines of the query with each of a passage's sentences (text.sentences order); None without vectors."""
        pid = self._position.get(passage.passage_id)
        if pid is None or self.index.sentences is None:
            return None
        rows = self.index.sentences.rows(pid)
        if not len(rows):
            return None
        return np.asarray(rows, dtype=np.float32) @ np.asarray(self._query_vec(query), dtype=np.float32)

    def allowed(self, filters: Filters | None) -> np.ndarray | None:
        if not filters:
            return None
        if hasattr(self.index, "select"):  # a server-side store filters there (Milvus: a filter expression)
            return self.index.select(filters)
        mask = np.ones(len(self._passages), dtype=bool)
        if filters.doc_ids:
            mask &= np.array([p.doc_id in filters.doc_ids for p in self._passages])
        if filters.kinds:
            mask &= np.array([p.kind in filters.kinds for p in self._passages])
        if filters.years:
            mask &= np.isin(self._years, list(filters.years))
        return np.flatnonzero(mask)

    def _lexical(self, query: str, depth: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if hasattr(self.index.lexical, "top"):  # a server-side store ranks (and filters) there
            return self.index.lexical.top(query, depth, allowed)
        scores = self.index.lexical.scores(query)
        if allowed is not None:
            masked = np.full(len(scores), -1.0, dtype=np.float32)
            masked[allowed] = scores[allowed]
            scores = masked
        order = top_ids(scores, depth)
        order = order[scores[order] > 0]
        return order, scores[order]

    def _dense(self, query: str, depth: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        qvec = self._query_vec(query)
        scores, ids = self.index.dense.search(qvec, depth, allowed)
        if self.index.sentences is not None:
            scores, ids = self.index.sentences.rescore(qvec, ids, scores)
        return ids, scores

    def _english(self, query: str, depth: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The English encoder's ranking (exact cosine over its passage vectors), restricted to `allowed`."""
        scores = self.crosslingual.english_scores(self._english_vec(query))
        if allowed is not None:
            masked = np.full(len(scores), -np.inf, dtype=np.float32)
            masked[allowed] = scores[allowed]
            scores = masked
        order = top_ids(scores, depth)
        order = order[np.isfinite(scores[order])]
        return order, scores[order]

    def rank(self, question: str, top_k: int | None = None, filters: Filters | None = None,
             mode: str = "hybrid") -> Ranking:
        """Fused ranking of passages for `question`; mode 'lexical' or 'dense' uses one retriever only."""
        s = self.settings
        top_k = top_k or s.top_k
        n = len(self._passages)
        allowed = self.allowed(filters)
        depth = min(n, max(s.candidates, top_k))
        naming = naming_words(question, self.document_names)
        query = without_words(question, self.own_words | mere_names(naming, self.document_names))
        empty = (np.zeros(0, np.int64), np.zeros(0, np.float32))
        english = is_english(question)
        # BM25 hears an English question through its words' translations into the corpus's own words.
        lexical = empty
        if mode in ("hybrid", "lexical") and n:
            lexical = self._lexical(" ".join([query, *self.translations(query)]) if english else query, depth, allowed)
        dense = self._dense(query, depth, allowed) if mode in ("hybrid", "dense") and n else empty
        second = self._english(query, depth, allowed) if english and self.english_encoder is not None and n else empty
        if mode == "hybrid":
            w = self.dense_weight(question)
            lists, weights = [lexical, dense], [1 - w, w]
            if len(second[0]) and s.english_share > 0:
                lists.append(second)
                weights.append(s.english_share)
            fused = FUSIONS[s.fusion](lists, weights, s.rrf_k)
        else:
            ids, scores = lexical if mode == "lexical" else dense
            fused = {int(i): float(sc) for i, sc in zip(ids, scores)}
        lex_rank = {int(i): r for r, i in enumerate(lexical[0], start=1)}
        dense_rank = {int(i): r for r, i in enumerate(dense[0], start=1)}
        ordered = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
        ordered = named_first(ordered, lambda pid: self._passages[pid].doc_id,
                              named_documents(naming), top_k)
        hits = tuple(Hit(self._passages[pid], score, rank, lex_rank.get(pid), dense_rank.get(pid))
                     for rank, (pid, score) in enumerate(ordered, start=1))
        terms = tuple(topic_terms(query, self.framing))
        corpus_terms = set(self.index.lexical.known_terms(query, self.standalone_stems, self.compound_parts))
        topic = [w for w in words(query) if w not in self.framing]
        rarest = min((self.passage_counts.of_word(w) for w in topic), default=0)
        return Ranking(hits, np.asarray(lexical[0]), np.asarray(lexical[1]), np.asarray(dense[0]),
                       np.asarray(dense[1]), terms, tuple(t for t in terms if t in corpus_terms), question, query,
                       rarest, np.asarray(second[1]))

    def dense_weight(self, question: str) -> float:
        """The dense share of the fusion: higher for English questions, whose words BM25 on Dutch text barely knows."""
        s = self.settings
        return max(s.dense_weight, s.english_dense_weight) if is_english(question) else s.dense_weight

    def search(self, question: str, top_k: int | None = None, filters: Filters | None = None,
               mode: str = "hybrid") -> Result:
        """Top-k hits and the confidence that the documents answer the question."""
        ranking = self.rank(question, top_k, filters, mode)
        return Result(ranking, conf.confidence(ranking, self.weights), self._notices)
