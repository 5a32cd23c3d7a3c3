"""`policy-qa index [--corpus DIR] [--index DIR] [--if-stale]`: build or update the index, one line per file."""
from __future__ import annotations

import sys

from ..index.build import NothingToIndex
from ..index.folder import IndexUnavailable
from ..index.store import build, stale, where
from .common import UsageError, add_common, settings_from


def run(args) -> int:
    try:
        return _run(args, settings_from(args))
    except IndexUnavailable as exc:  # the store cannot be reached or used: say why, no traceback
        print(f"policy-qa: {exc}", file=sys.stderr)
        return 1


def _run(args, settings) -> int:
    if not settings.corpus_dir.is_dir():
        raise UsageError(f"corpus folder not found: {settings.corpus_dir}")
    if args.if_stale:
        reason = stale(settings)
        if reason is None:
            print(f"index at {where(settings)} is up to date")
            return 0
        print(f"building the index: {reason}")
    try:
        report = build(settings, progress=_print_progress)
    except NothingToIndex as exc:
        print(f"policy-qa: {exc}", file=sys.stderr)
        return 1
    skipped = sum(p.skipped for p in report.problems)
    print(f"index written to {where(settings)}: {len(report.documents)} documents, {report.passages} passages, "
          f"{skipped} files skipped, {report.encoded} passages encoded, {report.seconds:.1f} s")
    return 0


def _print_progress(msg: str) -> None:
    if not msg.startswith(("encoded ", "inserted ")):
        print(msg, flush=True)


def register(sub) -> None:
    p = sub.add_parser("index", help="build or update the index from the corpus PDFs")
    add_common(p, corpus=True)
    p.add_argument("--if-stale", action="store_true", help="only when the corpus, settings or encoder changed")
    p.set_defaults(func=run)
