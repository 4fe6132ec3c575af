"""ONE rule for text cells of every CSV / XLSX the project writes: no cell starts a formula.

Spreadsheets run a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (CSV injection). :func:`safe_cell` puts an apostrophe before such text; numbers
(negative ones too) stay numbers, and so does the lone ``-`` the project writes for "none"
(nothing a spreadsheet runs). Every writer calls it: ranking CSV / XLSX, the table CSV /
XLSX download, ``match_report.csv``, ``rejected.csv`` and the import page's rejected rows.
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` with a leading ``'`` when it is text that a spreadsheet would run.

    >>> safe_cell('=HYPERLINK("x")'), safe_cell("-2"), safe_cell(-2), safe_cell("Sambong")
    ('\\'=HYPERLINK("x")', "'-2", -2, 'Sambong')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and value != "-":
        return "'" + value
    return value


def restore_cell(value):
    """The text :func:`safe_cell` was given, for a program reading a file it wrote back
    (``match_report.csv`` names must match the input names again).

    >>> restore_cell("'=X"), restore_cell("'Sambong"), restore_cell(3)
    ('=X', "'Sambong", 3)
    """
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and \
            value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def read_safe_csv(path, **kwargs) -> pd.DataFrame:
    """``pandas.read_csv`` of a CSV written through :func:`safe_frame`, cells restored."""
    frame = pd.read_csv(path, **kwargs)
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = pd.Series([restore_cell(v) for v in frame[col]], index=frame.index,
                                   dtype=object)
    return frame


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`safe_cell` applied to every text cell and header."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            out[col] = pd.Series([safe_cell(v) for v in s.astype(object)], index=out.index,
                                 dtype=object)
    out.columns = [safe_cell(c) for c in out.columns]
    return out
