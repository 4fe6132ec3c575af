"""View models: what a callback sends, computed from the store (dash-free, pure).

Each function turns loaded frames into plain values (numbers, strings, dicts) that a
component builder renders. Nothing here imports dash, reads files or changes its inputs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from layers.fmt import angka
from layers.indicators import BY_NAME

from .classify import Classes, categorize, classify, palette, rank_within
from .i18n import decimals_of, number, t
from .store import IndicatorInfo, Store
from .views import CODE_LEN, View, parent_level

NODATA_FILL = "url(#pd-hatch)"


# -------------------------------------------------------------------------------------------
# choropleth
# -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choropleth:
    """One indicator classified over the units of a view."""

    info: IndicatorInfo
    codes: list[str]
    names: list[str]
    parents: list[str]
    parent_names: list[str]
    values: np.ndarray
    ranks: pd.Series
    classes: Classes
    colors: list[str]
    scheme: str
    #: names of the classes of a categorical indicator (empty for numbers)
    categories: tuple[str, ...] = ()
    #: the shown value of a categorical indicator per unit (None where missing)
    labels: tuple[str | None, ...] = ()

    @property
    def categorical(self) -> bool:
        return self.info.jenis == "category"

    @property
    def missing(self) -> np.ndarray:
        return self.classes.index < 0 if self.categorical else np.isnan(self.values)


def choropleth(units: pd.DataFrame, info: IndicatorInfo, *, scheme: str, k: int) -> Choropleth:
    """Classify ``info``'s column over ``units`` (rows of :meth:`Store.units`).

    Numbers get ``scheme``/``k`` classes and a rank within the parent area; a categorical
    indicator (``jenis == "category"``, e.g. IDM status) gets one class per category, no rank.
    """
    common = dict(info=info, codes=units["kode"].tolist(), names=units["nama"].tolist(),
                  parents=units["induk_kode"].tolist(),
                  parent_names=units["induk_nama"].tolist(), scheme=scheme)
    present = info.kolom in units and info.tersedia
    if info.jenis == "category":
        raw = units[info.kolom].tolist() if present else [None] * len(units)
        classes, names, colours = categorize(raw)
        labels = tuple(names[c] if c >= 0 else None for c in classes.index)
        return Choropleth(values=np.full(len(units), np.nan),
                          ranks=pd.Series(pd.NA, index=range(len(units)), dtype="Int64"),
                          classes=classes, colors=colours, categories=names, labels=labels,
                          **common)
    if present:
        values = pd.to_numeric(units[info.kolom], errors="coerce").astype("Float64")
        values = values.to_numpy(dtype=float, na_value=np.nan)
    else:
        values = np.full(len(units), np.nan)
    classes = classify(values, scheme=scheme, k=k)
    ranks = rank_within(values, units["induk_kode"].tolist())
    return Choropleth(values=values, ranks=ranks, classes=classes,
                      colors=palette(classes.k, kind=info.jenis, name=info.nama), **common)


def hideout(ch: Choropleth, *, src: str, unit: str, selected: str | None, lang: str,
            labels: bool) -> dict:
    """The GeoJSON ``hideout``: everything the browser's style function needs, no geometry.

    In the order of the shapes in ``src``: ``c`` has one character per shape (class ``0``-
    ``6``, ``-`` for no data); ``v`` the values as displayed and ``r`` the rank within the
    parent area, each a comma-joined string with nothing between the commas where a value
    is missing (a few bytes per shape); ``pn`` how many shapes are ranked in each parent area
    (whose name travels with the shapes); a categorical indicator sends its category names
    in ``cats`` instead of values.
    """
    dec = decimals_of(ch.info.jenis)
    values = "" if ch.categorical else ",".join(_short(v, dec) for v in ch.values)
    ranks = [None if r is pd.NA else int(r) for r in ch.ranks]
    ranked: dict[str, int] = {}
    for p, r in zip(ch.parents, ranks):
        ranked[p] = ranked.get(p, 0) + (r is not None)
    parent = parent_level(unit)
    return {
        "src": src,
        "c": "".join("-" if c < 0 else str(int(c)) for c in ch.classes.index),
        "v": values,
        "r": ",".join("" if r is None else str(r) for r in ranks),
        "cats": list(ch.categories),
        "pal": ch.colors,
        "nd": NODATA_FILL,
        "sel": selected,
        "pl": CODE_LEN[parent] if parent else 0,
        "pn": ranked,
        "dec": dec,
        "u": unit_of(ch.info),
        "lang": lang,
        "labels": labels,
        "t": {"rank": t("hover.rank", lang), "of": t("hover.of", lang),
              "nodata": t("legend.nodata", lang), "open": t(f"hover.open.{unit}", lang),
              "in": t("hover.in", lang)},
    }


def _short(v: float, dec: int) -> str:
    """A value as the hover shows it, in as few characters as JSON needs (``""``: missing)."""
    if math.isnan(v):
        return ""
    if dec == 0:
        return str(int(round(v)))
    return f"{v:.{dec}f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class LegendEntry:
    color: str
    text: str
    count: int


@dataclass(frozen=True)
class Legend:
    title: str
    unit: str
    entries: list[LegendEntry]
    nodata: int
    nodata_reasons: list[str]
    scheme: str
    #: what the hatched row is called (default: the locale's "no data")
    nodata_label: str | None = None


def legend(ch: Choropleth, units: pd.DataFrame, store: Store, *, lang: str) -> Legend:
    """Class bounds in the user's number format, with counts and the no-data explanation."""
    info, cl = ch.info, ch.classes
    entries = []
    if ch.categorical:
        entries = [LegendEntry(ch.colors[i], name if name != "…" else t("legend.other", lang),
                               cl.counts[i]) for i, name in enumerate(ch.categories)]
    lower = cl.minimum
    for i, upper in enumerate(cl.bounds):
        entries.append(LegendEntry(ch.colors[i], class_label(lower, upper, first=i == 0,
                                                             kind=info.jenis, lang=lang),
                                   cl.counts[i]))
        lower = upper
    missing = ch.missing
    reasons = _reasons(units[missing], info, store, lang=lang) if missing.any() else []
    scheme = t("legend.categories", lang) if ch.categorical else t(f"scheme.{ch.scheme}", lang)
    return Legend(title=info.label(lang), unit=unit_of(info), entries=entries,
                  nodata=int(missing.sum()), nodata_reasons=reasons, scheme=scheme)


def unit_of(info: IndicatorInfo) -> str:
    """The unit shown with an indicator's values (``%`` for rates)."""
    return "%" if info.jenis == "rate" else (info.satuan or "")


def _reasons(rows: pd.DataFrame, info: IndicatorInfo, store: Store, *, lang: str) -> list[str]:
    """Distinct reasons of the rows without a value (each distinct input row judged once)."""
    ind = BY_NAME.get(info.nama)
    cols = [f"{info.prefix}alasan_kosong", info.kolom]
    if ind is not None and ind.numerator:
        cols.append(info.prefix + ind.numerator)
    if ind is not None and ind.denominator:
        cols += [d if d == "luas_km2" else info.prefix + d for d in ind.denominator]
    cols += ["jenis", *(d for d in ("kk_total",) if d in rows.columns)]
    cols = [c for c in dict.fromkeys(cols) if c in rows.columns]
    distinct = rows[cols].astype("object").drop_duplicates() if cols else rows.head(1)
    return sorted({empty_reason(r, info, store, lang=lang) for _, r in distinct.iterrows()})


def class_label(lower: float | None, upper: float, *, first: bool, kind: str, lang: str) -> str:
    """``"121 – 250"`` (counts: whole numbers inside the class) or ``"12,3 – 18,4"``.

    >>> class_label(120.4, 250.0, first=False, kind="count", lang="id")
    '121 – 250'
    >>> class_label(0.0, 1234.5, first=True, kind="rate", lang="id")
    '0,0 – 1.234,5'
    """
    if lower is None:
        lower = upper
    if kind == "count":
        lo = math.ceil(lower) if first else math.floor(lower) + 1
        hi = math.floor(upper)
        if lo >= hi:
            return number(hi, kind="count", lang=lang)
        return f"{number(lo, kind='count', lang=lang)} – {number(hi, kind='count', lang=lang)}"
    lo_t = number(lower, kind="density", lang=lang)
    hi_t = number(upper, kind="density", lang=lang)
    return hi_t if lo_t == hi_t else f"{lo_t} – {hi_t}"


def empty_reason(row: pd.Series, info: IndicatorInfo, store: Store, *, lang: str) -> str:
    """Why ``row`` has no value for ``info`` (one sentence, in ``lang``)."""
    if not info.tersedia:
        return info.reason(lang) or t("reason.unavailable", lang)
    if info.alasan_kelurahan and str(row.get("jenis", "")) == "kelurahan":
        return info.kelurahan_reason(lang)
    code_col = f"{info.prefix}alasan_kosong"
    code = row.get(code_col) if code_col in row.index else None
    if isinstance(code, str) and code:
        return store.empty_reason_text(code, lang) or t("reason.code", lang, code=code)
    if not info.register:
        return t("reason.no_value", lang)
    ind = BY_NAME.get(info.nama)
    if ind is not None and ind.denominator and ind.kind != "count":
        dens = [d if (d == "luas_km2" or info.prefix + d not in row.index) else info.prefix + d
                for d in ind.denominator]
        den_vals = [row.get(d) for d in dens if d in row.index]
        num_col = info.prefix + (ind.numerator or "")
        if den_vals and all(_is_missing(v) for v in den_vals):
            return t("reason.no_rows_area", lang)
        if den_vals and sum(0 if _is_missing(v) else float(v) for v in den_vals) == 0:
            return t("reason.zero_denominator", lang)
        if num_col in row.index and _is_missing(row.get(num_col)):
            return t("reason.no_rows_area", lang)
    return t("reason.no_rows_area", lang)


def _is_missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


# -------------------------------------------------------------------------------------------
# table
# -------------------------------------------------------------------------------------------

SORT_COLUMNS = ("nama", "induk", "nilai", "peringkat")

_FILTER = re.compile(r"^\s*(>=|<=|=|>|<|≥|≤)\s*([-+]?[\d.,]+)\s*%?\s*$")


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


# -------------------------------------------------------------------------------------------
# desa profile
# -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProfileRow:
    """One indicator of a desa beside its kecamatan and kabupaten."""

    kolom: str
    label: str
    kind: str
    desa: str
    kec: str
    kab: str
    rank: str
    reason: str | None
    desa_value: float | None
    kec_value: float | None = None
    kab_value: float | None = None


@dataclass(frozen=True)
class ProfileSection:
    """One register (or the area's own data) in a desa profile."""

    register: str
    label: str
    groups: list[tuple[str, list[ProfileRow]]]
    desil: dict[str, list[float | None]] | None
    subdesa: pd.DataFrame
    unavailable: list[tuple[str, str]]

    @property
    def rows(self) -> list[ProfileRow]:
        return [r for _, rows in self.groups for r in rows]

    @property
    def rates(self) -> list[ProfileRow]:
        return [r for r in self.rows if r.kind == "rate"]

    @property
    def has_housing(self) -> bool:
        return any(key == "profile.group.housing" for key, _ in self.groups)


@dataclass(frozen=True)
class Profile:
    kode: str
    nama: str
    jenis: str
    kec: str
    kab: str
    sections: list[ProfileSection] = field(default_factory=list)

    @property
    def has_housing(self) -> bool:
        return any(s.has_housing for s in self.sections)


#: how the profile groups indicators (names without register prefix); others go last
PROFILE_GROUPS = (
    ("profile.group.main", ("kk_terdaftar", "jiwa_terdaftar", "persen_terdaftar", "kk_per_km2",
                            "kk_total", "jiwa_total", "jiwa_per_km2", "kk_geotag")),
    ("profile.group.desil", ("kk_desil_1", "kk_desil_2", "kk_desil_3", "kk_desil_4",
                             "kk_miskin_ekstrem", "persen_desil_1", "persen_miskin_ekstrem")),
    ("profile.group.programmes", ("kk_pkh", "kk_bpnt", "kk_pbi", "persen_pkh", "persen_bpnt",
                                  "persen_pbi")),
    ("profile.group.targeting", ("kk_desil_1_4_tanpa_bansos", "persen_tanpa_bansos",
                                 "kk_inklusi", "persen_inklusi")),
    ("profile.group.housing", ("kk_lantai_tanah", "kk_dinding_buruk", "kk_atap_buruk",
                               "kk_tanpa_listrik", "kk_air_tidak_layak", "kk_tanpa_jamban",
                               "kk_kayu_bakar", "kk_deprivasi", "persen_deprivasi")),
)


def profile(store: Store, kode: str, *, lang: str) -> Profile | None:
    """The profile of desa ``kode``: per register (and the area's own data, such as the
    population table or IDM), its figures beside its kecamatan and kabupaten."""
    desa = store.frames["desa"]
    if kode not in desa.index:
        return None
    row = desa.loc[kode]
    kec_code, kab_code = kode[:6], kode[:4]
    kec = store.frames["kecamatan"].loc[kec_code] if kec_code in store.frames["kecamatan"].index \
        else pd.Series(dtype=object)
    kab = store.frames["kabupaten"].loc[kab_code] if kab_code in store.frames["kabupaten"].index \
        else pd.Series(dtype=object)
    siblings = desa[desa.index.str.startswith(kec_code)]
    registers = list(dict.fromkeys(i.register for i in store.indicators))
    registers.sort(key=lambda r: r == "")  # the area's own data after the registers
    sections = []
    for register in registers:
        inds = [i for i in store.indicators if i.register == register]
        sections.append(_section(store, register, inds, row, kec, kab, siblings, kode, lang))
    return Profile(kode=kode, nama=str(row.get("nama_desa", kode)),
                   jenis=str(row.get("jenis", "desa") or "desa"),
                   kec=str(row.get("nama_kec", kec_code)), kab=str(row.get("nama_kab", kab_code)),
                   sections=sections)


def _section(store, register, inds, row, kec, kab, siblings, kode, lang) -> ProfileSection:
    def make(i):
        return _profile_row(i, row, kec, kab, siblings, kode, store, lang)

    available = [i for i in inds if i.tersedia]
    placed: set[str] = set()
    groups = []
    for key, names in PROFILE_GROUPS:
        members = [i for n in names for i in available if i.nama == n]
        placed |= {i.kolom for i in members}
        if members:
            groups.append((key, [make(i) for i in members]))
    rest = [i for i in available if i.kolom not in placed]
    if rest:
        groups.append(("profile.group.other", [make(i) for i in rest]))
    unavailable = [(i.label(lang), i.reason(lang) or t("reason.unavailable", lang))
                   for i in inds if not i.tersedia]
    by_name = {i.nama: i for i in available}
    desil = None
    names = [f"kk_desil_{d}" for d in range(1, 5)]
    if all(n in by_name for n in names) and "kk_terdaftar" in by_name:
        desil = {}
        for label, src in ((t("level.desa", lang), row), (t("level.kecamatan", lang), kec),
                           (t("level.kabupaten", lang), kab)):
            total = _num(src.get(by_name["kk_terdaftar"].kolom))
            desil[label] = [None if total in (None, 0) or _num(src.get(by_name[n].kolom)) is None
                            else 100.0 * _num(src.get(by_name[n].kolom)) / total
                            for n in names]
    sub = store.subdesa_of(kode, register) if register else pd.DataFrame()
    label = store.register_label(register, lang) if register else t("profile.global", lang)
    return ProfileSection(register=register, label=label, groups=groups, desil=desil,
                          subdesa=sub, unavailable=unavailable)


def _profile_row(info, row, kec, kab, siblings, kode, store, lang) -> ProfileRow:
    unit = unit_of(info) if info.jenis in ("rate", "density", "score") else None
    if info.jenis == "rate":
        unit = None  # number() writes the % itself
    if info.jenis == "category":
        v = row.get(info.kolom)
        text = number(v, kind="category", lang=lang)
        reason = empty_reason(row, info, store, lang=lang) if text == "–" else None
        return ProfileRow(kolom=info.kolom, label=info.label(lang), kind=info.jenis, desa=text,
                          kec=number(kec.get(info.kolom), kind="category", lang=lang),
                          kab=number(kab.get(info.kolom), kind="category", lang=lang),
                          rank="", reason=reason, desa_value=None)
    v = _num(row.get(info.kolom))
    kv, bv = _num(kec.get(info.kolom)), _num(kab.get(info.kolom))
    reason = None if v is not None else empty_reason(row, info, store, lang=lang)
    rank = ""
    if v is not None and info.kolom in siblings:
        ranks = rank_within(siblings[info.kolom], [kode[:6]] * len(siblings))
        r = ranks.iloc[list(siblings.index).index(kode)]
        n = int(ranks.notna().sum())
        if r is not pd.NA:
            rank = t("profile.rank_of", lang, rank=int(r), n=n)
    return ProfileRow(kolom=info.kolom, label=info.label(lang), kind=info.jenis,
                      desa=number(v, kind=info.jenis, lang=lang, unit=unit),
                      kec=number(kv, kind=info.jenis, lang=lang, unit=unit),
                      kab=number(bv, kind=info.jenis, lang=lang, unit=unit),
                      rank=rank, reason=reason, desa_value=v, kec_value=kv, kab_value=bv)


def _num(v) -> float | None:
    if _is_missing(v):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def breadcrumb(store: Store, view: View) -> list[tuple[str, str | None]]:
    """``(label, path)`` from the top area to the view (the last item has no path)."""
    from .views import ancestors, area_path

    items: list[tuple[str, str | None]] = []
    if store.root.level is None:
        items.append(("Indonesia", "/"))
    if view.level is not None:
        for level, kode in ancestors(view.kode):
            items.append((store.name(level, kode), area_path(level, kode)))
    if view.selected:
        items.append((store.name("desa", view.selected), None))
    if items:
        items[-1] = (items[-1][0], None)
    return items



# -------------------------------------------------------------------------------------------
# routing
# -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    """Where a URL path takes the map."""

    view: View | None
    geo_url: str | None
    context_url: str | None
    context_current: str
    bounds: list[list[float]] | None


def route(store: Store, pathname: str | None) -> Route:
    """The view of a path, its geometry URL, the grey context around it and the bounds."""
    from .views import parse_path

    view = parse_path(pathname, root=store.root)
    if view is None or not store.exists(view):
        return Route(None, None, None, "", None)
    geo = store.geo_url(view.unit, view.kode)
    context_url, current = None, ""
    if view.level is not None:
        parent = parent_level(view.level)
        parent_code = view.kode[: CODE_LEN[parent]] if parent else ""
        context_url, current = store.geo_url(view.level, parent_code), view.kode
    if view.selected:
        bounds = _grow(store.bounds("desa", view.selected), 2.5)
    else:
        bounds = store.bounds(view.level, view.kode)
    return Route(view, geo, context_url, current, bounds)


def _grow(b: list[list[float]] | None, factor: float) -> list[list[float]] | None:
    if b is None:
        return None
    (s, w), (n, e) = b
    cy, cx, hy, hx = (s + n) / 2, (w + e) / 2, (n - s) * factor / 2, (e - w) * factor / 2
    return [[cy - hy, cx - hx], [cy + hy, cx + hx]]


# -------------------------------------------------------------------------------------------
# priority ranking (layers.ranking): controls, tiers on the map, lists, "why this desa"
# -------------------------------------------------------------------------------------------

#: sub-views of the ranking tab: the composite ranking, exclusion errors, inclusion errors
RANK_VIEWS = ("peringkat", "eksklusi", "inklusi")
#: prioritas 1, 2, 3 on the map and in lists (ColorBrewer OrRd: colour-blind safe, the darkest
#: is the most urgent, and the three stay apart on a washed-out projector)
TIER_COLORS = ("#b30000", "#fc8d59", "#fdd49e")
#: a weight slider runs 0 .. WEIGHT_MAX in whole steps (0 = indicator not used)
WEIGHT_MAX = 5
#: lengths of the top list offered (0 = every ranked desa)
TOP_CHOICES = (10, 25, 50, 0)
#: order of the exclusion / inclusion lists: count or rate
TARGETING_SORTS = ("jumlah", "persen")
_ZERO = re.compile(r"^\s*[^=]+=\s*0+(?:\.0*)?\s*$")


@dataclass(frozen=True)
class RankState:
    """What the ranking controls hold (the URL hash carries the same three values).

    Attributes
    ----------
    weights
        Indicator column -> weight (0 .. :data:`WEIGHT_MAX`), in slider order; 0 = not used.
    normalisation
        ``minmax`` or ``rank`` (:data:`layers.ranking.NORMALISATIONS`).
    include_kelurahan
        Rank kelurahan with the desa.
    """

    weights: dict[str, float]
    normalisation: str = "minmax"
    include_kelurahan: bool = False

    def data(self) -> dict:
        """The state as a ``dcc.Store`` and the URL hash hold it (``layers`` weight syntax)."""
        from layers.ranking import format_weights

        return {"w": format_weights(self.weights), "n": self.normalisation,
                "kel": bool(self.include_kelurahan)}

    @property
    def key(self) -> tuple:
        """Hashable form (cache key)."""
        return (tuple(self.weights.items()), self.normalisation, self.include_kelurahan)


@dataclass(frozen=True)
class RankDefaults:
    """The documented default ranking of a dataset (``layers.ranking.default_spec``).

    ``weights`` has the defaults with weight 1 and the optional IDM score with weight 0 (a
    slider ready to use); ``notes`` say which column each role uses or why it is unavailable.
    """

    weights: dict[str, float]
    notes: tuple[dict, ...]
    spec_weights: dict[str, float]


def ranking_frame(store: Store) -> pd.DataFrame:
    """The desa table as ``layers.ranking`` reads it (``kode_desa`` a column, not the index)."""
    return store.frames["desa"].reset_index(drop=True)


def rank_defaults(store: Store, desa: pd.DataFrame) -> RankDefaults:
    """Default weights of the dataset, with the optional IDM indicator at weight 0."""
    from layers.ranking import default_spec

    spec = default_spec(store.meta, desa)
    weights = dict(spec.weights)
    for note in spec.defaults:
        if note.get("peran") == "idm" and note.get("kolom") and note["kolom"] not in weights:
            if _rankable(store, desa, note["kolom"]):
                weights[note["kolom"]] = 0.0
    return RankDefaults(weights=weights, notes=tuple(spec.defaults),
                        spec_weights=dict(spec.weights))


def read_rank_state(data, *, desa: pd.DataFrame, meta: dict,
                    defaults: RankDefaults) -> tuple[RankState, object | None]:
    """Check what the browser sent (URL hash or controls).

    Weights go through ``layers.ranking.parse_weights`` (names checked against the dataset);
    they are rounded to the slider's whole steps and capped at :data:`WEIGHT_MAX`. Unusable
    weights give the defaults and the :class:`~layers.errors.InputError` saying why. All
    weights 0 is a state the sliders can reach: it is kept (the ranking then says why it is
    empty).
    """
    from layers.errors import InputError
    from layers.ranking import NORMALISATIONS

    data = data if isinstance(data, dict) else {}
    norm = data.get("n") if data.get("n") in NORMALISATIONS else "minmax"
    kel = data.get("kel") in (True, 1, "1", "true")
    weights, error = dict(defaults.weights), None
    text = data.get("w")
    if isinstance(text, str) and text.strip():
        try:
            weights = read_weights(text, desa=desa, meta=meta)
        except InputError as err:
            error = err
    return RankState(weights=weights, normalisation=norm, include_kelurahan=kel), error


def read_weights(text: str, *, desa: pd.DataFrame, meta: dict) -> dict[str, float]:
    """``"a=1,b=0"`` -> ``{"a": 1.0, "b": 0.0}`` by ``layers.ranking.parse_weights``, on the
    slider's scale (whole numbers 0 .. :data:`WEIGHT_MAX`); every weight 0 is accepted."""
    from layers.ranking import parse_weights

    items = [p for p in re.split(r"[,;]", text) if p.strip()]
    zero = bool(items) and all(_ZERO.match(p) for p in items)
    if zero:  # parse_weights refuses all-zero weights; the names are still checked
        text = ",".join(p.split("=")[0] + "=1" for p in items)
    parsed = parse_weights(text, columns=list(desa.columns), meta=meta)
    return {k: 0.0 if zero else float(min(WEIGHT_MAX, round(w))) for k, w in parsed.items()}


def _rankable(store: Store, desa: pd.DataFrame, kolom: str) -> bool:
    info = store.indicator(kolom)
    if info is None or not info.tersedia or kolom not in desa:
        return False
    if info.jenis == "category" and info.nama != "idm_status":
        return False
    return bool(desa[kolom].notna().any())


def rank_spec(state: RankState, defaults: RankDefaults, *, area: str | None):
    """The :class:`layers.ranking.RankSpec` of the controls for ``area``.

    The notes on defaults travel with the spec (and into the XLSX ``Metode`` sheet) only while
    the weights used are the documented defaults, as on the command line.
    """
    from layers.ranking import RankSpec

    used = {k: w for k, w in state.weights.items() if w > 0}
    notes = defaults.notes if used == defaults.spec_weights else ()
    return RankSpec(weights=dict(state.weights), normalisation=state.normalisation,
                    include_kelurahan=state.include_kelurahan, area=area or None,
                    defaults=notes)


def rank_area(view: View) -> str | None:
    """The area a view ranks within (``None``: the whole dataset)."""
    return view.kode or None


@dataclass(frozen=True)
class WeightRow:
    """One weight slider."""

    kolom: str
    label: str
    weight: float
    share: float | None
    lower: bool
    role: str | None


def indicator_label(store: Store, kolom: str, lang: str) -> str:
    """An indicator's label, with its register when the dataset has several."""
    from layers.ranking import indicator_info

    info = store.indicator(kolom)
    if info is None:
        i = indicator_info(kolom, store.meta)
        return str(i["label_en" if lang == "en" else "label_id"] or kolom)
    several = len({i.register for i in store.indicators if i.register}) > 1
    if several and info.register:
        return f"{store.register_label(info.register, lang)} · {info.label(lang)}"
    return info.label(lang)


def weight_rows(store: Store, state: RankState, defaults: RankDefaults, *,
                lang: str) -> list[WeightRow]:
    """The sliders: every weighted column, with its share of the total weight."""
    from layers.ranking import default_direction

    total = sum(w for w in state.weights.values() if w > 0)
    roles = {n["kolom"]: n["label_en" if lang == "en" else "label_id"]
             for n in defaults.notes if n.get("kolom")}
    return [WeightRow(kolom=k, label=indicator_label(store, k, lang), weight=w,
                      share=(w / total if total and w > 0 else None),
                      lower=default_direction(k) == "lower", role=roles.get(k))
            for k, w in state.weights.items()]


def default_notes(defaults: RankDefaults, *, lang: str) -> list[tuple[str, str, bool]]:
    """``(role, note, available)`` for every documented default, in the documented order."""
    en = lang == "en"
    return [(n["label_en" if en else "label_id"], n["catatan_en" if en else "catatan_id"],
             bool(n.get("tersedia"))) for n in defaults.notes]


def addable_indicators(store: Store, desa: pd.DataFrame, state: RankState, *,
                       lang: str) -> list[dict]:
    """Indicators that can get a slider: available, with values, not already weighted."""
    return [{"label": indicator_label(store, i.kolom, lang), "value": i.kolom}
            for i in store.indicators
            if i.kolom not in state.weights and _rankable(store, desa, i.kolom)]


def reason_label(alasan, *, meta: dict, labels: dict[str, str], lang: str) -> str:
    """Why a desa is not ranked, as ``layers.ranking.reason_text`` says it, with indicator
    labels instead of column names and one sentence per dataset reason."""
    from layers.ranking import REASON_EMPTY, reason_text

    if alasan is None or (not isinstance(alasan, str) and pd.isna(alasan)) or alasan == "":
        return ""
    out: list[str] = []
    empty: dict[str, list[str]] = {}
    for part in str(alasan).split("; "):
        code, _, rest = part.partition(":")
        if code != REASON_EMPTY:
            out.append(reason_text(part, lang=lang, meta=meta))
            continue
        col, _, why = rest.partition("=")
        empty.setdefault(why, []).append(col)
    for why, cols in empty.items():
        text = reason_text(f"{REASON_EMPTY}:{cols[0]}" + (f"={why}" if why else ""),
                           lang=lang, meta=meta)
        out.append(text.replace(cols[0], ", ".join(labels.get(c, c) for c in cols), 1))
    return "; ".join(out)


def _reason_class(alasan) -> str:
    """The leading reason code of an ``alasan_kosong`` (kelurahan before filter before empty)."""
    codes = {p.split(":", 1)[0] for p in str(alasan).split("; ")}
    for code in ("kelurahan", "filter_idm", "kosong"):
        if code in codes:
            return code
    return sorted(codes)[0]


def rank_hideout(result, codes: list[str], *, src: str, selected: str | None, lang: str,
                 labels: bool, meta: dict, indicator_labels: dict[str, str],
                 area: str) -> dict:
    """The GeoJSON ``hideout`` of a ranking: prioritas as the class of each shape.

    Same layout as :func:`hideout` (shapes in ``codes`` order): ``c`` is ``0``/``1``/``2`` for
    prioritas 1/2/3 and ``-`` for a desa not ranked; ``v`` the skor, ``r`` the peringkat;
    ``n`` how many desa are ranked; ``why`` the distinct reasons of the desa not ranked and
    ``x`` one character per shape pointing into it (``-`` when ranked). ``mode`` is ``rank``.
    """
    table = result.table.set_index("kode_desa").reindex(codes)
    tiers = table["prioritas"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    skor = table["skor"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    rank = table["peringkat"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    reasons: list[str] = []
    marks = []
    for tier, alasan in zip(tiers, table["alasan_kosong"].tolist()):
        if not np.isnan(tier):
            marks.append("-")
            continue
        text = reason_label(alasan, meta=meta, labels=indicator_labels, lang=lang) \
            or t("rank.reason.outside", lang)
        if text not in reasons:
            reasons.append(text)
        marks.append(_mark(reasons.index(text)))
    return {
        "src": src, "mode": "rank",
        "c": "".join("-" if np.isnan(p) else str(int(p) - 1) for p in tiers),
        "v": ",".join(_short(s, 2) for s in skor),
        "r": ",".join("" if np.isnan(r) else str(int(r)) for r in rank),
        "n": int(result.method["diperingkat"]),
        "why": reasons, "x": "".join(marks),
        "cats": [], "pal": list(TIER_COLORS), "nd": NODATA_FILL, "sel": selected,
        "pl": 0, "pn": {}, "dec": 2, "u": "", "lang": lang, "labels": labels,
        "t": {"rank": t("hover.rank", lang), "of": t("hover.of", lang),
              "in": t("hover.in", lang), "area": area, "nodata": t("rank.not_ranked", lang),
              "open": t("rank.hover.open", lang), "skor": t("rank.col.skor", lang),
              "tier": t("rank.col.tier", lang)},
    }


def empty_rank_hideout(codes: list[str], message: str, *, src: str, selected: str | None,
                       lang: str, labels: bool) -> dict:
    """The ``hideout`` when no ranking can be made (e.g. every weight 0): every shape hatched,
    the hover saying why."""
    return {
        "src": src, "mode": "rank", "c": "-" * len(codes), "v": "," * max(len(codes) - 1, 0),
        "r": "," * max(len(codes) - 1, 0), "n": 0, "why": [message], "x": "0" * len(codes),
        "cats": [], "pal": list(TIER_COLORS), "nd": NODATA_FILL, "sel": selected, "pl": 0,
        "pn": {}, "dec": 2, "u": "", "lang": lang, "labels": labels,
        "t": {"nodata": t("rank.not_ranked", lang), "open": t("rank.hover.open", lang)},
    }


_MARKS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _mark(i: int) -> str:
    return _MARKS[i] if i < len(_MARKS) else _MARKS[-1]


def tier_label(tier: int, lo: int, hi: int, *, lang: str) -> str:
    """``"Prioritas 1 · peringkat 1–73"``."""
    span = number(lo, lang=lang) if lo == hi else \
        f"{number(lo, lang=lang)}–{number(hi, lang=lang)}"
    return t("rank.legend.tier", lang, tier=tier, ranks=span)


def rank_legend(result, *, lang: str) -> Legend:
    """The map legend of a ranking: the three prioritas with their peringkat span and count,
    then how many desa are not ranked and why (by reason)."""
    ranked = result.ranked
    entries = []
    for tier in (1, 2, 3):
        rows = ranked[ranked["prioritas"] == tier]
        if rows.empty:
            continue
        entries.append(LegendEntry(TIER_COLORS[tier - 1],
                                   tier_label(tier, int(rows["peringkat"].min()),
                                              int(rows["peringkat"].max()), lang=lang),
                                   len(rows)))
    left = result.table[result.table["peringkat"].isna()]
    counts: dict[str, int] = {}
    for alasan in left["alasan_kosong"].dropna():
        code = _reason_class(alasan)
        counts[code] = counts.get(code, 0) + 1
    reasons = [t(f"rank.reason.class.{code}", lang, n=number(n, lang=lang))
               for code, n in counts.items()]
    return Legend(title=t("rank.legend.title", lang), unit="", entries=entries,
                  nodata=len(left), nodata_reasons=reasons,
                  scheme=t(f"rank.legend.rule.{result.spec.tier_rule}", lang),
                  nodata_label=t("rank.not_ranked", lang))


@dataclass(frozen=True)
class RankSummary:
    """One line above the list: where, how many ranked, how many left out and why."""

    area: str
    ranked: int
    total: int
    left_out: list[str]
    weights: str


def rank_summary(result, *, area: str, lang: str, labels: dict[str, str]) -> RankSummary:
    m = result.method
    left = [t(f"rank.reason.class.{code}", lang, n=number(n, lang=lang))
            for code, n in m["tidak_diperingkat"].items()]
    weights = ", ".join(
        f"{labels.get(i['kolom'], i['kolom'])} {angka(i['bobot_dinormalkan'] * 100, 0, lang=lang)}%"
        for i in m["indikator"])
    return RankSummary(area=area, ranked=int(m["diperingkat"]), total=int(m["jumlah_desa"]),
                       left_out=left, weights=weights)


def rank_rows(result, *, top: int) -> pd.DataFrame:
    """The ranked desa with ``peringkat <= top`` (desa tied at the cut stay; 0 = all)."""
    rows = result.top(top).table if top and top > 0 else result.ranked
    return rows.reset_index(drop=True)


def unranked_groups(result, *, meta: dict, labels: dict[str, str],
                    lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Desa not ranked, grouped by their reason: ``[(reason, [(kode, nama), ...]), ...]``."""
    left = result.table[result.table["peringkat"].isna()]
    groups: dict[str, list[tuple[str, str]]] = {}
    for kode, nama, alasan in zip(left["kode_desa"], left["nama_desa"], left["alasan_kosong"]):
        text = reason_label(alasan, meta=meta, labels=labels, lang=lang)
        groups.setdefault(text, []).append((str(kode), str(nama)))
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


@dataclass(frozen=True)
class Why:
    """Why one desa ranks where it does (or why it is not ranked)."""

    kode: str
    nama: str
    kec: str
    skor: float | None
    peringkat: int | None
    prioritas: int | None
    n_ranked: int
    reason: str
    #: ``layers.ranking.explain``: kolom, label, nilai, nilai_dinormalkan, bobot_dinormalkan,
    #: kontribusi; plus ``maks`` (the points the indicator can give) and ``teks`` (the value
    #: as displayed)
    parts: pd.DataFrame


def why(result, kode: str | None, *, store: Store, labels: dict[str, str],
        lang: str) -> Why | None:
    """``layers.ranking.explain`` for ``kode`` (the first ranked desa when ``kode`` is not in
    the ranking); ``None`` when the area has no desa."""
    from layers.ranking import explain

    table = result.table
    if table.empty:
        return None
    if kode not in set(table["kode_desa"]):
        kode = str(table["kode_desa"].iloc[0])
    row = table[table["kode_desa"] == kode].iloc[0]
    parts = explain(result, kode, meta=store.meta, lang=lang)
    parts["label"] = [labels.get(k, lbl) for k, lbl in zip(parts["kolom"], parts["label"])]
    parts["maks"] = parts["bobot_dinormalkan"] * 100.0
    parts["teks"] = [_value_text(store, k, v, lang) for k, v in zip(parts["kolom"],
                                                                   parts["nilai"])]
    ranked = not pd.isna(row["peringkat"])
    return Why(kode=str(kode), nama=str(row["nama_desa"]), kec=str(row.get("nama_kec", "")),
               skor=float(row["skor"]) if ranked else None,
               peringkat=int(row["peringkat"]) if ranked else None,
               prioritas=int(row["prioritas"]) if ranked else None,
               n_ranked=int(result.method["diperingkat"]),
               reason="" if ranked else reason_label(row["alasan_kosong"], meta=store.meta,
                                                      labels=labels, lang=lang),
               parts=parts)


def _value_text(store: Store, kolom: str, value, lang: str) -> str:
    info = store.indicator(kolom)
    if info is None:
        return number(value, kind="density", lang=lang)
    if info.nama == "idm_status" and not _is_missing(value):
        from layers.ranking import IDM_STATUS

        return IDM_STATUS[int(value) - 1].title()
    unit = info.satuan if info.jenis in ("density", "score") and info.satuan else None
    return number(value, kind=info.jenis, lang=lang, unit=unit)


# ---- exclusion and inclusion views ---------------------------------------------------------

def targeting(desa: pd.DataFrame, meta: dict, view: View, *, kind: str,
              sort_by: str) -> pd.DataFrame:
    """``layers.ranking.exclusion_table`` (``kind="eksklusi"``) or ``inclusion_table``
    (``"inklusi"``) of the area in view (kelurahan included: aid reaches them too)."""
    from layers.ranking import exclusion_table, inclusion_table

    fn = exclusion_table if kind == "eksklusi" else inclusion_table
    sort_by = sort_by if sort_by in TARGETING_SORTS else "jumlah"
    return fn(desa, meta, area=rank_area(view), sort_by=sort_by)


#: base columns of the exclusion / inclusion views: (count, rate)
TARGETING_COLUMNS = {"eksklusi": ("kk_desil_1_4_tanpa_bansos", "persen_tanpa_bansos"),
                     "inklusi": ("kk_inklusi", "persen_inklusi")}


def targeting_column(store: Store, *, kind: str, sort_by: str) -> IndicatorInfo | None:
    """The indicator the map shows beside an exclusion / inclusion list: the count or the
    rate (by ``sort_by``) of the first register that has it."""
    count, rate = TARGETING_COLUMNS.get(kind, (None, None))
    if count is None:
        return None
    base = rate if sort_by == "persen" else count
    registers = [r.get("register") for r in store.registers()] or [""]
    for reg in registers:
        for info in store.indicators:
            if info.nama == base and (info.register or "") == (reg or "") and info.tersedia:
                return info
    return None
