"""Whether the index at settings.index_dir still matches the corpus, the catalogue, the settings and the code."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..config import Settings
from ..ingest.catalogue import CATALOGUE_FILE
from ..ingest.files import corpus_files, sha256_file
from .fingerprint import fingerprint
from .folder import FORMAT_VERSION, MANIFEST, read_manifest


def catalogue_hash(corpus_dir: Path) -> str:
    path = Path(corpus_dir) / CATALOGUE_FILE
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def staleness(settings: Settings) -> str | None:
    """Why the index must be (re)built, or None when it matches the corpus and the settings."""
    manifest = read_manifest(settings.index_dir)
    if manifest is None:
        return "no index yet" if not (settings.index_dir / MANIFEST).exists() else "the index manifest is damaged"
    if manifest.get("format_version") != FORMAT_VERSION:
        return "the index was written by another version"
    if manifest.get("settings") != fingerprint(settings):
        return "the index was built with other settings, another encoder or other code"
    if manifest.get("catalogue_sha256", "") != catalogue_hash(settings.corpus_dir):
        return "the catalogue changed"
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(f, dict) and "file" in f and "sha256" in f for f in files):
        return "the index manifest is damaged"
    recorded = {f["file"]: f["sha256"] for f in files}
    current = {str(p.relative_to(settings.corpus_dir)): p for p in corpus_files(settings.corpus_dir)}
    if set(recorded) != set(current):
        return "files were added or removed"
    for rel, path in current.items():
        if sha256_file(path) != recorded[rel]:
            return f"{rel} changed"
    return None
