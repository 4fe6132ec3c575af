"""The desa profile: key figures beside kecamatan and kabupaten, charts, sub-desa breakdown."""

from __future__ import annotations

from dash import dcc, html

from layers.codes import dotted

from dashboard.i18n import number, t
from dashboard.model.profile import Profile, ProfileRow, ProfileSection

#: desa / kecamatan / kabupaten in charts (colour-blind safe, readable on a projector)
COMPARE_COLORS = ("#e66101", "#5e3c99", "#8c8c8c")
DESIL_COLORS = ("#b10026", "#fc4e2a", "#feb24c", "#ffeda0")


def profile_panel(p: Profile | None, *, lang: str) -> list:
    """Children of the profile tab (a hint when no desa is selected)."""
    if p is None:
        return [html.P(t("profile.none", lang), className="pd-hint")]
    kind = t(f"jenis.{p.jenis}", lang) if p.jenis in ("desa", "kelurahan", "desa_adat") else ""
    out = [
        html.H2(f"{kind} {p.nama}".strip(), className="pd-profile-title"),
        html.Div(f"{p.kec} · {p.kab} · {dotted(p.kode)}", className="pd-profile-sub"),
    ]
    for section in p.sections:
        out += _section(section, lang=lang)
    if not p.has_housing:
        out.append(html.P(t("profile.housing_missing", lang), className="pd-hint"))
    return out


def _section(s: ProfileSection, *, lang: str) -> list:
    out = [html.H3(s.label, className="pd-profile-register")]
    body = []
    for key, rows in s.groups:
        body.append(html.Tr(html.Th(t(key, lang), colSpan=4, scope="rowgroup"),
                            className="pd-profile-group"))
        body += [_row(r, lang=lang) for r in rows]
    out.append(html.Table(className="pd-table pd-profile-table", children=[
        html.Thead(html.Tr([html.Th(t("profile.col.indicator", lang), scope="col"),
                            html.Th(t("profile.col.desa", lang), scope="col",
                                    className="pd-num"),
                            html.Th(t("profile.col.kec", lang), scope="col",
                                    className="pd-num"),
                            html.Th(t("profile.col.kab", lang), scope="col",
                                    className="pd-num")])),
        html.Tbody(body),
    ]))
    figure = _rates_figure(s.rates, lang=lang)
    if figure is not None:
        out.append(html.H4(t("profile.rates_title", lang)))
        out.append(dcc.Graph(figure=figure, config={"displayModeBar": False},
                             className="pd-graph"))
    if s.desil is not None:
        out.append(html.H4(t("profile.desil_title", lang)))
        out.append(dcc.Graph(figure=_desil_figure(s.desil, lang=lang),
                             config={"displayModeBar": False}, className="pd-graph"))
    out += _subdesa(s, lang=lang)
    if s.unavailable:
        out.append(_unavailable(s.unavailable, lang=lang))
    return out


def _row(r: ProfileRow, *, lang: str) -> html.Tr:
    desa_cell = [html.Span(r.desa, className="pd-value")]
    if r.rank:
        desa_cell.append(html.Div(t("profile.rank_line", lang, rank=r.rank),
                                  className="pd-rank"))
    if r.reason:
        desa_cell.append(html.Div(r.reason, className="pd-reason"))
    return html.Tr(**{"data-kolom": r.kolom}, children=[
        html.Th(r.label, scope="row"),
        html.Td(desa_cell, className="pd-num pd-profile-desa", **{"data-kolom": r.kolom}),
        html.Td(r.kec, className="pd-num"),
        html.Td(r.kab, className="pd-num"),
    ])


def _unavailable(items: list[tuple[str, str]], *, lang: str) -> html.Div:
    """Indicators this register cannot give, grouped by reason (one line each)."""
    by_reason: dict[str, list[str]] = {}
    for label, reason in items:
        by_reason.setdefault(reason, []).append(label)
    return html.Div(className="pd-unavailable", children=[
        html.H4(t("profile.unavailable", lang)),
        *[html.P([html.Strong(", ".join(labels)), html.Span(f" — {reason}")])
          for reason, labels in by_reason.items()],
    ])


def base_layout(lang: str, height: int) -> dict:
    """The layout every chart of the page shares (number separators of ``lang``)."""
    return {
        "separators": ",." if lang == "id" else ".,",
        "height": height, "margin": {"l": 10, "r": 20, "t": 10, "b": 40},
        "font": {"size": 16, "family": "DejaVu Sans, Noto Sans, Arial, sans-serif"},
        "paper_bgcolor": "white", "plot_bgcolor": "white",
        "legend": {"orientation": "h", "y": -0.15, "x": 0},
    }


def _rates_figure(rates: list[ProfileRow], *, lang: str):
    shown = [r for r in rates if r.kind == "rate" and r.desa_value is not None]
    if not shown:
        return None
    import plotly.graph_objects as go

    labels = [r.label for r in shown][::-1]
    fig = go.Figure()
    series = ((t("level.desa", lang), "desa_value", COMPARE_COLORS[0]),
              (t("level.kecamatan", lang), "kec_value", COMPARE_COLORS[1]),
              (t("level.kabupaten", lang), "kab_value", COMPARE_COLORS[2]))
    for name, attr, color in reversed(series):  # the desa's bar on top of each group
        xs = [getattr(r, attr) for r in shown][::-1]
        fig.add_bar(y=labels, x=xs, name=name, orientation="h", marker_color=color,
                    texttemplate="%{x:.1f}%", textposition="outside", cliponaxis=False)
    top = max([v for r in shown for v in (r.desa_value, r.kec_value, r.kab_value)
               if v is not None] + [1.0])
    fig.update_layout(**base_layout(lang, 110 + 78 * len(shown)), barmode="group",
                      legend_traceorder="reversed")
    fig.update_xaxes(ticksuffix="%", range=[0, top * 1.22], gridcolor="#ddd")
    return fig


def _desil_figure(desil: dict[str, list[float | None]], *, lang: str):
    import plotly.graph_objects as go

    areas = list(desil)[::-1]
    fig = go.Figure()
    for d in range(4):
        fig.add_bar(y=areas, x=[desil[a][d] for a in areas], orientation="h",
                    name=t("profile.desil", lang, d=d + 1), marker_color=DESIL_COLORS[d],
                    texttemplate="%{x:.1f}%", textposition="inside",
                    insidetextanchor="middle")
    fig.update_layout(**base_layout(lang, 240), barmode="stack")
    fig.update_xaxes(ticksuffix="%", title=t("profile.desil_axis", lang), gridcolor="#ddd")
    return fig


def _subdesa(s: ProfileSection, *, lang: str) -> list:
    sub = s.subdesa
    if not sub.empty and {"dusun", "rw"} <= set(sub.columns):
        keys = sub[["dusun", "rw"]].astype("string").fillna("-")
        sub = sub[(keys["dusun"] != "-") | (keys["rw"] != "-")]
    if sub.empty:
        return [html.H4(t("profile.subdesa_title", lang)),
                html.P(t("profile.subdesa_none", lang), className="pd-hint")]
    counts = [c for c in ("kk_terdaftar", "kk_desil_1", "kk_pkh", "kk_bpnt", "kk_pbi")
              if c in sub.columns and sub[c].notna().any()]
    head = [html.Th(t("profile.col.dusun", lang), scope="col"),
            html.Th(t("profile.col.rw", lang), scope="col")]
    head += [html.Th(t(f"profile.sub.{c}", lang), scope="col", className="pd-num")
             for c in counts]
    body = []
    for r in sub.sort_values(["dusun", "rw"]).itertuples(index=False):
        body.append(html.Tr([html.Td(str(r.dusun)), html.Td(str(r.rw))]
                            + [html.Td(number(getattr(r, c), lang=lang), className="pd-num")
                               for c in counts]))
    return [html.H4(t("profile.subdesa_title", lang)),
            html.Table([html.Thead(html.Tr(head)), html.Tbody(body)],
                       className="pd-table pd-subdesa")]
