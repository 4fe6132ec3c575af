"""A slice of one table (:class:`TableChunk`) and the frame of string cells it carries.

Every cell is a string stripped of surrounding whitespace; nothing is turned into a number
(``"NA"`` and ``"-"`` stay what they are). A ``_row`` column gives the row number as a
spreadsheet shows it (1-based, header and title rows included).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["TableChunk", "empty_frame", "finish_frame"]


@dataclass
class TableChunk:
    """A slice of one table.

    Attributes
    ----------
    file
        Display name of the file (no machine path).
    header
        All column names of the header row, stripped, empty ones named ``_kolom_<n>`` and
        duplicates suffixed ``_2``, ``_3`` (the names used as frame columns).
    frame
        String cells of the selected columns plus ``_row`` (int64, spreadsheet row number).
        Rows whose selected cells are all empty are left out (their numbers are skipped).
    sheet
        Worksheet name for XLSX / XLS, ``None`` for text.
    header_row
        Spreadsheet row number of the header.
    sheets
        How many sheets of this workbook are being read (``label`` names the sheet when > 1).
    bad_rows
        Text files: ``(row number, cells)`` of rows left out because they have more cells than
        the header (their values would land in the wrong columns).
    scrubbed
        Column -> row numbers of cells blanked because their value has the shape of a NIK /
        No. KK (:mod:`layers.io.shape`); the values themselves are gone.
    """

    file: str
    header: list[str]
    frame: pd.DataFrame
    sheet: str | None = None
    header_row: int = 1
    sheets: int = 1
    bad_rows: list[tuple[int, int]] = field(default_factory=list)
    scrubbed: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """File name, with the sheet in brackets when a workbook gives several tables."""
        return f"{self.file} [{self.sheet}]" if self.sheet and self.sheets > 1 else self.file


def finish_frame(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """Strip cells, drop rows whose cells are all empty, add ``_row``."""
    frame = frame.fillna("")
    filled = np.zeros(len(frame), dtype=bool)
    for col in frame.columns:
        frame[col] = frame[col].astype(str).str.strip()
        filled |= (frame[col] != "").to_numpy()
    frame["_row"] = np.asarray(rows, dtype="int64")
    return frame.loc[filled].reset_index(drop=True)


def empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    """A frame of the columns and ``_row`` without rows."""
    frame = pd.DataFrame({c: pd.Series([], dtype=str) for c in columns})
    frame["_row"] = pd.Series([], dtype="int64")
    return frame
