"""What every subcommand shares: the parser class, common options, settings from flags, and usage errors."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import STORES, Settings, SettingsError
from ..index.encoders import help_text
from ..index.folder import IndexUnavailable
from ..index.store import open_index
from ..search.fusion import FUSIONS
from ..search.query import EmptyQuestion, prepare_question
from ..search.retriever import Retriever


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and exit 2; keep the exit code, say it plainly
        self.print_usage(sys.stderr)
        print(f"policy-qa: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def settings_from(args) -> Settings:
    """The settings for this run: environment, then the flags given; a bad value is a usage error."""
    try:
        return Settings.from_env(
            corpus_dir=Path(args.corpus) if getattr(args, "corpus", None) else None,
            index_dir=Path(args.index) if getattr(args, "index", None) else None,
            embedder=getattr(args, "embedder", None),
            fusion=getattr(args, "fusion", None),
            dense_weight=getattr(args, "dense_weight", None),
            top_k=getattr(args, "top_k", None),
            store=getattr(args, "store", None),
        )
    except SettingsError as exc:
        raise UsageError(str(exc).replace("\n", "\npolicy-qa: ")) from None


def add_common(p: argparse.ArgumentParser, corpus: bool = False) -> None:
    p.add_argument("--index", metavar="DIR", help="index folder (default: index/ or POLICY_QA_INDEX_DIR)")
    if corpus:
        p.add_argument("--corpus", metavar="DIR", help="folder with the PDFs (default: corpus/)")
    p.add_argument("--embedder", metavar="NAME", help=help_text())
    p.add_argument("--store", choices=STORES, help="where the index lives: local folder or milvus "
                   "(POLICY_QA_MILVUS_URI; default: local or POLICY_QA_STORE)")


def add_search_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--top-k", type=int, metavar="N", help="number of passages (default 5)")
    p.add_argument("--fusion", choices=list(FUSIONS), help="how lexical and dense rankings merge")
    p.add_argument("--dense-weight", type=float, metavar="W", help="share of the dense ranking, 0..1")


def check_ranges(args) -> None:
    if getattr(args, "top_k", None) is not None and not 1 <= args.top_k <= 100:
        raise UsageError("--top-k must be between 1 and 100")
    if getattr(args, "dense_weight", None) is not None and not 0 <= args.dense_weight <= 1:
        raise UsageError("--dense-weight must be between 0 and 1")


def open_retriever(settings: Settings) -> Retriever:
    """Load the index and a retriever for it, or raise UsageError with how to build it."""
    try:
        index = open_index(settings)
    except IndexUnavailable as exc:
        raise UsageError(str(exc)) from None
    return Retriever(index, settings)


def question(text: str, settings: Settings) -> tuple[str, tuple[str, ...]]:
    """The prepared question, or UsageError for an empty one."""
    try:
        return prepare_question(text, settings.max_question_chars)
    except EmptyQuestion as exc:
        raise UsageError(str(exc)) from None
