#!/usr/bin/env python3
"""Build the default corpus: two Metaalunie policy PDFs and ``corpus/catalogue.toml``.

What: the plain-text seeds in ``shared/seeds/`` (text that was once extracted from the
original PDFs of Koninklijke Metaalunie; the originals are not available) are laid out again
as realistic A4 PDFs:

* ``metaalunie_brief_formatie_2025.pdf`` - the letter to informateur Buma (4 pages), and
* ``metaalunie_manifest_tk2023.pdf`` - the Tweede Kamer 2023 election manifesto (7 pages),

and the catalogue that gives them a title, kind, date and description is written next to them.

Why: the QA pipeline must be built and tested against real PDFs (text layer, page labels,
running headers and footers, two-column pages, bold headings, end-of-line hyphenation,
bullets), not against plain text. The PDFs are generated instead of hand-made so that they
are reproducible and reviewable:

* one seed line is one drawn line (never re-wrapped), so hyphenation ("werkgele-"/"genheid")
  and bullets ("•") survive exactly as in the seed, and pypdf extracts the same lines;
* the original page breaks are restored from the seed (a line that starts with a single space
  after a line break began a new original page); the break lines are hard-coded per seed
  below rather than guessed, because cover and pull-quote lines also start with a space;
* on manifesto pages 3-6 the section title and pull quote, which the extraction left at the
  end of the page (they were in a sidebar), are drawn at the top of the page so that a reader
  (and the extractor) meets them first;
* output is deterministic (reportlab ``invariant=1``, fixed dates, ids from reportlab's
  content digest): running the script twice gives the same bytes.

After writing, the script re-reads each PDF with pypdf and checks page labels, the exact
extracted lines (header, body in reading order - column 1 before column 2 - and footer) and
the multiset of words per page against the seed. It exits non-zero if anything differs.

Usage::

    .venv/bin/python scripts/make_corpus.py [SEEDS_DIR] [--out corpus/] [--quiet]

Needs the DejaVu fonts of the Debian package ``fonts-dejavu-core`` (DejaVuSans.ttf and
DejaVuSans-Bold.ttf) for the Dutch accents, curly quotes, en dash and "²".
"""
from __future__ import annotations

import argparse
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_documents import CATALOGUE_ENTRIES, CATALOGUE_HEADER, DOCS, LETTER  # noqa: E402
from corpus_specs import GREY, REGULAR, RULE_GREY, DocSpec, PageSpec, Style  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO_ROOT / ".." / "shared" / "seeds"
DEFAULT_OUT = REPO_ROOT / "corpus"

# --------------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------------

FONT_PACKAGE = "fonts-dejavu-core"
FONT_FILES = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf"}
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian / Ubuntu
    Path("/usr/share/fonts/dejavu"),  # Fedora / Arch
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
)


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold) with reportlab, or exit naming the package."""
    for name, filename in FONT_FILES.items():
        path = next((d / filename for d in FONT_DIRS if (d / filename).is_file()), None)
        if path is None:
            sys.exit(
                f"make_corpus: font {filename} not found in {', '.join(map(str, FONT_DIRS))}.\n"
                f"Install the Debian package {FONT_PACKAGE} (apt-get install -y {FONT_PACKAGE}); "
                "the PDFs need DejaVu Sans for Dutch accents, curly quotes, en dashes and '²'."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))


def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


# --------------------------------------------------------------------------------------------
# Seed parsing
# --------------------------------------------------------------------------------------------

BULLET_RE = re.compile(r"^•\s+")
BULLET_PREFIX = "•  "  # how a seed bullet ("•\t ") is drawn
NUMBER_RE = re.compile(r"^\d+\.\s")


def split_pages(text: str, page_breaks: tuple[str, ...], name: str) -> list[list[str]]:
    """Split seed text into original pages at the hard-coded page-break lines.

    A break line starts with exactly one space followed by the given prefix; that space is
    removed. The breaks must be found in order, each exactly where expected.
    """
    pages: list[list[str]] = [[]]
    pending = list(page_breaks)
    for line in text.split("\n"):
        if pending and line.startswith(" ") and not line.startswith("  ") and line[1:].startswith(pending[0]):
            pending.pop(0)
            pages.append([line[1:]])
        else:
            pages[-1].append(line)
    if pending:
        raise SystemExit(f"make_corpus: {name}: page-break line(s) not found: {pending!r}")
    return pages


@dataclass
class Line:
    text: str = ""  # what is drawn (bullet normalised); "" for a blank line
    style: str = "body"
    indent: float = 0.0  # hanging indent (pt) of continuation lines of bullets / numbered headings
    blank: bool = False


def classify(raw_lines: list[str], doc: DocSpec, usage: Counter) -> list[Line]:
    """Turn seed lines into drawable lines: style, bullet normalisation and hanging indents."""
    out: list[Line] = []
    hang = 0.0  # current hanging indent
    hang_kind = ""  # "bullet" (body list item) | "heading" (bulleted or numbered heading)
    after_blank = False
    for raw in raw_lines:
        s = raw.strip()
        if not s:
            out.append(Line(blank=True))
            after_blank = True
            continue
        bullet = BULLET_RE.match(s)
        core = s[bullet.end():] if bullet else s
        styles = doc.rules.get(core)
        if styles:
            n = usage[core]
            usage[core] += 1
            style_name = styles[min(n, len(styles) - 1)]
        else:
            style_name = "body"
        st = doc.styles[style_name]
        if bullet:
            text = BULLET_PREFIX + core
            line = Line(text, style_name)
            hang = width(BULLET_PREFIX, st.font, st.size)
            hang_kind = "heading" if st.heading else "bullet"
        else:
            text = core
            line = Line(text, style_name)
            continues = False
            if hang_kind == "bullet" and not st.heading:
                # a list item runs on until a blank line, unless the blank only splits a
                # sentence (the next line starts in lower case, as "keten landen")
                continues = not after_blank or core[:1].islower()
            elif hang_kind == "heading" and st.heading and not after_blank:
                continues = True
            if continues:
                line.indent = hang
            elif NUMBER_RE.match(core) and st.heading:
                hang = width(NUMBER_RE.match(core).group(0), st.font, st.size)
                hang_kind = "heading"
            else:
                hang, hang_kind = 0.0, ""
        out.append(line)
        after_blank = False
    return out


def trim(lines: list[Line]) -> list[Line]:
    """Drop blank lines at the start and the end; collapse nothing else."""
    a, b = 0, len(lines)
    while a < b and lines[a].blank:
        a += 1
    while b > a and lines[b - 1].blank:
        b -= 1
    return lines[a:b]


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------


class LayoutError(RuntimeError):
    pass


@dataclass
class Placed:
    x: float
    y: float
    text: str
    style: Style


@dataclass
class PagePlan:
    placed: list[Placed] = field(default_factory=list)
    columns: list[list[str]] = field(default_factory=list)  # drawn texts per column (for checks)


def region_height(lines: list[Line], doc: DocSpec) -> float:
    h = 0.0
    gap = doc.blank_gap * doc.styles["body"].leading
    prev = None  # style of the previous drawn line
    for ln in lines:
        if ln.blank:
            h += gap
            continue
        st = doc.styles[ln.style]
        h += st.leading + (st.space_before if prev is not None and ln.style != prev else 0.0)
        prev = ln.style
    return h


def place_region(lines: list[Line], doc: DocSpec, x: float, top: float, bottom: float,
                 col_width: float, where: str) -> tuple[list[Placed], float]:
    """Place lines top-down in a region; returns the placements and the y below the last line."""
    placed: list[Placed] = []
    gap = doc.blank_gap * doc.styles["body"].leading
    y = top
    prev = None  # style of the previous drawn line
    for ln in lines:
        if ln.blank:
            y -= gap
            continue
        st = doc.styles[ln.style]
        if prev is None:
            y -= st.size * 1.05  # first baseline of the region
        else:
            # extra space above a heading / quote block, not between its own lines
            y -= st.leading + (st.space_before if ln.style != prev else 0.0)
        prev = ln.style
        w = ln.indent + width(ln.text, st.font, st.size)
        if w > col_width + 0.01:
            raise LayoutError(f"{where}: line too wide ({w:.1f} > {col_width:.1f} pt): {ln.text!r}")
        if y < bottom:
            raise LayoutError(f"{where}: text runs below the bottom margin at {ln.text!r}")
        placed.append(Placed(x + ln.indent, y, ln.text, st))
    return placed, y


def balance(lines: list[Line], doc: DocSpec) -> int:
    """Index at which to break a list of lines into two columns of about equal height."""
    best, best_cost = 1, float("inf")
    leading = doc.styles["body"].leading
    for i in range(1, len(lines)):
        c1, c2 = trim(lines[:i]), trim(lines[i:])
        if not c1 or not c2:
            continue
        h1, h2 = region_height(c1, doc), region_height(c2, doc)
        cost = max(h1, h2)
        if h2 > h1:
            cost += 0.5 * leading  # a real layout fills column 1 first
        if not (lines[i - 1].blank or lines[i].blank):
            cost += 1.5 * leading  # prefer breaking between paragraphs
        if doc.styles[c1[-1].style].heading:
            cost += 10 * leading  # never leave a heading at the foot of a column
        if cost < best_cost - 1e-9:
            best, best_cost = i, cost
    return best


def layout_page(lines: list[Line], spec: PageSpec, doc: DocSpec, pno: int) -> PagePlan:
    page_w, page_h = A4
    left, right, top_m, bottom_m = doc.margins
    top, bottom = page_h - top_m, bottom_m
    full = page_w - left - right
    plan = PagePlan()
    where = f"{doc.out} page {pno}"
    body = lines

    if spec.title_block:
        # find the block's lines (in order, blank lines in between ignored) at the start or end
        idx = [i for i, ln in enumerate(lines) if not ln.blank]
        texts = [lines[i].text for i in idx]
        k = len(spec.title_block)
        if tuple(texts[-k:]) == spec.title_block:
            start = idx[-k]
            block, body = lines[start:], lines[:start]
        elif tuple(texts[:k]) == spec.title_block:
            end = idx[k - 1] + 1
            block, body = lines[:end], lines[end:]
        else:
            raise LayoutError(f"{where}: title block {spec.title_block!r} not at the start or end of the page")
        block = [ln for ln in block if not ln.blank]
        placed, y = place_region(block, doc, left, top, bottom, full, where + " title block")
        plan.placed += placed
        plan.columns.append([p.text for p in placed])
        top = y - 1.6 * doc.styles["body"].leading
    body = trim(body)

    if spec.layout == "single":
        placed, _ = place_region(body, doc, left, top, bottom, full, where)
        plan.placed += placed
        plan.columns.append([p.text for p in placed])
        return plan

    w1 = spec.col1_width or (full - doc.gutter) / 2
    w2 = full - doc.gutter - w1
    if spec.col_break_after:
        hits = [i for i, ln in enumerate(body) if ln.text == spec.col_break_after]
        if len(hits) != 1:
            raise LayoutError(f"{where}: column break line {spec.col_break_after!r} found {len(hits)}x")
        k = hits[0] + 1
    else:
        k = balance(body, doc)
    for col, (x, w) in enumerate(((left, w1), (left + w1 + doc.gutter, w2))):
        part = trim(body[:k] if col == 0 else body[k:])
        placed, _ = place_region(part, doc, x, top, bottom, w, f"{where} column {col + 1}")
        plan.placed += placed
        plan.columns.append([p.text for p in placed])
    return plan


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

HEADER_STYLE = Style(REGULAR, 8, 10, GREY)
FOOTER_STYLE = Style(REGULAR, 8.5, 10, GREY)


@dataclass
class BuiltDoc:
    spec: DocSpec
    pdf: bytes
    seed_pages: list[list[str]]  # raw seed lines per page (break space stripped)
    expected: list[list[str]]  # drawn lines per page in drawing order (header, body, footer)
    plans: list[PagePlan]
    footers: list[str | None]


def build(doc: DocSpec, seeds_dir: Path) -> BuiltDoc:
    seed_path = seeds_dir / doc.seed
    if not seed_path.is_file():
        raise SystemExit(f"make_corpus: seed file not found: {seed_path}")
    text = seed_path.read_text(encoding="utf-8")
    seed_pages = split_pages(text, doc.page_breaks, doc.seed)
    if len(seed_pages) != len(doc.pages):
        raise SystemExit(f"make_corpus: {doc.seed}: {len(seed_pages)} pages, expected {len(doc.pages)}")

    usage: Counter = Counter()
    plans = [
        layout_page(trim(classify(lines, doc, usage)), spec, doc, i + 1)
        for i, (lines, spec) in enumerate(zip(seed_pages, doc.pages))
    ]
    unused = sorted(set(doc.rules) - set(usage))
    if unused:
        raise SystemExit(f"make_corpus: {doc.seed}: style rules matched no line: {unused!r}")

    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(doc.title)
    c.setAuthor("Koninklijke Metaalunie")
    c.setSubject(doc.subject)
    c.setKeywords(doc.keywords)
    c.setCreator("policy-qa scripts/make_corpus.py")
    c.setDateFormatter(lambda *_: doc.creation_date)  # fixed /CreationDate and /ModDate

    page_w, page_h = A4
    left, right, top_m, bottom_m = doc.margins
    n = len(plans)
    expected, footers = [], []
    for i, (plan, spec) in enumerate(zip(plans, doc.pages)):
        drawn = []
        # running header first, so that it is extracted first
        _text(c, left, page_h - 34, doc.header, HEADER_STYLE)
        drawn.append(doc.header)
        c.setStrokeColorRGB(*RULE_GREY)
        c.setLineWidth(0.5)
        c.line(left, page_h - 40, page_w - right, page_h - 40)
        # the body as one text object, line by line in reading order (column 1, then column 2);
        # separate BT/ET blocks would make pypdf prefix indented lines with a space
        t = c.beginText()
        for p in plan.placed:
            t.setFillColorRGB(*p.style.color)
            t.setFont(p.style.font, p.style.size)
            t.setTextOrigin(p.x, p.y)
            t.textOut(p.text)
            drawn.append(p.text)
        c.drawText(t)
        footer = doc.footer_text(i, n) if spec.footer else None
        # footer last, so that it is extracted last
        c.setStrokeColorRGB(*RULE_GREY)
        c.setLineWidth(0.5)
        c.line(left, 44, page_w - right, 44)
        if footer:
            fw = width(footer, FOOTER_STYLE.font, FOOTER_STYLE.size)
            _text(c, (page_w - fw) / 2, 30, footer, FOOTER_STYLE)
            drawn.append(footer)
        footers.append(footer)
        expected.append(drawn)
        c.showPage()
    c.save()

    # page labels with pypdf; the reportlab /ID (a content digest) is kept, so bytes stay stable
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    for args in doc.page_labels:
        frm, to, style, prefix, start = args
        kwargs = {"style": style, "prefix": prefix}
        if start is not None:
            kwargs["start"] = start
        writer.set_page_label(frm, to, **kwargs)
    writer.add_metadata({
        "/Title": doc.title,
        "/Author": "Koninklijke Metaalunie",
        "/Subject": doc.subject,
        "/Keywords": doc.keywords,
        "/Creator": "policy-qa scripts/make_corpus.py",
        "/Producer": "ReportLab PDF Library + pypdf (page labels)",
        "/CreationDate": doc.creation_date,
        "/ModDate": doc.creation_date,
    })
    out = io.BytesIO()
    writer.write(out)
    return BuiltDoc(doc, out.getvalue(), seed_pages, expected, plans, footers)


def _text(c, x: float, y: float, text: str, st: Style) -> None:
    c.setFillColorRGB(*st.color)
    c.setFont(st.font, st.size)
    c.drawString(x, y, text)


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def catalogue_text() -> str:
    parts = [CATALOGUE_HEADER]
    for entry in CATALOGUE_ENTRIES:
        parts.append("\n[[document]]\n")
        for key in ("file", "id", "title", "kind", "date", "organisation", "description"):
            parts.append(f"{key} = {toml_str(entry[key])}\n")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------


def verify(built: BuiltDoc, path: Path, quiet: bool) -> list[str]:
    """Re-read the written PDF with pypdf; return a list of problems (empty: all good)."""
    doc = built.spec
    problems: list[str] = []
    reader = PdfReader(str(path))
    labels = list(reader.page_labels)
    say = (lambda *a: None) if quiet else print
    say(f"\n== {path.name}: {len(reader.pages)} pages, labels {labels}")
    say(f"   metadata: {dict(reader.metadata)}")
    if len(reader.pages) != len(built.expected):
        problems.append(f"{path.name}: {len(reader.pages)} pages, expected {len(built.expected)}")
    for i, page in enumerate(reader.pages):
        text = page.extract_text()
        got = [ln.rstrip() for ln in text.rstrip("\n").split("\n")]
        exp = [ln.rstrip() for ln in built.expected[i]]
        say(f"-- page {i + 1} label {labels[i]!r}: {len(text)} chars")
        for ln in got[:2]:
            say(f"   first| {ln}")
        for ln in got[-2:]:
            say(f"   last | {ln}")
        if got != exp:
            diff = next((j for j, (a, b) in enumerate(zip(got, exp)) if a != b), min(len(got), len(exp)))
            problems.append(
                f"{path.name} p{i + 1}: extracted lines differ from drawn lines at line {diff}: "
                f"got {got[diff:diff + 2]!r}, expected {exp[diff:diff + 2]!r} ({len(got)} vs {len(exp)} lines)"
            )
        # words of the body (header and footer removed) against the seed page's words
        body = got[1:]
        if built.footers[i]:
            body = body[:-1]
        w_pdf = Counter(" ".join(body).split())
        w_seed = Counter(" ".join(built.seed_pages[i]).split())
        if w_pdf != w_seed:
            problems.append(
                f"{path.name} p{i + 1}: words differ: missing {dict(w_seed - w_pdf)}, extra {dict(w_pdf - w_seed)}"
            )
        # column order: every column's lines must be extracted before the next column's
        pos, ok = 0, True
        for col in built.plans[i].columns:
            for ln in col:
                try:
                    pos = body.index(ln, pos) + 1
                except ValueError:
                    ok = False
        if not ok:
            problems.append(f"{path.name} p{i + 1}: column/reading order broken")
        if len(built.plans[i].columns) > 1:
            say(f"   columns: {len(built.plans[i].columns)} regions, reading order {'OK' if ok else 'BROKEN'}")
    # hyphenation and bullets
    all_text = "\n".join(p.extract_text() for p in reader.pages)
    seed_text = "\n".join("\n".join(p) for p in built.seed_pages)
    hyph_seed = sum(1 for ln in seed_text.split("\n") if ln.rstrip().endswith("-"))
    hyph_pdf = sum(1 for ln in all_text.split("\n") if ln.rstrip().endswith("-"))
    bullets_seed, bullets_pdf = seed_text.count("•"), all_text.count("•")
    say(f"   hyphenated line ends: seed {hyph_seed}, pdf {hyph_pdf}; bullets: seed {bullets_seed}, pdf {bullets_pdf}")
    if hyph_seed != hyph_pdf:
        problems.append(f"{path.name}: hyphenated line ends {hyph_pdf} != seed {hyph_seed}")
    if bullets_seed != bullets_pdf:
        problems.append(f"{path.name}: bullets {bullets_pdf} != seed {bullets_seed}")
    if doc is LETTER and "werkgele-\ngenheid" not in all_text:
        problems.append(f"{path.name}: 'werkgele-/genheid' line break lost")
    return problems


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("seeds", nargs="?", type=Path, default=DEFAULT_SEEDS,
                    help="folder with the seed .txt files (default: ../shared/seeds from the repo root)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: corpus/)")
    ap.add_argument("--quiet", action="store_true", help="print only problems")
    args = ap.parse_args(argv)

    register_fonts()
    seeds = args.seeds.resolve()
    out_dir = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for doc in DOCS:
        try:
            built = build(doc, seeds)
        except LayoutError as e:
            print(f"make_corpus: layout error: {e}", file=sys.stderr)
            return 1
        path = out_dir / doc.out
        path.write_bytes(built.pdf)
        if not args.quiet:
            print(f"wrote {path} ({len(built.pdf)} bytes)")
        problems += verify(built, path, args.quiet)
    cat = out_dir / "catalogue.toml"
    text = catalogue_text()
    if cat.exists() and cat.read_text(encoding="utf-8") != text:
        print(f"kept {cat}: it differs from the generated catalogue (staff edits are never overwritten; "
              "remove it to regenerate)")
    elif not cat.exists():
        cat.write_text(text, encoding="utf-8")
        if not args.quiet:
            print(f"\nwrote {cat}")
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
