"""Milvus Lite at scale: load N generated passages (the real schema) and time dense, BM25 and hybrid queries.

    .venv/bin/python bench/milvus_bench.py [--passages 100000] [--queries 50] [--uri /tmp/bench.db]

Vectors are random unit vectors and texts draw Zipf-distributed words from a generated vocabulary (cheap, and
enough to exercise the engine); hybrid is timed both client-side (two searches, our weighted fusion) and as
Milvus's own hybrid_search with an RRF ranker. Prints medians and p95 in ms; nothing is asserted.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from policy_qa.config import Settings  # noqa: E402
from policy_qa.index.milvus_build import BATCH, create_collections, passage_row  # noqa: E402
from policy_qa.index.milvus_store import MilvusDense, MilvusLexical, _pymilvus, connect  # noqa: E402
from policy_qa.records import Passage  # noqa: E402
from policy_qa.search.fusion import weighted  # noqa: E402

DIM = 384
SYLLABLES = ["ver", "be", "ont", "ge", "net", "con", "ges", "tie", "vak", "men", "sen", "re", "gel", "druk", "grond",
             "stof", "fen", "ex", "port", "kre", "die", "ten", "ar", "beid", "markt", "ener", "gie", "prijs", "bouw"]


def vocabulary(rng: np.random.Generator, size: int = 20_000) -> list[str]:
    words = {"".join(rng.choice(SYLLABLES, rng.integers(2, 5))) for _ in range(size * 2)}
    return sorted(words)[:size]


def passages(n: int, rng: np.random.Generator, words: list[str]):
    ranks = np.minimum(rng.zipf(1.2, size=(n, 60)), len(words)) - 1
    for i in range(n):
        text = " ".join(words[r] for r in ranks[i])
        yield Passage(f"d{i // 40}:{i % 40}", f"d{i // 40}", f"Document {i // 40}", ("brief", "manifest")[i % 2],
                      f"{2015 + i % 10}-01", f"d{i // 40}.pdf", 1 + i % 12, 1 + i % 12, None, "", text, 0, len(text))


def load(client, name: str, n: int, rng: np.random.Generator, words: list[str]) -> float:
    create_collections(client, name, DIM)
    t0 = time.perf_counter()
    batch = []
    for i, p in enumerate(passages(n, rng, words)):
        v = rng.standard_normal(DIM).astype(np.float32)
        batch.append(passage_row(i, p, v / np.linalg.norm(v)))
        if len(batch) == BATCH:
            client.insert(name, batch)
            batch = []
    if batch:
        client.insert(name, batch)
    client.flush(name)
    client.load_collection(name)
    return time.perf_counter() - t0


def timed(fn, runs) -> tuple[float, float]:
    ms = []
    for arg in runs:
        t0 = time.perf_counter()
        fn(arg)
        ms.append((time.perf_counter() - t0) * 1000)
    return float(np.median(ms)), float(np.percentile(ms, 95))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--server-hybrid", type=int, default=5, help="queries timed with Milvus's own hybrid_search")
    ap.add_argument("--uri", help="Milvus Lite file or server (default: a temporary .db)")
    args = ap.parse_args()
    work = None if args.uri else Path(tempfile.mkdtemp(prefix="milvus-bench-"))
    uri = args.uri or str(work / "bench.db")
    client = connect(Settings.from_env(environ={}, store="milvus", milvus_uri=uri))
    rng = np.random.default_rng(7)
    words = vocabulary(rng)
    name = f"bench_{args.passages}"
    for c in (name, name + "_sent"):
        if client.has_collection(c):
            client.drop_collection(c)
    seconds = load(client, name, args.passages, rng, words)
    print(f"loaded {args.passages} passages ({DIM}-d vectors, BM25 terms) in {seconds:.1f} s "
          f"({args.passages / seconds:.0f} passages/s)")
    lexical = MilvusLexical(client, name, frozenset(words), args.passages)
    dense = MilvusDense(client, name, args.passages)
    queries = [(" ".join(rng.choice(words[:2000], 3)), rng.standard_normal(DIM).astype(np.float32))
               for _ in range(args.queries)]
    results = {
        "dense (top 50)": timed(lambda q: dense.search(q[1], 50), queries),
        "BM25 (top 50)": timed(lambda q: lexical.top(q[0], 50), queries),
        "hybrid, client-side weighted fusion": timed(lambda q: weighted(
            [lexical.top(q[0], 50), dense.search(q[1], 50)[::-1]], [0.2, 0.8]), queries),
    }
    pm = _pymilvus()

    def server_hybrid(q):
        reqs = [pm.AnnSearchRequest([q[0]], "sparse", {"metric_type": "BM25"}, 50),
                pm.AnnSearchRequest([q[1].tolist()], "dense", {"metric_type": "IP"}, 50)]
        client.hybrid_search(name, reqs, pm.RRFRanker(60), limit=50, output_fields=["pos"])

    if args.server_hybrid:
        results["hybrid, Milvus hybrid_search + RRF"] = timed(server_hybrid, queries[:args.server_hybrid])
    for label, (p50, p95) in results.items():
        print(f"{label:40s} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")
    for c in (name, name + "_sent"):
        client.drop_collection(c)
    if work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
