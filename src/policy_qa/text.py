"""Pure text helpers shared by every layer: words, sentences, letter/digit normalisation, slugs."""
from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+", re.U)  # a run of letters and digits: what counts as a word everywhere
_SENTENCE_END = re.compile(r"(?<=[.!?’”])\s+(?=[A-Z0-9‘“\"(])")
BULLET = "•"
# Abbreviations that end in a full stop inside a sentence (Dutch and English): no sentence ends after them.
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:max|min|ca|bijv|bv|o\.a|nr|incl|excl|resp|m\.b\.t|t\.o\.v|e\.g|i\.e|"
                           r"vs|dhr|mevr|mr|dr|drs|ir|ing|prof)\.$", re.I)


def letters_digits(text: str) -> str:
    """NFKC, case-folded, letters and digits only: texts compare across line breaks, hyphens and punctuation."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def split_sentences(line: str) -> list[str]:
    """One line cut at sentence ends ('. ' before a capital, digit or quote), not after an abbreviation ('max. 750
    uur', 'dhr. Buma'); pieces stripped, empties dropped."""
    out: list[str] = []
    for piece in (s.strip() for s in _SENTENCE_END.split(line)):
        if piece and out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        elif piece:
            out.append(piece)
    return out


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
