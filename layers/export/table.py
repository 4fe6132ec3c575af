"""The exported table of a ranking: display values, and small counts suppressed so that they can
be neither read nor recomputed."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from layers.ranking.columns import indicator_info
from layers.ranking.spec import RankResult
from layers.settings import DEFAULT, Settings

SECONDARY_MARK = "x"
"""Marker of a cell hidden so that a suppressed count cannot be recomputed (complementary)."""

TEXT_COLUMNS = ("kode_desa", "kode_kec", "kode_kab", "kode_prov")
LEAD_COLUMNS = ("peringkat", "prioritas", "skor", "kode_desa", "nama_desa", "jenis", "kode_kec",
                "nama_kec", "nama_kab")


@dataclass
class Suppression:
    """What :func:`suppress` hid.

    Attributes
    ----------
    threshold
        Counts ``1 .. threshold-1`` are hidden (``settings.small_count_threshold``).
    primary
        Number of count cells hidden because they are small.
    secondary
        Number of cells hidden so that a primary cell cannot be recomputed (contributions of a
        hidden count, one complementary indicator in the row, or the skor).
    rows
        kode_desa of the rows with any hidden cell.
    """

    threshold: int
    primary: int = 0
    secondary: int = 0
    rows: tuple[str, ...] = ()

    @property
    def mark(self) -> str:
        return f"<{self.threshold}"


def table_columns(result: RankResult) -> list[str]:
    """The exported columns: :data:`LEAD_COLUMNS`, the used indicators, their
    ``kontribusi_<indicator>``, ``alasan_kosong``."""
    used = result.indicators
    return ([c for c in LEAD_COLUMNS if c in result.table] + used
            + [f"kontribusi_{c}" for c in used] + ["alasan_kosong"])


def export_table(result: RankResult, *, meta: dict | None = None, settings: Settings = DEFAULT,
                 suppress_small: bool = True) -> tuple[pd.DataFrame, Suppression]:
    """The table as exported: column names as in the result, display values, cells hidden.

    Columns: :func:`table_columns` (``kontribusi_<indicator>`` rounded to 2 decimals). Values
    are numbers, text for codes and names, or the suppression markers (object dtype).
    """
    t = result.table
    used = result.indicators
    out = pd.DataFrame({c: _plain(t[c]) for c in table_columns(result)})
    for c in used:
        out[f"kontribusi_{c}"] = _rounded(out[f"kontribusi_{c}"], 2)
        if not pd.api.types.is_integer_dtype(t[c]):
            out[c] = _rounded(out[c], 4)
    kinds = {c: indicator_info(c, meta).get("jenis") for c in used}
    if suppress_small:
        return suppress(out, used, kinds, threshold=settings.small_count_threshold)
    return out, Suppression(threshold=0)


def _plain(s: pd.Series) -> pd.Series:
    """Nullable values to Python objects with None for missing (what writers understand)."""
    arr = s.astype(object).to_numpy()
    return pd.Series([None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                      else (v.item() if hasattr(v, "item") else v) for v in arr],
                     index=s.index, dtype=object)


def _rounded(s: pd.Series, decimals: int) -> pd.Series:
    return pd.Series([None if v is None else round(float(v), decimals) for v in s],
                     index=s.index, dtype=object)


def suppress(table: pd.DataFrame, used: list[str], kinds: dict[str, str | None], *,
             threshold: int) -> tuple[pd.DataFrame, Suppression]:
    """Hide small counts so that they can be neither read nor recomputed from the export.

    Rules (``k = threshold``):

    1. Primary: a count cell with ``0 < value < k`` shows ``"<k"``. Zero stays visible (an
       empty group identifies nobody) and so do empty values (``None``).
    2. Its ``kontribusi`` cell shows ``x``: a contribution is a linear function of the count.
    3. Complementary: ``skor`` is the sum of the row's contributions, so with a single hidden
       contribution it would give it back. One more indicator of the row is hidden (value and
       contribution, ``x``): a non-count indicator first (no integer constraint to exploit),
       then the largest contribution, then column order. A row with no other indicator hides
       its ``skor`` instead (``peringkat`` and ``prioritas`` stay).
    4. The table has no totals row and no area totals, so no column total can give a hidden
       cell back.

    Returns
    -------
    (DataFrame, Suppression)
        A copy of ``table`` with markers, and counts of what was hidden.
    """
    out = table.copy()
    info = Suppression(threshold=threshold)
    if threshold <= 1:
        return out, info
    counts = [c for c in used if kinds.get(c) == "count"]
    rows = []
    for i in out.index:
        small = [c for c in counts if is_small(out.at[i, c], threshold)]
        if not small:
            continue
        rows.append(str(out.at[i, "kode_desa"]))
        ranked = out.at[i, "skor"] is not None
        for c in small:
            out.at[i, c] = info.mark
            info.primary += 1
            if ranked and out.at[i, f"kontribusi_{c}"] is not None:
                out.at[i, f"kontribusi_{c}"] = SECONDARY_MARK
                info.secondary += 1
        if ranked and len(small) == 1:
            info.secondary += _complement(out, i, used, small[0], kinds)
    info.rows = tuple(rows)
    return out, info


def is_small(value, threshold: int) -> bool:
    """A count that suppression hides: ``0 < value < threshold``."""
    return isinstance(value, (int, float)) and 0 < value < threshold


def _complement(out: pd.DataFrame, i, used: list[str], hidden: str, kinds: dict) -> int:
    others = [c for c in used if c != hidden]
    if not others:
        out.at[i, "skor"] = SECONDARY_MARK
        return 1

    def key(c):
        k = out.at[i, f"kontribusi_{c}"]
        return (kinds.get(c) == "count", -(k if isinstance(k, (int, float)) else 0.0),
                used.index(c))

    pick = sorted(others, key=key)[0]
    out.at[i, pick] = SECONDARY_MARK
    out.at[i, f"kontribusi_{pick}"] = SECONDARY_MARK
    return 2
