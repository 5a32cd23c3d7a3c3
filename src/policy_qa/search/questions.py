"""JSON-lines question files (batch search, evaluation): one object per line, each with a string "question"."""
from __future__ import annotations

import json


class QuestionLineError(ValueError):
    """A line that is not a question object; the message names the source and the line number."""


def question_lines(lines: list[str], source: str, needs: str = '{"id": …, "question": "…"}') -> list[tuple[int, dict]]:
    """(line number, object) for every non-empty line; blank lines are skipped, a bad one raises."""
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            raise QuestionLineError(f"{source}:{n}: not valid JSON") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
            raise QuestionLineError(f"{source}:{n}: each line needs {needs}")
        out.append((n, obj))
    return out
