"""What an admin does in the Documenten tab, as plain functions: add, replace, edit, remove — then rebuild.

Each returns a one-line Dutch message; a refusal changes nothing. The rebuild is incremental (only the changed
file is read and encoded) and runs in the background while the old index keeps answering.
"""
from __future__ import annotations

from pathlib import Path

from ..ingest.catalogue import CatalogueError, load_catalogue
from ..ingest.corpus_edit import Refused, add_document, edit_entry, prefill, remove_document
from ..ingest.files import sha256_file
from .engine import Engine

FIELDS = ("title", "kind", "date", "organisation", "description")


def known_files(engine: Engine) -> dict[str, tuple[str, str]]:
    """sha256 → (title, file) of every indexed document (what a duplicate upload is compared with)."""
    out = {}
    for d in engine.documents():
        path = engine.pdf_path(d.file)
        out[d.sha256 or (sha256_file(path) if path else "")] = (d.title, d.file)
    return out


def form_for(engine: Engine, file: str | None) -> dict:
    """The catalogue fields of one corpus file (for the edit form)."""
    try:
        entry = load_catalogue(engine.settings.corpus_dir).get(file or "")
    except CatalogueError:
        entry = None
    doc = next((d for d in engine.documents() if d.file == file), None)
    source = entry or doc
    return {f: getattr(source, f, "") if source else "" for f in FIELDS}


def prefill_form(paths: list[str]) -> dict:
    """Title and date proposed for the first uploaded PDF."""
    if not paths:
        return {}
    p = Path(paths[0])
    guess = prefill(p.read_bytes(), p.name)
    return {"title": guess.title, "date": guess.date}


def _rebuilt(engine: Engine, what: str) -> str:
    started = engine.rebuild(what)
    return " De index wordt bijgewerkt." if started else " Er loopt al een bouw; daarna nog eens ‘Index bijwerken’."


def add(engine: Engine, paths: list[str], fields: dict, replace: str | None = None) -> str:
    """Add the uploaded PDFs (or replace one file) with the form's catalogue fields."""
    if not paths:
        return "Kies eerst een of meer PDF-bestanden."
    s = engine.settings
    done, refused = [], []
    for p in map(Path, paths):
        try:
            rel = add_document(s.corpus_dir, p.name, p.read_bytes(), dict(fields), max_bytes=s.max_upload_mb * 10**6,
                               ocr=s.ocr, known=known_files(engine), replace=replace)
            done.append(rel)
        except (Refused, CatalogueError, OSError) as exc:
            refused.append(str(exc))
        if replace:
            break
    msg = (f"Toegevoegd: {', '.join(done)}." if done else "") + "".join(f" Geweigerd: {r}" for r in refused)
    return msg.strip() + (_rebuilt(engine, "document toegevoegd") if done else "")


def edit(engine: Engine, file: str, fields: dict) -> str:
    try:
        edit_entry(engine.settings.corpus_dir, file, dict(fields))
    except (Refused, CatalogueError) as exc:
        return f"Niet opgeslagen: {exc}"
    return f"Opgeslagen: {file}." + _rebuilt(engine, "catalogus gewijzigd")


def remove(engine: Engine, file: str) -> str:
    try:
        moved = remove_document(engine.settings.corpus_dir, file)
    except (Refused, CatalogueError) as exc:
        return f"Niet verwijderd: {exc}"
    return (f"Verwijderd: {file} (terug te zetten uit {moved.parent.name}/{moved.name})."
            + _rebuilt(engine, "document verwijderd"))
