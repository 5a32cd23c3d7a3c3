"""`policy-qa index` progress: a bar with step, rate and ETA on a terminal; plain per-file lines when piped."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from pdfgen import TOPICS, dutch_text, text_pdf

pytestmark = pytest.mark.slow


@pytest.fixture()
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text_pdf(corpus / "voortgang.pdf", [dutch_text(t, 6) for t in TOPICS[:3]])
    return corpus


def _index_cmd(corpus, index) -> list[str]:
    return [sys.executable, "-m", "policy_qa", "index", "--corpus", str(corpus), "--index", str(index)]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("POLICY_QA_")}


def test_piped_output_has_the_file_lines_and_no_bar(small_corpus, tmp_path):
    out = subprocess.run(_index_cmd(small_corpus, tmp_path / "index"), cwd=ROOT, env=_env(), capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert re.search(r"^voortgang\.pdf: 3 pages, \d+ passages$", out.stdout, re.M)
    assert "encoding" not in out.stdout + out.stderr and "\r" not in out.stdout + out.stderr


def test_a_terminal_gets_a_bar_with_step_rate_and_eta(small_corpus, tmp_path):
    leader, follower = os.openpty()
    proc = subprocess.Popen(_index_cmd(small_corpus, tmp_path / "index"), cwd=ROOT, env={**_env(), "COLUMNS": "150"},
                            stdout=follower, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(600) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "voortgang.pdf: 3 pages" in screen
    bar = [line for line in re.split(r"[\r\n]", screen) if "encoding passages" in line]
    assert bar, screen
    # done/total [elapsed<ETA, rate, file]
    assert re.search(r"\d+/\d+ \[\d+:\d+<\d+:\d+, +[\d.]+( texts/s|s/ texts), voortgang\.pdf\]", " ".join(bar)), bar
    assert "index written to" in screen


def test_build_reports_encoding_steps_in_order(small_corpus, tmp_path):
    from policy_qa.config import Settings
    from policy_qa.index.build import build_index
    from policy_qa.index.progress import Step

    events = []
    settings = Settings.from_env(environ={}, corpus_dir=small_corpus, index_dir=tmp_path / "index")
    report = build_index(settings, progress=events.append)
    steps = [e for e in events if isinstance(e, Step) and e.stage == "passages"]
    assert steps and steps[-1].done == steps[-1].total == report.encoded
    assert [s.done for s in steps] == sorted(s.done for s in steps)
    assert steps[-1].file == "voortgang.pdf" and steps[-1].rate > 0
    assert "encoding passages" in str(steps[0]) and "/s" in str(steps[0])


def test_step_eta_reads_as_a_clock():
    from policy_qa.index.progress import Step

    step = Step("passages", 10, 70, 5.0, "a.pdf")
    assert step.rate == 2.0 and step.eta_seconds == 30.0
    assert str(step) == "encoding passages 10/70, 2.0/s, nog ~0:30 (a.pdf)"
    assert "nog" not in str(Step("sentences", 70, 70, 5.0))
