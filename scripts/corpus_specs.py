"""The vocabulary of the corpus generator: fonts, colours, line styles, page and document specifications (data only)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
BLUE = (0.05, 0.22, 0.45)
ORANGE = (0.80, 0.36, 0.02)
BLACK = (0.0, 0.0, 0.0)
GREY = (0.35, 0.35, 0.35)
RULE_GREY = (0.62, 0.62, 0.62)


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float
    color: tuple[float, float, float] = BLACK
    space_before: float = 0.0  # extra space above the line unless it opens a region

    @property
    def heading(self) -> bool:
        return self.font == BOLD


@dataclass(frozen=True)
class PageSpec:
    layout: str = "single"  # "single" | "columns"
    # Exact (stripped) lines of a title block: moved to / kept at the top, full width.
    title_block: tuple[str, ...] = ()
    # For "columns": break after this line (else the columns are balanced automatically).
    col_break_after: str | None = None
    col1_width: float | None = None  # None: two equal columns
    footer: bool = True  # draw the printed page number


@dataclass(frozen=True)
class DocSpec:
    seed: str
    out: str
    doc_id: str
    title: str
    subject: str
    keywords: str
    header: str
    creation_date: str  # PDF date string, fixed for determinism
    page_breaks: tuple[str, ...]  # prefixes of the lines (after the leading space) opening pages 2..n
    styles: dict[str, Style]
    # stripped line text -> style names, used in order of occurrence (the last one repeats)
    rules: dict[str, tuple[str, ...]]
    pages: tuple[PageSpec, ...]
    footer_text: Callable[[int, int], str | None]  # (0-based page index, page count) -> printed footer
    page_labels: tuple[tuple[int, int, str | None, str | None, int | None], ...]  # pypdf set_page_label args
    margins: tuple[float, float, float, float] = (62, 56, 70, 62)  # left, right, top, bottom
    blank_gap: float = 0.55  # vertical gap per blank seed line, as a fraction of the body leading
    gutter: float = 20
