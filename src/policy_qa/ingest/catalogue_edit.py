"""Editing corpus/catalogue.toml from the app: with tomlkit (staff's comments and order kept), locked, atomic.

Two admins saving at once take turns on a file lock; each write goes to a temporary file renamed over the old one,
so the catalogue is never half-written.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

import tomlkit

from .catalogue import CATALOGUE_FILE, CatalogueError

FIELDS = ("id", "title", "kind", "date", "organisation", "description")


@contextlib.contextmanager
def locked(corpus_dir: Path):
    """Hold the corpus's edit lock (one writer of PDFs and catalogue at a time, across processes)."""
    with open(Path(corpus_dir) / ".catalogue.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _load(path: Path) -> tomlkit.TOMLDocument:
    if not path.exists():
        return tomlkit.document()
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except Exception as exc:
        raise CatalogueError(f"{CATALOGUE_FILE}: not valid TOML ({exc}); fix it by hand first") from None


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def set_entry(corpus_dir: Path, file: str, fields: dict) -> None:
    """Add or update the [[document]] entry for `file` (empty values are left out); call under `locked`."""
    path = Path(corpus_dir) / CATALOGUE_FILE
    doc = _load(path)
    docs = doc.get("document")
    if docs is None:
        docs = tomlkit.aot()
        doc.append("document", docs)
    entry = next((d for d in docs if d.get("file") == file), None)
    if entry is None:
        entry = tomlkit.table()
        entry["file"] = file
        docs.append(entry)
    for key in FIELDS:
        value = str(fields.get(key) or "").strip()
        if value:
            entry[key] = value
        elif key in entry and key in fields:
            del entry[key]
    write_atomically(path, tomlkit.dumps(doc))


def drop_entry(corpus_dir: Path, file: str) -> None:
    """Remove the entry for `file`, if any; call under `locked`."""
    path = Path(corpus_dir) / CATALOGUE_FILE
    if not path.exists():
        return
    doc = _load(path)
    docs = doc.get("document")
    if docs is None:
        return
    keep = [i for i, d in enumerate(docs) if d.get("file") == file]
    for i in reversed(keep):
        del docs[i]
    write_atomically(path, tomlkit.dumps(doc))
