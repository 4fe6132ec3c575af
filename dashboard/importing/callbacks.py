"""Callbacks of the import page: each a few lines over one :class:`ImportService` method and
one builder of :mod:`dashboard.importing.layout`.

The browser holds only the import's token and small counters ("stamps") that tell the
renderers to draw again; file contents go to the server once, with the upload, and the
upload components are emptied in the same answer.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from layers.errors import InputError

from ..i18n import lang_or_default, t
from . import ids
from .layout import (bilingual, build_hint, check_panel, choices_from, file_table,
                     note_view, progress_view, review_panel, serving_text, size_text,
                     versions_table)
from .service import ImportService, summary, valid_period

DUP = {"allow_duplicate": True}


def register(app, service: ImportService) -> None:
    """Attach every callback of the import page to ``app``."""
    _language(app, service)
    if service.enabled:
        _uploads(app, service)
        _builds(app, service)
        _publish(app, service)


# -------------------------------------------------------------------------------------------
# language
# -------------------------------------------------------------------------------------------

def _language(app, service: ImportService) -> None:
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

def _uploads(app, service: ImportService) -> None:
    def add(client, lang, **files):
        """Check and keep uploads; one callback per upload field, so files put into both
        fields at once are two requests (the server puts both into the page's import)."""
        try:
            service.add_uploads(service.token(client, create=True), **files)
        except InputError as err:
            return no_update, None, bilingual(str(err), lang_or_default(lang))
        return service.stamp(), None, []

    @app.callback(
        Output(ids.FILES_STAMP, "data", **DUP), Output(ids.BOUNDARY_UPLOAD, "contents"),
        Output(ids.BUILD_NOTE, "children", **DUP),
        Input(ids.BOUNDARY_UPLOAD, "contents"),
        State(ids.BOUNDARY_UPLOAD, "filename"), State(ids.CLIENT, "data"),
        State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def on_boundary(data, name, client, lang):
        if not data:
            raise PreventUpdate
        if isinstance(data, list):                       # one file only, whatever was sent
            data, name = data[0], (name[0] if isinstance(name, list) else name)
        return add(client, lang, boundary=(name, data))

    @app.callback(
        Output(ids.FILES_STAMP, "data", **DUP), Output(ids.HOUSEHOLDS_UPLOAD, "contents"),
        Output(ids.BUILD_NOTE, "children", **DUP),
        Input(ids.HOUSEHOLDS_UPLOAD, "contents"),
        State(ids.HOUSEHOLDS_UPLOAD, "filename"), State(ids.CLIENT, "data"),
        State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def on_households(data, names, client, lang):
        if not data:
            raise PreventUpdate
        data = data if isinstance(data, list) else [data]
        names = names if isinstance(names, list) else [names]
        return add(client, lang, households=list(zip(names, data)))

    @app.callback(
        Output(ids.FILES_STAMP, "data", **DUP),
        Input(ids.remove(ALL), "n_clicks"),
        State(ids.CLIENT, "data"),
        prevent_initial_call=True,
    )
    def on_remove(_clicks, client):
        trigger = ctx.triggered_id
        if not trigger or not (ctx.triggered and ctx.triggered[0].get("value")):
            raise PreventUpdate
        if not service.remove_upload(service.token(client), trigger["key"]):
            raise PreventUpdate
        return service.stamp()

    @app.callback(
        Output(ids.FILES, "children"), Output(ids.BUILD, "disabled"),
        Output(ids.BUILD_HINT, "children"),
        Input(ids.FILES_STAMP, "data"), Input(ids.LANG, "value"), Input(ids.PERIOD, "value"),
        State(ids.CLIENT, "data"),
    )
    def render_files(_stamp, lang, period, client):
        lang = lang_or_default(lang)
        token = service.token(client)
        files = service.files(token)
        if not files and service.jobs.running(token):
            table = html.P(t("import.files.building", lang), className="imp-hint")
        elif not files:
            report = service.report(token)
            built = [(str(i), f) for i, f in enumerate((report or {}).get("files") or [])]
            table = file_table(built, lang=lang, built=True)
        else:
            table = file_table([(f.key, f.entry) for f in files], lang=lang)
        s = summary(files, max_bytes=service.max_bytes)
        hint = build_hint(s, valid_period(period) is not None, lang=lang,
                          max_bytes=service.max_bytes)
        if service.jobs.running(token):
            hint = t("import.running", lang)
        return table, bool(hint), hint if files or service.jobs.running(token) else ""


# -------------------------------------------------------------------------------------------
# step 2 and 3: builds, progress, the check report, name decisions
# -------------------------------------------------------------------------------------------

def _builds(app, service: ImportService) -> None:
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
        report = service.report(token) or {}
        choices = choices_from(values or [], id_list or [], report.get("review") or [])
        if not choices:
            return no_update, t("import.review.nothing_chosen", lang)
        try:
            service.start_rerun(token, choices)
        except InputError as err:
            return no_update, bilingual(str(err), lang)
        return False, progress_view(service.jobs.state(token), lang=lang)

    @app.callback(
        Output(ids.PROGRESS, "children", **DUP), Output(ids.RESOLVE_NOTE, "children", **DUP),
        Output(ids.POLL, "disabled", **DUP), Output(ids.REPORT_STAMP, "data", **DUP),
        Output(ids.FILES_STAMP, "data", **DUP),
        Input(ids.POLL, "n_intervals"),
        State(ids.CLIENT, "data"), State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def on_poll(_n, client, lang):
        lang = lang_or_default(lang)
        token = service.token(client)
        state = service.jobs.state(token)
        if state is None:
            return no_update, no_update, True, no_update, no_update
        view = progress_view(state, lang=lang)
        rerun = state["kind"] == "bangun_ulang"
        progress, note = (no_update, view) if rerun else (view, no_update)
        if state["state"] == "running":
            return progress, note, False, no_update, no_update
        report = service.stamp() if state["state"] == "done" else no_update
        return progress, note, True, report, service.stamp()

    @app.callback(
        Output(ids.CHECK, "children"), Output(ids.REVIEW, "children"),
        Output(ids.PUBLISH_SECTION, "style"), Output(ids.REJECTED_BUTTON, "disabled"),
        Output(ids.RESOLVE, "disabled"),
        Input(ids.REPORT_STAMP, "data"), Input(ids.LANG, "value"),
        State(ids.CLIENT, "data"),
    )
    def render_report(stamp, lang, client):
        lang = lang_or_default(lang)
        report = service.report(service.token(client)) if stamp else None
        if report is None:
            return [], [], {"display": "none"}, True, True
        return (check_panel(report, lang=lang), review_panel(report, lang=lang),
                {"display": "block"}, not (report.get("rejected") or {}).get("jumlah"),
                not report.get("review"))

    @app.callback(
        Output(ids.REJECTED_DOWNLOAD, "data"),
        Input(ids.REJECTED_BUTTON, "n_clicks"), State(ids.CLIENT, "data"),
        prevent_initial_call=True,
    )
    def on_download(n, client):
        if not n:
            raise PreventUpdate
        token = service.token(client)
        report = service.report(token) or {}
        name = f"baris_ditolak_{report.get('periode') or 'impor'}.csv"
        return dcc.send_bytes(service.rejected_csv(token), name, type="text/csv")


# -------------------------------------------------------------------------------------------
# step 4: publish, discard, versions
# -------------------------------------------------------------------------------------------

def _publish(app, service: ImportService) -> None:
    ends = (Output(ids.REPORT_STAMP, "data", **DUP), Output(ids.FILES_STAMP, "data", **DUP),
            Output(ids.VERSIONS_STAMP, "data", **DUP), Output(ids.PROGRESS, "children", **DUP),
            Output(ids.RESOLVE_NOTE, "children", **DUP))
    busy = [(Output(ids.PUBLISH, "disabled"), True, False),
            (Output(ids.DISCARD, "disabled"), True, False)]

    @app.callback(Output(ids.PUBLISH_INFO, "data", **DUP), *ends,
                  Input(ids.PUBLISH, "n_clicks"), State(ids.CLIENT, "data"),
                  prevent_initial_call=True, running=busy)
    def on_publish(n, client):
        if not n:
            raise PreventUpdate
        try:
            version = service.publish(service.token(client))
        except InputError as err:
            return ({"galat": str(err)},) + (no_update,) * 5
        service.forget_client(client)
        return ({"key": "import.published", "version": version}, None, service.stamp(),
                service.stamp(), [], [])

    @app.callback(Output(ids.PUBLISH_INFO, "data", **DUP), *ends,
                  Input(ids.DISCARD, "n_clicks"), State(ids.CLIENT, "data"),
                  prevent_initial_call=True, running=busy)
    def on_discard(n, client):
        if not n:
            raise PreventUpdate
        try:
            service.discard(service.token(client))
        except InputError as err:
            return ({"galat": str(err)},) + (no_update,) * 5
        service.forget_client(client)
        return {"key": "import.discarded"}, None, service.stamp(), no_update, [], []

    @app.callback(
        Output(ids.VERSIONS_INFO, "data"), Output(ids.VERSIONS_STAMP, "data", **DUP),
        Input(ids.switch(ALL), "n_clicks"), Input(ids.delete(ALL), "submit_n_clicks"),
        prevent_initial_call=True,
    )
    def on_version(_switch, _delete):
        trigger = ctx.triggered_id
        if not trigger or not (ctx.triggered and ctx.triggered[0].get("value")):
            raise PreventUpdate
        version = trigger["version"]
        try:
            if trigger["type"] == "imp-switch":
                service.switch(version)
                note = {"key": "import.published", "version": version}
            else:
                service.delete(version)
                note = {"key": "import.versions.deleted", "version": version}
        except InputError as err:
            return {"galat": str(err)}, no_update
        return note, service.stamp()

    @app.callback(Output(ids.PUBLISH_NOTE, "children"), Input(ids.PUBLISH_INFO, "data"),
                  Input(ids.LANG, "value"))
    def render_publish_note(info, lang):
        return note_view(info, lang=lang_or_default(lang))

    @app.callback(Output(ids.VERSIONS_NOTE, "children"), Input(ids.VERSIONS_INFO, "data"),
                  Input(ids.LANG, "value"))
    def render_versions_note(info, lang):
        return note_view(info, lang=lang_or_default(lang))

    @app.callback(Output(ids.VERSIONS, "children"), Output(ids.AREA, "children"),
                  Input(ids.VERSIONS_STAMP, "data"), Input(ids.LANG, "value"))
    def render_versions(_stamp, lang):
        lang = lang_or_default(lang)
        return versions_table(service.versions(), lang=lang), serving_text(service.live, lang)
