"""The page: header, controls, breadcrumb, map beside the table / profile / priority tabs."""

from __future__ import annotations

from dash import dcc, html

from .. import ids
from ..classify import K_MAX, K_MIN, SCHEMES
from ..i18n import LANGS, labels, t
from ..store import IndicatorInfo
from .ranking import TAB_RANK, ranking_panel
from .table import table_panel


def indicator_options(indicators: list[IndicatorInfo], *, lang: str,
                      register_labels: dict[str, str]) -> list[dict]:
    """Dropdown options; unavailable indicators are listed disabled with the reason."""
    several = len({i.register for i in indicators if i.register}) > 1
    out = []
    for ind in indicators:
        label = ind.label(lang)
        if several and ind.register:
            label = f"{register_labels.get(ind.register, ind.register)} · {label}"
        if not ind.tersedia:
            label = f"{label} — {t('control.unavailable', lang)}"
        out.append({"label": label, "value": ind.kolom, "disabled": not ind.tersedia,
                    "title": ind.method(lang) if ind.tersedia else (ind.reason(lang) or "")})
    return out


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
    def label(key: str, target: str | None = None):
        return html.Label(t(key, lang), id=ids.text(key), className="pd-label-text",
                          htmlFor=target)
    controls = html.Div(className="pd-controls", children=[
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
    header = html.Header(className="pd-header", children=[
        html.Div(className="pd-brand", children=[
            html.H1(t("app.title", lang), id=ids.text("app.title")),
            html.Div([html.Span(title, className="pd-dataset"),
                      html.Span(subtitle, className="pd-dataset-sub")], id=ids.TITLE),
        ]),
        html.Div(className="pd-lang", children=[
            html.Span(t("control.language", lang), id=ids.text("control.language"),
                      className="pd-label-text"),
            dcc.RadioItems(id=ids.LANG, value=lang, inline=True, className="pd-radio",
                           options=[{"label": code.upper(), "value": code} for code in LANGS]),
        ]),
    ])
    side = dcc.Tabs(id=ids.TABS, value="tabel", className="pd-tabs", children=[
        dcc.Tab(label=t("tab.table", lang), value="tabel", className="pd-tab", id=ids.TAB_TABLE,
                selected_className="pd-tab-selected",
                children=[table_panel(lang=lang, sort=sort)]),
        dcc.Tab(label=t("tab.profile", lang), value="profil", className="pd-tab",
                id=ids.TAB_PROFILE,
                selected_className="pd-tab-selected",
                children=[html.Div(id=ids.PROFILE, className="pd-profile")]),
        dcc.Tab(label=t("tab.rank", lang), value="prioritas", className="pd-tab",
                id=TAB_RANK, selected_className="pd-tab-selected",
                children=[ranking_panel(lang=lang)]),
    ])
    locale_data = {code: labels(code) for code in LANGS}
    return html.Div(className="pd-app", lang=lang, children=[
        dcc.Location(id=ids.LOCATION, refresh=False),
        dcc.Store(id=ids.TABLE_SORT, data=sort),
        dcc.Store(id=ids.TABLE_PAGE, data=0),
        dcc.Store(id=ids.LOCALES, data=locale_data),
        dcc.Download(id=ids.DOWNLOAD),
        header,
        controls,
        html.Nav(id=ids.BREADCRUMB, className="pd-breadcrumb",
                 **{"aria-label": t("nav.breadcrumb", lang)}),
        html.Main(className="pd-main", children=[
            map_panel,
            html.Aside(side, className="pd-side"),
        ]),
        html.Footer(footer, id=ids.FOOTER, className="pd-footer"),
    ])


