"""Pure text clean-up for extracted PDF pages: Unicode, control characters, bullets, running lines, hyphenation.

Each function does one repair and can be tested on its own; `clean_pages` applies them in order (`clean_document`
also spells a page's bold lines the way its clean text does).
"""
from __future__ import annotations

import functools
import gzip
import itertools
import json
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
# Matches start only where a run starts (look-behind): linear time on long runs without a NUL.
_NUL_WORD = re.compile(r"(?<![^\W_])[^\W_]*\x00[\w\x00]*")
_NUL_TOKEN = re.compile(r"(?<!\S)\S*\x00\S*")
_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?[\W_]*$"
    r"|^(?:[-–—]\s*\d{1,4}\s*[-–—]\s*)+$",
    re.I,
)
# Ligature glyphs that broken fonts turn into NUL, most frequent first (Dutch text).
_NUL_CANDIDATES = ("ti", "ft", "tt", "tti", "fi", "ff", "fl", "fh", "fst", "fd", "fb", "fk", "fj", "tf")
_MIN_PART_FREQ = 20  # a compound part must be at least this common a word
_KEEP_AFTER_HYPHEN = {"en", "of", "tot", "als", "noch", "t/m", "and", "or"}
_VOWELS = set("aeiouyáéíóúäëïöüèà")


def normalize_unicode(text: str) -> str:
    """NFKC (expands ligatures like 'ﬁ', folds full-width forms) and drops soft hyphens and zero-width marks."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def remove_control_chars(text: str) -> tuple[str, int]:
    """Remove NUL and other control characters (keeping newlines and tabs); return the text and how many went."""
    cleaned, count = _CONTROL.subn("", text)
    return cleaned, count


def repair_nul_glyphs(text: str, vocabulary: set[str], lexicon: "Lexicon | None" = None) -> tuple[str, int]:
    """Fill NUL characters that stand for lost ligature glyphs ('ti', 'ft', 'tt', …); return text and repair count.

    Each NUL word gets the fill that makes the most plausible word: one the document itself uses, else a
    frequent Dutch word, else a compound of known words ('batterij'+'spanning'); failing all, 'ti'.
    """
    count = 0
    lexicon = lexicon if lexicon is not None else dutch_lexicon()

    def fix(match: re.Match) -> str:
        nonlocal count
        word = match.group(0)
        count += word.count("\x00")
        return best_fill(word, vocabulary, lexicon)

    return _NUL_WORD.sub(fix, text), count


class Lexicon:
    """Word frequencies of a language (empty when no word list is installed): evidence for NUL repairs."""

    def __init__(self, freq: dict[str, int] | None = None):
        self.freq = freq or {}

    def __call__(self, word: str) -> int:
        return self.freq.get(word, 0)


@functools.lru_cache(maxsize=2)
def lexicon(language: str) -> Lexicon:
    """A language's word frequencies from pyspellchecker's bundled lists ('nl', 'en'; loaded once, when needed)."""
    try:
        from importlib.resources import files

        raw = (files("spellchecker") / "resources" / f"{language}.json.gz").read_bytes()
        return Lexicon(json.loads(gzip.decompress(raw)))
    except Exception:  # no word list: callers fall back to what they have (repairs: the document's own words)
        return Lexicon()


def dutch_lexicon() -> Lexicon:
    """Dutch word frequencies (for NUL repairs and decompounding)."""
    return lexicon("nl")


def best_fill(word: str, vocabulary: set[str], lexicon: Lexicon) -> str:
    """The candidate filling of `word`'s NULs with the highest plausibility; ties keep the most common ligature."""
    holes = word.count("\x00")
    if holes > 3:  # too many combinations: fill greedily with the most common ligature
        return word.replace("\x00", _NUL_CANDIDATES[0])
    best, best_score = word.replace("\x00", _NUL_CANDIDATES[0]), 0.0
    for combo in itertools.product(_NUL_CANDIDATES, repeat=holes):
        parts = iter(combo)
        guess = re.sub("\x00", lambda _: next(parts), word)
        score = _plausibility(guess.lower(), vocabulary, lexicon)
        if score > best_score:
            best, best_score = guess, score
    return best


def _plausibility(word: str, vocabulary: set[str], lexicon: Lexicon) -> float:
    """Document word > known Dutch word (by frequency) > compound of known words > unknown (0)."""
    if word in vocabulary:
        return 1e12
    if (f := lexicon(word)) > 0:
        return 1e6 + f
    return _compound_score(word, vocabulary, lexicon, depth=3)


def _compound_score(word: str, vocabulary: set[str], lexicon: Lexicon, depth: int) -> float:
    """Best split of a Dutch compound into known words of 3+ letters (linking 's'/'e' allowed); 0 if none."""
    if depth == 0:
        return 0.0
    best = 0.0
    for i in range(3, len(word) - 2):
        head, tail = word[:i], word[i:]
        for h in (head, head[:-1] if head[-1] in "se" else None):
            if not h or len(h) < 3:
                continue
            fh = 1e6 if h in vocabulary else lexicon(h)
            if fh < _MIN_PART_FREQ:
                continue
            ft = 1e6 if tail in vocabulary else lexicon(tail)
            tail_score = ft if ft >= _MIN_PART_FREQ else _compound_score(tail, vocabulary, lexicon, depth - 1)
            if tail_score:
                best = max(best, min(fh, tail_score) / 1e3)
    return best


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


# The look-behinds start a match only at the start of a run: without them a long run without a match costs
# time quadratic in its length (each position scans to the end of the run again).
_HYPHEN_BREAK = re.compile(r"(?<![^\W_])([^\W_]+)-[ \t]*\n(?:[ \t]*\n)?[ \t]*(\S+)")


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


_SPLIT_PAIR = re.compile(r"\b([^\W\d_]{2,}) (?=([^\W\d_]{2,})\b)")


def join_split_words(text: str, vocab: set[str], lexicon: Lexicon, common: int = 30) -> str:
    """Rejoin words a PDF split with a space ('woningcor poraties'): both halves unknown, the whole a known word."""
    if not lexicon.freq:
        return text

    def known(w: str) -> bool:
        return lexicon(w.lower()) >= common

    def fix(m: re.Match) -> str:
        left, right = m.group(1), m.group(2)
        whole = (left + right).lower()
        if right[0].islower() and not known(left) and not known(right) and (known(whole) or whole in vocab):
            return left
        return m.group(0)

    return _SPLIT_PAIR.sub(fix, text)


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


def _repair_glyphs(text: str, nul_vocab: set[str], lexicon: Lexicon) -> tuple[str, int, int]:
    """One normalised text's glyph repairs, in the order pages and their bold lines both get them: lost ligatures
    filled, control characters dropped, bullets mapped; with how many NULs and control characters it had."""
    text, nul = repair_nul_glyphs(text, nul_vocab, lexicon)
    text, controls = remove_control_chars(text)
    return map_bullets(text), nul, controls


def clean_pages(raw_pages: list[str]) -> tuple[list[str], CleanReport]:
    """The full clean-up of one document's pages, in order; hyphenation is checked against the document itself."""
    pages, _, report = clean_document(raw_pages)
    return pages, report


def clean_document(raw_pages: list[str], line_sets: list[frozenset[str]] | None = None
                   ) -> tuple[list[str], list[frozenset[str]], CleanReport]:
    """`clean_pages`, plus per page a set of lines taken from the raw text (the bold ones, a heading's evidence)
    spelled as the clean page spells them, so they are still found there ('Installa\x00e' → 'Installatie')."""
    pages = [normalize_unicode(p) for p in raw_pages]
    nul_vocab = vocabulary([_NUL_TOKEN.sub(" ", p) for p in pages])  # words broken by NULs are no evidence
    lexicon = dutch_lexicon()
    repaired, nul, controls = [], 0, 0
    for p in pages:
        p, n, c = _repair_glyphs(p, nul_vocab, lexicon)
        repaired.append(p)
        nul, controls = nul + n, controls + c
    pages, running = strip_running_lines(repaired)
    vocab = vocabulary(pages)
    pages = [join_split_words(normalize_whitespace(join_hyphenation(p, vocab)), vocab, lexicon) for p in pages]

    def line(text: str) -> str:
        text = _repair_glyphs(normalize_unicode(text), nul_vocab, lexicon)[0]
        return join_split_words(normalize_whitespace(text), vocab, lexicon)

    lines = [frozenset(line(t) for t in ls) for ls in (line_sets or [])]
    return pages, lines, CleanReport(controls, nul, running)
