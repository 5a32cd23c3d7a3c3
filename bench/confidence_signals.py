#!/usr/bin/env python3
"""Candidate confidence signals per dev question, with each one's AUROC on the tune split (exploration).

    PYTHONPATH=src python bench/confidence_signals.py [--index DIR] [--dump FILE.json]

Searches once per question and prints every signal's AUROC alone (Dutch and English questions apart); the rows
go to --dump so that models can be compared without searching again. Only the tune split should choose.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policy_qa.config import Settings  # noqa: E402
from policy_qa.evaluation.metrics import auroc  # noqa: E402
from policy_qa.evaluation.questions import load_questions  # noqa: E402
from policy_qa.index.analysis import stem, words  # noqa: E402
from policy_qa.index.compounds import _lexicon_freq, query_splitter  # noqa: E402
from policy_qa.index.folder import load_index  # noqa: E402
from policy_qa.index.lexical import corpus_terms  # noqa: E402
from policy_qa.search import confidence as conf  # noqa: E402
from policy_qa.search.query import prepare_question  # noqa: E402
from policy_qa.search.retriever import Retriever  # noqa: E402
from policy_qa.stance.statements import statements  # noqa: E402
from policy_qa.text import sentences  # noqa: E402


def term_sets(texts):
    return [set(t) for t in corpus_terms(texts)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=str(ROOT / "index"))
    ap.add_argument("--dump", default="/tmp/w10_signals.json")
    args = ap.parse_args()
    retriever = Retriever(load_index(Path(args.index)), Settings.from_env())
    passages = retriever.index.passages
    p_terms = term_sets([p.index_text() for p in passages])
    vocab = set().union(*p_terms)
    df = {t: sum(t in s for s in p_terms) for t in vocab}
    parts = query_splitter(lambda w: stem(w) in vocab)
    titles = term_sets([p.section for p in passages])
    stmts = statements(passages)
    pos_terms = term_sets([s.text + " " + s.parent for s in stmts if s.kind])
    sent_terms = term_sets([s for p in passages for s in sentences(p.index_text())])
    lex = _lexicon_freq()
    questions = load_questions(ROOT / "tests/data/dev_questions.jsonl")
    rows = []
    for q in questions:
        text, _ = prepare_question(q.question, 500)
        r = retriever.rank(text, 10)
        sig = conf.signals(r)
        ws = [w for w in dict.fromkeys(words(r.query)) if w not in retriever.framing]

        def has(w, s):
            ps = parts(w)
            return stem(w) in s or bool(ps) and all(stem(p) in s for p in ps)

        def cover(sets, weights=None):
            if not ws:
                return 0.0
            wt = weights or [1.0] * len(ws)
            return max((sum(x for w, x in zip(ws, wt) if has(w, s)) / sum(wt) for s in sets), default=0.0)

        rar = [math.log(1e6 / (1 + lex.get(w, 0))) for w in ws]
        known_idf = (sum(x for w, x in zip(ws, rar) if has(w, vocab)) / sum(rar)) if ws else 0.0
        top_ids = [retriever._position[h.passage.passage_id] for h in r.hits[:5]]
        top_sents = []
        best_cos = -1.0
        for h in r.hits[:5]:
            top_sents += [set(t) for t in corpus_terms(sentences(h.passage.index_text()))]
            c = retriever.sentence_cosines(r.query, h.passage)
            if c is not None and len(c):
                best_cos = max(best_cos, float(np.max(c)))
        lex_ids, dense_ids = list(r.lexical_ids[:3]), list(r.dense_ids[:3])
        d = {
            "id": q.id, "split": q.split, "en": sig.english, "y": 1.0 if q.answerable else 0.0,
            "known": sig.known, "dense_top": sig.dense_top, "dense_gap": sig.dense_gap,
            "known_idf": known_idf, "rarest": sig.rarest,
            "cover_passage": cover(p_terms), "cover_top5": cover([p_terms[i] for i in top_ids]),
            "cover_sentence": cover(sent_terms), "cover_top_sentence": cover(top_sents),
            "cover_position": cover(pos_terms), "cover_title": cover(titles),
            "cover_passage_idf": cover(p_terms, rar), "cover_sentence_idf": cover(sent_terms, rar),
            "cover_position_idf": cover(pos_terms, rar),
            "best_sentence_cos": best_cos,
            "agree": float(bool(lex_ids) and bool(dense_ids) and lex_ids[0] == dense_ids[0]),
            "agree3": float(bool(lex_ids) and bool(dense_ids) and lex_ids[0] in dense_ids),
            "lex_top": float(r.lexical_scores[0]) if len(r.lexical_scores) else 0.0,
            "n_terms": float(len(ws)),
            "min_df": float(min((df.get(stem(w), 0) for w in ws), default=0)),
            "log_min_df": math.log1p(min((df.get(stem(w), 0) for w in ws), default=0)),
        }
        rows.append(d)
    Path(args.dump).write_text(json.dumps(rows))
    feats = [k for k in rows[0] if k not in ("id", "split", "en", "y")]
    for lang in (0.0, 1.0):
        sub = [d for d in rows if d["split"] == "tune" and d["en"] == lang]
        print(f"tune {'en' if lang else 'nl'}: {sum(d['y'] for d in sub):.0f} answerable / "
              f"{sum(1 - d['y'] for d in sub):.0f} unanswerable")
        for f in feats:
            a = auroc([d[f] for d in sub if d["y"]], [d[f] for d in sub if not d["y"]])
            print(f"  {f:<20} {a if a is None else round(a, 3)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
