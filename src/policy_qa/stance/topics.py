"""Stance topics: the staff-editable list in corpus/topics.toml, and how typed text resolves to a topic."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..index.analysis import tokenize

TOPICS_FILE = "topics.toml"
MAX_TOPIC_CHARS = 200  # the default of Settings.max_topic_chars: longer typed topics are cut, like questions


class TopicError(ValueError):
    """The topic list cannot be read, or a topic has no words: the message says which and why."""


@dataclass(frozen=True)
class Topic:
    """A topic from corpus/topics.toml, or a free-text topic (its own text is its one term)."""

    key: str
    label: str
    terms: tuple[str, ...]
    broader: tuple[str, ...] = ()  # used only when `terms` find no position at all (a bridged topic's siblings)
    focus: str = ""  # the term a member typed when it named a listed topic: positions on it are shown first


def _read(corpus_dir: Path) -> dict:
    path = Path(corpus_dir) / TOPICS_FILE
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TopicError(f"{path.name}: not valid TOML ({exc})") from None


def load_topics(corpus_dir: Path) -> tuple[Topic, ...]:
    """The staff-editable topic list; no file means no predefined topics (free text still works)."""
    data = _read(corpus_dir)
    topics = []
    for i, raw in enumerate(data.get("topic", []), start=1):
        if not isinstance(raw, dict) or not str(raw.get("label") or "").strip():
            raise TopicError(f"{TOPICS_FILE}: topic #{i} has no 'label'")
        terms = raw.get("terms", [])
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise TopicError(f"{TOPICS_FILE}: topic #{i} ('{raw['label']}'): 'terms' must be a list of strings")
        label = str(raw["label"]).strip()
        key = str(raw.get("id") or label).strip()
        topics.append(Topic(key, label, tuple(dict.fromkeys([label, *[t.strip() for t in terms if t.strip()]]))))
    return tuple(topics)


def cut_topic(text: str, limit: int = MAX_TOPIC_CHARS) -> str:
    """Whitespace normalised and cut to `limit` characters at a word boundary (a topic is a few words)."""
    q = " ".join(str(text or "")[:limit * 4].split())
    return q if len(q) <= limit else (q[:limit].rsplit(" ", 1)[0] or q[:limit])


# Words and marks that join alternatives in a typed topic: 'chips en halfgeleiders' asks about either.
_ALTERNATIVES = re.compile(r"\s+(?:en|of|and|or|&)\s+|\s*[,;/+]\s*", re.I)


def alternatives(text: str) -> tuple[str, ...]:
    """A typed topic and, when it joins several ('A en B', 'A, B'), each part as a term of its own."""
    parts = [p for p in (p.strip() for p in _ALTERNATIVES.split(text)) if tokenize(p)]
    return tuple(dict.fromkeys([text, *parts])) if len(parts) > 1 else (text,)


def resolve_topic(text: str, topics: tuple[Topic, ...] = (), max_chars: int = MAX_TOPIC_CHARS) -> Topic:
    """The listed topic whose id, label or one of whose terms is `text` (any case); else a free-text topic, whose
    terms are the text and the alternatives it joins.

    Text longer than `max_chars` is cut first, so an endless topic cannot keep the per-word matching busy.
    """
    q = cut_topic(text, max_chars)
    if not tokenize(q):
        raise TopicError("the topic is empty: type a topic with at least one word, e.g. 'netcongestie'")
    low = q.casefold()
    for t in topics:
        if low in (t.key.casefold(), t.label.casefold()):
            return t
    for t in topics:
        if any(low == term.casefold() for term in t.terms):
            return Topic(t.key, t.label, t.terms, t.broader, q)
    return Topic(q, q, alternatives(q))


def default_topic(corpus_dir: Path) -> str | None:
    """The topic the Standpunten tab opens with (`default = "…"` at the top of topics.toml), if any."""
    value = _read(corpus_dir).get("default")
    return str(value) if isinstance(value, str) and value.strip() else None
