"""A corpus folder with every kind of bad file indexes in one command, naming each problem; questions are checked."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import pdfgen
from conftest import ROOT
from policy_qa.ingest import ocr
from policy_qa.index.folder import load_index

CLI = [sys.executable, "-m", "policy_qa"]


def run_cli(*args, env=None, timeout=600):
    full = {**os.environ, "POLICY_QA_DEBUG": "", **(env or {})}
    return subprocess.run(CLI + list(args), capture_output=True, text=True, env=full, timeout=timeout, cwd=ROOT)


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    """Good files, broken files and odd files side by side, indexed once with the CLI."""
    base = tmp_path_factory.mktemp("bad")
    d = base / "corpus"
    d.mkdir()
    good = pdfgen.text_pdf(d / "goed.pdf", [pdfgen.dutch_text("netcongestie"), pdfgen.dutch_text("vakmensen")])
    pdfgen.text_pdf(d / "honderd.pdf", [f"Pagina {n}: " + pdfgen.TOPICS[n % 10] + " in de metaal." for n in range(100)],
                    header="Lang document")
    src = pdfgen.text_pdf(base / "bron.pdf", [pdfgen.dutch_text("waterstof")])
    pdfgen.encrypted_pdf(src, d / "beveiligd_leeg_wachtwoord.pdf", "")
    pdfgen.encrypted_pdf(good, d / "beveiligd_wachtwoord.pdf", "geheim")
    pdfgen.truncated_pdf(good, d / "half_gedownload.pdf")
    pdfgen.corrupt_pdf(d / "kapot.pdf")
    (d / "leeg.pdf").write_bytes(b"")
    (d / "notitie.pdf").write_text("Geen PDF: een tekstbestand met de verkeerde naam.\n", encoding="utf-8")
    shutil.copy(good, d / "goed_kopie.pdf")
    pdfgen.image_pdf(d / "scan.pdf", ["Ministerie van Economische Zaken",
                                      "De stikstofregels raken de metaalsector hard.",
                                      "Wij vragen ruimte voor een vergunning."])
    pdfgen.nul_font_pdf(d / "kapotte_letters.pdf", [("De ba#erij gee# een signaal bij koolmonoxide.", "tt"),
                                                     ("Het apparaat gee# een luid alarm.", "ft"),
                                                     ("De installa#e van de melder is eenvoudig.", "ti")])
    index = base / "index"
    result = run_cli("index", "--corpus", str(d), "--index", str(index))
    return d, index, result


EXPECTED = {
    "beveiligd_wachtwoord.pdf": "encrypted with a password",
    "half_gedownload.pdf": "damaged or truncated",
    "kapot.pdf": "damaged or truncated",
    "leeg.pdf": "empty file (0 bytes)",
    "notitie.pdf": "not a PDF",
    "goed_kopie.pdf": "duplicate of goed.pdf",
}


def test_bad_folder_indexes_with_exit_0_and_one_line_per_problem_file(bad_corpus):
    _, _, result = bad_corpus
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stdout.splitlines()
    for name, reason in EXPECTED.items():
        hits = [ln for ln in lines if ln.startswith("SKIPPED " + name) and reason in ln]
        assert len(hits) == 1, f"{name}: {lines}"


def test_manifest_records_every_problem_and_every_good_file_is_indexed(bad_corpus):
    _, index, _ = bad_corpus
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    problems = {p["file"]: p["reason"] for p in manifest["problems"] if p["skipped"]}
    for name, reason in EXPECTED.items():
        assert reason in problems[name]
    status = {f["file"]: f["status"] for f in manifest["files"]}
    assert status["goed_kopie.pdf"] == "duplicate"
    indexed = {"goed.pdf", "honderd.pdf", "beveiligd_leeg_wachtwoord.pdf", "kapotte_letters.pdf"}
    if ocr.available("nld"):
        indexed.add("scan.pdf")
    assert {f for f, s in status.items() if s == "indexed"} == indexed
    loaded = load_index(index)
    assert len({p.text for p in loaded.passages if p.file.startswith("goed")}) == len(
        [p for p in loaded.passages if p.file.startswith("goed")])  # the duplicate's passages are not in twice
    assert {p.page for p in loaded.passages if p.file == "honderd.pdf"} >= {1, 50, 100}


def test_passages_of_bad_but_readable_files_are_searchable(bad_corpus):
    _, index, _ = bad_corpus
    texts = {p.file: " ".join(q.text for q in load_index(index).passages if q.file == p.file)
             for p in load_index(index).passages}
    assert "waterstof" in texts["beveiligd_leeg_wachtwoord.pdf"]
    assert "batterij geeft een signaal" in texts["kapotte_letters.pdf"] and "installatie" in texts["kapotte_letters.pdf"]
    assert "\x00" not in texts["kapotte_letters.pdf"]
    if ocr.available("nld"):
        assert "stikstofregels" in texts["scan.pdf"]
        assert all(p.ocr for p in load_index(index).passages if p.file == "scan.pdf")


@pytest.mark.skipif(not ocr.available("nld"), reason="tesseract with the Dutch model is not installed")
def test_ocr_passages_are_marked_in_cli_and_json(bad_corpus):
    _, index, _ = bad_corpus
    out = run_cli("ask", "stikstofregels metaalsector vergunning", "--index", str(index), "--json")
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)["results"]
    scan = [r for r in results if r["file"] == "scan.pdf"]
    assert scan and all(r["ocr"] is True for r in scan)
    text = run_cli("ask", "stikstofregels metaalsector vergunning", "--index", str(index))
    assert any("scan.pdf" in ln and ln.endswith("[OCR]") for ln in text.stdout.splitlines())


def test_empty_question_exits_2_with_a_message(bad_corpus):
    _, index, _ = bad_corpus
    for q in ("", "   ", "?!"):
        out = run_cli("ask", q, "--index", str(index))
        assert out.returncode == 2 and "question is empty" in out.stderr and "Traceback" not in out.stderr


def test_overlong_question_is_cut_with_a_notice_and_unicode_works(bad_corpus):
    _, index, _ = bad_corpus
    long_q = "Wat vindt de metaal van netcongestie? " * 40
    out = run_cli("ask", long_q, "--index", str(index), "--json")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert len(answer["question"]) <= 500 and any("500" in n for n in answer["notices"])
    for q in ("Wat kost één ‘vakmens’ — in €?", "Что такое сетевые перегрузки? 网络拥堵 🚧", "naïeve coöperatie"):
        out = run_cli("ask", q, "--index", str(index), "--json")
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["question"] == q


def test_a_pdf_that_runs_past_the_file_timeout_is_skipped_by_name_and_the_rest_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdfgen.text_pdf(corpus / "goed.pdf", [pdfgen.dutch_text("netcongestie")])
    pdfgen.slow_pdf(corpus / "vijandig.pdf")
    out = run_cli("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"),
                  env={"POLICY_QA_FILE_TIMEOUT": "10", "POLICY_QA_OCR": "0"}, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "SKIPPED vijandig.pdf: took longer than 10 s" in out.stdout
    assert {p.file for p in load_index(tmp_path / "index").passages} == {"goed.pdf"}
