"""Dutch BM25: tokenising, stopwords and Snowball stemming (PyStemmer), scored by bm25s; saved without pickle."""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

_TOKEN = re.compile(r"[^\W_]+", re.U)
STOPWORDS = frozenset(STOPWORDS_DUTCH) | frozenset(STOPWORDS_EN) | {"metaalunie", "wat", "welke", "hoe", "waarom"}


# Function words that mark a question as English (Dutch shares 'in', 'is', 'of', 'was' with English).
_ENGLISH = (frozenset(STOPWORDS_EN) | {"how", "many", "much", "does", "do", "did", "what", "which", "who", "why",
                                      "when", "where", "should", "would", "want", "wants", "about", "its", "their"}) \
    - frozenset(STOPWORDS_DUTCH)
_DUTCH = frozenset(STOPWORDS_DUTCH) - frozenset(STOPWORDS_EN) | {"wat", "welke", "hoe", "waarom", "wil", "vindt"}


def is_english(text: str) -> bool:
    """True when a text has more English than Dutch function words: BM25 on Dutch passages then says little."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())
    en = sum(t in _ENGLISH for t in tokens)
    return en > sum(t in _DUTCH for t in tokens)


@functools.lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def words(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords; hyphenated compounds give their parts ('MKB-maakindustrie')."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [t for t in _TOKEN.findall(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


# Words that frame a question ("Wat vindt Metaalunie van …?", "standpunt") rather than name its topic.
FRAMING = frozenset({
    "vindt", "vinden", "vind", "denkt", "denken", "standpunt", "standpunten", "mening", "visie", "positie",
    "opstelling", "houding", "inzet", "zegt", "zeggen", "stelt", "vraagt", "vragen", "eist", "eisen", "wil",
    "willen", "wilt", "wensen", "pleit", "pleiten", "volgens", "brief", "manifest", "document", "documenten",
    "koninklijke", "vereniging", "organisatie", "staat", "think", "thinks", "position", "stance", "view",
    "say", "says", "ask", "asks", "want", "wants", "demand", "demands", "according", "letter", "manifesto",
    "propose", "proposes", "opinion",
})


def topic_terms(text: str) -> list[str]:
    """The stemmed words that name what a question is about: its terms without the framing words."""
    return list(dict.fromkeys(stem(w) for w in words(text) if w not in FRAMING))


def tokenize(text: str) -> list[str]:
    """The BM25 terms of a text: Dutch-stemmed content words."""
    return [stem(w) for w in words(text)]


class LexicalIndex:
    """BM25 over passage texts; `scores` gives every passage's score for a query."""

    def __init__(self, model: bm25s.BM25, size: int) -> None:
        self._model = model
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> "LexicalIndex":
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([tokenize(t) or ["_leeg_"] for t in texts], show_progress=False)
        return cls(model, len(texts))

    def scores(self, query: str) -> np.ndarray:
        ids = self._model.get_tokens_ids(tokenize(query))
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores_from_ids(ids), dtype=np.float32)

    def known_terms(self, query: str) -> list[str]:
        """The query's terms that occur somewhere in the corpus."""
        return [t for t in tokenize(query) if t in self._model.vocab_dict]

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> "LexicalIndex":
        model = bm25s.BM25.load(str(directory), allow_pickle=False, load_corpus=False)
        return cls(model, size)
