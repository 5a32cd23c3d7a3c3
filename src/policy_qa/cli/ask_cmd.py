"""`policy-qa ask QUESTION [--json]`: one question, its cited extract and passages."""
from __future__ import annotations

import json

from ..answers.extract import ask
from ..records import Answer
from .common import add_common, add_search_options, open_retriever, question, settings_from


def run(args) -> int:
    settings = settings_from(args)
    question(args.question, settings)
    answer = ask(open_retriever(settings), args.question, settings.top_k)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print_answer(answer)
    return 0


def print_answer(answer: Answer) -> None:
    for note in answer.notices:
        print(f"! {note}")
    print(f"Vertrouwen (confidence): {answer.confidence:.2f}")
    if answer.answer:
        print("\nAntwoord:")
        for s in answer.answer:
            print(f"  {s.text} [{s.citation}]")
    print()
    for hit in answer.results:
        p = hit.passage
        label = f"p. {p.page}" + (f" (gedrukt {p.page_label})" if p.page_label and p.page_label != str(p.page) else "")
        print(f"[{hit.rank}] {p.title} ({p.kind}, {p.date}) — {label}, {p.file}" + (" [OCR]" if p.ocr else ""))
        if p.section:
            print(f"    § {p.section}")
        for line in p.text.splitlines():
            print(f"    {line}")
        print()


def register(sub) -> None:
    p = sub.add_parser("ask", help="ask one question; cited passages")
    p.add_argument("question")
    add_common(p)
    add_search_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.set_defaults(func=run)
