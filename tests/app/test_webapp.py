"""The app's logic without a browser: cards, highlights, export, page rendering, safe paths, background builds."""
from __future__ import annotations

import time

import numpy as np
import pytest

from pdfgen import dutch_text, text_pdf
from policy_qa.answers.extract import ask
from policy_qa.app.engine import Engine, NotReady
from policy_qa.app.export import write_markdown
from policy_qa.app.launch import ConfigError, auth_from_env, server_address
from policy_qa.app.render import highlight, question_stems, render_answer, render_documents
from policy_qa.search.retriever import Retriever
from policy_qa.config import Settings
from policy_qa.app.page_view import PageUnavailable, locate, render_page
from policy_qa.search.retriever import Filters

NETCONGESTIE = "Wat vindt Metaalunie van netcongestie?"


def test_highlight_marks_words_sharing_a_dutch_stem_and_escapes_html():
    stems = question_stems("Wat vindt Metaalunie van investeringen in kabels?", frozenset({"metaalunie"}))
    out = highlight("Versneld investeren in <kabels> & de kabel; Metaalunie investeert.", stems)
    assert "<mark>investeren</mark>" in out and "<mark>kabels</mark>" in out and "<mark>kabel</mark>" in out
    assert "&lt;" in out and "&amp;" in out
    assert "<mark>Metaalunie</mark>" not in out, "stopwords and the organisation's own name are not highlighted"


def test_answer_html_has_cited_extract_and_numbered_cards(retriever):
    answer = ask(retriever, NETCONGESTIE)
    out = render_answer(answer)
    first = answer.results[0].passage
    assert out.count('class="pqa-card') == len(answer.results)
    assert "[1]" in out and f'data-cite="{first.passage_id}"' in out
    assert first.title.split("–")[0].strip() in out and "blz. 3 (PDF-pagina 3)" in out
    assert "<mark>netcongestie</mark>" in out


def test_low_confidence_is_said_plainly_and_passages_marked_nearest(retriever):
    answer = ask(retriever, "Wat is het recept voor appeltaart met kaneel?")
    assert not answer.answerable
    out = render_answer(answer)
    assert "De documenten lijken hier geen antwoord op te geven" in out
    assert "Dichtstbijzijnde passages" in out and "pqa-nearest" in out


def test_markdown_export_carries_question_citations_and_pages(retriever, tmp_path):
    answer = ask(retriever, NETCONGESTIE)
    path = write_markdown(answer, tmp_path)
    md = path.read_text(encoding="utf-8")
    assert path.suffix == ".md" and md.startswith(f"# {answer.question}")
    assert "**[1]**" in md and "PDF-pagina 3" in md and "metaalunie_brief_formatie_2025.pdf" in md
    assert "> " in md


def test_documents_table_shows_corpus_and_problems(corpus_index):
    from policy_qa.records import Problem

    out = render_documents(corpus_index.documents, (Problem("kapot.pdf", "is geen PDF"),),
                                  corpus_index.manifest)
    assert "verkiezingsmanifest Tweede Kamer 2023" in out and "metaalunie_manifest_tk2023.pdf" in out
    assert "kapot.pdf" in out and "is geen PDF" in out


def test_page_render_highlights_the_passage(retriever, corpus_settings):
    hit = ask(retriever, NETCONGESTIE).results[0]
    p = hit.passage
    image, lines = render_page(corpus_settings.corpus_dir / p.file, p.page, p.text)
    plain, none = render_page(corpus_settings.corpus_dir / p.file, p.page, "")
    assert lines >= 3 and none == 0
    assert image.size == plain.size and image.width > 800
    px = np.asarray(image.convert("RGB")).astype(int)
    yellowish = int(((px[..., 0] > 200) & (px[..., 1] > 180) & (px[..., 2] < 170)).sum())
    assert yellowish > 5000, "the highlight is visible"
    with pytest.raises(PageUnavailable, match="bestaat niet"):
        render_page(corpus_settings.corpus_dir / p.file, 99, p.text)


def test_locate_ignores_hyphenation_case_and_layout():
    page = "Kop van de pagina\r\nDe MKB-maakin-\r\ndustrie vraagt om ver\ufffeduurzaming.\r\nVoettekst"
    idx = locate(page, "de mkb-maakindustrie vraagt om verduurzaming")
    found = "".join(page[i] for i in idx)
    assert found == "DeMKBmaakindustrievraagtomverduurzaming", "letters only, across the line break"


def test_pdf_path_only_reaches_indexed_corpus_pdfs(corpus_settings, corpus_index):
    engine = Engine(corpus_settings)
    engine._swap(Retriever(corpus_index, corpus_settings))
    assert engine.pdf_path("metaalunie_manifest_tk2023.pdf").is_file()
    for bad in ("catalogue.toml", "../corpus/metaalunie_manifest_tk2023.pdf", "/etc/passwd", "../../etc/passwd"):
        assert engine.pdf_path(bad) is None
    assert all(p.endswith(".pdf") for p in engine.pdf_paths()) and len(engine.pdf_paths()) == 2


def test_auth_and_address_from_environment():
    assert auth_from_env({}) is None
    assert auth_from_env({"POLICY_QA_AUTH": "staf:geheim:1"}) == [("staf", "geheim:1")]
    assert auth_from_env({"POLICY_QA_AUTH": "a:b, c:d"}) == [("a", "b"), ("c", "d")]
    with pytest.raises(ConfigError):
        auth_from_env({"POLICY_QA_AUTH": "alleen-een-naam"})
    assert server_address({}) == ("127.0.0.1", 7860)
    assert server_address({"GRADIO_SERVER_PORT": "8123", "GRADIO_SERVER_NAME": "0.0.0.0"}) == ("0.0.0.0", 8123)


def _wait(cond, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.mark.slow
def test_engine_builds_in_background_and_keeps_answering_during_rebuild(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text_pdf(corpus / "waterstof.pdf", [dutch_text("waterstof")])
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index")
    engine = Engine(settings)
    engine.start()
    assert engine.retriever() is None and engine.building and "gebouwd" in engine.status
    with pytest.raises(NotReady):
        engine.ask("waterstof")
    _wait(lambda: engine.retriever() is not None and not engine.building)
    old = engine.retriever()
    assert engine.ask("waterstof").results[0].passage.file == "waterstof.pdf"

    text_pdf(corpus / "loonkosten.pdf", [dutch_text("loonkosten")])
    assert engine.rebuild("nieuw bestand")
    assert engine.retriever() is old, "the old index keeps answering while the new one builds"
    assert engine.ask("waterstof").results[0].passage.file == "waterstof.pdf"
    _wait(lambda: not engine.building)
    assert engine.retriever() is not old and "bijgewerkt" in engine.status
    assert engine.ask("loonkosten").results[0].passage.file == "loonkosten.pdf"
    only = Filters(doc_ids=frozenset({engine.ask("loonkosten").results[0].passage.doc_id}))
    assert {h.passage.file for h in engine.ask("waterstof", only).results} == {"loonkosten.pdf"}


@pytest.mark.slow
def test_background_build_in_the_app_skips_a_pdf_past_the_file_timeout(tmp_path):
    """The app's build runs in a thread, where SIGALRM never fired: the worker's limit holds there too."""
    from pdfgen import slow_pdf

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text_pdf(corpus / "waterstof.pdf", [dutch_text("waterstof")])
    slow_pdf(corpus / "vijandig.pdf")
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", ocr=False,
                                 file_timeout=10)
    engine = Engine(settings)
    engine.start()
    _wait(lambda: not engine.building, 120)
    assert "bijgewerkt" in engine.status, engine.status
    assert [p.reason for p in engine.problems() if p.file == "vijandig.pdf"] == \
        ["took longer than 10 s (damaged, hostile or very large PDF; POLICY_QA_FILE_TIMEOUT sets the limit); skipped"]
    assert engine.ask("waterstof").results[0].passage.file == "waterstof.pdf"


def _rendered(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(markdown)


INJECTION = "Beleid [klik hier](https://kwaad.example) ![x](https://kwaad.example/p.png) <img src=x onerror=alert(1)>"


def test_pdf_metadata_titles_and_status_lines_reach_markdown_as_plain_text(corpus_settings, corpus_index):
    import dataclasses

    from policy_qa.app.ask_tab import show_page
    from policy_qa.app.blocks import status_text

    engine = Engine(corpus_settings)
    engine._swap(Retriever(corpus_index, corpus_settings))
    passage = corpus_index.passages[0]
    engine._by_id[passage.passage_id] = dataclasses.replace(passage, title=INJECTION)  # a hostile PDF title
    _, caption = show_page(engine, passage.passage_id)
    engine.status = f"Bouwen van de index is mislukt: {INJECTION}"
    engine._thread = type("Running", (), {"is_alive": lambda self: True})()  # the bold status of a build
    for markdown in (caption, status_text(engine)):
        out = _rendered(markdown)
        assert "<img" not in out and 'href="https://kwaad' not in out, out
        assert "[klik hier](https://kwaad.example)" in out.replace("&lt;", "<")  # shown, literally
    assert 'href="gradio_api/file=' in _rendered(caption), "the app's own link still works"
