"""Which PDFs a corpus folder holds, and their content hashes (what decides whether a file changed)."""
from __future__ import annotations

import hashlib
from pathlib import Path


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every PDF under the corpus folder (any case of '.pdf'), hidden files and folders left out, in a stable order."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return []
    return sorted(
        p for p in corpus_dir.rglob("*")
        if p.is_file() and p.suffix.lower() == ".pdf"
        and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
    )


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
