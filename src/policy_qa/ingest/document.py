"""One PDF in, its document facts, clean pages and passages out: read → clean → (OCR) → chunk.

Builds call it through ingest/worker.py, which runs it in a worker process under a per-file time limit.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..records import DocumentFacts, DocumentInfo, Page, Passage, Problem
from . import ocr
from .catalogue import fallback_entry
from .chunking import chunk_pages, page_lines
from .cleaning import clean_document
from .files import sha256_file
from .pdf import PdfProblem, read_pdf

MIN_PAGE_CHARS = 20  # fewer characters than this on a page means it has no usable text layer


@dataclass(frozen=True)
class Ingested:
    info: DocumentInfo
    pages: tuple[Page, ...]
    passages: tuple[Passage, ...]
    problems: tuple[Problem, ...]


def ingest_file(path: Path, rel: str, entry: DocumentFacts | None, settings: Settings, sha256: str = "") -> Ingested:
    """Read, clean and cut one PDF; raise PdfProblem when nothing at all can be used (no time limit: see worker)."""
    raw = read_pdf(path)
    texts, bold, report = clean_document([p.text for p in raw.pages], [p.bold_lines for p in raw.pages])
    problems: list[Problem] = [Problem(rel, w, skipped=False) for w in raw.warnings]
    pages: list[Page] = []
    empty, ocred = [], []
    for rp, text, bold_lines in zip(raw.pages, texts, bold):
        is_ocr = False
        if len(text.strip()) < MIN_PAGE_CHARS:
            ocr_text = ocr.read_page(path, rp.number - 1, settings) if settings.ocr else None
            if ocr_text and len(ocr_text.strip()) >= MIN_PAGE_CHARS:
                text, is_ocr = ocr_text, True
                ocred.append(rp.number)
            else:
                empty.append(rp.number)
                text = ""
        pages.append(Page(rp.number, rp.label, text, is_ocr, frozenset() if is_ocr else bold_lines))
    why = _why_unsearchable(settings)
    if empty:
        problems.append(Problem(rel, f"{len(empty)} of {len(pages)} pages not searchable ({why}): pages {_ranges(empty)}", skipped=False))
    if report.nul_repairs:
        problems.append(Problem(rel, f"{report.nul_repairs} broken glyphs (NUL characters) repaired", skipped=False))
    if not any(p.text for p in pages):
        raise PdfProblem(f"no searchable text on any of its {len(pages)} pages ({why})")
    if entry is None:
        entry = fallback_entry(rel, raw.title, _first_heading(pages), raw.date)
    chunks = chunk_pages(pages, settings.chunk_min_chars, settings.chunk_max_chars)
    by_number = {p.number: p for p in pages}
    passages = tuple(
        Passage(
            passage_id=f"{entry.doc_id}:{i}",
            doc_id=entry.doc_id,
            title=entry.title,
            kind=entry.kind,
            date=entry.date,
            file=rel,
            page=c.page,
            page_end=c.page_end,
            page_label=by_number[c.page].label,
            section=c.section,
            text=c.text,
            char_start=c.char_start,
            char_end=c.char_end,
            ocr=any(by_number[n].ocr for n in range(c.page, c.page_end + 1)),
        )
        for i, c in enumerate(chunks)
    )
    info = DocumentInfo(
        **{**entry.facts(), "file": rel},
        sha256=sha256 or sha256_file(path),
        pages=len(pages),
        passages=len(passages),
        pages_without_text=tuple(empty),
        ocr_pages=tuple(ocred),
    )
    return Ingested(info, tuple(pages), passages, tuple(problems))


def _why_unsearchable(settings: Settings) -> str:
    """Why pages without a text layer stayed empty: OCR off, not installed, or it read nothing useful."""
    if not settings.ocr:
        return "no text layer; OCR is switched off (POLICY_QA_OCR)"
    if ocr.available(settings.ocr_language):
        return "no text layer, and OCR found no readable text (photos or graphics?)"
    return "no text layer, and OCR is not available: install tesseract-ocr tesseract-ocr-nld"


def _first_heading(pages: list[Page]) -> str | None:
    for p in pages:
        lines = page_lines(p)
        for ln in lines:
            if ln.heading and len(ln.text) > 3:
                return ln.text
        if lines:
            return lines[0].text[:120]
    return None


def _ranges(numbers: list[int]) -> str:
    out, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return ", ".join(out)


__all__ = ["Ingested", "ingest_file", "PdfProblem"]
