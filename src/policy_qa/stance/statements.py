"""Statements: passages split into bullet items and sentences, each marked as a position or as background.

A statement is a *position* when it is a bullet under a demand lead-in ("Wat wij vragen van de politiek:",
"Concrete voorstellen:", "Hiervoor is nodig:"), starts with an imperative ("Investeer …", "Los … op") or states a
demand ("vraagt om", "moet het kabinet", "is nodig"). A section heading that proposes ("3. Breng de MKB-maakindustrie
qua verduurzaming in positie", "Opleiden voor de toekomst – investeer in …") is a position of its own: the letter's
demands are its headings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Passage
from ..text import BULLET, split_sentences

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
_LABEL_PREFIX = re.compile(r"^[^:.]{1,60}:\s+(?=\S)")
_WORD = re.compile(r"[^\W\d_]+", re.U)

LIST_DEMAND, IMPERATIVE, DEMAND = "list", "imperative", "demand"
STRENGTH = {LIST_DEMAND: 1.0, IMPERATIVE: 1.0, DEMAND: 0.8}  # a stated demand is a softer position than a proposal


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


_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
_CLAUSE = re.compile(r"\s+[–—-]\s+|:\s+")


def heading_position(section: str) -> str:
    """A heading that proposes, without its numbering ('2. Opleiden voor de toekomst – investeer in …'), or ''
    when it only names a subject ('Vakmensen', 'Tenslotte'): some clause of it opens with an imperative."""
    title = _NUMBERING.sub("", section or "", count=1).strip()
    if any(_first_word(clause) in IMPERATIVES for clause in _CLAUSE.split(title)):
        return title
    return ""


def statements(passages: tuple[Passage, ...] | list[Passage], headings: bool = False) -> list[Statement]:
    """Every bullet item and sentence of the passages, in reading order, each marked position or background;
    with `headings`, a section's proposing heading (heading_position) first, once per section.

    A demand lead-in holds for the bullets after it in the same section; a bullet that itself ends with a
    lead-in ("… Hiervoor is nodig:") becomes the parent of the bullets after it.
    """
    out: list[Statement] = []
    ordered = sorted(passages, key=lambda p: (p.doc_id, p.page, p.char_start))
    where, lead, parent = None, False, ""
    for p in ordered:
        if (p.doc_id, p.section) != where:
            where, lead, parent = (p.doc_id, p.section), False, ""
            title = heading_position(p.section) if headings else ""
            if title and not p.text.lstrip().startswith(title):
                out.append(Statement(p.doc_id, p.page, p.section, title, IMPERATIVE, "", len(out)))
        for line in p.text.split("\n"):
            line = line.strip()
            if not line:
                continue
            if line.startswith(BULLET):
                text = line.lstrip("• ").strip()
                kind = position_kind(text, lead, bullet=True)
                if _LEAD_IN.search(text):  # "• Los netcongestie op: … Hiervoor is nodig:" opens a sub-list
                    out.append(Statement(p.doc_id, p.page, p.section, text, kind, "", len(out)))
                    lead, parent = True, _head(text)
                else:
                    out.append(Statement(p.doc_id, p.page, p.section, text, kind, parent, len(out)))
                continue
            for sentence in split_sentences(line):
                if sentence.endswith(":"):
                    lead = lead or bool(_LEAD_IN.search(sentence))
                    continue
                lead, parent = False, ""
                out.append(Statement(p.doc_id, p.page, p.section, sentence,
                                     position_kind(sentence, False, bullet=False), "", len(out)))
    return out


