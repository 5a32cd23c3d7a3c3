#!/usr/bin/env python3
"""Assign the tune/held split of the evaluation sets, once and reproducibly.

    python3 tests/data/split_questions.py           # fill in missing "split" fields, rewrite the files
    python3 tests/data/split_questions.py --check   # only report; exit 1 when a line has no split

Every line of these files carries "split": "tune" (may be looked at while tuning weights, thresholds,
prompts ...) or "held" (only for the final measurement; do not tune on it):

  dev_questions.jsonl          stratified by "type"
  shared_pdfs_questions.jsonl  stratified by "file" (unanswerable questions, file null, form one stratum)
  stance_topics.jsonl          stratified by "kind"

How the split was drawn (and how missing ones are drawn now). Per file a fresh
random.Random(20261202); the strata in sorted order; per stratum the ids of the lines that have
no split yet, sorted, then shuffled with that RNG. The stratum's target is half its lines for
"tune"; when a stratum has an odd number of lines the extra line goes alternately to "tune" and
to "held" (over the odd strata of the file, in sorted order). The shuffled ids fill "tune" up to
the target (counting lines that already have "tune"), the rest get "held".

Idempotent: a line that already has a split keeps it, so adding questions later only draws the
new ones (and existing labels never move between tune and held). Lines are otherwise written back
unchanged (json.dumps, ensure_ascii=False; the new field goes after "kind" where there is one,
else at the end). Stdlib only.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261202
SPLITS = ("tune", "held")

FILES = {
    "dev_questions.jsonl": lambda row: str(row.get("type")),
    "shared_pdfs_questions.jsonl": lambda row: str(row.get("file") or "(no file)"),
    "stance_topics.jsonl": lambda row: str(row.get("kind")),
}


def with_split(row: dict, split: str) -> dict:
    """The row with "split" set, placed after "kind" when the row has one, else at the end."""
    if "kind" not in row:
        return {**{k: v for k, v in row.items() if k != "split"}, "split": split}
    out = {}
    for k, v in row.items():
        if k == "split":
            continue
        out[k] = v
        if k == "kind":
            out["split"] = split
    return out


def assign(rows: list[dict], stratum_of) -> dict[str, str]:
    """Splits for the rows without one: {id: split}."""
    rng = random.Random(SEED)
    strata: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        strata[stratum_of(row)].append(row)
    extra_to_tune = True
    drawn: dict[str, str] = {}
    for name in sorted(strata):
        members = strata[name]
        n = len(members)
        target = n // 2
        if n % 2:
            target += 1 if extra_to_tune else 0
            extra_to_tune = not extra_to_tune
        have_tune = sum(1 for r in members if r.get("split") == "tune")
        missing = sorted(str(r["id"]) for r in members if r.get("split") not in SPLITS)
        rng.shuffle(missing)
        need = max(0, min(len(missing), target - have_tune))
        for i, qid in enumerate(missing):
            drawn[qid] = "tune" if i < need else "held"
    return drawn


def process(path: Path, stratum_of, write: bool) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    ids = Counter(str(r.get("id")) for r in rows)
    dup = [i for i, n in ids.items() if n > 1]
    if dup:
        print(f"{path.name}: duplicate ids {dup}; fix them first", file=sys.stderr)
        return 1
    bad = [r["id"] for r in rows if "split" in r and r["split"] not in SPLITS]
    if bad:
        print(f"{path.name}: invalid split values on {bad}; fix them by hand", file=sys.stderr)
        return 1
    drawn = assign(rows, stratum_of)
    if drawn and write:
        out = [with_split(r, drawn[str(r["id"])]) if str(r["id"]) in drawn else r for r in rows]
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
        rows = out
    per = Counter((stratum_of(r), r.get("split", drawn.get(str(r["id"]), "?"))) for r in rows)
    total = Counter(r.get("split", drawn.get(str(r["id"]), "?")) for r in rows)
    action = ("assigned" if write else "would assign") if drawn else "nothing to assign"
    print(f"{path.name}: {len(rows)} lines, {action}{f' ({len(drawn)})' if drawn else ''}; "
          + ", ".join(f"{s}={total[s]}" for s in SPLITS))
    for name in sorted({s for s, _ in per}):
        print(f"  {name}: " + ", ".join(f"{s}={per[(name, s)]}" for s in SPLITS))
    return 1 if (drawn and not write) else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 when a split is missing")
    ap.add_argument("--dir", type=Path, default=HERE, help="folder with the .jsonl files (default: this one)")
    args = ap.parse_args()
    rc = 0
    for name, stratum_of in FILES.items():
        path = args.dir / name
        if not path.is_file():
            print(f"{name}: not found, skipped")
            continue
        rc |= process(path, stratum_of, write=not args.check)
    return rc


if __name__ == "__main__":
    sys.exit(main())
