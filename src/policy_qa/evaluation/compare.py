"""Configurations for `eval --compare`: retrieval modes, fusion weights, or another encoder on a fresh index."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..index.build import build_index
from ..index.encoders import canonical_name
from ..index.folder import load_index
from ..search.retriever import Retriever


@dataclass(frozen=True)
class Config:
    """One retrieval configuration: mode, fusion and weight, and optionally another encoder."""

    name: str
    mode: str = "hybrid"
    fusion: str | None = None
    dense_weight: float | None = None
    encoder: str | None = None
    sentences: bool = True  # use the index's sentence vectors when it has them
    language_aware: bool = True  # English questions get Settings.english_dense_weight


def parse_config(spec: str) -> Config:
    """'bm25', 'dense', 'hybrid' (the defaults), 'rrf[:W]', 'weighted:W' (one weight for every language),
    'passage-vectors' (defaults without sentence vectors), 'encoder:NAME' (defaults, another encoder)."""
    spec = spec.strip()
    head, _, arg = spec.partition(":")
    head = head.lower()
    try:
        if head in ("bm25", "lexical"):
            return Config(spec, "lexical")
        if head == "dense":
            return Config(spec, "dense")
        if head in ("hybrid", "default"):
            return Config(spec)
        if head in ("rrf", "weighted"):
            w = float(arg) if arg else None
            if w is not None and not 0 <= w <= 1:
                raise ValueError
            return Config(spec, "hybrid", head, w, language_aware=False)
        if head == "passage-vectors":
            return Config(spec, sentences=False)
        if head == "encoder" and arg:
            return Config(spec, "hybrid", encoder=arg)
    except ValueError:
        pass
    raise ValueError(f"unknown configuration '{spec}': use bm25, dense, hybrid, rrf[:W], weighted:W or encoder:NAME")


DEFAULT_COMPARE = ("bm25", "dense", "rrf:0.5", "weighted:0.4", "weighted:0.6", "weighted:0.8", "passage-vectors",
                   "hybrid", "encoder:use-multilingual-v3")


def retriever_for(base, config: Config, workdir: Path, say):
    """A Retriever for `config`: the loaded index with other settings, or a fresh index for another encoder."""
    settings = base.settings.replace(fusion=config.fusion, dense_weight=config.dense_weight)
    if not config.language_aware:
        settings = settings.replace(english_dense_weight=0.0)
    if config.encoder is None or canonical_name(config.encoder) == base.index.encoder_name:
        index = base.index if config.sentences else dataclasses.replace(base.index, sentences=None)
        return Retriever(index, settings, base.encoder)
    index_dir = workdir / canonical_name(config.encoder).replace("/", "_")
    corpus = Path(base.index.manifest.get("corpus_dir") or settings.corpus_dir)
    say(f"indexing {corpus} with {config.encoder} for the comparison …")
    build_index(settings.replace(embedder=config.encoder, index_dir=index_dir, corpus_dir=corpus))
    return Retriever(load_index(index_dir), settings)
