"""One settings object for the whole pipeline, overridable by environment variables and CLI flags.

Every knob lives here so that the index manifest can record exactly what an index was built with.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

ENV_PREFIX = "POLICY_QA_"

# Settings that change what goes into the index; a change forces a rebuild.
INDEX_AFFECTING = ("embedder", "chunk_min_chars", "chunk_max_chars", "ocr", "ocr_language")


def _project_root() -> Path:
    """The checkout root when running from source, else the working directory."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "corpus").is_dir():
            return parent
    return Path.cwd()


@dataclass(frozen=True)
class Settings:
    """What to index, how to search it, and where things live."""

    corpus_dir: Path = field(default_factory=lambda: _project_root() / "corpus")
    index_dir: Path = field(default_factory=lambda: _project_root() / "index")
    embedder: str = "e5-small-4bit"
    fusion: str = "weighted"  # "rrf" or "weighted" (weighted: dev set hit@1 .74 vs .64, see evaluation.py)
    rrf_k: int = 60
    dense_weight: float = 0.8  # share of the dense ranking in the fusion (measured: README, Evaluation)
    english_dense_weight: float = 0.9  # the dense share for English questions (BM25 on Dutch text is noise)
    top_k: int = 5
    candidates: int = 50  # per-retriever depth before fusion
    chunk_min_chars: int = 300
    chunk_max_chars: int = 1000
    max_question_chars: int = 500
    ocr: bool = True
    ocr_language: str = "nld"
    low_confidence: float = 0.4  # below this the app says the documents seem not to answer (see confidence.py)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, then POLICY_QA_* environment variables, then explicit overrides (CLI flags)."""
        env = os.environ if environ is None else environ
        values: dict = {}
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _coerce(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def index_affecting(self) -> dict:
        """The settings recorded in the manifest; a difference means the index is stale."""
        return {name: getattr(self, name) for name in INDEX_AFFECTING}


def _coerce(f: dataclasses.Field, raw: str):
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    if "Path" in kind:
        return Path(raw).expanduser()
    if kind == "bool":
        return raw.strip().lower() in {"1", "true", "yes", "on", "ja"}
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)
    return raw
