"""Step 2 of the import page: the check report of a build (pure builders over its plain dict,
:meth:`layers.store.ImportSession.report`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html

from layers.fmt import angka

from dashboard.i18n import t
from dashboard.pages.impor.common import entry_label, reason_text, value_text

#: rejected rows shown on the page (the download has every one)
REJECTED_SHOWN = 20

#: rows of the per-register summary: (report key, locale key, kind)
REGISTER_ROWS = (
    ("rows_read", "import.row.rows_read", "count"),
    ("duplicates", "import.row.duplicates", "count"),
    ("rejected", "import.row.rejected", "count"),
    ("kept", "import.row.kept", "count"),
    ("persons", "import.row.persons", "count"),
    ("match_rate", "import.row.match_rate", "share"),
    ("households_unresolved", "import.row.unresolved", "count"),
    ("households_outside_area", "import.row.outside", "count"),
    ("names_to_review", "import.row.review", "count"),
)


def check_panel(report: dict[str, Any], *, lang: str) -> list:
    """The build's summary: area and period, boundary file, per register the counts (rows
    read, duplicates, rejected, kept, match rate ...), kecamatan with no rows, indicators that
    cannot be computed and why, and the rejected rows (the first :data:`REJECTED_SHOWN`)."""
    wil = report.get("wilayah") or {}
    bw = report.get("batas_wilayah") or {}
    qa = bw.get("qa") or {}
    regs = report.get("registers") or []
    return [
        html.P(className="imp-lead", children=[
            html.Strong(str(wil.get("nama") or "")), " · ",
            t("import.check.period", lang, period=report.get("periode") or "–")]),
        html.P(t("import.check.boundary", lang, file=bw.get("file") or "–",
                 desa=angka(bw.get("desa"), lang=lang), layout=bw.get("layout") or "–"),
               className="imp-boundary"),
        html.P(t("import.check.qa", lang, repaired=angka(qa.get("repaired"), lang=lang),
                 duplicates=angka(qa.get("duplicate_codes"), lang=lang),
                 overlaps=angka(qa.get("overlaps"), lang=lang),
                 gaps=angka(qa.get("gaps"), lang=lang)), className="imp-hint"),
        register_table(regs, lang=lang),
        register_files(regs, lang=lang),
        html.H3(t("import.empty_kec", lang)),
        empty_kecamatan(regs, lang=lang),
        *unavailable(report.get("indikator_tidak_tersedia") or [], lang=lang),
        *rejected(report.get("rejected") or {}, lang=lang),
    ]


def register_table(regs: Sequence[dict], *, lang: str) -> html.Table:
    """Registers as columns, the counts of :data:`REGISTER_ROWS` as rows."""
    head = html.Thead(html.Tr([html.Th("", scope="col")] + [
        html.Th(entry_label(r, lang), scope="col", className="imp-num") for r in regs]))
    rows = [html.Tr([html.Th(t(label, lang), scope="row")] + [
        html.Td(value_text(r.get(key), kind, lang), className="imp-num",
                **{"data-key": key, "data-register": str(r.get("register"))})
        for r in regs]) for key, label, kind in REGISTER_ROWS]
    return html.Table([head, html.Tbody(rows)], className="imp-table imp-summary")


def register_files(regs: Sequence[dict], *, lang: str) -> html.Details:
    """Rows read per file of each register (folded)."""
    n = sum(len(r.get("files") or []) for r in regs)
    items = [html.Li([html.Strong(entry_label(r, lang)), html.Ul([
        html.Li(f"{f.get('name')}: {angka(f.get('rows'), lang=lang)}")
        for f in r.get("files") or []], className="imp-small")]) for r in regs]
    return html.Details(className="imp-built", children=[
        html.Summary(t("import.row.files", lang, n=n)), html.Ul(items, className="imp-list")])


def empty_kecamatan(regs: Sequence[dict], *, lang: str) -> html.Div:
    """Per register the kecamatan of the boundary file without a single row."""
    items = []
    for r in regs:
        kec = r.get("kecamatan_tanpa_data") or []
        if kec:
            names = ", ".join(f"{k.get('nama') or k.get('kode')} ({k.get('kode')})" for k in kec)
            items.append(html.Li([html.Strong(entry_label(r, lang)), ": ", names]))
    if not items:
        return html.Div(html.P(t("import.empty_kec.none", lang), className="imp-hint"))
    return html.Div([html.Ul(items, className="imp-list"),
                     html.P(t("import.empty_kec.note", lang), className="imp-hint")])


def unavailable(indicators: Sequence[dict], *, lang: str) -> list:
    """Indicators that cannot be computed, grouped by register and reason."""
    title = html.H3(t("import.unavailable", lang, n=len(indicators)))
    if not indicators:
        return [title, html.P(t("import.unavailable.none", lang), className="imp-hint")]
    groups: dict[tuple[str, str], list[str]] = {}
    for ind in indicators:
        groups.setdefault((str(ind.get("register") or ""), reason_text(ind, lang)), []).append(
            entry_label(ind, lang))
    items = [html.Li(className="imp-unavailable", children=[
        html.Div(reason, className="imp-reason"),
        html.Div(", ".join(names), className="imp-small")]) for (_, reason), names in
        groups.items()]
    return [title, html.Ul(items, className="imp-list")]


def rejected(rej: dict[str, Any], *, lang: str) -> list:
    """Rejected rows (file, row, column, reason, area as written: nothing personal); the
    download button of all of them follows in the page shell."""
    n = int(rej.get("jumlah") or 0)
    title = html.H3(t("import.rejected", lang, n=angka(n, lang=lang)))
    if n == 0:
        return [title, html.P(t("import.rejected.none", lang), className="imp-hint")]
    rows = (rej.get("baris") or [])[:REJECTED_SHOWN]
    cols = (("file", "import.col.file"), ("row", "import.col.row"),
            ("kolom", "import.col.column"), ("alasan", "import.col.reason"),
            ("kec", "level.kecamatan"), ("desa", "level.desa"))
    head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for _, k in cols]))
    body = html.Tbody([html.Tr([
        html.Td(angka(r.get(c), lang=lang) if c == "row" else str(r.get(c) or ""),
                className="imp-num" if c == "row" else None) for c, _ in cols])
        for r in rows])
    shown = (html.P(t("import.rejected.first", lang, shown=len(rows)), className="imp-hint")
             if n > len(rows) else None)
    return [title, html.Table([head, body], className="imp-table imp-rejected"), shown]
