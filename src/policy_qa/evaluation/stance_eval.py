"""Stance quality on a labelled topic set: position recall, silence accuracy and the what-changed lists.

A labelled position is *found* when its quote (normalised as for passage hits) lies inside a listed position of
that document; a document is *silent* when it lists no position. Changes are scored where their positions were
listed: a labelled "new" quote must be in the new list, a "dropped" one in the dropped list, a "continued" pair on
one continued line.
"""
from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .metrics import contains_evidence


class TopicFileError(ValueError):
    """A labelled topic file that cannot be read; the message names the line."""


@dataclass(frozen=True)
class LabelledChanges:
    """Hand-labelled changes from one document to the next on a topic."""

    before: str
    after: str
    new: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    continued: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LabelledTopic:
    """One topic as a member types it, with every position each document takes on it ([] = silent)."""

    id: str
    topic: str
    kind: str
    lang: str
    split: str
    positions: dict[str, tuple[str, ...]]
    changes: LabelledChanges | None = None


def load_topic_set(path: Path) -> list[LabelledTopic]:
    """Read tests/data/stance_topics.jsonl-style lines; TopicFileError names the first bad line."""
    path = Path(path)
    if not path.is_file():
        raise TopicFileError(f"topic file not found: {path}")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                row = json.loads(line)
                ch = row.get("changes")
                changes = LabelledChanges(ch["from"], ch["to"], tuple(ch.get("new", ())), tuple(ch.get("dropped", ())),
                                          tuple(tuple(p) for p in ch.get("continued", ()))) if ch else None
                out.append(LabelledTopic(str(row["id"]), str(row["topic"]), str(row.get("kind", "")),
                                         str(row.get("lang", "nl")), str(row.get("split", "")),
                                         {str(d): tuple(q) for d, q in row["positions"].items()}, changes))
            except (KeyError, TypeError, AttributeError, ValueError) as exc:
                raise TopicFileError(f"{path.name} line {n}: not a labelled topic ({exc!r})") from None
    return out


def _found(quote: str, texts: list[str]) -> bool:
    """Whether one of `texts` holds the quote, under the passage-hit matching rule."""
    return any(contains_evidence(t, (quote,)) for t in texts)


@dataclass(frozen=True)
class TopicResult:
    """What the explorer gave for one labelled topic, scored."""

    id: str
    topic: str
    kind: str
    split: str
    recall: dict[str, float]  # per document that takes a position: share of its labelled positions listed
    silence_ok: dict[str, bool]  # per document: listed-silent iff labelled-silent
    silent: dict[str, bool]  # per document: labelled silent
    listed: dict[str, int]  # positions listed per document
    precise: dict[str, int]  # of those, how many hold a labelled quote
    changes_ok: int = 0  # labelled new / dropped positions put in the right list
    changes_total: int = 0
    continued_ok: int = 0  # labelled continued pairs shown as one continued line
    continued_total: int = 0
    seconds: float = 0.0


def score_topic(label: LabelledTopic, stance: dict, seconds: float = 0.0) -> TopicResult:
    """Score one Stance.to_dict() (with its optional "changes") against the labels."""
    listed = {d["doc_id"]: [p["text"] for p in d["positions"]] for d in stance["documents"]}
    recall, silence, count, precise = {}, {}, {}, {}
    for doc, quotes in label.positions.items():
        texts = listed.get(doc, [])
        silence[doc] = (not quotes) == (not texts)
        count[doc] = len(texts)
        precise[doc] = sum(contains_evidence(t, quotes) for t in texts)
        if quotes:
            recall[doc] = sum(_found(q, texts) for q in quotes) / len(quotes)
    ok = total = cont_ok = cont_total = 0
    if label.changes:
        got = next((c for c in stance.get("changes", ()) if c["from"] == label.changes.before
                    and c["to"] == label.changes.after), {"new": [], "dropped": [], "continued": []})
        new = [p["text"] for p in got["new"]]
        dropped = [p["text"] for p in got["dropped"]]
        before, after = listed.get(label.changes.before, []), listed.get(label.changes.after, [])
        # Only labels whose positions were listed at all: the alignment is scored, not the recall again.
        for q in label.changes.new:
            if _found(q, after):
                ok, total = ok + _found(q, new), total + 1
        for q in label.changes.dropped:
            if _found(q, before):
                ok, total = ok + _found(q, dropped), total + 1
        for a, b in label.changes.continued:
            if _found(a, before) and _found(b, after):
                cont_total += 1
                cont_ok += any(contains_evidence(c["from"]["text"], (a,)) and contains_evidence(c["to"]["text"], (b,))
                               for c in got["continued"])
    silent = {doc: not quotes for doc, quotes in label.positions.items()}
    return TopicResult(label.id, label.topic, label.kind, label.split, recall, silence, silent, count, precise,
                       ok, total, cont_ok, cont_total, seconds)


@dataclass(frozen=True)
class StanceSummary:
    """The figures of one run: recall over documents that take a position, silence over all (topic, document)."""

    split: str
    topics: int
    position_recall: float
    silence_accuracy: float  # over every (topic, document): shown silent exactly when labelled silent
    silent_right: float  # over the labelled-silent (topic, document) pairs: shown silent
    precision: float
    changes_accuracy: float | None  # balanced: the mean of new/dropped accuracy and continued accuracy
    new_dropped: float | None
    continued: float | None
    median_ms: float
    by_kind: dict[str, float] = field(default_factory=dict)


def summarise_stance(split: str, rows: list[TopicResult]) -> StanceSummary:
    recalls = [r for row in rows for r in row.recall.values()]
    silences = [ok for row in rows for ok in row.silence_ok.values()]
    quiet = [row.silence_ok[d] for row in rows for d, s in row.silent.items() if s]
    listed = sum(sum(row.listed.values()) for row in rows)
    precise = sum(sum(row.precise.values()) for row in rows)
    ch_total = sum(row.changes_total for row in rows)
    co_total = sum(row.continued_total for row in rows)
    moved = sum(r.changes_ok for r in rows) / ch_total if ch_total else None
    kept = sum(r.continued_ok for r in rows) / co_total if co_total else None
    parts = [x for x in (moved, kept) if x is not None]
    by_kind: dict[str, list[float]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).extend(row.recall.values())
    return StanceSummary(
        split, len(rows), statistics.fmean(recalls) if recalls else 0.0,
        statistics.fmean(silences) if silences else 0.0, statistics.fmean(quiet) if quiet else 0.0,
        precise / listed if listed else 0.0,
        statistics.fmean(parts) if parts else None, moved, kept,
        statistics.median(r.seconds for r in rows) * 1000 if rows else 0.0,
        {k: round(statistics.fmean(v), 3) for k, v in sorted(by_kind.items()) if v})


def run_topics(explore: Callable[[str], dict], labels: list[LabelledTopic]) -> list[TopicResult]:
    """Explore every labelled topic (explore(topic) → Stance.to_dict() with "changes") and score it."""
    out = []
    for label in labels:
        start = time.perf_counter()
        stance = explore(label.topic)
        out.append(score_topic(label, stance, time.perf_counter() - start))
    return out


def format_stance_summary(s: StanceSummary) -> str:
    def f(x):
        return "—" if x is None else f"{x:.3f}"

    ch = f"{f(s.changes_accuracy)} (new/dropped {f(s.new_dropped)}, continued {f(s.continued)})"
    kinds = ", ".join(f"{k} {v:.3f}" for k, v in s.by_kind.items())
    return (f"stance [{s.split}] {s.topics} topics: position recall {s.position_recall:.3f}, "
            f"silence accuracy {s.silence_accuracy:.3f} (silent right {s.silent_right:.3f}), "
            f"precision {s.precision:.3f}, changes {ch}, median {s.median_ms:.0f} ms\n  recall by kind: {kinds}")
