"""`policy-qa search --batch FILE.jsonl`: answer a JSON-lines file of questions, one JSON line out per question."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..answers.extract import build_answer
from ..search.questions import QuestionLineError, question_lines
from .common import UsageError, add_common, add_search_options, open_retriever, question, settings_from


def run(args) -> int:
    settings = settings_from(args)
    path = Path(args.batch)
    if str(args.batch) == "-":
        lines = sys.stdin.read().splitlines()
    elif not path.is_file():
        raise UsageError(f"batch file not found: {path}")
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
    try:
        items = [obj for _, obj in question_lines(lines, str(path))]
    except QuestionLineError as exc:
        raise UsageError(str(exc)) from None
    retriever = open_retriever(settings)
    for obj in items:
        out = {"id": obj.get("id"), "question": obj["question"]}
        try:
            text, notices = question(obj["question"], settings)
        except UsageError as exc:
            out.update({"confidence": 0.0, "answerable": False, "answer": [], "results": [], "error": str(exc)})
        else:
            result = retriever.search(text, settings.top_k)
            answer = build_answer(text, result.ranking.query, result.hits, result.confidence,
                                  settings.low_confidence, (), retriever).to_dict()
            out.update({"confidence": answer["confidence"], "answerable": answer["answerable"],
                        "answer": answer["answer"], "results": answer["results"]})
            if notices:
                out["notices"] = list(notices)
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


def register(sub) -> None:
    p = sub.add_parser("search", help="answer a JSON-lines file of questions, one JSON line each")
    p.add_argument("--batch", required=True, metavar="FILE.jsonl", help='lines {"id": …, "question": …}; - for stdin')
    add_common(p)
    add_search_options(p)
    p.set_defaults(func=run)
