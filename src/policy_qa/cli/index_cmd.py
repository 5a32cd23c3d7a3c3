"""`policy-qa index [--corpus DIR] [--index DIR] [--if-stale]`: build or update the index, one line per file."""
from __future__ import annotations

import sys

from ..index.build import NothingToIndex, build_index
from ..index.swap import NotAnIndexFolder, ensure_ours
from ..index.staleness import staleness
from .common import UsageError, add_common, settings_from


def run(args) -> int:
    settings = settings_from(args)
    if not settings.corpus_dir.is_dir():
        raise UsageError(f"corpus folder not found: {settings.corpus_dir}")
    try:
        ensure_ours(settings.index_dir)
    except NotAnIndexFolder as exc:
        raise UsageError(str(exc)) from None
    if args.if_stale:
        reason = staleness(settings)
        if reason is None:
            print(f"index at {settings.index_dir} is up to date")
            return 0
        print(f"building the index: {reason}")
    try:
        report = build_index(settings, progress=_print_progress)
    except (NothingToIndex, NotAnIndexFolder) as exc:
        print(f"policy-qa: {exc}", file=sys.stderr)
        return 1
    skipped = sum(p.skipped for p in report.problems)
    print(f"index written to {report.index_dir}: {len(report.documents)} documents, {report.passages} passages, "
          f"{skipped} files skipped, {report.encoded} passages encoded, {report.seconds:.1f} s")
    return 0


def _print_progress(msg: str) -> None:
    if not msg.startswith("encoded "):
        print(msg, flush=True)


def register(sub) -> None:
    p = sub.add_parser("index", help="build or update the index from the corpus PDFs")
    add_common(p, corpus=True)
    p.add_argument("--if-stale", action="store_true", help="only when the corpus, settings or encoder changed")
    p.set_defaults(func=run)
