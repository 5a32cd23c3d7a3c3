"""The `policy-qa` command: index, ask, search --batch (and the subcommands other modules register)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .config import Settings
from .jsonl import QuestionLineError, question_lines

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and exit 2; keep the exit code, say it plainly
        self.print_usage(sys.stderr)
        print(f"policy-qa: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _settings(args) -> Settings:
    return Settings.from_env(
        corpus_dir=Path(args.corpus) if getattr(args, "corpus", None) else None,
        index_dir=Path(args.index) if getattr(args, "index", None) else None,
        embedder=getattr(args, "embedder", None),
        fusion=getattr(args, "fusion", None),
        dense_weight=getattr(args, "dense_weight", None),
        top_k=getattr(args, "top_k", None),
    )


def _common(p: argparse.ArgumentParser, corpus: bool = False) -> None:
    p.add_argument("--index", metavar="DIR", help="index folder (default: index/ or POLICY_QA_INDEX_DIR)")
    if corpus:
        p.add_argument("--corpus", metavar="DIR", help="folder with the PDFs (default: corpus/)")
    p.add_argument("--embedder", metavar="NAME", help="e5-small-4bit (default), use-multilingual-v3, or a "
                   "sentence-transformers model name/folder (env POLICY_QA_EMBEDDER)")


def _search_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--top-k", type=int, metavar="N", help="number of passages (default 5)")
    p.add_argument("--fusion", choices=["rrf", "weighted"], help="how lexical and dense rankings merge")
    p.add_argument("--dense-weight", type=float, metavar="W", help="share of the dense ranking, 0..1")


def _positive(args) -> None:
    if getattr(args, "top_k", None) is not None and not 1 <= args.top_k <= 100:
        raise UsageError("--top-k must be between 1 and 100")
    if getattr(args, "dense_weight", None) is not None and not 0 <= args.dense_weight <= 1:
        raise UsageError("--dense-weight must be between 0 and 1")


def cmd_index(args) -> int:
    from .store import NothingToIndex, build_index, staleness

    settings = _settings(args)
    if not settings.corpus_dir.is_dir():
        raise UsageError(f"corpus folder not found: {settings.corpus_dir}")
    if args.if_stale:
        reason = staleness(settings)
        if reason is None:
            print(f"index at {settings.index_dir} is up to date")
            return 0
        print(f"building the index: {reason}")
    try:
        report = build_index(settings, progress=_print_progress)
    except NothingToIndex as exc:
        print(f"policy-qa: {exc}", file=sys.stderr)
        return 1
    skipped = sum(p.skipped for p in report.problems)
    print(f"index written to {report.index_dir}: {len(report.documents)} documents, {report.passages} passages, "
          f"{skipped} files skipped, {report.encoded} passages encoded, {report.seconds:.1f} s")
    return 0


def _print_progress(msg: str) -> None:
    if not msg.startswith("encoded "):
        print(msg, flush=True)


def open_retriever(settings: Settings):
    """Load the index and a retriever for it, or raise UsageError with how to build it."""
    from .retrieval import Retriever
    from .store import IndexUnavailable, load_index

    try:
        index = load_index(settings.index_dir)
    except IndexUnavailable as exc:
        raise UsageError(str(exc)) from None
    return Retriever(index, settings)


def _question(text: str, settings: Settings) -> tuple[str, tuple[str, ...]]:
    from .retrieval import EmptyQuestion, prepare_question

    try:
        return prepare_question(text, settings.max_question_chars)
    except EmptyQuestion as exc:
        raise UsageError(str(exc)) from None


def cmd_ask(args) -> int:
    settings = _settings(args)
    _question(args.question, settings)
    retriever = open_retriever(settings)
    answer = retriever.ask(args.question, settings.top_k)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return 0
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
    return 0


def cmd_search(args) -> int:
    settings = _settings(args)
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
            question, notices = _question(obj["question"], settings)
        except UsageError as exc:
            out.update({"confidence": 0.0, "results": [], "error": str(exc)})
        else:
            hits, confidence = retriever.search(question, settings.top_k)
            out.update({"confidence": round(float(confidence), 4), "results": [h.to_dict() for h in hits]})
            if notices:
                out["notices"] = list(notices)
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="policy-qa", description="Cited answers from Metaalunie's policy PDFs.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("index", help="build or update the index from the corpus PDFs")
    _common(p, corpus=True)
    p.add_argument("--if-stale", action="store_true", help="only when the corpus, settings or encoder changed")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="ask one question; cited passages")
    p.add_argument("question")
    _common(p)
    _search_opts(p)
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("search", help="answer a JSON-lines file of questions, one JSON line each")
    p.add_argument("--batch", required=True, metavar="FILE.jsonl", help='lines {"id": …, "question": …}; - for stdin')
    _common(p)
    _search_opts(p)
    p.set_defaults(func=cmd_search)

    for register in _extensions():
        register(sub, _common, _search_opts)
    return parser


def _extensions():
    """Subcommands that live beside their module (stance, eval): each module offers `register_cli`."""
    import importlib

    for name in ("stance", "evaluation"):
        try:
            module = importlib.import_module(f"policy_qa.{name}")
        except ImportError:
            continue
        if hasattr(module, "register_cli"):
            yield module.register_cli


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _positive(args)
        return args.func(args)
    except UsageError as exc:
        print(f"policy-qa: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("policy-qa: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback for users; details with POLICY_QA_DEBUG=1
        if os.environ.get("POLICY_QA_DEBUG"):
            raise
        print(f"policy-qa: unexpected error: {type(exc).__name__}: {exc} (set POLICY_QA_DEBUG=1 for details)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
