"""The table of areas in view: filter, sort, page, and the same rows as CSV or XLSX.

:func:`sorted_rows` is the one filter-and-sort pipeline; the table page and the downloads
both read it, so a download holds exactly the rows the table lists. Downloads are public
outputs: the dataset's one suppression pattern (``layers.export.suppression``, cached per
dataset version) hides small counts, and every text cell goes through ``safe_cell``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.codes import dotted
from layers.export.provenance import header_line, source_line
from layers.export.suppression import Pattern, suppression_pattern
from layers.io.cells import safe_cell, safe_frame

from dashboard import ids
from dashboard.i18n import decimals_of, t
from dashboard.dataset import LoadedDataset
from dashboard.model.choropleth import Choropleth, select, unit_of
from dashboard.model.routes import area_name
from dashboard.settings import DashboardSettings
from dashboard.views import View, parent_level

SORT_COLUMNS = ("nama", "induk", "nilai", "peringkat")

_FILTER = re.compile(r"^\s*(>=|<=|=|>|<|≥|≤)\s*([-+]?[\d.,]+)\s*%?\s*$")
#: what moves the table page instead of going back to the first page (or to the selected row)
_KEEP_PAGE = (ids.TABLE_PREV, ids.TABLE_NEXT, ids.LANG, ids.K, ids.SCHEME)


@dataclass(frozen=True)
class RowFilter:
    """A parsed table filter: a text to find in names/codes, or a comparison on the value."""

    text: str = ""
    op: str | None = None
    value: float | None = None


def parse_filter(text: str | None, *, lang: str = "id") -> RowFilter:
    """Parse the filter box: ``sambong`` (name or code contains) or ``>= 12,5`` (value).

    >>> parse_filter(">= 1.234,5")
    RowFilter(text='', op='>=', value=1234.5)
    >>> parse_filter("< 2.5", lang="en").value
    2.5
    >>> parse_filter(" Sambong ").text
    'sambong'
    """
    text = (text or "").strip()
    m = _FILTER.match(text)
    if m:
        op = {"≥": ">=", "≤": "<="}.get(m.group(1), m.group(1))
        value = _parse_number(m.group(2), lang=lang)
        if value is not None:
            return RowFilter(op=op, value=value)
    return RowFilter(text=text.lower())


def _parse_number(text: str, *, lang: str) -> float | None:
    thousands, decimal = (".", ",") if lang == "id" else (",", ".")
    s = text.replace(thousands, "").replace(decimal, ".")
    try:
        return float(s)
    except ValueError:
        return None


@dataclass(frozen=True)
class TablePage:
    """One page of the table of areas in view."""

    rows: pd.DataFrame
    page: int
    pages: int
    total: int
    first: int


def table_rows(ch: Choropleth, *, row_filter: RowFilter = RowFilter(), sort: str = "nilai",
               descending: bool = True) -> pd.DataFrame:
    """Every row passing ``row_filter``, sorted; missing values always last.

    Columns: ``kode, nama, induk, nilai, peringkat, kelas, warna`` (``nilai`` is the category
    name for a categorical indicator, sorted in the category order, worst first).
    """
    index = ch.classes.index.astype(int)
    rows = pd.DataFrame({
        "kode": ch.codes, "nama": ch.names, "induk": ch.parent_names,
        "nilai": list(ch.labels) if ch.categorical else ch.values,
        "peringkat": ch.ranks.to_numpy(dtype=float, na_value=np.nan),
        "kelas": index,
    })
    rows["warna"] = [ch.colors[c] if c >= 0 else "" for c in index]
    # categories sort worst first when descending, like the highest counts of a number
    rows["_urut"] = np.where(index >= 0, -index, np.nan) if ch.categorical else ch.values
    rows = _apply_filter(rows, row_filter, categorical=ch.categorical)
    if sort not in SORT_COLUMNS:
        sort = "nilai"
    key = {"nama": "nama", "induk": "induk", "nilai": "_urut", "peringkat": "peringkat"}[sort]
    secondary = ["nama"] if key != "nama" else ["kode"]
    if key in ("nama", "induk"):
        rows = rows.assign(_k=rows[key].str.lower())
        rows = rows.sort_values(["_k"] + secondary, ascending=[not descending, True],
                                kind="stable").drop(columns="_k")
    else:
        rows = rows.sort_values([key] + secondary, ascending=[not descending, True],
                                na_position="last", kind="stable")
    return rows.drop(columns="_urut").reset_index(drop=True)


def sorted_rows(ch: Choropleth, *, text: str | None, sort: dict | None,
                lang: str) -> pd.DataFrame:
    """The rows the table lists: the filter box's text and the sort state the browser holds
    (``{"col": ..., "desc": ...}``) applied by :func:`table_rows`."""
    sort = sort or {}
    return table_rows(ch, row_filter=parse_filter(text, lang=lang),
                      sort=sort.get("col", "nilai"), descending=bool(sort.get("desc", True)))


def _apply_filter(rows: pd.DataFrame, f: RowFilter, *, categorical: bool) -> pd.DataFrame:
    if f.op is not None and f.value is not None:
        if categorical:
            return rows  # a comparison means nothing for categories
        v = rows["nilai"]
        ops = {">": v > f.value, "<": v < f.value, ">=": v >= f.value, "<=": v <= f.value,
               "=": np.isclose(v, f.value)}
        return rows[ops[f.op] & v.notna()]
    if f.text:
        hit = (rows["nama"].str.lower().str.contains(f.text, regex=False)
               | rows["induk"].str.lower().str.contains(f.text, regex=False)
               | rows["kode"].str.contains(f.text.replace(".", ""), regex=False))
        if categorical:
            hit |= rows["nilai"].fillna("").astype(str).str.lower().str.contains(
                f.text, regex=False)
        return rows[hit]
    return rows


def paginate(rows: pd.DataFrame, *, page: int, size: int, selected: str | None = None,
             to_selected: bool = False) -> TablePage:
    """Cut one page; ``to_selected`` moves to the page that holds ``selected``."""
    total = len(rows)
    pages = max(1, math.ceil(total / size))
    if to_selected and selected is not None:
        hit = np.flatnonzero(rows["kode"].to_numpy() == selected)
        if len(hit):
            page = int(hit[0]) // size
    page = min(max(0, int(page or 0)), pages - 1)
    first = page * size
    return TablePage(rows=rows.iloc[first:first + size], page=page, pages=pages, total=total,
                     first=first)


@dataclass(frozen=True)
class TableView:
    """What the table shows for a view: one page, and whether the parent column is shown."""

    page: TablePage
    view: View
    kind: str
    show_parent: bool

    @property
    def css(self) -> str:
        return "pd-table" if self.show_parent else "pd-table pd-hide-parent"


def table_view(ch: Choropleth, view: View, *, text: str | None, sort: dict | None,
               page: int | None, trigger, size: int, lang: str) -> TableView:
    """The page of :func:`sorted_rows` to show after ``trigger`` (the id of the control that
    changed): the previous / next page, the same page (language, classes), or else the first
    page, or the page holding the selected desa."""
    rows = sorted_rows(ch, text=text, sort=sort, lang=lang)
    step = {ids.TABLE_PREV: -1, ids.TABLE_NEXT: 1}.get(trigger, 0)
    keep = trigger in _KEEP_PAGE
    cut = paginate(rows, page=(page or 0) + step if keep else 0, size=size,
                   selected=view.selected, to_selected=not keep)
    return TableView(page=cut, view=view, kind=ch.info.jenis,
                     show_parent=parent_level(view.unit) not in (None, view.level))


def download_frame(rows: pd.DataFrame, ch: Choropleth, *, unit: str, lang: str,
                   pattern: Pattern | None = None) -> pd.DataFrame:
    """The rows as downloaded: translated headers, dotted codes, ``nilai`` rounded as shown,
    hidden cells as the pattern's markers (their rank and class too: they would place them)."""
    info = ch.info
    parent = parent_level(unit)
    head = {
        "kode": t("table.col.kode", lang),
        "nama": t(f"level.{unit}", lang),
        "induk": t(f"level.{parent}", lang) if parent else "",
        "nilai": f"{info.label(lang)} ({unit_of(info, lang)})" if unit_of(info) else info.label(lang),
        "peringkat": t("table.col.rank_csv", lang),
        "kelas": t("table.col.class", lang),
    }
    out = rows[list(head)].copy()
    out["kelas"] = pd.array([c + 1 if c >= 0 else None for c in out["kelas"]], dtype="Int64")
    out["peringkat"] = out["peringkat"].astype("Float64").round().astype("Int64")
    dec = decimals_of(info.jenis)
    if not ch.categorical:
        out["nilai"] = out["nilai"].round(dec) if dec else out["nilai"].round().astype("Int64")
    for col in out.columns:
        out[col] = pd.Series([None if v is None or v is pd.NA or (isinstance(v, float) and
                                                               math.isnan(v)) else v
                              for v in out[col].astype(object)], index=out.index, dtype=object)
    marks = [pattern.marker(unit, k, info.kolom) if pattern else None for k in out["kode"]]
    for col in ("nilai", "peringkat", "kelas"):
        out[col] = pd.Series([m if m is not None else v for m, v in zip(marks, out[col])],
                             index=out.index, dtype=object)
    out["kode"] = pd.Series([dotted(k) for k in out["kode"]], index=out.index, dtype=object)
    if not parent:
        out = out.drop(columns="induk")
        head.pop("induk")
    return out.rename(columns=head)


def csv_text(rows: pd.DataFrame, ch: Choropleth, *, unit: str, lang: str,
             pattern: Pattern | None = None, first_line: str | None = None) -> str:
    """The rows as CSV: ``;`` and decimal comma in Bahasa Indonesia (Excel's local format);
    ``first_line`` (``# key=value | ...``) above the header when given."""
    out = safe_frame(download_frame(rows, ch, unit=unit, lang=lang, pattern=pattern))
    if lang == "id":
        for col in out.columns:
            out[col] = pd.Series([str(v).replace(".", ",") if isinstance(v, float) else v
                                  for v in out[col]], index=out.index, dtype=object)
        text = out.to_csv(index=False, sep=";", lineterminator="\n")
    else:
        text = out.to_csv(index=False, lineterminator="\n")
    return f"{first_line}\n{text}" if first_line else text


@dataclass(frozen=True)
class CsvFile:
    """A download: its bytes, file name and media type (CSV text carries Excel's BOM)."""

    data: bytes
    filename: str
    mime: str = "text/csv"

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


_PATTERNS: dict[tuple[str, int], Pattern] = {}


def dataset_pattern(dataset: LoadedDataset, threshold: int) -> Pattern:
    """The dataset's suppression pattern, computed once per dataset version (a cache, never
    changed once set)."""
    key = (dataset.version, threshold)
    if key not in _PATTERNS:
        frames = dict(dataset.frames, subdesa=dataset.subdesa)
        _PATTERNS[key] = suppression_pattern(frames, dataset.meta, threshold=threshold)
    return _PATTERNS[key]


def provenance(ch: Choropleth, *, meta: dict, version: str, area: str,
               pattern: Pattern) -> dict[str, str]:
    """Title, area, period and dataset version, source, method and suppression of a download."""
    return {"judul": f"Prioritas Desa: {ch.info.label('id')} / {ch.info.label('en')}",
            "wilayah": area, "periode": meta.get("periode") or "-", "versi_data": version,
            "sumber": source_line(meta), "metode": _method_of(ch.info.kolom, meta),
            "sensor": f"angka 1-{pattern.threshold - 1} = '{pattern.mark}', 'x' = disembunyikan"
                      " / hidden (docs/privacy.md)"}


def _method_of(kolom: str, meta: dict) -> str:
    info = next((i for i in meta.get("indikator", []) if i.get("kolom") == kolom), {})
    text = " / ".join(t for t in (info.get("metode_id"), info.get("metode_en")) if t)
    return f"{kolom}: {text}" if text else kolom


def table_csv(ch: Choropleth, view: View, *, text: str | None, sort: dict | None,
              lang: str, pattern: Pattern | None = None, fields: dict | None = None,
              fmt: str = "csv") -> CsvFile:
    """Every row the table lists (all pages) as ``prioritas-desa_<unit>_<area>_<kolom>.csv``
    (or ``.xlsx``); ``fields`` (:func:`provenance`) go in the first line / title rows."""
    rows = sorted_rows(ch, text=text, sort=sort, lang=lang)
    name = "_".join(p for p in ("prioritas-desa", view.unit, view.kode or "semua",
                                ch.info.kolom) if p)
    first = header_line(fields) if fields else None
    if fmt == "xlsx":
        frame = download_frame(rows, ch, unit=view.unit, lang=lang, pattern=pattern)
        return CsvFile(table_xlsx(frame, fields or {}), f"{name}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    body = csv_text(rows, ch, unit=view.unit, lang=lang, pattern=pattern, first_line=first)
    return CsvFile(("\ufeff" + body).encode("utf-8"), f"{name}.csv")


def table_xlsx(frame: pd.DataFrame, fields: dict) -> bytes:
    """One sheet: title rows (``fields``), an empty row, the table; every text cell safe."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Tabel"
    for r, (key, value) in enumerate(fields.items(), start=1):
        ws.cell(row=r, column=1, value=safe_cell(f"{key}: {value}"))
    head = len(fields) + 2
    for j, col in enumerate(frame.columns, start=1):
        ws.cell(row=head, column=j, value=safe_cell(col)).font = Font(bold=True)
    for i, row in enumerate(frame.itertuples(index=False), start=head + 1):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j, value=safe_cell(value))
            if j == 1:
                cell.number_format = "@"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_page(computed, dataset: LoadedDataset, settings: DashboardSettings,
               pathname: str | None, kolom: str | None, scheme, k, *, text: str | None,
               sort: dict | None, page: int | None, trigger, lang: str) -> TableView | None:
    """:func:`table_view` of the page's controls (``None``: the path is not a view).
    ``computed`` is the app's :class:`~dashboard.model.cache.Computed`."""
    shown = _classified(computed, dataset, settings, pathname, kolom, scheme, k)
    if shown is None:
        return None
    return table_view(shown[1], shown[0], text=text, sort=sort, page=page, trigger=trigger,
                      size=settings.page_size, lang=lang)


def table_download(computed, dataset: LoadedDataset, settings: DashboardSettings,
                   pathname: str | None, kolom: str | None, scheme, k, *, text: str | None,
                   sort: dict | None, lang: str, fmt: str = "csv",
                   threshold: int | None = None) -> CsvFile | None:
    """:func:`table_csv` of the page's controls, suppressed for public use (``None``: the path
    is not a view)."""
    from layers.settings import DEFAULT

    shown = _classified(computed, dataset, settings, pathname, kolom, scheme, k)
    if shown is None:
        return None
    view, ch = shown
    pattern = dataset_pattern(dataset, threshold or DEFAULT.small_count_threshold)
    area = area_name(dataset, view)
    fields = provenance(ch, meta=dataset.meta, version=dataset.version,
                        area=f"{area} ({dotted(view.kode)})" if view.kode else area,
                        pattern=pattern)
    return table_csv(ch, view, text=text, sort=sort, lang=lang, pattern=pattern,
                     fields=fields, fmt=fmt)


def _classified(computed, dataset: LoadedDataset, settings: DashboardSettings,
                pathname: str | None, kolom: str | None, scheme,
                k) -> tuple[View, Choropleth] | None:
    sel = select(dataset, settings, pathname, kolom, scheme, k)
    if sel is None:
        return None
    return sel.view, computed.choropleth(dataset, sel.view, sel.info.kolom, sel.scheme, sel.k)
