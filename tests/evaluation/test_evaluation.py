"""The evaluation metrics as pure functions, and `policy-qa eval` as a user runs it."""
from __future__ import annotations

import json

import pytest

from policy_qa import cli
from policy_qa.evaluation.compare import parse_config
from policy_qa.evaluation.metrics import auroc, contains_evidence, first_hit_rank, hit_at, mrr, ndcg, page_ok
from policy_qa.evaluation.questions import QuestionFileError, load_questions
from policy_qa.text import letters_digits
from policy_qa.records import Passage


def test_evidence_matches_across_case_line_breaks_and_hyphenation():
    passage = "De MKB-maak-\nindustrie is de Stille  kracht\nachter onze economie."
    assert contains_evidence(passage, ["de mkb-maakindustrie is de stille kracht"])
    assert not contains_evidence(passage, ["de grote kracht"])
    assert not contains_evidence(passage, [])
    assert letters_digits("ﬁscale  Knop-\npen") == "fiscaleknoppen"


def test_rank_metrics():
    firsts = [1, 3, None, 6]
    assert first_hit_rank([False, False, True]) == 3
    assert first_hit_rank([False]) is None
    assert hit_at(firsts, 1) == 0.25
    assert hit_at(firsts, 5) == 0.5
    assert mrr(firsts) == pytest.approx((1 + 1 / 3 + 1 / 6) / 4)
    assert mrr([11], depth=10) == 0.0
    assert ndcg([True, False], relevant_total=1) == 1.0
    assert ndcg([False, True], relevant_total=1) == pytest.approx(1 / 1.584962, rel=1e-5)
    assert ndcg([False, False], relevant_total=0) == 0.0


def test_auroc_counts_ties_half_and_needs_both_classes():
    assert auroc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auroc([0.1], [0.9]) == 0.0
    assert auroc([0.5], [0.5]) == 0.5
    assert auroc([0.5], []) is None


def test_page_ok_uses_the_passage_span_and_file():
    p = Passage("d:1", "d", "T", "brief", "2025", "sub/a.pdf", 3, 4, None, "", "x", 0, 1)
    assert page_ok(4, "a.pdf", p) is True
    assert page_ok(5, None, p) is False
    assert page_ok(3, "b.pdf", p) is False
    assert page_ok(None, None, p) is None


def test_config_specs():
    assert parse_config("bm25").mode == "lexical"
    assert parse_config("weighted:0.3").dense_weight == 0.3
    assert parse_config("encoder:use-multilingual-v3").encoder == "use-multilingual-v3"
    with pytest.raises(ValueError):
        parse_config("weighted:7")
    with pytest.raises(ValueError):
        parse_config("magic")


def test_question_file_errors_name_the_line(tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": 1, "question": "a?", "type": "lexical", "evidence": ["x"]}\nnot json\n')
    with pytest.raises(QuestionFileError, match=":2:"):
        load_questions(bad)


def test_eval_cli_usage_errors_are_one_line(tmp_path, capsys, corpus_settings, corpus_index):
    assert cli.main(["eval", str(tmp_path / "missing.jsonl"), "--index", str(corpus_settings.index_dir)]) == 2
    assert "question file not found" in capsys.readouterr().err
    q = tmp_path / "q.jsonl"
    q.write_text('{"id": "a", "question": "netcongestie", "type": "lexical", "evidence": ["netcongestie"]}\n')
    assert cli.main(["eval", str(q), "--index", str(corpus_settings.index_dir), "--compare", "nonsense"]) == 2
    assert "unknown configuration" in capsys.readouterr().err


def test_eval_writes_a_report_and_json_rows(tmp_path, capsys, corpus_settings, corpus_index):
    q = tmp_path / "q.jsonl"
    q.write_text(
        '{"id": "a", "question": "netcongestie", "type": "lexical", "evidence": ["netcongestie op te lossen"], "page": 3}\n'
        '{"id": "b", "question": "Welke AOW-leeftijd wil Metaalunie?", "type": "unanswerable", "evidence": []}\n')
    report = tmp_path / "r.md"
    assert cli.main(["eval", str(q), "--index", str(corpus_settings.index_dir), "--json",
                     "--report", str(report), "--compare", "bm25", "hybrid"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in out["configs"]] == ["bm25", "hybrid"]
    row = out["rows"]["hybrid"][0]
    assert row["id"] == "a" and row["first_hit"] == 1 and row["page_ok"] is True
    assert out["configs"][1]["auroc"] is not None
    text = report.read_text()
    assert "| bm25 |" in text and "| a | lexical | 1 |" in text


def test_summary_counts_answer_hits_and_both_abstention_errors():
    from policy_qa.evaluation.run import QuestionResult, summarise

    def row(i, answerable, conf, answer_hit, first=False):
        return QuestionResult(str(i), "paraphrase" if answerable else "unanswerable", "nl", "q", 1 if answerable else None,
                              1, 1.0, conf, answerable, None, "", 1.0, answer_hit if answerable else None, "",
                              first if answerable else None)

    rows = [row(1, True, 0.9, True, True), row(2, True, 0.3, False), row(3, True, 0.8, True), row(4, True, 0.7, False),
            row(5, False, 0.6, None), row(6, False, 0.1, None)]
    s = summarise("x", rows, low=0.4)
    assert s.answer_hit == 0.5 and s.low_conf_answerable == 0.25 and s.answered_unanswerable == 0.5
    assert s.answer_first == 0.25  # only the first question's answer opens with its evidence
