"""BPS desa codes -> Kemendagri desa codes, through a table that says so (never by digits).

BPS (wilkerstat, 2+2+3+3) and Kemendagri (2+2+2+4) number kecamatan and desa differently
(Kemendagri 33.16.10 Tunjungan is BPS 3316120), so a BPS code is only ever translated by
looking it up in a bridge:

* the boundary file's BPS column (BIG ``KDEBPS``, or ``kode_desa_bps``; ``;``-joined when one
  Kemendagri desa has several BPS codes), read by :func:`from_gazetteer`; or
* a crosswalk file the user gives (``--crosswalk``), read by :func:`read_crosswalk`: at least
  the columns ``kode_desa_bps`` and ``kode_desa`` (see docs/inputs.md); the shared
  ``crosswalk_bps_kemendagri_desa.csv`` is accepted as it is.

Both directions can be many: several BPS desa may form one Kemendagri desa (their households
are all counted there, and the report says which codes were merged), and one BPS desa may be
split over several Kemendagri desa. Households of a split BPS desa cannot be divided: they stay
unresolved, on the review list, with the candidate desa named; no row is dropped quietly.

:func:`resolve_bps` is the DTSEN counterpart of :func:`layers.matching.resolve_areas`: it
returns a :class:`layers.matching.MatchResult` (plus a per-BPS-code table), and sends the areas
without a usable BPS code (empty, invalid, or unknown to the bridge) to name matching.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .codes import normalize_kode
from .errors import InputError
from .matching import REPORT_COLUMNS, REVIEW_METHODS, MatchResult, resolve_areas
from .settings import DEFAULT, Settings
from .tabular import HeaderNotFoundError, iter_table, normalize_header

__all__ = [
    "BPS_COLUMNS", "BPS_STATUS", "CASE_COLUMNS", "KEMENDAGRI_COLUMNS", "METHOD", "Bridge",
    "BpsMatch", "clean_bps", "from_gazetteer", "load_bridge", "read_crosswalk", "resolve_bps",
]

#: ``metode`` of an area resolved through the bridge (added to matching.METHODS)
METHOD = "kode_bps"
#: header spellings of the crosswalk's BPS column, first found wins (compared folded)
BPS_COLUMNS: tuple[str, ...] = ("kode_desa_bps", "kode_bps", "kdebps", "kode_bps_desa",
                                "kd_desa_bps", "bps")
#: header spellings of the crosswalk's Kemendagri column
KEMENDAGRI_COLUMNS: tuple[str, ...] = ("kode_desa", "kode_desa_kemendagri", "kode_kemendagri",
                                       "kode_dagri", "kode_desa_dagri", "kdepum",
                                       "kode_kemdagri", "kemendagri")
#: columns of :attr:`Bridge.cases` and :attr:`BpsMatch.cases`
CASE_COLUMNS: tuple[str, ...] = ("kasus", "kode_desa_bps", "kode_desa", "jumlah_baris")
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
CASE_SPLIT = "satu_bps_ke_banyak_desa"
CASE_MERGED = "banyak_bps_ke_satu_desa"
_BPS_GROUPED = re.compile(r"\d{2}[.\-]\d{2}[.\-]\d{3}[.\-]\d{3}")


@dataclass
class Bridge:
    """A BPS -> Kemendagri desa bridge.

    Attributes
    ----------
    pairs
        Distinct ``kode_desa_bps, kode_desa`` pairs (undotted strings; ``kode_desa`` NA where
        the source gives a BPS desa without a Kemendagri code), sorted.
    source
        ``batas_wilayah`` (the boundary file's BPS column) or the crosswalk's file name.
    cases
        :data:`CASE_COLUMNS`: every BPS code split over several Kemendagri desa
        (``satu_bps_ke_banyak_desa``) and every Kemendagri desa formed from several BPS desa
        (``banyak_bps_ke_satu_desa``), codes ``;``-joined; ``jumlah_baris`` is 0 here.
    stats
        ``rows`` (read), ``pairs``, ``bps``, ``kemendagri``, ``split`` and ``merged`` (cases),
        ``bps_without_kemendagri``, ``rows_without_bps``, ``rejected``, ``sha256`` (crosswalk).
    rejected
        Crosswalk rows not used: ``file, row, kolom, alasan``.
    """

    pairs: pd.DataFrame
    source: str
    cases: pd.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)
    rejected: pd.DataFrame = field(default_factory=lambda: _empty_rejected())

    def lookup(self) -> dict[str, list[str | None]]:
        """BPS code -> its Kemendagri codes (``[None]`` when the source gives none)."""
        out: dict[str, list[str | None]] = {}
        for bps, kode in zip(self.pairs["kode_desa_bps"], self.pairs["kode_desa"]):
            out.setdefault(bps, []).append(None if pd.isna(kode) else str(kode))
        return {k: ([x for x in v if x is not None] or [None]) for k, v in out.items()}


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


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------

def clean_bps(value: Any) -> str | None:
    """A BPS desa code as 10 digits, or ``None``.

    Accepts ``3307010001``, ``'3307010001``, ``3307010001.0`` (Excel), ``33.07.010.001`` (BPS
    grouping). Province must be 11..99. Never converts a Kemendagri code.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip().strip("'\"` ").replace(" ", "")
    text = re.sub(r"\.0+$", "", text)
    if _BPS_GROUPED.fullmatch(text):
        text = re.sub(r"[.\-]", "", text)
    if len(text) != 10 or not text.isdigit() or not 11 <= int(text[:2]) <= 99:
        return None
    return text


def from_gazetteer(gazetteer: pd.DataFrame) -> Bridge:
    """The bridge held by the boundary file (column ``kode_desa_bps``, ``;``-joined values).

    Raises
    ------
    InputError
        When the boundary file has no BPS code at all.
    """
    if "kode_desa_bps" not in gazetteer.columns or gazetteer["kode_desa_bps"].isna().all():
        raise InputError(
            "Berkas batas wilayah tidak memuat kode BPS desa (kolom KDEBPS / kode_desa_bps), "
            "sehingga kode BPS register tidak bisa diterjemahkan. Berikan tabel padanan "
            "dengan --crosswalk (kolom kode_desa_bps,kode_desa).",
            "The boundary file carries no BPS desa code (column KDEBPS / kode_desa_bps), so "
            "the register's BPS codes cannot be translated. Give a crosswalk with --crosswalk "
            "(columns kode_desa_bps,kode_desa).", column="kode_desa_bps")
    rows = []
    for kode, bps in zip(gazetteer["kode_desa"], gazetteer["kode_desa_bps"]):
        kode = normalize_kode(kode, "desa")
        if kode is None or pd.isna(bps):
            continue
        for part in str(bps).split(";"):
            code = clean_bps(part)
            if code is not None:
                rows.append((code, kode))
    pairs = _pairs(rows)
    return Bridge(pairs=pairs, source="batas_wilayah", cases=_cases(pairs),
                  stats=_stats(pairs, rows=len(gazetteer)))


def read_crosswalk(path: str | os.PathLike) -> Bridge:
    """Read a BPS <-> Kemendagri desa crosswalk (CSV, TSV, XLSX).

    Layout: a header with a BPS column (:data:`BPS_COLUMNS`, e.g. ``kode_desa_bps``) and a
    Kemendagri column (:data:`KEMENDAGRI_COLUMNS`, e.g. ``kode_desa``); other columns are
    ignored. One pair per row; a cell may hold several codes joined with ``;``. Kemendagri
    codes may be dotted or damaged by Excel (:func:`layers.codes.normalize_kode`). A row with
    an empty BPS code is skipped (a Kemendagri desa without BPS code); a row with an empty
    Kemendagri code records a BPS desa without Kemendagri code.

    Raises
    ------
    InputError
        Missing columns, or no usable pair. Invalid rows are listed in ``rejected``.
    """
    path = Path(path)
    name = path.name
    state: dict[str, str] = {}
    rows, rejected, n_rows, no_bps = [], [], 0, 0
    try:
        chunks = iter_table(path, header_probe=lambda cells: _find_columns(cells) is not None,
                            select=lambda header: list(_find_columns(header).values()))
        for chunk in chunks:
            state.update(_find_columns(chunk.header))
            for row, cells in chunk.bad_rows:
                rejected.append({"file": name, "row": int(row), "kolom": "",
                                 "alasan": _too_many_cells(cells, len(chunk.header))})
            frame = chunk.frame
            n_rows += len(frame)
            got, bad, empty = _crosswalk_chunk(frame[state["bps"]], frame[state["kode"]],
                                               frame["_row"])
            no_bps += empty
            rows.extend(got)
            for row, kolom, alasan in bad:
                col = state["bps"] if kolom == "bps" else state["kode"]
                rejected.append({"file": name, "row": row, "kolom": col, "alasan": alasan})
    except HeaderNotFoundError:
        raise InputError(
            "Tabel padanan BPS-Kemendagri harus punya kolom kode BPS desa (mis. kode_desa_bps) "
            "dan kolom kode Kemendagri desa (mis. kode_desa).",
            "The BPS-Kemendagri crosswalk needs a BPS desa code column (e.g. kode_desa_bps) "
            "and a Kemendagri desa code column (e.g. kode_desa).", file=name) from None
    pairs = _pairs(rows)
    if pairs.empty:
        raise InputError("Tabel padanan tidak berisi pasangan kode yang sah.",
                         "The crosswalk holds no valid pair of codes.", file=name,
                         column=state.get("bps"))
    rej = (pd.DataFrame(rejected, columns=["file", "row", "kolom", "alasan"])
           .sort_values("row", kind="stable").reset_index(drop=True) if rejected
           else _empty_rejected())
    stats = _stats(pairs, rows=n_rows) | {"rows_without_bps": no_bps, "rejected": len(rej),
                                          "sha256": _sha256(path)}
    return Bridge(pairs=pairs, source=name, cases=_cases(pairs), stats=stats, rejected=rej)


def load_bridge(gazetteer: pd.DataFrame, *, crosswalk: str | os.PathLike | None = None
                ) -> Bridge:
    """The crosswalk when one is given, else the boundary file's BPS column."""
    if crosswalk is not None:
        return read_crosswalk(crosswalk)
    return from_gazetteer(gazetteer)


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
    n = len(areas)
    frame = areas.reset_index(drop=True)
    n_rows = (pd.to_numeric(frame["n_rows"], errors="coerce").fillna(1).astype("int64")
              if "n_rows" in frame else pd.Series(np.ones(n, dtype="int64")))
    raw = frame["kode_bps"] if "kode_bps" in frame else pd.Series([None] * n)
    written = [None if _missing(v) or not str(v).strip() else str(v).strip() for v in raw]
    codes = [clean_bps(v) if v is not None else None for v in written]
    lookup = bridge.lookup()
    desa_of = _gazetteer_desa(gazetteer)

    kode_desa: list[str | None] = [None] * n
    metode: list[str | None] = [None] * n
    kode_kec: list[str | None] = [None] * n
    status: list[str] = [""] * n
    candidates: list[list[str]] = [[] for _ in range(n)]
    by_name: list[int] = []
    for i, (w, code) in enumerate(zip(written, codes)):
        if w is None:
            status[i] = "kosong"
        elif code is None:
            status[i] = "tidak_sah"
        elif code not in lookup:
            status[i] = "tidak_dikenal"
        elif lookup[code] == [None]:
            status[i] = "tanpa_kode_kemendagri"
        if status[i]:
            by_name.append(i)
            continue
        inside = [k for k in lookup[code] if k in desa_of]
        candidates[i] = inside
        if not inside:
            status[i], metode[i] = "di_luar_wilayah", "not_in_area"
        elif len(inside) == 1:
            status[i], metode[i], kode_desa[i] = "kode_bps", METHOD, inside[0]
            kode_kec[i] = inside[0][:6]
        else:
            status[i], metode[i] = "satu_ke_banyak", "ambiguous"
            kecs = {k[:6] for k in inside}
            kode_kec[i] = kecs.pop() if len(kecs) == 1 else None

    merged = _merged_into(bridge, [kode_desa[i] for i in range(n)])
    named_set = set(by_name)
    report_rows = [_report_row(i, frame, written[i], codes[i], status[i], candidates[i],
                               desa_of, merged, int(n_rows.iloc[i]))
                   for i in range(n) if i not in named_set]
    name_report = pd.DataFrame(columns=REPORT_COLUMNS)
    if by_name:
        sub = frame.iloc[by_name].copy()
        sub["n_rows"] = n_rows.iloc[by_name].to_numpy()
        named = resolve_areas(sub.drop(columns=["kode_bps"], errors="ignore"), gazetteer,
                              mapping=mapping, settings=settings)
        for j, i in enumerate(by_name):
            kode_desa[i] = named.kode_desa.iloc[j]
            metode[i] = named.metode.iloc[j]
            kode_kec[i] = named.kode_kec.iloc[j] if len(named.kode_kec) else None
        name_report = named.report
    report = _merge_reports(pd.DataFrame(report_rows, columns=REPORT_COLUMNS), name_report)
    review = report[report["metode"].isin(REVIEW_METHODS)].reset_index(drop=True)
    index = areas.index
    return BpsMatch(
        kode_desa=pd.Series(kode_desa, index=index, dtype=object), report=report,
        review=review, metode=pd.Series(metode, index=index, dtype=object),
        kode_kec=pd.Series(kode_kec, index=index, dtype=object),
        bps=_bps_table(written, codes, status, candidates, n_rows),
        cases=_input_cases(codes, status, candidates, kode_desa, n_rows, merged),
        source=bridge.source)


# --------------------------------------------------------------------------------------------
# private steps
# --------------------------------------------------------------------------------------------

def _missing(v: Any) -> bool:
    try:
        return v is None or bool(v != v)
    except (TypeError, ValueError):
        return True


def _too_many_cells(cells: int, width: int) -> str:
    return (f"baris berisi {cells} sel, lebih banyak dari judul kolom ({width}); baris "
            f"dilewati / row has {cells} cells, more than the header ({width}); row skipped")


def _empty_rejected() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series([], dtype=str) for c in ("file", "row", "kolom", "alasan")})
    out["row"] = out["row"].astype("int64")
    return out


def _find_columns(cells: Sequence[str]) -> dict[str, str] | None:
    """``{"bps": header, "kode": header}`` when the row names both columns, else None."""
    folded: dict[str, str] = {}
    for c in cells:
        if c:
            folded.setdefault(normalize_header(c), str(c).strip())
    bps = next((folded[normalize_header(c)] for c in BPS_COLUMNS
                if normalize_header(c) in folded), None)
    kode = next((folded[normalize_header(c)] for c in KEMENDAGRI_COLUMNS
                 if normalize_header(c) in folded and folded[normalize_header(c)] != bps), None)
    if bps is None or kode is None:
        return None
    return {"bps": bps, "kode": kode}


_DOTTED_DESA = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")


def _kemendagri_map(values: Sequence[str]) -> dict[str, str | None]:
    """Distinct written Kemendagri codes -> undotted code or None (once per value)."""
    out = {}
    for v in values:
        text = v.strip()
        out[v] = normalize_kode(text.replace(".", "") if _DOTTED_DESA.fullmatch(text) else text,
                                "desa")
    return out


def _crosswalk_chunk(bps_raw: pd.Series, kode_raw: pd.Series, row_no: pd.Series
                     ) -> tuple[list[tuple[str, str | None]], list[tuple[int, str, str]], int]:
    """Pairs of a chunk, the rejected rows (row, column role, reason), rows without BPS."""
    bps_s = bps_raw.fillna("").astype(str).str.strip()
    kode_s = kode_raw.fillna("").astype(str).str.strip()
    bps_parts = [[p for p in v.split(";") if p.strip()] for v in bps_s]
    kode_parts = [[p for p in v.split(";") if p.strip()] for v in kode_s]
    bps_map = {v: clean_bps(v) for v in {p for parts in bps_parts for p in parts}}
    kode_map = _kemendagri_map({p for parts in kode_parts for p in parts})
    pairs: list[tuple[str, str | None]] = []
    bad: list[tuple[int, str, str]] = []
    empty = 0
    for bp, kp, row in zip(bps_parts, kode_parts, row_no.tolist()):
        if not bp:
            empty += 1
            continue
        bps = [bps_map[p] for p in bp]
        kodes = [kode_map[p] for p in kp]
        problem = False
        if any(b is None for b in bps):
            bad.append((int(row), "bps", "kode BPS desa harus 10 digit / BPS desa code must "
                                         "have 10 digits"))
            problem = True
        if any(k is None for k in kodes):
            bad.append((int(row), "kode", "kode Kemendagri desa tidak sah / invalid Kemendagri "
                                          "desa code"))
            problem = True
        if not problem:
            targets: list[str | None] = list(kodes) or [None]
            pairs.extend((b, k) for b in bps for k in targets)
    return pairs, bad, empty


def _pairs(rows: list[tuple[str, str | None]]) -> pd.DataFrame:
    pairs = pd.DataFrame(rows, columns=["kode_desa_bps", "kode_desa"]).astype("string")
    known = pairs.dropna(subset=["kode_desa"]).drop_duplicates()
    # a BPS code without Kemendagri code only counts when no row gives it one
    orphan = pairs[pairs["kode_desa"].isna() & ~pairs["kode_desa_bps"].isin(
        known["kode_desa_bps"])].drop_duplicates()
    out = pd.concat([known, orphan], ignore_index=True)
    return out.sort_values(["kode_desa_bps", "kode_desa"], na_position="last",
                           kind="stable").reset_index(drop=True)


def _cases(pairs: pd.DataFrame) -> pd.DataFrame:
    known = pairs.dropna(subset=["kode_desa"])
    rows = []
    split = known[known["kode_desa_bps"].duplicated(keep=False)]
    for bps, group in split.groupby("kode_desa_bps", sort=True):
        rows.append((CASE_SPLIT, bps, ";".join(sorted(group["kode_desa"])), 0))
    merged = known[known["kode_desa"].duplicated(keep=False)]
    for kode, group in merged.groupby("kode_desa", sort=True):
        rows.append((CASE_MERGED, ";".join(sorted(group["kode_desa_bps"])), kode, 0))
    out = pd.DataFrame(rows, columns=list(CASE_COLUMNS))
    out["jumlah_baris"] = out["jumlah_baris"].astype("int64")
    return out


def _stats(pairs: pd.DataFrame, *, rows: int) -> dict[str, Any]:
    known = pairs.dropna(subset=["kode_desa"])
    return {
        "rows": int(rows),
        "pairs": int(len(known)),
        "bps": int(pairs["kode_desa_bps"].nunique()),
        "kemendagri": int(known["kode_desa"].nunique()),
        "split": int((known.groupby("kode_desa_bps").size() > 1).sum()),
        "merged": int((known.groupby("kode_desa").size() > 1).sum()),
        "bps_without_kemendagri": int(pairs["kode_desa"].isna().sum()),
        "rows_without_bps": 0,
        "rejected": 0,
    }


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
    report = pd.concat(frames, ignore_index=True)[REPORT_COLUMNS]
    order = {"prov": 0, "kab": 1, "kec": 2, "desa": 3}
    report["_lvl"] = report["tingkat"].map(order)
    report = report.sort_values(["_lvl", "induk_kode", "input_nama", "input_kode", "metode",
                                 "kandidat"], kind="stable").drop(columns="_lvl")
    report["skor"] = report["skor"].astype(float)
    report["jumlah_baris"] = report["jumlah_baris"].astype("int64")
    return report.reset_index(drop=True)


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


def _sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
