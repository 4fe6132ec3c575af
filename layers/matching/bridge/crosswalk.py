"""The BPS -> Kemendagri desa bridge: a table that says which code is which (never digits).

BPS (wilkerstat, 2+2+3+3) and Kemendagri (2+2+2+4) number kecamatan and desa differently
(Kemendagri 33.16.10 Tunjungan is BPS 3316120), so a BPS code is only ever translated by
looking it up in a bridge:

* the boundary file's BPS column (BIG ``KDEBPS``, or ``kode_desa_bps``; ``;``-joined when one
  Kemendagri desa has several BPS codes), read by :func:`from_gazetteer`; or
* a crosswalk file the user gives (``--crosswalk``), read by :func:`read_crosswalk`: at least
  the columns ``kode_desa_bps`` and ``kode_desa`` (see docs/inputs.md); the shared
  ``crosswalk_bps_kemendagri_desa.csv`` is accepted as it is.

Both directions can be many: several BPS desa may form one Kemendagri desa, and one BPS desa
may be split over several Kemendagri desa; :attr:`Bridge.cases` lists both.
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

from layers.codes import normalize_kode
from layers.errors import InputError
from layers.io import HeaderNotFoundError, iter_table, normalize_header, sha256_file

#: header spellings of the crosswalk's BPS column, first found wins (compared folded)
BPS_COLUMNS: tuple[str, ...] = ("kode_desa_bps", "kode_bps", "kdebps", "kode_bps_desa",
                                "kd_desa_bps", "bps")
#: header spellings of the crosswalk's Kemendagri column
KEMENDAGRI_COLUMNS: tuple[str, ...] = ("kode_desa", "kode_desa_kemendagri", "kode_kemendagri",
                                       "kode_dagri", "kode_desa_dagri", "kdepum",
                                       "kode_kemdagri", "kemendagri")
#: columns of :attr:`Bridge.cases` and :attr:`BpsMatch.cases`
CASE_COLUMNS: tuple[str, ...] = ("kasus", "kode_desa_bps", "kode_desa", "jumlah_baris")
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
                                          "sha256": sha256_file(path)}
    return Bridge(pairs=pairs, source=name, cases=_cases(pairs), stats=stats, rejected=rej)


def load_bridge(gazetteer: pd.DataFrame, *, crosswalk: str | os.PathLike | None = None
                ) -> Bridge:
    """The crosswalk when one is given, else the boundary file's BPS column."""
    if crosswalk is not None:
        return read_crosswalk(crosswalk)
    return from_gazetteer(gazetteer)


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


