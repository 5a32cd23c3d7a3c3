"""Two app processes (replicas) on one index folder: a rebuild by the CLI reaches both while they answer, no errors."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT
from pdfgen import dutch_text, text_pdf
from test_app_api import NETCONGESTIE, _stop, start_app
from test_rest_api import call

pytestmark = pytest.mark.slow

NEW_TOPIC = "waterstofkaravaan"


def _hammer(servers, stop: threading.Event, replies: list) -> None:
    """Ask both replicas in turn until told to stop; every (status, error) is kept."""
    n = 0
    while not stop.is_set():
        server = servers[n % len(servers)]
        try:
            status, _, body = call(server, "POST", "/ask", {"question": NETCONGESTIE}, login=None)
            replies.append((status, body.get("error") if isinstance(body, dict) else body))
        except Exception as exc:  # a refused connection or timeout is a failed request too
            replies.append((0, repr(exc)))
        n += 1


def _documents(server) -> set[str]:
    status, _, body = call(server, "GET", "/documents", login=None)
    return {d["file"] for d in body["documents"]} if status == 200 else set()


def test_a_cli_rebuild_reaches_both_replicas_without_a_failed_request(corpus_index, corpus_settings, tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(corpus_settings.corpus_dir, corpus)
    shutil.copytree(corpus_index.directory, index)
    settings = corpus_settings.replace(corpus_dir=corpus, index_dir=index)
    replicas = [start_app(settings, tmp_path) for _ in range(2)]
    stop, replies = threading.Event(), []
    clients = [threading.Thread(target=_hammer, args=(replicas, stop, replies)) for _ in range(4)]
    try:
        for t in clients:
            t.start()
        text_pdf(corpus / "nieuw_standpunt.pdf", [dutch_text(NEW_TOPIC, 4)])
        env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_QA_")}
        out = subprocess.run([sys.executable, "-m", "policy_qa", "index", "--corpus", str(corpus), "--index",
                              str(index)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all("nieuw_standpunt.pdf" in _documents(r) for r in replicas):
            time.sleep(0.5)
        time.sleep(2)  # a few more requests on the new index
    finally:
        stop.set()
        for t in clients:
            t.join(120)
    try:
        assert all("nieuw_standpunt.pdf" in _documents(r) for r in replicas), "a replica kept the old index"
        failed = [r for r in replies if r[0] != 200]
        assert len(replies) > 20 and not failed, f"{len(failed)} of {len(replies)} requests failed: {failed[:3]}"
        for r in replicas:
            status, _, got = call(r, "POST", "/ask", {"question": f"Wat zegt Metaalunie over {NEW_TOPIC}?"},
                                  login=None)
            assert status == 200 and got["results"][0]["file"] == "nieuw_standpunt.pdf"
    finally:
        for r in replicas:
            _stop(r.process)
