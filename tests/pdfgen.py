"""Test PDFs made on the fly (reportlab, pypdf, hand-written PDF syntax): good ones and every kind of bad one.

No binary blobs in the repository: each function writes one file and returns its path.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pypdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

TOPICS = ("netcongestie", "vakmensen", "regeldruk", "grondstoffen", "exportkredieten", "cybersecurity",
          "waterstof", "stikstofregels", "loonkosten", "circulaire economie")


def dutch_text(topic: str, n: int = 3) -> str:
    """A paragraph about `topic` that a search for the topic word finds."""
    return " ".join(
        f"De maakindustrie vraagt aandacht voor {topic}. Bedrijven in de metaal merken elke dag wat {topic} "
        f"betekent voor hun orders en hun personeel (alinea {i + 1})."
        for i in range(n)
    )


def text_pdf(path: Path, pages: list[str], header: str | None = None) -> Path:
    """A text PDF: each string one page, wrapped, with an optional running header and a page number."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for n, body in enumerate(pages, start=1):
        if header:
            c.setFont("Helvetica", 8)
            c.drawString(72, 810, header)
        c.setFont("Helvetica", 10)
        y = 770
        for line in textwrap.wrap(body, 95):
            c.drawString(72, y, line)
            y -= 14
        c.setFont("Helvetica", 8)
        c.drawString(290, 30, str(n))
        c.showPage()
    c.save()
    return path


def image_pdf(path: Path, lines: list[str]) -> Path:
    """An image-only 'scan': the text is drawn into a picture, the PDF has no text layer."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 48) if FONT.exists() else ImageFont.load_default()
    y = 300
    for line in lines:
        draw.text((250, y), line, fill=0, font=font)
        y += 80
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path


def encrypted_pdf(source: Path, path: Path, user_password: str, algorithm: str = "AES-256") -> Path:
    """`source` encrypted; an empty user password opens without asking (owner password set)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="eigenaar-geheim", algorithm=algorithm)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def truncated_pdf(source: Path, path: Path, keep: float = 0.5) -> Path:
    """A half-downloaded file: the first `keep` share of `source`'s bytes."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def corrupt_pdf(path: Path) -> Path:
    """A PDF header followed by garbage."""
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    return path


def nul_font_pdf(path: Path, sentences: list[tuple[str, str]]) -> Path:
    """A PDF whose font maps the ligature glyphs 'tt'/'ft'/'ti' to NUL, as broken exports do.

    Each sentence is written with '#' where a ligature glyph sits; the ToUnicode map sends that code to U+0000.
    `sentences` are (text with '#', ligature) pairs; the ligature picks the glyph code (only decoding matters).
    """
    codes = {"tt": 1, "ft": 2, "ti": 3}
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 770 Td"]
    for text, lig in sentences:
        raw = text.replace("#", chr(codes[lig])).encode("latin-1")
        esc = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append("(" + esc.decode("latin-1") + ") Tj T*")
    ops.append("ET")
    content = "\n".join(ops).encode("latin-1")
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Broken def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"3 beginbfchar\n<01> <0000>\n<02> <0000>\n<03> <0000>\nendbfchar\n"
        b"1 beginbfrange\n<20> <FF> <0020>\nendbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def slow_pdf(path: Path, operators: int = 250_000, pages: int = 8) -> Path:
    """A valid PDF of `pages` pages whose content streams each hold `operators` text-show operators: it keeps pypdf
    busy for a minute or more (a stand-in for a hostile or pathological file). pypdf 7.1.1 reads one such page in
    ~7 s and refuses a single stream of over ~1.2 million tokens, so the work is spread over pages."""
    content = b"BT /F1 1 Tf " + b"(a) Tj 0 0 Td " * operators + b"ET"
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages)).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i in range(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % (5 + 2 * i))
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    Path(path).write_bytes(bytes(out))
    return Path(path)


def small_corpus(folder: Path, n: int = 3) -> Path:
    """`n` small PDFs (doc0.pdf …), two pages each on one topic: the corpus the index tests build and change."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, topic in enumerate(TOPICS[:n]):
        text_pdf(folder / f"doc{i}.pdf", [dutch_text(topic, 4), dutch_text(topic + "beleid", 4)])
    return folder
