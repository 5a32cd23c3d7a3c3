#!/usr/bin/env python3
"""Validate the retrieval development question sets.

    .venv/bin/python tests/data/check_questions.py [--seeds DIR] [--pdfs DIR]

Checks
  tests/data/dev_questions.jsonl         questions about the two Metaalunie seed texts
  tests/data/shared_pdfs_questions.jsonl questions about the real PDFs in shared/pdfs/

for: required fields and value types, unique ids (over both files), the minimum number of
questions per type, that every evidence quote occurs in the source text, and that every line
has "split": "tune" or "held" (assigned once by tests/data/split_questions.py).

Quote matching: NFKC, casefold, then every character that is not a letter or digit is
removed (spaces, hyphens, quotes, punctuation, NUL ...), then substring search. Because
hyphens and line breaks vanish, end-of-line hyphenation is joined implicitly.

  A (seeds): the first quote must lie on the stated physical page of the stated document,
     inside one block (a blank line ends a block); alternative quotes (the 2nd and later)
     must lie inside one block of some page of either seed document.
  B (PDFs):  every quote must occur in pypdf's default-mode text of the stated page, and
     must match there even without NFKC (so no quote relies on a ligature such as "ﬁ").

Exit status 0 when everything passes, 1 otherwise. Prints the counts per type and lang.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

TYPES = ("lexical", "paraphrase", "crosslingual", "stance", "unanswerable")
LANGS = ("nl", "en")
SPLITS = ("tune", "held")  # see split_questions.py

# --- A: the Metaalunie seed texts -----------------------------------------------------------
SEED_DOCS = {
    "brief-2025-formatie": {
        "file": "000_e2ea4547fbf63b64.txt",
        "pages": 4,
        # a line starting with one of these begins a new physical page (see seeds/README.md)
        "page_starts": (" Voorbeelden:", " 3. Breng de MKB-maakindustrie", " Voor nadere informatie"),
    },
    "manifest-tk2023": {
        "file": "001_bddb302bcec268e3.txt",
        "pages": 7,
        "page_starts": (
            " Inbreng Tweede Kamerverkiezingen",
            " MKB-ondernemers zorgen",
            " Wat wij vragen van de politiek:",  # only the first one starting with a space
            " De MKB-maakbedrijven hebben de ko-",
            " Een aardgasvrije samenleving",
            " Einsteinbaan 1",
        ),
    },
}
MIN_A = {"paraphrase": 25, "crosslingual": 18, "unanswerable": 12, "stance": 10, "lexical": 15}
MIN_A_TOTAL = 90
MIN_A_KEYWORD = 6  # lexical questions written as keyword queries (no '?', at most 6 words)
WORDS_A = (4, 15)

# --- B: the real PDFs ------------------------------------------------------------------------
MIN_B_TOTAL = 24
MIN_B_FILE = {
    "vkp_tk2023_gl-pvda.pdf": 10,
    "vkp_gr2026_amsterdam_vvd.pdf": 5,
    "kamerbrief_2011_draagmoederschap.pdf": 3,
    "motie_kst-32545-143.pdf": 2,
    "handleiding_co-melder_woo-testbestand.pdf": 1,
}
MIN_B_UNANSWERABLE = 3
MIN_B_GL_DISTINCT_PAGES = 8
WORDS_B = (4, 12)

MAX_QUOTES = 4  # one quote plus up to three alternatives


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def norm_raw(text: str) -> str:
    """Like norm() but without NFKC: shows whether a match depends on ligatures/superscripts."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def default_dir(name: str) -> Path:
    for cand in (REPO / "shared" / name, Path("/work/shared") / name):
        if cand.is_dir():
            return cand
    return Path("/work/shared") / name


# --------------------------------------------------------------------------------------------
def seed_pages(path: Path, page_starts: tuple[str, ...]) -> list[list[str]]:
    """Physical pages of a seed text, each a list of normalised blocks."""
    pages: list[list[list[str]]] = [[[]]]
    pending = list(page_starts)
    for line in path.read_text(encoding="utf-8").split("\n"):
        if pending and line.startswith(pending[0]):
            pending.pop(0)
            pages.append([[]])
        if line.strip() == "":
            if pages[-1][-1]:
                pages[-1].append([])
            continue
        pages[-1][-1].append(line)
    if pending:
        raise SystemExit(f"{path.name}: page markers not found: {pending}")
    return [[norm("\n".join(b)) for b in page if b] for page in pages]


def load_jsonl(path: Path, errors: list[str]) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f"{path.name}:{n}: empty line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path.name}:{n}: bad JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                errors.append(f"{path.name}:{n}: not an object")
                continue
            obj["_line"] = n
            rows.append(obj)
    return rows


def check_common(q: dict, where: str, words: tuple[int, int], extra: tuple[str, ...], errors: list[str]) -> bool:
    required = ("id", "question", "type", "lang", "evidence", "doc_id", "page") + extra
    missing = [k for k in required if k not in q]
    if missing:
        errors.append(f"{where}: missing fields {missing}")
        return False
    ok = True
    if not isinstance(q["id"], str) or not q["id"]:
        errors.append(f"{where}: id must be a non-empty string"); ok = False
    if not isinstance(q["question"], str) or len(q["question"].strip()) < 3:
        errors.append(f"{where}: question must be a non-empty string"); ok = False
    if q["type"] not in TYPES:
        errors.append(f"{where}: type {q['type']!r} not in {TYPES}"); ok = False
    if q["lang"] not in LANGS:
        errors.append(f"{where}: lang {q['lang']!r} not in {LANGS}"); ok = False
    if q["type"] == "crosslingual" and q["lang"] != "en":
        errors.append(f"{where}: crosslingual questions must have lang 'en'"); ok = False
    if q["type"] == "paraphrase" and q["lang"] != "nl":
        errors.append(f"{where}: paraphrase questions must have lang 'nl'"); ok = False
    ev = q["evidence"]
    if not isinstance(ev, list) or not all(isinstance(e, str) for e in ev):
        errors.append(f"{where}: evidence must be a list of strings"); return False
    if q["type"] == "unanswerable":
        if ev or q["doc_id"] is not None or q["page"] is not None:
            errors.append(f"{where}: unanswerable needs evidence [] and doc_id/page null"); ok = False
    else:
        if not 1 <= len(ev) <= MAX_QUOTES:
            errors.append(f"{where}: needs 1..{MAX_QUOTES} evidence quotes, has {len(ev)}"); ok = False
        if not isinstance(q["page"], int) or isinstance(q["page"], bool) or q["page"] < 1:
            errors.append(f"{where}: page must be a positive int"); ok = False
        for e in ev:
            n = len(e.split())
            if not words[0] <= n <= words[1]:
                errors.append(f"{where}: quote has {n} words (allowed {words[0]}-{words[1]}): {e!r}"); ok = False
            if "\n" in e or "\x00" in e or any(unicodedata.category(c) in ("Cc", "Co", "Cs") for c in e):
                errors.append(f"{where}: quote contains control/odd characters: {e!r}"); ok = False
            if len(norm(e)) < 12:
                errors.append(f"{where}: quote too short to be specific: {e!r}"); ok = False
    return ok


def check_a(rows: list[dict], seeds_dir: Path, errors: list[str]) -> None:
    pages = {d: seed_pages(seeds_dir / spec["file"], spec["page_starts"]) for d, spec in SEED_DOCS.items()}
    for d, spec in SEED_DOCS.items():
        if len(pages[d]) != spec["pages"]:
            errors.append(f"{d}: expected {spec['pages']} pages, found {len(pages[d])}")

    def locate(nq: str) -> list[tuple[str, int]]:
        return [(d, i + 1) for d, pl in pages.items() for i, blocks in enumerate(pl) if any(nq in b for b in blocks)]

    for q in rows:
        where = f"A {q.get('id', '?')} (line {q['_line']})"
        if not check_common(q, where, WORDS_A, (), errors) or q["type"] == "unanswerable":
            continue
        doc, page = q["doc_id"], q["page"]
        if doc not in pages:
            errors.append(f"{where}: doc_id {doc!r} unknown"); continue
        if not 1 <= page <= len(pages[doc]):
            errors.append(f"{where}: page {page} out of range for {doc}"); continue
        for k, quote in enumerate(q["evidence"]):
            nq = norm(quote)
            hits = locate(nq)
            if k == 0:
                if (doc, page) in hits:
                    continue
                page_text = "".join(pages[doc][page - 1])
                if nq in page_text:
                    why = "crosses a blank line"
                elif hits:
                    why = f"found at {hits}"
                else:
                    why = "not found"
                errors.append(f"{where}: first quote not inside one block of {doc} p{page} ({why}): {quote!r}")
            elif not hits:
                errors.append(f"{where}: alternative quote not found inside one block of any page: {quote!r}")


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader  # imported here so part A runs without pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def check_b(rows: list[dict], pdfs_dir: Path, errors: list[str]) -> Counter:
    cache: dict[str, list[str]] = {}
    raw_cache: dict[str, list[str]] = {}
    per_file: Counter = Counter()
    gl_pages: set[int] = set()
    for q in rows:
        where = f"B {q.get('id', '?')} (line {q['_line']})"
        if not check_common(q, where, WORDS_B, ("file",), errors):
            continue
        if q["doc_id"] is not None:
            errors.append(f"{where}: doc_id must be null for the PDF set")
        if q["type"] == "unanswerable":
            if q["file"] is not None:
                errors.append(f"{where}: unanswerable needs file null")
            continue
        fname = q["file"]
        if not isinstance(fname, str) or not (pdfs_dir / fname).is_file():
            errors.append(f"{where}: file {fname!r} not found in {pdfs_dir}"); continue
        per_file[fname] += 1
        if fname not in cache:
            raw = pdf_pages(pdfs_dir / fname)
            cache[fname] = [norm(t) for t in raw]
            raw_cache[fname] = [norm_raw(t) for t in raw]
        texts = cache[fname]
        page = q["page"]
        if not 1 <= page <= len(texts):
            errors.append(f"{where}: page {page} out of range (1-{len(texts)})"); continue
        if fname == "vkp_tk2023_gl-pvda.pdf":
            gl_pages.add(page)
        for quote in q["evidence"]:
            nq = norm(quote)
            if nq in texts[page - 1]:
                if norm_raw(quote) not in raw_cache[fname][page - 1]:
                    errors.append(f"{where}: quote matches only after NFKC (ligature etc. in the PDF text): {quote!r}")
                continue
            found = [i + 1 for i, t in enumerate(texts) if nq in t]
            errors.append(f"{where}: quote not on p{page} of {fname} (found on {found or 'no page'}): {quote!r}")
    for fname, need in MIN_B_FILE.items():
        if per_file[fname] < need:
            errors.append(f"B: {fname} has {per_file[fname]} answerable questions, need >= {need}")
    if len(gl_pages) < MIN_B_GL_DISTINCT_PAGES:
        errors.append(f"B: GL-PvdA questions cover only {len(gl_pages)} distinct pages")
    return per_file


def report(name: str, rows: list[dict]) -> Counter:
    types = Counter(q.get("type") for q in rows)
    langs = Counter(q.get("lang") for q in rows)
    both = Counter((q.get("type"), q.get("lang")) for q in rows)
    print(f"{name}: {len(rows)} questions")
    print("  per type: " + ", ".join(f"{t}={types[t]}" for t in TYPES))
    print("  per lang: " + ", ".join(f"{l}={langs[l]}" for l in LANGS))
    print("  type x lang: " + ", ".join(f"{t}/{l}={n}" for (t, l), n in sorted(both.items())))
    splits = Counter(q.get("split") for q in rows)
    by_split = Counter((q.get("type"), q.get("split")) for q in rows)
    print("  per split: " + ", ".join(f"{s}={splits[s]}" for s in SPLITS))
    print("  type x split: " + ", ".join(f"{t}/{s}={by_split[(t, s)]}" for t in TYPES for s in SPLITS))
    return types


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=default_dir("seeds"))
    ap.add_argument("--pdfs", type=Path, default=default_dir("pdfs"))
    ap.add_argument("--a", type=Path, default=HERE / "dev_questions.jsonl")
    ap.add_argument("--b", type=Path, default=HERE / "shared_pdfs_questions.jsonl")
    args = ap.parse_args()

    errors: list[str] = []
    rows_a = load_jsonl(args.a, errors)
    rows_b = load_jsonl(args.b, errors)

    ids = Counter(q.get("id") for q in rows_a + rows_b)
    for i, n in ids.items():
        if n > 1:
            errors.append(f"duplicate id {i!r} ({n}x)")
    qs = Counter(" ".join(str(q.get("question", "")).casefold().split()) for q in rows_a + rows_b)
    for t, n in qs.items():
        if n > 1:
            errors.append(f"duplicate question text {t!r} ({n}x)")

    for name, rows in (("A", rows_a), ("B", rows_b)):
        for q in rows:
            if q.get("split") not in SPLITS:
                errors.append(f"{name} {q.get('id', '?')} (line {q['_line']}): split {q.get('split')!r} not in {SPLITS}"
                              " (run tests/data/split_questions.py)")

    check_a(rows_a, args.seeds, errors)
    per_file = check_b(rows_b, args.pdfs, errors)

    types_a = report(f"A {args.a.name}", rows_a)
    keyword = sum(
        1 for q in rows_a
        if q.get("type") == "lexical" and not str(q.get("question", "")).rstrip().endswith("?")
        and len(str(q.get("question", "")).split()) <= 6
    )
    print(f"  keyword-style lexical queries: {keyword}")
    docs = Counter(q.get("doc_id") for q in rows_a)
    print("  per doc: " + ", ".join(f"{d}={n}" for d, n in sorted(docs.items(), key=str)))
    pages = Counter((q.get("doc_id"), q.get("page")) for q in rows_a if q.get("doc_id"))
    print("  per page: " + ", ".join(f"{d.split('-')[0]} p{p}={n}" for (d, p), n in sorted(pages.items())))
    if len(rows_a) < MIN_A_TOTAL:
        errors.append(f"A: {len(rows_a)} questions, need >= {MIN_A_TOTAL}")
    for t, need in MIN_A.items():
        if types_a[t] < need:
            errors.append(f"A: {types_a[t]} {t} questions, need >= {need}")
    if keyword < MIN_A_KEYWORD:
        errors.append(f"A: {keyword} keyword-style lexical queries, need >= {MIN_A_KEYWORD}")
    for d, spec in SEED_DOCS.items():
        covered = {p for (doc, p) in pages if doc == d}
        if covered != set(range(1, spec["pages"] + 1)):
            errors.append(f"A: {d} pages without questions: {sorted(set(range(1, spec['pages'] + 1)) - covered)}")

    types_b = report(f"B {args.b.name}", rows_b)
    print("  per file (answerable): " + ", ".join(f"{f}={n}" for f, n in sorted(per_file.items())))
    if len(rows_b) < MIN_B_TOTAL:
        errors.append(f"B: {len(rows_b)} questions, need >= {MIN_B_TOTAL}")
    if types_b["unanswerable"] < MIN_B_UNANSWERABLE:
        errors.append(f"B: {types_b['unanswerable']} unanswerable questions, need >= {MIN_B_UNANSWERABLE}")

    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
