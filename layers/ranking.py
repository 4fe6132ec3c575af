"""Composite priority ranking of desa: the list a planner can defend in a meeting.

The same ranking comes from the dashboard, this Python API and ``python -m layers rank``: every
one of them builds a :class:`RankSpec` and calls :func:`rank_desa`. The method (indicators,
weights, normalisation, direction, tie rule, tier rule) travels with the result in
``RankResult.method`` so that every output can print it. ``docs/ranking.md`` states the rules.

Public API
----------
RankSpec            what to rank by: weights, normalisation, directions, area, kelurahan switch,
                    IDM filter, tier rule
default_spec        the documented default indicators, resolved against what a dataset has
parse_weights       ``"a=2,b=1"`` -> ``{"a": 2.0, "b": 1.0}``, names checked against the dataset
format_weights      the inverse (for URLs)
rank_desa           desa frame + spec -> :class:`RankResult` (skor, peringkat, prioritas,
                    contributions, reasons for every desa left out)
explain             the contribution of each indicator to one desa's skor ("why this desa")
reason_text         a readable sentence for an ``alasan_kosong`` value
exclusion_table     desa by exclusion count and rate, with the programmes each count is based on
inclusion_table     desa by possible inclusion errors, with programmes and criterion
run_rank            dataset directory -> ranked CSV / XLSX (the command line)
add_rank_arguments  the ``rank`` sub-command's arguments; rank_command runs it
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError
from .indicators import BY_NAME, REGISTER_LABEL
from .settings import DEFAULT, Settings

NORMALISATIONS = ("minmax", "rank")
"""``minmax``: (x - min) / (max - min); ``rank``: percentile rank (average rank for ties)."""

DIRECTIONS = ("higher", "lower")
"""``higher``: a higher value means more priority; ``lower``: a lower value means more priority."""

TIER_RULES = ("tertil", "jenks")
"""``tertil``: thirds of the ranked desa by peringkat (default); ``jenks``: natural breaks."""

#: registers tried in this order when a default indicator exists for several of them
REGISTER_PREFERENCE = ("dtsen", "dtks", "p3ke")

#: IDM status from worst to best; as an indicator it is the ordinal 1 (worst) .. 5
IDM_STATUS = ("SANGAT TERTINGGAL", "TERTINGGAL", "BERKEMBANG", "MAJU", "MANDIRI")

#: indicators (base names) where a lower value means more priority
LOWER_IS_WORSE = frozenset({"idm_nilai", "idm_status", "idm_iks", "idm_ike", "idm_ikl"})

#: identifying columns carried into the result, in this order
NAME_COLUMNS = ("kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab",
                "nama_kab")

SKOR_DECIMALS = 2
"""skor is rounded to this many decimals (as displayed) before ranking: the tie rule works on it."""

#: reason codes in ``alasan_kosong``
REASON_KELURAHAN = "kelurahan"
REASON_IDM = "filter_idm"
REASON_EMPTY = "kosong"

_REASONS = {
    REASON_KELURAHAN: (
        "Kelurahan: tidak menerima Dana Desa dan tidak ber-Musdes, tidak diperingkat "
        "(aktifkan 'sertakan kelurahan' untuk ikut diperingkat)",
        "Kelurahan: no Dana Desa and no Musdes, not ranked (switch 'include kelurahan' on to "
        "rank it)"),
    REASON_IDM: ("Status IDM di luar filter yang dipilih (atau kosong)",
                 "IDM status outside the chosen filter (or empty)"),
    REASON_EMPTY: ("Data kosong untuk indikator terpilih", "No data for a chosen indicator"),
}

TIE_RULE = (
    f"Skor dibulatkan ke {SKOR_DECIMALS} desimal (seperti ditampilkan). Desa dengan skor sama "
    "mendapat peringkat sama, yaitu peringkat terkecil kelompoknya (1, 2, 2, 4); urutan tampil "
    "di dalam kelompok seri menurut kode_desa.",
    f"skor is rounded to {SKOR_DECIMALS} decimals (as displayed). Desa with equal skor share the "
    "same peringkat, the lowest of their group (1, 2, 2, 4); within a tie they are listed by "
    "kode_desa.")

TIER_TEXT = {
    "tertil": (
        "Tertil menurut peringkat: dengan n desa diperingkat, prioritas 1 = peringkat <= "
        "ceil(n/3), prioritas 2 = peringkat <= ceil(2n/3), sisanya prioritas 3. Desa seri di "
        "batas ikut kelompok yang lebih tinggi.",
        "Thirds by peringkat: with n ranked desa, prioritas 1 = peringkat <= ceil(n/3), "
        "prioritas 2 = peringkat <= ceil(2n/3), the rest prioritas 3. Desa tied at a boundary "
        "go to the higher tier."),
    "jenks": (
        "Pemutusan alami (Fisher-Jenks eksak, 3 kelas) atas skor: kelas skor tertinggi = "
        "prioritas 1; skor sama selalu satu kelas. Dengan kurang dari 4 nilai skor berbeda, "
        "tiap nilai satu kelas.",
        "Natural breaks (exact Fisher-Jenks, 3 classes) of skor: the highest class = prioritas "
        "1; equal skor always share a class. With fewer than 4 distinct skor values, each value "
        "is its own class."),
}

NORMALISATION_TEXT = {
    "minmax": (
        "Min-maks: (x - min) / (maks - min) atas desa yang diperingkat; arah 'lower' memakai "
        "(maks - x) / (maks - min). Indikator yang nilainya sama di semua desa bernilai 0.",
        "Min-max: (x - min) / (max - min) over the ranked desa; direction 'lower' uses "
        "(max - x) / (max - min). An indicator with the same value in every desa gives 0."),
    "rank": (
        "Peringkat persentil: (r - 1) / (n - 1) dengan r peringkat rata-rata (nilai seri "
        "berbagi r) atas desa yang diperingkat; arah 'lower' membalik urutan. Indikator yang "
        "nilainya sama di semua desa bernilai 0.",
        "Percentile rank: (r - 1) / (n - 1) with r the average rank (tied values share r) over "
        "the ranked desa; direction 'lower' reverses the order. An indicator with the same value "
        "in every desa gives 0."),
}

SCORE_TEXT = (
    "skor = 100 x jumlah(bobot_dinormalkan x nilai_dinormalkan); kontribusi_<indikator> = "
    "100 x bobot_dinormalkan x nilai_dinormalkan, jadi jumlah kontribusi = skor (0-100). Bobot "
    "dibagi jumlahnya; bobot 0 = indikator tidak dipakai.",
    "skor = 100 x sum(normalised weight x normalised value); kontribusi_<indicator> = 100 x "
    "normalised weight x normalised value, so the contributions add up to skor (0-100). Weights "
    "are divided by their sum; weight 0 = indicator not used.")

#: labels of columns the indicator catalogue does not list (fallback when meta.json lacks them)
_EXTRA_LABELS = {
    "idm_nilai": ("index", "0-1", "Nilai IDM", "IDM score"),
    "idm_status": ("ordinal", "1-5", "Status IDM (1 = Sangat Tertinggal ... 5 = Mandiri)",
                   "IDM status (1 = very underdeveloped ... 5 = independent)"),
    "skor_deprivasi": ("index", "skor", "Skor deprivasi rumah", "Housing deprivation score"),
    "kk_deprivasi": ("count", "KK", "KK rumah tidak layak", "Households with deprived housing"),
    "kk_total": ("count", "KK", "KK total (penduduk)", "All households (population)"),
    "persen_terdaftar": ("rate", "%", "% KK terdaftar dari KK total",
                         "% of households registered"),
    "luas_km2": ("area", "km²", "Luas (km²)", "Area (km²)"),
}


@dataclass(frozen=True)
class DefaultRole:
    """One documented default indicator and the columns that can stand for it, best first."""

    key: str
    candidates: tuple[str, ...]
    label_id: str
    label_en: str


DEFAULT_ROLES: tuple[DefaultRole, ...] = (
    DefaultRole("terdaftar", ("persen_terdaftar", "kk_terdaftar"),
                "Pangsa KK terdaftar di register", "Share of households in the register"),
    DefaultRole("miskin_ekstrem", ("kk_miskin_ekstrem", "kk_desil_1"),
                "Kemiskinan ekstrem", "Extreme poverty"),
    DefaultRole("eksklusi", ("kk_desil_1_4_tanpa_bansos",),
                "Desil 1-4 tanpa bansos (exclusion)", "Decile 1-4 without aid (exclusion)"),
    DefaultRole("rumah", ("skor_deprivasi", "kk_deprivasi"),
                "Deprivasi rumah", "Housing deprivation"),
)


@dataclass(frozen=True)
class RankSpec:
    """What a ranking is made of.

    Attributes
    ----------
    weights
        Indicator column -> weight (>= 0, need not sum to 1; 0 = not used). Order is kept.
    normalisation
        ``minmax`` or ``rank`` (see :data:`NORMALISATION_TEXT`).
    directions
        Column -> ``higher`` / ``lower`` (which values mean more priority); columns not listed
        use :func:`default_direction`.
    include_kelurahan
        Rank kelurahan too (they have no Dana Desa and no Musdes, so they are left out by default).
    area
        Kemendagri code (2, 4, 6 or 10 digits, dotted or not) of the area ranked within.
    idm_filter
        IDM statuses to keep (e.g. ``("SANGAT TERTINGGAL", "TERTINGGAL")``); ``None`` = all.
    tier_rule
        ``tertil`` (default) or ``jenks``.
    defaults
        Notes from :func:`default_spec`: which documented defaults were used or unavailable.
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
                               tuple(_idm_status(s, strict=True) for s in self.idm_filter))
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
        ``;``-joined reason codes, see :func:`reason_text`).
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


# ================================================================================================
# defaults, directions, weights
# ================================================================================================

def default_direction(column: str) -> str:
    """``lower`` for indicators where a low value means more priority (IDM), else ``higher``."""
    return "lower" if _base_name(column) in LOWER_IS_WORSE else "higher"


def default_spec(meta: dict | None, columns: Iterable[str] | pd.DataFrame, *,
                 include_kelurahan: bool = False, area: str | None = None) -> RankSpec:
    """The documented default ranking, resolved against what a dataset has.

    Each :data:`DEFAULT_ROLES` entry takes the first candidate column that exists, is not
    marked unavailable in ``meta.json`` (``indikator[].tersedia``) and (when a frame is given)
    has a value for at least one desa. Registers are tried in :data:`REGISTER_PREFERENCE` order.
    Every default gets weight 1. Roles with no usable column are left out, and ``spec.defaults``
    says which and why; so does a fallback (a count used where a share was documented).

    Parameters
    ----------
    meta
        The dataset's ``meta.json`` (or ``None``).
    columns
        The desa frame's columns, or the frame itself (then empty columns are skipped too).
    """
    frame = columns if isinstance(columns, pd.DataFrame) else None
    cols = list(frame.columns if frame is not None else columns)
    registers = _registers(meta, cols)
    info = _meta_index(meta)
    weights, notes = {}, []
    for role in DEFAULT_ROLES:
        col, skipped = _resolve_role(role, cols, frame, info, registers)
        if col is not None:
            weights[col] = 1.0
        notes.append(_role_note(role, col, skipped))
    notes.append(_idm_note(cols, frame))
    return RankSpec(weights=weights, include_kelurahan=include_kelurahan, area=area,
                    defaults=tuple(notes))


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
    info = _meta_index(meta)
    cols = list(columns) if columns is not None else None
    out: dict[str, float] = {}
    for item in items:
        name, weight = _parse_item(item)
        if cols is not None:
            name = _resolve_name(name, cols, info, _registers(meta, cols))
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


def indicator_columns(columns: Iterable[str] | pd.DataFrame) -> list[str]:
    """Columns that can be weighted: numeric non-code columns (and ``idm_status``).

    With a list of names (no dtypes) every column except codes, names, reasons and geometry.
    """
    skip = {"nama_desa", "jenis", "nama_kec", "nama_kab", "nama_prov", "kode_desa_bps",
            "geometry"}
    if isinstance(columns, pd.DataFrame):
        return [c for c in columns.columns
                if c not in skip and not c.startswith("kode_")
                and (pd.api.types.is_numeric_dtype(columns[c]) or _base_name(c) == "idm_status")]
    return [c for c in columns if c not in skip and not c.startswith("kode_")
            and not c.endswith("alasan_kosong")]


def _registers(meta: dict | None, cols: list[str]) -> list[str]:
    """Register names of the dataset in :data:`REGISTER_PREFERENCE` order."""
    if meta and meta.get("registers"):
        names = [r["register"] for r in meta["registers"]]
    else:
        known = set(REGISTER_PREFERENCE) | set(REGISTER_LABEL)
        names = sorted({c.split("_", 1)[0] for c in cols if c.split("_", 1)[0] in known})
    pref = {r: i for i, r in enumerate(REGISTER_PREFERENCE)}
    return sorted(names, key=lambda r: (pref.get(r, len(pref)), r))


def _meta_index(meta: dict | None) -> dict[str, dict]:
    return {e["kolom"]: e for e in (meta or {}).get("indikator", []) if "kolom" in e}


def _resolve_role(role: DefaultRole, cols: list[str], frame: pd.DataFrame | None, info: dict,
                  registers: list[str]) -> tuple[str | None, list[tuple[str, str, str]]]:
    """First usable column for ``role`` and, for every candidate passed over, why."""
    skipped = []
    colset = set(cols)
    for base in role.candidates:
        present = [c for c in [f"{r}_{base}" for r in registers] + [base] if c in colset]
        if not present:
            skipped.append((base, "tidak ada di dataset", "not in the dataset"))
            continue
        for col in present:
            entry = info.get(col, {})
            if entry.get("tersedia") is False:
                skipped.append((col, entry.get("alasan_id") or "tidak tersedia",
                                entry.get("alasan_en") or "not available"))
            elif frame is not None and frame[col].notna().sum() == 0:
                skipped.append((col, "kosong di semua desa", "empty for every desa"))
            else:
                return col, skipped
    return None, skipped


def _role_note(role: DefaultRole, col: str | None, skipped: list) -> dict:
    passed = "; ".join(f"{c}: {i}" for c, i, _ in skipped)
    passed_en = "; ".join(f"{c}: {e}" for c, _, e in skipped)
    if col is None:
        text = (f"Tidak tersedia, tidak dipakai ({passed}).",
                f"Not available, left out ({passed_en}).")
    elif role.key == "terdaftar" and _base_name(col) == "kk_terdaftar":
        text = (f"Dipakai {col}: JUMLAH KK terdaftar, bukan pangsa, karena penyebut kk_total / "
                f"persen_terdaftar tidak ada ({passed}). Desa besar cenderung lebih tinggi.",
                f"Using {col}: the COUNT of registered households, not a share, because the "
                f"denominator kk_total / persen_terdaftar is missing ({passed_en}). Large desa "
                "tend to rank higher.")
    elif _base_name(col) != role.candidates[0]:
        text = (f"Dipakai {col} sebagai pengganti ({passed}).",
                f"Using {col} as a fallback ({passed_en}).")
    elif skipped:
        text = (f"Dipakai {col} (dilewati: {passed}).", f"Using {col} (passed over: {passed_en}).")
    else:
        text = (f"Dipakai {col}.", f"Using {col}.")
    return {"peran": role.key, "label_id": role.label_id, "label_en": role.label_en,
            "kolom": col, "tersedia": col is not None, "catatan_id": text[0],
            "catatan_en": text[1]}


def _idm_note(cols: list[str], frame: pd.DataFrame | None) -> dict:
    found = [c for c in cols if _base_name(c) in ("idm_nilai", "idm_status")
             and (frame is None or frame[c].notna().any())]
    text = ((f"Opsional (bobot 0 bawaan) dan filter: {', '.join(found)}.",
             f"Optional (weight 0 by default) and filter: {', '.join(found)}.") if found else
            ("Tidak ada kolom idm_nilai / idm_status di dataset.",
             "No idm_nilai / idm_status column in the dataset."))
    return {"peran": "idm", "label_id": "Status / nilai IDM", "label_en": "IDM status / score",
            "kolom": found[0] if found else None, "tersedia": bool(found),
            "catatan_id": text[0], "catatan_en": text[1]}


def _base_name(column: str) -> str:
    head, _, rest = column.partition("_")
    known = set(REGISTER_PREFERENCE) | set(REGISTER_LABEL)
    return rest if head in known and rest else column


def _register_of(column: str, info: dict) -> str | None:
    if column in info and info[column].get("register"):
        return info[column]["register"]
    head, _, rest = column.partition("_")
    return head if rest and head in (set(REGISTER_PREFERENCE) | set(REGISTER_LABEL)) else None


def indicator_info(column: str, meta: dict | None = None) -> dict:
    """Label, unit, kind and register of a column (meta.json first, then the catalogue)."""
    info = _meta_index(meta)
    base = _base_name(column)
    reg = _register_of(column, info)
    entry = info.get(column)
    if entry is not None:
        out = {"jenis": entry.get("jenis"), "satuan": entry.get("satuan"),
               "label_id": entry.get("label_id"), "label_en": entry.get("label_en")}
    elif base in BY_NAME:
        ind = BY_NAME[base]
        out = {"jenis": ind.kind, "satuan": ind.unit, "label_id": ind.label_id,
               "label_en": ind.label_en}
    elif base in _EXTRA_LABELS:
        kind, unit, lid, len_ = _EXTRA_LABELS[base]
        out = {"jenis": kind, "satuan": unit, "label_id": lid, "label_en": len_}
    else:
        kind = "count" if base.startswith(("kk_", "jiwa_")) and "_per_" not in base else None
        out = {"jenis": kind, "satuan": "", "label_id": column, "label_en": column}
    reg_label = REGISTER_LABEL.get(reg, (reg, reg)) if reg else (None, None)
    return {"kolom": column, "nama": base, "register": reg, "register_label_id": reg_label[0],
            "register_label_en": reg_label[1], **out}


# ================================================================================================
# ranking
# ================================================================================================

def rank_desa(desa: pd.DataFrame, spec: RankSpec, *, meta: dict | None = None) -> RankResult:
    """Rank the desa of ``spec.area`` by the weighted composite of ``spec.weights``.

    A desa is ranked only when it has a value for every used indicator, passes the kelurahan
    switch and the IDM filter; otherwise its ``skor`` is empty and ``alasan_kosong`` says why
    (never 0, never re-weighted over the indicators it has). Normalisation uses the ranked desa
    only. See ``docs/ranking.md`` for the rules.

    Parameters
    ----------
    desa
        The dataset's desa frame (``desa.parquet``; geometry, if any, is ignored).
    spec
        The method.
    meta
        The dataset's ``meta.json`` (labels and units in ``method``; reasons for empty values).

    Raises
    ------
    InputError
        No weighted indicator, a weighted column missing from the frame or not numeric, an area
        code that is malformed or matches no desa, an IDM filter without an IDM status column.
    """
    used = spec.used
    if not used:
        raise InputError("Tidak ada indikator dengan bobot > 0.",
                         "No indicator has a weight > 0.", column="--weights")
    _check_columns(desa, used)
    frame, area = _select_area(desa, spec.area)
    values = _indicator_values(frame, used)
    reasons = _reasons(frame, values, spec, meta)
    ranked = (reasons == "").to_numpy()
    norm = _normalise(values, ranked, spec)
    weights = spec.normalised_weights()
    contrib = norm * pd.Series(weights) * 100.0
    skor = np.round(contrib.sum(axis=1, min_count=1).to_numpy(dtype=float), SKOR_DECIMALS)
    skor[~ranked] = np.nan
    peringkat = pd.Series(skor).rank(method="min", ascending=False).to_numpy()
    prioritas = _tiers(skor, peringkat, ranked, spec.tier_rule)
    table = _assemble(frame, values, norm, contrib, skor, peringkat, prioritas, reasons, used)
    method = _method(spec, meta, values[ranked], area, reasons, len(frame))
    return RankResult(table=table, method=method, spec=spec, indicators=used)


def _validate_spec(spec: RankSpec) -> None:
    if spec.normalisation not in NORMALISATIONS:
        raise InputError(f"Normalisasi '{spec.normalisation}' tidak dikenal (pilih: "
                         f"{', '.join(NORMALISATIONS)}).",
                         f"Unknown normalisation '{spec.normalisation}' (choose: "
                         f"{', '.join(NORMALISATIONS)}).", column="--normalisasi")
    if spec.tier_rule not in TIER_RULES:
        raise InputError(f"Aturan prioritas '{spec.tier_rule}' tidak dikenal (pilih: "
                         f"{', '.join(TIER_RULES)}).",
                         f"Unknown tier rule '{spec.tier_rule}' (choose: "
                         f"{', '.join(TIER_RULES)}).", column="--prioritas")
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


def _check_columns(desa: pd.DataFrame, used: list[str]) -> None:
    for need in ("kode_desa", "jenis"):
        if need not in desa.columns:
            raise InputError(f"Kolom {need} tidak ada di tabel desa.",
                             f"Column {need} missing from the desa table.", column=need)
    for col in used:
        if col not in desa.columns:
            known = ", ".join(indicator_columns(desa))
            raise InputError(f"Indikator '{col}' tidak ada di dataset. Yang ada: {known}.",
                             f"Indicator '{col}' is not in the dataset. Available: {known}.",
                             column=col)
        if _base_name(col) != "idm_status" and not pd.api.types.is_numeric_dtype(desa[col]):
            raise InputError(f"Kolom '{col}' bukan indikator angka.",
                             f"Column '{col}' is not a numeric indicator.", column=col)


def _area_code(area: str | None) -> str | None:
    if area is None or str(area).strip() == "":
        return None
    digits = re.sub(r"[\s.]", "", str(area))
    if not digits.isdigit() or len(digits) not in (2, 4, 6, 10):
        raise InputError(f"Kode wilayah '{area}' tidak sah: 2, 4, 6 atau 10 angka "
                         "(mis. 33.16 atau 33.16.06).",
                         f"Area code '{area}' is not valid: 2, 4, 6 or 10 digits "
                         "(e.g. 33.16 or 33.16.06).", column="--area")
    return digits


def _select_area(desa: pd.DataFrame, area: str | None) -> tuple[pd.DataFrame, dict]:
    code = _area_code(area)
    frame = pd.DataFrame(desa.drop(columns="geometry", errors="ignore"))
    frame = frame.sort_values("kode_desa", kind="stable").reset_index(drop=True)
    if code is None:
        return frame, {"kode": None, "nama": None, "tingkat": None}
    frame = frame[frame["kode_desa"].astype("string").str.startswith(code)]
    if frame.empty:
        raise InputError(f"Tidak ada desa dengan kode wilayah {area} di dataset.",
                         f"No desa with area code {area} in the dataset.", column="--area")
    level = {2: "provinsi", 4: "kabupaten", 6: "kecamatan", 10: "desa"}[len(code)]
    name_col = {2: "nama_prov", 4: "nama_kab", 6: "nama_kec", 10: "nama_desa"}[len(code)]
    name = str(frame[name_col].iloc[0]) if name_col in frame else None
    return frame.reset_index(drop=True), {"kode": code, "nama": name, "tingkat": level}


def _idm_status(value: Any, *, strict: bool = False) -> str | None:
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


def _indicator_values(frame: pd.DataFrame, used: list[str]) -> pd.DataFrame:
    """Used indicators as float (NaN = missing); IDM status as its ordinal 1..5."""
    out = {}
    for col in used:
        s = frame[col]
        if _base_name(col) == "idm_status":
            order = {name: i + 1 for i, name in enumerate(IDM_STATUS)}
            s = s.map(lambda v: order.get(_idm_status(v)) if _idm_status(v) else np.nan)
        out[col] = pd.to_numeric(s, errors="coerce").astype("Float64").to_numpy(
            dtype=float, na_value=np.nan)
    return pd.DataFrame(out, index=frame.index)


def _reasons(frame: pd.DataFrame, values: pd.DataFrame, spec: RankSpec,
             meta: dict | None) -> pd.Series:
    """``alasan_kosong`` per desa: empty when ranked, else ``;``-joined reason codes."""
    parts = pd.DataFrame(index=frame.index)
    if not spec.include_kelurahan:
        parts["kel"] = np.where(frame["jenis"].astype("string").fillna("") == "kelurahan",
                                REASON_KELURAHAN, "")
    if spec.idm_filter is not None:
        col = _status_column(frame)
        status = frame[col].map(_idm_status)
        parts["idm"] = np.where(status.isin(spec.idm_filter), "", REASON_IDM)
    info = _meta_index(meta)
    for col in values.columns:
        detail = _empty_detail(frame, col, info)
        parts[col] = np.where(values[col].isna(), f"{REASON_EMPTY}:{col}", "")
        if detail is not None:
            has = values[col].isna() & detail.notna()
            parts.loc[has, col] = parts.loc[has, col] + "=" + detail[has].astype(str)
    acc = np.full(len(frame), "", dtype=object)
    for col in parts.columns:
        part = parts[col].to_numpy(dtype=object)
        has = part != ""
        acc[has] = np.where(acc[has] == "", part[has], acc[has] + "; " + part[has])
    return pd.Series(acc, index=frame.index, dtype=object)


def _status_column(frame: pd.DataFrame) -> str:
    cols = [c for c in frame.columns if _base_name(c) == "idm_status"]
    if not cols:
        raise InputError("Filter IDM dipilih, tetapi dataset tidak punya kolom idm_status.",
                         "An IDM filter was chosen but the dataset has no idm_status column.",
                         column="--idm")
    return cols[0]


def _empty_detail(frame: pd.DataFrame, col: str, info: dict) -> pd.Series | None:
    """The dataset's own reason for an empty value (``<register>_alasan_kosong``)."""
    reg = _register_of(col, info)
    src = f"{reg}_alasan_kosong" if reg and f"{reg}_alasan_kosong" in frame else "alasan_kosong"
    return frame[src].astype("string") if src in frame else None


def _normalise(values: pd.DataFrame, ranked: np.ndarray, spec: RankSpec) -> pd.DataFrame:
    """Each used indicator scaled to 0..1 over the ranked desa (NaN elsewhere)."""
    out = pd.DataFrame(np.nan, index=values.index, columns=values.columns)
    if not ranked.any():
        return out
    for col in values.columns:
        x = values.loc[ranked, col]
        if spec.direction(col) == "lower":
            x = -x
        lo, hi = x.min(), x.max()
        if hi == lo:
            scaled = pd.Series(0.0, index=x.index)
        elif spec.normalisation == "minmax":
            scaled = (x - lo) / (hi - lo)
        else:
            scaled = (x.rank(method="average") - 1.0) / (len(x) - 1.0)
        out.loc[ranked, col] = scaled
    return out


def _tiers(skor: np.ndarray, peringkat: np.ndarray, ranked: np.ndarray, rule: str) -> np.ndarray:
    tier = np.full(len(skor), np.nan)
    n = int(ranked.sum())
    if n == 0:
        return tier
    if rule == "tertil":
        c1, c2 = math.ceil(n / 3), math.ceil(2 * n / 3)
        r = peringkat[ranked]
        tier[ranked] = np.where(r <= c1, 1, np.where(r <= c2, 2, 3))
        return tier
    classes, k = natural_breaks(skor[ranked], k=3)
    tier[ranked] = k - classes
    return tier


def natural_breaks(values: np.ndarray, *, k: int = 3) -> tuple[np.ndarray, int]:
    """Exact Fisher-Jenks classes: the split of the sorted values into ``k`` groups with the
    least total within-group sum of squares.

    Works on the distinct values weighted by their counts, so equal values always share a class;
    with ``k`` or fewer distinct values each value is its own class. Among equally good splits
    the one with the lowest break points is taken (deterministic).

    Returns
    -------
    (classes, n_classes)
        Class of each value, 0 = lowest, and the number of classes used.
    """
    v, inverse, w = np.unique(np.asarray(values, dtype=float), return_inverse=True,
                              return_counts=True)
    m = len(v)
    if m <= k:
        return inverse, m
    x = v - np.average(v, weights=w)  # centred: less cancellation in sxx - sx^2 / n
    cw = np.concatenate([[0.0], np.cumsum(w)])
    cx = np.concatenate([[0.0], np.cumsum(w * x)])
    cxx = np.concatenate([[0.0], np.cumsum(w * x * x)])

    def ssd(i, j):  # within-group sum of squares of distinct values i .. j-1
        n = cw[j] - cw[i]
        sx = cx[j] - cx[i]
        return cxx[j] - cxx[i] - sx * sx / n

    cost = ssd(0, np.arange(1, m + 1))  # cost[j-1]: values 0..j-1 in one group
    back = []
    for c in range(1, k):
        new = np.full(m, np.inf)
        arg = np.zeros(m, dtype=int)
        for j in range(c + 1, m + 1):  # values 0..j-1 in c+1 groups; last group starts at i
            i = np.arange(c, j)
            total = cost[i - 1] + ssd(i, j)
            best = int(np.argmin(total))
            new[j - 1], arg[j - 1] = total[best], i[best]
        cost = new
        back.append(arg)
    starts, j = [], m
    for arg in reversed(back):
        j = int(arg[j - 1])
        starts.append(j)
    group = np.searchsorted(np.array(sorted(starts)), np.arange(m), side="right")
    return group[inverse], k


def _assemble(frame, values, norm, contrib, skor, peringkat, prioritas, reasons,
              used) -> pd.DataFrame:
    names = [c for c in NAME_COLUMNS if c in frame]
    out = frame[names].reset_index(drop=True).copy()
    out["skor"] = pd.array(skor, dtype="Float64")
    out["peringkat"] = pd.array(np.where(np.isnan(peringkat), np.nan, peringkat),
                                dtype="Float64").astype("Int64")
    out["prioritas"] = pd.array(prioritas, dtype="Float64").astype("Int64")
    for col in used:
        out[col] = pd.array(values[col].to_numpy(), dtype="Float64")
    for col in used:
        out[f"norm_{col}"] = pd.array(norm[col].to_numpy(), dtype="Float64")
    for col in used:
        out[f"kontribusi_{col}"] = pd.array(contrib[col].to_numpy(), dtype="Float64")
    for col in used:  # integer indicators stay integers
        if pd.api.types.is_integer_dtype(frame[col]):
            out[col] = out[col].astype("Int64")
    out["alasan_kosong"] = pd.array(reasons.to_numpy(), dtype="string").astype("string")
    out.loc[out["alasan_kosong"] == "", "alasan_kosong"] = pd.NA
    key_rank = out["peringkat"].astype("Float64").fillna(np.inf)
    order = np.lexsort((out["kode_desa"].astype(str).to_numpy(), key_rank.to_numpy(dtype=float)))
    return out.iloc[order].reset_index(drop=True)


def _method(spec: RankSpec, meta: dict | None, ranked_values: pd.DataFrame, area: dict,
            reasons: pd.Series, n_area: int) -> dict:
    weights = spec.normalised_weights()
    indicators = []
    for col in spec.used:
        info = indicator_info(col, meta)
        x = ranked_values[col]
        indicators.append({
            **info, "bobot": float(spec.weights[col]), "bobot_dinormalkan": round(weights[col], 6),
            "arah": spec.direction(col),
            "min": None if x.empty else float(x.min()),
            "maks": None if x.empty else float(x.max()),
        })
    left_out: dict[str, int] = {}
    for text in reasons[reasons != ""]:
        for code in {p.split(":", 1)[0] for p in text.split("; ")}:
            left_out[code] = left_out.get(code, 0) + 1
    wilayah = dict(area)
    if wilayah["kode"] is None and meta and meta.get("wilayah"):
        wilayah = dict(meta["wilayah"], kode=meta["wilayah"].get("kode") or None)
    return {
        "indikator": indicators,
        "normalisasi": spec.normalisation,
        "normalisasi_id": NORMALISATION_TEXT[spec.normalisation][0],
        "normalisasi_en": NORMALISATION_TEXT[spec.normalisation][1],
        "skor_id": SCORE_TEXT[0], "skor_en": SCORE_TEXT[1],
        "aturan_seri_id": TIE_RULE[0], "aturan_seri_en": TIE_RULE[1],
        "aturan_prioritas": spec.tier_rule,
        "aturan_prioritas_id": TIER_TEXT[spec.tier_rule][0],
        "aturan_prioritas_en": TIER_TEXT[spec.tier_rule][1],
        "wilayah": wilayah,
        "sertakan_kelurahan": spec.include_kelurahan,
        "filter_idm": list(spec.idm_filter) if spec.idm_filter is not None else None,
        "jumlah_desa": int(n_area),
        "diperingkat": int((reasons == "").sum()),
        "tidak_diperingkat": dict(sorted(left_out.items())),
        "catatan_default": [dict(n) for n in spec.defaults],
        "periode": (meta or {}).get("periode"),
        "versi": (meta or {}).get("versi"),
    }


# ================================================================================================
# reading a result
# ================================================================================================

def explain(result: RankResult, kode_desa: str, *, meta: dict | None = None,
            lang: str = "id") -> pd.DataFrame:
    """Why this desa ranks where it does: one row per used indicator.

    Columns ``kolom, label, nilai, nilai_dinormalkan, bobot_dinormalkan, kontribusi``
    (``kontribusi`` adds up to the desa's ``skor``; empty when the desa is not ranked).
    """
    rows = result.table[result.table["kode_desa"] == kode_desa]
    if rows.empty:
        raise InputError(f"Desa {kode_desa} tidak ada di hasil peringkat.",
                         f"Desa {kode_desa} is not in the ranking.", column="kode_desa")
    row = rows.iloc[0]
    weights = result.spec.normalised_weights()
    recs = []
    for col in result.indicators:
        info = indicator_info(col, meta)
        recs.append({"kolom": col, "label": info["label_id" if lang == "id" else "label_en"],
                     "nilai": row[col], "nilai_dinormalkan": row[f"norm_{col}"],
                     "bobot_dinormalkan": weights[col], "kontribusi": row[f"kontribusi_{col}"]})
    return pd.DataFrame(recs)


def reason_text(alasan: Any, *, lang: str = "id", meta: dict | None = None) -> str:
    """A readable sentence for an ``alasan_kosong`` value of a ranking (empty -> ``""``)."""
    if alasan is None or (not isinstance(alasan, str) and pd.isna(alasan)) or alasan == "":
        return ""
    i = 0 if lang == "id" else 1
    dataset_reasons = (meta or {}).get("alasan_kosong", {})
    out = []
    for part in str(alasan).split("; "):
        code, _, rest = part.partition(":")
        if code != REASON_EMPTY:
            out.append(_REASONS.get(code, (code, code))[i])
            continue
        col, _, why = rest.partition("=")
        text = f"{_REASONS[REASON_EMPTY][i]}: {col}"
        if why:
            text += f" ({dataset_reasons.get(why, [why, why])[i]})"
        out.append(text)
    return "; ".join(out)


# ================================================================================================
# exclusion and inclusion views
# ================================================================================================

def exclusion_table(desa: pd.DataFrame, meta: dict, *, area: str | None = None,
                    include_kelurahan: bool = True, sort_by: str = "jumlah",
                    settings: Settings = DEFAULT) -> pd.DataFrame:
    """Desa by exclusion errors: desil 1-4 households receiving none of the recorded programmes.

    One row per register that records desil x desa of the area (kelurahan included by default:
    aid programmes reach kelurahan too; only Dana Desa rankings leave them out). Sorted by
    ``sort_by`` (``jumlah`` = count, ``persen`` = rate) descending, empty values last.

    Columns: ``register, kode_desa, nama_desa, jenis, kode_kec, nama_kec, kk_desil_1_4,
    kk_desil_1_4_tanpa_bansos, persen_tanpa_bansos, program, dasar, dasar_en, peringkat,
    alasan_kosong``; ``program`` lists the programmes the count is based on (meta.json
    ``registers[].programmes``), ``dasar`` / ``dasar_en`` say what the count means, ``peringkat``
    is the rank by the sort column within the register (ties share the lowest rank). A desa whose
    count is empty keeps the dataset's reason in ``alasan_kosong`` (never shown as 0).
    """
    maxd = (meta.get("pengaturan") or {}).get("exclusion_desil_max", settings.exclusion_desil_max)

    def rows(frame, col, programmes):
        desil = [col(f"kk_desil_{d}") for d in range(1, 5)]
        if not all(c in frame for c in desil):
            return None
        total = frame[desil].astype("Int64").sum(axis=1, skipna=False)
        count = frame[col("kk_desil_1_4_tanpa_bansos")].astype("Int64")
        rate = (frame[col("persen_tanpa_bansos")].astype("Float64")
                if col("persen_tanpa_bansos") in frame else _rate(count, total))
        return {"kk_desil_1_4": total, "kk_desil_1_4_tanpa_bansos": count,
                "persen_tanpa_bansos": rate,
                "dasar": (f"KK desil 1-{maxd} yang tidak menerima satu pun dari: "
                          f"{', '.join(programmes)}"),
                "dasar_en": (f"Decile 1-{maxd} households receiving none of: "
                             f"{', '.join(programmes)}")}

    sort_col = {"jumlah": "kk_desil_1_4_tanpa_bansos", "persen": "persen_tanpa_bansos"}
    return _view(desa, meta, rows, "kk_desil_1_4_tanpa_bansos", area=area,
                 include_kelurahan=include_kelurahan, sort=_sort_key(sort_by, sort_col))


def inclusion_table(desa: pd.DataFrame, meta: dict, *, area: str | None = None,
                    include_kelurahan: bool = True, sort_by: str = "jumlah",
                    settings: Settings = DEFAULT) -> pd.DataFrame:
    """Desa by possible inclusion errors: recipients in a high desil or not matched to Dukcapil.

    Same layout as :func:`exclusion_table`, with ``kk_terdaftar, kk_inklusi, persen_inklusi``;
    ``dasar`` states the criterion of that register (registers without desil, such as the
    SIKS-NG DTKS export, count only recipients not matched to Dukcapil).
    """
    mind = (meta.get("pengaturan") or {}).get("inclusion_min_desil", settings.inclusion_min_desil)
    info = _meta_index(meta)

    def rows(frame, col, programmes):
        if col("kk_inklusi") not in frame or col("kk_terdaftar") not in frame:
            return None
        count = frame[col("kk_inklusi")].astype("Int64")
        total = frame[col("kk_terdaftar")].astype("Int64")
        rate = (frame[col("persen_inklusi")].astype("Float64")
                if col("persen_inklusi") in frame else _rate(count, total))
        dcol = col("kk_desil_1")
        has_desil = (dcol in frame and info.get(dcol, {}).get("tersedia", True) is not False
                     and bool(frame[dcol].notna().any()))
        prog = ", ".join(programmes)
        dasar = (f"KK penerima minimal satu dari: {prog}, dengan desil >= {mind} atau tidak "
                 "padan Dukcapil" if has_desil else
                 f"KK penerima minimal satu dari: {prog}, yang tidak padan Dukcapil (register "
                 "ini tanpa desil)")
        dasar_en = (f"Households receiving at least one of: {prog}, in decile >= {mind} or "
                    "not matched to Dukcapil" if has_desil else
                    f"Households receiving at least one of: {prog}, not matched to Dukcapil "
                    "(this register has no decile)")
        return {"kk_terdaftar": total, "kk_inklusi": count, "persen_inklusi": rate,
                "dasar": dasar, "dasar_en": dasar_en}

    sort_col = {"jumlah": "kk_inklusi", "persen": "persen_inklusi"}
    return _view(desa, meta, rows, "kk_inklusi", area=area, include_kelurahan=include_kelurahan,
                 sort=_sort_key(sort_by, sort_col))


def _sort_key(sort_by: str, cols: dict[str, str]) -> list[str]:
    if sort_by not in cols:
        raise InputError(f"Urutan '{sort_by}' tidak dikenal (pilih: jumlah, persen).",
                         f"Unknown order '{sort_by}' (choose: jumlah, persen).", column="sort_by")
    first = cols[sort_by]
    return [first] + [c for c in cols.values() if c != first]


def _rate(count: pd.Series, total: pd.Series) -> pd.Series:
    rate = count.astype("Float64") / total.astype("Float64").where(total > 0) * 100.0
    return rate.round(4)


def _view(desa: pd.DataFrame, meta: dict, rows, count_name: str, *, area, include_kelurahan,
          sort: list[str]) -> pd.DataFrame:
    frame, _ = _select_area(desa, area)
    if not include_kelurahan:
        frame = frame[frame["jenis"] != "kelurahan"]
    registers = meta.get("registers") or [{"register": None, "programmes": []}]
    prefixed = len(registers) > 1
    info = _meta_index(meta)
    names = [c for c in NAME_COLUMNS if c in frame]
    parts = []
    for reg in registers:
        name = reg["register"]

        def col(base, name=name):
            return f"{name}_{base}" if prefixed else base

        if (info.get(col(count_name), {}).get("tersedia") is False
                or col(count_name) not in desa or desa[col(count_name)].notna().sum() == 0):
            continue  # the register cannot provide it (an area without rows still shows why)
        got = rows(frame, col, reg.get("programmes", []))
        if got is None:
            continue
        part = frame[names].copy()
        part.insert(0, "register", name)
        for key, value in got.items():
            part[key] = value
        part["program"] = ", ".join(reg.get("programmes", []))
        reason = col("alasan_kosong")
        part["alasan_kosong"] = (frame[reason].astype("string") if reason in frame
                                 else pd.Series(pd.NA, index=frame.index, dtype="string"))
        part.loc[part[count_name].notna(), "alasan_kosong"] = pd.NA
        part["peringkat"] = part[sort[0]].rank(method="min", ascending=False).astype("Int64")
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["register", *names, count_name, "program", "dasar",
                                     "dasar_en", "peringkat", "alasan_kosong"])
    out = pd.concat(parts, ignore_index=True)
    order_of = {r["register"]: i for i, r in enumerate(registers)}
    key = pd.DataFrame({"r": out["register"].map(order_of).to_numpy()})
    for i, c in enumerate(sort):
        key[f"s{i}"] = -out[c].astype("Float64").fillna(-np.inf).to_numpy(dtype=float)
    key["k"] = out["kode_desa"].astype(str).to_numpy()
    order = key.sort_values(list(key.columns), kind="stable").index
    out = out.iloc[order].reset_index(drop=True)
    lead = ["register", *names]
    tail = ["program", "dasar", "dasar_en", "peringkat", "alasan_kosong"]
    return out[lead + [c for c in out.columns if c not in lead + tail] + tail]


# ================================================================================================
# command line
# ================================================================================================

def load_dataset(data_dir: str | Path) -> tuple[pd.DataFrame, dict]:
    """``desa.parquet`` (without geometry) and ``meta.json`` of a dataset directory."""
    data_dir = Path(data_dir)
    pq, mj = data_dir / "desa.parquet", data_dir / "meta.json"
    for p in (pq, mj):
        if not p.exists():
            raise InputError("Bukan folder dataset: berkas ini tidak ada (buat dengan "
                             "'python -m layers build').",
                             "Not a dataset directory: this file is missing (make one with "
                             "'python -m layers build').", file=str(p))
    import pyarrow.parquet as papq

    names = [n for n in papq.read_schema(pq).names if n != "geometry"]
    desa = pd.read_parquet(pq, columns=names)
    try:
        meta = json.loads(mj.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"meta.json tidak dapat dibaca ({err.__class__.__name__}).",
                         f"meta.json cannot be read ({err.__class__.__name__}).",
                         file=str(mj)) from None
    return desa, meta


def run_rank(data_dir: str | Path, *, out: str | Path, area: str | None = None,
             weights: str | Mapping[str, float] | None = None, include_kelurahan: bool = False,
             top: int | None = None, normalisation: str = "minmax", tier_rule: str = "tertil",
             idm: str | Iterable[str] | None = None, today=None,
             settings: Settings = DEFAULT) -> Path:
    """Rank a dataset's desa and write the list to ``out`` (``.csv`` or ``.xlsx``).

    Parameters
    ----------
    data_dir
        Dataset directory written by ``python -m layers build``.
    out
        ``.xlsx`` (ranking sheet + ``Metode`` sheet) or ``.csv`` (+ ``<name>.metode.json``).
    weights
        ``"name=w,..."`` or a dict; ``None`` = the documented defaults (:func:`default_spec`).
    idm
        IDM statuses to keep, comma-separated or a list.
    today
        Export date (``datetime.date``) written in the method; default today.

    Returns
    -------
    Path
        The file written.
    """
    return _rank_and_write(data_dir, out=out, area=area, weights=weights,
                           include_kelurahan=include_kelurahan, top=top,
                           normalisation=normalisation, tier_rule=tier_rule, idm=idm,
                           today=today, settings=settings)[0]


def _rank_and_write(data_dir, *, out, area, weights, include_kelurahan, top, normalisation,
                    tier_rule, idm, today, settings) -> tuple[Path, RankResult]:
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("Berkas keluaran harus .csv atau .xlsx.",
                         "The output file must be .csv or .xlsx.", file=out.name)
    desa, meta = load_dataset(data_dir)
    spec = default_spec(meta, desa, include_kelurahan=include_kelurahan, area=area)
    if weights is not None:
        w = (parse_weights(weights, columns=list(desa.columns), meta=meta)
             if isinstance(weights, str) else dict(weights))
        spec = replace(spec, weights=w, defaults=())
    if isinstance(idm, str):
        idm = [s for s in idm.split(",") if s.strip()]
    spec = replace(spec, normalisation=normalisation, tier_rule=tier_rule,
                   idm_filter=tuple(idm) if idm else None)
    result = rank_desa(desa, spec, meta=meta)
    if top is not None:
        result = result.top(top)
    from .export import write_ranking

    return write_ranking(result, out, meta=meta, today=today, settings=settings), result


def add_rank_arguments(parser) -> None:
    """Arguments of ``python -m layers rank`` on an argparse (sub)parser."""
    parser.add_argument("--data", required=True, help="folder dataset (hasil 'build')")
    parser.add_argument("--area", help="peringkat di dalam wilayah ini, mis. 33.16.06")
    parser.add_argument("--weights",
                        help="bobot nama=angka,... (bawaan: indikator default, bobot sama)")
    parser.add_argument("--include-kelurahan", action="store_true",
                        help="ikut peringkatkan kelurahan (bawaan: tidak)")
    parser.add_argument("--top", type=int, help="hanya N peringkat teratas (seri ikut)")
    parser.add_argument("--normalisasi", "--normalisation", dest="normalisation",
                        choices=NORMALISATIONS, default="minmax", help="minmax (bawaan) atau rank")
    parser.add_argument("--prioritas", "--tier-rule", dest="tier_rule", choices=TIER_RULES,
                        default="tertil", help="aturan kelas prioritas: tertil (bawaan) atau jenks")
    parser.add_argument("--idm", help="hanya status IDM ini, mis. 'SANGAT TERTINGGAL,TERTINGGAL'")
    parser.add_argument("--out", required=True, help="berkas hasil .xlsx atau .csv")


def rank_command(args) -> Path:
    """Run the ``rank`` sub-command from parsed arguments and print a short summary."""
    path, result = _rank_and_write(
        args.data, out=args.out, area=args.area, weights=args.weights,
        include_kelurahan=args.include_kelurahan, top=args.top,
        normalisation=args.normalisation, tier_rule=args.tier_rule, idm=args.idm, today=None,
        settings=DEFAULT)
    m = result.method
    left = ", ".join(f"{k} {v}" for k, v in m["tidak_diperingkat"].items()) or "0"
    print(f"Diperingkat / ranked: {m['diperingkat']} dari/of {m['jumlah_desa']} desa/kelurahan; "
          f"tidak diperingkat / not ranked: {left}")
    print("Bobot / weights: " + ", ".join(
        f"{i['kolom']} {i['bobot_dinormalkan'] * 100:.1f}%" for i in m["indikator"]))
    for row in result.ranked.head(5).itertuples(index=False):
        print(f"  {row.peringkat:>3}. {row.nama_desa} ({row.kode_desa}) skor {row.skor:.2f} "
              f"prioritas {row.prioritas}")
    print(f"Peringkat ditulis / ranking written: {path}")
    if path.suffix.lower() == ".csv":
        print(f"Metode / method: {path.with_suffix('.metode.json')}")
    return path
