"""English words of Latin origin written the Dutch way: 'congestion' → congestie, 'circular' → circulair (pure).

An English question or stance topic names many policy topics with such words ('grid congestion', 'innovation',
'digitalisation', 'climate'); spelling rules turn them into their Dutch forms, and only forms the corpus itself
writes are kept, so a rule that misfires ('pension' → pensie) finds nothing and changes nothing. This covers what
the encoder's nearest corpus words miss (index/crosslingual.py: 'grid congestion' is not near 'netcongestie').
"""
from __future__ import annotations

from typing import Callable, Iterable

# English ending → Dutch endings, longest first within each family.
SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("isations", ("iseringen",)), ("izations", ("iseringen",)), ("isation", ("isering",)), ("ization", ("isering",)),
    ("ations", ("aties",)), ("ation", ("atie",)), ("itions", ("ities",)), ("ition", ("itie",)),
    ("tions", ("ties",)), ("tion", ("tie",)), ("sions", ("sies",)), ("sion", ("sie",)),
    ("ities", ("iteiten",)), ("ity", ("iteit",)),
    ("ences", ("enties", "ensies")), ("ence", ("entie", "ensie")), ("ances", ("anties",)), ("ance", ("antie",)),
    ("ical", ("isch", "ische")), ("ics", ("ica", "iek")), ("ic", ("isch", "ische", "iek")),
    ("isms", ("ismen",)), ("ism", ("isme",)),
    ("ives", ("ieven",)), ("ive", ("ief", "ieve")),
    ("ures", ("uren",)), ("ure", ("uur",)),
    ("ates", ("aten",)), ("ate", ("aat",)),
    ("aries", ("airen",)), ("ary", ("air", "aire")),
    ("als", ("alen",)), ("al", ("aal", "ale")),
    ("ars", ("airen",)), ("ar", ("air", "aire")),
    ("ies", ("ieën",)), ("y", ("ie",)),
)
MIN_LETTERS = 4  # shorter words ('tax', 'red') are not cognates worth guessing


def _k_forms(word: str) -> set[str]:
    """The word and its Dutch 'k' spellings: a c before a, o, u or a consonant is a k ('climate' → klimate)."""
    out = {word}
    chars = list(word)
    for i, c in enumerate(chars):
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if c == "c" and nxt and nxt not in "eiy":
            out |= {w[:i] + "k" + w[i + 1:] for w in out}
    return out


def candidates(word: str) -> list[str]:
    """Dutch spellings an English word may have (most likely first), the word itself last."""
    word = word.lower()
    if len(word) < MIN_LETTERS or not word.isalpha():
        return []
    forms = []
    for end, dutch in SUFFIXES:
        if word.endswith(end) and len(word) - len(end) >= 3:
            forms += [word[: len(word) - len(end)] + d for d in dutch]
            break
    forms.append(word)  # last: an English word the corpus writes too ('export') is the same word in Dutch
    out: list[str] = []
    for f in forms:
        for k in sorted(_k_forms(f), key=lambda x: (x != f, x)):
            if k not in out:
                out.append(k)
    return out


def dutch_cognates(words: Iterable[str], known: Callable[[str], bool]) -> list[str]:
    """For each English word, its first Dutch spelling that the corpus writes (`known`), if any; in word order."""
    out: list[str] = []
    for w in words:
        hit = next((c for c in candidates(w) if known(c)), None)
        if hit and hit not in out:
            out.append(hit)
    return out
