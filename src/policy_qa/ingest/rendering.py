"""The one door to pdfium (pypdfium2): it is not thread-safe, so every open, render and text query holds one lock.

OCR in a build thread and the app's page view both come through here; renders are capped in pixels.
"""
from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import pypdfium2 as pdfium

PDFIUM_LOCK = threading.RLock()
MAX_PIXELS = 25_000_000  # ~5000 × 5000: a page larger than this at the asked scale is rendered smaller


class RenderError(Exception):
    """pdfium could not open or render the file; the message is readable."""


@contextlib.contextmanager
def pdfium_document(path: Path):
    """The open document, under the pdfium lock for as long as it is used."""
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except (pdfium.PdfiumError, OSError) as exc:
            raise RenderError(f"cannot open {Path(path).name} ({exc})") from None
        try:
            yield pdf
        except pdfium.PdfiumError as exc:
            raise RenderError(f"cannot render {Path(path).name} ({exc})") from None
        finally:
            pdf.close()


def capped_scale(page, scale: float, max_pixels: int = MAX_PIXELS) -> float:
    """`scale`, lowered so that the rendered page stays under `max_pixels` (call with the lock held)."""
    width, height = page.get_size()
    pixels = width * scale * height * scale
    if pixels <= max_pixels:
        return scale
    return scale * (max_pixels / max(pixels, 1.0)) ** 0.5


def render_page_image(path: Path, index: int, scale: float):
    """Page `index` (0-based) as a PIL image, pixel-capped; RenderError for any pdfium problem."""
    with pdfium_document(path) as pdf:
        if not 0 <= index < len(pdf):
            raise RenderError(f"page {index + 1} does not exist ({len(pdf)} pages)")
        page = pdf[index]
        return page.render(scale=capped_scale(page, scale)).to_pil()
