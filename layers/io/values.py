"""Cell values as the files write them: numbers the Indonesian or the English way, yes/no flags."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["parse_flags", "parse_number"]

_NUM_PLAIN = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_NUM_DOT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?")
_NUM_COMMA_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_NUM_EXP = re.compile(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+")

_TRUE = frozenset({"YA", "Y", "YES", "1", "1.0", "TRUE", "BENAR", "V", "ADA"})
_FALSE = frozenset({"TIDAK", "T", "TDK", "NO", "0", "0.0", "FALSE", "SALAH", "-", "BUKAN",
                    "TIDAK ADA"})


def parse_number(text: Any, *, decimal: str | None = None) -> float | None:
    """Parse a number written the Indonesian or the English way.

    Parameters
    ----------
    text
        ``"1.234,5"``, ``"1234.5"``, ``"1,234.5"``, ``"1234,5"``, ``"-7"``, ``"3.3E+09"``; numbers
        pass through. Spaces (also non-breaking) are ignored.
    decimal
        Force the decimal separator (``","`` or ``"."``). By default a separator that occurs
        once (and is not followed by a different one) is the decimal separator, so ``"1.234"``
        is 1.234 and ``"1,5"`` is 1.5; repeated or mixed separators are thousands groups.

    Returns
    -------
    float or None
        ``None`` when the text is empty or not a number.
    """
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float, np.integer, np.floating)):
        value = float(text)
        return None if np.isnan(value) else value
    s = re.sub(r"\s+", "", str(text))
    if not s:
        return None
    if decimal in (",", "."):
        thousands = "." if decimal == "," else ","
        s = s.replace(thousands, "").replace(decimal, ".")
    elif _NUM_EXP.fullmatch(s):
        pass
    elif _NUM_DOT_THOUSANDS.fullmatch(s) and (s.count(".") > 1 or "," in s):
        s = s.replace(".", "").replace(",", ".")
    elif _NUM_COMMA_THOUSANDS.fullmatch(s) and (s.count(",") > 1 or "." in s):
        s = s.replace(",", "")
    elif _NUM_PLAIN.fullmatch(s):
        s = s.replace(",", ".")
    else:
        return None
    try:
        return float(s)
    except ValueError:
        return None


def parse_flags(values: pd.Series, *, empty: bool | None) -> tuple[pd.Series, pd.Series]:
    """Parse yes/no cells (``YA``/``Ya``/``1``/``TRUE`` vs ``TIDAK``/``-``/``0``/``FALSE``).

    Parameters
    ----------
    values
        String cells.
    empty
        What an empty cell means: ``False`` (SIKS-NG writes ``-`` or nothing for "no") or
        ``None`` for unknown (NA).

    Returns
    -------
    (flags, unknown)
        ``flags`` is a nullable boolean Series; ``unknown`` marks non-empty cells that are
        neither yes nor no (their flag is NA).
    """
    s = values.fillna("").astype(str).str.strip().str.upper()
    yes = s.isin(_TRUE).to_numpy()
    no = s.isin(_FALSE).to_numpy()
    blank = (s == "").to_numpy()
    out = pd.array(np.zeros(len(s), dtype=bool), dtype="boolean")
    out[yes] = True
    na = ~yes & ~no
    if empty is not None:
        out[blank] = bool(empty)
        na &= ~blank
    out[na] = pd.NA
    unknown = pd.Series(~yes & ~no & ~blank, index=values.index)
    return pd.Series(out, index=values.index), unknown
