"""Personal values recognised by their shape, whatever the header says (:func:`nik_shaped`).

A NIK and a No. KK are 16 digits. Files write them as ``9901012345678901``, with spaces or dots
between groups (``9901 0123 4567 8901``, ``9901.0123.4567.8901``), with Excel's text apostrophe
(``'9901012345678901``), or damaged by Excel into a float (``9901012345678901.0``,
``9.901012345678901e+15``). Every table cell read through :func:`layers.io.iter_table` is
checked: a NIK-shaped value in a column that is not a declared key column is blanked before the
chunk leaves the reader, and its row and column (never the value) are kept in
:attr:`layers.io.TableChunk.scrubbed` so the reader can report it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np
import pandas as pd

__all__ = ["SCRUBBED_REASON", "KeysArg", "key_columns", "nik_shaped", "scrub_frame"]

#: the reason listed (in rejected.csv) for a blanked cell; the row itself is still read
SCRUBBED_REASON = ("nilai berbentuk NIK/No. KK dihapus (tidak ditampilkan), baris tetap dibaca "
                   "/ NIK/KK-shaped value removed (not shown), row still read")

#: the columns allowed to hold NIK-shaped values (hashed by the reader at once): header names,
#: or a callable taking the header and returning them, or None for "no column"
KeysArg = Collection[str] | Callable[[list[str]], Collection[str]] | None

#: 16 digits, optionally grouped by spaces / dots / dashes, with Excel's apostrophe or a
#: trailing ``.0``; or a float with exponent 15 (``9.901012345678901e+15``)
_NIK_RE = (r"\s*'?(?:(?:\d[ .\-\u00a0_/]*){15}\d(?:\.0+)?"
           r"|\d(?:[.,]\d{0,15})?[eE]\+?0*15)\s*")
_MIN_LEN, _MAX_LEN = 5, 40


def nik_shaped(values: pd.Series) -> np.ndarray:
    """Boolean mask of the cells whose value has the shape of a NIK / No. KK (16 digits).

    Plain, grouped with spaces / dots / dashes, with a leading apostrophe, with a trailing
    ``.0`` or written as a float with exponent 15 (``9.901012345678901e+15``). A 10-digit
    Kemendagri code (dotted or not), a count or a date is not.
    """
    s = values.fillna("").astype(str)
    length = s.str.len().to_numpy()
    out = np.zeros(len(s), dtype=bool)
    cand = (length >= _MIN_LEN) & (length <= _MAX_LEN)
    if cand.any():
        out[cand] = s[cand].str.fullmatch(_NIK_RE).fillna(False).to_numpy(dtype=bool)
    return out


def key_columns(header: list[str], keys: KeysArg) -> set[str]:
    """The header names allowed to hold NIK-shaped values."""
    if keys is None:
        return set()
    return set(keys(header) if callable(keys) else keys)


def scrub_frame(frame: pd.DataFrame, keys: Collection[str]) -> dict[str, np.ndarray]:
    """Blank NIK-shaped cells in every column but ``keys`` and ``_row`` (in place).

    The columns are checked together, each distinct value once (area names, flags and codes
    repeat), so a chunk costs one factorisation and a scan of its distinct values.

    Returns
    -------
    dict
        Column -> spreadsheet row numbers of the blanked cells (only columns with any).
    """
    cols = [c for c in frame.columns if c != "_row" and c not in keys]
    n = len(frame)
    if not cols or not n:
        return {}
    stacked = np.concatenate([frame[c].to_numpy(dtype=object) for c in cols])
    codes, uniques = pd.factorize(stacked, use_na_sentinel=True)
    hit = np.append(nik_shaped(pd.Series(uniques, dtype=object)), False)   # -1 (NA) -> False
    mask = hit[codes].reshape(len(cols), n)
    out: dict[str, np.ndarray] = {}
    rows = frame["_row"].to_numpy(dtype="int64")
    for i in np.flatnonzero(mask.any(axis=1)):
        col = cols[i]
        frame.loc[mask[i], col] = ""
        out[col] = rows[mask[i]]
    return out
