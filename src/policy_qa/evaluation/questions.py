"""Evaluation question files: JSON lines with id, question, type, evidence quotes and optional page, file, split."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..search.questions import QuestionLineError, question_lines

TYPES = ("lexical", "paraphrase", "crosslingual", "stance", "unanswerable")


class QuestionFileError(ValueError):
    """A question file that cannot be read; the message names the line."""


@dataclass(frozen=True)
class Question:
    """One evaluation question; `evidence` is empty when the documents do not answer it."""

    id: str
    question: str
    type: str
    evidence: tuple[str, ...]
    lang: str = "nl"
    page: int | None = None
    file: str | None = None
    doc_id: str | None = None
    split: str = ""  # "tune" (may be tuned on) or "held" (never tuned on); "" when the file has no splits

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)


def load_questions(path: Path) -> list[Question]:
    """Read a JSON-lines question file; QuestionFileError names the first bad line."""
    path = Path(path)
    if not path.is_file():
        raise QuestionFileError(f"question file not found: {path}")
    out = []
    needs = '"id", "question", "type" and "evidence"'
    try:
        rows = question_lines(path.read_text(encoding="utf-8").splitlines(), str(path), needs)
    except QuestionLineError as exc:
        raise QuestionFileError(str(exc)) from None
    for n, d in rows:
        if "type" not in d:
            raise QuestionFileError(f"{path}:{n}: each line needs {needs}")
        evidence = d.get("evidence") or []
        if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
            raise QuestionFileError(f"{path}:{n}: evidence must be a list of quotes")
        out.append(Question(str(d.get("id", n)), d["question"], str(d["type"]), tuple(evidence),
                            str(d.get("lang") or "nl"), d.get("page"), d.get("file"), d.get("doc_id"),
                            str(d.get("split") or "")))
    return out
