"""One settings object for the whole pipeline: defaults, then POLICY_QA_* variables, then CLI flags; validated once.

Every knob lives here so that the index manifest can record exactly what an index was built with, and so that a
bad value is refused at start-up with one line naming the variable, the value and what is allowed.
"""
from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

ENV_PREFIX = "POLICY_QA_"

# Settings that change what goes into the index; a change forces a rebuild.
INDEX_AFFECTING = ("embedder", "english_encoder", "chunk_min_chars", "chunk_max_chars", "ocr", "ocr_language")

STORES = ("local", "milvus")
_SERVER_SCHEMES = ("http://", "https://", "tcp://", "unix:")
LOW_CONFIDENCE = 0.4  # the one default threshold: below it the documents seem not to answer (see search/confidence.py)
_TRUE = {"1", "true", "yes", "on", "ja", "y", "j"}
_FALSE = {"0", "false", "no", "off", "nee", "n"}


class SettingsError(ValueError):
    """One or more bad settings; the message has one line per bad value (variable, value, what is allowed)."""


def project_root() -> Path:
    """The checkout root when running from source, else the working directory."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "corpus").is_dir():
            return parent
    return Path.cwd()


# (low, high) for numeric settings; None means unbounded on that side.
_RANGES = {
    "rrf_k": (1, 1000), "dense_weight": (0.0, 1.0), "english_dense_weight": (0.0, 1.0), "english_share": (0.0, 1.0),
    "top_k": (1, 100),
    "candidates": (1, 10_000), "chunk_min_chars": (1, 20_000), "chunk_max_chars": (100, 50_000),
    "max_question_chars": (10, 10_000), "low_confidence": (0.0, 1.0), "file_timeout": (1, 86_400),
    "max_topic_chars": (10, 10_000), "max_upload_mb": (1, 2000), "ingest_workers": (0, 64),
}


@dataclass(frozen=True)
class Settings:
    """What to index, how to search it, and where things live."""

    corpus_dir: Path = field(default_factory=lambda: project_root() / "corpus")
    index_dir: Path = field(default_factory=lambda: project_root() / "index")
    embedder: str = "e5-small-int8"  # a name from index/encoders.py or a sentence-transformers model/folder
    fusion: str = "weighted"  # a name from search/fusion.py (weighted: dev set hit@1 .74 vs .64 for rrf)
    rrf_k: int = 60
    dense_weight: float = 0.8  # share of the dense ranking in the fusion (measured: README, Evaluation)
    english_dense_weight: float = 0.9  # the dense share for English questions (BM25 on Dutch text is noise)
    # A second encoder whose passage vectors join the fusion for English questions ("" = none; index/crosslingual.py)
    english_encoder: str = "use-multilingual-v3"  # "none" (env POLICY_QA_ENGLISH_ENCODER=none): no second encoder
    english_share: float = 0.4  # its weight beside lexical (1 - english_dense_weight) and e5 (english_dense_weight)
    top_k: int = 5
    candidates: int = 50  # per-retriever depth before fusion
    chunk_min_chars: int = 300
    chunk_max_chars: int = 1000
    max_question_chars: int = 500
    max_topic_chars: int = 200  # longer stance topics (app box, /stance, CLI) are cut at a word boundary
    ocr: bool = True
    ocr_language: str = "nld"
    low_confidence: float = LOW_CONFIDENCE
    file_timeout: float = 600.0  # seconds one PDF may take (read, clean, OCR, chunk) before it is skipped by name
    ingest_workers: int = 0  # PDFs read at once, each in its own worker process (0: one per core, at most 4)
    max_upload_mb: int = 20  # the largest PDF an admin may upload in the app (Gradio refuses more: HTTP 413)
    log: bool = True  # keep the question log (POLICY_QA_LOG=0: off)
    log_path: Path | None = None  # default: policy-qa-log.sqlite3 beside the index folder

    @property
    def question_log(self) -> Path | None:
        """Where the question log lives, or None when it is switched off."""
        if not self.log:
            return None
        return self.log_path or Path(self.index_dir).parent / "policy-qa-log.sqlite3"
    store: str = "local"  # where the index lives: local (the index folder) or milvus (index/milvus_store.py)
    milvus_uri: str = ""  # Milvus Lite file (…/name.db) or a server (http://host:19530); needed for store=milvus
    milvus_token: str = ""  # "user:password" or an API key, for a server with authentication
    milvus_collection: str = "policy_qa"  # the alias readers follow; each build writes a new collection behind it

    def __post_init__(self) -> None:
        problems = [f"{ENV_PREFIX}{name.upper()}={value!r}: {why}" for name, value, why in self._invalid()]
        if problems:
            raise SettingsError("\n".join(problems))

    def _invalid(self):
        from .index.encoders import encoder_problem
        from .search.fusion import FUSIONS

        for name, (lo, hi) in _RANGES.items():
            value = getattr(self, name)
            if not lo <= value <= hi:
                yield name, value, f"must be between {lo} and {hi}"
        if self.chunk_min_chars >= self.chunk_max_chars:
            yield "chunk_min_chars", self.chunk_min_chars, f"must be below chunk_max_chars ({self.chunk_max_chars})"
        if self.fusion not in FUSIONS:
            yield "fusion", self.fusion, f"must be one of: {', '.join(FUSIONS)}"
        yield from _store_problems(self)
        why = encoder_problem(self.embedder)
        if why:
            yield "embedder", self.embedder, why
        why = encoder_problem(self.english_encoder) if self.english_encoder_name else None
        if why:
            yield "english_encoder", self.english_encoder, why

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, then POLICY_QA_* environment variables, then explicit overrides (CLI flags)."""
        env = os.environ if environ is None else environ
        values: dict = {}
        problems: list[str] = []
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw.strip() != "":
                try:
                    values[f.name] = coerce(f, raw)
                except ValueError as exc:
                    problems.append(f"{ENV_PREFIX}{f.name.upper()}={raw!r}: {exc}")
        if problems:
            raise SettingsError("\n".join(problems))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def english_encoder_name(self) -> str:
        """The second encoder for English questions, or "" when switched off ("none", "off" or empty)."""
        name = self.english_encoder.strip()
        return "" if name.lower() in ("", "none", "off") else name

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def index_affecting(self) -> dict:
        """The settings recorded in the manifest; a difference means the index is stale."""
        return {name: getattr(self, name) for name in INDEX_AFFECTING}


def _store_problems(s: Settings):
    """Store settings that cannot work: an unknown store, a Milvus store without a usable address or name."""
    if s.store not in STORES:
        yield "store", s.store, f"must be one of: {', '.join(STORES)}"
    elif s.store == "milvus" and not (s.milvus_uri.endswith(".db") or s.milvus_uri.startswith(_SERVER_SCHEMES)):
        yield "milvus_uri", s.milvus_uri, "must be a Milvus Lite file ending in .db or a server address http://host:19530"
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,200}", s.milvus_collection):
        yield "milvus_collection", s.milvus_collection, "must be letters, digits and _ (not starting with a digit)"


def coerce(f: dataclasses.Field, raw: str):
    """The typed value of one environment variable; ValueError says what is allowed."""
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    text = raw.strip()
    if "Path" in kind:
        return Path(text).expanduser()
    if kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError("expected yes or no (1/0, true/false, yes/no, on/off)")
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueError("expected a whole number") from None
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError("expected a number such as 0.8") from None
    return text
