"""Dutch BM25 over passage texts, scored by bm25s (sparse matrices) and saved without pickle.

Compound words also index (and query) their parts (index/compounds.py), so 'stikstofbeleid' meets 'stikstofregels'.
"""
from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from .analysis import stem, words
from .compounds import index_splitter, query_splitter


EMPTY = "_leeg_"  # the one term of a passage without words (bm25s needs one)


def _terms(ws: list[str], parts) -> list[str]:
    """Each word's stem, then the stems of its compound parts (when it is a compound)."""
    return [stem(w) for w in ws] + [stem(p) for w in ws for p in parts(w)]


def corpus_terms(texts: list[str]) -> list[list[str]]:
    """The BM25 terms of every text, compounds split against the whole corpus's vocabulary (any store uses these)."""
    per_text = [words(t) for t in texts]
    parts = index_splitter({w for ws in per_text for w in ws})
    return [_terms(ws, parts) for ws in per_text]


class PassageCounts:
    """How many passages hold each term (its document frequency), for the confidence: a topic word that only a
    passage or two hold is mentioned in passing, not written about."""

    def __init__(self, texts: list[str] = (), counts: dict[str, int] | None = None) -> None:
        """Counted from the passage texts, or given (`counts`: a BM25 index's document frequencies, the same terms)."""
        if counts is None:
            counts = {}
            for terms in corpus_terms(texts):
                for t in set(terms):
                    counts[t] = counts.get(t, 0) + 1
        self.counts = counts
        self.parts = query_splitter(lambda w: stem(w) in counts)  # a word the corpus lacks whole: its known parts

    def of_word(self, word: str) -> int:
        """Passages holding the word's stem; for a compound the corpus lacks whole, those holding its rarest part."""
        whole = self.counts.get(stem(word))
        if whole:
            return whole
        return min((self.counts.get(stem(p), 0) for p in self.parts(word)), default=0)


class QueryTerms:
    """A query's BM25 terms and its corpus-known topic stems, given which stems the corpus has (any store)."""

    def __init__(self, knows_stem) -> None:
        self._knows_stem = knows_stem
        self._parts = query_splitter(self._knows)

    def _knows(self, word: str) -> bool:
        return self._knows_stem(stem(word))

    def terms(self, query: str) -> list[str]:
        """Stems, plus the parts of compounds the corpus lacks as a whole."""
        return _terms(words(query), self._parts)

    def known(self, query: str, standalone=None, within=None) -> list[str]:
        """The stems of the query's words that the corpus knows, whole or (a compound) by all of its parts; with
        `standalone` (stem -> bool: the corpus writes it as a word of its own) a compound's parts must each be such
        a word, so 'kernenergie' is not known from 'kernpunt' and 'energie' while 'stikstofbeleid' is; with
        `within` (word -> bool: a corpus compound holds it whole, compounds.PartOf) 'bedrijfsopvolging' is known
        from 'bedrijfsopvolgingsregeling' though the corpus never writes 'opvolging' alone."""
        return [stem(w) for w in words(query) if self._knows(w) or _known_parts(self._parts(w), standalone)
                or (within is not None and bool(self._parts(w)) and within(w))]


def _known_parts(parts: tuple[str, ...], standalone) -> bool:
    """Whether a compound's parts vouch for it: any split at all, or (given `standalone`) one into words of their
    own."""
    return bool(parts) and (standalone is None or all(standalone(stem(p)) for p in parts))


class LexicalIndex:
    """BM25 over passage texts; `scores` gives every passage's score for a query."""

    def __init__(self, model: bm25s.BM25, size: int) -> None:
        self._model = model
        self.size = size
        self._query = QueryTerms(lambda s: s in self._model.vocab_dict)

    @classmethod
    def build(cls, texts: list[str]) -> "LexicalIndex":
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([terms or [EMPTY] for terms in corpus_terms(texts)], show_progress=False)
        return cls(model, len(texts))

    def query_terms(self, query: str) -> list[str]:
        """The query's BM25 terms: stems, plus the parts of compounds the corpus lacks as a whole."""
        return self._query.terms(query)

    def scores(self, query: str) -> np.ndarray:
        ids = self._model.get_tokens_ids(self.query_terms(query))
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores_from_ids(ids), dtype=np.float32)

    def document_frequencies(self) -> dict[str, int]:
        """How many passages hold each term, read off the BM25 matrix (a term's column holds one score per passage
        that has it), so the confidence need not tokenise every passage again: ~150 MB and seconds at 58,000."""
        df = np.diff(np.asarray(self._model.scores["indptr"]))
        return {t: int(df[i]) for t, i in self._model.vocab_dict.items()
                if i < len(df) and df[i] > 0 and t != EMPTY}

    def known_terms(self, query: str, standalone=None, within=None) -> list[str]:
        """The stems of the query's words that the corpus knows, whole or (a compound) by all of its parts."""
        return self._query.known(query, standalone, within)

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> "LexicalIndex":
        model = bm25s.BM25.load(str(directory), allow_pickle=False, load_corpus=False)
        return cls(model, size)
