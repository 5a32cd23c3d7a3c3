"""`policy-qa open-questions [--since DATE] [--json]` and `policy-qa log export --format eval`: the question log."""
from __future__ import annotations

import json
from pathlib import Path

from ..ingest.catalogue import CatalogueError, load_assistant
from ..search.query import own_name_words
from ..usage.export import eval_lines
from ..usage.log import LogError, QuestionLog
from ..usage.open_questions import open_topics
from .common import UsageError, add_common, settings_from


def _log(args) -> tuple[QuestionLog, object]:
    settings = settings_from(args)
    path = settings.question_log
    if path is None:
        raise UsageError("the question log is switched off (POLICY_QA_LOG=0)")
    if not path.exists():
        raise UsageError(f"no question log yet at {path}: it is written when the app answers questions")
    return QuestionLog(path), settings


def run_open(args) -> int:
    log, settings = _log(args)
    try:
        assistant = load_assistant(settings.corpus_dir)
        drop = own_name_words(assistant.organisation, assistant.short_name)
    except CatalogueError:
        drop = frozenset()
    try:
        topics = open_topics(log.questions(args.since), drop)
    except LogError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps({"since": args.since, "topics": [t.to_dict() for t in topics]}, ensure_ascii=False))
        return 0
    if not topics:
        print("Geen open vragen" + (f" sinds {args.since}" if args.since else "") + ".")
    for t in topics:
        print(f"{t.count:>4} × {t.label}  ({t.first[:10]} – {t.last[:10]})")
        for ex in t.examples:
            print(f"       · {ex}")
    return 0


def run_export(args) -> int:
    log, _ = _log(args)
    try:
        lines = eval_lines(log.marked_right())
    except LogError as exc:
        raise UsageError(str(exc)) from None
    text = "".join(line + "\n" for line in lines)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{len(lines)} questions written to {args.out}")
    else:
        print(text, end="")
    return 0


def register(sub) -> None:
    p = sub.add_parser("open-questions", help="what members asked that the documents did not answer, by topic")
    p.add_argument("--since", metavar="DATE", help="only questions asked on or after DATE (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    add_common(p)
    p.set_defaults(func=run_open)
    p = sub.add_parser("log", help="the question log: export marked questions")
    logsub = p.add_subparsers(dest="log_command", required=True)
    e = logsub.add_parser("export", help="questions with a passage marked 'klopt', as eval JSON lines")
    e.add_argument("--format", choices=["eval"], default="eval", help="eval: the format `policy-qa eval` reads")
    e.add_argument("--out", metavar="FILE.jsonl", help="write to this file (default: standard output)")
    add_common(e)
    e.set_defaults(func=run_export)
