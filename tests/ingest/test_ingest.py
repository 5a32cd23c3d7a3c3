"""Page numbers, printed labels, sections and offsets of passages, on PDFs generated here with reportlab."""
from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from policy_qa.records import DocumentFacts
from policy_qa.config import Settings
from policy_qa.ingest.document import ingest_file

TOPICS = ["vakmensen", "netcongestie", "regeldruk", "innovatie", "defensie", "grondstoffen", "export"]
HEADINGS = ["Inleiding en aanleiding", "Tekort aan vakmensen", "Het stroomnet loopt vol", "Minder regels",
            "Slimmer produceren", "Veiligheid", "Circulair"]


def _body(n: int) -> list[str]:
    topic = TOPICS[n % len(TOPICS)]
    return [
        f"De MKB-maakindustrie ziet op het gebied van {topic} grote kansen voor de komende jaren.",
        f"Hoofdstuk {n} beschrijft hoe de overheid kan helpen. Daarom is investeren in tech-",
        f"nisch onderwijs rond {topic} van groot belang voor de economie (pagina-inhoud {n}).",
    ]


def _make_pdf(path: Path, pages: int, labels: bool) -> None:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 9)
        c.drawString(72, 810, "Koninklijke Metaalunie · Testdocument")
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, 760, HEADINGS[(n - 1) % len(HEADINGS)])
        c.setFont("Helvetica", 10)
        y = 730
        for line in _body(n):
            c.drawString(72, y, line)
            y -= 14
        c.setFont("Helvetica", 9)
        c.drawString(290, 40, f"Pagina {n} van {pages}")
        c.showPage()
    c.save()
    if labels:
        reader = pypdf.PdfReader(path)
        writer = pypdf.PdfWriter(clone_from=reader)
        writer.set_page_label(0, 0, prefix="Omslag")
        writer.set_page_label(1, pages - 1, style="/D", start=1)
        with open(path, "wb") as fh:
            writer.write(fh)


@pytest.fixture()
def settings(tmp_path):
    return Settings.from_env(environ={}, corpus_dir=tmp_path, index_dir=tmp_path / "index", ocr=False)


def test_physical_pages_and_printed_labels(tmp_path, settings):
    pdf = tmp_path / "labels.pdf"
    _make_pdf(pdf, 5, labels=True)
    doc = ingest_file(pdf, "labels.pdf", None, settings)
    assert [p.number for p in doc.pages] == [1, 2, 3, 4, 5]
    assert [p.label for p in doc.pages] == ["Omslag", "1", "2", "3", "4"]
    by_page = {p.page: p for p in doc.passages}
    assert set(by_page) == {1, 2, 3, 4, 5}, "one passage per page: the pages are separate sections"
    assert by_page[5].page_label == "4" and "pagina-inhoud 5" in by_page[5].text
    assert by_page[3].section == "Het stroomnet loopt vol"


def test_no_labels_means_none_and_running_lines_removed(tmp_path, settings):
    pdf = tmp_path / "plain.pdf"
    _make_pdf(pdf, 3, labels=False)
    doc = ingest_file(pdf, "plain.pdf", None, settings)
    assert all(p.label is None for p in doc.pages)
    for page in doc.pages:
        assert "Testdocument" not in page.text and "Pagina" not in page.text
    joined = " ".join(p.text for p in doc.passages)
    assert "technisch onderwijs" in joined, "typographic hyphenation 'tech-/nisch' is joined"
    assert "MKB-maakindustrie" in joined


def test_passage_offsets_point_into_the_page_text(tmp_path, settings):
    pdf = tmp_path / "offsets.pdf"
    _make_pdf(pdf, 2, labels=False)
    doc = ingest_file(pdf, "offsets.pdf", None, settings)
    page_text = {p.number: p.text for p in doc.pages}
    for passage in doc.passages:
        span = page_text[passage.page][passage.char_start:passage.char_end]
        assert span.split()[:3] == passage.text.split()[:3]


def test_catalogue_entry_wins_and_missing_entry_uses_first_heading(tmp_path, settings):
    pdf = tmp_path / "doc.pdf"
    _make_pdf(pdf, 2, labels=False)
    entry = DocumentFacts("mijn-doc", "Mijn titel", "brief", "2024-03", "Metaalunie", "", "doc.pdf")
    doc = ingest_file(pdf, "doc.pdf", entry, settings)
    assert {p.title for p in doc.passages} == {"Mijn titel"} and doc.info.kind == "brief"
    untitled = ingest_file(pdf, "doc.pdf", None, settings)
    assert untitled.info.title == "Inleiding en aanleiding"


def test_default_corpus_pages_sections_and_lists(corpus_index):
    passages = corpus_index.passages
    letter = [p for p in passages if p.doc_id == "brief-2025-formatie"]
    manifest = [p for p in passages if p.doc_id == "manifest-tk2023"]
    assert {p.page for p in letter} == {1, 2, 3} | ({4} & {p.page for p in letter})
    assert max(p.page_end for p in letter) == 4 and max(p.page for p in manifest) == 7
    for p in passages:
        assert len(p.text) <= 1100, p.passage_id
        assert "Brief aan de informateur" not in p.text and "Pagina " not in p.text
    net = next(p for p in letter if "Los netcongestie versneld op" in p.text)
    assert net.page == 3 and net.section.startswith("3. Breng de MKB-maakindustrie")
    vak = next(p for p in manifest if "Investeer structureel en flink in technisch onderwijs" in p.text)
    assert vak.page == 5 and vak.page_label == "4" and vak.section == "Vakmensen"
    assert "Wat wij vragen van de politiek:" in vak.text, "the lead-in stays with its bullets"
    assert any("werkgelegenheid" in p.text for p in letter) and not any("werkgele-" in p.text for p in letter)
