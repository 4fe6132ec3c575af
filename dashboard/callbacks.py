"""Callbacks: each one a few lines over a pure helper of :mod:`dashboard.model`.

Server callbacks never change the store; the browser-side ones (``assets/pd.js``,
``window.dash_clientside.pd``) do the trivial wiring: URL hash <-> controls, clicks -> path,
labels of the chosen language, sort state.
"""

from __future__ import annotations

from functools import lru_cache

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from . import ids
from .classify import K_MAX, K_MIN, SCHEMES
from .components.legend import legend_box
from .components.profile import profile_panel
from .components.shell import dropdown_labels, indicator_options
from .components.table import pager_text, table_body
from .i18n import lang_or_default, t
from .model import (breadcrumb, choropleth, csv_text, hideout, legend, paginate, parse_filter,
                    profile, route, table_rows, unit_of)
from .settings import DashboardSettings
from .store import Store
from .views import View, parent_level, units_below, view_path


#: pixels kept free on the left of the map for the legend when zooming to an area
LEGEND_ROOM = 300


def register(app, store: Store, settings: DashboardSettings) -> None:
    """Attach every callback of the page to ``app``."""
    _clientside(app)
    _server(app, store, settings)


# -------------------------------------------------------------------------------------------
# browser-side wiring
# -------------------------------------------------------------------------------------------

def _clientside(app) -> None:
    app.clientside_callback(
        ClientsideFunction("pd", "syncHash"),
        Output(ids.LOCATION, "hash"), Output(ids.INDICATOR, "value"),
        Output(ids.SCHEME, "value"), Output(ids.K, "value"), Output(ids.LANG, "value"),
        Input(ids.LOCATION, "hash"), Input(ids.INDICATOR, "value"),
        Input(ids.SCHEME, "value"), Input(ids.K, "value"), Input(ids.LANG, "value"),
        State(ids.INDICATOR, "options"),
    )
    app.clientside_callback(
        ClientsideFunction("pd", "navigate"),
        Output(ids.LOCATION, "pathname"),
        Input(ids.CHOROPLETH, "clickData"), Input(ids.CONTEXT, "clickData"),
        Input(ids.row(ALL), "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("pd", "paintChoropleth"),
        Output(ids.CHOROPLETH, "data"), Output(ids.CHOROPLETH, "hideout"),
        Input(ids.GEO_URL, "data"), Input(ids.STYLE, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("pd", "paintContext"),
        Output(ids.CONTEXT, "data"), Output(ids.CONTEXT, "hideout"),
        Input(ids.CONTEXT_GEO, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("pd", "translate"),
        Output(ids.text(ALL), "children"), Output(ids.SCHEME, "options"),
        Output(ids.TAB_TABLE, "label"), Output(ids.TAB_PROFILE, "label"),
        Output(ids.TABLE_FILTER, "placeholder"),
        Input(ids.LANG, "value"),
        State(ids.text(ALL), "id"), State(ids.LOCALES, "data"), State(ids.SCHEME, "options"),
    )
    app.clientside_callback(
        ClientsideFunction("pd", "sort"),
        Output(ids.TABLE_SORT, "data"), Output(ids.sort_arrow(ALL), "children"),
        Input(ids.sort_button(ALL), "n_clicks"),
        State(ids.TABLE_SORT, "data"), State(ids.sort_arrow(ALL), "id"),
        prevent_initial_call=True,
    )


# -------------------------------------------------------------------------------------------
# server callbacks
# -------------------------------------------------------------------------------------------

def _server(app, store: Store, settings: DashboardSettings) -> None:
    @lru_cache(maxsize=256)
    def classified(unit: str, kode: str, kolom: str, scheme: str, k: int):
        info = store.indicator(kolom)
        return choropleth(store.units(View(None, kode, unit)), info, scheme=scheme, k=k)

    def chosen(kolom, scheme, k):
        info = store.indicator(kolom)
        if info is None or not info.tersedia:
            info = store.default_indicator
        scheme = scheme if scheme in SCHEMES else settings.default_scheme
        try:
            k = min(max(int(k), K_MIN), K_MAX)
        except (TypeError, ValueError):
            k = settings.default_k
        return info, scheme, k

    @app.callback(
        Output(ids.GEO_URL, "data"), Output(ids.CONTEXT_GEO, "data"),
        Output(ids.MAP, "viewport"),
        Output(ids.TABS, "value"), Output(ids.NOTICE, "children"),
        Output(ids.NOTICE, "style"),
        Input(ids.LOCATION, "pathname"), State(ids.LANG, "value"),
    )
    def on_path(pathname, lang):
        r = route(store, pathname)
        if r.view is None:
            notice = [html.Span(t("notice.not_found", lang_or_default(lang))), " ",
                      html.A(t("notice.home", lang_or_default(lang)), href="/",
                             className="pd-nav")]
            return None, {}, no_update, "tabel", notice, {"display": "block"}
        viewport = ({"bounds": r.bounds, "transition": "flyToBounds",
                     "options": {"duration": 0.6, "paddingTopLeft": [LEGEND_ROOM, 16],
                                 "paddingBottomRight": [16, 16]}} if r.bounds else no_update)
        tab = "profil" if r.view.selected else "tabel"
        return (r.geo_url, {"url": r.context_url, "cur": r.context_current}, viewport, tab, [],
                {"display": "none"})

    @app.callback(
        Output(ids.BREADCRUMB, "children"), Output(ids.UNIT, "children"),
        Input(ids.LOCATION, "pathname"), Input(ids.LANG, "value"),
    )
    def on_crumbs(pathname, lang):
        lang = lang_or_default(lang)
        view = route(store, pathname).view
        if view is None:
            return [], []
        return _crumbs(breadcrumb(store, view), lang), _unit_links(view, lang)

    @app.callback(
        Output(ids.INDICATOR, "options"), Output(ids.INDICATOR, "labels"),
        Output(ids.TITLE, "children"), Output(ids.FOOTER, "children"),
        Input(ids.LANG, "value"),
    )
    def on_lang(lang):
        lang = lang_or_default(lang)
        return (_options(store, lang), dropdown_labels(lang), _title(store, lang),
                _footer(store, lang))

    @app.callback(
        Output(ids.STYLE, "data"), Output(ids.LEGEND, "children"),
        Output(ids.TABLE_HEAD_VALUE, "children"), Output(ids.TABLE_HEAD_PARENT, "children"),
        Input(ids.LOCATION, "pathname"), Input(ids.INDICATOR, "value"),
        Input(ids.SCHEME, "value"), Input(ids.K, "value"), Input(ids.LANG, "value"),
    )
    def on_style(pathname, kolom, scheme, k, lang):
        lang = lang_or_default(lang)
        view = route(store, pathname).view
        info, scheme, k = chosen(kolom, scheme, k)
        if view is None or info is None:
            return {}, [], t("table.col.value", lang), t("table.col.parent", lang)
        ch = classified(view.unit, view.kode, info.kolom, scheme, k)
        n = len(ch.codes)
        h = hideout(ch, src=store.geo_url(view.unit, view.kode), unit=view.unit,
                    selected=view.selected, lang=lang,
                    labels=n <= settings.label_max_features)
        box = legend_box(legend(ch, store.units(view), store, lang=lang), lang=lang)
        unit = unit_of(info)
        parent = parent_level(view.unit)
        return (h, box, f"{info.label(lang)} ({unit})" if unit else info.label(lang),
                t(f"level.{parent}", lang) if parent else "")

    @app.callback(
        Output(ids.TABLE_BODY, "children"), Output(ids.TABLE_PAGER, "children"),
        Output(ids.TABLE_PAGE, "data"), Output(ids.TABLE_PREV, "disabled"),
        Output(ids.TABLE_NEXT, "disabled"), Output(ids.TABLE, "className"),
        Input(ids.LOCATION, "pathname"), Input(ids.INDICATOR, "value"),
        Input(ids.SCHEME, "value"), Input(ids.K, "value"), Input(ids.LANG, "value"),
        Input(ids.TABLE_FILTER, "value"), Input(ids.TABLE_SORT, "data"),
        Input(ids.TABLE_PREV, "n_clicks"), Input(ids.TABLE_NEXT, "n_clicks"),
        State(ids.TABLE_PAGE, "data"),
    )
    def on_table(pathname, kolom, scheme, k, lang, text, sort, _prev, _next, page):
        lang = lang_or_default(lang)
        view = route(store, pathname).view
        info, scheme, k = chosen(kolom, scheme, k)
        if view is None or info is None:
            return [], "", 0, True, True, "pd-table"
        ch = classified(view.unit, view.kode, info.kolom, scheme, k)
        sort = sort or {}
        rows = table_rows(ch, row_filter=parse_filter(text, lang=lang),
                          sort=sort.get("col", "nilai"), descending=bool(sort.get("desc", True)))
        trigger = ctx.triggered_id
        step = {ids.TABLE_PREV: -1, ids.TABLE_NEXT: 1}.get(trigger, 0)
        keep = trigger in (ids.TABLE_PREV, ids.TABLE_NEXT, ids.LANG, ids.K, ids.SCHEME)
        p = paginate(rows, page=(page or 0) + step if keep else 0,
                     size=settings.page_size, selected=view.selected,
                     to_selected=not keep)
        show_parent = parent_level(view.unit) not in (None, view.level)
        body = table_body(p, kind=info.jenis, unit=view.unit, selected=view.selected, lang=lang,
                          show_parent=show_parent)
        return (body, pager_text(p, lang=lang), p.page, p.page == 0, p.page >= p.pages - 1,
                "pd-table" if show_parent else "pd-table pd-hide-parent")

    @app.callback(
        Output(ids.PROFILE, "children"),
        Input(ids.LOCATION, "pathname"), Input(ids.LANG, "value"),
    )
    def on_profile(pathname, lang):
        lang = lang_or_default(lang)
        view = route(store, pathname).view
        if view is None or not view.selected:
            return profile_panel(None, lang=lang)
        return profile_panel(profile(store, view.selected, lang=lang), lang=lang)

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_BUTTON, "n_clicks"),
        State(ids.LOCATION, "pathname"), State(ids.INDICATOR, "value"),
        State(ids.SCHEME, "value"), State(ids.K, "value"), State(ids.LANG, "value"),
        State(ids.TABLE_FILTER, "value"), State(ids.TABLE_SORT, "data"),
        prevent_initial_call=True,
    )
    def on_download(n, pathname, kolom, scheme, k, lang, text, sort):
        lang = lang_or_default(lang)
        view = route(store, pathname).view
        info, scheme, k = chosen(kolom, scheme, k)
        if not n or view is None or info is None:
            return no_update
        ch = classified(view.unit, view.kode, info.kolom, scheme, k)
        sort = sort or {}
        rows = table_rows(ch, row_filter=parse_filter(text, lang=lang),
                          sort=sort.get("col", "nilai"), descending=bool(sort.get("desc", True)))
        name = "_".join(p for p in ("prioritas-desa", view.unit, view.kode or "semua",
                                    info.kolom) if p)
        return dcc.send_string("\ufeff" + csv_text(rows, ch, unit=view.unit, lang=lang),
                               f"{name}.csv", type="text/csv")


# -------------------------------------------------------------------------------------------
# small builders used above
# -------------------------------------------------------------------------------------------

def _crumbs(items: list[tuple[str, str | None]], lang: str) -> list:
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


def _unit_links(view: View, lang: str) -> list:
    area = View(view.level, view.kode, view.unit)
    out = []
    for unit in units_below(view.level):
        target = View(view.level, view.kode, unit)
        current = unit == area.unit
        cls = "pd-unit-link pd-nav" + (" pd-unit-current" if current else "")
        out.append(html.A(t(f"level.{unit}", lang), href=view_path(target), className=cls,
                          **({"aria-current": "true"} if current else {})))
    return out


def _options(store: Store, lang: str) -> list[dict]:
    labels = {r.get("register"): store.register_label(r.get("register"), lang)
              for r in store.registers()}
    return indicator_options(store.indicators, lang=lang, register_labels=labels)


def _title(store: Store, lang: str) -> list:
    wil = store.meta.get("wilayah") or {}
    period = store.meta.get("periode")
    sub = t("header.period", lang, period=period) if period else t("header.no_period", lang)
    return [html.Span(str(wil.get("nama") or "Indonesia"), className="pd-dataset"),
            html.Span(sub, className="pd-dataset-sub")]


def _footer(store: Store, lang: str) -> list:
    regs = ", ".join(store.register_label(r.get("register"), lang) for r in store.registers())
    batas = (store.meta.get("batas_wilayah") or {}).get("file")
    parts = [t("footer.sources", lang, registers=regs or "–")]
    if batas:
        parts.append(t("footer.boundaries", lang, file=batas))
    parts.append(t("footer.privacy", lang))
    return [html.Span(p, className="pd-footer-item") for p in parts]

