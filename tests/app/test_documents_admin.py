"""Admins keep the corpus from the app; readers are refused on the UI and the API; the question log round-trips.

Real server (app.py with a login), gradio_client, and Debian's Chromium for the upload through the page.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pdfgen
from conftest import ROOT, SHARED_PDFS
from test_app_api import _stop, start_app

pytestmark = pytest.mark.slow
needs_shared = pytest.mark.skipif(not (SHARED_PDFS / "kamerbrief_2011_draagmoederschap.pdf").is_file(),
                                  reason="../shared/pdfs is not beside this checkout")

KAMERBRIEF = SHARED_PDFS / "kamerbrief_2011_draagmoederschap.pdf"
MOTIE = SHARED_PDFS / "motie_kst-32545-143.pdf"
LOGIN = {"POLICY_QA_AUTH": "beheer:geheim,lid:lezen", "POLICY_QA_ADMINS": "beheer"}
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]


def _copy(corpus_settings, base: Path):
    """A private corpus and a copy of the already built index (so the server starts ready)."""
    shutil.copytree(corpus_settings.corpus_dir, base / "corpus")
    shutil.copytree(corpus_settings.index_dir, base / "index")
    return corpus_settings.replace(corpus_dir=base / "corpus", index_dir=base / "index")


def _snapshot(folder: Path):
    return sorted((p.name, p.read_bytes()) for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


@pytest.fixture(scope="module")
def server(corpus_index, corpus_settings, tmp_path_factory):
    base = tmp_path_factory.mktemp("admin-app")
    srv = start_app(_copy(corpus_settings, base), base, LOGIN)
    yield srv
    _stop(srv.process)


def _client(server, user: str, password: str):
    from gradio_client import Client

    return Client(server.url, auth=(user, password), verbose=False)


def _add(client, path: Path, title: str) -> str:
    from gradio_client import handle_file

    out = client.predict([handle_file(str(path))], title, "kamerbrief", "2011-02", "Rijksoverheid", "",
                         api_name="/add_document")
    return out[0] if isinstance(out, (list, tuple)) else out


def _wait_for(cond, seconds: float = 300):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = cond()
        if result:
            return result
        time.sleep(1.0)
    pytest.fail("timed out")


@needs_shared
def test_a_reader_is_refused_on_the_api_and_nothing_changes(server):
    from gradio_client.exceptions import AppError

    before = _snapshot(server.corpus_dir)
    reader = _client(server, "lid", "lezen")
    with pytest.raises(AppError, match="Alleen beheerders"):
        _add(reader, KAMERBRIEF, "Kamerbrief")
    with pytest.raises(AppError, match="Alleen beheerders"):
        reader.predict("metaalunie_manifest_tk2023.pdf", api_name="/remove_document")
    with pytest.raises(AppError, match="Alleen beheerders"):
        reader.predict("", api_name="/open_questions")
    with pytest.raises(AppError, match="Alleen beheerders"):
        reader.predict(api_name="/rebuild_ui")  # the undocumented route behind the button
    assert _snapshot(server.corpus_dir) == before


@needs_shared
def test_fake_and_encrypted_pdfs_are_refused_with_their_reasons(server, tmp_path):
    before = _snapshot(server.corpus_dir)
    admin = _client(server, "beheer", "geheim")
    fake = tmp_path / "nep.pdf"
    fake.write_bytes(b"Dit is een tekstbestand met een .pdf-naam.")
    assert "geen PDF" in _add(admin, fake, "Nep")
    locked = pdfgen.encrypted_pdf(KAMERBRIEF, tmp_path / "slot.pdf", "geheim")
    assert "wachtwoord" in _add(admin, locked, "Slot")
    assert _snapshot(server.corpus_dir) == before, "corpus/ and catalogue.toml are unchanged"


@needs_shared
def test_upload_then_ask_finds_it_at_the_right_page_and_feedback_reaches_the_report(server):
    admin = _client(server, "beheer", "geheim")
    assert "Toegevoegd: kamerbrief-2011-draagmoederschap.pdf" in _add(admin, KAMERBRIEF, "Kamerbrief draagmoederschap")
    question = "Naar welke landen gaan Nederlandse wensouders voor een buitenlandse draagmoeder?"

    def found():
        result = admin.predict(question, api_name="/ask")
        top = result["results"][0]
        return result if top["file"] == "kamerbrief-2011-draagmoederschap.pdf" else None

    result = _wait_for(found)
    assert result["results"][0]["page"] == 1 and result["results"][0]["title"] == "Kamerbrief draagmoederschap"
    admin.predict(question, result["results"][0]["passage_id"], True, api_name="/feedback")
    nowhere = "Wat vindt Metaalunie van de pensioenleeftijd?"
    assert admin.predict(nowhere, api_name="/ask")["answerable"] is False
    admin.predict(nowhere, "answer", False, api_name="/feedback")
    report = admin.predict("", api_name="/open_questions")
    examples = [e for t in report["topics"] for e in t["examples"]]
    assert nowhere in examples, "the unanswered question marked 'klopt niet' is in the report"
    from policy_qa.usage.log import QuestionLog

    marked = QuestionLog(server.index_dir.parent / "policy-qa-log.sqlite3").marked_right()
    assert [(m.question, m.passage_id) for m in marked] == [(question, result["results"][0]["passage_id"])]
    assert "Griekenland" in marked[0].passage_text, "the marked passage's text is kept for the eval export"


def test_sigkill_while_an_upload_is_indexed_keeps_the_old_index_and_the_upload(corpus_index, corpus_settings,
                                                                                 tmp_path):
    from policy_qa.index.folder import load_index

    settings = _copy(corpus_settings, tmp_path)
    srv = start_app(settings, tmp_path, LOGIN)
    try:
        big = pdfgen.text_pdf(tmp_path / "groot.pdf", [pdfgen.dutch_text(t, 6) for t in pdfgen.TOPICS * 4])
        assert "Toegevoegd" in _add(_client(srv, "beheer", "geheim"), big, "Groot document")
        srv.process.send_signal(signal.SIGKILL)  # while the background build reads and encodes it
        srv.process.wait(30)
    finally:
        _stop(srv.process)
    index = load_index(settings.index_dir)
    assert {"metaalunie_brief_formatie_2025.pdf", "metaalunie_manifest_tk2023.pdf"} <= {p.file for p in index.passages}
    assert (settings.corpus_dir / "groot.pdf").is_file(), "the upload is kept in corpus/"
    out = subprocess.run([sys.executable, "-m", "policy_qa", "index", "--if-stale", "--corpus", str(settings.corpus_dir),
                          "--index", str(settings.index_dir)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "groot.pdf" in {p.file for p in load_index(settings.index_dir).passages}


@needs_shared
@pytest.mark.browser
def test_the_page_shows_admin_controls_to_admins_only_and_an_admin_uploads_in_it(server):
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is missing: apt-get install -y chromium (make test does it)")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for user, password, admin in (("lid", "lezen", False), ("beheer", "geheim", True)):
                page = browser.new_context().new_page()
                page.goto(server.url)
                page.locator("input[type=text]").first.fill(user)
                page.locator("input[type=password]").fill(password)
                page.keyboard.press("Enter")
                page.get_by_role("tab", name="Documenten").click()
                expect(page.locator(".pqa-docs")).to_be_visible(timeout=60_000)
                admin_box = page.locator("#pqa-add").first
                if admin:
                    expect(admin_box).to_be_visible(timeout=30_000)
                    expect(page.get_by_role("tab", name="Open vragen")).to_be_visible()
                    page.locator("#pqa-upload input[type=file]").first.set_input_files(str(MOTIE))
                    title = page.locator("#pqa-f-title textarea, #pqa-f-title input").first
                    expect(title).not_to_have_value("", timeout=30_000)  # prefilled from the PDF
                    title.fill("Motie Kamerstuk 32545-143")
                    page.locator("#pqa-add").first.click()
                    expect(page.locator("#pqa-admin-note").first).to_contain_text("Toegevoegd", timeout=60_000)
                    assert (server.corpus_dir / "motie-kst-32545-143.pdf").is_file()
                else:
                    expect(admin_box).to_be_hidden(timeout=30_000)
                    expect(page.get_by_role("tab", name="Open vragen")).to_have_count(0)
                page.context.close()
        finally:
            browser.close()
