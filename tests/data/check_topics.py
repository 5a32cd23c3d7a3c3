#!/usr/bin/env python3
"""Validate the labelled stance topic set tests/data/stance_topics.jsonl (stdlib only).

    python3 tests/data/check_topics.py [--seeds DIR] [--file PATH] [--topics-toml PATH]

One JSON object per line:

  {"id": "t-001", "topic": "<what a member types>", "lang": "nl"|"en",
   "kind": "listed"|"synonym"|"broader"|"narrower"|"english"|"silent", "split": "tune"|"held",
   "positions": {"brief-2025-formatie": [quote, ...], "manifest-tk2023": [quote, ...]},
   "changes": {"from": "manifest-tk2023", "to": "brief-2025-formatie",          (optional)
               "new": [...], "dropped": [...], "continued": [[from_quote, to_quote], ...]}}

positions[doc] holds short exact quotes (5-15 words) of every position (demand, proposal) that
document takes on the topic, [] when it is silent. "changes" compares the 2023 manifesto with the
2025 letter: "new" are letter positions the manifesto did not have, "dropped" manifesto positions
the letter no longer has, "continued" pairs of the same demand in other words.

Checks: fields and value types (no unknown fields), unique ids and topics, kind/lang rules
("english" topics are lang en; "silent" topics have both lists empty, other topics at least one
quote), every quote found in its own seed document (NFKC, casefold, keep only letters and
digits, substring: the normalisation of check_questions.py; line breaks and end-of-line hyphens
vanish), no quote twice in one list, every quote in "changes" also in the topic's positions of
the right document and not both new and continued (or dropped and continued), the "listed"
topics are the labels or ids of corpus/topics.toml and cover all of them, and the minimum counts:
>= 40 topics, >= 10 silent for both documents, >= 10 topics with changes. The split is assigned by
split_questions.py. Exit status 0 when everything passes, 1 otherwise; prints counts.
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from check_questions import load_jsonl, norm  # the same quote matching and line reader, one place

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

BRIEF, MANIFEST = "brief-2025-formatie", "manifest-tk2023"
SEED_FILES = {BRIEF: "000_e2ea4547fbf63b64.txt", MANIFEST: "001_bddb302bcec268e3.txt"}
KINDS = ("listed", "synonym", "broader", "narrower", "english", "silent")
LANGS = ("nl", "en")
SPLITS = ("tune", "held")
REQUIRED = ("id", "topic", "lang", "kind", "split", "positions")
OPTIONAL = ("changes",)
CHANGE_KEYS = ("from", "to", "new", "dropped", "continued")
WORDS = (5, 15)
MIN_TOPICS, MIN_SILENT, MIN_CHANGES = 40, 10, 10




def default_dir(name: str) -> Path:
    for cand in (REPO / "shared" / name, Path("/work/shared") / name):
        if cand.is_dir():
            return cand
    return Path("/work/shared") / name


def listed_names(path: Path) -> list[tuple[str, str]] | None:
    """(id, label) of every [[topic]] in corpus/topics.toml; None when it cannot be read."""
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        return None
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return [(str(t.get("id")), str(t.get("label"))) for t in data.get("topic", [])]


def check_quote(quote, doc: str, texts: dict[str, str], where: str, errors: list[str]) -> bool:
    if not isinstance(quote, str):
        errors.append(f"{where}: quote is not a string: {quote!r}")
        return False
    ok = True
    n = len(quote.split())
    if not WORDS[0] <= n <= WORDS[1]:
        errors.append(f"{where}: quote has {n} words (allowed {WORDS[0]}-{WORDS[1]}): {quote!r}")
        ok = False
    if any(unicodedata.category(c) in ("Cc", "Co", "Cs") for c in quote):
        errors.append(f"{where}: quote contains control/odd characters: {quote!r}")
        ok = False
    nq = norm(quote)
    if len(nq) < 12:
        errors.append(f"{where}: quote too short to be specific: {quote!r}")
        ok = False
    elif nq not in texts[doc]:
        other = [d for d in texts if d != doc and nq in texts[d]]
        why = f"found in {other[0]} instead" if other else "not found"
        errors.append(f"{where}: quote not in {doc} ({why}): {quote!r}")
        ok = False
    return ok


def check_changes(ch, positions: dict, where: str, errors: list[str]) -> bool:
    """Validate one "changes" object; True when it is well-formed."""
    if not isinstance(ch, dict):
        errors.append(f"{where}: changes must be an object")
        return False
    unknown = sorted(set(ch) - set(CHANGE_KEYS))
    missing = [k for k in CHANGE_KEYS if k not in ch]
    if unknown or missing:
        errors.append(f"{where}: changes has unknown fields {unknown} / misses {missing}")
        return False
    if ch["from"] != MANIFEST or ch["to"] != BRIEF:
        errors.append(f"{where}: changes must go from {MANIFEST!r} to {BRIEF!r}")
        return False
    ok = True
    for key in ("new", "dropped", "continued"):
        if not isinstance(ch[key], list):
            errors.append(f"{where}: changes.{key} must be a list")
            ok = False
    if not ok:
        return False
    old, new = positions.get(MANIFEST, []), positions.get(BRIEF, [])
    for quote in ch["new"]:
        if quote not in new:
            errors.append(f"{where}: changes.new quote not in positions[{BRIEF!r}]: {quote!r}")
            ok = False
    for quote in ch["dropped"]:
        if quote not in old:
            errors.append(f"{where}: changes.dropped quote not in positions[{MANIFEST!r}]: {quote!r}")
            ok = False
    cont_old, cont_new = set(), set()
    for pair in ch["continued"]:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            errors.append(f"{where}: changes.continued items must be [manifesto_quote, letter_quote]: {pair!r}")
            ok = False
            continue
        if pair[0] not in old:
            errors.append(f"{where}: changes.continued quote not in positions[{MANIFEST!r}]: {pair[0]!r}")
            ok = False
        if pair[1] not in new:
            errors.append(f"{where}: changes.continued quote not in positions[{BRIEF!r}]: {pair[1]!r}")
            ok = False
        cont_old.add(pair[0])
        cont_new.add(pair[1])
    for quote in sorted(cont_new & set(ch["new"])):
        errors.append(f"{where}: quote is both new and continued: {quote!r}")
        ok = False
    for quote in sorted(cont_old & set(ch["dropped"])):
        errors.append(f"{where}: quote is both dropped and continued: {quote!r}")
        ok = False
    for key in ("new", "dropped"):
        dup = [q for q, n in Counter(ch[key]).items() if n > 1]
        if dup:
            errors.append(f"{where}: changes.{key} lists a quote twice: {dup}")
            ok = False
    if not (ch["new"] or ch["dropped"] or ch["continued"]):
        errors.append(f"{where}: changes is empty")
        ok = False
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=default_dir("seeds"))
    ap.add_argument("--file", type=Path, default=HERE / "stance_topics.jsonl")
    ap.add_argument("--topics-toml", type=Path, default=REPO / "corpus" / "topics.toml")
    args = ap.parse_args()

    errors: list[str] = []
    texts = {doc: norm((args.seeds / name).read_text(encoding="utf-8")) for doc, name in SEED_FILES.items()}

    rows = [(r.pop("_line"), r) for r in load_jsonl(args.file, errors)]

    ids = Counter(r.get("id") for _, r in rows)
    for i, c in ids.items():
        if c > 1:
            errors.append(f"duplicate id {i!r} ({c}x)")
    names = Counter(" ".join(str(r.get("topic", "")).casefold().split()) for _, r in rows)
    for t, c in names.items():
        if c > 1:
            errors.append(f"duplicate topic {t!r} ({c}x)")

    silent = with_changes = 0
    unclassified = 0
    kinds: Counter = Counter()
    kind_split: Counter = Counter()
    listed_topics: list[str] = []
    for n, r in rows:
        where = f"{r.get('id', '?')} (line {n})"
        missing = [k for k in REQUIRED if k not in r]
        unknown = sorted(set(r) - set(REQUIRED) - set(OPTIONAL))
        if missing or unknown:
            errors.append(f"{where}: missing fields {missing}, unknown fields {unknown}")
            if missing:
                continue
        if not isinstance(r["id"], str) or not r["id"].startswith("t-"):
            errors.append(f"{where}: id must be a string like 't-001'")
        if not isinstance(r["topic"], str) or len(r["topic"].strip()) < 2:
            errors.append(f"{where}: topic must be a non-empty string")
        if r["lang"] not in LANGS:
            errors.append(f"{where}: lang {r['lang']!r} not in {LANGS}")
        if r["kind"] not in KINDS:
            errors.append(f"{where}: kind {r['kind']!r} not in {KINDS}")
        if r["split"] not in SPLITS:
            errors.append(f"{where}: split {r['split']!r} not in {SPLITS} (run tests/data/split_questions.py)")
        if r["kind"] == "english" and r["lang"] != "en":
            errors.append(f"{where}: kind 'english' needs lang 'en'")
        kinds[r["kind"]] += 1
        kind_split[(r["kind"], r["split"])] += 1
        if r["kind"] == "listed":
            listed_topics.append(str(r["topic"]))

        pos = r["positions"]
        if not isinstance(pos, dict) or set(pos) != set(SEED_FILES):
            errors.append(f"{where}: positions must have exactly the keys {sorted(SEED_FILES)}")
            continue
        pos_ok = True
        for doc, quotes in pos.items():
            if not isinstance(quotes, list):
                errors.append(f"{where}: positions[{doc!r}] must be a list")
                pos_ok = False
                continue
            for q in quotes:
                pos_ok &= check_quote(q, doc, texts, f"{where} {doc}", errors)
            dup = [q for q, c in Counter(norm(q) for q in quotes if isinstance(q, str)).items() if c > 1]
            if dup:
                errors.append(f"{where}: positions[{doc!r}] lists a quote twice")
                pos_ok = False
        if not pos_ok:
            continue
        empty_both = not pos[BRIEF] and not pos[MANIFEST]
        if r["kind"] == "silent":
            if not empty_both:
                errors.append(f"{where}: kind 'silent' needs both position lists empty")
            elif "changes" in r:
                errors.append(f"{where}: a silent topic cannot have changes")
            else:
                silent += 1
        elif empty_both:
            errors.append(f"{where}: both position lists are empty; use kind 'silent'")
        if "changes" in r and r["kind"] != "silent":
            if check_changes(r["changes"], pos, where, errors):
                with_changes += 1
                ch = r["changes"]
                seen_new = set(ch["new"]) | {p[1] for p in ch["continued"]}
                seen_old = set(ch["dropped"]) | {p[0] for p in ch["continued"]}
                unclassified += sum(1 for q in pos[BRIEF] if q not in seen_new)
                unclassified += sum(1 for q in pos[MANIFEST] if q not in seen_old)

    toml = listed_names(args.topics_toml)
    if toml is None:
        print(f"note: {args.topics_toml} not read (missing or no tomllib); listed topics not compared")
    else:
        allowed = {s.casefold() for pair in toml for s in pair}
        for t in listed_topics:
            if t.casefold() not in allowed:
                errors.append(f"listed topic {t!r} is neither a label nor an id in {args.topics_toml.name}")
        have = {t.casefold() for t in listed_topics}
        for tid, label in toml:
            if tid.casefold() not in have and label.casefold() not in have:
                errors.append(f"topics.toml topic {tid!r} ({label!r}) has no 'listed' line")

    if len(rows) < MIN_TOPICS:
        errors.append(f"{len(rows)} topics, need >= {MIN_TOPICS}")
    if silent < MIN_SILENT:
        errors.append(f"{silent} topics silent in both documents, need >= {MIN_SILENT}")
    if with_changes < MIN_CHANGES:
        errors.append(f"{with_changes} topics with changes, need >= {MIN_CHANGES}")

    print(f"{args.file.name}: {len(rows)} topics, {silent} silent for both, {with_changes} with changes")
    print("  per kind: " + ", ".join(f"{k}={kinds[k]}" for k in KINDS))
    print("  kind x split: " + ", ".join(f"{k}/{s}={kind_split[(k, s)]}" for k in KINDS for s in SPLITS))
    quotes = Counter()
    for _, r in rows:
        if isinstance(r.get("positions"), dict):
            for doc, qs in r["positions"].items():
                if isinstance(qs, list):
                    quotes[doc] += len(qs)
    print("  position quotes: " + ", ".join(f"{d}={quotes[d]}" for d in SEED_FILES))
    if unclassified:
        print(f"  note: {unclassified} position quote(s) of topics with changes are in none of new/dropped/continued")

    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
