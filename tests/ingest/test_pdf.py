"""pypdf reading of good and bad files: each unusable file gets a specific reason, never an exception trace."""
from __future__ import annotations

import time

import pytest

import pdfgen
from policy_qa.ingest import document as ingest, pdf
from policy_qa.config import Settings
from policy_qa.ingest.pdf import PdfProblem, read_pdf


@pytest.fixture()
def good(tmp_path):
    return pdfgen.text_pdf(tmp_path / "goed.pdf", [pdfgen.dutch_text("netcongestie"), pdfgen.dutch_text("vakmensen")])


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make, reason", [
    (lambda d, g: _write(d / "leeg.pdf", b""), "empty file (0 bytes)"),
    (lambda d, g: _write(d / "tekst.pdf", b"Dit is geen PDF maar platte tekst.\n"), "not a PDF"),
    (lambda d, g: pdfgen.truncated_pdf(g, d / "half.pdf"), "damaged or truncated PDF"),
    (lambda d, g: pdfgen.corrupt_pdf(d / "kapot.pdf"), "damaged or truncated PDF"),
    (lambda d, g: pdfgen.encrypted_pdf(g, d / "slot.pdf", "geheim"), "encrypted with a password"),
])
def test_unusable_files_are_named_with_their_reason(tmp_path, good, make, reason):
    with pytest.raises(PdfProblem) as exc:
        read_pdf(make(tmp_path, good))
    assert reason in str(exc.value)


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_encrypted_with_empty_user_password_is_read(tmp_path, good, algorithm):
    doc = read_pdf(pdfgen.encrypted_pdf(good, tmp_path / "open.pdf", "", algorithm))
    assert len(doc.pages) == 2 and "netcongestie" in doc.pages[0].text


def test_a_file_that_keeps_the_reader_busy_is_skipped_after_a_timeout(tmp_path, good):
    from policy_qa.ingest.worker import ingest_in_worker

    patient = Settings.from_env(environ={}, corpus_dir=tmp_path, ocr=False, file_timeout=120)
    strict = patient.replace(file_timeout=3)
    slow = pdfgen.slow_pdf(tmp_path / "traag.pdf")
    assert ingest_in_worker(good, "goed.pdf", None, patient).info.passages > 0  # the worker is up and works
    t0 = time.monotonic()
    with pytest.raises(PdfProblem, match="took longer than 3 s"):
        ingest_in_worker(slow, "traag.pdf", None, strict)
    assert time.monotonic() - t0 < 10, "the hung worker is killed at the limit, not waited for"
    assert ingest_in_worker(good, "goed.pdf", None, patient).info.passages > 0  # a fresh worker takes over


def test_image_only_page_without_ocr_is_reported_not_searchable(tmp_path, good):
    scan = pdfgen.image_pdf(tmp_path / "scan.pdf", ["Stikstofregels raken de metaalsector."])
    settings = Settings.from_env(environ={}, corpus_dir=tmp_path, ocr=False)
    with pytest.raises(PdfProblem, match="no searchable text on any of its 1 pages"):
        ingest.ingest_file(scan, "scan.pdf", None, settings)
