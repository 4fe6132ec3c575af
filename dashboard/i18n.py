"""Labels from locale files (``locales/id.json``, ``locales/en.json``) and number formats.

Bahasa Indonesia is the default; every label the app shows comes from these files, keyed by a
dotted name. Numbers use the Indonesian format (``1.234,5``) in Bahasa Indonesia.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from layers.fmt import angka

LANGS = ("id", "en")
DEFAULT_LANG = "id"
LOCALES = Path(__file__).resolve().parent / "locales"


@lru_cache(maxsize=None)
def labels(lang: str) -> dict[str, str]:
    """Every label of one language (read once per process, returned as a shared dict)."""
    if lang not in LANGS:
        raise ValueError(f"lang was {lang!r} but is expected to be one of {list(LANGS)}")
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def lang_or_default(lang: str | None) -> str:
    """``lang`` when it is a known language, else the default."""
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = labels(lang_or_default(lang))[key]
    return text.format(**values) if values else text


#: decimals shown per indicator kind (``score``: index values such as IDM, 0-1)
DECIMALS = {"count": 0, "rate": 1, "density": 1, "score": 4}


def number(value, *, kind: str = "count", lang: str = DEFAULT_LANG, unit: str | None = None,
           empty: str = "–") -> str:
    """A value formatted for its indicator kind: counts whole, rates and densities to 0.1,
    scores to 0.0001; a category (text) is shown as it is.

    >>> number(1234.5, kind="density", unit="KK/km²")
    '1.234,5 KK/km²'
    >>> number(12.345, kind="rate", lang="en")
    '12.3%'
    >>> number(None)
    '–'
    """
    if kind == "category" or isinstance(value, str):
        import pandas as pd

        return empty if value is None or pd.isna(value) or value == "" else str(value)
    text = angka(value, decimals_of(kind), lang=lang_or_default(lang), empty=empty)
    if text == empty:
        return text
    if kind == "rate":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def decimals_of(kind: str) -> int:
    """Decimals shown for an indicator kind."""
    return DECIMALS.get(kind, 1)
