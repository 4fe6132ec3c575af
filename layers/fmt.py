"""Indonesian number format (``1.234,5``), shared by the summary, exports and the dashboard."""

from __future__ import annotations

import math

import pandas as pd


def angka(value, decimals: int = 0, *, lang: str = "id", empty: str = "–") -> str:
    """Format a number: ``angka(1234.5, 1) == '1.234,5'``; English keeps ``1,234.5``.

    Missing values (None, NA, NaN) give ``empty``: missing is never shown as 0.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return empty
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,d}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def persen(value, decimals: int = 1, *, lang: str = "id", empty: str = "–") -> str:
    """``persen(98.76) == '98,8%'``."""
    s = angka(value, decimals, lang=lang, empty=empty)
    return s if s == empty else f"{s}%"
