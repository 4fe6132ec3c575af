"""The table of areas in view: filter, sort, page, and the same rows as CSV.

:func:`sorted_rows` is the one filter-and-sort pipeline; the table page and the CSV download
both read it, so a download holds exactly the rows the table lists.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import ids
from dashboard.i18n import decimals_of, t
from dashboard.dataset import LoadedDataset
from dashboard.model.choropleth import Choropleth, select, unit_of
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


def csv_text(rows: pd.DataFrame, ch: Choropleth, *, unit: str, lang: str) -> str:
    """The rows as CSV: ``;`` and decimal comma in Bahasa Indonesia (Excel's local format)."""
    info = ch.info
    parent = parent_level(unit)
    head = {
        "kode": t("table.col.kode", lang),
        "nama": t(f"level.{unit}", lang),
        "induk": t(f"level.{parent}", lang) if parent else "",
        "nilai": f"{info.label(lang)} ({unit_of(info)})" if unit_of(info) else info.label(lang),
        "peringkat": t("table.col.rank_csv", lang),
        "kelas": t("table.col.class", lang),
    }
    out = rows[list(head)].copy()
    out["kelas"] = [c + 1 if c >= 0 else None for c in out["kelas"]]
    out["kelas"] = out["kelas"].astype("Int64")
    out["peringkat"] = out["peringkat"].astype("Float64").round().astype("Int64")
    dec = decimals_of(info.jenis)
    if not ch.categorical:
        out["nilai"] = out["nilai"].round(dec) if dec else out["nilai"].round().astype("Int64")
    if not parent:
        out = out.drop(columns="induk")
        head.pop("induk")
    out = out.rename(columns=head)
    if lang == "id":
        return out.to_csv(index=False, sep=";", decimal=",", lineterminator="\n")
    return out.to_csv(index=False, lineterminator="\n")


@dataclass(frozen=True)
class CsvFile:
    """A CSV download: its text (with the byte-order mark Excel needs) and its file name."""

    text: str
    filename: str


def table_csv(ch: Choropleth, view: View, *, text: str | None, sort: dict | None,
              lang: str) -> CsvFile:
    """Every row the table lists (all pages) as ``prioritas-desa_<unit>_<area>_<kolom>.csv``."""
    rows = sorted_rows(ch, text=text, sort=sort, lang=lang)
    name = "_".join(p for p in ("prioritas-desa", view.unit, view.kode or "semua",
                                ch.info.kolom) if p)
    return CsvFile("\ufeff" + csv_text(rows, ch, unit=view.unit, lang=lang), f"{name}.csv")


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
                   sort: dict | None, lang: str) -> CsvFile | None:
    """:func:`table_csv` of the page's controls (``None``: the path is not a view)."""
    shown = _classified(computed, dataset, settings, pathname, kolom, scheme, k)
    if shown is None:
        return None
    return table_csv(shown[1], shown[0], text=text, sort=sort, lang=lang)


def _classified(computed, dataset: LoadedDataset, settings: DashboardSettings,
                pathname: str | None, kolom: str | None, scheme,
                k) -> tuple[View, Choropleth] | None:
    sel = select(dataset, settings, pathname, kolom, scheme, k)
    if sel is None:
        return None
    return sel.view, computed.choropleth(dataset, sel.view, sel.info.kolom, sel.scheme, sel.k)
