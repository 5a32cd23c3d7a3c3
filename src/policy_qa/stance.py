"""Stance explorer: Metaalunie's positions on a topic, per document and over time.

Passages are split into statements (bullet items and sentences). A statement is a *position* when it is a
bullet under a demand lead-in ("Wat wij vragen van de politiek:", "Concrete voorstellen:", "Hiervoor is
nodig:"), starts with an imperative ("Investeer …", "Los … op") or states a demand ("vraagt om", "moet het
kabinet", "is nodig"). It is *on the topic* when more than half of a topic term's words occur in it (or in
the demand it is a sub-item of); a word found only in its section heading or background counts half.
A document with no such statement is silent on the topic: listed, with no positions.
"""
from __future__ import annotations

import argparse
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .lexical import stem, tokenize, words
from .models import DocumentInfo, Passage

TOPICS_FILE = "topics.toml"

# Imperatives that open a proposal ("Investeer in …", "Los netcongestie op"); lower-case, Dutch.
IMPERATIVES = frozenset("""
investeer los behoud zet maak geef versterk stop koester ontwikkel koppel gebruik benut bouw haal reserveer kies
richt stimuleer borg ontkoppel breng omarm blijf laat creëer creeer sluit versnel verlaag verminder schaf houd zorg
neem voer help steun ondersteun verbeter vereenvoudig beperk verhoog schrap betrek durf hervorm leg stel verruim
verbreed vergroot verklein voorkom werk kom bied erken beloon faciliteer schep verdubbel
""".split())

# Sentences that announce a list of demands; the bullets after them are positions.
_LEAD_IN = re.compile(
    r"(wat\s+wij\s+vragen|wij\s+vragen|concrete\s+voorstellen|voorstellen|hiervoor\s+is\s+nodig|daarvoor\s+is\s+nodig|"
    r"is\s+(?:daarom\s+)?nodig|inzet\s+voor|wij\s+pleiten|onze\s+wensen|wensen|voorbeelden)[^:]*:\s*$",
    re.I)
# Demands stated in a sentence rather than a list.
_DEMAND = re.compile(
    r"\b(?:vraagt|vragen)\s+(?:wij\s+|metaalunie\s+)?om\b|\bpleit(?:en)?\b|\bis\s+essentieel\s+dat\b|"
    r"\b(?:is|zijn)\s+(?:daarom\s+|dus\s+)?(?:hard\s+|dringend\s+)?nodig\b|\b(?:is|zijn)\b[^.]{0,80}\bnodig\s*[.!]?$|"
    r"\bis\s+het\s+(?:wel\s+)?(?:van\s+(?:groot\s+)?belang|belangrijk|essentieel)\b|"
    r"\bhet\s+is\s+(?:daarom\s+)?(?:van\s+(?:groot\s+)?belang|belangrijk|essentieel)\s+dat\b|\bis\s+essentieel[.!]?$|"
    r"\bmoet\s+je\b|"
    r"\bmoet(?:en)?\s+worden\b|\bmoet(?:en)?\b[^.]{0,40}\b(?:overheid|kabinet|politiek|ministerie|regering|nederland)\b|"
    r"\b(?:overheid|kabinet|politiek|ministerie|regering)\b[^.]{0,40}\bmoet(?:en)?\b",
    re.I)
_SENTENCE = re.compile(r"(?<=[.!?’”])\s+(?=[A-Z0-9‘“\"(])")
_LABEL_PREFIX = re.compile(r"^[^:.]{1,60}:\s+(?=\S)")
_WORD = re.compile(r"[^\W\d_]+", re.U)

LIST_DEMAND, IMPERATIVE, DEMAND = "list", "imperative", "demand"
STRENGTH = {LIST_DEMAND: 1.0, IMPERATIVE: 1.0, DEMAND: 0.8}  # a stated demand is a softer position than a proposal
OWN, CONTEXT = 1.0, 0.5  # weight of a topic word found in the statement vs. only in its heading/background
MIN_COVERAGE = 0.5  # a statement is on the topic when its coverage of some term is strictly above this


class TopicError(ValueError):
    """The topic list cannot be read, or a topic has no words: the message says which and why."""


@dataclass(frozen=True)
class Topic:
    """A topic from corpus/topics.toml, or a free-text topic (its own text is its one term)."""

    key: str
    label: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """One bullet item or sentence of a passage, with what makes it a position and its surroundings."""

    doc_id: str
    page: int
    section: str
    text: str
    kind: str | None  # LIST_DEMAND, IMPERATIVE, DEMAND, or None for background
    parent: str = ""  # the demand this bullet is a sub-item of ("Los netcongestie versneld op: …")
    order: int = 0  # reading order within the corpus


@dataclass(frozen=True)
class Position:
    """A position on the topic, cited with page and section; score = topic coverage × position strength."""

    text: str
    page: int
    section: str
    score: float
    kind: str

    def to_dict(self) -> dict:
        return {"text": self.text, "page": self.page, "section": self.section, "score": round(self.score, 3)}


@dataclass(frozen=True)
class DocumentStance:
    """What one document says on the topic: its catalogue facts and positions in reading order."""

    document: DocumentInfo
    positions: tuple[Position, ...] = ()

    def to_dict(self) -> dict:
        d = self.document
        return {"doc_id": d.doc_id, "title": d.title, "kind": d.kind, "date": d.date, "file": d.file,
                "positions": [p.to_dict() for p in self.positions]}


@dataclass(frozen=True)
class Stance:
    """The answer to "what is Metaalunie's position on X?": every document, ordered by date."""

    topic: Topic
    documents: tuple[DocumentStance, ...] = field(default=())

    def to_dict(self) -> dict:
        return {"topic": self.topic.label, "documents": [d.to_dict() for d in self.documents]}


# ---------------------------------------------------------------- topics


def load_topics(corpus_dir: Path) -> tuple[Topic, ...]:
    """The staff-editable topic list; no file means no predefined topics (free text still works)."""
    path = Path(corpus_dir) / TOPICS_FILE
    if not path.exists():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TopicError(f"{path.name}: not valid TOML ({exc})") from None
    topics = []
    for i, raw in enumerate(data.get("topic", []), start=1):
        if not isinstance(raw, dict) or not str(raw.get("label") or "").strip():
            raise TopicError(f"{path.name}: topic #{i} has no 'label'")
        terms = raw.get("terms", [])
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise TopicError(f"{path.name}: topic #{i} ('{raw['label']}'): 'terms' must be a list of strings")
        label = str(raw["label"]).strip()
        key = str(raw.get("id") or label).strip()
        topics.append(Topic(key, label, tuple(dict.fromkeys([label, *[t.strip() for t in terms if t.strip()]]))))
    return tuple(topics)


def resolve_topic(text: str, topics: tuple[Topic, ...] = ()) -> Topic:
    """The listed topic whose id, label or one of whose terms is `text` (any case); else a free-text topic."""
    q = " ".join(str(text or "").split())
    if not tokenize(q):
        raise TopicError("the topic is empty: type a topic with at least one word, e.g. 'netcongestie'")
    low = q.casefold()
    for t in topics:
        if low in (t.key.casefold(), t.label.casefold()):
            return t
    for t in topics:
        if any(low == term.casefold() for term in t.terms):
            return t
    return Topic(q, q, (q,))


# ---------------------------------------------------------------- statements


def _first_word(text: str) -> str:
    """The first word of a statement, past bullet marks, quotes and a short 'Label: ' prefix."""
    s = text.lstrip("•‘’“”\"'–- ").strip()
    m = _WORD.search(_LABEL_PREFIX.sub("", s, count=1)[:40])
    return m.group(0).lower() if m else ""


def position_kind(text: str, under_lead_in: bool, bullet: bool) -> str | None:
    """LIST_DEMAND, IMPERATIVE or DEMAND when the statement takes a position; None for background."""
    if bullet and under_lead_in:
        return LIST_DEMAND
    if _first_word(text) in IMPERATIVES:
        return IMPERATIVE
    if _DEMAND.search(text) and not _LEAD_IN.search(text):
        return DEMAND
    return None


_TITLE_END = re.compile(r"[:.]\s|\s(?=[A-Z][a-zë]+\b)")
_BODY_START = IMPERATIVES | {"we", "wij", "dit", "dat", "het", "de", "om", "door", "zo"}


def _head(text: str) -> str:
    """The proposal a bullet opens with: up to ':' / '.', or to where its body starts ('… (LLO) Maak …')."""
    text = text.lstrip("• ")
    for m in _TITLE_END.finditer(text):
        if m.group(0)[0] in ":." or text[m.end():].split(" ", 1)[0].lower() in _BODY_START:
            return text[:m.start()].strip()
    return text.strip()


def statements(passages: tuple[Passage, ...] | list[Passage]) -> list[Statement]:
    """Every bullet item and sentence of the passages, in reading order, each marked position or background.

    A demand lead-in holds for the bullets after it in the same section; a bullet that itself ends with a
    lead-in ("… Hiervoor is nodig:") becomes the parent of the bullets after it.
    """
    out: list[Statement] = []
    ordered = sorted(passages, key=lambda p: (p.doc_id, p.page, p.char_start))
    where, lead, parent = None, False, ""
    for p in ordered:
        if (p.doc_id, p.section) != where:
            where, lead, parent = (p.doc_id, p.section), False, ""
        for line in p.text.split("\n"):
            line = line.strip()
            if not line:
                continue
            if line.startswith("•"):
                text = line.lstrip("• ").strip()
                kind = position_kind(text, lead, bullet=True)
                if _LEAD_IN.search(text):  # "• Los netcongestie op: … Hiervoor is nodig:" opens a sub-list
                    out.append(Statement(p.doc_id, p.page, p.section, text, kind, "", len(out)))
                    lead, parent = True, _head(text)
                else:
                    out.append(Statement(p.doc_id, p.page, p.section, text, kind, parent, len(out)))
                continue
            for sentence in _SENTENCE.split(line):
                sentence = sentence.strip()
                if not sentence:
                    continue
                if sentence.endswith(":"):
                    lead = lead or bool(_LEAD_IN.search(sentence))
                    continue
                lead, parent = False, ""
                out.append(Statement(p.doc_id, p.page, p.section, sentence,
                                     position_kind(sentence, False, bullet=False), "", len(out)))
    return out


# ---------------------------------------------------------------- relevance


@dataclass(frozen=True)
class Bag:
    """The words of a text as written (lower-case) and as Dutch stems, for topic matching."""

    words: frozenset[str]
    stems: frozenset[str]

    @classmethod
    def of(cls, text: str) -> "Bag":
        ws = words(text)
        return cls(frozenset(ws), frozenset(stem(w) for w in ws))

    def __contains__(self, word: str) -> bool:
        """Same stem, or (5+ letters) the word starts or ends a compound here ('defensie' in 'defensiebudget')."""
        if stem(word) in self.stems:
            return True
        return len(word) >= 5 and any(w.startswith(word) or w.endswith(word) for w in self.words)


def coverage(term: str, own: Bag, context: Bag) -> float:
    """Share of the term's words found: in the statement (weight 1) or only in its heading/background (½)."""
    ws = list(dict.fromkeys(words(term)))
    if not ws:
        return 0.0
    return sum(OWN if w in own else CONTEXT if w in context else 0.0 for w in ws) / len(ws)


@dataclass(frozen=True)
class StanceIndex:
    """The statements of a corpus with their stems, computed once per loaded index."""

    documents: tuple[DocumentInfo, ...]
    statements: tuple[Statement, ...]
    own: tuple[Bag, ...]
    context: tuple[Bag, ...]

    @classmethod
    def build(cls, passages, documents) -> "StanceIndex":
        sts = tuple(statements(passages))
        background: dict[tuple[str, str], list[str]] = {}
        for s in sts:
            texts = background.setdefault((s.doc_id, s.section), [s.section])
            if s.kind is None:
                texts.append(s.text)
        ctx_bags = {key: Bag.of(" ".join(texts)) for key, texts in background.items()}
        own = tuple(Bag.of(f"{s.parent} {s.text}") for s in sts)
        ctx = tuple(ctx_bags[(s.doc_id, s.section)] for s in sts)
        return cls(tuple(documents), sts, own, ctx)

    def relevance(self, i: int, topic: Topic) -> float:
        """How well statement i covers the topic: the best coverage over the topic's terms."""
        return max((coverage(t, self.own[i], self.context[i]) for t in topic.terms), default=0.0)

    def stance(self, topic: Topic, doc_ids: frozenset[str] = frozenset()) -> Stance:
        """Positions on the topic per document (documents by date, positions in reading order)."""
        found: dict[str, list[Position]] = {}
        for i, s in enumerate(self.statements):
            if s.kind is None or (doc_ids and s.doc_id not in doc_ids):
                continue
            rel = self.relevance(i, topic)
            if rel > MIN_COVERAGE:
                found.setdefault(s.doc_id, []).append(
                    Position(s.text, s.page, s.section, rel * STRENGTH[s.kind], s.kind))
        docs = sorted((d for d in self.documents if not doc_ids or d.doc_id in doc_ids),
                      key=lambda d: (d.date or "9999", d.doc_id))
        return Stance(topic, tuple(DocumentStance(d, tuple(found.get(d.doc_id, ()))) for d in docs))


_CACHE: dict[int, tuple[object, StanceIndex]] = {}


def stance_index(index) -> StanceIndex:
    """The StanceIndex of a LoadedIndex, built on first use and kept while that index is in use."""
    hit = _CACHE.get(id(index))
    if hit is None or hit[0] is not index:
        _CACHE.clear()
        hit = (index, StanceIndex.build(index.passages, index.documents))
        _CACHE[id(index)] = hit
    return hit[1]


def explore(retriever, topic_text: str, topics: tuple[Topic, ...] = ()) -> Stance:
    """Metaalunie's positions on `topic_text` (a listed topic or free text) across the retriever's index."""
    return stance_index(retriever.index).stance(resolve_topic(topic_text, topics))


def overview(retriever, topics: tuple[Topic, ...]) -> tuple[tuple[DocumentInfo, ...], tuple[tuple[Topic, tuple[int, ...]], ...]]:
    """Topics × documents: for each topic the number of positions per document (documents by date)."""
    sx = stance_index(retriever.index)
    rows = []
    docs: tuple[DocumentInfo, ...] = ()
    for t in topics:
        st = sx.stance(t)
        docs = tuple(d.document for d in st.documents)
        rows.append((t, tuple(len(d.positions) for d in st.documents)))
    if not topics:
        docs = tuple(sorted(sx.documents, key=lambda d: (d.date or "9999", d.doc_id)))
    return docs, tuple(rows)


# ---------------------------------------------------------------- command line


def _print_text(st: Stance) -> None:
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


def cmd_stance(args) -> int:
    from .cli import UsageError, _settings, open_retriever

    settings = _settings(args)
    try:
        topics = load_topics(settings.corpus_dir)
        topic = resolve_topic(args.topic, topics)
    except TopicError as exc:
        raise UsageError(str(exc)) from None
    retriever = open_retriever(settings)
    st = stance_index(retriever.index).stance(topic)
    if args.json:
        print(json.dumps(st.to_dict(), ensure_ascii=False))
    else:
        _print_text(st)
    return 0


def register_cli(subparsers, common, search_opts) -> None:
    """Add `policy-qa stance "TOPIC" [--index DIR] [--json]`."""
    p = subparsers.add_parser("stance", help="Metaalunie's positions on a topic, per document and over time",
                              formatter_class=argparse.RawDescriptionHelpFormatter,
                              epilog="Listed topics (corpus/topics.toml) can be named by id, label or term; "
                                     "any other text is a free-text topic.")
    p.add_argument("topic", help='a topic, e.g. "netcongestie" or "tekort aan technische vakmensen"')
    common(p, corpus=True)
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.set_defaults(func=cmd_stance)
