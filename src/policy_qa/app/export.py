"""The Markdown export of an answer: question, extract and cited passages, in a file the browser downloads.

Exports live in one folder per app process; files older than an hour are removed when the next one is written.
"""
from __future__ import annotations

import time
from pathlib import Path

from ..records import Answer
from ..text import slug
from .render import page_text

KEEP_SECONDS = 3600


def answer_markdown(answer: Answer, when: str | None = None) -> str:
    """The answer with its citations as a Markdown document (the export)."""
    when = when or time.strftime("%Y-%m-%d %H:%M")
    lines = [f"# {answer.question}", "", f"*Metaalunie-documenten, {when}; zekerheid {answer.confidence:.0%}*", ""]
    for note in answer.notices:
        lines += [f"> **Let op:** {note}", ""]
    if answer.answerable and answer.answer:
        lines += ["## Antwoord", ""] + [f"{s.text} [{s.citation}]" for s in answer.answer] + [""]
    lines += ["## Bronnen" if answer.answerable else "## Dichtstbijzijnde passages", ""]
    for hit in answer.results:
        p = hit.passage
        lines.append(f"**[{hit.rank}]** {p.title} ({p.kind}, {p.date}), {page_text(p)}, `{p.file}`"
                     + (f" — § {p.section}" if p.section else ""))
        lines.append("")
        lines += [f"> {line}" if line.strip() else ">" for line in p.text.splitlines()]
        lines.append("")
    return "\n".join(lines)


def write_markdown(answer: Answer, folder: Path) -> Path:
    """Save the export where Gradio can hand it to the browser."""
    folder.mkdir(parents=True, exist_ok=True)
    prune(folder)
    name = slug(answer.question, fallback="antwoord", limit=40)
    path = folder / f"antwoord-{name}-{time.strftime('%Y%m%d-%H%M%S')}.md"
    path.write_text(answer_markdown(answer), encoding="utf-8")
    return path


def prune(folder: Path, keep_seconds: float = KEEP_SECONDS) -> None:
    """Remove exports older than `keep_seconds` (they were downloaded or abandoned long ago)."""
    cutoff = time.time() - keep_seconds
    for old in folder.glob("antwoord-*.md"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass
