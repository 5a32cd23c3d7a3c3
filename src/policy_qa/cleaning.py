"""Pure text clean-up for extracted PDF pages: Unicode, control characters, bullets, running lines, hyphenation.

Each function does one repair and can be tested on its own; `clean_pages` applies them in order.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

BULLET = "•"
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]")
_BULLET_GLYPHS = re.compile(r"^[ \t]*[▪■●◦○◆◇►▶➢➤✓✔❖□\-–·∙‣⁃][ \t]+", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?[\W_]*$"
    r"|^(?:[-–—]\s*\d{1,4}\s*[-–—]\s*)+$",
    re.I,
)
# Ligature glyphs that broken fonts turn into NUL, most frequent first (Dutch text).
_NUL_CANDIDATES = ("ti", "ft", "tt", "tti", "fi", "ff", "fl", "fh", "fst", "fd", "fb", "fk", "fj", "tf")
_KEEP_AFTER_HYPHEN = {"en", "of", "tot", "als", "noch", "t/m", "and", "or"}
_VOWELS = set("aeiouyáéíóúäëïöüèà")


def normalize_unicode(text: str) -> str:
    """NFKC (expands ligatures like 'ﬁ', folds full-width forms) and drops soft hyphens and zero-width marks."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def remove_control_chars(text: str) -> tuple[str, int]:
    """Remove NUL and other control characters (keeping newlines and tabs); return the text and how many went."""
    cleaned, count = _CONTROL.subn("", text)
    return cleaned, count


def repair_nul_glyphs(text: str, vocabulary: set[str]) -> tuple[str, int]:
    """Fill NUL characters that stand for lost ligature glyphs ('ti', 'ft', 'tt', …) using the document's own words.

    A NUL inside a word becomes the candidate that yields a word seen elsewhere in the document;
    failing that the most frequent ligature, 'ti'. Returns the text and the number of repairs.
    """
    count = 0

    def fix(match: re.Match) -> str:
        nonlocal count
        word = match.group(0)
        for cand in _NUL_CANDIDATES:
            guess = word.replace("\x00", cand)
            if guess.lower() in vocabulary:
                count += word.count("\x00")
                return guess
        count += word.count("\x00")
        return word.replace("\x00", _NUL_CANDIDATES[0])

    return re.sub(r"[^\W_]*\x00[\w\x00]*", fix, text), count


def map_bullets(text: str) -> str:
    """Private-use glyphs (symbol-font bullets) and bullet look-alikes at line start become '•'."""
    text = _PRIVATE_USE.sub(BULLET, text)
    text = _BULLET_GLYPHS.sub(BULLET + " ", text)
    return re.sub(r"^([ \t]*)•[ \t]*", r"\1• ", text, flags=re.M)


def is_page_number(line: str) -> bool:
    """A line that is only a page number: '7', '- 7 -', 'Pagina 2 van 4', '-4- -5-'."""
    return bool(_PAGE_NUMBER.match(line.strip())) if line.strip() else False


def _signature(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def strip_running_lines(pages: list[str], edge: int = 2, share: float = 0.5) -> tuple[list[str], int]:
    """Remove running headers/footers and bare page numbers from the top and bottom `edge` lines of each page.

    A line is running when the same text (digits ignored) sits at the same page edge (top or bottom) on at
    least `share` of the pages, and at least two; body lines that repeat mid-page ('Concrete voorstellen:') stay.
    """
    split = [p.split("\n") for p in pages]

    def sides(lines: list[str]) -> tuple[list[int], list[int]]:
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        return idx[:edge], idx[-edge:]

    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    for lines in split:
        head, tail = sides(lines)
        top.update({_signature(lines[i]) for i in head})
        bottom.update({_signature(lines[i]) for i in tail})
    need = max(2, math.ceil(share * len(pages)))
    running_top = {sig for sig, c in top.items() if c >= need}
    running_bottom = {sig for sig, c in bottom.items() if c >= need}
    removed = 0
    out = []
    for lines in split:
        head, tail = sides(lines)
        drop = {i for i in head if _signature(lines[i]) in running_top or is_page_number(lines[i])}
        drop |= {i for i in tail if _signature(lines[i]) in running_bottom or is_page_number(lines[i])}
        removed += len(drop)
        out.append("\n".join(ln for i, ln in enumerate(lines) if i not in drop))
    return out, removed


def vocabulary(texts: list[str]) -> set[str]:
    """Lower-cased words (hyphenated compounds kept whole and also split) of a document, for repair decisions."""
    vocab: set[str] = set()
    for text in texts:
        for word in _WORD.findall(text):
            w = word.lower()
            vocab.add(w)
            if "-" in w:
                vocab.update(part for part in w.split("-") if part)
    return vocab


_HYPHEN_BREAK = re.compile(r"([^\W_]+)-[ \t]*\n(?:[ \t]*\n)?[ \t]*(\S+)")


def join_hyphenation(text: str, vocab: set[str]) -> str:
    """Join words split by a typographic end-of-line hyphen; keep real hyphens.

    Kept: before a capital, digit or bracket ('MKB-\\n(maak)…'), after a capital or digit ('MKB-\\nmaak…'),
    before 'en'/'of' ('taal-\\nen rekenonderwijs'), when the document spells the word with a hyphen,
    and at a vowel clash between two real words ('energie-\\ninfrastructuur'). Otherwise joined.
    """

    def fix(m: re.Match) -> str:
        left, right_token = m.group(1), m.group(2)
        right = re.match(r"[^\W_]*", right_token).group(0)
        rest = right_token[len(right):]
        if not right or not right[0].islower():
            return f"{left}-{right_token}"
        if right.lower() in _KEEP_AFTER_HYPHEN:
            return f"{left}- {right_token}"
        if left[-1].isupper() or left[-1].isdigit():
            return f"{left}-{right_token}"
        lo_left, lo_right = left.lower(), right.lower()
        joined, hyphened = lo_left + lo_right, f"{lo_left}-{lo_right}"
        if joined in vocab:
            return left + right + rest
        if hyphened in vocab:
            return f"{left}-{right_token}"
        if (
            lo_left[-1] in _VOWELS
            and lo_right[0] in _VOWELS
            and lo_left in vocab
            and lo_right in vocab
            and len(lo_left) >= 4
            and len(lo_right) >= 4
        ):
            return f"{left}-{right_token}"
        return left + right + rest

    return _HYPHEN_BREAK.sub(fix, text)


def normalize_whitespace(text: str) -> str:
    """Single spaces inside lines, no trailing spaces, at most one empty line in a row."""
    lines = [" ".join(line.replace("\t", " ").split()) for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@dataclass(frozen=True)
class CleanReport:
    """What cleaning changed in one document, for the ingestion report."""

    control_chars: int = 0
    nul_repairs: int = 0
    running_lines: int = 0


def clean_pages(raw_pages: list[str]) -> tuple[list[str], CleanReport]:
    """The full clean-up of one document's pages, in order; hyphenation is checked against the document itself."""
    pages = [normalize_unicode(p) for p in raw_pages]
    vocab = vocabulary([p.replace("\x00", " ") for p in pages])
    repaired, nul = [], 0
    for p in pages:
        p, n = repair_nul_glyphs(p, vocab)
        repaired.append(p)
        nul += n
    controls = 0
    stripped = []
    for p in repaired:
        p, n = remove_control_chars(p)
        controls += n
        stripped.append(map_bullets(p))
    pages, running = strip_running_lines(stripped)
    vocab = vocabulary(pages)
    pages = [normalize_whitespace(join_hyphenation(p, vocab)) for p in pages]
    return pages, CleanReport(controls, nul, running)
