#!/usr/bin/env python3
"""Benchmark: index throughput (pages/s), warm per-question latency (median, p95), peak RSS, FAISS recall.

    .venv/bin/python bench/bench.py [--pages N [N ...]] [--embedder NAME] [--skip-shared] [--questions FILE]
    .venv/bin/python bench/bench.py --encoder-speed [NAME ...]   # passages/s and sentences/s only
    .venv/bin/python bench/bench.py --retrieval-only [--pages N ...]  # no model: the search side at scale

Runs on corpus/, on the shared PDFs (../shared/pdfs) and on generated corpora of N text pages (default 1,000 and
10,000, so the build rate is seen at both sizes; reportlab, Dutch sentences recombined from the corpus vocabulary). Each index build and each search run is a
separate process, so its peak RSS is its own. Also reports the FAISS index kind chosen for the size and the
recall@10 of HNSW against exact search on the same vectors.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


HASHING = "hashing"  # --retrieval-only: no model at all, so the search side can be measured at sizes that take hours


class HashingEncoder:
    """Bag of words hashed into 384 signed dimensions (e5-small's size): vectors without a model, for scale runs.

    Its rankings mean little; what it measures is everything around the encoder (reading, BM25, FAISS, sentence
    rescoring, answers, memory). A question's e5 vector adds ~14 ms on one core (README, Scale)."""

    name, dim, serial = "bench-hashing-384", 384, False

    def encode_passages(self, texts):
        import re
        import zlib

        import numpy as np

        out = np.zeros((len(texts), self.dim), np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                h = zlib.crc32(w.encode())
                out[i, h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    encode_queries = encode_passages


def _settings(embedder: str, **paths):
    from policy_qa.config import Settings

    if embedder == HASHING:
        return Settings.from_env(english_encoder="none", **paths), HashingEncoder()
    return Settings.from_env(embedder=embedder, **paths), None


def child_index(corpus: str, index: str, embedder: str) -> dict:
    """Build an index and report pages, passages, seconds and peak RSS."""
    from policy_qa.index.build import build_index

    settings, encoder = _settings(embedder, corpus_dir=Path(corpus), index_dir=Path(index))
    t0 = time.perf_counter()
    report = build_index(settings, encoder=encoder)
    seconds = time.perf_counter() - t0
    pages = sum(d.pages for d in report.documents)
    size = sum(f.stat().st_size for f in Path(index).rglob("*") if f.is_file()) / 2**20
    return {"pages": pages, "passages": report.passages, "seconds": seconds, "pages_per_s": pages / seconds,
            "peak_rss_mb": peak_rss_mb(), "disk_mb": size}


def child_search(index: str, questions: str, embedder: str = "") -> dict:
    """Ask every question twice (the second round is warm) and report latency and peak RSS."""
    from policy_qa.answers.extract import ask
    from policy_qa.index.folder import load_index
    from policy_qa.search.retriever import Retriever

    qs = [json.loads(line)["question"] for line in Path(questions).read_text().splitlines() if line.strip()]
    settings, encoder = _settings(embedder, index_dir=Path(index))
    retriever = Retriever(load_index(Path(index)), settings, encoder=encoder)
    retriever.warm_up()
    for q in qs:  # first round: loads pages of the memory maps, fills caches of the native libraries
        ask(retriever, q)
    retriever._query_vec.cache_clear()  # warm process, but every question is encoded again
    times = []
    for q in qs:
        t0 = time.perf_counter()
        ask(retriever, q)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"questions": len(qs), "median_ms": statistics.median(times),
            "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))], "peak_rss_mb": peak_rss_mb(),
            "dense_index": retriever.index.dense.kind, "passages": len(retriever.index.passages)}


def child_encoder(index: str, embedder: str, rounds: int = 3) -> dict:
    """Median passages/s and sentences/s of one encoder on an index's texts (loaded and warmed up first)."""
    from policy_qa.index.encoders import encode_in_batches, get_encoder
    from policy_qa.index.folder import load_index
    from policy_qa.index.sentences import passage_sentences

    passages = load_index(Path(index)).passages
    texts = {"passages": [p.index_text() for p in passages],
             "sentences": [s for p in passages for s in passage_sentences(p)]}
    encoder = get_encoder(embedder)
    encoder.encode_passages(texts["passages"][:2])
    out = {"encoder": encoder.name}
    for kind, items in texts.items():
        rates = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            encode_in_batches(encoder, items)
            rates.append(len(items) / (time.perf_counter() - t0))
        out[f"{kind}"], out[f"{kind}_per_s"] = len(items), statistics.median(rates)
    return out


def encoder_speed(names: list[str], work: Path) -> int:
    """Build corpus/'s index once, then print each encoder's throughput on its passages and sentences."""
    index = work / "index-corpus"
    run_child("_index", str(ROOT / "corpus"), str(index), names[0])
    for name in names:
        r = run_child("_encoder", str(index), name)
        print(f"{r['encoder']}: {r['passages_per_s']:.1f} passages/s ({r['passages']}), "
              f"{r['sentences_per_s']:.1f} sentences/s ({r['sentences']}); medians of 3")
    return 0


def child_recall(index: str, queries: int = 200) -> dict:
    """recall@10 of the index's FAISS kind (and of HNSW) against exact search on the same vectors."""
    import faiss
    import numpy as np

    from policy_qa.index.vectors import EXACT_LIMIT, HNSW_EF_SEARCH, HNSW_M, build_faiss

    vectors = np.load(Path(index) / "vectors.npy")
    rng = np.random.default_rng(0)
    q = vectors[rng.choice(len(vectors), size=min(queries, len(vectors)), replace=False)]
    q = q + rng.normal(0, 0.02, q.shape).astype(np.float32)  # near, not equal to, a passage
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(q, 10)
    hnsw = build_faiss(vectors, exact_limit=0)
    t0 = time.perf_counter()
    _, got = hnsw.search(q, 10)
    ms = (time.perf_counter() - t0) * 1000 / len(q)
    recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, got)]))
    chosen = "hnsw" if len(vectors) > EXACT_LIMIT else "exact"
    return {"vectors": len(vectors), "chosen": chosen, "hnsw_recall_at_10": recall, "hnsw_ms_per_query": ms,
            "hnsw": f"M={HNSW_M}, efSearch={HNSW_EF_SEARCH}"}


def run_child(*args: str) -> dict:
    """Run one phase in a fresh interpreter; its last stdout line is the JSON result."""
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bench phase {args[0]} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def generate_corpus(folder: Path, pages: int, per_file: int = 50, seed: int = 0) -> None:
    """Text PDFs of `pages` pages in files of `per_file`, with Dutch sentences recombined from corpus/ words."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    vocab = _vocabulary()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(0, pages, per_file):
        c = canvas.Canvas(str(folder / f"gen_{f // per_file:04d}.pdf"), pagesize=A4)
        for p in range(min(per_file, pages - f)):
            c.setFont("Helvetica-Bold", 13)
            c.drawString(60, 790, f"{rng.choice(vocab).capitalize()} en {rng.choice(vocab)}")
            c.setFont("Helvetica", 10)
            y = 765
            while y > 70:
                words = [rng.choice(vocab) for _ in range(rng.randint(8, 14))]
                c.drawString(60, y, (" ".join(words)).capitalize() + ".")
                y -= 14
            c.showPage()
        c.save()


def _vocabulary() -> list[str]:
    import pypdf

    words: list[str] = []
    for pdf in sorted((ROOT / "corpus").glob("*.pdf")):
        for page in pypdf.PdfReader(pdf).pages:
            words += [w.strip(".,:;()‘’“”!?") for w in (page.extract_text() or "").split()]
    return [w.lower() for w in words if w.isalpha() and len(w) > 2] or ["metaal", "industrie"]


def bench_corpus(name: str, corpus: Path, questions: Path | None, embedder: str, work: Path) -> dict:
    index = work / f"index-{name}"
    built = run_child("_index", str(corpus), str(index), embedder)
    result = {"corpus": name, **{f"index_{k}": v for k, v in built.items()}}
    if questions is not None:
        result.update({f"search_{k}": v for k, v in run_child("_search", str(index), str(questions), embedder).items()})
    result.update({f"faiss_{k}": v for k, v in run_child("_recall", str(index)).items()})
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_index":
        print(json.dumps(child_index(*argv[1:4])))
        return 0
    if argv and argv[0] == "_search":
        print(json.dumps(child_search(*argv[1:4])))
        return 0
    if argv and argv[0] == "_encoder":
        print(json.dumps(child_encoder(*argv[1:3])))
        return 0
    if argv and argv[0] == "_recall":
        print(json.dumps(child_recall(argv[1])))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[1_000, 10_000],
                    help="pages of each generated corpus (default 1000 10000: build rate at both sizes; 0: none)")
    ap.add_argument("--embedder", default="e5-small-int8")
    ap.add_argument("--encoder-speed", nargs="*", metavar="NAME",
                    help="only print encoder throughput on corpus/'s texts (default: e5-small-int8 e5-small-4bit)")
    ap.add_argument("--skip-shared", action="store_true")
    ap.add_argument("--retrieval-only", action="store_true",
                    help="generated corpora only, with a hashing encoder instead of a model: reading, BM25, FAISS, "
                         "answers and memory at 10,000 pages in minutes (query encoding excluded)")
    ap.add_argument("--questions", default=str(ROOT / "tests/data/dev_questions.jsonl"))
    args = ap.parse_args(argv)
    if args.encoder_speed is not None:
        with tempfile.TemporaryDirectory(prefix="policy-qa-bench-") as tmp:
            return encoder_speed(args.encoder_speed or ["e5-small-int8", "e5-small-4bit"], Path(tmp))
    results = []
    with tempfile.TemporaryDirectory(prefix="policy-qa-bench-") as tmp:
        work = Path(tmp)
        embedder = HASHING if args.retrieval_only else args.embedder
        if not args.retrieval_only:
            results.append(bench_corpus("corpus", ROOT / "corpus", Path(args.questions), embedder, work))
        shared = next((p for p in (ROOT / "shared/pdfs", ROOT.parent / "shared/pdfs") if p.is_dir()), None)
        if shared and not args.skip_shared and not args.retrieval_only:
            sq = ROOT / "tests/data/shared_pdfs_questions.jsonl"
            results.append(bench_corpus("shared-pdfs", shared, sq, embedder, work))
        for pages in (p for p in args.pages if p > 0):
            t0 = time.perf_counter()
            generate_corpus(work / f"generated-{pages}p", pages)
            gen_s = time.perf_counter() - t0
            r = bench_corpus(f"generated-{pages}p", work / f"generated-{pages}p", Path(args.questions), embedder, work)
            r["generate_seconds"] = gen_s
            results.append(r)
            shutil.rmtree(work / f"generated-{pages}p", ignore_errors=True)  # the PDFs; the index stays for now
    for r in results:
        print(f"\n== {r['corpus']}: {r['index_pages']} pages, {r['index_passages']} passages")
        print(f"index: {r['index_seconds']:.1f} s, {r['index_pages_per_s']:.2f} pages/s, "
              f"peak RSS {r['index_peak_rss_mb']:.0f} MB, {r['index_disk_mb']:.1f} MB on disk ({embedder})")
        if "search_median_ms" in r:
            print(f"search ({r['search_questions']} questions, warm): median {r['search_median_ms']:.1f} ms, "
                  f"p95 {r['search_p95_ms']:.1f} ms, peak RSS {r['search_peak_rss_mb']:.0f} MB, "
                  f"FAISS {r['search_dense_index']}")
        print(f"FAISS: {r['faiss_vectors']} vectors -> {r['faiss_chosen']}; HNSW ({r['faiss_hnsw']}) recall@10 "
              f"{r['faiss_hnsw_recall_at_10']:.3f} vs exact, {r['faiss_hnsw_ms_per_query']:.2f} ms/query")
    print("\n" + json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
