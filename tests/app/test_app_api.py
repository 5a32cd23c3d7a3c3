"""The app's HTTP API against the real server: `python app.py` in a subprocess, called with gradio_client."""
from __future__ import annotations

import atexit
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

NETCONGESTIE = "Wat vindt Metaalunie van netcongestie?"


@dataclass(frozen=True)
class AppServer:
    """A running `python app.py` and where to reach it."""

    url: str
    process: subprocess.Popen
    corpus_dir: Path
    index_dir: Path
    log: Path


_servers: dict[str, AppServer] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(settings, log_dir: Path, extra_env: dict[str, str] | None = None) -> AppServer:
    """Start app.py on a free port for this corpus/index and wait until it serves the page."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_QA_")}
    env.update(POLICY_QA_CORPUS_DIR=str(settings.corpus_dir), POLICY_QA_INDEX_DIR=str(settings.index_dir),
               GRADIO_SERVER_PORT=str(port), GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1",
               **(extra_env or {}))
    log = log_dir / f"app-{port}.log"
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)
    atexit.register(_stop, proc)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=5)
            break
        except urllib.error.HTTPError:
            break  # it answers (e.g. 401 behind a login)
        except OSError:
            time.sleep(0.5)
    else:
        _stop(proc)
        pytest.fail(f"app.py did not answer within 180 s:\n{log.read_text()}")
    return AppServer(url, proc, Path(settings.corpus_dir), Path(settings.index_dir), log)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def shared_app(settings, log_dir: Path) -> AppServer:
    """One server per test session for the corpus index (the API and browser tests share it)."""
    key = str(settings.index_dir)
    if key not in _servers or _servers[key].process.poll() is not None:
        _servers[key] = start_app(settings, log_dir)
    return _servers[key]


@pytest.fixture(scope="module")
def app(corpus_index, corpus_settings, tmp_path_factory):
    return shared_app(corpus_settings, tmp_path_factory.mktemp("app-logs"))


@pytest.fixture(scope="module")
def client(app):
    from gradio_client import Client

    return Client(app.url, verbose=False)


def ask(client, question: str) -> dict:
    return client.predict(question, api_name="/ask")


def _pages(result: dict, n: int = 3) -> list[tuple[str, int]]:
    return [(r["doc_id"], r["page"]) for r in result["results"][:n]]


def test_ask_dutch_returns_cli_schema_and_the_letter_page(client):
    result = ask(client, NETCONGESTIE)
    assert set(result) == {"question", "confidence", "answerable", "answer", "notices", "results"}
    assert result["results"][0]["doc_id"] == "brief-2025-formatie" and result["results"][0]["page"] == 3
    assert "netcongestie" in result["results"][0]["text"].lower()
    assert {"rank", "score", "title", "kind", "date", "file", "page_label", "section"} <= set(result["results"][0])
    assert result["answer"] and result["answer"][0]["citation"] in {r["rank"] for r in result["results"]}


def test_ask_english_finds_the_dutch_passage(client):
    result = ask(client, "What share of Dutch industry does Metaalunie represent?")
    assert ("manifest-tk2023", 1) in _pages(result)
    result = ask(client, "What is the street address of Koninklijke Metaalunie?")
    assert ("manifest-tk2023", 7) in _pages(result)


def test_question_the_documents_do_not_answer_is_flagged(client):
    result = ask(client, "Wat is het recept voor appeltaart met kaneel?")
    assert result["answerable"] is False
    assert result["confidence"] < 0.5
    assert any("geen antwoord" in n for n in result["notices"])
    assert result["results"], "the nearest passages are still returned"


def test_over_long_question_is_cut_with_a_notice(client):
    result = ask(client, "netcongestie " * 200)
    assert len(result["question"]) <= 500
    assert any("ingekort" in n for n in result["notices"])
    assert result["results"][0]["doc_id"] == "brief-2025-formatie"


def test_empty_question_is_a_clear_error(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Typ een vraag"):
        ask(client, "   ?  ")


def test_twenty_parallel_asks_are_all_correct_and_latency_is_reported(client, app):
    import psutil

    questions = [NETCONGESTIE, "What is the street address of Koninklijke Metaalunie?"] * 10
    expected = [("brief-2025-formatie", 3), ("manifest-tk2023", 7)] * 10
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda q: ask(client, q), questions))
    for q, want, got in zip(questions, expected, results):
        assert got["question"] == q and want in _pages(got)
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        ask(client, NETCONGESTIE)
        times.append(time.perf_counter() - t0)
    rss = psutil.Process(app.process.pid).memory_info().rss / 2**20
    print(f"\n/ask latency median over 20 calls: {statistics.median(times) * 1000:.0f} ms; app RSS {rss:.0f} MiB")
    assert statistics.median(times) < 5


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read(8)
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_serves_corpus_pdfs_and_nothing_else(app):
    pdf = (app.corpus_dir / "metaalunie_brief_formatie_2025.pdf").resolve()
    status, head = _get(app.url + "gradio_api/file=" + urllib.parse.quote(str(pdf)))
    assert status == 200 and head.startswith(b"%PDF")
    attempts = [
        str(app.corpus_dir / "catalogue.toml"),
        f"{pdf.parent}/../../../../../../etc/passwd",
        urllib.parse.quote(f"{pdf.parent}/../../../../../../etc/passwd", safe=""),
        "/etc/passwd",
        str(app.index_dir / "manifest.json"),
        str(ROOT / "app.py"),
        str(ROOT / "pyproject.toml"),
    ]
    for path in attempts:
        status, head = _get(app.url + "gradio_api/file=" + path)
        assert status in (403, 404), f"{path} was served ({status})"
        assert not head.startswith(b"root:")


def test_uploads_over_the_size_limit_are_refused(app):
    boundary = "pqa-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"groot.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode() + b"0" * (21 * 2**20) + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(app.url + "gradio_api/upload", data=body, method="POST",
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            status = resp.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert status == 413, f"a 21 MB upload was accepted ({status})"


def test_bad_port_is_a_clear_error(tmp_path):
    env = {**os.environ, "GRADIO_SERVER_PORT": "not-a-port"}
    out = subprocess.run([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 2
    assert "GRADIO_SERVER_PORT" in out.stderr and "Traceback" not in out.stderr


def test_app_refuses_to_start_on_a_user_folder_as_index_and_leaves_it_alone(tmp_path):
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "belasting.txt").write_text("mijn aangifte", encoding="utf-8")
    env = {**os.environ, "POLICY_QA_INDEX_DIR": str(documents), "GRADIO_SERVER_PORT": str(_free_port())}
    out = subprocess.run([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert str(documents) in out.stderr and "not a policy-qa index" in out.stderr
    assert sorted(p.name for p in documents.iterdir()) == ["belasting.txt"]


def test_login_from_environment_protects_page_api_and_pdfs(corpus_index, corpus_settings, tmp_path):
    from gradio_client import Client

    server = start_app(corpus_settings, tmp_path, {"POLICY_QA_AUTH": "staf:geheim"})
    try:
        pdf = (server.corpus_dir / "metaalunie_brief_formatie_2025.pdf").resolve()
        status, _ = _get(server.url + "gradio_api/file=" + urllib.parse.quote(str(pdf)))
        assert status == 401
        for route in ("gradio_api/call/ask", "gradio_api/queue/join"):  # a script without the login
            request = urllib.request.Request(server.url + route, method="POST", headers={"Content-Type": "application/json"},
                                             data=json.dumps({"data": [NETCONGESTIE], "fn_index": 0}).encode())
            try:
                status = urllib.request.urlopen(request, timeout=20).status
            except urllib.error.HTTPError as exc:
                status = exc.code
            assert status in (401, 403), f"an unauthenticated POST to /{route} got {status}"
        result = Client(server.url, auth=("staf", "geheim"), verbose=False).predict(NETCONGESTIE, api_name="/ask")
        assert result["results"][0]["doc_id"] == "brief-2025-formatie"
    finally:
        _stop(server.process)
