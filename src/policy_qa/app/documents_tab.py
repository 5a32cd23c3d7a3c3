"""The 'Documenten' tab: the indexed corpus and what ingestion reported; for admins, add, edit, replace, remove.

Readers see the list only; the admin controls are drawn per visitor, and every handler checks the role again on
the server (so the named API routes /add_document, /remove_document … refuse readers too).
"""
# No `from __future__ import annotations`: Gradio reads the handlers' `gr.Request` annotations.

from dataclasses import dataclass

from ..index.store import stale as staleness
from . import documents_admin as admin
from .engine import Engine
from .render import render_documents
from .roles import REFUSED, is_admin
from .tabs import Refresh


@dataclass(frozen=True)
class AdminForm:
    """The admin controls of the tab (hidden for readers)."""

    box: object
    upload: object
    chosen: object
    fields: tuple
    add: object
    save: object
    replace: object
    remove: object
    rebuild: object


def _form(gr, files: list[str]) -> AdminForm:
    with gr.Group(visible=False, elem_id="pqa-admin") as box:
        gr.Markdown("### Documenten beheren")
        upload = gr.File(label="PDF's toevoegen (sleep ze hierheen)", file_count="multiple", file_types=[".pdf"],
                         type="filepath", elem_id="pqa-upload")
        chosen = gr.Dropdown(files, label="Of kies een opgenomen document om te wijzigen", value=None,
                             elem_id="pqa-doc-select")
        with gr.Row():
            title = gr.Textbox(label="Titel", elem_id="pqa-f-title")
            kind = gr.Textbox(label="Soort (brief, manifest, …)", elem_id="pqa-f-kind")
            date = gr.Textbox(label="Datum (JJJJ-MM)", elem_id="pqa-f-date")
        with gr.Row():
            organisation = gr.Textbox(label="Organisatie", elem_id="pqa-f-org")
            description = gr.Textbox(label="Omschrijving", elem_id="pqa-f-desc")
        with gr.Row():
            buttons = [gr.Button("Toevoegen", variant="primary", elem_id="pqa-add"),
                       gr.Button("Gegevens opslaan", elem_id="pqa-save"),
                       gr.Button("Vervang PDF door de upload", elem_id="pqa-replace"),
                       gr.Button("Verwijderen", variant="stop", elem_id="pqa-remove"),
                       gr.Button("Index bijwerken", size="sm", elem_id="pqa-rebuild")]
    return AdminForm(box, upload, chosen, (title, kind, date, organisation, description), *buttons)


def _actions(engine: Engine) -> dict:
    """The server-side handlers; each checks the role of the calling user first."""
    import gradio as gr

    def allowed(request: gr.Request) -> None:
        if not is_admin(request):
            raise gr.Error(REFUSED)

    def add_ui(paths, t, k, d, o, desc, request: gr.Request):
        allowed(request)
        return admin.add(engine, paths or [], dict(zip(admin.FIELDS, (t, k, d, o, desc)))), gr.Timer(active=True)

    def save_ui(file, t, k, d, o, desc, request: gr.Request):
        allowed(request)
        return admin.edit(engine, file, dict(zip(admin.FIELDS, (t, k, d, o, desc)))), gr.Timer(active=True)

    def replace_ui(paths, file, t, k, d, o, desc, request: gr.Request):
        allowed(request)
        fields = dict(zip(admin.FIELDS, (t, k, d, o, desc)))
        return admin.add(engine, paths or [], fields, replace=file), gr.Timer(active=True)

    def remove_ui(file, request: gr.Request):
        allowed(request)
        return admin.remove(engine, file), gr.Timer(active=True)

    def rebuild_ui(request: gr.Request):
        allowed(request)
        wait = engine.may_rebuild_on_request()
        if wait:
            return f"Even geduld: over {wait:.0f} s kan de index opnieuw worden bijgewerkt.", gr.Timer(active=True)
        reason = staleness(engine.settings)
        if reason is None:
            return "De index is al bijgewerkt.", gr.Timer(active=True)
        started = engine.rebuild(reason)
        return ("De index wordt bijgewerkt…" if started else "Er loopt al een bouw."), gr.Timer(active=True)

    return {"add_document": add_ui, "edit_document": save_ui, "replace_document": replace_ui,
            "remove_document": remove_ui, "rebuild_ui": rebuild_ui}


def build(engine: Engine, refresh: Refresh, timer) -> None:
    """The tab's components and events, inside the caller's `with gr.Tab(...)`; `timer` is the page's status timer."""
    import gradio as gr

    def documents_html() -> str:
        return render_documents(engine.documents(), engine.problems(), engine.manifest())

    def files() -> list[str]:
        return [d.file for d in engine.documents()]

    def form(file):
        values = admin.form_for(engine, file)
        return [values[f] for f in admin.FIELDS]

    def prefilled(paths):
        values = admin.prefill_form(paths or [])
        return [values.get(f, gr.skip()) if values else gr.skip() for f in admin.FIELDS]

    docs_html = gr.HTML(documents_html())
    f = _form(gr, files())
    note = gr.Markdown("", elem_id="pqa-admin-note")
    refresh.on_swap(docs_html, documents_html)
    refresh.on_swap(f.chosen, lambda: gr.Dropdown(choices=files()))
    refresh.on_load(f.box, lambda request: gr.Group(visible=is_admin(request)))
    f.upload.upload(prefilled, [f.upload], list(f.fields), api_visibility="private")
    f.chosen.change(form, [f.chosen], list(f.fields), api_visibility="private")
    act, out = _actions(engine), [note, timer]
    f.add.click(act["add_document"], [f.upload, *f.fields], out, api_name="add_document")
    f.save.click(act["edit_document"], [f.chosen, *f.fields], out, api_name="edit_document")
    f.replace.click(act["replace_document"], [f.upload, f.chosen, *f.fields], out, api_name="replace_document")
    f.remove.click(act["remove_document"], [f.chosen], out, api_name="remove_document")
    f.rebuild.click(act["rebuild_ui"], None, out, api_visibility="undocumented")
