"""Callbacks of the import page: each checks its input, calls one method of the
:class:`~dashboard.model.impor.service.ImportService` and formats the answer with one builder
of the page.

The browser holds only the import's token and small counters ("stamps") that tell the
renderers to draw again; file contents go to the server once, with the upload, and the
upload components are emptied in the same answer.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import ALL, Input, Output, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from layers.errors import InputError

from dashboard.i18n import lang_or_default, t
from dashboard.pages.impor import ids
from dashboard.pages.impor.common import bilingual, size_text
from dashboard.pages.impor.layout import report_parts
from dashboard.pages.impor.uploads import files_panel, progress_view
from dashboard.pages.impor.versions import note_view, serving_text, versions_table

DUP = {"allow_duplicate": True}


def register(app, service) -> None:
    """Attach every callback of the import page to ``app`` (``service``: the page's
    :class:`~dashboard.model.impor.service.ImportService`)."""
    _language(app, service)
    if not service.enabled:
        return
    _upload(app, service, ids.BOUNDARY_UPLOAD, "batas")
    _upload(app, service, ids.HOUSEHOLDS_UPLOAD, "rumah_tangga")
    for step in (_remove, _files, _build, _resolve, _poll, _report, _download, _finish,
                 _versions, _notes):
        step(app, service)


def _clicked() -> dict | str:
    """The id of the button that fired the callback; no update when none was clicked (a list
    of buttons drawn again fires with no click)."""
    trigger = ctx.triggered_id
    if not trigger or not (ctx.triggered and ctx.triggered[0].get("value")):
        raise PreventUpdate
    return trigger


# -------------------------------------------------------------------------------------------
# language
# -------------------------------------------------------------------------------------------

def _language(app, service) -> None:
    @app.callback(Output(ids.LANG, "value"), Input(ids.LOCATION, "hash"),
                  State(ids.LANG, "value"))
    def lang_from_hash(hash_, lang):
        wanted = parse_qs(str(hash_ or "").lstrip("#")).get("l", [None])[0]
        if wanted not in ("id", "en") or wanted == lang:
            raise PreventUpdate
        return wanted

    outputs = [Output(ids.text(ALL), "children")]
    if service.enabled:
        outputs.append(Output(ids.LIMIT, "children"))

    @app.callback(*outputs, Input(ids.LANG, "value"), State(ids.text(ALL), "id"))
    def texts(lang, id_list):
        lang = lang_or_default(lang)
        out = [t(i["key"], lang) for i in id_list]
        if not service.enabled:
            return out
        return out, t("import.limit", lang, size=size_text(service.max_bytes, lang))


# -------------------------------------------------------------------------------------------
# step 1: uploads
# -------------------------------------------------------------------------------------------

def _upload(app, service, field: str, role: str) -> None:
    """Check and keep the uploads of one field (``role`` ``"batas"`` or ``"rumah_tangga"``);
    one callback per field, so files put into both fields at once are two requests (the server
    puts both into the page's import)."""
    @app.callback(
        Output(ids.FILES_STAMP, "data", **DUP), Output(field, "contents"),
        Output(ids.BUILD_NOTE, "children", **DUP),
        Input(field, "contents"),
        State(field, "filename"), State(ids.CLIENT, "data"), State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def on_upload(data, names, client, lang):
        if not data:
            raise PreventUpdate
        try:
            service.upload(client, role, data, names)
        except InputError as err:
            return no_update, None, bilingual(str(err), lang_or_default(lang))
        return service.stamp(), None, []


def _remove(app, service) -> None:
    @app.callback(
        Output(ids.FILES_STAMP, "data", **DUP),
        Input(ids.remove(ALL), "n_clicks"),
        State(ids.CLIENT, "data"),
        prevent_initial_call=True,
    )
    def on_remove(_clicks, client):
        key = _clicked()["key"]
        if not service.remove_upload(service.token(client), key):
            raise PreventUpdate
        return service.stamp()


def _files(app, service) -> None:
    @app.callback(
        Output(ids.FILES, "children"), Output(ids.BUILD, "disabled"),
        Output(ids.BUILD_HINT, "children"),
        Input(ids.FILES_STAMP, "data"), Input(ids.LANG, "value"), Input(ids.PERIOD, "value"),
        State(ids.CLIENT, "data"),
    )
    def render_files(_stamp, lang, period, client):
        state = service.files_state(service.token(client), period)
        return files_panel(state, lang=lang_or_default(lang), max_bytes=service.max_bytes)


# -------------------------------------------------------------------------------------------
# step 2 and 3: builds, progress, the check report, name decisions
# -------------------------------------------------------------------------------------------

def _build(app, service) -> None:
    @app.callback(
        Output(ids.POLL, "disabled", **DUP), Output(ids.BUILD_NOTE, "children", **DUP),
        Output(ids.PROGRESS, "children", **DUP), Output(ids.FILES_STAMP, "data", **DUP),
        Output(ids.REPORT_STAMP, "data", **DUP), Output(ids.PUBLISH_INFO, "data", **DUP),
        Input(ids.BUILD, "n_clicks"),
        State(ids.PERIOD, "value"), State(ids.CLIENT, "data"), State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def on_build(n, period, client, lang):
        lang = lang_or_default(lang)
        if not n:
            raise PreventUpdate
        token = service.token(client)
        try:
            service.start_build(token, period)
        except InputError as err:
            return (no_update, bilingual(str(err), lang), no_update, no_update, no_update,
                    no_update)
        return (False, [], progress_view(service.jobs.state(token), lang=lang),
                service.stamp(), None, None)


def _resolve(app, service) -> None:
    @app.callback(
        Output(ids.POLL, "disabled", **DUP), Output(ids.RESOLVE_NOTE, "children", **DUP),
        Input(ids.RESOLVE, "n_clicks"),
        State(ids.choice(ALL), "value"), State(ids.choice(ALL), "id"),
        State(ids.CLIENT, "data"), State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def on_resolve(n, values, id_list, client, lang):
        lang = lang_or_default(lang)
        if not n:
            raise PreventUpdate
        token = service.token(client)
        choices = service.choices(token, values, id_list)
        if not choices:
            return no_update, t("import.review.nothing_chosen", lang)
        try:
            service.start_rerun(token, choices)
        except InputError as err:
            return no_update, bilingual(str(err), lang)
        return False, progress_view(service.jobs.state(token), lang=lang)


def _poll(app, service) -> None:
    @app.callback(
        Output(ids.PROGRESS, "children", **DUP), Output(ids.RESOLVE_NOTE, "children", **DUP),
        Output(ids.POLL, "disabled", **DUP), Output(ids.REPORT_STAMP, "data", **DUP),
        Output(ids.FILES_STAMP, "data", **DUP),
        Input(ids.POLL, "n_intervals"),
        State(ids.CLIENT, "data"), State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def on_poll(_n, client, lang):
        state = service.jobs.state(service.token(client))
        if state is None:
            return no_update, no_update, True, no_update, no_update
        view = progress_view(state, lang=lang_or_default(lang))
        # a rebuild after name decisions shows its progress under the review list
        progress, note = (no_update, view) if state["kind"] == "bangun_ulang" else (
            view, no_update)
        if state["state"] == "running":
            return progress, note, False, no_update, no_update
        report = service.stamp() if state["state"] == "done" else no_update
        return progress, note, True, report, service.stamp()


def _report(app, service) -> None:
    @app.callback(
        Output(ids.CHECK, "children"), Output(ids.REVIEW, "children"),
        Output(ids.PUBLISH_SECTION, "style"), Output(ids.REJECTED_BUTTON, "disabled"),
        Output(ids.RESOLVE, "disabled"),
        Input(ids.REPORT_STAMP, "data"), Input(ids.LANG, "value"),
        State(ids.CLIENT, "data"),
    )
    def render_report(stamp, lang, client):
        report = service.report(service.token(client)) if stamp else None
        return report_parts(report, lang=lang_or_default(lang))


def _download(app, service) -> None:
    @app.callback(
        Output(ids.REJECTED_DOWNLOAD, "data"),
        Input(ids.REJECTED_BUTTON, "n_clicks"), State(ids.CLIENT, "data"),
        prevent_initial_call=True,
    )
    def on_download(n, client):
        if not n:
            raise PreventUpdate
        content, name = service.rejected_file(service.token(client))
        return dcc.send_bytes(content, name, type="text/csv")


# -------------------------------------------------------------------------------------------
# step 4: publish, discard, versions
# -------------------------------------------------------------------------------------------

def _finish(app, service) -> None:
    """Publish or discard: the note, then what ends with the import (report, files, versions,
    progress, the review's note); both buttons are disabled while either runs."""
    ends = (Output(ids.REPORT_STAMP, "data", **DUP), Output(ids.FILES_STAMP, "data", **DUP),
            Output(ids.VERSIONS_STAMP, "data", **DUP), Output(ids.PROGRESS, "children", **DUP),
            Output(ids.RESOLVE_NOTE, "children", **DUP))
    busy = [(Output(ids.PUBLISH, "disabled"), True, False),
            (Output(ids.DISCARD, "disabled"), True, False)]

    @app.callback(Output(ids.PUBLISH_INFO, "data", **DUP), *ends,
                  Input(ids.PUBLISH, "n_clicks"), Input(ids.DISCARD, "n_clicks"),
                  State(ids.CLIENT, "data"), prevent_initial_call=True, running=busy)
    def on_finish(_publish, _discard, client):
        action = "publish" if _clicked() == ids.PUBLISH else "discard"
        try:
            note = service.finish(client, action)
        except InputError as err:
            return ({"galat": str(err)},) + (no_update,) * 5
        versions = service.stamp() if action == "publish" else no_update
        return note, None, service.stamp(), versions, [], []


def _versions(app, service) -> None:
    @app.callback(
        Output(ids.VERSIONS_INFO, "data"), Output(ids.VERSIONS_STAMP, "data", **DUP),
        Input(ids.switch(ALL), "n_clicks"), Input(ids.delete(ALL), "submit_n_clicks"),
        prevent_initial_call=True,
    )
    def on_version(_switch, _delete):
        trigger = _clicked()
        action = "switch" if trigger["type"] == ids.switch.type else "delete"
        try:
            note = service.act_on_version(action, trigger["version"])
        except InputError as err:
            return {"galat": str(err)}, no_update
        return note, service.stamp()

    @app.callback(Output(ids.VERSIONS, "children"), Output(ids.AREA, "children"),
                  Input(ids.VERSIONS_STAMP, "data"), Input(ids.LANG, "value"))
    def render_versions(_stamp, lang):
        lang = lang_or_default(lang)
        return (versions_table(service.versions(), lang=lang, zone=service.settings.timezone),
                serving_text(service.live, lang))


def _notes(app, service) -> None:
    @app.callback(Output(ids.PUBLISH_NOTE, "children"), Input(ids.PUBLISH_INFO, "data"),
                  Input(ids.LANG, "value"))
    def render_publish_note(info, lang):
        return note_view(info, lang=lang_or_default(lang))

    @app.callback(Output(ids.VERSIONS_NOTE, "children"), Input(ids.VERSIONS_INFO, "data"),
                  Input(ids.LANG, "value"))
    def render_versions_note(info, lang):
        return note_view(info, lang=lang_or_default(lang))
