"""Letter and layout boilerplate: letterhead, address, salutation, closing, contact lines, running headers, TOC.

Such text stays searchable (a question about the letter may need it) but never makes an answer: `answer_text`
says what of a sentence may be quoted as an answer (pure).
"""
from __future__ import annotations

import re

# "Geachte heer Buma, …" / "Beste leden, …": the salutation opens the letter's first real sentence; cut it off.
_SALUTATION = re.compile(
    r"^(?:geachte|beste|lieve|hooggeachte|dear)\s+(?:(?:heer|mevrouw|mr\.?|mrs\.?|ms\.?|dhr\.?|mw\.?|leden|"
    r"lezer|relatie|collega'?s?|sir|madam|members|voorzitter|minister|informateur|formateur|kamerleden)\b)?"
    r"[^,:]{0,60}[,:]\s*", re.I)
_CLOSING = re.compile(
    r"\b(?:met\s+vriendelijke\s+groet(?:en)?|hoogachtend|met\s+hartelijke\s+groet(?:en)?|"
    r"kind\s+regards|yours\s+sincerely|met\s+collegiale\s+groet)\b", re.I)
# A Dutch postcode is 4 digits and 2 capitals before a town ("3439 NJ Nieuwegein"): case matters, or a year before a
# short word ("in 2030 is de trend …") would make a policy sentence an address.
_ADDRESS = re.compile(r"\b\d{4}\s?[A-Z]{2}\b\s+[A-Z][a-z]+|(?i:\bpostbus\s+\d+)")
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|\bwww\.[\w-]+\.\w+|\b(?:tel|telefoon|fax)\b\.?\s*[:+\d]|\b0\d{1,2}\s?-\s?\d{3}|"
    r"\bcontact\s+opnemen\b|\bkvk\b|\biban\b|\bons\s+kenmerk\b|\buw\s+kenmerk\b|\bonderwerp\s*:", re.I)
_TOC = re.compile(r"(?:\.{4,}|…{2,}|\s\.\s\.\s\.)\s*\d+\s*$|^\s*(?:inhoud|inhoudsopgave|table of contents)\b", re.I)
_RUNNING = re.compile(r"^\s*(?:pagina|page|blz\.?)\s+\d+(?:\s+(?:van|of)\s+\d+)?\s*$", re.I)

SALUTATION, CLOSING, ADDRESS, CONTACT, TOC, RUNNING = "salutation", "closing", "address", "contact", "toc", "running"


def boilerplate_kind(sentence: str) -> str | None:
    """What kind of boilerplate a sentence is (closing, address, contact, toc, running header), or None."""
    s = " ".join(sentence.split())
    for kind, pattern in ((CLOSING, _CLOSING), (ADDRESS, _ADDRESS), (CONTACT, _CONTACT), (TOC, _TOC),
                          (RUNNING, _RUNNING)):
        if pattern.search(s):
            return kind
    if _SALUTATION.match(s) and len(_SALUTATION.sub("", s, count=1).split()) < 4:
        return SALUTATION
    return None


def answer_text(sentence: str) -> str | None:
    """The part of a sentence that may be quoted as an answer: None for boilerplate, a salutation cut off."""
    if boilerplate_kind(sentence):
        return None
    s = " ".join(sentence.split())
    m = _SALUTATION.match(s)
    if m:
        rest = s[m.end():]
        s = rest[:1].upper() + rest[1:]
    return s
