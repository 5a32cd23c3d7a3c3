"""Questions/s and latency of the REST API (POST /api/v1/ask) and of Gradio's /ask for 20 parallel clients, idle
and while `policy-qa index` rebuilds the same index.

    python bench/load.py [--clients 20] [--rounds 3]

Copies corpus/ and an index of it to a temporary folder, starts `python app.py` on a free port, fires the clients
(REST: one keep-alive HTTP connection per client; Gradio: gradio_client, a fresh client per question as separate
users), adds a generated PDF, starts a rebuild in a subprocess and fires them again while it runs. Prints one JSON
line: per API and phase n, questions_per_s, p50_s, p95_s, max_s.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ["Wat vindt Metaalunie van netcongestie?", "Hoe wil Metaalunie het tekort aan vakmensen oplossen?",
             "Wat moet er gebeuren met de regeldruk voor het mkb?", "Wat zegt Metaalunie over defensie-orders?",
             "Welke rol speelt circulaire economie?"]
REST_ROUNDS = 5  # REST questions per client and phase: 2 × 20 × 5 = 200 distinct dev-set questions in all


def dev_questions() -> list[str]:
    """The dev set's questions (distinct), so that REST requests do not hit the query-vector cache."""
    path = ROOT / "tests" / "data" / "dev_questions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return list(dict.fromkeys(json.loads(x)["question"] for x in lines if x.strip())) or QUESTIONS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(corpus: Path, index: Path, port: int, timeout: float = 240) -> subprocess.Popen:
    """`python app.py` on `port`, returned once its /ask answers."""
    env = {**os.environ, "POLICY_QA_CORPUS_DIR": str(corpus), "POLICY_QA_INDEX_DIR": str(index),
           "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited with {proc.returncode}")
        try:
            ask_once(f"http://127.0.0.1:{port}/", QUESTIONS[0])
            return proc
        except Exception:
            time.sleep(1)
    proc.kill()
    raise RuntimeError("app.py did not answer in time")


def ask_once(url: str, question: str) -> tuple[float, dict]:
    """One /ask call with a fresh client (as a separate user would); its latency in seconds and the answer."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    t0 = time.perf_counter()
    result = client.predict(question, api_name="/ask")
    return time.perf_counter() - t0, result


def fire(url: str, clients: int, rounds: int) -> list[tuple[float, dict]]:
    """`clients` parallel clients, each asking `rounds` questions one after another."""
    def one(i: int):
        return [ask_once(url, QUESTIONS[(i + r) % len(QUESTIONS)]) for r in range(rounds)]

    with ThreadPoolExecutor(clients) as pool:
        return [x for batch in pool.map(one, range(clients)) for x in batch]


def fire_rest(port: int, clients: int, rounds: int, offset: int = 0) -> tuple[list[tuple[float, dict]], float]:
    """`clients` parallel REST clients, each on its own keep-alive connection; (latency, answer) pairs, wall s."""
    questions = dev_questions()

    def one(i: int):
        conn, out = http.client.HTTPConnection("127.0.0.1", port, timeout=120), []
        for r in range(rounds):
            body = json.dumps({"question": questions[(i * rounds + r + offset) % len(questions)]})
            t0 = time.perf_counter()
            conn.request("POST", "/api/v1/ask", body, {"Content-Type": "application/json"})
            resp = conn.getresponse()
            answer = json.loads(resp.read()) if resp.status == 200 else {}
            out.append((time.perf_counter() - t0, answer))
        conn.close()
        return out

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        got = [x for batch in pool.map(one, range(clients)) for x in batch]
    return got, time.perf_counter() - t0


def summary(latencies: list[float], wall: float | None = None) -> dict:
    s = sorted(latencies)
    out = {"n": len(s), "p50_s": round(statistics.median(s), 3), "p95_s": round(s[int(0.95 * (len(s) - 1))], 3),
           "max_s": round(s[-1], 3)}
    if wall:
        out["questions_per_s"] = round(len(s) / wall, 1)
    return out


def big_pdf(path: Path, pages: int = 40) -> None:
    """A generated PDF large enough that the rebuild takes a while (its passages must be encoded)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(pages):
        y = 780
        for k in range(40):
            c.drawString(60, y, f"Hoofdstuk {n}, regel {k}: de maakindustrie investeert in onderwerp {n * 40 + k}.")
            y -= 18
        c.showPage()
    c.save()


def run(base: Path, index_src: Path | None, clients: int, rounds: int) -> dict:
    """Set up, measure idle and under rebuild, tear down; the numbers as a dict."""
    corpus, index = base / "corpus", base / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    if index_src is not None:
        shutil.copytree(index_src, index)
    else:
        subprocess.run([sys.executable, "-m", "policy_qa", "index", "--corpus", str(corpus), "--index", str(index)],
                       cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    app = start_app(corpus, index, port)
    url = f"http://127.0.0.1:{port}/"
    try:
        rest_idle, rest_idle_wall = fire_rest(port, clients, REST_ROUNDS)
        t0 = time.perf_counter()
        idle = fire(url, clients, 1)
        idle_wall = time.perf_counter() - t0
        big_pdf(corpus / "extra_groot.pdf")
        build = subprocess.Popen([sys.executable, "-m", "policy_qa", "index", "--corpus", str(corpus),
                                  "--index", str(index)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        t0 = time.perf_counter()
        loaded = fire(url, clients, rounds)
        wall = time.perf_counter() - t0
        rest_loaded, rest_wall = fire_rest(port, clients, REST_ROUNDS, offset=clients * REST_ROUNDS)
        build_running_after = build.poll() is None
        build.wait(timeout=600)
        rest = rest_idle + rest_loaded
        return {"clients": clients, "idle": summary([t for t, _ in idle], idle_wall),
                "during_rebuild": summary([t for t, _ in loaded], wall), "during_rebuild_wall_s": round(wall, 2),
                "rest_idle": summary([t for t, _ in rest_idle], rest_idle_wall),
                "rest_during_rebuild": summary([t for t, _ in rest_loaded], rest_wall),
                "rest_answers_with_results": sum(bool(a.get("results")) for _, a in rest), "rest_answers": len(rest),
                "rebuild_still_running_at_end": build_running_after, "rebuild_exit": build.returncode,
                "answers_with_results": sum(bool(a.get("results")) for _, a in idle + loaded),
                "answers": len(idle) + len(loaded)}
    finally:
        app.terminate()
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(Path(tmp), None, args.clients, args.rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
