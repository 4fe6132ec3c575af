"""What a ranking is made of (:class:`RankSpec`), what it gives (:class:`RankResult`), the
allowed values of each option and the weights as text (``"a=2,b=1"``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from layers.errors import InputError
from layers.indicators.catalogue import IDM_STATUS
from layers.ranking.columns import default_direction, indicator_columns, meta_index, registers_of

NORMALISATIONS = ("minmax", "rank")
"""``minmax``: (x - min) / (max - min); ``rank``: percentile rank (average rank for ties)."""

DIRECTIONS = ("higher", "lower")
"""``higher``: a higher value means more priority; ``lower``: a lower value means more priority."""

TIER_RULES = ("tertil", "jenks")
"""``tertil``: thirds of the ranked desa by peringkat (default); ``jenks``: natural breaks."""


#: identifying columns carried into the result, in this order
NAME_COLUMNS = ("kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab",
                "nama_kab")

SKOR_DECIMALS = 2
"""skor is rounded to this many decimals (as displayed) before ranking: the tie rule works on it."""

#: reason codes in ``alasan_kosong``
REASON_KELURAHAN = "kelurahan"
REASON_IDM = "filter_idm"
REASON_EMPTY = "kosong"


@dataclass(frozen=True)
class RankSpec:
    """What a ranking is made of.

    Attributes
    ----------
    weights
        Indicator column -> weight (>= 0, need not sum to 1; 0 = not used). Order is kept.
    normalisation
        ``minmax`` or ``rank`` (see :data:`layers.ranking.method.NORMALISATION_TEXT`).
    directions
        Column -> ``higher`` / ``lower`` (which values mean more priority); columns not listed
        use :func:`layers.ranking.columns.default_direction`.
    include_kelurahan
        Rank kelurahan too (they have no Dana Desa and no Musdes, so they are left out by default).
    area
        Kemendagri code (2, 4, 6 or 10 digits, dotted or not) of the area ranked within.
    idm_filter
        IDM statuses to keep (e.g. ``("SANGAT TERTINGGAL", "TERTINGGAL")``); ``None`` = all.
    tier_rule
        ``tertil`` (default) or ``jenks``.
    defaults
        Notes from :func:`layers.ranking.defaults.default_spec`: which documented defaults were
        used or unavailable.
    """

    weights: Mapping[str, float]
    normalisation: str = "minmax"
    directions: Mapping[str, str] = field(default_factory=dict)
    include_kelurahan: bool = False
    area: str | None = None
    idm_filter: tuple[str, ...] | None = None
    tier_rule: str = "tertil"
    defaults: tuple[dict, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "weights", {str(k): _weight(k, w)
                                             for k, w in dict(self.weights).items()})
        object.__setattr__(self, "directions", dict(self.directions))
        if self.idm_filter is not None:
            object.__setattr__(self, "idm_filter",
                               tuple(idm_status(s, strict=True) for s in self.idm_filter))
        _validate_spec(self)

    @property
    def used(self) -> list[str]:
        """Columns with a weight above 0, in the order given."""
        return [c for c, w in self.weights.items() if w > 0]

    def normalised_weights(self) -> dict[str, float]:
        """Weights of the used columns divided by their sum."""
        total = sum(self.weights[c] for c in self.used)
        return {c: self.weights[c] / total for c in self.used}

    def direction(self, column: str) -> str:
        """``higher`` or ``lower`` for ``column``."""
        return self.directions.get(column) or default_direction(column)


@dataclass(frozen=True)
class RankResult:
    """A ranking.

    Attributes
    ----------
    table
        One row per desa of the area, ranked rows first (by ``peringkat`` then ``kode_desa``),
        then the rows left out (by ``kode_desa``). Columns: :data:`NAME_COLUMNS`, ``skor``
        (Float64, 0-100, empty when not ranked), ``peringkat`` (Int64, 1 = highest priority),
        ``prioritas`` (Int64, 1/2/3), the used indicator values, ``norm_<col>`` (0-1),
        ``kontribusi_<col>`` (points of skor), ``alasan_kosong`` (empty when ranked; else
        ``;``-joined reason codes, see :func:`layers.ranking.method.reason_text`).
    method
        JSON-serialisable description of the method (indicators with labels, raw and
        normalised weights, directions, min/max, normalisation, tie and tier rule, area,
        counts of ranked and left-out desa, notes on defaults).
    spec
        The spec the ranking was made with.
    indicators
        The used indicator columns, in order.
    """

    table: pd.DataFrame
    method: dict
    spec: RankSpec
    indicators: list[str]

    @property
    def ranked(self) -> pd.DataFrame:
        """Only the ranked rows."""
        return self.table[self.table["peringkat"].notna()]

    def top(self, n: int) -> RankResult:
        """The ranked rows with ``peringkat <= n`` (a tie at the cut keeps every tied desa)."""
        if n < 1:
            raise InputError("--top harus bilangan bulat >= 1.", "--top must be an integer >= 1.",
                             column="--top")
        keep = self.table["peringkat"].notna() & (self.table["peringkat"] <= n)
        method = {**self.method, "top": int(n), "baris_top": int(keep.sum())}
        return replace(self, table=self.table[keep].reset_index(drop=True), method=method)


def idm_status(value: Any, *, strict: bool = False) -> str | None:
    """An IDM status in the spelling of :data:`IDM_STATUS` (``None`` when empty or unknown).

    Raises
    ------
    InputError
        With ``strict``, for a value that is not a known status.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = re.sub(r"\s+", " ", str(value).strip().upper())
    if text in IDM_STATUS:
        return text
    if strict:
        raise InputError(f"Status IDM '{value}' tidak dikenal (pilih: {', '.join(IDM_STATUS)}).",
                         f"Unknown IDM status '{value}' (choose: {', '.join(IDM_STATUS)}).",
                         column="--idm")
    return None


def _validate_spec(spec: RankSpec) -> None:
    if spec.normalisation not in NORMALISATIONS:
        raise InputError(f"Normalisasi '{spec.normalisation}' tidak dikenal (pilih: "
                         f"{', '.join(NORMALISATIONS)}).",
                         f"Unknown normalisation '{spec.normalisation}' (choose: "
                         f"{', '.join(NORMALISATIONS)}).", column="--normalisation")
    if spec.tier_rule not in TIER_RULES:
        raise InputError(f"Aturan prioritas '{spec.tier_rule}' tidak dikenal (pilih: "
                         f"{', '.join(TIER_RULES)}).",
                         f"Unknown tier rule '{spec.tier_rule}' (choose: "
                         f"{', '.join(TIER_RULES)}).", column="--tiers")
    for col, d in spec.directions.items():
        if d not in DIRECTIONS:
            raise InputError(f"Arah '{d}' untuk {col} tidak dikenal (pilih: higher, lower).",
                             f"Unknown direction '{d}' for {col} (choose: higher, lower).",
                             column=col)


def _weight(col: str, w: Any) -> float:
    try:
        value = float(w)
    except (TypeError, ValueError):
        value = math.nan
    if isinstance(w, bool) or not math.isfinite(value) or value < 0:
        raise InputError(f"Bobot {col}={w!r} harus angka >= 0.",
                         f"Weight {col}={w!r} must be a number >= 0.", column="--weights")
    return value


# ---- weights as text ----------------------------------------------------------------------------

def parse_weights(text: str, *, columns: Iterable[str] | None = None,
                  meta: dict | None = None) -> dict[str, float]:
    """Weights written as ``name=weight,name=weight`` (``;`` also separates).

    With ``columns``, each name must be an indicator column of the dataset; a name without its
    register prefix (``kk_desil_1``) is accepted when exactly one register has it available.

    Raises
    ------
    InputError
        Bad syntax, a weight that is not a number >= 0, a duplicate, an unknown or ambiguous
        name, an indicator the dataset marks unavailable, or every weight 0.
    """
    items = [p.strip() for p in re.split(r"[,;]", text or "") if p.strip()]
    if not items:
        raise InputError("Bobot kosong. Tulis mis. kk_desil_1=2,kk_terdaftar=1.",
                         "No weights given. Write e.g. kk_desil_1=2,kk_terdaftar=1.",
                         column="--weights")
    info = meta_index(meta)
    cols = list(columns) if columns is not None else None
    out: dict[str, float] = {}
    for item in items:
        name, weight = _parse_item(item)
        if cols is not None:
            name = _resolve_name(name, cols, info, registers_of(meta, cols))
        if name in out:
            raise InputError(f"Indikator '{name}' disebut dua kali.",
                             f"Indicator '{name}' is given twice.", column="--weights")
        out[name] = weight
    if not any(w > 0 for w in out.values()):
        raise InputError("Semua bobot 0: pilih minimal satu indikator dengan bobot > 0.",
                         "Every weight is 0: give at least one indicator a weight > 0.",
                         column="--weights")
    return out


def format_weights(weights: Mapping[str, float]) -> str:
    """``{"a": 2.0, "b": 0.5}`` -> ``"a=2,b=0.5"`` (the form :func:`parse_weights` reads)."""
    return ",".join(f"{k}={float(w):g}" for k, w in weights.items())


def _parse_item(item: str) -> tuple[str, float]:
    if item.count("=") != 1:
        raise InputError(f"Bagian '{item}' harus berbentuk nama=bobot (desimal pakai titik).",
                         f"Item '{item}' must look like name=weight (decimals with a dot).",
                         column="--weights")
    name, raw = (s.strip() for s in item.split("="))
    try:
        weight = float(raw)
    except ValueError:
        weight = math.nan
    if not name or not math.isfinite(weight) or weight < 0:
        raise InputError(f"Bobot '{item}': nama kosong atau bobot bukan angka >= 0.",
                         f"Weight '{item}': empty name or a weight that is not a number >= 0.",
                         column="--weights")
    return name, weight


def _resolve_name(name: str, cols: list[str], info: dict, registers: list[str]) -> str:
    if name in cols:
        _check_available(name, info)
        return name
    prefixed = [f"{r}_{name}" for r in registers if f"{r}_{name}" in cols]
    usable = [c for c in prefixed if info.get(c, {}).get("tersedia", True) is not False]
    if len(usable) == 1:
        return usable[0]
    if len(usable) > 1:
        raise InputError(f"Indikator '{name}' ada di beberapa register: {', '.join(usable)}. "
                         "Tulis nama lengkapnya.",
                         f"Indicator '{name}' exists for several registers: "
                         f"{', '.join(usable)}. Write the full name.", column="--weights")
    if prefixed:
        _check_available(prefixed[0], info)
    known = ", ".join(c for c in indicator_columns(cols)
                      if info.get(c, {}).get("tersedia", True) is not False)
    raise InputError(f"Indikator '{name}' tidak ada di dataset. Yang ada: {known}.",
                     f"Indicator '{name}' is not in the dataset. Available: {known}.",
                     column="--weights")


def _check_available(col: str, info: dict) -> None:
    entry = info.get(col)
    if entry is not None and entry.get("tersedia") is False:
        raise InputError(f"Indikator '{col}' tidak tersedia di dataset ini: "
                         f"{entry.get('alasan_id') or 'tanpa data'}",
                         f"Indicator '{col}' is not available in this dataset: "
                         f"{entry.get('alasan_en') or 'no data'}", column="--weights")
