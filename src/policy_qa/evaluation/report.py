"""The figures as text: one block per configuration, a comparison table, and a markdown report."""
from __future__ import annotations

from .questions import TYPES
from .run import QuestionResult, Summary


def _f(x) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_summary(s: Summary, low: float) -> str:
    """The human-readable block for one configuration."""
    lines = [f"== {s.name}: {s.questions} questions ({s.answerable} answerable), median {s.median_ms:.1f} ms",
             f"{'type':<14}{'n':>4}{'hit@1':>8}{'hit@3':>8}{'hit@5':>8}{'MRR@10':>8}{'nDCG@10':>9}"]
    for t, m in s.by_type.items():
        lines.append(f"{t:<14}{m['n']:>4}{m['hit@1']:>8.3f}{m['hit@3']:>8.3f}{m['hit@5']:>8.3f}"
                     f"{m['mrr']:>8.3f}{m['ndcg']:>9.3f}")
    lines.append(f"{'all':<14}{s.answerable:>4}{s.hit['1']:>8.3f}{s.hit['3']:>8.3f}{s.hit['5']:>8.3f}"
                 f"{s.mrr:>8.3f}{s.ndcg:>9.3f}")
    if s.page_questions:
        lines.append(f"page accuracy (top result on the expected page): {_f(s.page_accuracy)} of {s.page_questions}")
    lines.append(f"confidence AUROC answerable vs unanswerable: {_f(s.auroc)}; below {low}: "
                 f"{_f(s.low_conf_unanswerable)} of unanswerable, {_f(s.low_conf_answerable)} of answerable")
    lines.append(f"answer-hit (answer box holds an evidence quote): {_f(s.answer_hit)} of {s.answerable} "
                 f"(its first sentence: {_f(s.answer_first)}); "
                 f"at {low}: {_f(s.low_conf_answerable)} of answerable told 'no answer', "
                 f"{_f(s.answered_unanswerable)} of unanswerable answered")
    if s.unreachable:
        lines.append(f"note: no single passage holds a quote of {', '.join(s.unreachable)} (counted as misses)")
    return "\n".join(lines)


def compare_table(summaries: list[Summary]) -> str:
    """One markdown row per configuration: overall hits, MRR, per-type hit@5, AUROC, latency."""
    types = [t for t in (*TYPES, "english") if any(t in s.by_type for s in summaries)]
    head = ["config", "hit@1", "hit@3", "hit@5", "MRR@10", "nDCG@10"] + [f"{t[:5]}@5" for t in types] + \
           ["page", "AUROC", "answer", "ms"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in summaries:
        row = [s.name, _f(s.hit["1"]), _f(s.hit["3"]), _f(s.hit["5"]), _f(s.mrr), _f(s.ndcg)]
        row += [_f(s.by_type[t]["hit@5"]) if t in s.by_type else "-" for t in types]
        row += [_f(s.page_accuracy), _f(s.auroc), _f(s.answer_hit), f"{s.median_ms:.1f}"]
        out.append("| " + " | ".join(row) + " |")
    return "\n".join(out)


def report_markdown(summaries: list[Summary], rows: dict[str, list[QuestionResult]], source: str, low: float) -> str:
    """A markdown report: the comparison table, then per-question rows of the first configuration."""
    parts = [f"# Retrieval evaluation: {source}", "", compare_table(summaries), ""]
    for s in summaries:
        parts += ["```", format_summary(s, low), "```", ""]
    first = summaries[0].name
    parts += [f"## Per question ({first})", "",
              "| id | type | first hit | conf | page | answer | top result |", "|---|---|---|---|---|---|---|"]
    for r in rows[first]:
        page = "" if r.page_ok is None else ("ok" if r.page_ok else "WRONG")
        hit = "-" if not r.answerable else (str(r.first_hit) if r.first_hit else "MISS")
        ans = "" if r.answer_hit is None else ("ok" if r.answer_hit else "MISS")
        parts.append(f"| {r.id} | {r.type} | {hit} | {r.confidence:.2f} | {page} | {ans} | {r.top.replace('|', '/')} |")
    return "\n".join(parts) + "\n"
