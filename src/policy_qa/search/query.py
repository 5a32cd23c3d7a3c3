"""The question as search sees it: whitespace normalised, cut to a limit (with a notice), own-name words dropped."""
from __future__ import annotations

import re


class EmptyQuestion(ValueError):
    """A question with no words in it."""


def prepare_question(question: str, limit: int) -> tuple[str, tuple[str, ...]]:
    """Normalise whitespace and cut over-long questions to `limit` characters, saying so."""
    q = " ".join(str(question or "").split())
    if not re.search(r"\w", q):
        raise EmptyQuestion("the question is empty: type a question with at least one word")
    if len(q) > limit:
        cut = q[:limit].rsplit(" ", 1)[0] or q[:limit]
        return cut, (f"De vraag is ingekort tot {limit} tekens (question cut to {limit} characters).",)
    return q, ()


def without_words(question: str, drop: frozenset[str]) -> str:
    """The question without the given words (and their possessive 's); unchanged if nothing would be left."""
    if not drop:
        return question
    kept = re.sub(r"\b(\w+)(?:['’]s)?\b", lambda m: "" if m.group(1).lower() in drop else m.group(0), question)
    kept = " ".join(kept.split())
    return kept if re.search(r"\w", kept) else question


def own_name_words(*names: str) -> frozenset[str]:
    """The words of the organisation's names (over three letters): every document is its own, so they say nothing."""
    return frozenset(w.lower() for name in names for w in re.findall(r"\w+", name or "") if len(w) > 3)
