"""`policy-qa eval QUESTIONS.jsonl [--compare …] [--json] [--report FILE.md] [--fit-confidence]`: measured quality."""
from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from ..evaluation.compare import DEFAULT_COMPARE, Config, parse_config, retriever_for
from ..evaluation.fit import fit_and_print
from ..evaluation.questions import QuestionFileError, load_questions
from ..evaluation.report import compare_table, format_summary, report_markdown
from ..evaluation.run import run_questions, summarise
from ..evaluation.stance_eval import (TopicFileError, format_stance_summary, load_topic_set, run_topics,
                                      summarise_stance)
from .common import UsageError, add_common, add_search_options, open_retriever, settings_from


def run_stance(args) -> int:
    """`eval --stance TOPICS.jsonl`: position recall, silence accuracy and the what-changed lists per split."""
    from ..stance.explorer import explore, stance_index
    from ..stance.topics import TopicError, load_topics

    try:
        labels = load_topic_set(Path(args.questions))
    except TopicFileError as exc:
        raise UsageError(str(exc)) from None
    settings = settings_from(args)
    retriever = open_retriever(settings)
    try:
        listed = load_topics(settings.corpus_dir)
    except TopicError as exc:
        raise UsageError(str(exc)) from None
    stance_index(retriever.index, retriever.encoder).vectors()  # encode the positions before timing, as the app does

    def explore_json(text: str) -> dict:
        return explore(retriever, text, listed, settings.max_topic_chars).to_dict()

    splits = [args.split] if args.split != "all" else sorted({lab.split for lab in labels}, reverse=True)
    out, rows = [], []
    for split in splits:
        chosen = [lab for lab in labels if lab.split == split]
        if chosen:
            scored = run_topics(explore_json, chosen)
            rows.extend(scored)
            out.append(summarise_stance(split or "all", scored))
    if args.json:  # per-topic rows too, for error analysis (which document missed which topic)
        print(json.dumps({"topics": str(args.questions), "splits": [asdict(s) for s in out],
                          "rows": [asdict(r) for r in rows]}, ensure_ascii=False))
    else:
        print("\n".join(format_stance_summary(s) for s in out))
    return 0


def run(args) -> int:
    if args.stance:
        return run_stance(args)
    try:
        questions = load_questions(Path(args.questions))
        configs = [parse_config(c) for c in (args.compare or [])] or [Config("hybrid")]
    except (QuestionFileError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    if args.split != "all":
        questions = [q for q in questions if q.split == args.split]
    if not questions:
        raise UsageError(f"no questions in {args.questions}" + (f" with split {args.split!r}" if args.split != "all" else ""))
    settings = settings_from(args)
    base = open_retriever(settings)
    if args.fit_confidence:
        return fit_and_print(base, questions)
    say = (lambda m: print(m, file=sys.stderr)) if not args.json else (lambda m: None)
    summaries, rows = [], {}
    with tempfile.TemporaryDirectory(prefix="policy-qa-eval-") as work:
        for config in configs:
            retriever = retriever_for(base, config, Path(work), say)
            rows[config.name] = run_questions(retriever, questions, config.mode)
            summaries.append(summarise(config.name, rows[config.name], settings.low_confidence))
    if args.report:
        Path(args.report).write_text(report_markdown(summaries, rows, str(args.questions), settings.low_confidence),
                                     encoding="utf-8")
    if args.json:
        print(json.dumps({"questions": str(args.questions),
                          "configs": [asdict(s) for s in summaries],
                          "rows": {k: [asdict(r) for r in v] for k, v in rows.items()}}, ensure_ascii=False))
        return 0
    for s in summaries:
        print(format_summary(s, settings.low_confidence) + "\n")
    if len(summaries) > 1:
        print(compare_table(summaries))
    if args.report:
        print(f"report written to {args.report}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("eval", help="measure retrieval quality on a question set (hit@k, MRR, AUROC)")
    p.add_argument("questions", metavar="QUESTIONS.jsonl",
                   help='lines {"id", "question", "type", "evidence": [quotes], optional "page", "file"}')
    add_common(p)
    add_search_options(p)
    p.add_argument("--corpus", metavar="DIR", help="corpus folder, for --compare encoder:NAME (default: corpus/)")
    p.add_argument("--split", choices=["all", "tune", "held"], default="all",
                   help="only the questions of this split (tune on 'tune'; 'held' is never tuned on)")
    p.add_argument("--json", action="store_true", help="metrics and per-question rows as one JSON object")
    p.add_argument("--report", metavar="FILE.md", help="write a markdown report with per-question rows")
    p.add_argument("--compare", nargs="+", metavar="CONFIG",
                   help="configurations side by side: bm25 dense hybrid rrf[:W] weighted:W encoder:NAME "
                        f"(e.g. {' '.join(DEFAULT_COMPARE)})")
    p.add_argument("--stance", action="store_true",
                   help="the file is a labelled stance topic set (tests/data/stance_topics.jsonl): position recall, "
                        "silence accuracy and the what-changed lists")
    p.add_argument("--fit-confidence", action="store_true",
                   help="fit the confidence weights on these questions and print them (for confidence.py)")
    p.set_defaults(func=run)
