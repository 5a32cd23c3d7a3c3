"""Structure-aware passages: lines → paragraphs, headings, lead-ins and bullets → sections → passages.

Headings start sections (a heading is a title: a bold paragraph after a finished title, "Een gemeente die levert. De
VVD zet zich in voor …", is body text); a table of contents (titles with page numbers) stands in no passage;
a lead-in ("Wat wij vragen van de politiek:") stays with the bullets it introduces;
passages aim at `min_chars`–`max_chars`, are cut where a sentence ends, break at page ends unless a sentence runs
on, and never span documents.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..records import Page

_BULLET = re.compile(r"^(?:•|\d{1,2}[.)]|[a-z][.)])\s+\S")
_END = re.compile(r"[.!?:;’”\"')]$")
_SENTENCE_END = re.compile(r"[.!?][’”\"')]?$")
_TOC_LINE = re.compile(r"\D\s\d{1,3}$")  # "2.1 Baanzekerheid met betere beloning en bescherming 32"
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|(?:\s\.){3,})\s*\d{1,3}$")  # "Zorg. ........ 22"
RUN_ON = 1.5  # a passage may outgrow its maximum this far to end at a sentence's end
MAX_TITLE = 200  # a heading longer than this is a bold paragraph or a list of titles, not one title


@dataclass(frozen=True)
class Line:
    page: int
    start: int  # offset in the page's clean text
    end: int
    text: str
    heading: bool = False
    bold: bool = False  # set in a bold font (a bullet's own title, "• Geef Economische Zaken doorzettingsmacht")
    toc: bool = False  # a table of contents's line: a title and its page number among others like it


@dataclass(frozen=True)
class Unit:
    """A paragraph, heading, lead-in or bullet item: the smallest thing a passage is built from."""

    kind: str  # "heading", "bullet", "text"
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        """Lines joined by spaces; a bold title keeps its line break before the body, so it reads as a title."""
        out = ""
        for prev, ln in zip((None,) + self.lines[:-1], self.lines):
            out += "" if prev is None else ("\n" if prev.bold and not ln.bold else " ")
            out += ln.text
        return out

    @property
    def page(self) -> int:
        return self.lines[0].page


@dataclass(frozen=True)
class Chunk:
    """A passage before it gets its document facts: section, text and where it sits."""

    section: str
    text: str
    page: int
    page_end: int
    char_start: int
    char_end: int


def page_lines(page: Page) -> list[Line]:
    """The non-empty lines of a page with their offsets; lines set in bold (or shaped like headings) marked."""
    out, pos = [], 0
    raw_lines = page.text.split("\n")
    widths = [len(s.strip()) for s in raw_lines if s.strip()]
    typical = statistics.median(widths) if widths else 0
    prev_text, prev_heading = "", False
    for i, raw in enumerate(raw_lines):
        start, end = pos, pos + len(raw)
        pos = end + 1
        text = raw.strip()
        if not text:
            prev_text, prev_heading = "", False
            continue
        nxt = next((s.strip() for s in raw_lines[i + 1:] if s.strip()), "")
        toc = _in_toc(text, prev_text, nxt)
        heading = not toc and (_is_heading(text, prev_text, nxt, typical, page.bold_lines, prev_heading) or (
            prev_heading and " ".join(text.split()) in page.bold_lines))  # a heading's second line
        out.append(Line(page.number, start, end, text, heading, " ".join(text.split()) in page.bold_lines, toc))
        prev_text, prev_heading = text, heading
    return out


def _toc_line(text: str) -> bool:
    """A title with its page number ("4.3 Nederland waterland 52", "Zorg. …… 22"); "Artikel 5" or "Hoofdstuk 2" is
    none."""
    return bool(_TOC_LEADER.search(text)) or (bool(_TOC_LINE.search(text)) and len(text.split()) >= 4)


def _in_toc(text: str, prev: str, nxt: str) -> bool:
    """A line of a table of contents: titles with page numbers one after another (a wrapped title between two)."""
    return (_toc_line(text) and (_toc_line(prev) or _toc_line(nxt))) or (_toc_line(prev) and _toc_line(nxt))


_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-H]\.)\s+[A-Z‘“\"(]")


def _is_heading(text: str, prev: str, nxt: str, typical: float, bold: frozenset[str],
                prev_heading: bool = False) -> bool:
    if len(text) > 110 or text.startswith("•") or not (text[0].isupper() or text[0].isdigit() or text[0] in "‘“\"'"):
        return False
    if bold:
        return " ".join(text.split()) in bold and not text.endswith(":")
    # Without font evidence: a numbered title ('1.1 Ambitieus klimaatbeleid', 'B. Onze voorstellen') …
    if _NUMBERED_HEADING.match(text) and len(text) <= 90 and not re.search(r"[.,;:]$", text) \
            and len(text.split()) <= 12:
        return True
    # … or a short line, not ending a sentence, after a finished sentence or heading, before a capital.
    return (
        len(text) < 0.75 * max(typical, 1)
        and not _END.search(text)
        and text[:1].isupper()
        and (not prev or prev_heading or bool(_END.search(prev)))
        and bool(nxt[:1].isupper() or nxt.startswith("•"))
        and len(text.split()) <= 10
    )


def units(lines: list[Line]) -> list[Unit]:
    """Group lines into headings (consecutive heading lines merge), bullet items and paragraphs."""
    typical = statistics.median([len(ln.text) for ln in lines]) if lines else 0
    out: list[Unit] = []
    cur: list[Line] = []
    kind = "text"

    def flush():
        nonlocal cur
        if cur:
            out.append(Unit(kind, tuple(cur)))
        cur = []

    for ln in lines:
        if ln.toc:
            flush()
            kind = "text"
            continue  # a table of contents repeats the sections' own titles; as a passage it answers nothing
        if ln.heading and kind == "prose" and not (_SENTENCE_END.search(cur[-1].text) and _short(ln, typical)):
            cur.append(ln)  # a bold paragraph runs on until a short line after a finished sentence
            continue
        if ln.heading:
            if kind == "heading" and cur and cur[-1].page == ln.page and _ends_title(cur, ln, typical):
                flush()
                kind = "prose"  # the title is finished; bold lines after it are a paragraph set in bold
                cur.append(ln)
                continue
            if kind != "heading" or (cur and cur[-1].page != ln.page):
                flush()
            kind = "heading"
            cur.append(ln)
            continue
        starts_new = (
            kind == "heading"
            or _BULLET.match(ln.text)
            or not cur
            or (cur[-1].text.endswith(":") and not ln.text[:1].islower())  # a lead-in, not a colon mid-sentence
            or (_END.search(cur[-1].text) and len(cur[-1].text) < 0.7 * typical)
            or (cur[-1].page != ln.page and _END.search(cur[-1].text))
        )
        if starts_new:
            flush()
            kind = "bullet" if _BULLET.match(ln.text) else "text"
        cur.append(ln)
    flush()
    return [Unit("text", u.lines) if u.kind == "prose" else u for u in out]


def _short(line: Line, typical: float) -> bool:
    """A line well short of the page's typical width: a title, not a line of running text."""
    return len(line.text) < 0.6 * max(typical, 1)


def _ends_title(title: list[Line], line: Line, typical: float) -> bool:
    """Whether a heading line starts a bold paragraph rather than continuing the title: the title so far ends a
    sentence and the line runs (near) full width, or the title would grow past MAX_TITLE."""
    so_far = " ".join(x.text for x in title)
    return (bool(_SENTENCE_END.search(so_far)) and not _short(line, typical)) or \
        len(so_far) + 1 + len(line.text) > MAX_TITLE


def _ends_sentence(line: str, nxt: str) -> bool:
    """Whether a cut may follow this line: it ends a sentence, or a colon the next line does not continue in
    lower case ('… als opbouwwerkers:' | 'professionals die …' is one sentence)."""
    return bool(re.search(r"[.!?]$", line)) or (line.endswith(":") and not nxt[:1].islower())


def _split_long(unit: Unit, max_chars: int) -> list[Unit]:
    """A paragraph longer than a passage is cut between lines, at the last sentence end that fits; when no line
    ends a sentence there, the passage runs on to the line that does (up to RUN_ON × max_chars), so no passage starts
    mid-sentence ('… die daarvoor' | 'geschikt zijn, waaronder scholen …')."""
    parts: list[Unit] = []
    cur: list[Line] = []
    for j, ln in enumerate(unit.lines):
        cur.append(ln)
        size = sum(len(x.text) + 1 for x in cur)
        if size < max_chars:
            continue
        ends = [i for i, x in enumerate(cur[:-1]) if _ends_sentence(x.text, cur[i + 1].text)
                and sum(len(y.text) + 1 for y in cur[: i + 1]) >= 0.3 * max_chars]
        nxt = unit.lines[j + 1].text if j + 1 < len(unit.lines) else ""
        if not ends and not _ends_sentence(ln.text, nxt) and size < RUN_ON * max_chars:
            continue  # the sentence runs on: cut where it ends
        cut = ends[-1] + 1 if ends else len(cur)
        parts.append(Unit(unit.kind, tuple(cur[:cut])))
        cur = cur[cut:]
    if cur:
        parts.append(Unit(unit.kind, tuple(cur)))
    return parts


def chunk_pages(pages: list[Page], min_chars: int = 300, max_chars: int = 1000) -> list[Chunk]:
    """Cut one document's pages into passages that keep its structure."""
    all_lines = [ln for p in pages for ln in page_lines(p)]
    sections: list[tuple[str, list[Unit]]] = []
    title, body = "", []
    for u in units(all_lines):
        if u.kind == "heading":
            if body or not sections:
                sections.append((title, body))
            elif sections and not sections[-1][1]:
                pass
            title, body = u.text, []
            continue
        body.extend(_split_long(u, max_chars))
    sections.append((title, body))

    chunks: list[Chunk] = []
    for title, body in sections:
        if not body:
            continue
        groups: list[list[Unit]] = [[]]
        for u in body:
            cur = groups[-1]
            size = sum(len(x.text) + 1 for x in cur)
            # A new page starts a new passage unless a sentence runs on from the previous page.
            page_break = cur and u.page != cur[-1].lines[-1].page and (
                _END.search(cur[-1].text) or not u.text[:1].islower())
            too_big = cur and size + len(u.text) > max_chars
            if (too_big or page_break) and size >= min_chars * (0 if page_break else 1):
                carry = []
                while cur and cur[-1].text.endswith(":") and len(cur) > 1:
                    carry.insert(0, cur.pop())
                groups.append(carry)
            elif too_big:
                groups.append([])
            groups[-1].append(u)
        groups = _merge_small(groups, min_chars, max_chars)
        for g in groups:
            if g:
                chunks.append(_to_chunk(title, g))
    return chunks


def _merge_small(groups: list[list[Unit]], min_chars: int, max_chars: int) -> list[list[Unit]]:
    """A passage far below the minimum joins its neighbour on the same page when they fit together."""
    merged: list[list[Unit]] = []
    for g in groups:
        if not g:
            continue
        size = sum(len(u.text) + 1 for u in g)
        if merged:
            prev = merged[-1]
            prev_size = sum(len(u.text) + 1 for u in prev)
            same_page = prev[-1].lines[-1].page == g[0].page
            if same_page and (size < min_chars / 2 or prev_size < min_chars / 2) and prev_size + size <= max_chars:
                merged[-1] = prev + g
                continue
        merged.append(g)
    return merged


def _to_chunk(section: str, group: list[Unit]) -> Chunk:
    first, last = group[0].lines[0], group[-1].lines[-1]
    text = "\n".join(u.text for u in group)
    return Chunk(section, text, first.page, last.page, first.start, last.end)
