"""How two written area names are compared: cleaned text, name keys, kinds and fuzzy scores.

The key of a name is its kind prefix (:func:`layers.codes.parse_name`) and the compact key of
its core (:func:`layers.codes.compact`): ``Sambong Rejo`` and ``SAMBONGREJO`` have one key,
``Kota Semarang`` and ``Semarang`` two. Fuzzy scores are :func:`rapidfuzz.fuzz.ratio` on
compact keys (see :mod:`layers.matching.resolve` for why ``ratio`` and not ``WRatio``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from layers.codes import compact, parse_name

KIND_GROUP: dict[str, str] = {"kabupaten": "kabupaten", "kota": "kota", "desa": "desa",
                              "desa_adat": "desa", "kelurahan": "kelurahan"}
"""Kind of an area -> the group of kinds that may match it (a desa adat is a desa)."""


def clean_text(value: Any) -> str:
    """A name or code as written, whitespace folded; empty for missing values and ``-``."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return "" if text in ("-", "--") else text


def name_key(raw: str, lvl: str) -> tuple[str | None, str]:
    """``(kind, compact key)`` of a name of level ``lvl`` (``prov``, ``kab``, ``kec``, ``desa``).

    ``name_key("Kab. Sambong Rejo", "kab")`` is ``("kabupaten", "SAMBONGREJO")``.
    """
    parsed = parse_name(raw, lvl)
    return parsed.kind, compact(parsed.core)


def compatible_kind(kind: str | None, candidate_kind: Any) -> bool:
    """Kinds agree: no kind in the input agrees with everything; desa and desa adat agree."""
    if kind is None or candidate_kind is None:
        return True
    return KIND_GROUP.get(kind) == KIND_GROUP.get(candidate_kind)


def fuzzy_scores(keys: list[str], choices: list[str]) -> np.ndarray:
    """:func:`rapidfuzz.fuzz.ratio` (0..100) of every key against every choice.

    Parameters
    ----------
    keys, choices
        Compact keys (:func:`name_key`).

    Returns
    -------
    ndarray
        ``float32``, one row per key, one column per choice.
    """
    from rapidfuzz import fuzz, process

    return process.cdist(keys, choices, scorer=fuzz.ratio, dtype=np.float32, workers=1)
