"""How two written area names are compared: cleaned text, name keys, kinds and fuzzy scores.

The key of a name is its kind prefix (:func:`layers.codes.parse_name`) and the compact key of
its core (:func:`layers.codes.compact`): ``Sambong Rejo`` and ``SAMBONGREJO`` have one key,
``Kota Semarang`` and ``Semarang`` two. Below the kabupaten the direction abbreviations of
offices are written out first (:func:`layers.codes.expand_abbreviations`: ``SUMBRSRI K`` is
compared as ``SUMBRSRI KIDUL``). Fuzzy scores are :func:`rapidfuzz.fuzz.ratio` on
compact keys (see :mod:`layers.matching.resolve` for why ``ratio`` and not ``WRatio``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from layers.codes import (TRAILING_ABBREVIATIONS, ParsedName, compact, expand_abbreviations,
                          fold_name, parse_name)

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


def parse(raw: str, lvl: str) -> ParsedName:
    """:func:`layers.codes.parse_name`, with direction abbreviations written out in kecamatan
    and desa names (``Ds. Sumbersari Kdl`` -> ``("desa", "SUMBERSARI KIDUL")``)."""
    parsed = parse_name(raw, lvl)
    if lvl in ("kec", "desa") and " " in parsed.core:
        return ParsedName(parsed.kind, expand_abbreviations(parsed.core))
    return parsed


def name_key(raw: str, lvl: str) -> tuple[str | None, str]:
    """``(kind, compact key)`` of a name of level ``lvl`` (``prov``, ``kab``, ``kec``, ``desa``).

    ``name_key("Kab. Sambong Rejo", "kab")`` is ``("kabupaten", "SAMBONGREJO")``;
    ``name_key("DS. KARANGREJO LR", "desa")`` is ``("desa", "KARANGREJOLOR")``.
    """
    parsed = parse(raw, lvl)
    return parsed.kind, compact(parsed.core)


def lone_abbreviation(raw: str, lvl: str) -> bool:
    """Whether a kecamatan or desa name ends in a one-letter direction abbreviation (``K``):
    it ranks candidates but may mean another direction word, so it never decides alone."""
    if lvl not in ("kec", "desa"):
        return False
    tokens = fold_name(parse_name(raw, lvl).core).split()
    return len(tokens) > 1 and tokens[-1] in TRAILING_ABBREVIATIONS


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
