"""The corpus catalogue (corpus/catalogue.toml): facts per PDF, and who the assistant speaks for.

`[[document]]` tables give title, kind, date, organisation and description per file; the optional `[assistant]`
table names the organisation, the example questions and extra framing words, so that no code names them.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..records import DocumentFacts
from ..text import slug

CATALOGUE_FILE = "catalogue.toml"


class CatalogueError(ValueError):
    """The catalogue file cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Assistant:
    """Who the documents speak for and how the app introduces them (all optional in the catalogue)."""

    organisation: str = ""
    short_name: str = ""
    examples: tuple[str, ...] = ()
    framing_words: tuple[str, ...] = ()  # words that frame a question ("standpunt") rather than name its topic

    def to_dict(self) -> dict:
        return {"organisation": self.organisation, "short_name": self.short_name,
                "examples": list(self.examples), "framing_words": list(self.framing_words)}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Assistant":
        d = d if isinstance(d, dict) else {}
        return cls(str(d.get("organisation") or ""), str(d.get("short_name") or ""),
                   tuple(str(x) for x in d.get("examples") or ()), tuple(str(x) for x in d.get("framing_words") or ()))


def _read(corpus_dir: Path) -> dict:
    path = Path(corpus_dir) / CATALOGUE_FILE
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path.name}: not valid TOML ({exc})") from None


def load_catalogue(corpus_dir: Path) -> dict[str, DocumentFacts]:
    """Entries by file name relative to the corpus folder; no file means no entries."""
    data = _read(corpus_dir)
    entries: dict[str, DocumentFacts] = {}
    for i, raw in enumerate(data.get("document", []), start=1):
        if not isinstance(raw, dict) or not raw.get("file"):
            raise CatalogueError(f"{CATALOGUE_FILE}: document #{i} has no 'file'")
        file = str(raw["file"])
        entries[file] = DocumentFacts(
            doc_id=str(raw.get("id") or slug(Path(file).stem)),
            title=str(raw.get("title") or Path(file).stem),
            kind=str(raw.get("kind") or "document"),
            date=str(raw.get("date") or ""),
            organisation=str(raw.get("organisation") or ""),
            description=str(raw.get("description") or ""),
            file=file,
        )
    return entries


def load_assistant(corpus_dir: Path) -> Assistant:
    """The `[assistant]` table; the organisation defaults to the one most documents name."""
    data = _read(corpus_dir)
    raw = data.get("assistant")
    if raw is not None and not isinstance(raw, dict):
        raise CatalogueError(f"{CATALOGUE_FILE}: [assistant] must be a table")
    assistant = Assistant.from_dict(raw)
    if not assistant.organisation:
        orgs = [str(d.get("organisation")) for d in data.get("document", []) if isinstance(d, dict) and d.get("organisation")]
        if orgs:
            assistant = Assistant(max(set(orgs), key=orgs.count), assistant.short_name, assistant.examples,
                                  assistant.framing_words)
    return assistant


def fallback_entry(file: str, pdf_title: str | None, first_heading: str | None, pdf_date: str = "") -> DocumentFacts:
    """For a PDF dropped in without a catalogue entry: titled from its metadata, else its first heading."""
    title = pdf_title or first_heading or Path(file).stem.replace("_", " ")
    return DocumentFacts(slug(Path(file).stem), title, "document", pdf_date, "", "", file)
