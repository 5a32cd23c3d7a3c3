"""The same search on Milvus Lite (real engine, data in tmp_path): build, Dutch BM25, filters, incremental, safe."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import pytest

import pdfgen
from conftest import DATA, ROOT
from policy_qa.index.lexical import corpus_terms
from policy_qa.evaluation.questions import load_questions
from policy_qa.evaluation.run import run_questions, summarise
from policy_qa.index.milvus_build import build_milvus, milvus_staleness
from policy_qa.index.milvus_store import connect, current_collection, disconnect
from policy_qa.index.store import open_index
from policy_qa.search.retriever import Filters, Retriever

QUESTION = "Wat merken bedrijven van netcongestie?"


@pytest.fixture(scope="module")
def corpus_milvus(corpus_settings, corpus_index, tmp_path_factory):
    """corpus/ in Milvus Lite, next to the session's local index (whose vectors the first build borrows)."""
    settings = corpus_settings.replace(store="milvus",
                                       milvus_uri=str(tmp_path_factory.mktemp("milvus") / "corpus.db"))
    report = build_milvus(settings)
    return settings, report, open_index(settings)


@pytest.fixture()
def small(tmp_path):
    """Three generated PDFs indexed into a Milvus Lite file of their own (nothing to borrow: all encoded)."""
    corpus = pdfgen.small_corpus(tmp_path / "corpus")
    from policy_qa.config import Settings

    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "no-local-index", ocr=False,
                                 store="milvus", milvus_uri=str(tmp_path / "milvus.db"))
    return settings, build_milvus(settings)


def files_answering(settings, question=QUESTION) -> list[str]:
    return [h.passage.file for h in Retriever(open_index(settings), settings).search(question, 5).hits]


def test_build_records_store_and_collection_and_reuses_local_vectors(corpus_milvus, corpus_index):
    settings, report, index = corpus_milvus
    client = connect(settings)
    store = index.manifest["store"]
    assert store["kind"] == "milvus" and store["collection"] == current_collection(client, "policy_qa")
    assert report.encoded == 0  # every vector came from the local index folder: nothing encoded twice
    assert index.passages == corpus_index.passages and milvus_staleness(settings) is None
    # Milvus's tokenizer splits our Dutch terms back unchanged: each term finds exactly the passages that have it
    # (the risky ones first: digits and accented letters; Milvus Lite does not implement run_analyzer).
    terms = [set(t) for t in corpus_terms([p.index_text() for p in index.passages])]  # compounds split too
    vocabulary = sorted(set().union(*terms))
    risky = [t for t in vocabulary if not t.isascii() or any(c.isdigit() for c in t)]
    for term in risky[:15] + vocabulary[::max(1, len(vocabulary) // 25)]:
        ids, _ = index.lexical.top_terms([term], len(index.passages))
        assert set(ids.tolist()) == {i for i, ts in enumerate(terms) if term in ts}, term


def test_answers_citations_and_filters_match_the_local_store(corpus_milvus, corpus_index, corpus_settings):
    settings, _, index = corpus_milvus
    # Milvus holds no cross-lingual extras (index/crosslingual.py): compare with the local store without them.
    local = Retriever(dataclasses.replace(corpus_index, crosslingual=None), corpus_settings)
    milvus = Retriever(index, settings)
    for question in (QUESTION, "vakmensen opleiden", "What does Metaalunie want on energy prices?"):
        a, b = local.search(question, 5), milvus.search(question, 5)
        assert [(h.passage.passage_id, h.passage.page) for h in b.hits] == \
               [(h.passage.passage_id, h.passage.page) for h in a.hits]
        assert b.confidence == pytest.approx(a.confidence, abs=1e-3)
    docs = {d.kind: d for d in index.documents}
    for filters in (Filters(doc_ids=frozenset({docs["brief"].doc_id})), Filters(kinds=frozenset({"manifest"})),
                    Filters(years=frozenset({"2023"}))):
        hits = milvus.search(QUESTION, 5, filters).hits
        assert hits and [h.passage.passage_id for h in hits] == \
               [h.passage.passage_id for h in local.search(QUESTION, 5, filters).hits]
        assert all(h.passage.doc_id in filters.doc_ids or h.passage.kind in filters.kinds
                   or h.passage.date[:4] in filters.years for h in hits)
    assert not milvus.search(QUESTION, 5, Filters(years=frozenset({"1999"}))).hits


@pytest.mark.slow
def test_dev_set_figures_within_002_of_local_lexical_and_hybrid(corpus_milvus, corpus_index, corpus_settings):
    settings, _, index = corpus_milvus
    questions = load_questions(DATA / "dev_questions.jsonl")
    plain = dataclasses.replace(corpus_index, crosslingual=None)  # Milvus holds no cross-lingual extras
    for mode in ("lexical", "hybrid"):
        a = summarise(mode, run_questions(Retriever(plain, corpus_settings), questions, mode))
        b = summarise(mode, run_questions(Retriever(index, settings), questions, mode))
        figures = [("hit@" + k, a.hit[k], b.hit[k]) for k in a.hit] + [("mrr", a.mrr, b.mrr), ("ndcg", a.ndcg, b.ndcg)]
        if mode == "hybrid":
            figures += [("page", a.page_accuracy, b.page_accuracy), ("auroc", a.auroc, b.auroc)]
        for name, x, y in figures:
            assert abs(x - y) <= 0.02, f"{mode} {name}: local {x:.3f}, milvus {y:.3f}"


def test_only_changed_pdfs_are_encoded_and_removed_ones_disappear(small):
    settings, first = small
    assert first.encoded == first.passages > 0 and len(first.reprocessed) == 3
    assert "doc0.pdf" in files_answering(settings, "netcongestie")
    pdfgen.text_pdf(settings.corpus_dir / "doc1.pdf", [pdfgen.dutch_text("cybersecurity", 4)])
    (settings.corpus_dir / "doc2.pdf").unlink()
    assert milvus_staleness(settings) == "files were added or removed"
    second = build_milvus(settings)
    assert second.reprocessed == ("doc1.pdf",) and 0 < second.encoded < first.encoded
    index = open_index(settings)
    assert {p.file for p in index.passages} == {"doc0.pdf", "doc1.pdf"}
    assert files_answering(settings, "cybersecurity")[0] == "doc1.pdf"
    third = build_milvus(settings)
    assert third.reprocessed == () and third.encoded == 0 and milvus_staleness(settings) is None
    alias = settings.milvus_collection
    current = current_collection(connect(settings), alias)
    assert sorted(connect(settings).list_collections()) == sorted([current, current + "_sent", alias + "_manifests"])


def test_an_interrupted_build_leaves_the_previous_generation_answering(small):
    settings, _ = small
    client = connect(settings)
    before, generation = files_answering(settings), current_collection(client, settings.milvus_collection)
    pdfgen.text_pdf(settings.corpus_dir / "nieuw.pdf", [pdfgen.dutch_text("netcongestie", 6)] * 3)

    def killed(msg: str) -> None:  # the build stops midway through writing its new collection
        if isinstance(msg, str) and msg.startswith("inserted "):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_milvus(settings, progress=killed)
    assert current_collection(client, settings.milvus_collection) == generation
    assert files_answering(settings) == before and len(client.list_collections()) > 3  # the half-written one
    report = build_milvus(settings)
    assert report.reprocessed == ("nieuw.pdf",) and "nieuw.pdf" in files_answering(settings)
    assert len(client.list_collections()) == 3  # the interrupted generation was dropped


def test_the_cli_answers_from_milvus_in_a_new_process_with_page_citations(small):
    settings, _ = small
    disconnect()  # Milvus Lite: one process per file; the CLI below opens it afresh
    env = {**os.environ, "POLICY_QA_STORE": "milvus", "POLICY_QA_MILVUS_URI": settings.milvus_uri, "POLICY_QA_OCR": "0"}
    out = subprocess.run([sys.executable, "-m", "policy_qa", "ask", "netcongestie", "--json"],
                         capture_output=True, text=True, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stderr
    top = json.loads(out.stdout)["results"][0]
    assert top["file"] == "doc0.pdf" and top["page"] in (1, 2) and "netcongestie" in top["text"].lower()
    out = subprocess.run([sys.executable, "-m", "policy_qa", "index", "--corpus", str(settings.corpus_dir),
                          "--index", str(settings.index_dir), "--if-stale"], capture_output=True, text=True,
                         cwd=ROOT, env=env)
    assert out.returncode == 0 and "is up to date" in out.stdout, out.stderr


def test_a_missing_or_misnamed_milvus_index_is_a_message_not_a_traceback(tmp_path):
    from policy_qa.config import Settings, SettingsError

    with pytest.raises(SettingsError, match="POLICY_QA_MILVUS_URI=.*ending in .db or a server address"):
        Settings.from_env(environ={"POLICY_QA_STORE": "milvus", "POLICY_QA_MILVUS_URI": "somewhere"})
    env = {**os.environ, "POLICY_QA_MILVUS_URI": str(tmp_path / "empty.db")}
    out = subprocess.run([sys.executable, "-m", "policy_qa", "ask", QUESTION, "--store", "milvus"],
                         capture_output=True, text=True, cwd=ROOT, env=env)
    assert out.returncode == 2 and "no index in Milvus" in out.stderr and "policy-qa index" in out.stderr
    assert "Traceback" not in out.stderr
