"""The "Prioritas" tab: weight sliders, the ranked list, "why this desa", exclusion/inclusion.

The shell (:func:`ranking_panel`) is static; callbacks fill the weight controls
(:func:`weight_controls`, from the URL hash or the defaults) and the body (:func:`tab_content`:
:func:`rank_body` or :func:`targeting_body`). Ids of this tab are in :mod:`dashboard.ids`.
"""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from layers.codes import dotted
from layers.fmt import angka

from dashboard import ids
from dashboard.components.profile import base_layout
from dashboard.i18n import number, t
from dashboard.model.rank_lists import RankPanel, RankTab, Why
from dashboard.model.ranking import (RANK_VIEWS, TARGETING_SORTS, TIER_COLORS, TOP_CHOICES,
                                     WEIGHT_MAX, WeightRow)
from dashboard.model.targeting import TARGETING_BASES, TARGETING_COLUMNS

# -------------------------------------------------------------------------------------------
# the static shell
# -------------------------------------------------------------------------------------------

def view_options(lang: str) -> list[dict]:
    return [{"label": t(f"rank.view.{v}", lang), "value": v} for v in RANK_VIEWS]


def top_options(lang: str) -> list[dict]:
    return [{"label": str(n) if n else t("rank.top.all", lang), "value": n}
            for n in TOP_CHOICES]


def sort_options(lang: str) -> list[dict]:
    return [{"label": t(f"rank.targeting.sort.{s}", lang), "value": s} for s in TARGETING_SORTS]


def ranking_panel(*, lang: str) -> html.Div:
    """The tab's shell; the controls and the body are filled by callbacks."""
    def text(key: str, cls: str = "pd-label-text", tag=html.Span):
        return tag(t(key, lang), id=ids.text(key), className=cls)

    return html.Div(id=ids.RANK_WRAP, className="pd-ranking pd-rank-mode-peringkat", children=[
        dcc.Store(id=ids.RANK_STATE), dcc.Store(id=ids.RANK_HASH), dcc.Store(id=ids.RANK_SEL),
        dcc.Download(id=ids.RANK_XLSX),
        dcc.RadioItems(id=ids.RANK_VIEW, value="peringkat", options=view_options(lang),
                       className="pd-radio pd-segments", inline=True),
        html.Div(id=ids.RANK_NOTICE, className="pd-rank-notice"),
        html.Div(className="pd-rank-only-peringkat", children=[
            html.Div(className="pd-rank-head", children=[
                text("rank.weights", "pd-rank-h", html.H3),
                html.Button(text("rank.reset", ""), id=ids.RANK_RESET, n_clicks=0,
                            className="pd-button"),
                html.Button(text("rank.download", ""), id=ids.RANK_XLSX_BUTTON, n_clicks=0,
                            className="pd-button pd-button-strong",
                            title=t("rank.xlsx_note", lang)),
            ]),
            html.P(t("rank.download_note", lang), id=ids.text("rank.download_note"),
                   className="pd-download-note", style={"fontSize": "0.85em"}),
            html.Div(id=ids.RANK_CONTROLS, className="pd-rank-controls"),
            dcc.Dropdown(id=ids.RANK_ADD, options=[], value=None, clearable=True,
                         placeholder=t("rank.add", lang), className="pd-dropdown pd-rank-add",
                         searchable=True),
            html.Div(className="pd-rank-tools", children=[
                text("rank.top"),
                dcc.RadioItems(id=ids.RANK_TOP, value=TOP_CHOICES[0], options=top_options(lang),
                               inline=True, className="pd-radio"),
            ]),
        ]),
        html.Div(className="pd-rank-only-targeting pd-rank-tools", children=[
            text("rank.targeting.sort"),
            dcc.RadioItems(id=ids.RANK_SORT, value="jumlah", options=sort_options(lang),
                           inline=True, className="pd-radio"),
        ]),
        html.Div(id=ids.RANK_BODY, className="pd-rank-body", **{"aria-live": "polite"}),
    ])


# -------------------------------------------------------------------------------------------
# weight controls (rendered from the URL hash, the defaults or a language switch)
# -------------------------------------------------------------------------------------------

def weight_controls(rows: list[WeightRow], *, normalisation: str, include_kelurahan: bool,
                    notes: list[tuple[str, str, bool]], error: str | None,
                    lang: str) -> list:
    """The sliders (0 .. WEIGHT_MAX), normalisation, kelurahan switch and default notes."""
    out = []
    if error:
        out.append(html.P(error, className="pd-rank-error", role="alert"))
    sliders = []
    for r in rows:
        meta_line = []
        if r.role:
            meta_line.append(t("rank.role", lang, role=r.role))
        if r.lower:
            meta_line.append(t("rank.lower", lang))
        sliders.append(html.Div(className="pd-weight", **{"data-kolom": r.kolom}, children=[
            html.Div(className="pd-weight-label", children=[
                html.Span(r.label, className="pd-weight-name"),
                html.Span(" · ".join(meta_line), className="pd-weight-role") if meta_line
                else None,
            ]),
            html.Div(className="pd-weight-row", children=[
                dcc.Slider(id=ids.weight(r.kolom), min=0, max=WEIGHT_MAX, step=1, value=r.weight,
                           marks={i: str(i) for i in range(WEIGHT_MAX + 1)},
                           allow_direct_input=False, updatemode="mouseup",
                           className="pd-slider"),
                html.Span(share_text(r.share, lang=lang), id=ids.weight_share(r.kolom),
                          className="pd-weight-share"),
            ]),
        ]))
    out.append(html.Div(sliders, className="pd-weights"))
    out.append(html.P(t("rank.weights_hint", lang), className="pd-hint pd-rank-hint"))
    out.append(html.Div(className="pd-rank-options", children=[
        html.Div(className="pd-control", children=[
            html.Span(t("rank.normalisation", lang), className="pd-label-text"),
            dcc.RadioItems(id=ids.option("norm"), value=normalisation, inline=True,
                           className="pd-radio",
                           options=[{"label": t(f"rank.norm.{n}", lang), "value": n}
                                    for n in ("minmax", "rank")]),
        ]),
        html.Div(className="pd-control", children=[
            dcc.Checklist(id=ids.option("kel"), value=["kel"] if include_kelurahan else [],
                          className="pd-radio pd-switch",
                          options=[{"label": t("rank.kelurahan", lang), "value": "kel"}]),
            html.Span(t("rank.kelurahan_hint", lang), className="pd-hint pd-rank-hint"),
        ]),
    ]))
    missing = [(role, note) for role, note, ok in notes if not ok]
    if missing:
        out.append(html.Div(className="pd-rank-missing", children=[
            html.Strong(t("rank.default_unavailable", lang)),
            html.Ul([html.Li([html.Strong(role), f": {note}"]) for role, note in missing]),
        ]))
    if notes:
        out.append(html.Details(className="pd-rank-notes", children=[
            html.Summary(t("rank.defaults_title", lang)),
            html.Ul([html.Li([html.Strong(role), f": {note}"]) for role, note, _ in notes]),
        ]))
    return out


def share_text(share: float | None, *, lang: str) -> str:
    """A weight's share of the total, ``"25%"`` (``"–"`` when not used)."""
    return "–" if share is None else f"{angka(share * 100, 0, lang=lang)}%"


# -------------------------------------------------------------------------------------------
# the composite ranking
# -------------------------------------------------------------------------------------------

def tier_chip(tier, *, lang: str) -> html.Span:
    if tier is None or pd.isna(tier):
        return html.Span(t("rank.not_ranked", lang), className="pd-tier pd-tier-none")
    tier = int(tier)
    return html.Span(str(tier), className=f"pd-tier pd-tier-{tier}",
                     title=f"{t('rank.col.tier', lang)} {tier}",
                     style={"background": TIER_COLORS[tier - 1]})


def rank_body(panel: RankPanel, *, lang: str) -> list:
    """Summary line, the top list, the chart of the selected desa and the desa not ranked."""
    out = [_summary(panel.summary, lang=lang),
           _rank_table(panel.rows, selected=panel.selected, lang=lang)]
    if panel.why is not None:
        out += why_block(panel.why, lang=lang)
    if panel.groups:
        n = sum(len(g) for _, g in panel.groups)
        out.append(_reason_groups(t("rank.unranked_title", lang, n=number(n, lang=lang)),
                                  [(reason, [nama for _, nama in members])
                                   for reason, members in panel.groups]))
    return out


def _summary(summary, *, lang: str) -> html.Div:
    return html.Div(className="pd-rank-summary", children=[
        html.Div(t("rank.summary", lang, ranked=number(summary.ranked, lang=lang),
                   total=number(summary.total, lang=lang), area=summary.area),
                 className="pd-rank-summary-main"),
        html.Div(t("rank.summary_weights", lang, weights=summary.weights),
                 className="pd-rank-summary-sub") if summary.weights else None,
        html.Div(t("rank.summary_left", lang, reasons=", ".join(summary.left_out)),
                 className="pd-rank-summary-sub") if summary.left_out else None,
    ])


def _rank_table(rows: pd.DataFrame, *, selected: str | None, lang: str) -> html.Table:
    body = []
    for r in rows.itertuples(index=False):
        body.append(_desa_row(r, getattr(r, "nama_kec", ""), "pd-num pd-rank-pos", [
            html.Td(angka(r.skor, 2, lang=lang), className="pd-num pd-rank-skor"),
            html.Td(tier_chip(r.prioritas, lang=lang), className="pd-rank-tier"),
        ], selected=selected, lang=lang))
    if not body:
        body.append(html.Tr(html.Td(t("rank.empty", lang), colSpan=4, className="pd-empty")))
    return html.Table(className="pd-table pd-rank-table", children=[
        rank_head(lang=lang), html.Tbody(body)])


def rank_head(*, lang: str) -> html.Thead:
    """The head of a ranked list: peringkat, desa, skor, prioritas."""
    return html.Thead(html.Tr([
        html.Th(t("rank.col.rank", lang), scope="col", className="pd-num"),
        html.Th(t("rank.col.desa", lang), scope="col"),
        html.Th(t("rank.col.skor", lang), scope="col", className="pd-num"),
        html.Th(t("rank.col.tier", lang), scope="col"),
    ]))


def _desa_row(r, kec: str, rank_class: str, cells: list, *, selected: str | None,
              lang: str) -> html.Tr:
    """A row of a ranking list: peringkat, desa (kecamatan and code), then ``cells``; a click
    shows why that desa ranks there."""
    cls = "pd-row" + (" pd-row-selected" if r.kode_desa == selected else "")
    return html.Tr(id=ids.rank_row(r.kode_desa), n_clicks=0, className=cls, children=[
        html.Td(number(r.peringkat, lang=lang), className=rank_class),
        html.Td([html.Span(r.nama_desa, className="pd-row-name"),
                 html.Span(f"{kec} · {dotted(r.kode_desa)}", className="pd-row-code")]),
        *cells,
    ])


def _reason_groups(title: str, groups: list[tuple[str, list[str]]]) -> html.Details:
    """A folded list of desa names under each reason (desa not ranked, or without a figure)."""
    return html.Details(className="pd-rank-unranked", children=[
        html.Summary(title),
        *[html.Div(className="pd-rank-unranked-group", children=[
            html.P(reason, className="pd-reason-line"),
            html.P(", ".join(names), className="pd-rank-names"),
        ]) for reason, names in groups],
    ])


def why_block(w: Why, *, lang: str) -> list:
    """"Why this desa": the contribution of each indicator, as a chart and a small table;
    a desa not ranked shows its reason instead (never a skor of 0)."""
    out = [html.H3(t("rank.why.title", lang, name=w.nama), className="pd-rank-h")]
    if w.skor is None:
        out.append(html.P([html.Strong(t("rank.why.not_ranked", lang, name=w.nama)),
                           html.Br(), w.reason], className="pd-rank-why-reason"))
    else:
        out.append(html.P(t("rank.why.line", lang, skor=angka(w.skor, 2, lang=lang),
                            rank=number(w.peringkat, lang=lang),
                            n=number(w.n_ranked, lang=lang), tier=w.prioritas),
                          className="pd-rank-why-line"))
        out.append(dcc.Graph(figure=why_figure(w, lang=lang), config={"displayModeBar": False},
                             className="pd-graph pd-rank-why"))
    head = html.Thead(html.Tr([html.Th(t("rank.why.col.indicator", lang), scope="col"),
                               html.Th(t("rank.why.col.value", lang), scope="col",
                                       className="pd-num"),
                               html.Th(t("rank.why.col.weight", lang), scope="col",
                                       className="pd-num"),
                               html.Th(t("rank.why.col.points", lang), scope="col",
                                       className="pd-num")]))
    rows = [html.Tr([html.Th(p.label, scope="row"), html.Td(p.teks, className="pd-num"),
                     html.Td(f"{angka(p.bobot_dinormalkan * 100, 0, lang=lang)}%",
                             className="pd-num"),
                     html.Td(angka(p.kontribusi, 2, lang=lang), className="pd-num")],
                    **{"data-kolom": p.kolom})
            for p in w.parts.itertuples(index=False)]
    out.append(html.Table([head, html.Tbody(rows)], className="pd-table pd-rank-why-table"))
    out.append(html.A(t("rank.why.profile", lang) + " ›", href=f"/desa/{w.kode}",
                      className="pd-nav pd-rank-profile"))
    return out


def why_figure(w: Why, *, lang: str):
    """Horizontal bars: the points each indicator gives (dark) over the most it can give."""
    import plotly.graph_objects as go

    parts = w.parts.iloc[::-1]
    labels = [_wrap(label, 24) for label in parts["label"]]
    colour = TIER_COLORS[(w.prioritas or 1) - 1]
    fig = go.Figure()
    fig.add_bar(y=labels, x=list(parts["maks"]), orientation="h", name=t("rank.why.max", lang),
                marker={"color": "#e3e6e9", "line": {"color": "#9aa3ab", "width": 1}},
                hoverinfo="skip")
    fig.add_bar(y=labels, x=list(parts["kontribusi"]), orientation="h",
                name=t("rank.why.points", lang),
                marker={"color": colour, "line": {"color": "#505050", "width": 1}},
                texttemplate="%{x:.2f}", textposition="outside", cliponaxis=False,
                customdata=list(parts["teks"]),
                hovertemplate="%{y}: %{x:.2f} (%{customdata})<extra></extra>")
    top = float(parts["maks"].max()) if len(parts) else 100.0
    layout = base_layout(lang, 110 + 62 * len(parts))
    layout.update(margin={"l": 10, "r": 16, "t": 36, "b": 46}, bargap=0.3,
                  font={**layout["font"], "size": 15},
                  legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"})
    fig.update_layout(**layout, barmode="overlay")
    fig.update_xaxes(range=[0, top * 1.3], title=t("rank.why.axis", lang), gridcolor="#ddd")
    fig.update_yaxes(automargin=True)
    return fig


def _wrap(text: str, width: int) -> str:
    """Break a chart label into lines of about ``width`` characters (plotly ``<br>``)."""
    lines, current = [], ""
    for word in str(text).split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return "<br>".join(lines)


def unit_notice(*, unit_label: str, href: str | None, lang: str) -> list:
    """The note shown when the map is not drawn in desa: tiers need desa shapes."""
    out = [html.Span(t("rank.notice.unit", lang, unit=unit_label))]
    if href:
        out += [" ", html.A(t("rank.notice.show_desa", lang), href=href,
                            className="pd-nav pd-button pd-button-strong")]
    return out


# -------------------------------------------------------------------------------------------
# exclusion and inclusion lists
# -------------------------------------------------------------------------------------------

def targeting_body(table: pd.DataFrame, *, kind: str, top: int, selected: str | None,
                   map_label: str | None, reason_of, lang: str) -> list:
    """One block per register: what the count means and the programmes it is based on
    (``dasar``, ``program`` of ``layers.ranking.exclusion_table`` / ``inclusion_table``),
    then the desa by count or rate, and the desa without a figure with their reason."""
    out = [html.H3(t(f"rank.targeting.title.{kind}", lang), className="pd-rank-h")]
    if map_label:
        out.append(html.P(t("rank.targeting.map", lang, indicator=map_label),
                          className="pd-rank-summary-sub"))
    if table.empty:
        out.append(html.P(t(f"rank.targeting.none.{kind}", lang), className="pd-hint"))
        return out
    count = TARGETING_COLUMNS[kind][0]
    for register, part in table.groupby("register", sort=False, dropna=False):
        out.append(_targeting_basis(part.iloc[0], register, lang=lang))
        has = part[part[count].notna()]
        if top and top > 0:
            has = has[has["peringkat"] <= top]
        out.append(_targeting_table(has, kind=kind, selected=selected, lang=lang))
        empty = part[part[count].isna()]
        if len(empty):
            groups: dict[str, list[str]] = {}
            for r in empty.itertuples(index=False):
                groups.setdefault(reason_of(r.alasan_kosong, r.jenis), []).append(r.nama_desa)
            out.append(_reason_groups(t("rank.targeting.empty_title", lang,
                                        n=number(len(empty), lang=lang)),
                                      list(groups.items())))
    return out


def _targeting_basis(first: pd.Series, register, *, lang: str) -> html.Div:
    """What a register's count means and the programmes it is based on."""
    programmes = " · ".join(p.strip().upper() for p in str(first["program"]).split(",")
                            if p.strip())
    return html.Div(className="pd-rank-basis", children=[
        html.Div([html.Strong(t("rank.targeting.basis", lang) + ": "),
                  html.Span(first["dasar_en"] if lang == "en" else first["dasar"])]),
        html.Div([html.Strong(t("rank.targeting.programmes", lang) + ": "),
                  html.Span(programmes or "–", className="pd-rank-programmes")]),
        html.Div(t("rank.targeting.kelurahan", lang), className="pd-hint"),
    ], **{"data-register": str(register)})


def _targeting_table(has: pd.DataFrame, *, kind: str, selected: str | None,
                     lang: str) -> html.Table:
    (count, rate), base = TARGETING_COLUMNS[kind], TARGETING_BASES[kind]
    rows = []
    for r in has.itertuples(index=False):
        rows.append(_desa_row(r, r.nama_kec, "pd-num", [
            html.Td(number(getattr(r, count), lang=lang), className="pd-num"),
            html.Td(number(getattr(r, rate), kind="rate", lang=lang), className="pd-num"),
            html.Td(number(getattr(r, base), lang=lang), className="pd-num"),
        ], selected=selected, lang=lang))
    return html.Table(className="pd-table pd-rank-table pd-targeting-table", children=[
        html.Thead(html.Tr([
            html.Th(t("rank.col.rank", lang), scope="col", className="pd-num"),
            html.Th(t("rank.col.desa", lang), scope="col"),
            html.Th(t(f"rank.{kind}.count", lang), scope="col", className="pd-num pd-wrap"),
            html.Th(t(f"rank.{kind}.rate", lang), scope="col", className="pd-num pd-wrap"),
            html.Th(t(f"rank.{kind}.base", lang), scope="col", className="pd-num pd-wrap"),
        ])),
        html.Tbody(rows or [html.Tr(html.Td(t("rank.empty", lang), colSpan=5,
                                            className="pd-empty"))]),
    ])


# -------------------------------------------------------------------------------------------
# the tab's body
# -------------------------------------------------------------------------------------------

def tab_content(tab: RankTab, *, lang: str) -> tuple[list, list]:
    """The tab's body and the note above it: the ranking, its error, or the exclusion /
    inclusion list; the note when the map is not drawn in desa."""
    if not tab.found:
        return [], []
    notice = [] if tab.unit_label is None else unit_notice(
        unit_label=tab.unit_label, href=tab.desa_href, lang=lang)
    if tab.targeting is not None:
        x = tab.targeting
        return targeting_body(x.table, kind=x.kind, top=x.top, selected=x.selected,
                              map_label=x.map_label, reason_of=x.reason_of, lang=lang), notice
    if tab.error is not None:
        return [html.P(tab.error, className="pd-rank-error", role="alert")], notice
    return rank_body(tab.panel, lang=lang), notice
