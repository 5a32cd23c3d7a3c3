"""Retrieval quality floor: `policy-qa eval` on the development set must stay near what was measured.

Measured 2025-11-23 on corpus/ (e5-small-4bit, weighted fusion 0.6, English 0.9, sentence vectors):
hit@1 .723, hit@3 .894, hit@5 .926, MRR@10 .814, paraphrase hit@5 .824, English hit@5 .955,
page accuracy .787, confidence AUROC .924 (leave-one-out .891). Floors sit a little below.
"""
from __future__ import annotations

import json

from conftest import DATA

from policy_qa import cli

FLOORS = {"hit@1": 0.68, "hit@5": 0.89, "mrr": 0.77, "paraphrase@5": 0.76, "english@5": 0.90,
          "page": 0.72, "auroc": 0.85}


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
