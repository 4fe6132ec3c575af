"""The table of areas in view: a plain HTML table (large type), sorted and paged on the server."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.i18n import number, t
from dashboard.model.table import TablePage


def table_panel(*, lang: str, sort: dict) -> html.Div:
    """The table shell: filter box, sortable headers, body (filled by a callback), pager."""
    def head(col: str, key: str, extra=None, cls: str = ""):
        arrow = ("▼" if sort.get("desc") else "▲") if sort.get("col") == col else ""
        return html.Th(html.Button(id=ids.sort_button(col), className="pd-sort", n_clicks=0,
                                   children=[html.Span(t(key, lang), id=extra or ids.text(key)),
                                             html.Span(arrow, className="pd-sort-arrow",
                                                       id=ids.sort_arrow(col))]),
                       scope="col", className=cls)
    return html.Div(className="pd-table-wrap", children=[
        html.Div(className="pd-table-tools", children=[
            html.Label(htmlFor=ids.TABLE_FILTER, children=t("table.filter", lang),
                       id=ids.text("table.filter"), className="pd-label-text"),
            dcc.Input(id=ids.TABLE_FILTER, type="text", debounce=0.4, className="pd-input",
                      placeholder=t("table.filter_hint", lang)),
            html.Button(html.Span(t("table.download", lang), id=ids.text("table.download")),
                        id=ids.DOWNLOAD_BUTTON, n_clicks=0, className="pd-button"),
            html.Button(html.Span(t("table.download_xlsx", lang),
                                  id=ids.text("table.download_xlsx")),
                        id=ids.DOWNLOAD_XLSX_BUTTON, n_clicks=0, className="pd-button"),
            html.Button(html.Span(t("report.png", lang), id=ids.text("report.png")),
                        id=ids.REPORT_PNG_BUTTON, n_clicks=0, className="pd-button"),
            html.Button(html.Span(t("report.pdf", lang), id=ids.text("report.pdf")),
                        id=ids.REPORT_PDF_BUTTON, n_clicks=0, className="pd-button"),
            html.Span(t("table.download_note", lang), id=ids.text("table.download_note"),
                      className="pd-download-note",
                      style={"flexBasis": "100%", "fontSize": "0.85em"}),
        ]),
        html.Table(id=ids.TABLE, className="pd-table", children=[
            html.Thead(html.Tr([
                html.Th("#", scope="col", className="pd-num"),
                head("nama", "table.col.name"),
                head("induk", "table.col.parent", extra=ids.TABLE_HEAD_PARENT, cls="pd-col-parent"),
                head("nilai", "table.col.value", extra=ids.TABLE_HEAD_VALUE),
                head("peringkat", "table.col.rank", extra=ids.TABLE_HEAD_RANK),
            ])),
            html.Tbody(id=ids.TABLE_BODY),
        ]),
        html.Div(className="pd-pager", children=[
            html.Button("‹", id=ids.TABLE_PREV, n_clicks=0, className="pd-button",
                        **{"aria-label": t("table.prev", lang)}),
            html.Span(id=ids.TABLE_PAGER, className="pd-pager-text"),
            html.Button("›", id=ids.TABLE_NEXT, n_clicks=0, className="pd-button",
                        **{"aria-label": t("table.next", lang)}),
        ]),
    ])


def table_body(page: TablePage, *, kind: str, unit: str | None, selected: str | None,
               lang: str, show_parent: bool) -> list:
    """Rows of one page (a click on a row opens that area)."""
    out = []
    for i, r in enumerate(page.rows.itertuples(index=False)):
        value = number(r.nilai, kind=kind, lang=lang)
        rank = "–" if r.peringkat != r.peringkat else number(r.peringkat, lang=lang)
        cls = "pd-row" + (" pd-row-selected" if r.kode == selected else "")
        swatch = (html.Span(className="pd-swatch pd-swatch-small", style={"background": r.warna})
                  if r.warna else html.Span(className="pd-swatch pd-swatch-small pd-swatch-nodata"))
        out.append(html.Tr(id=ids.row(r.kode), n_clicks=0, className=cls, children=[
            html.Td(number(page.first + i + 1, lang=lang), className="pd-num"),
            html.Td([html.Span(r.nama, className="pd-row-name"),
                     html.Span(r.kode, className="pd-row-code")]),
            html.Td(r.induk if show_parent else "", className="pd-row-parent pd-col-parent"),
            html.Td([swatch, html.Span(value)],
                    className="pd-row-value pd-row-text" if kind == "category"
                    else "pd-num pd-row-value"),
            html.Td(rank, className="pd-num"),
        ]))
    if not out:
        out.append(html.Tr(html.Td(t("table.empty", lang), colSpan=5, className="pd-empty")))
    return out


def pager_text(page: TablePage, *, lang: str) -> str:
    if page.total == 0:
        return t("table.pager_empty", lang)
    last = min(page.first + len(page.rows), page.total)
    return t("table.pager", lang, first=number(page.first + 1, lang=lang),
             last=number(last, lang=lang), total=number(page.total, lang=lang))
