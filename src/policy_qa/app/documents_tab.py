"""The 'Documenten' tab: the indexed corpus and what ingestion reported; for admins, add, edit, replace, remove.

Readers see the list only; the admin controls are drawn per visitor, and every handler checks the role again on
the server (so the named API routes /add_document, /remove_document … refuse readers too).
"""
# No `from __future__ import annotations`: Gradio reads the handlers' `gr.Request` annotations.

from ..index.staleness import staleness
from . import documents_admin as admin
from .engine import Engine
from .render import render_documents
from .roles import REFUSED, is_admin
from .tabs import Refresh


def build(engine: Engine, refresh: Refresh, timer) -> None:
    """The tab's components and events, inside the caller's `with gr.Tab(...)`; `timer` is the page's status timer."""
    import gradio as gr

    def documents_html() -> str:
        return render_documents(engine.documents(), engine.problems(), engine.manifest())

    def files() -> list[str]:
        return [d.file for d in engine.documents()]

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

    def form(file):
        values = admin.form_for(engine, file)
        return [values[f] for f in admin.FIELDS]

    def prefilled(paths):
        values = admin.prefill_form(paths or [])
        return [values.get(f, gr.skip()) if values else gr.skip() for f in admin.FIELDS]

    docs_html = gr.HTML(documents_html())
    with gr.Group(visible=False, elem_id="pqa-admin") as admin_box:
        gr.Markdown("### Documenten beheren")
        upload = gr.File(label="PDF's toevoegen (sleep ze hierheen)", file_count="multiple", file_types=[".pdf"],
                         type="filepath", elem_id="pqa-upload")
        with gr.Row():
            chosen = gr.Dropdown(files(), label="Of kies een opgenomen document om te wijzigen", value=None,
                                 elem_id="pqa-doc-select")
        with gr.Row():
            title = gr.Textbox(label="Titel", elem_id="pqa-f-title")
            kind = gr.Textbox(label="Soort (brief, manifest, …)", elem_id="pqa-f-kind")
            date = gr.Textbox(label="Datum (JJJJ-MM)", elem_id="pqa-f-date")
        with gr.Row():
            organisation = gr.Textbox(label="Organisatie", elem_id="pqa-f-org")
            description = gr.Textbox(label="Omschrijving", elem_id="pqa-f-desc")
        with gr.Row():
            add_btn = gr.Button("Toevoegen", variant="primary", elem_id="pqa-add")
            save_btn = gr.Button("Gegevens opslaan", elem_id="pqa-save")
            replace_btn = gr.Button("Vervang PDF door de upload", elem_id="pqa-replace")
            remove_btn = gr.Button("Verwijderen", variant="stop", elem_id="pqa-remove")
            rebuild_btn = gr.Button("Index bijwerken", size="sm", elem_id="pqa-rebuild")
    note = gr.Markdown("", elem_id="pqa-admin-note")

    fields = [title, kind, date, organisation, description]
    refresh.on_swap(docs_html, documents_html)
    refresh.on_swap(chosen, lambda: gr.Dropdown(choices=files()))
    refresh.on_load(admin_box, lambda request: gr.Group(visible=is_admin(request)))
    upload.upload(prefilled, [upload], fields, api_visibility="private")
    chosen.change(form, [chosen], fields, api_visibility="private")
    out = [note, timer]
    add_btn.click(add_ui, [upload, *fields], out, api_name="add_document")
    save_btn.click(save_ui, [chosen, *fields], out, api_name="edit_document")
    replace_btn.click(replace_ui, [upload, chosen, *fields], out, api_name="replace_document")
    remove_btn.click(remove_ui, [chosen], out, api_name="remove_document")
    rebuild_btn.click(rebuild_ui, None, out, api_visibility="undocumented")
