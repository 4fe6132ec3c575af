"""Housing deprivation, harmonised across register layouts: one readable table, seven items.

Every household register records housing in its own words: P3KE writes text (``Tanah``,
``Bambu``, ``Kayu Bakar``, ``Tidak Ada``), DTSEN / Regsosek files write the questionnaire's
codes (303 lantai ``8`` = tanah, 304 dinding ``6`` = bambu, 308 bahan bakar ``10`` = kayu
bakar, 309a fasilitas BAB ``6`` = tidak ada). :data:`TABLE` below is the one place where each
written value or code is mapped to a deprivation item; the data contract (docs/inputs.md,
"Housing deprivation") repeats it for users.

Seven boolean items per household (``True`` = deprived, ``False`` = not, ``NA`` = unknown),
each read from one raw column:

* ``lantai_tanah`` (``lantai``): the widest floor is earth (tanah);
* ``dinding_buruk`` (``dinding``): the widest wall is bamboo, woven bamboo or "other";
* ``atap_buruk`` (``atap``): the widest roof is bamboo, straw / palm leaves or "other";
* ``tanpa_listrik`` (``penerangan``): the main lighting is not electricity;
* ``air_tidak_layak`` (``air_minum``): drinking water from an unprotected well or spring,
  surface water or "other";
* ``tanpa_jamban`` (``fasilitas_bab``): no toilet facility at all;
* ``kayu_bakar`` (``bahan_bakar``): firewood is the main cooking fuel.

``n_deprivasi`` counts the items that are ``True`` (NA when all seven are unknown);
``deprivasi`` is ``True`` when at least ``k`` items are true (``k`` from settings, see
:func:`min_items`), ``False`` when even the unknown items could not bring the household to
``k``, else NA. A value the table does not know is never guessed: the item is NA for that
household and the value is counted in the report (:attr:`HousingResult.report`).

Where the items are computed: after reading, for every layout, by :func:`add_deprivation` on
``RegisterData.households`` (the readers keep the housing columns as written). A layout that
records no housing (SIKS-NG) gets NA everywhere.

Sources for the DTSEN / Regsosek codes (public code lists of the Regsosek 2022 / DTKS
verification questionnaire, block III "Keterangan perumahan", questions 303-309a, as
re-typed in open-source data-entry applications; the official questionnaire itself is not
publicly downloadable):

* the questionnaire as printed by a DTKS/Regsosek data-entry web application (PHP view
  printing block III with the codes 303, 304, 305, 306a, 307a, 308, 309a);
* a PHP option table ``pilihanBagian3`` of another verification application (keys ``303`` ..
  ``310``), identical for every question except 305 (see below) and 308 (where "Tidak memasak
  di rumah" is numbered ``12`` instead of ``00``: both are accepted here, neither is deprived);
* a DTSEN ground-check app (Flutter) and several dashboards with the same lists.

Question 305 (atap): three sources number ``5`` = Bambu and ``6`` = Kayu/sirap, one the
other way round. The majority order is used. Following BPS's "rumah layak huni" criteria,
kayu/sirap is a durable roof and bambu is not, so a file coded in the minority order would
swap these two; when a file writes the label instead of the code there is no doubt.
Deprived categories follow BPS's definitions of durable floor/wall/roof, electricity,
"air minum layak" (bottled and refill water are counted as safe because the register does not
record the water used for bathing) and "tidak ada fasilitas BAB".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from layers.settings import DEFAULT, Settings

__all__ = [
    "CODED_LAYOUTS", "COUNT_COLUMNS", "DEFAULT_MIN_ITEMS", "ITEMS", "REPORT_COLUMNS",
    "SOURCE_COLUMN", "TABLE", "HousingResult", "add_deprivation", "classify", "deprivation",
    "min_items",
]

# --------------------------------------------------------------------------------------------
# THE TABLE
#
# item -> (raw column, Regsosek question, categories). One category per line:
#   (code, label as in the questionnaire, deprived, other spellings seen in exports)
# Codes apply to layouts that write codes (CODED_LAYOUTS); labels and other spellings apply to
# every layout. Spellings are compared folded: upper case, punctuation and spaces as one space
# ("Kayu/Papan" == "KAYU PAPAN"). A leading "8." or "8)" before a label is ignored.
# --------------------------------------------------------------------------------------------

TABLE: dict[str, tuple[str, str, tuple[tuple[int | None, str, bool, tuple[str, ...]], ...]]] = {
    "lantai_tanah": ("lantai", "303 jenis lantai terluas", (
        (1, "Marmer/granit", False, ("Marmer", "Granit")),
        (2, "Keramik", False, ()),
        (3, "Parket/vinil/karpet", False, ("Parket", "Vinil", "Karpet")),
        (4, "Ubin/tegel/teraso", False, ("Ubin", "Tegel", "Teraso", "Ubin/tegel")),
        (5, "Kayu/papan", False, ("Kayu", "Papan")),
        (6, "Semen/bata merah", False, ("Semen", "Bata merah", "Semen/bata", "Plester",
                                        "Plesteran")),
        (7, "Bambu", False, ()),
        (8, "Tanah", True, ("Lantai tanah",)),
        (9, "Lainnya", False, ()),
    )),
    "dinding_buruk": ("dinding", "304 jenis dinding terluas", (
        (1, "Tembok", False, ("Tembok/plester", "Batu bata", "Bata", "Beton")),
        (2, "Plesteran anyaman bambu/kawat", False, ("Plesteran anyaman bambu",
                                                     "Plesteran anyaman kawat")),
        (3, "Kayu/papan/gypsum/GRC/calciboard", False, ("Kayu", "Papan", "Kayu/papan",
                                                        "Gypsum", "GRC", "Calciboard",
                                                        "Kayu/papan/gypsum/GRC")),
        (4, "Anyaman bambu", True, ("Bilik", "Gedeg", "Gedek", "Bilik bambu")),
        (5, "Batang kayu", False, ()),
        (6, "Bambu", True, ()),
        (7, "Lainnya", True, ()),
    )),
    "atap_buruk": ("atap", "305 jenis atap terluas", (
        (1, "Beton", False, ("Beton/genteng beton", "Dak", "Cor")),
        (2, "Genteng", False, ("Genting", "Genteng tanah liat", "Genteng keramik")),
        (3, "Seng", False, ("Metal", "Spandek", "Galvalum")),
        (4, "Asbes", False, ()),
        (5, "Bambu", True, ()),
        (6, "Kayu/sirap", False, ("Kayu", "Sirap")),
        (7, "Jerami/ijuk/daun-daunan/rumbia", True, ("Jerami", "Ijuk", "Rumbia", "Daun",
                                                     "Daun-daunan", "Ijuk/rumbia",
                                                     "Jerami/ijuk/rumbia", "Alang-alang")),
        (8, "Lainnya", True, ()),
    )),
    "tanpa_listrik": ("penerangan", "307a sumber penerangan utama", (
        (1, "Listrik PLN dengan meteran", False, ("Listrik PLN", "PLN", "Listrik",
                                                  "PLN dengan meteran", "Listrik meteran")),
        (2, "Listrik PLN tanpa meteran", False, ("PLN tanpa meteran",)),
        (3, "Listrik non-PLN", False, ("Non PLN", "Listrik non PLN", "Genset",
                                       "Tenaga surya", "PLTS")),
        (4, "Bukan listrik", True, ("Tidak ada listrik", "Tanpa listrik", "Non listrik",
                                    "Pelita", "Sentir", "Petromaks", "Lampu minyak",
                                    "Lampu minyak/lilin/obor", "Lilin", "Obor")),
    )),
    "air_tidak_layak": ("air_minum", "306a sumber air minum", (
        (1, "Air kemasan bermerk", False, ("Air kemasan", "Air kemasan bermerek",
                                           "Air kemasan/isi ulang", "Air kemasan/air isi ulang",
                                           "Air mineral", "Galon")),
        (2, "Air isi ulang", False, ("Isi ulang", "Air galon isi ulang")),
        (3, "Leding", False, ("Ledeng", "PAM", "PDAM", "Leding/PAM", "Air leding",
                              "Leding meteran", "Leding eceran")),
        (4, "Sumur bor/pompa", False, ("Sumur bor", "Pompa", "Sumur pompa")),
        (5, "Sumur terlindung", False, ("Sumur terlindungi",)),
        (6, "Sumur tak terlindung", True, ("Sumur tidak terlindung", "Sumur tak terlindungi",
                                           "Sumur tidak terlindungi")),
        (7, "Mata air terlindung", False, ("Mata air terlindungi",)),
        (8, "Mata air tak terlindung", True, ("Mata air tidak terlindung",
                                              "Mata air tak terlindungi",
                                              "Mata air tidak terlindungi")),
        (9, "Air permukaan (sungai/danau/waduk/kolam/irigasi)", True, (
            "Air permukaan", "Sungai", "Danau", "Waduk", "Kolam", "Irigasi", "Air sungai",
            "Sungai/danau/waduk/kolam/irigasi")),
        (10, "Air hujan", False, ("Hujan", "Penampungan air hujan")),
        (11, "Lainnya", True, ()),
    )),
    "tanpa_jamban": ("fasilitas_bab", "309a kepemilikan fasilitas BAB", (
        (1, "Ada, digunakan hanya anggota keluarga sendiri", False, (
            "Ya", "Ada", "Ya, sendiri", "Sendiri", "Milik sendiri", "Ya, milik sendiri",
            "Ada, sendiri", "Jamban sendiri")),
        (2, "Ada, digunakan bersama anggota keluarga dari rumah tangga tertentu", False, (
            "Ya, bersama", "Bersama", "Milik bersama", "Ada, bersama", "Jamban bersama")),
        (3, "Ada, di MCK komunal", False, ("MCK komunal", "Komunal")),
        (4, "Ada, di MCK umum/siapa pun menggunakan", False, ("MCK umum", "Umum",
                                                               "Ya, umum", "Jamban umum")),
        (5, "Ada, anggota keluarga tidak menggunakan", False, ()),
        (6, "Tidak ada fasilitas", True, ("Tidak ada", "Tidak", "Tidak punya",
                                          "Tidak memiliki", "Tidak ada fasilitas BAB",
                                          "Tidak ada jamban")),
    )),
    "kayu_bakar": ("bahan_bakar", "308 bahan bakar utama memasak", (
        (0, "Tidak memasak di rumah", False, ("Tidak memasak",)),
        (1, "Listrik", False, ("Kompor listrik",)),
        (2, "Gas elpiji 5,5 kg/blue gaz", False, ("Gas elpiji 5,5 kg", "Blue gaz",
                                                  "Bright gas")),
        (3, "Gas elpiji 12 kg", False, ()),
        (4, "Gas elpiji 3 kg", False, ("Gas", "Elpiji", "LPG", "Gas elpiji", "Gas LPG",
                                       "Gas 3 kg")),
        (5, "Gas kota/meteran PGN", False, ("Gas kota", "PGN")),
        (6, "Biogas", False, ()),
        (7, "Minyak tanah", False, ()),
        (8, "Briket", False, ()),
        (9, "Arang", False, ()),
        (10, "Kayu bakar", True, ("Kayu",)),
        (11, "Lainnya", False, ()),
        (12, "Tidak memasak di rumah (kode 12)", False, ()),
    )),
}

#: the seven items, in the order of :data:`TABLE`
ITEMS: tuple[str, ...] = tuple(TABLE)
#: item -> household column holding the value as written
SOURCE_COLUMN: dict[str, str] = {item: spec[0] for item, spec in TABLE.items()}
#: layouts whose housing columns may hold Regsosek codes (others: text labels only)
CODED_LAYOUTS: tuple[str, ...] = ("dtsen",)
#: desa count column -> household boolean column it sums
COUNT_COLUMNS: dict[str, str] = {f"kk_{item}": item for item in ITEMS} | {
    "kk_deprivasi": "deprivasi"}
#: columns of :attr:`HousingResult.report`
REPORT_COLUMNS: tuple[str, ...] = ("item", "kolom", "nilai", "jumlah")
#: households with at least this many deprivations count in ``kk_deprivasi`` unless settings
#: carry ``housing_deprivation_min``
DEFAULT_MIN_ITEMS = 3

_HIDDEN = "(nilai tidak ditampilkan / value not shown)"
_EMPTY = frozenset({"", "-", "--", "NA", "N/A", "NAN", "NULL", "NONE", "TIDAK TAHU", "TT"})
_NUMBER_PREFIX = re.compile(r"^\s*(\d{1,2})\s*[.)]\s*(?=\D)")
_CODE = re.compile(r"^\s*0*(\d{1,2})(?:[.,]0+)?\s*$")


@dataclass
class HousingResult:
    """Deprivation items of a set of households.

    Attributes
    ----------
    items
        Aligned with the households' index: one nullable boolean column per item
        (:data:`ITEMS`), ``n_deprivasi`` (Int64) and ``deprivasi`` (boolean).
    report
        Values the table does not know: ``item, kolom, nilai, jumlah`` (value as written,
        hidden when it could be personal: long text or a long number), most frequent first.
    stats
        ``min_items`` (k), and per item ``{known, deprived, unknown, empty}`` counts; ``recorded``
        lists the items whose raw column the layout has at all.
    """

    items: pd.DataFrame
    report: pd.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------

def min_items(settings: Settings = DEFAULT) -> int:
    """``k``: deprivations that make a household count in ``kk_deprivasi``.

    Read from ``settings.housing_deprivation_min`` when the settings carry it, else
    :data:`DEFAULT_MIN_ITEMS`.
    """
    k = int(getattr(settings, "housing_deprivation_min", DEFAULT_MIN_ITEMS))
    if not 1 <= k <= len(ITEMS):
        raise ValueError(f"housing_deprivation_min must be 1..{len(ITEMS)}, got {k}")
    return k


def classify(values: pd.Series, item: str, *, coded: bool) -> tuple[pd.Series, pd.Series]:
    """Deprivation item of each written value.

    Parameters
    ----------
    values
        Values as written (strings; NaN / empty for missing).
    item
        One of :data:`ITEMS`.
    coded
        Whether bare numbers are questionnaire codes (DTSEN / Regsosek); when ``False`` a bare
        number is an unknown value.

    Returns
    -------
    (deprived, unknown)
        ``deprived``: nullable boolean (NA for empty and unknown values); ``unknown``: boolean
        mask of non-empty values the table does not know.
    """
    by_text, by_code = _lookup(item)
    raw = values.astype(object).where(values.notna(), "")
    uniques, inverse = np.unique(raw.astype(str).to_numpy(), return_inverse=True)
    decided = np.empty(len(uniques), dtype=object)
    unknown_u = np.zeros(len(uniques), dtype=bool)
    for i, text in enumerate(uniques):
        state = _decide(text, by_text, by_code if coded else None)
        decided[i] = state
        unknown_u[i] = state == "?"
    states = decided[inverse]
    out = pd.array([pd.NA] * len(states), dtype="boolean")
    out[states == True] = True      # noqa: E712 - object array of True / False / None / "?"
    out[states == False] = False    # noqa: E712
    return (pd.Series(out, index=values.index),
            pd.Series(unknown_u[inverse], index=values.index, dtype=bool))


def deprivation(households: pd.DataFrame, *, layout: str, settings: Settings = DEFAULT,
                k: int | None = None) -> HousingResult:
    """The seven items, ``n_deprivasi`` and ``deprivasi`` of each household.

    Parameters
    ----------
    households
        ``RegisterData.households`` (housing columns as written: ``lantai, dinding, atap,
        penerangan, air_minum, fasilitas_bab, bahan_bakar``; missing columns are unknown).
    layout
        Register layout (``dtsen`` reads codes, other layouts text).
    settings
        ``housing_deprivation_min`` (k) when present.
    k
        Overrides the settings.

    Returns
    -------
    HousingResult
    """
    k = min_items(settings) if k is None else int(k)
    coded = layout in CODED_LAYOUTS
    items = pd.DataFrame(index=households.index)
    reports, stats = [], {"min_items": k, "recorded": []}
    for item in ITEMS:
        col = SOURCE_COLUMN[item]
        if col not in households.columns or households[col].isna().all():
            items[item] = pd.Series(pd.NA, index=households.index, dtype="boolean")
            stats[item] = {"known": 0, "deprived": 0, "unknown": 0,
                           "empty": int(len(households))}
            continue
        stats["recorded"].append(item)
        deprived, unknown = classify(households[col], item, coded=coded)
        items[item] = deprived
        stats[item] = {"known": int(deprived.notna().sum()),
                       "deprived": int(deprived.fillna(False).sum()),
                       "unknown": int(unknown.sum()),
                       "empty": int((deprived.isna() & ~unknown).sum())}
        if unknown.any():
            reports.append(_unknown_report(households.loc[unknown.to_numpy(), col], item, col))
    true = items[list(ITEMS)].fillna(False).astype(int).sum(axis=1)
    missing = items[list(ITEMS)].isna().sum(axis=1)
    n = true.astype("Int64").where(missing < len(ITEMS))
    items["n_deprivasi"] = n
    flag = pd.array([pd.NA] * len(items), dtype="boolean")
    flag[(true >= k).to_numpy()] = True
    flag[((true + missing) < k).to_numpy() & (missing < len(ITEMS)).to_numpy()] = False
    items["deprivasi"] = pd.Series(flag, index=items.index)
    report = (pd.concat(reports, ignore_index=True) if reports
              else pd.DataFrame({c: pd.Series([], dtype=str if c != "jumlah" else "int64")
                                 for c in REPORT_COLUMNS}))
    return HousingResult(items=items, report=report, stats=stats)


def add_deprivation(households: pd.DataFrame, *, layout: str, settings: Settings = DEFAULT,
                    k: int | None = None) -> tuple[pd.DataFrame, HousingResult]:
    """``households`` with the item columns, ``n_deprivasi`` and ``deprivasi`` appended.

    Returns
    -------
    (households, result)
        A copy of the frame with the new columns (replacing earlier ones of the same name), and
        the :class:`HousingResult` (report and stats for the build summary).
    """
    result = deprivation(households, layout=layout, settings=settings, k=k)
    out = households.drop(columns=[c for c in result.items.columns if c in households.columns])
    return out.join(result.items), result


# --------------------------------------------------------------------------------------------
# private steps
# --------------------------------------------------------------------------------------------

def _fold(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", " ", text.upper()).strip()


_LOOKUPS: dict[str, tuple[dict[str, bool], dict[int, bool]]] = {}


def _lookup(item: str) -> tuple[dict[str, bool], dict[int, bool]]:
    """Folded label / spelling -> deprived, and code -> deprived, for one item."""
    if item not in TABLE:
        raise ValueError(f"unknown housing item {item!r}; expected one of {ITEMS}")
    if item not in _LOOKUPS:
        by_text: dict[str, bool] = {}
        by_code: dict[int, bool] = {}
        for code, label, deprived, spellings in TABLE[item][2]:
            if code is not None:
                by_code[code] = deprived
            for text in (label, *spellings):
                key = _fold(text)
                if by_text.get(key, deprived) != deprived:
                    raise AssertionError(f"{item}: spelling {text!r} maps both ways")
                by_text[key] = deprived
        _LOOKUPS[item] = (by_text, by_code)
    return _LOOKUPS[item]


def _decide(text: str, by_text: dict[str, bool], by_code: dict[int, bool] | None):
    """``True`` / ``False``, ``None`` for empty, ``"?"`` for a value the table does not know."""
    folded = _fold(text)
    if folded in _EMPTY:
        return None
    if folded in by_text:
        return by_text[folded]
    code_match = _CODE.match(text)
    if code_match:
        if by_code is not None and int(code_match.group(1)) in by_code:
            return by_code[int(code_match.group(1))]
        return "?"
    prefixed = _NUMBER_PREFIX.match(text)
    if prefixed:
        rest = _fold(text[prefixed.end():])
        if rest in by_text:
            return by_text[rest]
        if by_code is not None and int(prefixed.group(1)) in by_code:
            return by_code[int(prefixed.group(1))]
    return "?"


def _unknown_report(values: pd.Series, item: str, col: str) -> pd.DataFrame:
    shown = values.astype(str).str.strip().map(_safe_value)
    counts = shown.value_counts(sort=False)
    out = pd.DataFrame({"item": item, "kolom": col, "nilai": counts.index.astype(str),
                        "jumlah": counts.to_numpy(dtype="int64")})
    return out.sort_values(["jumlah", "nilai"], ascending=[False, True], kind="stable")


def _safe_value(text: str) -> str:
    """A category value as written, or a placeholder when it could carry personal data."""
    if len(text) > 40 or re.search(r"\d{5,}", text):
        return _HIDDEN
    return text
