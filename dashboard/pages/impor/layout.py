"""The import page's shell: header, stores and the sections of each step (static; callbacks
fill the moving parts with the builders of :mod:`~dashboard.pages.impor.uploads`,
:mod:`~dashboard.pages.impor.check`, :mod:`~dashboard.pages.impor.review` and
:mod:`~dashboard.pages.impor.versions`, pure functions of plain dicts, so each can be tested
without a browser).
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.i18n import LANGS, t
from dashboard.pages.impor import ids
from dashboard.pages.impor.check import check_panel
from dashboard.pages.impor.common import locale_text, size_text
from dashboard.pages.impor.review import review_panel

#: how often the page asks for a build's progress (ms)
POLL_MS = 400


def page(*, lang: str, enabled: bool, max_bytes: int, area: str = "",
         client: str = "") -> html.Div:
    """The whole import page (static; callbacks fill the moving parts).

    Parameters
    ----------
    enabled
        ``False`` when the app serves one dataset folder read-only: the page says why and
        offers no upload.
    max_bytes
        Size limit of one import (shown).
    area
        Name of the area the dashboard serves now (shown in the header).
    client
        A random key of this page load: the server finds the page's import by it.
    """
    if not enabled:
        body = [html.Section(className="imp-section imp-readonly", children=[
            locale_text("import.readonly", lang, html.P, className="imp-notice")])]
    else:
        note = html.Div(id=ids.PUBLISH_NOTE, className="imp-note imp-publish-note",
                        role="status")
        body = [_upload_section(lang, max_bytes), _result_sections(lang), note,
                _versions_section(lang)]
    return html.Div(className="imp-app", lang=lang, children=_stores(client) + [
        _header(lang, area), html.Main(body, className="imp-main")])


def report_parts(report: dict[str, Any] | None, *, lang: str) -> tuple:
    """What the check report shows: the check panel, the review list, the style of the
    result sections (hidden without a report), and whether the rejected rows' download and
    the "save and rebuild" button are disabled."""
    if report is None:
        return [], [], {"display": "none"}, True, True
    return (check_panel(report, lang=lang), review_panel(report, lang=lang),
            {"display": "block"}, not (report.get("rejected") or {}).get("jumlah"),
            not report.get("review"))


def _header(lang: str, area: str) -> html.Header:
    """The app's name (a link to the map), the page title, the area served, the way back and
    the language switch."""
    return html.Header(className="imp-header", children=[
        html.Div(className="imp-brand", children=[
            html.A(t("app.title", lang), href="/", className="imp-home"),
            locale_text("import.title", lang, html.H1),
            html.Span(area, className="imp-area", id=ids.AREA),
        ]),
        html.Div(className="imp-header-right", children=[
            html.A(t("import.back", lang), href="/", id=ids.text("import.back"),
                   className="imp-back"),
            html.Span(t("control.language", lang), className="imp-label",
                      id=ids.text("control.language")),
            dcc.RadioItems(id=ids.LANG, value=lang, inline=True, className="imp-radio",
                           options=[{"label": c.upper(), "value": c} for c in LANGS]),
        ]),
    ])


def _stores(client: str) -> list:
    """The page's invisible parts: location, the import's key, the stamps, the poll."""
    return [dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Store(id=ids.CLIENT, data=client),
            dcc.Store(id=ids.FILES_STAMP, data=0),
            dcc.Store(id=ids.REPORT_STAMP, data=None),
            dcc.Store(id=ids.VERSIONS_STAMP, data=0),
            dcc.Store(id=ids.PUBLISH_INFO, data=None),
            dcc.Store(id=ids.VERSIONS_INFO, data=None),
            dcc.Interval(id=ids.POLL, interval=POLL_MS, disabled=True),
            dcc.Download(id=ids.REJECTED_DOWNLOAD)]


def _upload_section(lang: str, max_bytes: int) -> html.Section:
    """Step 1: the two drop zones, the files, the period and the build button, the progress."""
    return html.Section(className="imp-section", children=[
        locale_text("import.step.upload", lang, html.H2),
        locale_text("import.intro", lang, html.P, className="imp-intro"),
        html.Div(className="imp-drops", children=[
            _drop(ids.BOUNDARY_UPLOAD, "import.boundary", "import.drop",
                  "import.boundary_hint", lang, multiple=False),
            _drop(ids.HOUSEHOLDS_UPLOAD, "import.households", "import.drop_many",
                  "import.households_hint", lang, multiple=True),
        ]),
        html.P(t("import.limit", lang, size=size_text(max_bytes, lang)),
               className="imp-hint", id=ids.LIMIT),
        html.Div(id=ids.FILES, className="imp-files"),
        html.Div(className="imp-build-row", children=[
            html.Label(htmlFor=ids.PERIOD, className="imp-label", children=t("import.period", lang),
                       id=ids.text("import.period")),
            dcc.Input(id=ids.PERIOD, type="text", className="imp-input", placeholder="2026-11",
                      debounce=False, maxLength=7, autoComplete="off"),
            html.Button(locale_text("import.build", lang), id=ids.BUILD, n_clicks=0,
                        disabled=True, className="imp-button imp-primary"),
            html.Span(id=ids.BUILD_HINT, className="imp-hint"),
        ]),
        html.Div(id=ids.BUILD_NOTE, className="imp-note", role="status"),
        html.Div(id=ids.PROGRESS, className="imp-progress", **{"aria-live": "polite"}),
        locale_text("import.privacy", lang, html.P, className="imp-hint"),
    ])


def _result_sections(lang: str) -> html.Div:
    """Steps 2 to 4, hidden until a build has a check report."""
    return html.Div(id=ids.PUBLISH_SECTION, style={"display": "none"}, children=[
        html.Section(className="imp-section", children=[
            locale_text("import.step.check", lang, html.H2),
            html.Div(id=ids.CHECK, className="imp-check"),
            html.Div(className="imp-actions", children=[
                html.Button(locale_text("import.rejected.download", lang),
                            id=ids.REJECTED_BUTTON, n_clicks=0, className="imp-button"),
                locale_text("import.rejected.privacy", lang, html.Span, className="imp-hint"),
            ]),
        ]),
        html.Section(className="imp-section", children=[
            locale_text("import.step.review", lang, html.H2),
            html.Div(id=ids.REVIEW, className="imp-review"),
            html.Div(className="imp-actions", children=[
                html.Button(locale_text("import.review.save", lang), id=ids.RESOLVE,
                            n_clicks=0, className="imp-button"),
            ]),
            html.Div(id=ids.RESOLVE_NOTE, className="imp-note", role="status"),
        ]),
        html.Section(className="imp-section", children=[
            locale_text("import.step.publish", lang, html.H2),
            locale_text("import.publish.intro", lang, html.P, className="imp-intro"),
            html.Div(className="imp-actions", children=[
                html.Button(locale_text("import.publish", lang), id=ids.PUBLISH, n_clicks=0,
                            className="imp-button imp-primary"),
                html.Button(locale_text("import.discard", lang), id=ids.DISCARD, n_clicks=0,
                            className="imp-button"),
            ]),
        ]),
    ])


def _versions_section(lang: str) -> html.Section:
    """The published versions, with their note."""
    return html.Section(className="imp-section", children=[
        locale_text("import.versions", lang, html.H2),
        html.Div(id=ids.VERSIONS_NOTE, className="imp-note", role="status"),
        html.Div(id=ids.VERSIONS, className="imp-versions"),
    ])


def _drop(id_: str, title: str, prompt: str, hint: str, lang: str, *,
          multiple: bool) -> html.Div:
    """A drop zone (``dcc.Upload``) with its title, prompt and hint."""
    return html.Div(className="imp-drop-box", children=[
        locale_text(title, lang, html.Div, className="imp-drop-title"),
        dcc.Upload(id=id_, multiple=multiple, className="imp-drop",
                   className_active="imp-drop-active", children=html.Div([
                       locale_text(prompt, lang, html.Div, className="imp-drop-text"),
                       locale_text(hint, lang, html.Div, className="imp-hint"),
                   ])),
    ])
