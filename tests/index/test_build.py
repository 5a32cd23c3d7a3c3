"""Reading the corpus: several PDFs at once in worker processes, with the result and messages of one at a time."""
from __future__ import annotations

import multiprocessing
import shutil

import pytest

import pdfgen
from policy_qa.config import Settings
from policy_qa.index.build import build_index
from policy_qa.index.folder import load_index
from policy_qa.index.progress import Step


def _readers() -> set[int]:
    return {p.pid for p in multiprocessing.active_children() if p.name == "policy-qa-ingest"}


@pytest.fixture()
def mixed(tmp_path):
    """Four readable PDFs, a broken one and a duplicate: what reading must keep in order."""
    corpus = pdfgen.small_corpus(tmp_path / "corpus", n=4)
    pdfgen.corrupt_pdf(corpus / "kapot.pdf")
    shutil.copy(corpus / "doc1.pdf", corpus / "kopie.pdf")
    return corpus


def _build(corpus, index, workers, seen=None):
    messages: list[str] = []

    def say(msg):
        if not isinstance(msg, Step):
            messages.append(str(msg))
            if seen is not None:
                seen.append(_readers())

    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=index, ocr=False, ingest_workers=workers)
    report = build_index(settings, say)
    return report, messages, load_index(index)


def test_files_read_at_once_give_the_index_and_messages_of_reading_them_one_by_one(mixed, tmp_path):
    one, one_msgs, one_index = _build(mixed, tmp_path / "one", 1)
    seen: list[set[int]] = []
    many, many_msgs, many_index = _build(mixed, tmp_path / "many", 3, seen)
    assert many_msgs == one_msgs  # same lines, same (file) order
    assert any("kapot.pdf" in m for m in many_msgs) and any("duplicate of doc1.pdf" in m for m in many_msgs)
    assert [(p.passage_id, p.page, p.text) for p in many_index.passages] == \
        [(p.passage_id, p.page, p.text) for p in one_index.passages]
    assert [d.doc_id for d in many.documents] == [d.doc_id for d in one.documents]
    assert [p.line() for p in many.problems] == [p.line() for p in one.problems]
    assert max(len(s) for s in seen) >= 2, "more than one PDF reader process was at work"


def test_an_interrupted_read_stops_its_readers_and_keeps_the_last_index(mixed, tmp_path):
    _, _, before = _build(mixed, tmp_path / "index", 2)
    for i in range(3):  # slow files keep the readers busy when the build is interrupted
        pdfgen.slow_pdf(mixed / f"traag{i}.pdf", operators=120_000, pages=4)
    already = _readers()

    def interrupt(msg):
        if not isinstance(msg, Step):
            raise KeyboardInterrupt

    settings = Settings.from_env(environ={}, corpus_dir=mixed, index_dir=tmp_path / "index", ocr=False,
                                 ingest_workers=2)
    with pytest.raises(KeyboardInterrupt):
        build_index(settings, interrupt)
    assert not (_readers() - already), "the build's reader processes were stopped, not left reading"
    after = load_index(tmp_path / "index")
    assert [p.passage_id for p in after.passages] == [p.passage_id for p in before.passages]
