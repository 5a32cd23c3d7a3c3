"""Safety findings of the review (issue 11) that the app and index layers must hold, each with a real component."""
from __future__ import annotations

import json
import logging
import os
import threading
import time

import pytest
from reportlab.pdfgen import canvas

import pdfgen
from policy_qa.app import engine as engine_module
from policy_qa.app.engine import Engine
from policy_qa.app.export import prune
from policy_qa.app.links import corpus_pdf
from policy_qa.app.page_view import SCALED_DOWN, render_page
from policy_qa.config import Settings
from policy_qa.index.build import build_index
from policy_qa.index.folder import IndexUnavailable, load_index
from policy_qa.index.reuse import previous
from policy_qa.index.staleness import staleness
from policy_qa.ingest.rendering import MAX_PIXELS, PDFIUM_LOCK


def test_an_indexed_name_that_is_a_symlink_out_of_the_corpus_is_never_served(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    outside = pdfgen.text_pdf(tmp_path / "geheim.pdf", [pdfgen.dutch_text("salarissen")])
    good = pdfgen.text_pdf(corpus / "goed.pdf", [pdfgen.dutch_text("netcongestie")])
    (corpus / "lek.pdf").symlink_to(outside)
    indexed = {"goed.pdf", "lek.pdf", "../geheim.pdf"}
    assert corpus_pdf(corpus, "goed.pdf", indexed) == good.resolve()
    assert corpus_pdf(corpus, "lek.pdf", indexed) is None, "the inside-corpus check stops the symlink"
    assert corpus_pdf(corpus, "../geheim.pdf", indexed) is None
    assert corpus_pdf(corpus, "goed.pdf", set()) is None, "only indexed files"


def test_page_rendering_waits_for_the_one_pdfium_lock(tmp_path):
    pdf = pdfgen.text_pdf(tmp_path / "p.pdf", [pdfgen.dutch_text("vakmensen")])
    done = []
    with PDFIUM_LOCK:
        worker = threading.Thread(target=lambda: done.append(render_page(pdf, 1, "")))
        worker.start()
        time.sleep(0.5)
        assert worker.is_alive() and not done, "pdfium is not called while another thread holds the lock"
    worker.join(30)
    assert done and done[0][0].width > 100


def test_a_huge_page_is_rendered_smaller_and_the_page_view_says_so(tmp_path):
    path = tmp_path / "reus.pdf"
    c = canvas.Canvas(str(path), pagesize=(14_400, 14_400))  # 200 × 200 inch
    c.setFont("Helvetica", 200)
    c.drawString(1000, 7000, "Een zeer grote pagina over netcongestie")
    c.showPage()
    c.save()
    image, _ = render_page(path, 1, "")
    assert image.width * image.height <= MAX_PIXELS * 1.01 and image.info[SCALED_DOWN]
    small, _ = render_page(pdfgen.text_pdf(tmp_path / "klein.pdf", ["Een gewone pagina met tekst."]), 1, "")
    assert not small.info[SCALED_DOWN]


def test_old_exports_are_removed_and_new_ones_kept(tmp_path):
    old, new = tmp_path / "antwoord-oud.md", tmp_path / "antwoord-nieuw.md"
    old.write_text("x")
    new.write_text("y")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    prune(tmp_path)
    assert not old.exists() and new.exists()


@pytest.fixture()
def small(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdfgen.text_pdf(corpus / "a.pdf", [pdfgen.dutch_text("waterstof", 4)])
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", ocr=False)
    build_index(settings)
    return settings


@pytest.mark.parametrize("damage", [
    lambda m: {**m, "documents": 5},
    lambda m: {**m, "encoder": "e5"},
    lambda m: [1, 2, 3],
    lambda m: {**m, "files": "a.pdf"},
    lambda m: {**m, "documents": [{"title": "zonder de rest"}]},
])
def test_a_manifest_of_the_wrong_shape_is_no_valid_index_and_a_rebuild_mends_it(small, damage):
    manifest = small.index_dir / "manifest.json"
    manifest.write_text(json.dumps(damage(json.loads(manifest.read_text()))))
    with pytest.raises(IndexUnavailable, match="damaged"):
        load_index(small.index_dir)
    assert staleness(small) == "the index manifest is damaged"
    assert not previous(small.index_dir, {}, "e5-small-int8")
    engine = Engine(small)
    engine.start()  # the app starts, offers the rebuild, and nothing crashes
    deadline = time.monotonic() + 240
    while engine.building and time.monotonic() < deadline:
        time.sleep(0.2)
    assert engine.retriever() is not None and staleness(small) is None


def test_a_failed_build_is_logged_with_its_traceback_and_users_see_one_line(small, monkeypatch, caplog):
    def broken(*a, **k):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(engine_module, "build_index", broken)
    engine = Engine(small)
    with caplog.at_level(logging.ERROR, logger="policy_qa.app"):
        engine._build("test")
    assert "schijf vol" in engine.status and "\n" not in engine.status and "Traceback" not in engine.status
    assert any(r.exc_info and "schijf vol" in str(r.exc_info[1]) for r in caplog.records)


def test_rebuilds_asked_by_users_are_rate_limited(small):
    engine = Engine(small)
    assert engine.may_rebuild_on_request(now=1000.0) == 0
    assert engine.may_rebuild_on_request(now=1010.0) > 0
    assert engine.may_rebuild_on_request(now=1031.0) == 0
