"""What the last good index lends a new build: per-file results, passage vectors and sentence vectors by text.

Read once per build, so an unchanged file is neither read nor encoded again.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..records import DocumentInfo, Passage, Problem
from .crosslingual import load_crosslingual, word_encoder_of
from .folder import FORMAT_VERSION, PASSAGES, read_manifest, read_passages, read_vectors
from .sentences import load_sentence_vectors, passage_sentences, sentence_key


def text_key(encoder_name: str, text: str) -> str:
    return hashlib.sha1(f"{encoder_name}\x00{text}".encode()).hexdigest()


@dataclass(frozen=True)
class FileResult:
    """One indexed file as the previous build left it."""

    info: DocumentInfo
    passages: tuple[Passage, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Previous:
    """The previous index's reusable parts; empty when there is none or it used another encoder."""

    encoder: str = ""
    vectors: dict[str, np.ndarray] = field(default_factory=dict)  # text_key → passage vector
    sentences: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)  # sentence_key → rows
    files: dict[tuple[str, str], FileResult] = field(default_factory=dict)  # (file, sha256) → result
    words: dict[str, np.ndarray] = field(default_factory=dict)  # corpus word → its vector by `word_encoder`
    english: dict[str, np.ndarray] = field(default_factory=dict)  # text_key(english encoder, text) → vector
    word_encoder: str = ""

    def __bool__(self) -> bool:
        return bool(self.vectors or self.files)

    def vector(self, encoder_name: str, text: str) -> np.ndarray | None:
        return self.vectors.get(text_key(encoder_name, text)) if encoder_name == self.encoder else None

    def english_vector(self, encoder_name: str, text: str) -> np.ndarray | None:
        return self.english.get(text_key(encoder_name, text))


def previous(index_dir: Path, fingerprint: dict, encoder_name: str) -> Previous:
    """Read what the index at `index_dir` can lend a build with `fingerprint` and `encoder_name`."""
    manifest = read_manifest(index_dir)
    if not manifest or manifest.get("format_version") != FORMAT_VERSION:
        return Previous()
    try:
        passages = list(read_passages(Path(index_dir) / PASSAGES))
        vectors = read_vectors(index_dir)
        old_encoder = manifest["encoder"]["name"]
    except Exception:  # an unreadable old index only means nothing is reused
        return Previous()
    if len(vectors) != len(passages) or old_encoder != encoder_name:
        return Previous()
    by_text = {text_key(old_encoder, p.index_text()): vectors[i] for i, p in enumerate(passages)}
    sentences = {}
    loaded = load_sentence_vectors(index_dir, len(passages))
    if loaded is not None:
        # Rows split by older code may not be this code's sentences: only as many rows as sentences are lent.
        sentences = {sentence_key(p): np.asarray(loaded.rows(i), dtype=np.float16) for i, p in enumerate(passages)
                     if len(loaded.rows(i)) == len(passage_sentences(p))}
    files = {}
    if manifest.get("settings") == fingerprint:
        docs = {d["file"]: DocumentInfo.from_dict(d) for d in manifest.get("documents", []) if isinstance(d, dict)}
        for f in manifest.get("files", []):
            if isinstance(f, dict) and f.get("status") == "indexed" and f.get("file") in docs:
                files[(f["file"], f["sha256"])] = FileResult(
                    docs[f["file"]], tuple(p for p in passages if p.file == f["file"]),
                    tuple(Problem(**p) for p in f.get("problems", [])))
    words, english = {}, {}
    english_name = (manifest.get("english_encoder") or {}).get("name", "")
    word_name = word_encoder_of(manifest)
    cl = load_crosslingual(Path(index_dir), len(passages), english_name, word_name)
    if cl is not None:
        words = {w: np.asarray(v) for w, v in zip(cl.words, cl.word_vectors)}
        if cl.english_vectors is not None:
            english = {text_key(english_name, p.index_text()): np.asarray(cl.english_vectors[i])
                       for i, p in enumerate(passages)}
    return Previous(old_encoder, by_text, sentences, files, words, english, word_name)
