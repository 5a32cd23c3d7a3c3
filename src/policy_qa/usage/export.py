"""Logged questions that staff marked, as JSON lines in the format `policy-qa eval` reads: real questions as tests."""
from __future__ import annotations

import json

from .log import Marked

QUOTE_CHARS = 200  # the evidence quote: the start of the passage marked right (long enough to be unique)


def eval_lines(marked: list[Marked]) -> list[str]:
    """One eval question per (question, marked passage): evidence is that passage's opening text."""
    out = []
    for m in marked:
        quote = " ".join(m.passage_text.split())[:QUOTE_CHARS].rsplit(" ", 1)[0]
        out.append(json.dumps({"id": f"log-{m.question_id}-{m.passage_id}", "question": m.question,
                               "type": "logged", "lang": m.lang, "evidence": [quote]}, ensure_ascii=False))
    return out
