"""The legend: class bounds in the user's number format, the unit, and what "no data" means."""

from __future__ import annotations

from dash import html

from dashboard.i18n import number, t
from dashboard.model.legend import Legend


def legend_box(model: Legend | None, *, lang: str) -> list:
    """Children of the legend box (empty list when there is nothing to show)."""
    if model is None:
        return []
    items = [
        html.Div(model.title, className="pd-legend-title"),
        html.Div(f"{t('legend.unit', lang)}: {model.unit} · {model.scheme}" if model.unit
                 else model.scheme, className="pd-legend-sub"),
    ]
    rows = []
    for e in model.entries:
        rows.append(html.Li(className="pd-legend-row", children=[
            html.Span(className="pd-swatch", style={"background": e.color}),
            html.Span(e.text, className="pd-legend-range"),
            html.Span(f"({number(e.count, lang=lang)})", className="pd-legend-count"),
        ]))
    if model.nodata:
        rows.append(html.Li(className="pd-legend-row pd-legend-nodata", children=[
            html.Span(className="pd-swatch pd-swatch-nodata"),
            html.Span(model.nodata_label or t("legend.nodata", lang),
                      className="pd-legend-range"),
            html.Span(f"({number(model.nodata, lang=lang)})", className="pd-legend-count"),
        ]))
    items.append(html.Ul(rows, className="pd-legend-list"))
    if not model.entries and not model.nodata:
        items.append(html.Div(t("legend.empty", lang), className="pd-legend-note"))
    for reason in model.nodata_reasons:
        items.append(html.Div(f"{model.nodata_label or t('legend.nodata', lang)}: {reason}",
                              className="pd-legend-note"))
    return items
