"""Presentation mode's page: a slim header (area, step, buttons), the map beside the top-10
list, and a footer that always shows the data period and the sources."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from layers.fmt import angka

from dashboard import ids
from dashboard.components.legend import legend_box
from dashboard.components.map import map_panel
from dashboard.components.ranking import rank_head, tier_chip
from dashboard.i18n import number, t
from dashboard.model.presentasi import Slide, present_path
from dashboard.model.routes import LEGEND_ROOM
from dashboard.settings import DashboardSettings

ROOT = "pd-present"
TITLE = "pd-present-title"
SUB = "pd-present-sub"
NAV = "pd-present-nav"
LIST = "pd-present-list"
FOOT = "pd-present-foot"
#: link ids pd.js presses for the keys (ArrowLeft / ArrowRight / ArrowUp / ArrowDown / Esc)
KEY_LINKS = {"prev": "pd-present-prev", "next": "pd-present-next", "up": "pd-present-up",
             "down": "pd-present-down", "exit": "pd-present-exit"}
FULLSCREEN = "pd-present-full"
#: what the slide callback fills, in the order of :func:`slide_parts`
SLIDE_OUTPUTS = ((TITLE, "children"), (SUB, "children"), (NAV, "children"),
                 (ids.GEO_URL, "data"), (ids.STYLE, "data"), (ids.CONTEXT_GEO, "data"),
                 (ids.MAP, "viewport"), (ids.LEGEND, "children"), (LIST, "children"),
                 (FOOT, "children"), (ids.NOTICE, "children"), (ids.NOTICE, "style"))
#: the legend is larger here than on the map page: more room on its side when zooming
PRESENT_LEGEND_ROOM = LEGEND_ROOM + 120


def layout(served, settings: DashboardSettings, lang: str) -> html.Div:
    """The empty slide; :func:`slide_parts` fills it for the path and hash."""
    current = getattr(served, "current", served)
    credit = (current.meta.get("batas_wilayah") or {}).get("file") or ""
    return html.Div(id=ROOT, className="pd-app pd-present", lang=lang, children=[
        dcc.Location(id=ids.LOCATION, refresh=False),
        html.Header(className="pd-present-head", children=[
            html.Div(className="pd-present-titles", children=[
                html.H1(id=TITLE, className="pd-present-h1"),
                html.Div(id=SUB, className="pd-present-sub"),
            ]),
            html.Nav(id=NAV, className="pd-present-nav",
                     **{"aria-label": t("present.link", lang)}),
        ]),
        html.Main(className="pd-present-main", children=[
            map_panel(bounds=current.bounds(current.root.level, current.root.kode),
                      tile_url=settings.tile_url, attribution=settings.tile_attribution,
                      boundary_credit=t("map.boundaries", lang, file=credit) if credit else ""),
            html.Section(id=LIST, className="pd-present-list", **{"aria-live": "polite"}),
        ]),
        html.Footer(id=FOOT, className="pd-present-foot"),
    ])


def slide_parts(s: Slide) -> tuple:
    """The slide's parts in the order of :data:`SLIDE_OUTPUTS`."""
    lang, r = s.lang, s.route
    foot = [html.Span(s.period, className="pd-present-period")]
    foot += [html.Span(text, className="pd-present-source") for text in s.sources]
    foot.append(html.Span(t("present.keys", lang), className="pd-present-keys"))
    if r.view is None:
        notice = [html.Span(t("notice.not_found", lang)), " ",
                  html.A(t("notice.home", lang), href=present_path("/"), className="pd-nav")]
        return (s.title, s.subtitle, _nav(s), None, {}, {}, None, [], [], foot, notice,
                {"display": "block"})
    viewport = {"bounds": r.bounds, "transition": "flyToBounds",
                "options": {"duration": 0.5, "paddingTopLeft": [PRESENT_LEGEND_ROOM, 16],
                            "paddingBottomRight": [16, 16]}} if r.bounds else None
    box = legend_box(s.style.legend, lang=lang) if s.style.legend is not None else []
    return (s.title, s.subtitle, _nav(s), r.geo_url, s.style.hideout,
            {"url": r.context_url, "cur": r.context_current}, viewport, box,
            _top_list(s), foot, [], {"display": "none"})


def _nav(s: Slide) -> list:
    """Buttons for the mouse; the keys press the same links (``assets/pd.js``)."""
    lang, st = s.lang, s.steps
    out = []
    if st is not None:
        out.append(html.Span(t("present.step", lang, i=number(st.index, lang=lang),
                               n=number(st.count, lang=lang)), className="pd-present-step"))
        for key, label, arrow in (("prev", "present.prev", "◀ "), ("next", "present.next", "▶ "),
                                  ("up", "present.up", "▲ "), ("down", None, "")):
            href = getattr(st, key)
            if href and label:
                out.append(html.A([html.Span(arrow, **{"aria-hidden": "true"}), t(label, lang)],
                                  href=href, id=KEY_LINKS[key], className="pd-nav pd-button"))
            elif href:
                out.append(html.A(href=href, id=KEY_LINKS[key], className="pd-nav",
                                  hidden=True, tabIndex="-1"))
    out.append(html.Button(t("present.fullscreen", lang), id=FULLSCREEN, className="pd-button",
                           type="button"))
    out.append(html.A(t("present.exit", lang), href=s.exit_path, id=KEY_LINKS["exit"],
                      className="pd-button pd-button-strong"))
    return out


def _top_list(s: Slide) -> list:
    lang = s.lang
    out = [html.H2(s.top_title, className="pd-present-h2")]
    if s.error:
        return out + [html.P(s.error, className="pd-rank-error")]
    rows = s.top if s.top is not None else pd.DataFrame()
    selected = s.route.view.selected if s.route.view else None
    many_kec = s.route.view is not None and s.route.view.level != "kecamatan"
    body = []
    for r in rows.itertuples(index=False):
        cls = "pd-present-row" + (" pd-row-selected" if r.kode_desa == selected else "")
        body.append(html.Tr(className=cls, children=[
            html.Td(number(r.peringkat, lang=lang), className="pd-num pd-rank-pos"),
            html.Td([html.A(str(r.nama_desa), href=present_path(f"/desa/{r.kode_desa}"),
                            className="pd-nav pd-present-desa"),
                     html.Span(str(getattr(r, "nama_kec", "")), className="pd-row-code")
                     if many_kec else None]),
            html.Td(angka(r.skor, 2, lang=lang), className="pd-num pd-rank-skor"),
            html.Td(tier_chip(r.prioritas, lang=lang)),
        ]))
    if not body:
        body.append(html.Tr(html.Td(t("rank.empty", lang), colSpan=4, className="pd-empty")))
    return out + [html.Table(className="pd-table pd-present-table",
                             children=[rank_head(lang=lang), html.Tbody(body)])]
