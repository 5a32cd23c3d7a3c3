"""The REST API (/api/v1) against the real server: `python app.py` with a login, called over plain HTTP."""
from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from test_app_api import NETCONGESTIE, _stop, start_app

pytestmark = pytest.mark.slow

LOGIN = ("staf", "geheim")


@pytest.fixture(scope="module")
def server(corpus_index, corpus_settings, tmp_path_factory):
    app = start_app(corpus_settings, tmp_path_factory.mktemp("rest-logs"), {"POLICY_QA_AUTH": "staf:geheim,lid:x"})
    yield app
    _stop(app.process)


def call(server, method: str, path: str, body=None, login=LOGIN, raw: bytes | None = None):
    """(status, headers, decoded JSON or text) for one request to the server's /api/v1."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(server.url + "api/v1" + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if login:
        req.add_header("Authorization", "Basic " + base64.b64encode(":".join(login).encode()).decode())
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            status, headers, text = resp.status, resp.headers, resp.read().decode()
    except urllib.error.HTTPError as exc:
        status, headers, text = exc.code, exc.headers, exc.read().decode()
    is_json = "json" in (headers.get("content-type") or "")
    return status, headers, json.loads(text) if is_json else text


def test_ask_returns_the_same_json_as_the_cli(server, retriever, corpus_settings):
    from policy_qa.answers.extract import ask

    status, _, got = call(server, "POST", "/ask", {"question": NETCONGESTIE})
    assert status == 200
    assert got == json.loads(json.dumps(ask(retriever, NETCONGESTIE, corpus_settings.top_k).to_dict()))
    assert got["results"][0]["doc_id"] == "brief-2025-formatie" and got["results"][0]["page"] == 3


def test_login_is_required_except_for_health(server):
    for login in (None, ("staf", "fout"), ("onbekend", "geheim")):
        status, headers, body = call(server, "POST", "/ask", {"question": NETCONGESTIE}, login=login)
        assert status == 401 and "login" in body["error"]
        assert headers.get("www-authenticate", "").lower().startswith("basic")
        assert call(server, "GET", "/documents", login=login)[0] == 401
    assert call(server, "GET", "/documents", login=("lid", "x"))[0] == 200, "every POLICY_QA_AUTH user may log in"
    status, _, health = call(server, "GET", "/health", login=None)
    assert status == 200 and health["status"] == "ok" and health["passages"] > 0 and "documents" in health


def test_bad_input_gets_a_clear_json_error_and_status(server):
    cases = [
        ("POST", "/ask", {"question": "   ?  "}, None, 400, "empty"),
        ("POST", "/ask", {"vraag": NETCONGESTIE}, None, 422, "question: required"),
        ("POST", "/ask", None, b'{"question": ', 422, "not valid JSON"),
        ("POST", "/ask", {"question": "x" * 20_001}, None, 422, "too long"),
        ("GET", "/ask", None, None, 405, "method not allowed"),
        ("GET", "/stance", None, None, 422, "topic: required"),
        ("GET", "/stance?topic=%20", None, None, 400, "topic is empty"),
        ("GET", "/bestaat-niet", None, None, 404, "/api/v1/docs"),
    ]
    for method, path, body, raw, want, words in cases:
        status, _, got = call(server, method, path, body, raw=raw)
        assert (status, got["status"]) == (want, want), (path, body, got)
        assert words in got["error"], (path, got)
        assert "Traceback" not in json.dumps(got)


def test_long_question_is_cut_with_a_notice_as_in_the_app(server):
    status, _, got = call(server, "POST", "/ask", {"question": "netcongestie " * 200})
    assert status == 200 and len(got["question"]) <= 500
    assert any("ingekort" in n for n in got["notices"])


def test_stance_and_documents_match_the_index(server, corpus_index):
    status, _, st = call(server, "GET", "/stance?topic=netcongestie")
    assert status == 200 and "netcongestie" in st["topic"].lower()
    assert [d["date"] for d in st["documents"]] == sorted(d["date"] for d in st["documents"])
    assert any(p["page"] and "netcongestie" in p["text"].lower() for d in st["documents"] for p in d["positions"])
    status, _, docs = call(server, "GET", "/documents")
    assert status == 200
    assert {d["doc_id"]: d["pages"] for d in docs["documents"]} == {d.doc_id: d.pages for d in corpus_index.documents}
    assert isinstance(docs["problems"], list)


def test_openapi_docs_are_served_without_a_cdn(server):
    status, _, page = call(server, "GET", "/docs", login=None)
    assert status == 200 and "swagger-ui-bundle.js" in page and "cdn." not in page
    status, _, spec = call(server, "GET", "/openapi.json", login=None)
    assert status == 200 and {"/ask", "/stance", "/documents", "/health"} <= set(spec["paths"])
    asset = page.split('src="', 1)[1].split('"', 1)[0]
    with urllib.request.urlopen(server.url.rstrip("/") + asset, timeout=30) as resp:
        assert resp.status == 200 and len(resp.read()) > 100_000


def test_twenty_parallel_clients_all_get_correct_answers(server):
    questions = [NETCONGESTIE, "What is the street address of Koninklijke Metaalunie?"] * 10
    expected = [("brief-2025-formatie", 3), ("manifest-tk2023", 7)] * 10
    with ThreadPoolExecutor(20) as pool:
        replies = list(pool.map(lambda q: call(server, "POST", "/ask", {"question": q}), questions))
    for q, want, (status, _, got) in zip(questions, expected, replies):
        assert status == 200 and got["question"] == q
        assert want in [(r["doc_id"], r["page"]) for r in got["results"][:3]]
