"""`search --batch` lines carry what the app would say: "answerable" and the cited "answer", as `ask --json` does."""
from __future__ import annotations

import json

from policy_qa import cli


def test_batch_lines_gain_answerable_and_answer_like_ask(tmp_path, capsys, corpus_settings, corpus_index):
    batch = tmp_path / "q.jsonl"
    questions = [{"id": "a", "question": "Wat vindt Metaalunie van netcongestie?"},
                 {"id": "b", "question": "Wat vindt Metaalunie van de vierdaagse werkweek in de zorg?"},
                 {"id": "c", "question": "  "}]
    batch.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in questions), encoding="utf-8")
    assert cli.main(["search", "--batch", str(batch), "--index", str(corpus_settings.index_dir)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert cli.main(["ask", questions[0]["question"], "--json", "--index", str(corpus_settings.index_dir)]) == 0
    asked = json.loads(capsys.readouterr().out)
    a, b, c = rows
    assert {"id", "question", "confidence", "results", "answerable", "answer"} <= set(a)
    assert a["answerable"] is True and a["answer"] == asked["answer"] and a["results"] == asked["results"]
    assert any("netcongestie" in s["text"] for s in a["answer"])
    assert all(1 <= s["citation"] <= len(a["results"]) for s in a["answer"])
    assert b["answerable"] is (b["confidence"] >= corpus_settings.low_confidence)
    assert c["answerable"] is False and c["answer"] == [] and "empty" in c["error"]
