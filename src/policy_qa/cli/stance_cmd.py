"""`policy-qa stance TOPIC [--json]`: the positions on a topic per document, oldest document first."""
from __future__ import annotations

import argparse
import json

from ..stance.explorer import Stance, explore
from ..stance.topics import TopicError, load_topics
from .common import UsageError, add_common, open_retriever, settings_from


def run(args) -> int:
    settings = settings_from(args)
    retriever = open_retriever(settings)
    try:
        st = explore(retriever, args.topic, load_topics(settings.corpus_dir), settings.max_topic_chars)
    except TopicError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(st.to_dict(), ensure_ascii=False))
    else:
        print_stance(st)
    return 0


def print_stance(st: Stance) -> None:
    print(f"Standpunten over: {st.topic.label}")
    for ds in st.documents:
        d = ds.document
        print(f"\n== {d.title} ({d.kind}, {d.date}) — {d.file}")
        if not ds.positions:
            print("   (geen standpunt over dit onderwerp in dit document)")
        for p in ds.positions:
            print(f"   • p. {p.page}: {p.text}")
            if p.section:
                print(f"     § {p.section}")
    docs = {ds.document.doc_id: ds.document for ds in st.documents}
    for ch in st.changes:
        a, b = docs[ch.before], docs[ch.after]
        print(f"\n== Wat veranderde van {a.date or a.title} naar {b.date or b.title}")
        for title, items in (("Nieuw", [(p.page, p.text) for p in ch.new]),
                             ("Niet meer genoemd", [(p.page, p.text) for p in ch.dropped]),
                             ("Blijft", [(c.after.page, f"{c.before.text}  →  {c.after.text}") for c in ch.continued])):
            print(f"   {title} ({len(items)}):")
            for page, text in items:
                print(f"   • p. {page}: {text}")


def register(sub) -> None:
    p = sub.add_parser("stance", help="the positions on a topic, per document and over time",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="Listed topics (corpus/topics.toml) can be named by id, label or term; "
                              "any other text is a free-text topic.")
    p.add_argument("topic", help='a topic, e.g. "netcongestie" or "tekort aan technische vakmensen"')
    add_common(p, corpus=True)
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.set_defaults(func=run)
