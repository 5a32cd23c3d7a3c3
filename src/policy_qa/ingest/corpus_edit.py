"""Adding, replacing and removing corpus PDFs for admins: every refusal explained, nothing lost, nothing overwritten.

A new PDF is checked (size, %PDF magic bytes, password, duplicate content, extractable text) before anything is
written; it lands under a safe, unique name by an atomic rename; a removed PDF goes to corpus/.removed/ (restorable).
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypdf

from ..text import slug
from .catalogue_edit import drop_entry, locked, set_entry
from .cleaning import clean_pages
from .document import MIN_PAGE_CHARS
from .pdf import PdfProblem, read_pdf

REMOVED = ".removed"


class Refused(Exception):
    """An upload or edit that was not done; the message says why (in Dutch, for the admin)."""


@dataclass(frozen=True)
class Prefill:
    """What the form offers for a new PDF: from its metadata and first lines."""

    title: str
    date: str


def check_pdf(data: bytes, name: str, max_bytes: int, ocr: bool, known: dict[str, tuple[str, str]]) -> None:
    """Refuse what cannot be indexed; `known` maps the sha256 of every indexed file to its (title, file)."""
    if len(data) > max_bytes:
        raise Refused(f"{name}: te groot ({len(data) / 1e6:.1f} MB; de grens is {max_bytes / 1e6:.0f} MB)")
    if b"%PDF-" not in data[:1024]:
        raise Refused(f"{name}: geen PDF (het bestand begint niet met %PDF-)")
    digest = hashlib.sha256(data).hexdigest()
    if digest in known:
        title, file = known[digest]
        raise Refused(f"{name}: is hetzelfde bestand als het al opgenomen document ‘{title}’ ({file})")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Refused(f"{name}: beveiligd met een wachtwoord (verwijder het wachtwoord en probeer opnieuw)")
    except Refused:
        raise
    except Exception as exc:
        raise Refused(f"{name}: beschadigde PDF ({str(exc)[:120]})") from None
    if not ocr and not _has_text(data):
        raise Refused(f"{name}: bevat geen tekst die te lezen is (een scan?) en OCR staat uit (POLICY_QA_OCR)")


def _has_text(data: bytes) -> bool:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            texts, _ = clean_pages([p.text for p in read_pdf(Path(tmp.name)).pages])
        except PdfProblem:
            return False
    return any(len(t.strip()) >= MIN_PAGE_CHARS for t in texts)


def prefill(data: bytes, name: str) -> Prefill:
    """Title and date for the form: the PDF's /Title (or first line) and creation month."""
    title, date = "", ""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        meta = reader.metadata
        title = (meta.title or "").strip() if meta else ""
        date = meta.creation_date.strftime("%Y-%m") if meta and meta.creation_date else ""
        if not title and len(reader.pages):
            first = (reader.pages[0].extract_text() or "").strip().splitlines()
            title = first[0].strip()[:120] if first else ""
    except Exception:
        pass
    return Prefill(title or Path(name).stem.replace("_", " "), date)


def safe_name(corpus_dir: Path, name: str) -> str:
    """A file name of letters, digits and dashes ending in .pdf that no file in the corpus has yet."""
    stem = slug(Path(name).stem, fallback="document", limit=80)
    candidate, n = f"{stem}.pdf", 2
    while (Path(corpus_dir) / candidate).exists():
        candidate, n = f"{stem}-{n}.pdf", n + 1
    return candidate


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.upload-{os.getpid()}")
    tmp.write_bytes(data)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def add_document(corpus_dir: Path, name: str, data: bytes, fields: dict, *, max_bytes: int, ocr: bool,
                 known: dict[str, tuple[str, str]], replace: str | None = None) -> str:
    """Check and store one PDF with its catalogue entry; returns its file name in the corpus.

    `replace` names an existing corpus file to replace (it is moved to .removed/ first); otherwise the PDF gets a
    new, unique name and no file is ever overwritten.
    """
    corpus_dir = Path(corpus_dir)
    if replace is not None:  # the file being replaced does not count as a duplicate of itself
        known = {h: tf for h, tf in known.items() if tf[1] != replace}
    check_pdf(data, name, max_bytes, ocr, known)
    with locked(corpus_dir):
        if replace is not None:
            if not (corpus_dir / replace).is_file():
                raise Refused(f"{replace}: staat niet (meer) in de documentenmap")
            _to_removed(corpus_dir, replace)
            rel = replace
        else:
            rel = safe_name(corpus_dir, name)
        _write(corpus_dir / rel, data)
        set_entry(corpus_dir, rel, fields)
    return rel


def _to_removed(corpus_dir: Path, rel: str) -> Path:
    folder = corpus_dir / REMOVED
    folder.mkdir(exist_ok=True)
    target = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{Path(rel).name}"
    os.replace(corpus_dir / rel, target)
    return target


def remove_document(corpus_dir: Path, rel: str) -> Path:
    """Move a corpus PDF to corpus/.removed/ (restorable) and drop its catalogue entry; returns where it went."""
    corpus_dir = Path(corpus_dir)
    with locked(corpus_dir):
        if not (corpus_dir / rel).is_file():
            raise Refused(f"{rel}: staat niet (meer) in de documentenmap")
        moved = _to_removed(corpus_dir, rel)
        drop_entry(corpus_dir, rel)
    return moved


def edit_entry(corpus_dir: Path, rel: str, fields: dict) -> None:
    """Change a document's catalogue fields (title, kind, date, organisation, description)."""
    corpus_dir = Path(corpus_dir)
    with locked(corpus_dir):
        if not (corpus_dir / rel).is_file():
            raise Refused(f"{rel}: staat niet (meer) in de documentenmap")
        set_entry(corpus_dir, rel, fields)
