"""Measured retrieval quality: hit@k, MRR, nDCG, page accuracy and the AUROC of the confidence.

The metrics are pure functions over ranks and scores; `evaluate` runs a question set through a Retriever;
`register_cli` adds `policy-qa eval QUESTIONS.jsonl [--compare ...] [--json] [--report FILE.md]`.
A passage is a hit when its text contains an evidence quote, compared after NFKC, case folding and removing
everything that is not a letter or digit (so whitespace, line breaks and end-of-line hyphens do not matter).
"""
from __future__ import annotations

import dataclasses
import json
import math
import statistics
import tempfile
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .jsonl import QuestionLineError, question_lines

TYPES = ("lexical", "paraphrase", "crosslingual", "stance", "unanswerable")
KS = (1, 3, 5)
DEPTH = 10  # ranks looked at for MRR@10 and nDCG@10


class QuestionFileError(ValueError):
    """A question file that cannot be read; the message names the line."""


@dataclass(frozen=True)
class Question:
    """One evaluation question; `evidence` is empty when the documents do not answer it."""

    id: str
    question: str
    type: str
    evidence: tuple[str, ...]
    lang: str = "nl"
    page: int | None = None
    file: str | None = None
    doc_id: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)


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


# --- pure metrics ----------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFKC, case-folded, letters and digits only: quotes match across line breaks and hyphenation."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def contains_evidence(passage_text: str, evidence: tuple[str, ...] | list[str]) -> bool:
    """Whether the passage contains at least one evidence quote (after normalising both)."""
    body = normalise(passage_text)
    return any((q := normalise(e)) and q in body for e in evidence)


def first_hit_rank(relevance: list[bool]) -> int | None:
    """1-based rank of the first relevant result, or None."""
    for rank, rel in enumerate(relevance, start=1):
        if rel:
            return rank
    return None


def hit_at(first_hits: list[int | None], k: int) -> float:
    """Share of questions whose first hit is within rank k."""
    if not first_hits:
        return 0.0
    return sum(r is not None and r <= k for r in first_hits) / len(first_hits)


def mrr(first_hits: list[int | None], depth: int = DEPTH) -> float:
    """Mean reciprocal rank of the first hit, counting 0 beyond `depth`."""
    if not first_hits:
        return 0.0
    return sum(1.0 / r for r in first_hits if r is not None and r <= depth) / len(first_hits)


def ndcg(relevance: list[bool], relevant_total: int, depth: int = DEPTH) -> float:
    """Binary-relevance nDCG@depth; the ideal ranking puts all `relevant_total` passages first."""
    dcg = sum(1.0 / math.log2(r + 1) for r, rel in enumerate(relevance[:depth], start=1) if rel)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(relevant_total, depth) + 1))
    return dcg / ideal if ideal else 0.0


def auroc(positive: list[float], negative: list[float]) -> float | None:
    """Probability that a random positive scores above a random negative (ties count half)."""
    if not positive or not negative:
        return None
    pos = np.asarray(positive, dtype=np.float64)[:, None]
    neg = np.asarray(negative, dtype=np.float64)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def page_ok(expected_page: int | None, expected_file: str | None, top) -> bool | None:
    """Whether the top passage spans the expected page (and file, when given); None without an expectation."""
    if expected_page is None:
        return None
    if top is None:
        return False
    if expected_file and Path(top.file).name != Path(expected_file).name:
        return False
    return top.page <= expected_page <= top.page_end


# --- questions and runs ----------------------------------------------------------------------------------


def load_questions(path: Path) -> list[Question]:
    """Read a JSON-lines question file; QuestionFileError names the first bad line."""
    path = Path(path)
    if not path.is_file():
        raise QuestionFileError(f"question file not found: {path}")
    out = []
    needs = '"id", "question", "type" and "evidence"'
    try:
        rows = question_lines(path.read_text(encoding="utf-8").splitlines(), str(path), needs)
    except QuestionLineError as exc:
        raise QuestionFileError(str(exc)) from None
    for n, d in rows:
        if "type" not in d:
            raise QuestionFileError(f"{path}:{n}: each line needs {needs}")
        evidence = d.get("evidence") or []
        if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
            raise QuestionFileError(f"{path}:{n}: evidence must be a list of quotes")
        out.append(Question(str(d.get("id", n)), d["question"], str(d["type"]), tuple(evidence),
                            str(d.get("lang") or "nl"), d.get("page"), d.get("file"), d.get("doc_id")))
    return out


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
    from . import confidence as conf
    from .retrieval import prepare_question

    passages = retriever.index.passages
    id_of = {p.passage_id: i for i, p in enumerate(passages)}
    retriever.warm_up()
    rows = []
    for q in questions:
        relevant = _relevant_ids(passages, q)
        text, _ = prepare_question(q.question, retriever.settings.max_question_chars)
        t0 = time.perf_counter()
        ranking = retriever.rank(text, DEPTH, None, mode)
        c = conf.confidence(ranking, passages)
        ms = (time.perf_counter() - t0) * 1000
        rel = [id_of[h.passage.passage_id] in relevant for h in ranking.hits]
        top = ranking.hits[0] if ranking.hits else None
        rows.append(QuestionResult(
            q.id, q.type, q.lang, q.question, first_hit_rank(rel), len(relevant),
            ndcg(rel, len(relevant)), float(c), q.answerable,
            page_ok(q.page, q.file, top.passage if top else None) if q.answerable else None,
            _top_label(top), ms))
    return rows


def summarise(name: str, rows: list[QuestionResult], low: float = 0.5) -> Summary:
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
    )


# --- configurations for --compare ------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    """One retrieval configuration: mode, fusion and weight, and optionally another encoder."""

    name: str
    mode: str = "hybrid"
    fusion: str | None = None
    dense_weight: float | None = None
    encoder: str | None = None
    sentences: bool = True  # use the index's sentence vectors when it has them
    language_aware: bool = True  # English questions get Settings.english_dense_weight


def parse_config(spec: str) -> Config:
    """'bm25', 'dense', 'hybrid' (the defaults), 'rrf[:W]', 'weighted:W' (one weight for every language),
    'passage-vectors' (defaults without sentence vectors), 'encoder:NAME' (defaults, another encoder)."""
    spec = spec.strip()
    head, _, arg = spec.partition(":")
    head = head.lower()
    try:
        if head in ("bm25", "lexical"):
            return Config(spec, "lexical")
        if head == "dense":
            return Config(spec, "dense")
        if head in ("hybrid", "default"):
            return Config(spec)
        if head in ("rrf", "weighted"):
            w = float(arg) if arg else None
            if w is not None and not 0 <= w <= 1:
                raise ValueError
            return Config(spec, "hybrid", head, w, language_aware=False)
        if head == "passage-vectors":
            return Config(spec, sentences=False)
        if head == "encoder" and arg:
            return Config(spec, "hybrid", encoder=arg)
    except ValueError:
        pass
    raise ValueError(f"unknown configuration '{spec}': use bm25, dense, hybrid, rrf[:W], weighted:W or encoder:NAME")


DEFAULT_COMPARE = ("bm25", "dense", "rrf:0.5", "weighted:0.4", "weighted:0.6", "weighted:0.8", "passage-vectors",
                   "hybrid", "encoder:use-multilingual-v3")


def _retriever_for(base, config: Config, workdir: Path, say):
    """A Retriever for `config`: the loaded index with other settings, or a fresh index for another encoder."""
    from .encoders import canonical_name
    from .retrieval import Retriever
    from .store import build_index, load_index

    settings = base.settings.replace(fusion=config.fusion, dense_weight=config.dense_weight)
    if not config.language_aware:
        settings = settings.replace(english_dense_weight=0.0)
    if config.encoder is None or canonical_name(config.encoder) == base.index.encoder_name:
        index = base.index if config.sentences else dataclasses.replace(base.index, sentences=None)
        return Retriever(index, settings, base.encoder)
    index_dir = workdir / canonical_name(config.encoder).replace("/", "_")
    corpus = Path(base.index.manifest.get("corpus_dir") or settings.corpus_dir)
    say(f"indexing {corpus} with {config.encoder} for the comparison …")
    build_index(settings.replace(embedder=config.encoder, index_dir=index_dir, corpus_dir=corpus))
    return Retriever(load_index(index_dir), settings)


# --- output ----------------------------------------------------------------------------------------------


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
    if s.unreachable:
        lines.append(f"note: no single passage holds a quote of {', '.join(s.unreachable)} (counted as misses)")
    return "\n".join(lines)


def compare_table(summaries: list[Summary]) -> str:
    """One markdown row per configuration: overall hits, MRR, per-type hit@5, AUROC, latency."""
    types = [t for t in (*TYPES, "english") if any(t in s.by_type for s in summaries)]
    head = ["config", "hit@1", "hit@3", "hit@5", "MRR@10", "nDCG@10"] + [f"{t[:5]}@5" for t in types] + \
           ["page", "AUROC", "ms"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in summaries:
        row = [s.name, _f(s.hit["1"]), _f(s.hit["3"]), _f(s.hit["5"]), _f(s.mrr), _f(s.ndcg)]
        row += [_f(s.by_type[t]["hit@5"]) if t in s.by_type else "-" for t in types]
        row += [_f(s.page_accuracy), _f(s.auroc), f"{s.median_ms:.1f}"]
        out.append("| " + " | ".join(row) + " |")
    return "\n".join(out)


def report_markdown(summaries: list[Summary], rows: dict[str, list[QuestionResult]], source: str, low: float) -> str:
    """A markdown report: the comparison table, then per-question rows of the first configuration."""
    parts = [f"# Retrieval evaluation: {source}", "", compare_table(summaries), ""]
    for s in summaries:
        parts += ["```", format_summary(s, low), "```", ""]
    first = summaries[0].name
    parts += [f"## Per question ({first})", "",
              "| id | type | first hit | conf | page | top result |", "|---|---|---|---|---|---|"]
    for r in rows[first]:
        page = "" if r.page_ok is None else ("ok" if r.page_ok else "WRONG")
        hit = "-" if not r.answerable else (str(r.first_hit) if r.first_hit else "MISS")
        parts.append(f"| {r.id} | {r.type} | {hit} | {r.confidence:.2f} | {page} | {r.top.replace('|', '/')} |")
    return "\n".join(parts) + "\n"


def fit_confidence_rows(retriever, questions: list[Question]):
    """Signals and labels (1 = answerable) for fitting the confidence weights."""
    from . import confidence as conf
    from .retrieval import prepare_question

    X, y = [], []
    for q in questions:
        text, _ = prepare_question(q.question, retriever.settings.max_question_chars)
        sig = conf.signals(retriever.rank(text, DEPTH), retriever.index.passages)
        X.append([getattr(sig, f) for f in conf.FEATURES])
        y.append(1.0 if q.answerable else 0.0)
    return np.asarray(X), np.asarray(y)


# --- CLI -------------------------------------------------------------------------------------------------


def cmd_eval(args) -> int:
    from .cli import UsageError, _settings, open_retriever

    try:
        questions = load_questions(Path(args.questions))
        configs = [parse_config(c) for c in (args.compare or [])] or [Config("hybrid")]
    except (QuestionFileError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    if not questions:
        raise UsageError(f"no questions in {args.questions}")
    settings = _settings(args)
    base = open_retriever(settings)
    if args.fit_confidence:
        return _fit(base, questions)
    say = (lambda m: print(m, file=__import__("sys").stderr)) if not args.json else (lambda m: None)
    summaries, rows = [], {}
    with tempfile.TemporaryDirectory(prefix="policy-qa-eval-") as work:
        for config in configs:
            retriever = _retriever_for(base, config, Path(work), say)
            rows[config.name] = run_questions(retriever, questions, config.mode)
            summaries.append(summarise(config.name, rows[config.name], settings.low_confidence))
    if args.report:
        Path(args.report).write_text(report_markdown(summaries, rows, str(args.questions), settings.low_confidence),
                                     encoding="utf-8")
    if args.json:
        print(json.dumps({"questions": str(args.questions),
                          "configs": [asdict(s) for s in summaries],
                          "rows": {k: [asdict(r) for r in v] for k, v in rows.items()}}, ensure_ascii=False))
        return 0
    for s in summaries:
        print(format_summary(s, settings.low_confidence) + "\n")
    if len(summaries) > 1:
        print(compare_table(summaries))
    if args.report:
        print(f"report written to {args.report}")
    return 0


def _fit(retriever, questions: list[Question]) -> int:
    from . import confidence as conf

    X, y = fit_confidence_rows(retriever, questions)
    weights = conf.fit_per_language(X, y)
    scores = [conf.combine(conf.Signals(*x), weights) for x in X]
    pos = [s for s, t in zip(scores, y) if t]
    neg = [s for s, t in zip(scores, y) if not t]
    print("WEIGHTS = " + json.dumps({lang: {k: round(v, 3) for k, v in w.items()} for lang, w in weights.items()}))
    print(f"training AUROC {auroc(pos, neg):.3f} on {len(pos)} answerable / {len(neg)} unanswerable")
    loo = []  # leave-one-out: each question scored by weights fitted without it
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        loo.append(conf.combine(conf.Signals(*X[i]), conf.fit_per_language(X[keep], y[keep])))
    loo, pos_mask = np.array(loo), y > 0
    print(f"leave-one-out AUROC {auroc(list(loo[pos_mask]), list(loo[~pos_mask])):.3f}")
    for t in (0.3, 0.4, 0.5):
        print(f"  threshold {t}: flags {np.mean(loo[~pos_mask] < t):.2f} of unanswerable, "
              f"{np.mean(loo[pos_mask] < t):.2f} of answerable (leave-one-out)")
    return 0


def register_cli(subparsers, common, search_opts) -> None:
    """Add `policy-qa eval`."""
    p = subparsers.add_parser("eval", help="measure retrieval quality on a question set (hit@k, MRR, AUROC)")
    p.add_argument("questions", metavar="QUESTIONS.jsonl",
                   help='lines {"id", "question", "type", "evidence": [quotes], optional "page", "file"}')
    common(p)
    search_opts(p)
    p.add_argument("--corpus", metavar="DIR", help="corpus folder, for --compare encoder:NAME (default: corpus/)")
    p.add_argument("--json", action="store_true", help="metrics and per-question rows as one JSON object")
    p.add_argument("--report", metavar="FILE.md", help="write a markdown report with per-question rows")
    p.add_argument("--compare", nargs="+", metavar="CONFIG",
                   help="configurations side by side: bm25 dense hybrid rrf[:W] weighted:W encoder:NAME "
                        f"(e.g. {' '.join(DEFAULT_COMPARE)})")
    p.add_argument("--fit-confidence", action="store_true",
                   help="fit the confidence weights on these questions and print them (for confidence.py)")
    p.set_defaults(func=cmd_eval)
