"""The `policy-qa` command end to end on corpus/: the exact forms batch users and scripts depend on."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

RESULT_KEYS = {"rank", "score", "doc_id", "title", "kind", "date", "file", "page", "page_label", "section", "text"}


def run(*args, stdin: str | None = None, env_extra: dict | None = None):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_QA_")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "policy_qa", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=300)


@pytest.fixture(scope="module")
def idx(corpus_index, corpus_settings):
    return ["--index", str(corpus_settings.index_dir)]


def test_index_prints_a_line_per_file_and_reuses_unchanged_files(corpus_index, corpus_settings):
    out = run("index", "--corpus", str(corpus_settings.corpus_dir), "--index", str(corpus_settings.index_dir))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(l.startswith("metaalunie_brief_formatie_2025.pdf: 4 pages,") for l in lines)
    assert any(l.startswith("metaalunie_manifest_tk2023.pdf: 7 pages,") for l in lines)
    assert "0 passages encoded" in lines[-1], "nothing changed, so nothing is encoded again"
    again = run("index", "--if-stale", "--corpus", str(corpus_settings.corpus_dir), "--index", str(corpus_settings.index_dir))
    assert again.returncode == 0 and "up to date" in again.stdout


def test_ask_readable(idx):
    out = run("ask", "Wat vindt Metaalunie van netcongestie?", *idx)
    assert out.returncode == 0, out.stderr
    assert "[1] Zet in op ‘Gemaakt in Europa’" in out.stdout
    assert "p. 3" in out.stdout and "netcongestie" in out.stdout.lower()


def test_ask_json_schema(idx):
    out = run("ask", "Welke regeling voor familiebedrijven wil Metaalunie behouden?", "--json", "--top-k", "3", *idx)
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    assert obj["question"].startswith("Welke regeling")
    assert 0.0 <= obj["confidence"] <= 1.0
    assert len(obj["results"]) == 3
    for r in obj["results"]:
        assert RESULT_KEYS <= set(r)
    bor = [r for r in obj["results"] if "Bedrijfsopvolgingsregeling" in r["text"]]
    assert bor, "the BOR passage is among the top 3"
    assert bor[0]["doc_id"] == "manifest-tk2023" and bor[0]["page"] == 3 and bor[0]["page_label"] == "2"
    assert bor[0]["file"] == "metaalunie_manifest_tk2023.pdf" and bor[0]["kind"] == "manifest"


def test_search_batch_one_line_per_input(idx, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "a", "question": "Wat vraagt Metaalunie over technisch onderwijs?"},
        {"id": 2, "question": "How should grid congestion be solved?"},
        {"id": "leeg", "question": "   "},
    ]), encoding="utf-8")
    out = run("search", "--batch", str(batch), "--top-k", "4", *idx)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(l) for l in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", 2, "leeg"]
    assert len(rows[0]["results"]) == 4 and RESULT_KEYS <= set(rows[0]["results"][0])
    assert any("netcongestie" in r["text"] for r in rows[1]["results"][:3])
    assert rows[2]["results"] == [] and "empty" in rows[2]["error"]


@pytest.mark.parametrize("args, needle", [
    (["ask", ""], "empty"),
    (["ask", "vraag", "--top-k", "0"], "--top-k"),
    (["search", "--batch", "/nonexistent.jsonl"], "not found"),
    (["frobnicate"], "invalid choice"),
])
def test_usage_errors_exit_2_without_traceback(idx, args, needle):
    out = run(*args, *idx) if args[0] != "frobnicate" else run(*args)
    assert out.returncode == 2
    assert needle in out.stderr and "Traceback" not in out.stderr


def test_missing_index_says_how_to_build_it(tmp_path):
    out = run("ask", "netcongestie", "--index", str(tmp_path / "nergens"))
    assert out.returncode == 2
    assert "policy-qa index" in out.stderr and "Traceback" not in out.stderr


def test_default_encoder_does_not_import_torch(idx):
    code = (
        "import sys, contextlib, io\n"
        "from policy_qa.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['ask', 'netcongestie', '--index', {idx[1]!r}])\n"
        "print(rc, 'torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["0", "False"], out.stderr


def test_corpus_without_a_readable_pdf_writes_no_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notities.pdf").write_text("geen pdf", encoding="utf-8")
    out = run("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "SKIPPED notities.pdf: not a PDF" in out.stdout
    assert "nothing to index" in out.stderr and "no readable PDF" in out.stderr
    assert not (tmp_path / "index").exists()
