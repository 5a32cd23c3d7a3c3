"""`policy-qa index [--corpus DIR] [--index DIR] [--if-stale]`: build or update the index, one line per file."""
from __future__ import annotations

import shutil
import sys

from ..index.build import NothingToIndex
from ..index.folder import IndexUnavailable
from ..index.progress import STAGES, Step
from ..index.store import build, stale, where
from ..index.swap import NotAnIndexFolder, ensure_ours
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
    try:
        ensure_ours(settings.index_dir)
    except NotAnIndexFolder as exc:
        raise UsageError(str(exc)) from None
    if args.if_stale:
        reason = stale(settings)
        if reason is None:
            print(f"index at {where(settings)} is up to date")
            return 0
        print(f"building the index: {reason}")
    bar = ProgressBar(enabled=sys.stdout.isatty())
    try:
        report = build(settings, progress=bar.show)
    except (NothingToIndex, NotAnIndexFolder) as exc:
        bar.close()
        print(f"policy-qa: {exc}", file=sys.stderr)
        return 1
    bar.close()
    skipped = sum(p.skipped for p in report.problems)
    print(f"index written to {where(settings)}: {len(report.documents)} documents, {report.passages} passages, "
          f"{skipped} files skipped, {report.encoded} passages encoded, {report.seconds:.1f} s")
    return 0


class ProgressBar:
    """Lines printed as they come; encoding Steps drawn as a tqdm bar (file, step, rate, ETA) on a terminal only."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar = None
        self._stage = ""

    def show(self, event) -> None:
        if not isinstance(event, Step):
            if str(event).startswith("inserted "):  # Milvus upload counts: the bar's business, not a line
                return
            if self._bar is not None:
                self._bar.write(str(event))
            else:
                print(event, flush=True)
            return
        if not self.enabled:
            return
        if self._bar is None or event.stage != self._stage:
            self.close()
            from tqdm import tqdm

            size = shutil.get_terminal_size()  # COLUMNS/LINES, the terminal, else 80x24 (tqdm hides on a 0x0 pty)
            self._bar = tqdm(total=event.total, desc=STAGES.get(event.stage, event.stage), unit=" texts",
                             ncols=size.columns, nrows=size.lines, leave=False, file=sys.stdout)
            self._stage = event.stage
        self._bar.set_postfix_str(event.file, refresh=False)
        self._bar.update(event.done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def register(sub) -> None:
    p = sub.add_parser("index", help="build or update the index from the corpus PDFs")
    add_common(p, corpus=True)
    p.add_argument("--if-stale", action="store_true", help="only when the corpus, settings or encoder changed")
    p.set_defaults(func=run)
