"""Households to desa: counts kept apart from rates, zero kept apart from missing.

The counting itself is one function (:func:`count_households`) over a plain frame of households
with boolean columns, so another engine (DuckDB, Dask) can be put under it for province or
national scale without touching the rules around it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.indicators.catalogue import BY_NAME, COUNTS, GLOBAL_COLUMNS, RATES, Indicator
from layers.indicators.housing import COUNT_COLUMNS as HOUSING_COUNTS
from layers.settings import DEFAULT, Settings

#: reason code in ``alasan_kosong`` for a desa whose kecamatan has no rows in the input
NO_ROWS_IN_KECAMATAN = "kecamatan_tanpa_data"

PROGRAMME_COLUMNS = ("pkh", "bpnt", "pbi", "bpum", "bst")

LEVEL_KEYS = {
    "desa": "kode_desa",
    "kecamatan": "kode_kec",
    "kabupaten": "kode_kab",
    "provinsi": "kode_prov",
}


def household_flags(households: pd.DataFrame, *, layout: str, programmes: list[str],
                    settings: Settings = DEFAULT) -> pd.DataFrame:
    """One boolean column per count indicator the layout provides (plus ``jiwa``).

    Parameters
    ----------
    households
        Reader output with ``kode_desa`` resolved (see docs/architecture.md).
    layout
        ``siks`` or ``p3ke``: indicators the layout cannot provide are left out.
    programmes
        Programme columns the files record; "receives aid" means any of them is true.
    """
    h = households
    flags = pd.DataFrame({"kode_desa": h["kode_desa"].to_numpy()}, index=h.index)
    flags["kk_terdaftar"] = True
    desil = h["desil"].astype("Int64") if "desil" in h else pd.Series(pd.NA, index=h.index,
                                                                     dtype="Int64")
    for d in range(1, 5):
        flags[f"kk_desil_{d}"] = (desil == d).fillna(False).astype(bool)
    flags["kk_miskin_ekstrem"] = (desil == settings.extreme_poverty_desil).fillna(False)
    for prog in ("pkh", "bpnt", "pbi"):
        col = h[prog] if prog in h else pd.Series(pd.NA, index=h.index, dtype="boolean")
        flags[f"kk_{prog}"] = col.astype("boolean").fillna(False).astype(bool)
    receives = np.zeros(len(h), dtype=bool)
    for prog in programmes:
        receives |= h[prog].astype("boolean").fillna(False).to_numpy(dtype=bool)
    poor = desil.between(1, settings.exclusion_desil_max).fillna(False).to_numpy(dtype=bool)
    flags["kk_desil_1_4_tanpa_bansos"] = poor & ~receives
    high = (desil >= settings.inclusion_min_desil).fillna(False).to_numpy(dtype=bool)
    not_matched = (h["padan"].astype("boolean") == False).fillna(False).to_numpy(dtype=bool)  # noqa: E712
    flags["kk_inklusi"] = receives & (high | not_matched)
    flags["jiwa_terdaftar"] = (h["jiwa"].astype("Int64").fillna(0).to_numpy()
                               if "jiwa" in h else 0)
    for name, item in HOUSING_COUNTS.items():
        # items come from housing.add_deprivation; unknown values stay NA, never True
        flags[name] = (h[item].astype("boolean").fillna(False).to_numpy(dtype=bool)
                       if item in h else False)
    keep = ["kode_desa"] + [c for c in COUNTS if layout in BY_NAME[c].layouts]
    return flags[keep]


def count_households(flags: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum boolean/integer indicator columns by ``keys`` (the swappable engine step)."""
    value_cols = [c for c in flags.columns if c not in keys]
    out = flags.groupby(keys, sort=True, dropna=True)[value_cols].sum()
    return out.astype("Int64")


def aggregate_desa(households: pd.DataFrame, gazetteer: pd.DataFrame, *, layout: str,
                   programmes: list[str], covered_kec: set[str] | None = None,
                   settings: Settings = DEFAULT) -> pd.DataFrame:
    """Count indicators per desa for one register.

    Parameters
    ----------
    households
        Reader output with a resolved ``kode_desa`` (NA for unresolved households, which are
        not counted in any desa).
    gazetteer
        Every desa of the boundary file (``kode_desa``, ``kode_kec``).
    covered_kec
        Kecamatan codes the input has rows for (a household resolved to the kecamatan counts even
        when its desa name stayed unresolved). Desa of other kecamatan get NA with reason
        ``kecamatan_tanpa_data``; desa of covered kecamatan without rows get 0.

    Returns
    -------
    DataFrame indexed like ``gazetteer`` by ``kode_desa``: every count indicator of the catalogue
    (NA where the layout cannot provide it) and ``alasan_kosong``.
    """
    resolved = households[households["kode_desa"].notna()]
    flags = household_flags(resolved, layout=layout, programmes=programmes, settings=settings)
    counts = count_households(flags, ["kode_desa"])
    desa = gazetteer.set_index("kode_desa")[["kode_kec"]]
    if covered_kec is None:
        covered_kec = set(desa.loc[desa.index.intersection(counts.index), "kode_kec"])
    out = pd.DataFrame(index=desa.index)
    has_rows = desa["kode_kec"].isin(covered_kec)
    for name in COUNTS:
        col = pd.Series(pd.NA, index=desa.index, dtype="Int64")
        if name in counts:
            col[has_rows] = 0
            present = counts.index.intersection(desa.index)
            col.loc[present] = counts.loc[present, name]
        out[name] = col
    out["alasan_kosong"] = pd.Series(pd.NA, index=desa.index, dtype="string")
    out.loc[~has_rows, "alasan_kosong"] = NO_ROWS_IN_KECAMATAN
    return out


def add_rates(frame: pd.DataFrame, *, prefix: str = "",
              rates: tuple[Indicator, ...] = RATES) -> pd.DataFrame:
    """Recompute every rate of the catalogue from the count columns (returns a copy).

    A rate is NA where its numerator is NA or its denominator is NA or zero; a rate over
    ``kk_total`` is NA where the frame has no ``kk_total`` column (no denominator is invented).
    """
    out = frame.copy()
    for ind in rates:
        out[prefix + ind.nama] = _rate(out, ind, prefix)
    return out


def _col(frame: pd.DataFrame, name: str, prefix: str) -> pd.Series:
    col = name if name in GLOBAL_COLUMNS or name == "jiwa_total" else prefix + name
    if col not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="Float64")
    return frame[col].astype("Float64")


def _rate(frame: pd.DataFrame, ind: Indicator, prefix: str) -> pd.Series:
    num = _col(frame, ind.numerator, prefix)
    den = sum(_col(frame, c, prefix) for c in ind.denominator)
    scale = 100.0 if ind.jenis == "rate" else 1.0
    rate = (num * scale / den.where(den > 0)).round(4)
    return rate.astype("Float64")


def roll_up(desa: pd.DataFrame, level: str, *, count_columns: list[str],
            coverage_columns: dict[str, str]) -> pd.DataFrame:
    """Sum counts from desa to ``level`` (``kecamatan``, ``kabupaten``, ``provinsi``).

    A parent's count is NA only where every child is NA. ``coverage_columns`` maps an output
    column (e.g. ``dtks_desa_berdata``) to a count column whose non-missing children it counts,
    so a partial sum is visible as such. Rates are not summed: call :func:`add_rates` after.
    """
    key = LEVEL_KEYS[level]
    grouped = desa.groupby(key, sort=True)
    out = grouped[count_columns].sum(min_count=1).astype("Int64")
    out["jumlah_desa"] = grouped.size().astype("Int64")
    for name, source in coverage_columns.items():
        out[name] = grouped[source].count().astype("Int64")
    return out


def subdesa_table(households: pd.DataFrame, *, layout: str, programmes: list[str],
                  settings: Settings = DEFAULT) -> pd.DataFrame:
    """Counts per desa x dusun x RW (area keys only; no personal value)."""
    resolved = households[households["kode_desa"].notna()]
    if resolved.empty or "dusun" not in resolved:
        return pd.DataFrame(columns=["kode_desa", "dusun", "rw", "kk_terdaftar"])
    flags = household_flags(resolved, layout=layout, programmes=programmes, settings=settings)
    flags["dusun"] = _clean_area_key(resolved["dusun"]).str.upper()
    flags["rw"] = _clean_area_key(resolved["rw"]).str.zfill(3).where(
        _clean_area_key(resolved["rw"]) != "-", "-")
    out = count_households(flags, ["kode_desa", "dusun", "rw"]).reset_index()
    return out


def _clean_area_key(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.strip().fillna("")
    return s.where(s != "", "-")

