"""The question log round-trips through a real SQLite file: questions, feedback, migrations, concurrent writers."""
from __future__ import annotations

import json
import multiprocessing
import sqlite3

import pytest

from policy_qa import cli
from policy_qa.answers.extract import ask
from policy_qa.usage.log import SCHEMA_VERSION, LogError, QuestionLog


def _write_many(path: str, start: int) -> None:
    log = QuestionLog(path)
    for i in range(start, start + 50):
        log.log_question(f"vraag {i}", "nl", 0.5, True, [f"p:{i}"])


def test_questions_and_feedback_survive_a_restart(tmp_path):
    path = tmp_path / "log.sqlite3"
    log = QuestionLog(path)
    qid = log.log_question("Wat vindt Metaalunie van kernenergie?", "nl", 0.21, False, ["brief:3"], user="staf")
    log.add_feedback(qid, "answer", False, user="staf")
    log.close()
    again = QuestionLog(path)
    [q] = again.questions()
    assert (q.question, q.user, q.answerable, q.wrong, q.top_passages) == (
        "Wat vindt Metaalunie van kernenergie?", "staf", False, True, ("brief:3",))
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = {r[1] for r in db.execute("PRAGMA table_info(questions)")}
    assert not {"ip", "address", "host"} & columns, "no IP addresses are stored"
    with pytest.raises(LogError, match="no logged question 999"):
        again.add_feedback(999, "answer", True)


def test_an_old_log_is_migrated_in_place(tmp_path):
    path = tmp_path / "old.sqlite3"
    from policy_qa.usage.log import MIGRATIONS

    with sqlite3.connect(path) as db:  # a version-1 log, as the first release wrote it
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO questions (asked_at, question, lang, confidence, answerable, top_passages) "
                   "VALUES ('2026-01-01T00:00:00Z', 'oude vraag', 'nl', 0.9, 1, '[]')")
    log = QuestionLog(path)
    assert log.schema_version() == SCHEMA_VERSION
    assert [q.question for q in log.questions()] == ["oude vraag"] and log.questions()[0].vector is None


def test_two_processes_write_at_once_and_nothing_is_lost(tmp_path):
    path = str(tmp_path / "busy.sqlite3")
    QuestionLog(path).schema_version()
    procs = [multiprocessing.Process(target=_write_many, args=(path, k * 100)) for k in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert len(QuestionLog(path).questions()) == 100


def test_open_questions_and_eval_export_from_the_cli(tmp_path, retriever, corpus_settings, capsys, monkeypatch):
    path = tmp_path / "log.sqlite3"
    log = QuestionLog(path)
    asked = ["Wat vindt Metaalunie van kernenergie?", "Is Metaalunie voor kerncentrales?",
             "Wat wil Metaalunie met kernenergie in Nederland?", "Wat vindt Metaalunie van de pensioenleeftijd?",
             "Wat vindt Metaalunie van netcongestie?"]
    ids = {}
    for q in asked:
        answer = ask(retriever, q)
        ids[q] = log.log_question(q, "nl", answer.confidence, answer.answerable,
                                  [h.passage.passage_id for h in answer.results], vector=retriever._query_vec(q))
    good = ask(retriever, asked[-1]).results[0].passage
    log.add_feedback(ids[asked[-1]], good.passage_id, True, passage_text=good.text)
    base = ["--index", str(corpus_settings.index_dir)]
    monkeypatch.setenv("POLICY_QA_LOG_PATH", str(path))
    assert cli.main(["open-questions", "--json", *base]) == 0
    topics = json.loads(capsys.readouterr().out)["topics"]
    assert cli.main(["log", "export", "--format", "eval", "--out", str(tmp_path / "real.jsonl"), *base]) == 0
    capsys.readouterr()
    assert cli.main(["eval", str(tmp_path / "real.jsonl"), "--json", *base]) == 0
    report = json.loads(capsys.readouterr().out)["configs"][0]
    nuclear = [t for t in topics if "kernenergie" in t["label"] or any("kern" in e for e in t["examples"])]
    assert nuclear and nuclear[0]["count"] >= 2, topics
    assert all("netcongestie" not in e for t in topics for e in t["examples"]), "answered questions are not open"
    assert report["answerable"] == 1 and report["hit"]["1"] == 1.0, "the exported question finds its passage"
