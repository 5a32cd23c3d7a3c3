"""OCR of pages without a text layer (Tesseract, Dutch model): text becomes searchable and is marked as OCR."""
from __future__ import annotations

import shutil

import pytest

import pdfgen
from policy_qa.ingest import ocr
from policy_qa.config import Settings
from policy_qa.ingest.document import ingest_file

needs_tesseract = pytest.mark.skipif(not ocr.available("nld"),
                                     reason="tesseract with the Dutch model is not installed (make install as root)")


@needs_tesseract
def test_scanned_page_is_read_and_flagged_as_ocr(tmp_path):
    scan = pdfgen.image_pdf(tmp_path / "scan.pdf", [
        "Ministerie van Economische Zaken",
        "De stikstofregels raken de metaalsector hard.",
        "Wij vragen om een vergunning voor uitbreiding.",
    ])
    settings = Settings.from_env(environ={}, corpus_dir=tmp_path, chunk_min_chars=20)
    doc = ingest_file(scan, "scan.pdf", None, settings)
    assert doc.info.ocr_pages == (1,)
    text = " ".join(p.text for p in doc.passages)
    assert "stikstofregels" in text and "metaalsector" in text and "vergunning" in text
    assert all(p.ocr for p in doc.passages)


def test_without_tesseract_scanned_pages_are_reported(tmp_path, monkeypatch):
    good = pdfgen.text_pdf(tmp_path / "mix.pdf", [pdfgen.dutch_text("netcongestie")])
    scan = pdfgen.image_pdf(tmp_path / "scan.pdf", ["Een gescande pagina."])
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for f in (good, scan):
        for page in PdfReader(f).pages:
            writer.add_page(page)
    with open(tmp_path / "both.pdf", "wb") as fh:
        writer.write(fh)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    ocr.available.cache_clear()
    try:
        doc = ingest_file(tmp_path / "both.pdf", "both.pdf", None, Settings.from_env(environ={}, corpus_dir=tmp_path))
    finally:
        ocr.available.cache_clear()
    assert doc.info.pages_without_text == (2,)
    assert any("1 of 2 pages not searchable" in p.reason and "tesseract-ocr" in p.reason for p in doc.problems)
    assert not any(p.ocr for p in doc.passages)
