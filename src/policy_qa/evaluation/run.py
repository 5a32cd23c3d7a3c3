"""Running a question set through a Retriever and summarising it: per-question rows, then the figures `eval` prints."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from ..answers.extract import pick_sentences
from ..config import LOW_CONFIDENCE
from ..search import confidence as conf
from ..search.query import prepare_question
from .metrics import DEPTH, auroc, contains_evidence, first_hit_rank, hit_at, mrr, ndcg, page_ok
from .questions import TYPES, Question

KS = (1, 3, 5)


@dataclass(frozen=True)
class QuestionResult:
    """Per-question outcome for error analysis."""

    id: str
    type: str
    lang: str
    question: str
    first_hit: int | None  # 1-based rank of the first passage with an evidence quote (None: not in top 10)
    relevant: int  # passages in the whole index that contain a quote
    ndcg: float
    confidence: float
    answerable: bool
    page_ok: bool | None  # top result on the expected page (None: no page given)
    top: str  # "file p.N: first words" of the top result
    ms: float
    answer_hit: bool | None = None  # the answer box's sentences (joined) hold an evidence quote (None: unanswerable)
    answer: str = ""  # the answer box's sentences, joined
    answer_first: bool | None = None  # its first sentence alone holds an evidence quote: what a reader takes in first


@dataclass(frozen=True)
class Summary:
    """Aggregate metrics for one configuration."""

    name: str
    questions: int
    answerable: int
    hit: dict  # "1"/"3"/"5" -> share of answerable questions with a hit within k
    mrr: float
    ndcg: float
    by_type: dict  # type -> {"n", "hit@1", "hit@3", "hit@5", "mrr", "ndcg"}
    page_accuracy: float | None
    page_questions: int
    auroc: float | None
    low_conf_answerable: float | None  # share of answerable questions under the threshold (false alarms)
    low_conf_unanswerable: float | None  # share of unanswerable questions under it (caught)
    median_ms: float
    unreachable: tuple[str, ...]  # answerable questions whose quotes lie in no single passage
    answer_hit: float | None = None  # share of answerable questions whose answer box holds an evidence quote
    answered_unanswerable: float | None = None  # share of unanswerable questions at or above the threshold
    answer_first: float | None = None  # share of answerable questions whose answer's first sentence holds a quote


def _top_label(hit) -> str:
    if hit is None:
        return "(no result)"
    p = hit.passage
    return f"{Path(p.file).name} p.{p.page}: {' '.join(p.text.split())[:70]}"


def _relevant_ids(passages, q: Question) -> frozenset[int]:
    if not q.answerable:
        return frozenset()
    return frozenset(i for i, p in enumerate(passages) if contains_evidence(p.text, q.evidence))


def run_questions(retriever, questions: list[Question], mode: str = "hybrid") -> list[QuestionResult]:
    """Ask every question (top 10) and record where the first evidence passage landed."""
    passages = retriever.index.passages
    id_of = {p.passage_id: i for i, p in enumerate(passages)}
    retriever.warm_up()
    rows = []
    for q in questions:
        relevant = _relevant_ids(passages, q)
        text, _ = prepare_question(q.question, retriever.settings.max_question_chars)
        t0 = time.perf_counter()
        ranking = retriever.rank(text, DEPTH, None, mode)
        c = conf.confidence(ranking, retriever.weights)
        ms = (time.perf_counter() - t0) * 1000
        rel = [id_of[h.passage.passage_id] in relevant for h in ranking.hits]
        top = ranking.hits[0] if ranking.hits else None
        picked = pick_sentences(ranking.query, ranking.hits[:retriever.settings.top_k], retriever)
        answer = " ".join(s.text for s in picked)
        rows.append(QuestionResult(
            q.id, q.type, q.lang, q.question, first_hit_rank(rel), len(relevant),
            ndcg(rel, len(relevant)), float(c), q.answerable,
            page_ok(q.page, q.file, top.passage if top else None) if q.answerable else None,
            _top_label(top), ms, contains_evidence(answer, q.evidence) if q.answerable else None, answer,
            (bool(picked) and contains_evidence(picked[0].text, q.evidence)) if q.answerable else None))
    return rows


def summarise(name: str, rows: list[QuestionResult], low: float = LOW_CONFIDENCE) -> Summary:
    """Aggregate per-question rows into the numbers `eval` prints."""
    ans = [r for r in rows if r.answerable]
    firsts = [r.first_hit for r in ans]
    by_type = {}
    for t in sorted({r.type for r in ans}, key=lambda t: TYPES.index(t) if t in TYPES else 99):
        f = [r.first_hit for r in ans if r.type == t]
        by_type[t] = {"n": len(f), **{f"hit@{k}": hit_at(f, k) for k in KS}, "mrr": mrr(f),
                      "ndcg": statistics.fmean(r.ndcg for r in ans if r.type == t)}
    en = [r.first_hit for r in ans if r.lang == "en"]
    if en:
        by_type["english"] = {"n": len(en), **{f"hit@{k}": hit_at(en, k) for k in KS}, "mrr": mrr(en),
                              "ndcg": statistics.fmean(r.ndcg for r in ans if r.lang == "en")}
    paged = [r.page_ok for r in ans if r.page_ok is not None]
    pos = [r.confidence for r in ans]
    neg = [r.confidence for r in rows if not r.answerable]
    return Summary(
        name, len(rows), len(ans), {str(k): hit_at(firsts, k) for k in KS}, mrr(firsts),
        statistics.fmean(r.ndcg for r in ans) if ans else 0.0, by_type,
        (sum(paged) / len(paged)) if paged else None, len(paged), auroc(pos, neg),
        (sum(c < low for c in pos) / len(pos)) if pos else None,
        (sum(c < low for c in neg) / len(neg)) if neg else None,
        statistics.median(r.ms for r in rows) if rows else 0.0,
        tuple(r.id for r in ans if r.relevant == 0),
        (sum(bool(r.answer_hit) for r in ans) / len(ans)) if ans else None,
        (sum(c >= low for c in neg) / len(neg)) if neg else None,
        (sum(bool(r.answer_first) for r in ans) / len(ans)) if ans else None,
    )
