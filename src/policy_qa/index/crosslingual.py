"""What English questions need from a Dutch index: the corpus's own words, to translate into, and a second view
of every passage by an encoder trained on translation pairs.

- Vocabulary: every content word of the corpus with its vector from the English encoder (the index's encoder
  when there is none). An English word ('innovation') is translated into the corpus words whose vectors are
  closest ('innovatie'), so BM25 on Dutch text hears an English question too. USE was trained on translation
  pairs and encodes a word ~10x faster than e5, which made a question's words cost twice the question itself.
- Passage vectors from `english_encoder` (multilingual USE v3: trained on translation and question-answer pairs),
  mixed into the fusion for English questions only; e5 stays the one encoder for Dutch questions.

Stored as vocabulary.json (a word list), vocabulary_vectors.npy and english_vectors.npy (float16, no pickle).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from .analysis import words

WORDS_FILE = "vocabulary.json"
WORD_VECTORS_FILE = "vocabulary_vectors.npy"
ENGLISH_VECTORS_FILE = "english_vectors.npy"
# A question word is translated into the (at most 2) corpus words whose vectors are this close, per word encoder.
# Chosen on the tune split of tests/data/dev_questions.jsonl: USE .70 (English MRR .921; .60 .897, .80 .913);
# e5 .93 (English MRR .913; .92 let in 'succes' for 'succession'; tax→fiscale .92, innovation→innovatie .96).
TRANSLATE_COSINE = {"use-multilingual-v3": 0.70}
DEFAULT_TRANSLATE_COSINE = 0.93
TRANSLATIONS = 2


def translate_cosine(word_encoder: str) -> float:
    """How close a corpus word's vector must be to translate a question word, on this encoder's scale."""
    return TRANSLATE_COSINE.get(word_encoder, DEFAULT_TRANSLATE_COSINE)

Encode = Callable[[list[str]], np.ndarray]


MAX_WORD = 40  # longer "words" are extraction debris (a run of glyphs without spaces), never a translation


def corpus_words(texts: list[str]) -> list[str]:
    """The distinct content words of a corpus (3 to 40 letters, no numbers), sorted: what may be translated to."""
    return sorted({w for t in texts for w in words(t) if 2 < len(w) <= MAX_WORD and not w.isdigit()})


@dataclass(frozen=True)
class Crosslingual:
    """The corpus words with their vectors (by `word_encoder`), and the English encoder's passage vectors."""

    words: tuple[str, ...]
    word_vectors: np.ndarray
    english_encoder: str = ""
    english_vectors: np.ndarray | None = None
    word_encoder: str = ""  # the encoder of word_vectors: the English encoder, or the index's without one

    def translations(self, vectors: np.ndarray, threshold: float | None = None,
                     most: int = TRANSLATIONS) -> list[str]:
        """Corpus words near any of the given word vectors (one row per question word, from `word_encoder`),
        closest first per word."""
        if not len(self.words) or not len(vectors):
            return []
        threshold = translate_cosine(self.word_encoder) if threshold is None else threshold
        cos = np.asarray(vectors, dtype=np.float32) @ self._words32.T
        out: list[str] = []
        for row in np.atleast_2d(cos):
            best = np.argsort(-row)[:most]
            out.extend(self.words[i] for i in best if row[i] >= threshold)
        return list(dict.fromkeys(out))

    @functools.cached_property
    def _words32(self) -> np.ndarray:
        """The word vectors as float32, made once (a real archive's vocabulary runs to 100,000 words)."""
        return np.asarray(self.word_vectors, dtype=np.float32)

    @functools.cached_property
    def _english32(self) -> np.ndarray:
        """The English vectors as float32, made once on the first English question: converting the float16 file
        per question cost 50–130 ms at 58,000 passages (the p95 of a 10,000-page index); scoring then takes ~5 ms."""
        return np.asarray(self.english_vectors, dtype=np.float32)

    def english_scores(self, query: np.ndarray) -> np.ndarray | None:
        """Cosine of an English-encoder query vector with every passage; None without English vectors."""
        if self.english_vectors is None:
            return None
        return self._english32 @ np.asarray(query, dtype=np.float32)


def build_crosslingual(texts: list[str], encode_words: Encode, known_words: dict[str, np.ndarray],
                       english_encoder: str = "", encode_english: Encode | None = None,
                       known_english: list[np.ndarray | None] | None = None, word_encoder: str = "") -> Crosslingual:
    """Vocabulary vectors by `word_encoder` (reusing `known_words[word]`, which must come from the same encoder)
    and, with an English encoder, its passage vectors (reusing `known_english[i]` where not None)."""
    vocab = corpus_words(texts)
    todo = [w for w in vocab if w not in known_words]
    fresh = dict(zip(todo, encode_words(todo))) if todo else {}
    dim = len(next(iter(fresh.values()))) if fresh else len(next(iter(known_words.values()))) if known_words else 0
    word_vectors = np.array([fresh[w] if w in fresh else known_words[w] for w in vocab],
                            dtype=np.float16).reshape(len(vocab), dim)
    english = None
    if english_encoder and encode_english is not None:
        known_english = known_english or [None] * len(texts)
        missing = [i for i, v in enumerate(known_english) if v is None]
        got = encode_english([texts[i] for i in missing]) if missing else None
        rows = list(known_english)
        for j, i in enumerate(missing):
            rows[i] = got[j]
        english = np.array(rows, dtype=np.float16) if rows else np.zeros((0, 0), np.float16)
    return Crosslingual(tuple(vocab), word_vectors, english_encoder if english is not None else "", english,
                        word_encoder)


def save_crosslingual(directory: Path, cl: Crosslingual) -> None:
    directory = Path(directory)
    (directory / WORDS_FILE).write_text(json.dumps(list(cl.words), ensure_ascii=False), encoding="utf-8")
    np.save(directory / WORD_VECTORS_FILE, np.asarray(cl.word_vectors, dtype=np.float16), allow_pickle=False)
    if cl.english_vectors is not None:
        np.save(directory / ENGLISH_VECTORS_FILE, np.asarray(cl.english_vectors, dtype=np.float16), allow_pickle=False)


def word_encoder_of(manifest: dict) -> str:
    """The encoder of an index's corpus-word vectors (indexes before it was recorded used the index's encoder)."""
    return (manifest.get("word_encoder") or {}).get("name", "") or (manifest.get("encoder") or {}).get("name", "")


def load_crosslingual(directory: Path, passages: int, english_encoder: str = "",
                      word_encoder: str = "") -> Crosslingual | None:
    """The index's cross-lingual parts, or None when absent or damaged (English questions then do without)."""
    directory = Path(directory)
    try:
        vocab = json.loads((directory / WORDS_FILE).read_text(encoding="utf-8"))
        vectors = np.load(directory / WORD_VECTORS_FILE, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if not isinstance(vocab, list) or len(vocab) != len(vectors) or not all(isinstance(w, str) for w in vocab):
        return None
    english = None
    if english_encoder and (directory / ENGLISH_VECTORS_FILE).exists():
        try:
            english = np.load(directory / ENGLISH_VECTORS_FILE, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError):
            english = None
        if english is not None and len(english) != passages:
            english = None
    return Crosslingual(tuple(vocab), vectors, english_encoder if english is not None else "", english, word_encoder)
