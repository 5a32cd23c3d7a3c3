"""Pure text helpers shared by every layer: words, sentences, letter/digit normalisation, slugs."""
from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+", re.U)  # a run of letters and digits: what counts as a word everywhere
_SENTENCE_END = re.compile(r"(?<=[.!?’”])\s+(?=[A-Z0-9‘“\"(])")
BULLET = "•"


def letters_digits(text: str) -> str:
    """NFKC, case-folded, letters and digits only: texts compare across line breaks, hyphens and punctuation."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def split_sentences(line: str) -> list[str]:
    """One line cut at sentence ends ('. ' before a capital, digit or quote); pieces stripped, empties dropped."""
    return [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]


def sentences(text: str, min_words: int = 4) -> list[str]:
    """Sentences and bullet items of a passage, without bullet marks; fragments under `min_words` words dropped."""
    out = []
    for line in text.split("\n"):
        for s in split_sentences(line):
            s = s.lstrip(BULLET + " ").strip()
            if len(s.split()) >= min_words:
                out.append(s)
    return out


def slug(text: str, fallback: str = "document", limit: int | None = None) -> str:
    """A stable, readable ASCII id ('Brief formatie 2025' → 'brief-formatie-2025')."""
    s = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKC", text).lower())
    if limit:
        s = s[:limit]
    return s.strip("-") or fallback
