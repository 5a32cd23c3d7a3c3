"""The page view: a PDF page rendered with pypdfium2, the cited passage marked with translucent rectangles.

The passage text was cleaned (hyphenation joined, running headers dropped), so it is located on the page by
comparing letters and digits only, piece by piece, and each found piece's character boxes become highlights.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from ..ingest.rendering import RenderError, capped_scale, pdfium_document
from ..text import letters_digits

HIGHLIGHT = (255, 214, 0, 96)  # translucent yellow
OUTLINE = (230, 140, 0, 200)
SCALED_DOWN = "policy_qa_scaled_down"  # set in image.info when the page was too large to render at full scale
PIECE = 24  # letters per piece searched on the page: long enough to be unique, short enough to survive edits


class PageUnavailable(Exception):
    """The page cannot be shown: the message says why, in Dutch."""


@dataclass(frozen=True)
class Box:
    """A highlight rectangle in image pixels: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float


def _letters(text: str) -> tuple[str, list[int]]:
    """The text's letters and digits, casefolded, with the index of the source character of each."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in letters_digits(ch):  # '' for spaces, punctuation, soft hyphens
            out.append(c)
            where.append(i)
    return "".join(out), where


def locate(page_text: str, passage_text: str) -> list[int]:
    """Indices of page characters that belong to the passage, found piece by piece in reading order."""
    page, page_pos = _letters(page_text)
    passage, _ = _letters(passage_text)
    if not page or not passage:
        return []
    whole = page.find(passage)
    if whole >= 0:
        return sorted({page_pos[i] for i in range(whole, whole + len(passage))})
    found: set[int] = set()
    cursor = 0
    for start in range(0, len(passage), PIECE):
        piece = passage[start:start + PIECE]
        if len(piece) < 6:
            break
        at = page.find(piece, cursor)
        if at < 0:
            continue
        found.update(page_pos[i] for i in range(at, at + len(piece)))
        cursor = at + len(piece)
    return sorted(found)


def _line_boxes(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Merge character boxes (left, bottom, right, top in PDF points) into one box per text line."""
    lines: list[list[float]] = []
    for left, bottom, right, top in boxes:
        mid = (bottom + top) / 2
        for line in lines:
            if line[1] <= mid <= line[3] and left - line[2] < 40:
                line[0], line[1] = min(line[0], left), min(line[1], bottom)
                line[2], line[3] = max(line[2], right), max(line[3], top)
                break
        else:
            lines.append([left, bottom, right, top])
    return [tuple(line) for line in lines]


def render_page(pdf_path: Path, page_number: int, passage_text: str = "", scale: float = 1.6) -> tuple[Image.Image, int]:
    """Page `page_number` (1-based) as an RGB image with the passage highlighted; also how many lines were marked."""
    image, boxes = _render_cached(str(pdf_path), Path(pdf_path).stat().st_mtime_ns, page_number, passage_text, scale)
    scaled_down = image.info.get(SCALED_DOWN, False)
    image = image.copy()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for b in boxes:
            draw.rectangle((b.left, b.top, b.right, b.bottom), fill=HIGHLIGHT, outline=OUTLINE)
        image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    image.info[SCALED_DOWN] = scaled_down
    return image, len(boxes)


@functools.lru_cache(maxsize=32)
def _render_cached(path: str, mtime: int, page_number: int, passage_text: str,
                   scale: float) -> tuple[Image.Image, tuple[Box, ...]]:
    """Render once per (file version, page, passage): the same citation opened twice costs nothing."""
    try:
        with pdfium_document(Path(path)) as pdf:
            if not 1 <= page_number <= len(pdf):
                raise PageUnavailable(f"Pagina {page_number} bestaat niet in dit document ({len(pdf)} pagina's).")
            page = pdf[page_number - 1]
            asked, scale = scale, capped_scale(page, scale)
            image = page.render(scale=scale).to_pil().convert("RGB")
            if scale < asked:
                image.info[SCALED_DOWN] = True
            boxes = tuple(_passage_boxes(page, passage_text, scale)) if passage_text else ()
    except RenderError as exc:
        raise PageUnavailable(f"De pagina kan niet worden getoond ({exc}).") from None
    return image, boxes


def _passage_boxes(page: pdfium.PdfPage, passage_text: str, scale: float) -> list[Box]:
    """The passage's text lines on `page` as pixel rectangles of the rendered image."""
    textpage = page.get_textpage()
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""
    if len(text) != n:  # pdfium left characters out: fall back to one character at a time
        text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(n))
    indices = locate(text, passage_text)
    char_boxes = [textpage.get_charbox(i) for i in indices if not text[i].isspace()]
    left0, bottom0, _, top0 = page.get_cropbox()
    height = top0 - bottom0
    pad = 1.5
    return [
        Box((l - left0 - pad) * scale, (height - (t - bottom0) - pad) * scale,
            (r - left0 + pad) * scale, (height - (b - bottom0) + pad) * scale)
        for l, b, r, t in _line_boxes(char_boxes)
    ]
