"""The page: header, controls, breadcrumb, map beside the table / profile / priority tabs."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.components.ranking import ranking_panel
from dashboard.components.search import search_box
from dashboard.components.table import table_panel
from dashboard.i18n import LANGS, labels, t
from dashboard.model.classify import K_MAX, K_MIN, SCHEMES


#: labels of the indicator menu (dash Dropdown ``labels``), from the locale files
DROPDOWN_LABELS = ("select_all", "deselect_all", "search", "clear_search", "clear_selection",
                   "no_options_found")


def dropdown_labels(lang: str) -> dict:
    """The texts dcc.Dropdown draws itself, in ``lang``."""
    out = {key: t(f"dropdown.{key}", lang) for key in DROPDOWN_LABELS}
    # dash fills {num_selected} itself: keep the placeholder as written in the locale file
    out["selected_count"] = labels(lang)["dropdown.selected_count"]
    return out


def scheme_options(lang: str) -> list[dict]:
    return [{"label": t(f"scheme.{s}", lang), "value": s} for s in SCHEMES]


def page(*, lang: str, title: str, subtitle: str, indicator: str | None,
         options: list[dict], scheme: str, k: int, map_panel, footer: list,
         sort: dict) -> html.Div:
    """The whole page shell (static; callbacks fill the moving parts)."""
    locale_data = {code: labels(code) for code in LANGS}
    return html.Div(className="pd-app", lang=lang, children=[
        dcc.Location(id=ids.LOCATION, refresh=False),
        dcc.Store(id=ids.TABLE_SORT, data=sort),
        dcc.Store(id=ids.TABLE_PAGE, data=0),
        dcc.Store(id=ids.LOCALES, data=locale_data),
        dcc.Download(id=ids.DOWNLOAD),
        dcc.Download(id=ids.REPORT_DOWNLOAD),
        _header(title, subtitle, lang=lang),
        _controls(indicator, options, scheme, k, lang=lang),
        html.Div(className="pd-crumbbar", children=[
            html.Nav(id=ids.BREADCRUMB, className="pd-breadcrumb",
                     **{"aria-label": t("nav.breadcrumb", lang)}),
            search_box(lang=lang),
        ]),
        html.Main(className="pd-main", children=[
            map_panel,
            html.Aside(_tabs(sort, lang=lang), className="pd-side"),
        ]),
        html.Footer(footer, id=ids.FOOTER, className="pd-footer"),
    ])


def _controls(indicator: str | None, options: list[dict], scheme: str, k: int, *,
              lang: str) -> html.Div:
    def label(key: str, target: str | None = None):
        return html.Label(t(key, lang), id=ids.text(key), className="pd-label-text",
                          htmlFor=target)
    return html.Div(className="pd-controls", children=[
        html.Div(className="pd-control pd-control-wide", children=[
            label("control.indicator", ids.INDICATOR),
            dcc.Dropdown(id=ids.INDICATOR, options=options, value=indicator, clearable=False,
                         searchable=True, className="pd-dropdown", optionHeight=44,
                         maxHeight=460, labels=dropdown_labels(lang)),
        ]),
        html.Div(className="pd-control", children=[
            label("control.scheme"),
            dcc.RadioItems(id=ids.SCHEME, value=scheme, inline=True, className="pd-radio",
                           options=scheme_options(lang)),
        ]),
        html.Div(className="pd-control", children=[
            label("control.classes"),
            dcc.RadioItems(id=ids.K, value=k, inline=True, className="pd-radio",
                           options=[{"label": str(n), "value": n}
                                    for n in range(K_MIN, K_MAX + 1)]),
        ]),
        html.Div(className="pd-control", children=[
            label("control.unit"),
            html.Div(id=ids.UNIT, className="pd-unit-links"),
        ]),
    ])


def _header(title: str, subtitle: str, *, lang: str) -> html.Header:
    return html.Header(className="pd-header", children=[
        html.Div(className="pd-brand", children=[
            html.H1(t("app.title", lang), id=ids.text("app.title")),
            html.Div(title_lines(title, subtitle), id=ids.TITLE),
        ]),
        html.Div(className="pd-lang", children=[
            html.Span(t("control.language", lang), id=ids.text("control.language"),
                      className="pd-label-text"),
            dcc.RadioItems(id=ids.LANG, value=lang, inline=True, className="pd-radio",
                           options=[{"label": code.upper(), "value": code} for code in LANGS]),
        ]),
    ])


def _tabs(sort: dict, *, lang: str) -> dcc.Tabs:
    return dcc.Tabs(id=ids.TABS, value="tabel", className="pd-tabs", children=[
        dcc.Tab(label=t("tab.table", lang), value="tabel", className="pd-tab", id=ids.TAB_TABLE,
                selected_className="pd-tab-selected",
                children=[table_panel(lang=lang, sort=sort)]),
        dcc.Tab(label=t("tab.profile", lang), value="profil", className="pd-tab",
                id=ids.TAB_PROFILE,
                selected_className="pd-tab-selected",
                children=[html.Div(id=ids.PROFILE, className="pd-profile")]),
        dcc.Tab(label=t("tab.rank", lang), value="prioritas", className="pd-tab",
                id=ids.TAB_RANK, selected_className="pd-tab-selected",
                children=[ranking_panel(lang=lang)]),
    ])


# -------------------------------------------------------------------------------------------
# the moving parts: title, footer, breadcrumb, unit links, the "not found" notice
# -------------------------------------------------------------------------------------------

def title_lines(title: str, subtitle: str) -> list:
    """The dataset's name and the line under it (the data period)."""
    return [html.Span(title, className="pd-dataset"),
            html.Span(subtitle, className="pd-dataset-sub")]


def footer_items(parts: list[str]) -> list:
    return [html.Span(p, className="pd-footer-item") for p in parts]


def crumbs(items: list[tuple[str, str | None]]) -> list:
    """The breadcrumb: links up to the current area (``path`` ``None``: the current one)."""
    out = []
    for i, (label, path) in enumerate(items):
        if i:
            out.append(html.Span("›", className="pd-crumb-sep", **{"aria-hidden": "true"}))
        if path is None:
            out.append(html.Span(label, className="pd-crumb pd-crumb-current",
                                 **{"aria-current": "page"}))
        else:
            out.append(html.A(label, href=path, className="pd-crumb pd-nav"))
    return out


def unit_links(units: list[tuple[str, str, bool]], *, lang: str) -> list:
    """One link per unit the area can be drawn in (``(unit, path, current)``)."""
    out = []
    for unit, path, current in units:
        cls = "pd-unit-link pd-nav" + (" pd-unit-current" if current else "")
        out.append(html.A(t(f"level.{unit}", lang), href=path, className=cls,
                          **({"aria-current": "true"} if current else {})))
    return out


def not_found_notice(lang: str) -> list:
    """The notice of a path that is not an area of the dataset, with the way home."""
    return [html.Span(t("notice.not_found", lang)), " ",
            html.A(t("notice.home", lang), href="/", className="pd-nav")]
