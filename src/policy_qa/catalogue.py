"""The corpus catalogue (corpus/catalogue.toml): title, kind, date, organisation and description per PDF."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

CATALOGUE_FILE = "catalogue.toml"


@dataclass(frozen=True)
class Entry:
    file: str
    doc_id: str
    title: str
    kind: str
    date: str
    organisation: str
    description: str


class CatalogueError(ValueError):
    """The catalogue file cannot be read; the message names the file and the problem."""


def slug(text: str) -> str:
    """A stable, readable document id from a file name."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or "document"


def load_catalogue(corpus_dir: Path) -> dict[str, Entry]:
    """Entries by file name relative to the corpus folder; no file means no entries."""
    path = Path(corpus_dir) / CATALOGUE_FILE
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path.name}: not valid TOML ({exc})") from None
    entries: dict[str, Entry] = {}
    for i, raw in enumerate(data.get("document", []), start=1):
        if not isinstance(raw, dict) or not raw.get("file"):
            raise CatalogueError(f"{path.name}: document #{i} has no 'file'")
        file = str(raw["file"])
        entries[file] = Entry(
            file=file,
            doc_id=str(raw.get("id") or slug(Path(file).stem)),
            title=str(raw.get("title") or Path(file).stem),
            kind=str(raw.get("kind") or "document"),
            date=str(raw.get("date") or ""),
            organisation=str(raw.get("organisation") or ""),
            description=str(raw.get("description") or ""),
        )
    return entries


def fallback_entry(file: str, pdf_title: str | None, first_heading: str | None, pdf_date: str = "") -> Entry:
    """For a PDF dropped in without a catalogue entry: titled from its metadata, else its first heading."""
    title = pdf_title or first_heading or Path(file).stem.replace("_", " ")
    return Entry(file, slug(Path(file).stem), title, "document", pdf_date, "", "")
