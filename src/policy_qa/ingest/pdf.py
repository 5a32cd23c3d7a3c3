"""Read a PDF with pypdf: per physical page its raw text, printed label and bold lines; problems named, never raised."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
from pypdf.errors import PdfReadError

logging.getLogger("pypdf").setLevel(logging.ERROR)

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)


class PdfProblem(Exception):
    """A file that cannot be read at all; the message is the user-facing reason."""


@dataclass(frozen=True)
class RawPage:
    number: int
    label: str | None
    text: str
    bold_lines: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RawDocument:
    path: Path
    pages: tuple[RawPage, ...]
    title: str | None = None
    date: str = ""  # YYYY-MM from the PDF's creation date, when it has one
    warnings: tuple[str, ...] = field(default=())


def read_pdf(path: Path) -> RawDocument:
    """Extract every page of `path`; raise PdfProblem with a specific reason if the file is unusable."""
    path = Path(path)
    try:
        head = path.read_bytes()[:1024]
    except OSError as exc:
        raise PdfProblem(f"cannot be read ({exc.strerror or exc})") from None
    if not head:
        raise PdfProblem("empty file (0 bytes)")
    if b"%PDF-" not in head:
        raise PdfProblem("not a PDF (no %PDF header; is it another kind of file renamed to .pdf?)")
    try:
        reader = pypdf.PdfReader(path, strict=False)
        if reader.is_encrypted:
            _decrypt(reader)
        n = len(reader.pages)
    except PdfProblem:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise PdfProblem(f"damaged or truncated PDF ({_short(exc)})") from None
    if n == 0:
        raise PdfProblem("the PDF has no pages")
    labels = _labels(reader, n)
    pages, warnings = [], []
    for i in range(n):
        try:
            text, bold = _extract(reader.pages[i])
        except Exception as exc:
            warnings.append(f"page {i + 1}: text could not be extracted ({_short(exc)})")
            text, bold = "", frozenset()
        pages.append(RawPage(i + 1, labels[i], text, bold))
    return RawDocument(path, tuple(pages), _title(reader), _date(reader), tuple(warnings))


def _decrypt(reader: pypdf.PdfReader) -> None:
    try:
        ok = reader.decrypt("")
    except Exception as exc:
        raise PdfProblem(f"encrypted, and it cannot be decrypted here ({_short(exc)})") from None
    if not ok:
        raise PdfProblem("encrypted with a password (remove the password and add it again)")


def _labels(reader: pypdf.PdfReader, n: int) -> list[str | None]:
    """Printed page labels, only where the PDF defines them (otherwise None, not a guess)."""
    try:
        root = reader.trailer["/Root"]
        if "/PageLabels" not in root:
            return [None] * n
        labels = list(reader.page_labels)
    except Exception:
        return [None] * n
    return [(labels[i] if i < len(labels) and labels[i] != "" else None) for i in range(n)]


def _extract(page) -> tuple[str, frozenset[str]]:
    """Default-mode text plus the lines whose every glyph run is in a bold font."""
    lines: dict[float, list[tuple[str, bool]]] = {}

    def visit(text, cm, tm, font_dict, font_size):
        if not text or not text.strip():
            return
        y = round(float(cm[5]) + float(tm[5]) * float(cm[3]), 0)
        name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
        for part in text.split("\n"):
            if part.strip():
                lines.setdefault(y, []).append((part, bool(_BOLD.search(name))))

    text = page.extract_text(visitor_text=visit) or ""
    bold = frozenset(
        " ".join("".join(p for p, _ in runs).split())
        for runs in lines.values()
        if runs and all(b for _, b in runs)
    )
    return text, bold


def _title(reader: pypdf.PdfReader) -> str | None:
    try:
        meta = reader.metadata
        title = (meta.title if meta else None) or None
    except Exception:
        return None
    if title and title.strip() and not re.fullmatch(r"(?i)(untitled|microsoft word.*|document\d*)", title.strip()):
        return " ".join(title.split())
    return None


def _date(reader: pypdf.PdfReader) -> str:
    try:
        created = reader.metadata.creation_date if reader.metadata else None
    except Exception:
        return ""
    return created.strftime("%Y-%m") if created else ""


def _short(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return msg[:160]


__all__ = ["PdfProblem", "RawDocument", "RawPage", "read_pdf", "PdfReadError"]
