"""What a register reading returns: households in documented columns, and its record lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from layers.registers import privacy
from layers.registers.detect import LAYOUTS

__all__ = ["HOUSEHOLD_COLUMNS", "RegisterData", "bad_row_records", "conform", "sorted_records"]

#: columns of ``RegisterData.households``, in this order
HOUSEHOLD_COLUMNS: tuple[str, ...] = (
    "_file", "_row", "prov", "kab", "kec", "desa", "kode", "dusun", "rw", "rt", "jiwa", "desil",
    "pkh", "bpnt", "pbi", "bpum", "bst", "padan",
    "atap", "dinding", "lantai", "penerangan", "bahan_bakar", "air_minum", "fasilitas_bab",
)
_INT = ("jiwa", "desil")
_BOOL = ("pkh", "bpnt", "pbi", "bpum", "bst", "padan")


@dataclass
class RegisterData:
    """A register read into households.

    Attributes
    ----------
    layout
        ``siks``, ``p3ke`` or ``dtsen``.
    households
        One row per household / family, columns :data:`HOUSEHOLD_COLUMNS`: ``_file, _row``
        (first source row), area as written (``prov, kab, kec, desa, kode, dusun, rw, rt``;
        str, NaN where empty), ``jiwa``, ``desil`` (Int64), ``pkh, bpnt, pbi, bpum, bst,
        padan`` (boolean, NA where unknown or not recorded), housing items as written (P3KE,
        DTSEN; NaN for SIKS), then the layout's ``EXTRA_COLUMNS`` (DTSEN: ``kode_bps``,
        ``blt_dd``). No personal column, no hash.
    programmes
        The programme columns this layout records.
    stats
        ``files`` (list of ``{name, sha256, rows}``), ``rows_read``, ``duplicates``,
        ``rejected``, ``kept`` (households), ``persons`` (SIKS; None for P3KE), ``warnings``,
        ``flag_invalid``, ``duplicate_files``, ``missing_columns`` and per layout
        ``kk_area_conflict``, ``nik_empty`` (SIKS) or ``desil_invalid``, ``desil_empty``,
        ``family_id_empty`` (P3KE).
    rejected
        Rows not used: ``file, row, kolom, alasan, prov, kab, kec, desa, kode``.
    warnings
        Rows kept with a value treated as unknown (invalid or empty desil, unknown yes/no
        value), same columns as ``rejected``.
    """

    layout: str
    households: pd.DataFrame
    programmes: list[str]
    stats: dict[str, Any]
    rejected: pd.DataFrame
    warnings: pd.DataFrame = field(default_factory=privacy.empty_records)

    @property
    def register(self) -> str:
        """Register name used in outputs: ``dtks`` for SIKS-NG exports, ``p3ke``."""
        return LAYOUTS[self.layout].REGISTER


def conform(frame: pd.DataFrame, extra: dict[str, str] | None = None) -> pd.DataFrame:
    """Households in the documented columns, order and dtypes, then the layout's extra
    columns (name -> dtype) after them."""
    n = len(frame)
    out: dict[str, Any] = {}
    for col in HOUSEHOLD_COLUMNS:
        have = col in frame.columns
        if col == "_file":
            out[col] = pd.Series(frame[col].to_numpy() if have else [], dtype=str)
        elif col == "_row":
            out[col] = pd.Series(frame[col].to_numpy() if have else [], dtype="int64")
        elif col in _INT:
            out[col] = (pd.Series(frame[col].to_numpy(), dtype="Int64") if have
                        else pd.Series(pd.NA, index=range(n), dtype="Int64"))
        elif col in _BOOL:
            out[col] = (pd.Series(frame[col].to_numpy(), dtype="boolean") if have
                        else pd.Series(pd.NA, index=range(n), dtype="boolean"))
        else:
            values = (pd.Series(frame[col].to_numpy(), dtype=str) if have
                      else pd.Series(np.nan, index=range(n), dtype=str))
            out[col] = values.where(values != "")
    for col, dtype in (extra or {}).items():
        values = frame[col].to_numpy() if col in frame.columns else [pd.NA] * n
        out[col] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(out, index=range(n))


def bad_row_records(bad: list[tuple[int, int]], label: str, width: int) -> pd.DataFrame:
    """Rejected records for text rows left out for having more cells than the header."""
    n = len(bad)
    out = pd.DataFrame({
        "file": pd.Series([label] * n, dtype=str),
        "row": np.array([r for r, _ in bad], dtype="int64"),
        "kolom": pd.Series([np.nan] * n, dtype=str),
        "alasan": pd.Series([f"Baris berisi {c} sel, lebih banyak dari judul kolom ({width}); "
                             f"baris dilewati / row has {c} cells, more than the header "
                             f"({width}); row skipped" for _, c in bad], dtype=str),
    })
    for col in privacy.AREA_COLUMNS:
        out[col] = pd.Series([np.nan] * n, dtype=str)
    return out


def sorted_records(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Record frames (each with the file's position ``_fi``) as one, in file and row order."""
    if not frames:
        return privacy.empty_records()
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["_fi", "row"], kind="stable").drop(columns="_fi")
    return out.reset_index(drop=True)[list(privacy.RECORD_COLUMNS)]
