"""Callbacks of the map page: each checks its input, calls one pure helper of
:mod:`dashboard.model` and formats the answer with :mod:`dashboard.components`.

Server callbacks never change the dataset; the browser-side ones (``assets/pd.js``,
``window.dash_clientside.pd``) do the trivial wiring: URL hash <-> controls, clicks -> path,
labels of the chosen language, sort state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.components import ranking as rk
from dashboard.components.legend import legend_box
from dashboard.components.profile import profile_panel
from dashboard.components.shell import (crumbs, dropdown_labels, footer_items, not_found_notice,
                                        title_lines, unit_links)
from dashboard.components.search import search_results
from dashboard.components.table import pager_text, table_body
from dashboard.i18n import lang_or_default, t
from dashboard.model.cache import Computed
from dashboard.model.export import ranking_download
from dashboard.model.map_style import map_style
from dashboard.model.page import dataset_text, indicator_menu
from dashboard.model.profile import path_profile
from dashboard.model.rank_lists import rank_tab
from dashboard.model.ranking import controls_state, rank_controls, weight_shares
from dashboard.model.reports import report_download
from dashboard.model.routes import RANK_TAB, navigate, trail
from dashboard.model.search import search
from dashboard.model.table import table_download, table_page
from dashboard.settings import DashboardSettings


@dataclass
class _Page:
    """What every callback of the page reads: the dataset served (swapped by a published
    import), the settings, and the answers kept between requests."""

    served: object
    settings: DashboardSettings
    computed: Computed = field(default_factory=Computed)

    def now(self):
        """The dataset served for this request (one snapshot per callback)."""
        return getattr(self.served, "current", self.served)


def register(app, served, settings: DashboardSettings) -> None:
    """Attach every callback of the map page to ``app`` (``served``: the
    :class:`~dashboard.served.ServedDataset`, or a loaded dataset)."""
    _clientside(app)
    page = _Page(served, settings)
    for step in (_navigation, _texts, _map, _table, _profile, _rank_controls, _rank_state,
                 _rank_body, _rank_download, _report_download, _search):
        step(app, page)
    _import_link(app)


# -------------------------------------------------------------------------------------------
# browser-side wiring
# -------------------------------------------------------------------------------------------

def _clientside(app) -> None:
    app.clientside_callback(
        ClientsideFunction("pd", "syncHash"),
        Output(ids.LOCATION, "hash"), Output(ids.INDICATOR, "value"),
        Output(ids.SCHEME, "value"), Output(ids.K, "value"), Output(ids.LANG, "value"),
        Output(ids.TABS, "value", allow_duplicate=True), Output(ids.RANK_VIEW, "value"),
        Output(ids.RANK_SORT, "value"), Output(ids.RANK_HASH, "data"),
        Input(ids.LOCATION, "hash"), Input(ids.INDICATOR, "value"),
        Input(ids.SCHEME, "value"), Input(ids.K, "value"), Input(ids.LANG, "value"),
        Input(ids.TABS, "value"), Input(ids.RANK_VIEW, "value"), Input(ids.RANK_SORT, "value"),
        Input(ids.RANK_STATE, "data"),
        State(ids.INDICATOR, "options"),
        prevent_initial_call="initial_duplicate",
    )
    app.clientside_callback(
        ClientsideFunction("pd", "navigate"),
        Output(ids.LOCATION, "pathname"), Output(ids.RANK_SEL, "data"),
        Input(ids.CHOROPLETH, "clickData"), Input(ids.CONTEXT, "clickData"),
        Input(ids.row(ALL), "n_clicks"), Input(ids.rank_row(ALL), "n_clicks"),
        State(ids.TABS, "value"),
        prevent_initial_call=True,
    )
    _clientside_paint(app)
    _clientside_texts(app)


def _clientside_paint(app) -> None:
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


def _clientside_texts(app) -> None:
    app.clientside_callback(
        ClientsideFunction("pd", "translate"),
        Output(ids.text(ALL), "children"), Output(ids.SCHEME, "options"),
        Output(ids.TAB_TABLE, "label"), Output(ids.TAB_PROFILE, "label"),
        Output(ids.TABLE_FILTER, "placeholder"),
        Output(ids.TAB_RANK, "label"), Output(ids.RANK_VIEW, "options"),
        Output(ids.RANK_SORT, "options"), Output(ids.RANK_TOP, "options"),
        Output(ids.RANK_ADD, "placeholder"),
        Input(ids.LANG, "value"),
        State(ids.text(ALL), "id"), State(ids.LOCALES, "data"), State(ids.SCHEME, "options"),
        State(ids.RANK_VIEW, "options"), State(ids.RANK_SORT, "options"),
        State(ids.RANK_TOP, "options"),
    )
    app.clientside_callback(
        ClientsideFunction("pd", "sort"),
        Output(ids.TABLE_SORT, "data"), Output(ids.sort_arrow(ALL), "children"),
        Input(ids.sort_button(ALL), "n_clicks"),
        State(ids.TABLE_SORT, "data"), State(ids.sort_arrow(ALL), "id"),
        prevent_initial_call=True,
    )


def _search(app, page: _Page) -> None:
    @app.callback(
        Output(ids.SEARCH_RESULTS, "children"), Output(ids.SEARCH, "value"),
        Output(ids.SEARCH, "placeholder"),
        Input(ids.SEARCH, "value"), Input(ids.LOCATION, "pathname"), Input(ids.LANG, "value"),
    )
    def on_search(query, _pathname, lang):
        # the query stays in this request: never in the URL, never logged
        lang = lang_or_default(lang)
        if ctx.triggered_id == ids.LOCATION:
            return [], "", t("search.placeholder", lang)  # a jump closes the list
        answer = search(page.now(), query, lang=lang)
        return search_results(answer, lang=lang), no_update, t("search.placeholder", lang)


def _import_link(app) -> None:
    """The import link carries the language chosen on the map page."""
    app.clientside_callback(
        "function (lang) { return '/impor/' + (lang === 'en' ? '#l=en' : ''); }",
        Output(ids.IMPORT_LINK, "href"), Input(ids.LANG, "value"))


# -------------------------------------------------------------------------------------------
# path, breadcrumb, texts of the dataset
# -------------------------------------------------------------------------------------------

def _navigation(app, page: _Page) -> None:
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
        nav = navigate(page.now(), pathname, tab=tab, changed=set(ctx.triggered_prop_ids),
                       hash_=hash_, shown=shown)
        r = nav.route
        if r.view is None:
            return (None, {}, no_update, nav.tab, not_found_notice(lang_or_default(lang)),
                    {"display": "block"}, no_update)
        return (r.geo_url, {"url": r.context_url, "cur": r.context_current},
                _kept(nav.viewport), _kept(nav.tab), [], {"display": "none"},
                _kept(nav.redirect))

    @app.callback(
        Output(ids.BREADCRUMB, "children"), Output(ids.UNIT, "children"),
        Input(ids.LOCATION, "pathname"), Input(ids.LANG, "value"), Input(ids.TABS, "value"),
    )
    def on_crumbs(pathname, lang, tab):
        found = trail(page.now(), pathname, tab=tab)
        if found is None:
            return [], []
        return crumbs(found.crumbs), unit_links(found.units, lang=lang_or_default(lang))


def _texts(app, page: _Page) -> None:
    @app.callback(
        Output(ids.INDICATOR, "options"), Output(ids.INDICATOR, "labels"),
        Output(ids.TITLE, "children"), Output(ids.FOOTER, "children"),
        Input(ids.LANG, "value"),
    )
    def on_lang(lang):
        lang = lang_or_default(lang)
        cur = page.now()
        text = dataset_text(cur, lang)
        return (indicator_menu(cur, lang), dropdown_labels(lang),
                title_lines(text.title, text.subtitle), footer_items(text.footer))


def _kept(value):
    """``value``, or no update where the model says it stays (``None``)."""
    return no_update if value is None else value


# -------------------------------------------------------------------------------------------
# map, table, profile
# -------------------------------------------------------------------------------------------

def _map(app, page: _Page) -> None:
    @app.callback(
        Output(ids.STYLE, "data"), Output(ids.LEGEND, "children"),
        Output(ids.TABLE_HEAD_VALUE, "children"), Output(ids.TABLE_HEAD_PARENT, "children"),
        Output(ids.TABLE_HEAD_RANK, "children"),
        Input(ids.LOCATION, "pathname"), Input(ids.INDICATOR, "value"),
        Input(ids.SCHEME, "value"), Input(ids.K, "value"), Input(ids.LANG, "value"),
        Input(ids.TABS, "value"), Input(ids.RANK_STATE, "data"), Input(ids.RANK_VIEW, "value"),
        Input(ids.RANK_SORT, "value"), Input(ids.RANK_SEL, "data"),
    )
    def on_style(pathname, kolom, scheme, k, lang, tab, rank, rank_view, rank_sort, rank_sel):
        # always answers (never PreventUpdate): Dash drops a request still in flight when the
        # same callback is triggered again, so an empty answer could swallow the map's colours
        lang = lang_or_default(lang)
        style = map_style(page.computed, page.now(), page.settings, pathname, kolom, scheme, k,
                          tab=tab, rank=rank, rank_view=rank_view, rank_sort=rank_sort,
                          rank_sel=rank_sel, lang=lang)
        box = legend_box(style.legend, lang=lang) if style.legend is not None else []
        return style.hideout, box, style.value_head, style.parent_head, style.rank_head


def _table(app, page: _Page) -> None:
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
    def on_table(pathname, kolom, scheme, k, lang, text, sort, _prev, _next, page_no):
        lang = lang_or_default(lang)
        shown = table_page(page.computed, page.now(), page.settings, pathname, kolom, scheme, k,
                           text=text, sort=sort, page=page_no, trigger=ctx.triggered_id,
                           lang=lang)
        if shown is None:
            return [], "", 0, True, True, "pd-table"
        p, view = shown.page, shown.view
        body = table_body(p, kind=shown.kind, unit=view.unit, selected=view.selected,
                          lang=lang, show_parent=shown.show_parent)
        return (body, pager_text(p, lang=lang), p.page, p.page == 0, p.page >= p.pages - 1,
                shown.css)

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_BUTTON, "n_clicks"), Input(ids.DOWNLOAD_XLSX_BUTTON, "n_clicks"),
        State(ids.LOCATION, "pathname"), State(ids.INDICATOR, "value"),
        State(ids.SCHEME, "value"), State(ids.K, "value"), State(ids.LANG, "value"),
        State(ids.TABLE_FILTER, "value"), State(ids.TABLE_SORT, "data"),
        prevent_initial_call=True,
    )
    def on_download(n, n_xlsx, pathname, kolom, scheme, k, lang, text, sort):
        fmt = "xlsx" if ctx.triggered_id == ids.DOWNLOAD_XLSX_BUTTON else "csv"
        got = table_download(page.computed, page.now(), page.settings, pathname, kolom, scheme,
                             k, text=text, sort=sort, lang=lang_or_default(lang), fmt=fmt)
        if got is None or not (n or n_xlsx):
            return no_update
        return dcc.send_bytes(got.data, got.filename, type=got.mime)


def _profile(app, page: _Page) -> None:
    @app.callback(
        Output(ids.PROFILE, "children"),
        Input(ids.LOCATION, "pathname"), Input(ids.LANG, "value"),
    )
    def on_profile(pathname, lang):
        lang = lang_or_default(lang)
        return profile_panel(path_profile(page.now(), pathname, lang=lang), lang=lang)


# -------------------------------------------------------------------------------------------
# the ranking tab
# -------------------------------------------------------------------------------------------

def _rank_controls(app, page: _Page) -> None:
    @app.callback(
        Output(ids.RANK_CONTROLS, "children"), Output(ids.RANK_ADD, "options"),
        Output(ids.RANK_ADD, "value"),
        Input(ids.RANK_HASH, "data"), Input(ids.LANG, "value"),
        Input(ids.RANK_RESET, "n_clicks"), Input(ids.RANK_ADD, "value"),
        State(ids.RANK_STATE, "data"),
    )
    def on_rank_controls(asked, lang, _reset, add, current):
        lang = lang_or_default(lang)
        c = rank_controls(page.computed, page.now(), trigger=ctx.triggered_id, asked=asked,
                          current=current, add=add, lang=lang)
        controls = rk.weight_controls(
            c.rows, normalisation=c.state.normalisation,
            include_kelurahan=c.state.include_kelurahan, notes=c.notes, error=c.error,
            lang=lang)
        return controls, c.addable, None


def _rank_state(app, page: _Page) -> None:
    @app.callback(
        Output(ids.RANK_STATE, "data"), Output(ids.weight_share(ALL), "children"),
        Input(ids.weight(ALL), "value"), Input(ids.option(ALL), "value"),
        State(ids.weight(ALL), "id"), State(ids.option(ALL), "id"), State(ids.LANG, "value"),
    )
    def on_rank_state(values, options, weight_ids, option_ids, lang):
        if not weight_ids:
            raise PreventUpdate
        state = controls_state(weight_ids, values, option_ids, options)
        return state.data(), [rk.share_text(s, lang=lang_or_default(lang))
                              for s in weight_shares(state)]


def _rank_body(app, page: _Page) -> None:
    @app.callback(
        Output(ids.RANK_BODY, "children"), Output(ids.RANK_NOTICE, "children"),
        Output(ids.RANK_WRAP, "className"),
        Input(ids.LOCATION, "pathname"), Input(ids.LANG, "value"), Input(ids.TABS, "value"),
        Input(ids.RANK_STATE, "data"), Input(ids.RANK_VIEW, "value"),
        Input(ids.RANK_SEL, "data"), Input(ids.RANK_TOP, "value"),
        Input(ids.RANK_SORT, "value"),
    )
    def on_rank(pathname, lang, tab, rank, rank_view, rank_sel, top, rank_sort):
        if tab != RANK_TAB:
            raise PreventUpdate  # computed when the tab opens
        lang = lang_or_default(lang)
        answer = rank_tab(page.computed, page.now(), pathname, rank=rank, rank_view=rank_view,
                          selected=rank_sel, top=top, rank_sort=rank_sort, lang=lang)
        body, notice = rk.tab_content(answer, lang=lang)
        return body, notice, answer.css


def _rank_download(app, page: _Page) -> None:
    @app.callback(
        Output(ids.RANK_XLSX, "data"),
        Input(ids.RANK_XLSX_BUTTON, "n_clicks"),
        State(ids.LOCATION, "pathname"), State(ids.RANK_STATE, "data"),
        prevent_initial_call=True,
    )
    def on_rank_xlsx(n, pathname, rank):
        if not n:
            return no_update
        xlsx = ranking_download(page.computed, page.now(), pathname, rank)
        if xlsx is None:
            return no_update
        return dcc.send_bytes(xlsx.data, xlsx.filename)


def _report_download(app, page: _Page) -> None:
    @app.callback(
        Output(ids.REPORT_DOWNLOAD, "data"),
        Input(ids.REPORT_PNG_BUTTON, "n_clicks"), Input(ids.REPORT_PDF_BUTTON, "n_clicks"),
        State(ids.LOCATION, "pathname"), State(ids.INDICATOR, "value"),
        State(ids.SCHEME, "value"), State(ids.K, "value"), State(ids.LANG, "value"),
        State(ids.RANK_STATE, "data"), prevent_initial_call=True,
    )
    def on_report(n_png, n_pdf, pathname, kolom, scheme, k, lang, rank):
        kind = "png" if ctx.triggered_id == ids.REPORT_PNG_BUTTON else "pdf"
        got = report_download(page.computed, page.now(), pathname, kolom, scheme, k,
                              lang_or_default(lang), rank, kind=kind)
        if got is None or not (n_png or n_pdf):
            return no_update
        return dcc.send_bytes(got.data, got.filename, type=got.mime)
