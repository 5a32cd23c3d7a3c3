#!/usr/bin/env python3
"""Fit the answer box's weights (answers/select.py) on the tune split and print answer-hit on both splits.

    .venv/bin/python bench/answer_weights.py [--index DIR] [--grid]

Searches once per question, then re-scores the candidates for each weight setting (a small grid); only the tune
split chooses, the held split is printed beside it.
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policy_qa.answers import select  # noqa: E402
from policy_qa.config import Settings  # noqa: E402
from policy_qa.evaluation.metrics import contains_evidence  # noqa: E402
from policy_qa.evaluation.questions import load_questions  # noqa: E402
from policy_qa.index.folder import load_index  # noqa: E402
from policy_qa.search.query import prepare_question  # noqa: E402
from policy_qa.search.retriever import Retriever  # noqa: E402


def prepared(retriever, questions):
    """(question, candidates) per answerable question: the search runs once."""
    out = []
    for q in questions:
        if not q.answerable:
            continue
        text, _ = prepare_question(q.question, 500)
        r = retriever.rank(text, retriever.settings.top_k)
        cands = select.candidates(r.query, r.hits, lambda h: retriever.sentence_cosines(r.query, h.passage),
                                  retriever.framing)
        out.append((q, cands))
    return out


def answer_hit(rows) -> float:
    return sum(contains_evidence(" ".join(s.text for s in select.choose(c)), q.evidence) for q, c in rows) / len(rows)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=str(ROOT / "index"))
    ap.add_argument("--grid", action="store_true")
    args = ap.parse_args()
    retriever = Retriever(load_index(Path(args.index)), Settings.from_env())
    questions = load_questions(ROOT / "tests/data/dev_questions.jsonl")
    rows = {s: prepared(retriever, [q for q in questions if q.split == s]) for s in ("tune", "held")}
    print(f"current: tune {answer_hit(rows['tune']):.3f} held {answer_hit(rows['held']):.3f}")
    if not args.grid:
        return 0
    best = (-1.0, None)
    for lex, dense, posw, rank, num in itertools.product((0.3, 0.6, 1.0), (1.5, 3.0, 6.0), (0.0, 0.1, 0.25, 0.5),
                                                         (0.03, 0.12, 0.3), (0.0, 0.1, 0.3)):
        select.LEXICAL, select.DENSE, select.POSITION, select.RANK, select.NUMBER = lex, dense, posw, rank, num
        tune = answer_hit(rows["tune"])
        if tune > best[0]:
            best = (tune, (lex, dense, posw, rank, num))
            print(f"LEXICAL={lex} DENSE={dense} POSITION={posw} RANK={rank} NUMBER={num}: tune {tune:.3f} "
                  f"held {answer_hit(rows['held']):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
