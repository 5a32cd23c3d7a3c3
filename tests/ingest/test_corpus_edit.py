"""Admins change the corpus: uploads checked before anything is written, staff's catalogue kept, removals restorable."""
from __future__ import annotations

import shutil
import threading
import tomllib

import pytest

import pdfgen
from conftest import CORPUS, SHARED_PDFS
from policy_qa.ingest.corpus_edit import (REMOVED, Refused, add_document, edit_entry, prefill, remove_document,
                                          safe_name)
from policy_qa.ingest.files import sha256_file

KAMERBRIEF = SHARED_PDFS / "kamerbrief_2011_draagmoederschap.pdf"
MB = 1_000_000
pytestmark = pytest.mark.skipif(not KAMERBRIEF.is_file(), reason="../shared/pdfs is not beside this checkout")


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


def _fake(path):
    path.write_bytes(b"Dit is gewoon tekst, geen PDF.")
    return path


def _known(folder):
    return {sha256_file(p): (p.stem, p.name) for p in folder.glob("*.pdf")}


def _state(folder):
    return sorted((p.name, p.read_bytes()) for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def test_an_upload_lands_under_a_safe_unique_name_with_its_entry_and_comments_kept(corpus):
    data = KAMERBRIEF.read_bytes()
    rel = add_document(corpus, "../../Kamerbrief draagmoederschap.PDF", data,
                       {"title": "Kamerbrief draagmoederschap", "kind": "kamerbrief", "date": "2011"},
                       max_bytes=50 * MB, ocr=False, known=_known(corpus))
    assert rel == "kamerbrief-draagmoederschap.pdf" and (corpus / rel).read_bytes() == data
    text = (corpus / "catalogue.toml").read_text(encoding="utf-8")
    assert text.startswith("# Catalogue of the documents in this folder") and "[assistant]" in text
    entries = {d["file"]: d for d in tomllib.loads(text)["document"]}
    assert entries[rel]["title"] == "Kamerbrief draagmoederschap" and len(entries) == 3
    again = add_document(corpus, "kamerbrief draagmoederschap.pdf", pdfgen.text_pdf(
        corpus.parent / "x.pdf", [pdfgen.dutch_text("draagmoederschap")]).read_bytes(), {"title": "Tweede"},
        max_bytes=50 * MB, ocr=False, known=_known(corpus))
    assert again == "kamerbrief-draagmoederschap-2.pdf", "an existing file is never overwritten"


@pytest.mark.parametrize("make, says", [
    (lambda d: _fake(d / "nep.pdf"), "geen PDF"),
    (lambda d: pdfgen.encrypted_pdf(KAMERBRIEF, d / "slot.pdf", "geheim"), "wachtwoord"),
    (lambda d: pdfgen.image_pdf(d / "scan.pdf", ["Een gescande pagina zonder tekstlaag."]), "OCR staat uit"),
    (lambda d: shutil.copy(CORPUS / "metaalunie_manifest_tk2023.pdf", d / "kopie.pdf"), "hetzelfde bestand"),
])
def test_refused_uploads_say_why_and_change_nothing(corpus, tmp_path, make, says):
    before = _state(corpus)
    path = make(tmp_path)
    with pytest.raises(Refused, match=says):
        add_document(corpus, path.name, path.read_bytes(), {"title": "x"}, max_bytes=50 * MB, ocr=False,
                     known=_known(corpus))
    assert _state(corpus) == before


def test_too_large_is_refused_before_reading(corpus):
    with pytest.raises(Refused, match="te groot"):
        add_document(corpus, "groot.pdf", b"%PDF-1.7" + b"0" * 2 * MB, {}, max_bytes=MB, ocr=True, known={})


def test_remove_is_restorable_and_replace_keeps_the_old_file(corpus):
    moved = remove_document(corpus, "metaalunie_manifest_tk2023.pdf")
    assert moved.parent.name == REMOVED and moved.read_bytes() == (CORPUS / "metaalunie_manifest_tk2023.pdf").read_bytes()
    assert not (corpus / "metaalunie_manifest_tk2023.pdf").exists()
    files = [d["file"] for d in tomllib.loads((corpus / "catalogue.toml").read_text())["document"]]
    assert files == ["metaalunie_brief_formatie_2025.pdf"]
    rel = add_document(corpus, "nieuw.pdf", KAMERBRIEF.read_bytes(), {"title": "Nieuwe versie"}, max_bytes=50 * MB,
                       ocr=False, known=_known(corpus), replace="metaalunie_brief_formatie_2025.pdf")
    assert rel == "metaalunie_brief_formatie_2025.pdf" and (corpus / rel).read_bytes() == KAMERBRIEF.read_bytes()
    assert len(list((corpus / REMOVED).glob("*metaalunie_brief_formatie_2025.pdf"))) == 1


def test_two_admins_saving_at_once_leave_a_valid_catalogue_with_both_edits(corpus):
    def edit(title):
        for _ in range(20):
            edit_entry(corpus, "metaalunie_brief_formatie_2025.pdf" if "brief" in title else
                       "metaalunie_manifest_tk2023.pdf", {"title": title})

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("brief A", "manifest B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    titles = {d["file"]: d["title"] for d in tomllib.loads((corpus / "catalogue.toml").read_text())["document"]}
    assert titles == {"metaalunie_brief_formatie_2025.pdf": "brief A", "metaalunie_manifest_tk2023.pdf": "manifest B"}


def test_prefill_and_safe_names(corpus):
    p = prefill(KAMERBRIEF.read_bytes(), "kamerbrief_2011_draagmoederschap.pdf")
    assert p.title and len(p.title) <= 120
    assert safe_name(corpus, "metaalunie_manifest_tk2023.pdf") == "metaalunie-manifest-tk2023.pdf"
    assert safe_name(corpus, "../../etc/passwd") == "passwd.pdf"
