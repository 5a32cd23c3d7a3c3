"""Documents a question names: "Hoeveel huizen wil GroenLinks-PvdA bouwen?" asks about one manifesto (pure).

A document's names are the words of its file name, organisation and kind (catalogue.toml or the file itself);
a word names a document when exactly one document has it, so the organisation every document shares names none.
Titles are left out: their topic words ("Gemaakt in Nederland") would make a topic a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..index.analysis import stem, words

NAMED_POOL = 10  # a named document's passages move ahead among this many fused candidates (at least top_k)
_PART = re.compile(r"[^\w]+|_")


@dataclass(frozen=True)
class Names:
    """Stemmed name word → the documents whose names hold it; and the name words a document is *about* (in more
    than TOPICAL of its passages: 'draagmoederschap' in kamerbrief_2011_draagmoederschap.pdf), which stay in the
    search, while a mere name ('manifest', 'pvda') is left out of it so it does not pull the title page up."""

    docs: dict[str, frozenset[str]]
    topical: frozenset[str] = frozenset()


TOPICAL = 0.1


def name_words(documents, passages=()) -> Names:
    """The names of the documents (file name, organisation, kind; 3+ letters, not numbers), and which of them are
    topical in `passages`."""
    out: dict[str, set[str]] = {}
    for d in documents:
        stem_of_file = str(d.file).rsplit("/", 1)[-1].rsplit(".", 1)[0]
        for part in _PART.split(f"{stem_of_file} {d.organisation or ''} {d.kind or ''}".lower()):
            if len(part) > 2 and not part.isdigit():
                out.setdefault(stem(part), set()).add(d.doc_id)
    own = {w: next(iter(ids)) for w, ids in out.items() if len(ids) == 1}
    held: dict[str, int] = {}
    total: dict[str, int] = {}
    for p in passages:
        total[p.doc_id] = total.get(p.doc_id, 0) + 1
        for w in {stem(x) for x in words(p.text)} & own.keys():
            if own[w] == p.doc_id:
                held[w] = held.get(w, 0) + 1
    topical = frozenset(w for w, n in held.items() if n > TOPICAL * total.get(own[w], 0))
    return Names({w: frozenset(ids) for w, ids in out.items()}, topical)


def naming_words(question: str, names: Names) -> dict[str, str]:
    """The question's words that name one document: word (lower-case) → that document's id. A hyphenated name
    names with all its parts: 'GroenLinks-PvdA' names the document 'gl-pvda' by 'pvda', so 'groenlinks' does too."""
    found: dict[str, str] = {}
    for token in question.split():
        parts = words(token)
        own = {w: next(iter(ids)) for w in parts if len(ids := names.docs.get(stem(w), frozenset())) == 1}
        if own:
            first = next(iter(own.values()))  # the other parts follow the token's first naming part
            for p in parts:
                found.setdefault(p, own.get(p, first))
    return found


def mere_names(naming: dict[str, str], names: Names) -> frozenset[str]:
    """Of the naming words, those that only name (not what their document is about): left out of the search."""
    return frozenset(w for w in naming if stem(w) not in names.topical)


def named_documents(naming: dict[str, str]) -> frozenset[str]:
    """The documents a question's naming words (`naming_words`) name."""
    return frozenset(naming.values())


def named_first(ordered: list[tuple[int, float]], doc_of, named: frozenset[str], top_k: int) -> list[tuple[int, float]]:
    """The fused (passage, score) list with the named documents' passages ahead among the first
    max(top_k, NAMED_POOL), in their fused order; the top_k of that. Unchanged when nothing is named."""
    if not named:
        return ordered[:top_k]
    pool = ordered[:max(top_k, NAMED_POOL)]  # a floor on their fused score (.5, .7, .85 of the best) did worse on tune
    return sorted(pool, key=lambda kv: doc_of(kv[0]) not in named)[:top_k]
