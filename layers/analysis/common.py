"""What every analysis shares: the desa of an area, an indicator's values and the reason when a
value is missing, a rate's numerator and denominator, and the area's pooled figure."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.indicators import BY_NAME, GLOBAL_COLUMNS, GLOBAL_INDICATORS
from layers.ranking.area import area_code
from layers.ranking.columns import base_name, indicator_columns, indicator_info, register_of

#: columns that name a desa in every analysis output, after ``kode_desa``
NAME_COLUMNS = ("nama_desa", "jenis", "kode_kec", "nama_kec")

_RATES = {ind.nama: ind for ind in (*BY_NAME.values(), *GLOBAL_INDICATORS)
          if ind.jenis != "count" and ind.numerator}


@dataclass(frozen=True)
class RateParts:
    """A rate as numerator over denominator: the columns, their values and the scale
    (100 for percent, 1 for densities)."""

    numerator: str
    denominator: tuple[str, ...]
    num: pd.Series
    den: pd.Series
    scale: float


def area_rows(desa: pd.DataFrame, area: str | None) -> tuple[pd.DataFrame, dict]:
    """The desa of ``area`` (all columns, geometry kept, sorted by ``kode_desa``) and the area's
    ``kode``, ``nama`` and ``tingkat`` (all ``None`` for no area; the dataset's area then)."""
    if "kode_desa" not in desa.columns:
        raise InputError("Kolom kode_desa tidak ada di tabel desa.",
                         "Column kode_desa missing from the desa table.", column="kode_desa")
    code = area_code(area)
    frame = desa.sort_values("kode_desa", kind="stable")
    if code is not None:
        frame = frame[frame["kode_desa"].astype("string").str.startswith(code)]
        if frame.empty:
            raise InputError(f"Tidak ada desa dengan kode wilayah {area} di dataset.",
                             f"No desa with area code {area} in the dataset.", column="--area")
    names = {2: ("provinsi", "nama_prov"), 4: ("kabupaten", "nama_kab"),
             6: ("kecamatan", "nama_kec"), 10: ("desa", "nama_desa")}
    if code is None:
        return frame.reset_index(drop=True), {"kode": None, "nama": None, "tingkat": None}
    level, col = names[len(code)]
    name = str(frame[col].iloc[0]) if col in frame else None
    return frame.reset_index(drop=True), {"kode": code, "nama": name, "tingkat": level}


def check_indicator(frame: pd.DataFrame, col: str, option: str) -> None:
    """Refuse a column the dataset lacks or that holds no numbers (bilingual, names it)."""
    if col not in frame.columns:
        known = ", ".join(indicator_columns(frame))
        raise InputError(f"Indikator '{col}' tidak ada di dataset. Yang ada: {known}.",
                         f"Indicator '{col}' is not in the dataset. Available: {known}.",
                         column=option)
    if not pd.api.types.is_numeric_dtype(frame[col]):
        raise InputError(f"Kolom '{col}' bukan indikator angka.",
                         f"Column '{col}' is not a numeric indicator.", column=option)


def values(frame: pd.DataFrame, col: str) -> np.ndarray:
    """A column as float with NaN for missing."""
    return pd.to_numeric(frame[col], errors="coerce").astype("Float64").to_numpy(
        dtype=float, na_value=np.nan)


def _column(name: str, prefix: str) -> str:
    return name if name in GLOBAL_COLUMNS or name == "jiwa_total" else prefix + name


def _numbers(frame: pd.DataFrame, col: str) -> pd.Series:
    if col not in frame:
        return pd.Series(np.nan, index=frame.index)
    return pd.to_numeric(frame[col], errors="coerce").astype("Float64").astype(float)


def rate_columns(col: str, meta: dict | None) -> tuple[str, tuple[str, ...], float] | None:
    """Numerator column, denominator columns and scale (100 for percent, 1 for densities) of a
    catalogue rate (``persen_*``, ``*_per_km2``), or of a count over all households
    (``kk_total``); ``None`` for anything else (scores, indices)."""
    base = base_name(col)
    prefix = col[: len(col) - len(base)]
    ind = _RATES.get(base)
    if ind is not None:
        return (_column(ind.numerator, prefix),
                tuple(_column(d, prefix) for d in ind.denominator),
                100.0 if ind.jenis == "rate" else 1.0)
    if indicator_info(col, meta).get("jenis") == "count" and base not in GLOBAL_COLUMNS:
        return col, ("kk_total",), 100.0
    return None


def rate_parts(frame: pd.DataFrame, col: str, meta: dict | None) -> RateParts | None:
    """:func:`rate_columns` with their values in ``frame`` (NaN where a column is absent)."""
    cols = rate_columns(col, meta)
    if cols is None:
        return None
    num_col, den_cols, scale = cols
    den = sum(_numbers(frame, d) for d in den_cols)
    return RateParts(num_col, den_cols, _numbers(frame, num_col), den, scale)


def pooled(frame: pd.DataFrame, col: str, meta: dict | None) -> tuple[float, str]:
    """The area's own figure of ``col`` and how it was taken: ``rate`` (total numerator over
    total denominator of the desa having both), ``count`` (total over the number of desa with a
    value) or ``mean`` (other indicators: their mean)."""
    kind = indicator_info(col, meta).get("jenis")
    v = values(frame, col)
    if kind != "count":
        parts = rate_parts(frame, col, meta)
        if parts is not None:
            num, den = parts.num.to_numpy(), parts.den.to_numpy()
            both = ~np.isnan(num) & ~np.isnan(den) & (den > 0)
            if both.any():
                return float(num[both].sum() * parts.scale / den[both].sum()), "rate"
        return _mean(v), "mean"
    return _mean(v), "count"


def _mean(v: np.ndarray) -> float:
    return float(np.nanmean(v)) if (~np.isnan(v)).any() else float("nan")


def missing_reason(frame: pd.DataFrame, col: str, meta: dict | None) -> pd.Series:
    """Why ``col`` is empty, per desa (``<NA>`` where it has a value): the column, then the
    dataset's own reason (``<register>_alasan_kosong`` or the indicator's ``alasan``), in
    Bahasa Indonesia / English."""
    meta = meta or {}
    empty = pd.isna(pd.to_numeric(frame[col], errors="coerce"))
    info = {e["kolom"]: e for e in meta.get("indikator", []) if "kolom" in e}
    reg = register_of(col, info)
    src = f"{reg}_alasan_kosong" if reg and f"{reg}_alasan_kosong" in frame else "alasan_kosong"
    texts = meta.get("alasan_kosong", {})
    entry = info.get(col, {})
    generic = ((entry.get("alasan_id") or "tanpa keterangan di dataset"),
               (entry.get("alasan_en") or "no reason given in the dataset"))

    def sentence(code) -> str:
        idt, ent = texts.get(code, (code, code)) if isinstance(code, str) else generic
        return f"{col} kosong: {idt} / {col} empty: {ent}"

    codes = frame[src].astype("string") if src in frame else pd.Series(pd.NA, index=frame.index)
    out = pd.Series(pd.NA, index=frame.index, dtype="string")
    out[empty] = [sentence(None if pd.isna(c) else c) for c in codes[empty]]
    cols = rate_columns(col, meta)
    pop = meta.get("penyebut") or {}
    if col in ("kk_total", "jiwa_total") and pop.get("desa_tanpa_data"):
        absent = empty & frame["kode_desa"].astype("string").isin(pop["desa_tanpa_data"])
        src_file = pop.get("file") or "-"
        out[absent] = (f"{col} kosong: desa ini tidak ada di tabel penduduk ({src_file}) / "
                       f"{col} empty: this desa is not in the population table ({src_file})")
    kel = entry.get("alasan_kosong_kelurahan")
    if kel and "jenis" in frame:  # a reference table that does not score kelurahan (IDM)
        is_kel = empty & (frame["jenis"].astype("string") == "kelurahan").fillna(False)
        out[is_kel] = f"{col} kosong: {kel[0]} / {col} empty: {kel[1]}"
    parts = rate_parts(frame, col, meta) if cols and cols[0] != col else None
    if parts is not None:  # a rate whose count is there but whose denominator is not
        no_den = empty & parts.num.notna() & ~(parts.den > 0)
        den = " + ".join(parts.denominator)
        out[no_den] = (f"{col} kosong: penyebut {den} kosong atau 0 / {col} empty: "
                       f"denominator {den} empty or 0")
    return out


def join_reasons(*parts: pd.Series) -> pd.Series:
    """``; ``-joined non-empty reasons of each row, ``<NA>`` where none."""
    acc = np.full(len(parts[0]), "", dtype=object)
    for part in parts:
        text = part.astype("string").to_numpy(dtype=object, na_value=None)
        has = np.array([v is not None for v in text], dtype=bool)
        acc[has] = np.where(acc[has] == "", text[has], acc[has] + "; " + text[has])
    return pd.Series(np.where(acc == "", None, acc), index=parts[0].index, dtype="string")


def lead_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``kode_desa`` (10 digits) and the naming columns the frame has, as text."""
    cols = ["kode_desa", *[c for c in NAME_COLUMNS if c in frame.columns]]
    return pd.DataFrame({c: frame[c].astype("string") for c in cols}, index=frame.index)


def label(col: str, meta: dict | None, lang: str = "id") -> str:
    """The indicator's label (with its register) in one language."""
    info = indicator_info(col, meta)
    text = info.get(f"label_{lang}") or col
    reg = info.get(f"register_label_{lang}")
    return f"{text} [{reg}]" if reg else text
