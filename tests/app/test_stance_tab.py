"""The Standpunten tab: side-by-side timeline HTML, the topics × documents table, and the /stance API."""
from __future__ import annotations

import socket

import pytest

from policy_qa.app import stance_tab
from policy_qa.app.engine import NOT_READY, Engine
from policy_qa.app.stance_view import NO_POSITION, overview_frame, timeline_html
from policy_qa.app.tabs import Refresh
from policy_qa.stance.explorer import explore, overview
from policy_qa.stance.topics import load_topics

from conftest import CORPUS


@pytest.fixture(scope="module")
def topics():
    return load_topics(CORPUS)


def _engine(settings, retriever=None) -> Engine:
    engine = Engine(settings)
    if retriever is not None:
        engine._swap(retriever)
    return engine


def test_timeline_shows_both_documents_oldest_first_with_cited_pages(retriever, topics, corpus_settings):
    page = timeline_html(explore(retriever, "netcongestie", topics),
                         stance_tab.page_link(_engine(corpus_settings, retriever)))
    assert "Standpunten over: energie en netcongestie" in page
    assert page.index("2023-10") < page.index("2025-11")  # the manifest's column comes first
    assert "Los netcongestie versneld op" in page and "Investeer in de energie-infrastructuur" in page
    assert 'data-file="metaalunie_brief_formatie_2025.pdf" data-page="3"' in page
    assert 'data-file="metaalunie_manifest_tk2023.pdf" data-page="6"' in page
    assert ">p. 3<" in page and ">p. 6<" in page
    assert "#page=3" in page  # the app's open-the-PDF-at-this-page link


def test_timeline_says_a_document_is_silent_and_escapes_text(retriever, topics):
    page = timeline_html(explore(retriever, "defensie", topics))
    assert page.count(NO_POSITION) == 1  # the manifest; the letter has positions
    assert "<script" not in timeline_html(explore(retriever, "<script>alert(1)</script>", topics))


def test_typed_topics_are_cut_like_questions(topics):
    from policy_qa.stance.topics import resolve_topic

    topic = resolve_topic("waterstof en " * 100_000, topics, max_chars=50)
    assert len(topic.label) <= 50 and topic.terms[0] == topic.label and topic.label.endswith("waterstof")
    assert resolve_topic("  netcongestie  ", topics, max_chars=50).label == "energie en netcongestie"


def test_overview_table_marks_which_document_takes_a_position_on_what(retriever, topics):
    headers, rows = overview_frame(*overview(retriever, topics))
    assert headers == ["Onderwerp", "2023-10 · manifest", "2025-11 · brief"]
    table = {row[0]: row[1:] for row in rows}
    assert len(table) == 8
    assert table["defensie"][0] == "—" and table["defensie"][1].startswith("✓")
    assert all(cell.startswith("✓") for cell in table["energie en netcongestie"])
    assert table["regeldruk"][0].startswith("✓")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_stance_api_endpoint_on_a_real_server(retriever, corpus_settings):
    import gradio as gr
    from gradio_client import Client

    engine = _engine(corpus_settings)
    with gr.Blocks() as demo:
        with gr.Tab("Standpunten"):
            stance_tab.build(engine, Refresh())
    demo.queue()
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        with pytest.raises(Exception, match="nog gebouwd"):
            client.predict("netcongestie", api_name="/stance")  # the index is not loaded yet
        engine._swap(retriever)
        out = client.predict("netcongestie", api_name="/stance")
        assert out["topic"] == "energie en netcongestie"
        pages = {d["doc_id"]: {p["page"] for p in d["positions"]} for d in out["documents"]}
        assert 3 in pages["brief-2025-formatie"] and 6 in pages["manifest-tk2023"]
        endless = client.predict("netcongestie " * 50_000, api_name="/stance")  # 650 000 characters
        assert len(endless["topic"]) <= corpus_settings.max_topic_chars == 200
        assert endless["topic"].startswith("netcongestie netcongestie")
        silent = client.predict("pensioenleeftijd", api_name="/stance")
        assert [d["positions"] for d in silent["documents"]] == [[], []]
    finally:
        demo.close()
    assert NOT_READY.startswith("De index wordt nog gebouwd")
