"""Retrieval quality floor: `policy-qa eval` on the development set must stay near what was measured.

Measured 2026-11-23 on corpus/ (e5-small-4bit, weighted fusion 0.8, English 0.9, sentence vectors, organisation
name left out of the dense query): hit@1 .787, hit@3 .915, hit@5 .936, MRR@10 .859, paraphrase hit@5 .853,
English hit@5 .955, page accuracy .862, confidence AUROC .900 (leave-one-out .887). Floors sit a little below.
"""
from __future__ import annotations

import json

from conftest import DATA

from policy_qa import cli

FLOORS = {"hit@1": 0.74, "hit@5": 0.90, "mrr": 0.82, "paraphrase@5": 0.80, "english@5": 0.90,
          "page": 0.80, "auroc": 0.86}


def test_dev_set_stays_above_the_floors(capsys, corpus_settings, corpus_index):
    code = cli.main(["eval", str(DATA / "dev_questions.jsonl"), "--index", str(corpus_settings.index_dir), "--json"])
    assert code == 0
    s = json.loads(capsys.readouterr().out)["configs"][0]
    measured = {"hit@1": s["hit"]["1"], "hit@5": s["hit"]["5"], "mrr": s["mrr"],
                "paraphrase@5": s["by_type"]["paraphrase"]["hit@5"], "english@5": s["by_type"]["english"]["hit@5"],
                "page": s["page_accuracy"], "auroc": s["auroc"]}
    below = {k: round(v, 3) for k, v in measured.items() if v < FLOORS[k]}
    assert not below, f"retrieval got worse: {below} (floors {FLOORS})"


def test_hybrid_beats_each_retriever_alone(capsys, corpus_settings, corpus_index):
    cli.main(["eval", str(DATA / "dev_questions.jsonl"), "--index", str(corpus_settings.index_dir), "--json",
              "--compare", "bm25", "dense", "hybrid"])
    by_name = {c["name"]: c for c in json.loads(capsys.readouterr().out)["configs"]}
    for alone in ("bm25", "dense"):
        assert by_name["hybrid"]["mrr"] > by_name[alone]["mrr"]
