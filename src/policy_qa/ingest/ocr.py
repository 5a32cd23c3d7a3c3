"""OCR for pages without a text layer: render with pypdfium2, read with Tesseract's Dutch model."""
from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

from ..config import Settings
from .cleaning import clean_pages, dutch_lexicon
from .rendering import render_page_image

DPI = 300
# Tesseract reads a bullet as 'e', '©' or '°' at the start of a line; before a capital it is a bullet.
_OCR_BULLET = re.compile(r"^[ \t]*(?:e|©|°|«|\*)[ \t]+_?(?=[A-Z])", re.M)


@functools.lru_cache(maxsize=1)
def available(language: str = "nld") -> bool:
    """Tesseract is installed and has the language model."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return language in out.stdout.split()


def read_page(path: Path, index: int, settings: Settings) -> str | None:
    """The OCR text of page `index` (0-based), or None when OCR is unavailable or fails."""
    if not available(settings.ocr_language):
        return None
    try:
        image = render_page_image(path, index, DPI / 72)
        buf = io.BytesIO()
        image.convert("L").save(buf, format="PNG")
        out = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", settings.ocr_language, "--psm", "3"],
            input=buf.getvalue(),
            capture_output=True,
            timeout=120,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # OpenMP threads make it ~3x slower on small machines
        )
    except Exception:
        return None
    if out.returncode != 0:
        return None
    text = _OCR_BULLET.sub("• ", out.stdout.decode("utf-8", "replace"))
    text = clean_pages([text])[0][0]
    return text if readable(text) else None


def readable(text: str, share: float = 0.5, min_words: int = 5) -> bool:
    """OCR of a photo gives letter soup ('Se p nsterdarr'): keep text only when most words are real Dutch words."""
    lexicon = dutch_lexicon()
    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", text)]
    if len(words) < min_words:
        return False
    if not lexicon.freq:  # no word list to judge by: accept
        return True
    return sum(lexicon(w) > 0 for w in words) >= share * len(words)
