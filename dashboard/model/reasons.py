"""Why an area has no value for an indicator, or a desa is not ranked: one sentence of the
reader's language."""

from __future__ import annotations

import math

import pandas as pd

from layers.indicators import BY_NAME

from dashboard.dataset import IndicatorInfo, LoadedDataset
from dashboard.i18n import t


def empty_reason(row: pd.Series, info: IndicatorInfo, dataset: LoadedDataset, *,
                 lang: str) -> str:
    """Why ``row`` has no value for ``info`` (one sentence, in ``lang``)."""
    if not info.tersedia:
        return info.reason(lang) or t("reason.unavailable", lang)
    if info.alasan_kelurahan and str(row.get("jenis", "")) == "kelurahan":
        return info.kelurahan_reason(lang)
    code_col = f"{info.prefix}alasan_kosong"
    code = row.get(code_col) if code_col in row.index else None
    if isinstance(code, str) and code:
        return code_reason(dataset, code, lang=lang)
    if not info.register:
        return t("reason.no_value", lang)
    return _computed_reason(row, info, lang=lang)


def _computed_reason(row: pd.Series, info: IndicatorInfo, *, lang: str) -> str:
    """Why a computed rate or density has no value: no rows, or a denominator of zero."""
    ind = BY_NAME.get(info.nama)
    if ind is not None and ind.denominator and ind.jenis != "count":
        dens = [d if (d == "luas_km2" or info.prefix + d not in row.index) else info.prefix + d
                for d in ind.denominator]
        den_vals = [row.get(d) for d in dens if d in row.index]
        num_col = info.prefix + (ind.numerator or "")
        if den_vals and all(is_missing(v) for v in den_vals):
            return t("reason.no_rows_area", lang)
        if den_vals and sum(0 if is_missing(v) else float(v) for v in den_vals) == 0:
            return t("reason.zero_denominator", lang)
        if num_col in row.index and is_missing(row.get(num_col)):
            return t("reason.no_rows_area", lang)
    return t("reason.no_rows_area", lang)


def missing_reasons(rows: pd.DataFrame, info: IndicatorInfo, dataset: LoadedDataset, *,
                    lang: str) -> list[str]:
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
    return sorted({empty_reason(r, info, dataset, lang=lang) for _, r in distinct.iterrows()})


def is_missing(v) -> bool:
    """``None``, ``pd.NA`` or a float NaN.

    >>> is_missing(None), is_missing(float("nan")), is_missing(0)
    (True, True, False)
    """
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


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


def code_reason(dataset: LoadedDataset, alasan, *, lang: str) -> str:
    """The text of an ``alasan_kosong`` code of the dataset (the exclusion / inclusion lists'
    desa without a figure)."""
    if isinstance(alasan, str) and alasan:
        return dataset.empty_reason_text(alasan, lang) or t("reason.code", lang, code=alasan)
    return t("reason.no_value", lang)
