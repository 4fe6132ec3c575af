"""The exported table of a ranking: display values, with the dataset's one suppression pattern
(:mod:`layers.export.suppression`) applied."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from layers.export.suppression import SECONDARY_MARK, Pattern, suppression_pattern
from layers.ranking.spec import RankResult
from layers.settings import DEFAULT, Settings


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
                 suppress_small: bool = True,
                 pattern: Pattern | None = None) -> tuple[pd.DataFrame, Suppression]:
    """The table as exported: column names as in the result, display values, cells hidden.

    Columns: :func:`table_columns` (``kontribusi_<indicator>`` rounded to 2 decimals). Values
    are numbers, text for codes and names, or the suppression markers (object dtype).
    ``pattern`` is the dataset's :func:`~layers.export.suppression.suppression_pattern`; without
    one it is computed from the ranked desa alone (no kecamatan or dusun sums to protect).
    """
    t = result.table
    used = result.indicators
    out = pd.DataFrame({c: _plain(t[c]) for c in table_columns(result)})
    for c in used:
        out[f"kontribusi_{c}"] = _rounded(out[f"kontribusi_{c}"], 2)
        if not pd.api.types.is_integer_dtype(t[c]):
            out[c] = _rounded(out[c], 4)
    if not suppress_small:
        return out, Suppression(threshold=0)
    if pattern is None:
        pattern = suppression_pattern({"desa": t}, meta,
                                      threshold=settings.small_count_threshold)
    return apply_pattern(out, used, pattern)


def _plain(s: pd.Series) -> pd.Series:
    """Nullable values to Python objects with None for missing (what writers understand)."""
    arr = s.astype(object).to_numpy()
    return pd.Series([None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                      else (v.item() if hasattr(v, "item") else v) for v in arr],
                     index=s.index, dtype=object)


def _rounded(s: pd.Series, decimals: int) -> pd.Series:
    return pd.Series([None if v is None else round(float(v), decimals) for v in s],
                     index=s.index, dtype=object)


def apply_pattern(table: pd.DataFrame, used: list[str],
                  pattern: Pattern) -> tuple[pd.DataFrame, Suppression]:
    """The dataset's pattern applied to a ranking table.

    1. An indicator cell shows the pattern's marker (``<k`` small count, ``x`` complement or a
       share whose count is hidden). Zero and empty values stay visible.
    2. Its ``kontribusi`` shows ``x``: a contribution is a linear function of the value.
    3. ``skor`` is the sum of the row's contributions: with exactly one hidden contribution it
       would give it back, so ``skor`` shows ``x`` (``peringkat`` and ``prioritas`` stay).
    """
    out = table.copy()
    info = Suppression(threshold=pattern.threshold)
    rows = []
    for i in out.index:
        code = str(out.at[i, "kode_desa"])
        marks = {c: pattern.marker("desa", code, c) for c in used}
        marks = {c: m for c, m in marks.items() if m is not None and out.at[i, c] is not None}
        if not marks:
            continue
        rows.append(code)
        for c, m in marks.items():
            out.at[i, c] = m
            info.primary += m != SECONDARY_MARK
            info.secondary += m == SECONDARY_MARK
            if out.at[i, f"kontribusi_{c}"] is not None:
                out.at[i, f"kontribusi_{c}"] = SECONDARY_MARK
                info.secondary += 1
        if len(marks) == 1 and out.at[i, "skor"] is not None:
            out.at[i, "skor"] = SECONDARY_MARK
            info.secondary += 1
    info.rows = tuple(rows)
    return out, info


def is_small(value, threshold: int) -> bool:
    """A count that suppression hides: ``0 < value < threshold``."""
    return isinstance(value, (int, float)) and 0 < value < threshold
