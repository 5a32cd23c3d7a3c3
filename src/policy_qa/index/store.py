"""One store interface behind the retriever, with two implementations chosen by `settings.store`.

`local` is the index folder (folder.py: FAISS + bm25s files); `milvus` is a Milvus Lite file or a Milvus server
(milvus_store.py, built by milvus_build.py). Both hand search the same attributes, so fusion, filters, confidence,
answers and page citations do not know which one answers. pymilvus is imported only when store=milvus.
"""
from __future__ import annotations

from typing import Callable, Protocol

import numpy as np

from ..config import Settings
from ..ingest.catalogue import Assistant
from ..records import DocumentInfo, Passage, Problem

Progress = Callable[[str], None]


class Lexical(Protocol):
    """Dutch BM25 over analysis.tokenize terms."""

    def scores(self, query: str) -> np.ndarray: ...  # one score per passage position

    def known_terms(self, query: str, standalone=None, within=None) -> list[str]: ...  # the query's terms the corpus has


class Dense(Protocol):
    """Vector search; `allowed` restricts it (positions, or a store's own selection)."""

    def search(self, query: np.ndarray, k: int, allowed=None) -> tuple[np.ndarray, np.ndarray]: ...


class Store(Protocol):
    """What search needs from an index, wherever it lives."""

    manifest: dict
    passages: tuple[Passage, ...]  # passage position → passage (ids in search results are positions)
    lexical: Lexical
    dense: Dense
    sentences: object | None  # has rescore(qvec, ids, scores), or None

    @property
    def encoder_name(self) -> str: ...

    @property
    def documents(self) -> tuple[DocumentInfo, ...]: ...

    @property
    def problems(self) -> tuple[Problem, ...]: ...

    @property
    def assistant(self) -> Assistant: ...


def open_index(settings: Settings) -> Store:
    """The index the settings name; folder.IndexUnavailable (a message, never a traceback) when there is none."""
    if settings.store == "milvus":
        from .milvus_store import load_milvus

        return load_milvus(settings)
    from .folder import load_index

    return load_index(settings.index_dir)


def build(settings: Settings, progress: Progress | None = None, encoder=None):
    """Build or update the index in the store the settings name; returns build.BuildReport."""
    if settings.store == "milvus":
        from .milvus_build import build_milvus

        return build_milvus(settings, progress, encoder)
    from .build import build_index

    return build_index(settings, progress, encoder)


def stale(settings: Settings) -> str | None:
    """Why the index in the store must be (re)built, or None when it is up to date."""
    if settings.store == "milvus":
        from .folder import IndexUnavailable
        from .milvus_build import milvus_staleness

        try:
            return milvus_staleness(settings)
        except IndexUnavailable as exc:  # unreachable or not installed: that is the reason to (try to) build
            return str(exc)
    from .staleness import staleness

    return staleness(settings)


def where(settings: Settings) -> str:
    """Where the index lives, for messages: the folder, or the Milvus address and alias."""
    if settings.store == "milvus":
        return f"Milvus {settings.milvus_uri} (collection alias {settings.milvus_collection})"
    return str(settings.index_dir)
