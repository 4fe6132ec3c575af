"""Callbacks: each one a few lines over a pure helper of :mod:`dashboard.model`.

Server callbacks never change the store; the browser-side ones (``assets/pd.js``,
``window.dash_clientside.pd``) do the trivial wiring: URL hash <-> controls, clicks -> path,
labels of the chosen language, sort state.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections import OrderedDict
from datetime import date
from pathlib import Path

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from layers.errors import InputError

from . import ids
from .classify import K_MAX, K_MIN, SCHEMES
from .components import ranking as rk
from .components.legend import legend_box
from .components.profile import profile_panel
from .components.shell import dropdown_labels, indicator_options
from .components.table import pager_text, table_body
from .i18n import lang_or_default, t
from .model import (RANK_VIEWS, TOP_CHOICES, WEIGHT_MAX, Legend, RankState, addable_indicators,
                    breadcrumb, choropleth, csv_text, default_notes, empty_rank_hideout,
                    hideout, indicator_label, legend, paginate, parse_filter, profile,
                    rank_area, rank_defaults, rank_hideout, rank_legend, rank_rows, rank_spec,
                    rank_summary, ranking_frame, read_rank_state, route, table_rows, targeting,
                    targeting_column, unit_of, unranked_groups, weight_rows, why)
from .settings import DashboardSettings
from .store import Store
from .views import View, parent_level, parse_path, units_below, view_path


#: pixels kept free on the left of the map for the legend when zooming to an area
LEGEND_ROOM = 300

#: the tab whose map shows the ranking
RANK_TAB = "prioritas"
_HASH_VIEW = re.compile(r"(?:^#|&)v=(%s)(?:&|$)" % "|".join(RANK_VIEWS))


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
        Output(ids.TABS, "value", allow_duplicate=True), Output(rk.RANK_VIEW, "value"),
        Output(rk.RANK_SORT, "value"), Output(rk.RANK_HASH, "data"),
        Input(ids.LOCATION, "hash"), Input(ids.INDICATOR, "value"),
        Input(ids.SCHEME, "value"), Input(ids.K, "value"), Input(ids.LANG, "value"),
        Input(ids.TABS, "value"), Input(rk.RANK_VIEW, "value"), Input(rk.RANK_SORT, "value"),
        Input(rk.RANK_STATE, "data"),
        State(ids.INDICATOR, "options"),
        prevent_initial_call="initial_duplicate",
    )
    app.clientside_callback(
        ClientsideFunction("pd", "navigate"),
        Output(ids.LOCATION, "pathname"), Output(rk.RANK_SEL, "data"),
        Input(ids.CHOROPLETH, "clickData"), Input(ids.CONTEXT, "clickData"),
        Input(ids.row(ALL), "n_clicks"), Input(rk.rank_row(ALL), "n_clicks"),
        State(ids.TABS, "value"),
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
        Output(rk.TAB_RANK, "label"), Output(rk.RANK_VIEW, "options"),
        Output(rk.RANK_SORT, "options"), Output(rk.RANK_TOP, "options"),
        Output(rk.RANK_ADD, "placeholder"),
        Input(ids.LANG, "value"),
        State(ids.text(ALL), "id"), State(ids.LOCALES, "data"), State(ids.SCHEME, "options"),
        State(rk.RANK_VIEW, "options"), State(rk.RANK_SORT, "options"),
        State(rk.RANK_TOP, "options"),
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
    def now():
        """The dataset served for this request (one snapshot per callback: an import may
        swap the store while the app runs)."""
        return getattr(store, "current", store)

    memo = _Memo(256)

    def classified(cur, unit: str, kode: str, kolom: str, scheme: str, k: int):
        def make():
            info = cur.indicator(kolom)
            return choropleth(cur.units(View(None, kode, unit)), info, scheme=scheme, k=k)
        return memo(("ch", cur.version, unit, kode, kolom, scheme, k), make)

    def base(cur):
        """The desa table as ``layers.ranking`` reads it and the dataset's default ranking."""
        def make():
            desa = ranking_frame(cur)
            return desa, rank_defaults(cur, desa)
        return memo(("base", cur.version), make)

    def state_of(cur, data):
        desa, defaults = base(cur)
        return read_rank_state(data, desa=desa, meta=cur.meta, defaults=defaults)

    def ranked(cur, view: View, state: RankState):
        """``layers.ranking.rank_desa`` over the area in view (cached per state)."""
        from layers.ranking import rank_desa

        desa, defaults = base(cur)
        area = rank_area(view)
        return memo(("rank", cur.version, area, state.key),
                    lambda: rank_desa(desa, rank_spec(state, defaults, area=area),
                                      meta=cur.meta))

    def chosen(cur, kolom, scheme, k):
        info = cur.indicator(kolom)
        if info is None or not info.tersedia:
            info = cur.default_indicator
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
        Output(ids.NOTICE, "style"), Output(ids.LOCATION, "pathname", allow_duplicate=True),
        Input(ids.LOCATION, "pathname"), Input(ids.TABS, "value"),
        State(ids.LANG, "value"), State(ids.LOCATION, "hash"), State(ids.GEO_URL, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def on_path(pathname, tab, lang, hash_, shown):
        cur = now()
        changed = set(ctx.triggered_prop_ids)  # empty on the first call
        initial = not changed
        tab_only = bool(changed) and f"{ids.LOCATION}.pathname" not in changed
        rank_mode = bool(_HASH_VIEW.search(hash_ or ""))
        redirect = None
        if tab_only and tab == RANK_TAB:  # opening the ranking tab draws the area in desa
            redirect = _desa_path(cur, pathname)
        elif initial and rank_mode:  # a shared link to the ranking
            redirect = _desa_path(cur, pathname)
        r = route(cur, redirect or pathname)
        if r.view is None:
            notice = [html.Span(t("notice.not_found", lang_or_default(lang))), " ",
                      html.A(t("notice.home", lang_or_default(lang)), href="/",
                             className="pd-nav")]
            return None, {}, no_update, "tabel", notice, {"display": "block"}, no_update
        viewport = ({"bounds": r.bounds, "transition": "flyToBounds",
                     "options": {"duration": 0.6, "paddingTopLeft": [LEGEND_ROOM, 16],
                                 "paddingBottomRight": [16, 16]}} if r.bounds else no_update)
        if tab_only:
            # answers anyway (a request still in flight for the path may be dropped for this
            # one, and on a first load the tab may come from the link); the map keeps its
            # zoom when it already shows this view
            tab = no_update
            if redirect is None and r.geo_url == shown:
                viewport = no_update
        elif initial:
            tab = RANK_TAB if rank_mode else ("profil" if r.view.selected else "tabel")
        else:
            tab = "profil" if r.view.selected else (RANK_TAB if rank_mode else "tabel")
        return (r.geo_url, {"url": r.context_url, "cur": r.context_current}, viewport, tab, [],
                {"display": "none"}, redirect or no_update)

    @app.callback(
        Output(ids.BREADCRUMB, "children"), Output(ids.UNIT, "children"),
        Input(ids.LOCATION, "pathname"), Input(ids.LANG, "value"), Input(ids.TABS, "value"),
    )
    def on_crumbs(pathname, lang, tab):
        lang = lang_or_default(lang)
        cur = now()
        view = route(cur, pathname).view
        if view is None:
            return [], []
        items = breadcrumb(cur, view)
        if tab == RANK_TAB:  # the ranking is per desa: areas open in desa
            items = [(label, _desa_path(cur, path) or path if path else path)
                     for label, path in items]
        return _crumbs(items, lang), _unit_links(view, lang)

    @app.callback(
        Output(ids.INDICATOR, "options"), Output(ids.INDICATOR, "labels"),
        Output(ids.TITLE, "children"), Output(ids.FOOTER, "children"),
        Input(ids.LANG, "value"),
    )
    def on_lang(lang):
        lang = lang_or_default(lang)
        cur = now()
        return (_options(cur, lang), dropdown_labels(lang), _title(cur, lang),
                _footer(cur, lang))

    @app.callback(
        Output(ids.STYLE, "data"), Output(ids.LEGEND, "children"),
        Output(ids.TABLE_HEAD_VALUE, "children"), Output(ids.TABLE_HEAD_PARENT, "children"),
        Input(ids.LOCATION, "pathname"), Input(ids.INDICATOR, "value"),
        Input(ids.SCHEME, "value"), Input(ids.K, "value"), Input(ids.LANG, "value"),
        Input(ids.TABS, "value"), Input(rk.RANK_STATE, "data"), Input(rk.RANK_VIEW, "value"),
        Input(rk.RANK_SORT, "value"), Input(rk.RANK_SEL, "data"),
    )
    def on_style(pathname, kolom, scheme, k, lang, tab, rank, rank_view, rank_sort, rank_sel):
        # always answers (never PreventUpdate): Dash drops a request still in flight when the
        # same callback is triggered again, so an empty answer could swallow the map's colours
        lang = lang_or_default(lang)
        cur = now()
        view = route(cur, pathname).view
        info, scheme, k = chosen(cur, kolom, scheme, k)
        if view is None or info is None:
            return {}, [], t("table.col.value", lang), t("table.col.parent", lang)
        mode = _map_mode(tab, rank_view, view)
        unit = unit_of(info)
        parent = parent_level(view.unit)
        heads = (f"{info.label(lang)} ({unit})" if unit else info.label(lang),
                 t(f"level.{parent}", lang) if parent else "")
        n = len(cur.units(view))
        labels = n <= settings.label_max_features
        if mode == "rank":
            h, box = _rank_map(cur, view, rank, rank_sel, lang=lang, labels=labels)
            return (h, box, *heads)
        if mode in ("eksklusi", "inklusi"):
            info = targeting_column(cur, kind=mode, sort_by=rank_sort) or info
        ch = classified(cur, view.unit, view.kode, info.kolom, scheme, k)
        h = hideout(ch, src=cur.geo_url(view.unit, view.kode), unit=view.unit,
                    selected=view.selected, lang=lang, labels=labels)
        h["mode"] = mode
        box = legend_box(legend(ch, cur.units(view), cur, lang=lang), lang=lang)
        return (h, box, *heads)

    def _rank_map(cur, view: View, rank, rank_sel, *, lang: str, labels: bool):
        codes = cur.units(view)["kode"].tolist()
        src = cur.geo_url(view.unit, view.kode)
        selected = rank_sel if rank_sel in set(codes) else view.selected
        state, _ = state_of(cur, rank)
        try:
            result = ranked(cur, view, state)
        except InputError as err:
            message = err.en_msg if lang == "en" else err.id_msg
            h = empty_rank_hideout(codes, message, src=src, selected=selected, lang=lang,
                                   labels=labels)
            box = Legend(title=t("rank.legend.title", lang), unit="", entries=[],
                         nodata=len(codes), nodata_reasons=[message],
                         scheme=t("rank.legend.rule.tertil", lang),
                         nodata_label=t("rank.not_ranked", lang))
            return h, legend_box(box, lang=lang)
        names = {c: indicator_label(cur, c, lang) for c in result.indicators}
        h = rank_hideout(result, codes, src=src, selected=selected, lang=lang, labels=labels,
                         meta=cur.meta, indicator_labels=names, area=_area_name(cur, view))
        return h, legend_box(rank_legend(result, lang=lang), lang=lang)

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
        cur = now()
        view = route(cur, pathname).view
        info, scheme, k = chosen(cur, kolom, scheme, k)
        if view is None or info is None:
            return [], "", 0, True, True, "pd-table"
        ch = classified(cur, view.unit, view.kode, info.kolom, scheme, k)
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
        cur = now()
        view = route(cur, pathname).view
        if view is None or not view.selected:
            return profile_panel(None, lang=lang)
        return profile_panel(profile(cur, view.selected, lang=lang), lang=lang)

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
        cur = now()
        view = route(cur, pathname).view
        info, scheme, k = chosen(cur, kolom, scheme, k)
        if not n or view is None or info is None:
            return no_update
        ch = classified(cur, view.unit, view.kode, info.kolom, scheme, k)
        sort = sort or {}
        rows = table_rows(ch, row_filter=parse_filter(text, lang=lang),
                          sort=sort.get("col", "nilai"), descending=bool(sort.get("desc", True)))
        name = "_".join(p for p in ("prioritas-desa", view.unit, view.kode or "semua",
                                    info.kolom) if p)
        return dcc.send_string("\ufeff" + csv_text(rows, ch, unit=view.unit, lang=lang),
                               f"{name}.csv", type="text/csv")

    # ---- the ranking tab -------------------------------------------------------------------

    @app.callback(
        Output(rk.RANK_CONTROLS, "children"), Output(rk.RANK_ADD, "options"),
        Output(rk.RANK_ADD, "value"),
        Input(rk.RANK_HASH, "data"), Input(ids.LANG, "value"),
        Input(rk.RANK_RESET, "n_clicks"), Input(rk.RANK_ADD, "value"),
        State(rk.RANK_STATE, "data"),
    )
    def on_rank_controls(asked, lang, _reset, add, current):
        lang = lang_or_default(lang)
        cur = now()
        desa, defaults = base(cur)
        trigger = ctx.triggered_id
        error = None
        if trigger == rk.RANK_RESET:
            state = RankState(weights=dict(defaults.weights))
        elif trigger == rk.RANK_HASH or current is None:
            state, err = state_of(cur, asked)
            if err is not None:
                error = t("rank.hash_error", lang,
                          message=err.en_msg if lang == "en" else err.id_msg)
        else:
            state, _ = state_of(cur, current)
        if trigger == rk.RANK_ADD and add:
            options = {o["value"] for o in addable_indicators(cur, desa, state, lang=lang)}
            if add in options:
                state = RankState(weights={**state.weights, add: 1.0},
                                  normalisation=state.normalisation,
                                  include_kelurahan=state.include_kelurahan)
        controls = rk.weight_controls(
            weight_rows(cur, state, defaults, lang=lang), normalisation=state.normalisation,
            include_kelurahan=state.include_kelurahan, notes=default_notes(defaults, lang=lang),
            error=error, lang=lang)
        return controls, addable_indicators(cur, desa, state, lang=lang), None

    @app.callback(
        Output(rk.RANK_STATE, "data"), Output(rk.weight_share(ALL), "children"),
        Input(rk.weight(ALL), "value"), Input(rk.option(ALL), "value"),
        State(rk.weight(ALL), "id"), State(rk.option(ALL), "id"), State(ids.LANG, "value"),
    )
    def on_rank_state(values, options, weight_ids, option_ids, lang):
        if not weight_ids:
            raise PreventUpdate
        state = controls_state(weight_ids, values, option_ids, options)
        total = sum(w for w in state.weights.values() if w > 0)
        shares = [rk.share_text(w / total if total and w > 0 else None,
                                lang=lang_or_default(lang)) for w in state.weights.values()]
        return state.data(), shares

    @app.callback(
        Output(rk.RANK_BODY, "children"), Output(rk.RANK_NOTICE, "children"),
        Output(rk.RANK_WRAP, "className"),
        Input(ids.LOCATION, "pathname"), Input(ids.LANG, "value"), Input(ids.TABS, "value"),
        Input(rk.RANK_STATE, "data"), Input(rk.RANK_VIEW, "value"), Input(rk.RANK_SEL, "data"),
        Input(rk.RANK_TOP, "value"), Input(rk.RANK_SORT, "value"),
    )
    def on_rank(pathname, lang, tab, rank, rank_view, rank_sel, top, rank_sort):
        if tab != RANK_TAB:
            raise PreventUpdate  # computed when the tab opens
        lang = lang_or_default(lang)
        cur = now()
        view = route(cur, pathname).view
        rank_view = rank_view if rank_view in RANK_VIEWS else RANK_VIEWS[0]
        cls = f"pd-ranking pd-rank-mode-{rank_view}"
        if view is None:
            return [], [], cls
        top = top if top in TOP_CHOICES else TOP_CHOICES[0]
        notice = [] if view.unit == "desa" else rk.unit_notice(
            unit_label=t(f"level.{view.unit}", lang), href=_desa_path(cur, pathname), lang=lang)
        if rank_view != "peringkat":
            return _targeting_body(cur, view, rank_view, rank_sort, top, rank_sel, lang), \
                notice, cls
        state, _ = state_of(cur, rank)
        try:
            result = ranked(cur, view, state)
        except InputError as err:
            message = err.en_msg if lang == "en" else err.id_msg
            return [html.P(t("rank.error", lang, message=message), className="pd-rank-error",
                           role="alert")], notice, cls
        return rank_panel_body(cur, view, result, selected=rank_sel, top=top, lang=lang), \
            notice, cls

    def _targeting_body(cur, view, kind, sort_by, top, selected, lang):
        desa, _ = base(cur)
        table = targeting(desa, cur.meta, view, kind=kind, sort_by=sort_by)
        info = targeting_column(cur, kind=kind, sort_by=sort_by)

        def reason_of(alasan, _jenis):
            if isinstance(alasan, str) and alasan:
                return cur.empty_reason_text(alasan, lang) or t("reason.code", lang, code=alasan)
            return t("reason.no_value", lang)

        return rk.targeting_body(table, kind=kind, top=top, selected=selected,
                                 map_label=info.label(lang) if info else None,
                                 reason_of=reason_of, lang=lang)

    @app.callback(
        Output(rk.RANK_XLSX, "data"),
        Input(rk.RANK_XLSX_BUTTON, "n_clicks"),
        State(ids.LOCATION, "pathname"), State(rk.RANK_STATE, "data"),
        prevent_initial_call=True,
    )
    def on_rank_xlsx(n, pathname, rank):
        cur = now()
        view = route(cur, pathname).view
        if not n or view is None:
            return no_update
        state, _ = state_of(cur, rank)
        try:
            result = ranked(cur, view, state)
        except InputError:
            return no_update
        return ranking_download(result, meta=cur.meta, area_name=_area_name(cur, view))


# -------------------------------------------------------------------------------------------
# ranking helpers (also called by tests)
# -------------------------------------------------------------------------------------------

class _Memo:
    """A small thread-safe least-recently-used cache of computed answers (key -> value)."""

    def __init__(self, size: int):
        self._size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, key, make):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def controls_state(weight_ids: list[dict], values: list, option_ids: list[dict],
                   options: list) -> RankState:
    """The ranking state the controls hold (weights checked: numbers 0 .. WEIGHT_MAX)."""
    from layers.ranking import NORMALISATIONS

    weights = {}
    for wid, value in zip(weight_ids, values):
        try:
            w = float(value)
        except (TypeError, ValueError):
            w = 0.0
        weights[str(wid["col"])] = float(min(WEIGHT_MAX, max(0, round(w)))) if w == w else 0.0
    opts = {o["name"]: v for o, v in zip(option_ids, options)}
    norm = opts.get("norm") if opts.get("norm") in NORMALISATIONS else "minmax"
    return RankState(weights=weights, normalisation=norm,
                     include_kelurahan="kel" in (opts.get("kel") or []))


def rank_panel_body(store: Store, view: View, result, *, selected: str | None, top: int,
                    lang: str) -> list:
    """Children of the ranking list: summary, top list, why, desa not ranked."""
    names = {c: indicator_label(store, c, lang) for c in result.indicators}
    w = why(result, selected, store=store, labels=names, lang=lang)
    return rk.rank_body(rank_summary(result, area=_area_name(store, view), lang=lang,
                                     labels=names),
                        rank_rows(result, top=top), w,
                        unranked_groups(result, meta=store.meta, labels=names, lang=lang),
                        selected=w.kode if w else None, lang=lang)


def ranking_filename(result, meta: dict, *, area_name: str) -> str:
    """``peringkat-prioritas_<area code>-<area name>_<period>.xlsx``."""
    wil = result.method.get("wilayah") or {}
    code = wil.get("kode") or ""
    slug = re.sub(r"[^a-z0-9]+", "-", area_name.lower()).strip("-")
    period = re.sub(r"[^A-Za-z0-9-]+", "-", str(meta.get("periode") or "")).strip("-")
    parts = ["peringkat-prioritas", "-".join(p for p in (code, slug) if p), period]
    return "_".join(p for p in parts if p) + ".xlsx"


def ranking_xlsx(result, *, meta: dict, today: date | None = None) -> bytes:
    """The XLSX of ``layers.export.write_ranking`` (ranking sheet + ``Metode``) as bytes."""
    from layers.export import write_ranking

    with tempfile.TemporaryDirectory(prefix="pd-rank-") as tmp:
        path = write_ranking(result, Path(tmp) / "peringkat.xlsx", meta=meta, today=today)
        return path.read_bytes()


def ranking_download(result, *, meta: dict, area_name: str, today: date | None = None) -> dict:
    """What ``dcc.Download`` needs for the ranking's XLSX."""
    return dcc.send_bytes(ranking_xlsx(result, meta=meta, today=today),
                          ranking_filename(result, meta, area_name=area_name))


def _map_mode(tab, rank_view, view: View) -> str:
    """What the map shows: ``normal`` (the indicator), ``rank`` (prioritas per desa), or the
    exclusion / inclusion indicator of the ranking tab's list."""
    if tab != RANK_TAB:
        return "normal"
    if rank_view in ("eksklusi", "inklusi"):
        return rank_view
    return "rank" if view.unit == "desa" else "normal"


def _desa_path(store: Store, pathname: str | None) -> str | None:
    """The path of the same area drawn in desa (``None`` if already, or not possible)."""
    view = parse_path(pathname, root=store.root)
    if view is None or view.unit == "desa" or view.level is None:
        return None
    return view_path(View(view.level, view.kode, "desa"))


def _area_name(store: Store, view: View) -> str:
    if view.level is None:
        return str((store.meta.get("wilayah") or {}).get("nama") or "Indonesia")
    return store.name(view.level, view.kode)


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

