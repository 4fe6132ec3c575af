"""DTSEN areas resolved by their BPS desa code through the bridge, falling back to names.

Several BPS desa may form one Kemendagri desa (their households are all counted there, and the
report says which codes were merged), and one BPS desa may be split over several Kemendagri
desa. Households of a split BPS desa cannot be divided: they stay unresolved, on the review
list, with the candidate desa named; no row is dropped quietly.

:func:`resolve_bps` is the DTSEN counterpart of :func:`layers.matching.resolve_areas`: it
returns a :class:`layers.matching.MatchResult` (plus a per-BPS-code table), and sends the areas
without a usable BPS code (empty, invalid, or unknown to the bridge) to name matching.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from layers.codes import normalize_kode
from layers.matching.bridge.crosswalk import (CASE_COLUMNS, CASE_MERGED, CASE_SPLIT, Bridge,
                                              clean_bps)
from layers.matching.report import REPORT_COLUMNS, review_rows, sort_report
from layers.matching.resolve import MatchResult, resolve_areas
from layers.settings import DEFAULT, Settings

#: ``metode`` of an area resolved through the bridge (added to matching.METHODS)
METHOD = "kode_bps"
#: ``status`` values of :attr:`BpsMatch.bps` (one row per distinct BPS code of the input)
BPS_STATUS: dict[str, str] = {
    "kode_bps": "satu desa Kemendagri / one Kemendagri desa",
    "satu_ke_banyak": "satu desa BPS dipecah ke beberapa desa Kemendagri: tinjau / "
                      "one BPS desa split over several Kemendagri desa: review",
    "di_luar_wilayah": "desa Kemendagri-nya di luar berkas batas / its Kemendagri desa is "
                       "outside the boundary file",
    "tanpa_kode_kemendagri": "jembatan tidak memberi kode Kemendagri; dicari dari nama / the "
                             "bridge gives no Kemendagri code; looked up by name",
    "tidak_dikenal": "kode BPS tidak ada di jembatan; dicari dari nama / BPS code not in the "
                     "bridge; looked up by name",
    "tidak_sah": "kode BPS tidak sah; dicari dari nama / invalid BPS code; looked up by name",
    "kosong": "tanpa kode BPS; dicari dari nama / no BPS code; looked up by name",
}


@dataclass
class BpsMatch(MatchResult):
    """:class:`layers.matching.MatchResult` of :func:`resolve_bps`, with the BPS side.

    Attributes
    ----------
    bps
        One row per distinct BPS code of the input: ``kode_desa_bps, status`` (see
        :data:`BPS_STATUS`), ``kode_desa`` (``;``-joined candidates for a split),
        ``jumlah_baris``.
    cases
        :data:`CASE_COLUMNS` restricted to the input: split BPS desa (households unresolved)
        and Kemendagri desa that received households of several BPS desa.
    source
        Where the bridge came from (``batas_wilayah`` or the crosswalk file name).
    """

    bps: pd.DataFrame = field(default_factory=pd.DataFrame)
    cases: pd.DataFrame = field(default_factory=pd.DataFrame)
    source: str = ""


def resolve_bps(areas: pd.DataFrame, gazetteer: pd.DataFrame, *, bridge: Bridge,
                mapping: pd.DataFrame | str | Path | None = None,
                settings: Settings = DEFAULT) -> BpsMatch:
    """Resolve distinct DTSEN areas by their BPS code, falling back to names.

    Parameters
    ----------
    areas
        Distinct input areas: ``kode_bps`` (10-digit BPS code or empty), the names ``prov,
        kab, kec, desa`` and ``kode`` (a Kemendagri code as written, if the file had one), and
        ``n_rows``.
    gazetteer
        The boundary frame without geometry (canonical columns).
    bridge
        From :func:`load_bridge`.
    mapping
        Mapping CSV / frame for the name fallback (:func:`layers.matching.read_mapping`).
    settings
        Name-matching thresholds.

    Returns
    -------
    BpsMatch
        ``kode_desa``, ``metode``, ``kode_kec`` aligned with ``areas.index``; ``report`` has one
        ``desa`` row per area (``metode`` ``kode_bps``, ``ambiguous`` for a split BPS desa,
        ``not_in_area``, or the name-matching decision) and the name-matching rows of the
        upper levels; ``review`` the rows needing a human; ``bps`` and ``cases`` the BPS side.
    """
    frame = areas.reset_index(drop=True)
    n_rows = _row_counts(frame)
    written = _written_bps(frame)
    codes = [clean_bps(v) if v is not None else None for v in written]
    desa_of = _gazetteer_desa(gazetteer)
    found = _by_bps(written, codes, bridge.lookup(), desa_of)
    merged = _merged_into(bridge, found.kode_desa)
    named_set = set(found.by_name)
    report_rows = [_report_row(i, frame, written[i], codes[i], found.status[i],
                               found.candidates[i], desa_of, merged, int(n_rows.iloc[i]))
                   for i in range(len(frame)) if i not in named_set]
    name_report = _by_name(found, frame, n_rows, gazetteer, mapping, settings)
    report = _merge_reports(pd.DataFrame(report_rows, columns=REPORT_COLUMNS), name_report)
    index = areas.index
    return BpsMatch(
        kode_desa=pd.Series(found.kode_desa, index=index, dtype=object), report=report,
        review=review_rows(report), metode=pd.Series(found.metode, index=index, dtype=object),
        kode_kec=pd.Series(found.kode_kec, index=index, dtype=object),
        bps=_bps_table(written, codes, found.status, found.candidates, n_rows),
        cases=_input_cases(codes, found.status, found.candidates, found.kode_desa, n_rows,
                           merged),
        source=bridge.source)


@dataclass
class _Found:
    """Per input area (positions of the frame): what its BPS code decided."""

    kode_desa: list[str | None]
    metode: list[str | None]
    kode_kec: list[str | None]
    status: list[str]
    candidates: list[list[str]]
    by_name: list[int]                       # areas left to name matching

    @classmethod
    def empty(cls, n: int) -> _Found:
        return cls([None] * n, [None] * n, [None] * n, [""] * n, [[] for _ in range(n)], [])


def _row_counts(frame: pd.DataFrame) -> pd.Series:
    """``n_rows`` as int64 (1 where missing or unreadable)."""
    if "n_rows" in frame:
        return pd.to_numeric(frame["n_rows"], errors="coerce").fillna(1).astype("int64")
    return pd.Series(np.ones(len(frame), dtype="int64"))


def _written_bps(frame: pd.DataFrame) -> list[str | None]:
    """``kode_bps`` as written, trimmed; ``None`` where empty or missing."""
    raw = frame["kode_bps"] if "kode_bps" in frame else pd.Series([None] * len(frame))
    return [None if _missing(v) or not str(v).strip() else str(v).strip() for v in raw]


def _by_bps(written: list[str | None], codes: list[str | None],
            lookup: dict[str, list[str | None]], desa_of: dict[str, str]) -> _Found:
    """Areas decided by their BPS code; the others are listed in ``by_name``."""
    found = _Found.empty(len(written))
    for i, (w, code) in enumerate(zip(written, codes)):
        if w is None:
            found.status[i] = "kosong"
        elif code is None:
            found.status[i] = "tidak_sah"
        elif code not in lookup:
            found.status[i] = "tidak_dikenal"
        elif lookup[code] == [None]:
            found.status[i] = "tanpa_kode_kemendagri"
        if found.status[i]:
            found.by_name.append(i)
            continue
        inside = [k for k in lookup[code] if k in desa_of]
        found.candidates[i] = inside
        if not inside:
            found.status[i], found.metode[i] = "di_luar_wilayah", "not_in_area"
        elif len(inside) == 1:
            found.status[i], found.metode[i], found.kode_desa[i] = "kode_bps", METHOD, inside[0]
            found.kode_kec[i] = inside[0][:6]
        else:
            found.status[i], found.metode[i] = "satu_ke_banyak", "ambiguous"
            kecs = {k[:6] for k in inside}
            found.kode_kec[i] = kecs.pop() if len(kecs) == 1 else None
    return found


def _by_name(found: _Found, frame: pd.DataFrame, n_rows: pd.Series, gazetteer: pd.DataFrame,
             mapping, settings: Settings) -> pd.DataFrame:
    """Name matching of the areas the BPS code left open (fills ``found``); its report."""
    if not found.by_name:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    sub = frame.iloc[found.by_name].copy()
    sub["n_rows"] = n_rows.iloc[found.by_name].to_numpy()
    named = resolve_areas(sub.drop(columns=["kode_bps"], errors="ignore"), gazetteer,
                          mapping=mapping, settings=settings)
    for j, i in enumerate(found.by_name):
        found.kode_desa[i] = named.kode_desa.iloc[j]
        found.metode[i] = named.metode.iloc[j]
        found.kode_kec[i] = named.kode_kec.iloc[j] if len(named.kode_kec) else None
    return named.report


def _missing(v: Any) -> bool:
    try:
        return v is None or bool(v != v)
    except (TypeError, ValueError):
        return True


def _gazetteer_desa(gazetteer: pd.DataFrame) -> dict[str, str]:
    """Kemendagri desa code (undotted) -> name, for the desa of the boundary file."""
    out = {}
    names = gazetteer["nama_desa"] if "nama_desa" in gazetteer else [""] * len(gazetteer)
    for kode, nama in zip(gazetteer["kode_desa"], names):
        k = normalize_kode(kode, "desa")
        if k is not None:
            out[k] = "" if _missing(nama) else str(nama)
    return out


def _merged_into(bridge: Bridge, resolved: list[str | None]) -> dict[str, list[str]]:
    """Kemendagri desa reached by the input -> every BPS code the bridge maps into it."""
    wanted = {k for k in resolved if k}
    if not wanted:
        return {}
    known = bridge.pairs.dropna(subset=["kode_desa"])
    known = known[known["kode_desa"].isin(wanted)]
    out = known.groupby("kode_desa")["kode_desa_bps"].agg(lambda s: sorted(s)).to_dict()
    return {k: v for k, v in out.items() if len(v) > 1}


def _report_row(i: int, frame: pd.DataFrame, written: str | None, code: str | None,
                status: str, candidates: list[str], desa_of: dict[str, str],
                merged: dict[str, list[str]], n_rows: int) -> dict[str, Any]:
    nama = frame["desa"].iloc[i] if "desa" in frame else None
    nama = "" if _missing(nama) else str(nama)
    row = {"tingkat": "desa", "input_kode": written or "", "input_nama": nama,
           "induk_kode": "", "skor": float("nan"), "kode_hasil": "", "nama_hasil": "",
           "kandidat": "", "jumlah_baris": n_rows}
    if status == "kode_bps":
        kode = candidates[0]
        note = ""
        if kode in merged:
            others = [b for b in merged[kode] if b != code]
            note = (f"desa ini juga menerima kode BPS {', '.join(others)} / this desa also "
                    f"receives BPS code(s) {', '.join(others)}")
        row.update(metode=METHOD, skor=100.0, kode_hasil=kode, nama_hasil=desa_of[kode],
                   induk_kode=kode[:6], kandidat=note)
    elif status == "satu_ke_banyak":
        listed = "; ".join(f"{desa_of[k]} ({k})" for k in candidates)
        row.update(metode="ambiguous", kandidat=(
            f"{listed}; satu desa BPS dipecah ke {len(candidates)} desa Kemendagri, rumah "
            f"tangganya tidak bisa dibagi / one BPS desa split over {len(candidates)} "
            f"Kemendagri desa, its households cannot be divided"))
        kecs = {k[:6] for k in candidates}
        row["induk_kode"] = kecs.pop() if len(kecs) == 1 else ""
    else:
        row.update(metode="not_in_area", kandidat=BPS_STATUS["di_luar_wilayah"])
    return row


def _merge_reports(bps_rows: pd.DataFrame, name_rows: pd.DataFrame) -> pd.DataFrame:
    frames = [f for f in (name_rows, bps_rows) if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in REPORT_COLUMNS})
    return sort_report(pd.concat(frames, ignore_index=True)[REPORT_COLUMNS])


def _bps_table(written, codes, status, candidates, n_rows: pd.Series) -> pd.DataFrame:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for w, code, st, cand, nr in zip(written, codes, status, candidates, n_rows):
        key = (code or w or "", st)
        if key not in rows:
            rows[key] = {"kode_desa_bps": key[0], "status": st, "kode_desa": ";".join(cand),
                         "jumlah_baris": 0}
        rows[key]["jumlah_baris"] += int(nr)
    out = pd.DataFrame(list(rows.values()),
                       columns=["kode_desa_bps", "status", "kode_desa", "jumlah_baris"])
    return out.sort_values(["kode_desa_bps", "status"], kind="stable").reset_index(drop=True)


def _input_cases(codes, status, candidates, kode_desa, n_rows: pd.Series,
                 merged: dict[str, list[str]]) -> pd.DataFrame:
    split: dict[str, list] = {}
    into: dict[str, int] = {}
    for code, st, cand, kode, nr in zip(codes, status, candidates, kode_desa, n_rows):
        if st == "satu_ke_banyak":
            entry = split.setdefault(code, [";".join(cand), 0])
            entry[1] += int(nr)
        elif st == "kode_bps" and kode in merged:
            into[kode] = into.get(kode, 0) + int(nr)
    rows = [(CASE_SPLIT, code, kd, nr) for code, (kd, nr) in sorted(split.items())]
    rows += [(CASE_MERGED, ";".join(merged[k]), k, nr) for k, nr in sorted(into.items())]
    out = pd.DataFrame(rows, columns=list(CASE_COLUMNS))
    out["jumlah_baris"] = out["jumlah_baris"].astype("int64")
    return out
