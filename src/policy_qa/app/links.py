"""Which files the app may serve (indexed corpus PDFs only) and the link that opens one at a page."""
from __future__ import annotations

import urllib.parse
from pathlib import Path


def corpus_pdf(corpus_dir: Path, rel: str, indexed: set[str] | frozenset[str]) -> Path | None:
    """The absolute path of an indexed corpus PDF, or None: never a file outside the corpus folder."""
    if rel not in indexed:
        return None
    root = Path(corpus_dir).resolve()
    path = (root / rel).resolve()
    if not path.is_relative_to(root) or path.suffix.lower() != ".pdf" or not path.is_file():
        return None
    return path


def pdf_url(path: Path, page: int) -> str:
    """A link to the PDF through Gradio's file route (corpus PDFs are its only allowed paths), at `page`."""
    return f"gradio_api/file={urllib.parse.quote(str(path))}#page={page}"
