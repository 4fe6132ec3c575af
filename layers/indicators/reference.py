"""Reference layers joined by desa code: IDM per desa and any per-desa table of numbers.

* :func:`read_idm` reads the Indeks Desa Membangun table in the layout of the shared
  ``idm_2024_desa_indonesia.csv`` (``kode_desa`` dotted, ``nilai_idm_2024``,
  ``status_idm_2024``, ``iks_2024``, ``ike_2024``, ``ikl_2024``): status and score per desa.
  Kelurahan are not scored by IDM (they get no Dana Desa): their values are empty with that
  reason, never 0.
* :func:`read_extra` reads a per-desa table of numbers a user has (``--extra``): a desa code
  (or names) and numeric columns (decimal comma or point); each becomes an optional indicator
  ``ext_<name>`` with its source and year in the metadata.

Both return a :class:`ReferenceTable`: values indexed by ``kode_desa``, column metadata for
``meta.json`` (label, kind, source, year, file, SHA-256) and a report. Layouts:
docs/inputs.md.
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

from layers.indicators.catalogue import IDM_STATUS, IDM_THRESHOLDS
from layers.codes import fold_name
from layers.errors import InputError
from layers.indicators.placement import (
    AREA_SYNONYMS, Located, area_columns, deduplicate, locate, looks_personal, read_table,
    records, undot_codes,
)
from layers.registers.privacy import empty_records, row_records
from layers.settings import DEFAULT, Settings
from layers.io import normalize_header, parse_number, sha256_file

__all__ = ["IDM_STATUS", "IDM_THRESHOLDS", "ReferenceTable", "read_extra", "read_idm"]

#: source named in the metadata of IDM columns
IDM_SOURCE = ("Indeks Desa Membangun, Kemendes PDTT", "Village Development Index (IDM), "
              "Ministry of Villages")
#: reason of an empty IDM value for a kelurahan
KELURAHAN_REASON = ("Kelurahan tidak dinilai IDM (tidak menerima Dana Desa).",
                    "Kelurahan are not scored by IDM (they receive no Dana Desa).")

_IDM_PATTERNS: dict[str, re.Pattern] = {
    "nilai": re.compile(r"(NILAI|SKOR)?IDM(\d{4})?|NILAIIDM(\d{4})?"),
    "status": re.compile(r"STATUS(IDM)?(\d{4})?|STATUSIDM(\d{4})?|STATUSDESA"),
    "iks": re.compile(r"IKS(\d{4})?"),
    "ike": re.compile(r"IKE(\d{4})?"),
    "ikl": re.compile(r"IKL(\d{4})?"),
}
_IDM_LABELS = {
    "nilai": ("Nilai IDM", "IDM score", "skor", ""),
    "status": ("Status IDM", "IDM status", "kategori", ""),
    "iks": ("Indeks Ketahanan Sosial (IKS)", "Social resilience index (IKS)", "skor", ""),
    "ike": ("Indeks Ketahanan Ekonomi (IKE)", "Economic resilience index (IKE)", "skor", ""),
    "ikl": ("Indeks Ketahanan Lingkungan (IKL)", "Environmental resilience index (IKL)",
            "skor", ""),
}
_NOT_VALUES = re.compile(r"^(KODE|KD|ID|NO|NOMOR|TAHUN|YEAR|NAMA|LAT|LON|LNG|BUJUR|LINTANG)")


@dataclass
class ReferenceTable:
    """A per-desa reference table placed on the desa of the boundary file.

    Attributes
    ----------
    table
        Index ``kode_desa`` (string, sorted): one column per indicator (Float64 scores and
        numbers, string categories). Only desa with a row.
    meta
        One dict per column for ``meta.json``: ``kolom``, ``judul`` (header as written),
        ``label_id``, ``label_en``, ``jenis`` (``skor``, ``kategori``, ``angka``), ``sumber``,
        ``tahun``, ``file``, ``sha256``, and for IDM ``alasan_kosong_kelurahan``.
    report, review
        Match report of the rows (:data:`layers.matching.REPORT_COLUMNS`).
    rejected, warnings
        Records (file, row, column, reason, area) of rows / cells not used or used with a
        remark.
    stats
        Counts: ``rows``, ``desa``, ``outside_area``, ``rejected``, ``duplicates``; IDM adds
        ``status`` (count per status), ``kelurahan_tanpa_idm``, ``desa_tanpa_idm`` (codes),
        ``status_tidak_sesuai_nilai``.
    """

    table: pd.DataFrame
    meta: list[dict[str, Any]]
    report: pd.DataFrame
    review: pd.DataFrame
    rejected: pd.DataFrame
    warnings: pd.DataFrame = field(default_factory=empty_records)
    stats: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# IDM
# --------------------------------------------------------------------------------------------

def read_idm(path: str | os.PathLike, gazetteer: pd.DataFrame, *, year: int | None = None,
             settings: Settings = DEFAULT) -> ReferenceTable:
    """Read an IDM table and keep the desa of the boundary file.

    Parameters
    ----------
    path
        CSV / XLSX with a desa code column (``kode_desa`` dotted or plain, ``kode_desa_10``)
        and ``nilai_idm_<year>`` / ``status_idm_<year>`` (``nilai_idm`` / ``status_idm`` /
        ``status`` also accepted); ``iks``, ``ike``, ``ikl`` (with or without year) are kept
        when present.
    gazetteer
        The boundary frame without geometry.
    year
        IDM year; by default read from the column names (``nilai_idm_2024``).
    settings
        Unused (symmetry with the other readers).

    Returns
    -------
    ReferenceTable
        Columns ``idm_nilai`` (Float64), ``idm_status`` (string, upper case, one of
        :data:`IDM_STATUS`) and ``idm_iks``, ``idm_ike``, ``idm_ikl`` when present.

    Raises
    ------
    InputError
        No code column or neither a score nor a status column.
    """
    del settings
    frame, header, name, bad = read_table(path, accept=_idm_accept, select=_idm_select,
                                          what=("tabel IDM", "IDM table"))
    cols = _idm_columns(header) or {}
    year = year if year is not None else _year_of(cols)
    frame = frame.rename(columns={v: k for k, v in cols.items()})
    located = locate(frame, gazetteer, file=name, use_names=False, code_column=cols["kode"])
    sub = frame.loc[located.placed]
    values, invalid = _idm_values(sub, cols, name)
    table, warnings, conflicts, n_dup = deduplicate(
        values, sub, located.kode_desa[located.placed], file=name, kolom=cols["kode"])
    table = table[[c for c in ("idm_nilai", "idm_status", "idm_iks", "idm_ike", "idm_ikl")
                   if c in table]]
    rej = records([located.rejected, bad, *invalid, *conflicts])
    stats = _idm_stats(table, gazetteer, located, n_dup, frame)
    stats["rejected"] = int(len(rej))
    return ReferenceTable(table=table, meta=_idm_meta(table, cols, year, name, sha256_file(path)),
                          report=located.report, review=located.review, rejected=rej,
                          warnings=records(warnings), stats=stats)


def _idm_accept(cells: Sequence[str]) -> bool:
    return _idm_columns(cells) is not None


def _idm_select(header: list[str]) -> list[str]:
    return list((_idm_columns(header) or {}).values())


def _idm_values(sub: pd.DataFrame, cols: dict[str, str], name: str
                ) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Scores and status of the placed rows; records of the cells left empty."""
    values = pd.DataFrame(index=sub.index)
    rejected = []
    for role in ("nilai", "iks", "ike", "ikl"):
        if role in sub:
            values[f"idm_{role}"], bad = _scores(sub[role])
            if bad.any():
                rejected.append(row_records(
                    sub, bad, file=name, kolom=cols[role],
                    alasan=f"{cols[role]} bukan angka 0-1; nilai dikosongkan / {cols[role]} is "
                           f"not a number 0-1; value left empty"))
    if "status" in sub:
        status, unknown = _statuses(sub["status"])
        values["idm_status"] = status
        if unknown.any():
            rejected.append(row_records(
                sub, unknown, file=name, kolom=cols["status"],
                alasan=f"{cols['status']} tidak dikenal (harus salah satu dari "
                       f"{', '.join(IDM_STATUS)}); dikosongkan / unknown {cols['status']} "
                       f"value; left empty"))
    return values, rejected


def _idm_meta(table: pd.DataFrame, cols: dict[str, str], year: int | None, name: str,
              sha: str) -> list[dict[str, Any]]:
    """:attr:`ReferenceTable.meta` of the IDM columns."""
    meta = []
    suffix = f" {year}" if year else ""
    for col in table.columns:
        role = col.removeprefix("idm_")
        lid, len_, kind, unit = _IDM_LABELS[role]
        meta.append({"kolom": col, "judul": cols[role], "label_id": lid + suffix,
                     "label_en": len_ + suffix, "jenis": kind, "satuan": unit,
                     "sumber": IDM_SOURCE[0], "sumber_en": IDM_SOURCE[1], "tahun": year,
                     "file": name, "sha256": sha,
                     "alasan_kosong_kelurahan": list(KELURAHAN_REASON)})
    return meta


def _idm_columns(cells: Sequence[str]) -> dict[str, str] | None:
    area = area_columns(cells, synonyms={"kode": AREA_SYNONYMS["kode"],
                                         "kec": ("nama_kec", "kecamatan", "nama_kecamatan"),
                                         "desa": ("nama_desa", "desa", "desa_kelurahan")})
    if "kode" not in area:
        return None
    out = dict(area)
    used = set(out.values())
    for role, pattern in _IDM_PATTERNS.items():
        for c in cells:
            if c and str(c) not in used and pattern.fullmatch(normalize_header(c)):
                out[role] = str(c)
                used.add(str(c))
                break
    return out if ("nilai" in out or "status" in out) else None


def _year_of(cols: dict[str, str]) -> int | None:
    for role in ("nilai", "status", "iks"):
        m = re.search(r"(19|20)\d{2}", cols.get(role, ""))
        if m:
            return int(m.group(0))
    return None


def _scores(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    num, filled = _floats(values)
    bad = ((num < 0) | (num > 1)).fillna(False).to_numpy(dtype=bool)
    bad |= (num.isna().to_numpy() & filled)
    return num.mask(pd.Series(bad, index=values.index)), bad


def _statuses(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    folded = values.fillna("").astype(str).map(fold_name)
    known = folded.isin(IDM_STATUS).to_numpy()
    empty = folded.isin(["", "NA", "N A"]).to_numpy()
    out = pd.Series(folded.where(known).to_numpy(), index=values.index, dtype="string")
    return out, ~known & ~empty


def _idm_stats(table: pd.DataFrame, gazetteer: pd.DataFrame, located: Located, n_dup: int,
               frame: pd.DataFrame) -> dict[str, Any]:
    gaz = pd.DataFrame({"kode_desa": undot_codes(gazetteer["kode_desa"])})
    gaz["jenis"] = (gazetteer["jenis"].astype(str).to_numpy() if "jenis" in gazetteer
                    else ["desa"] * len(gaz))
    gaz = gaz.dropna(subset=["kode_desa"])
    have = set(table.index)
    missing = gaz[~gaz["kode_desa"].isin(have)]
    status = (table["idm_status"].value_counts().reindex(list(IDM_STATUS), fill_value=0)
              if "idm_status" in table else pd.Series(dtype="int64"))
    mismatch = 0
    if "idm_status" in table and "idm_nilai" in table:
        expected = pd.Series([_status_of(v) for v in table["idm_nilai"]], index=table.index,
                             dtype="string")
        mismatch = int((expected.notna() & table["idm_status"].notna()
                        & (expected != table["idm_status"])).sum())
    return {
        "rows": int(len(frame)), "desa": int(len(table)),
        "outside_area": int(located.outside.sum()), "duplicates": n_dup,
        "status": {k: int(v) for k, v in status.items()},
        "kelurahan_tanpa_idm": int((missing["jenis"] == "kelurahan").sum()),
        "desa_tanpa_idm": sorted(missing.loc[missing["jenis"] != "kelurahan", "kode_desa"]),
        "status_tidak_sesuai_nilai": mismatch,
    }


def _status_of(score: Any) -> str | None:
    if score is None or score is pd.NA or (isinstance(score, float) and np.isnan(score)):
        return None
    for status, bound in zip(IDM_STATUS, IDM_THRESHOLDS):
        if float(score) <= bound:
            return status
    return IDM_STATUS[-1]


# --------------------------------------------------------------------------------------------
# --extra
# --------------------------------------------------------------------------------------------

def read_extra(path: str | os.PathLike, gazetteer: pd.DataFrame, *, source: str | None = None,
               year: int | None = None, mapping: pd.DataFrame | str | Path | None = None,
               settings: Settings = DEFAULT) -> ReferenceTable:
    """Read a per-desa table of numbers (``--extra``).

    Parameters
    ----------
    path
        CSV / TSV / XLSX with a desa code column (``kode_desa`` ...) and/or names
        (``kecamatan``, ``desa`` ...), and numeric columns. A column is numeric when more than
        half of its non-empty cells are numbers (``1.234,5``, ``1234.5``, ``12,5`` ...); other
        cells of it are listed and left empty. Columns named like codes, identifiers, years or
        names, and personal columns, are never values. A ``tahun`` column with one value gives
        the year.
    gazetteer
        The boundary frame without geometry.
    source
        Source name for the metadata (default: the file name without extension).
    year
        Data year for the metadata (default: the ``tahun`` column, else a year in the file
        name, else None).
    mapping
        Mapping CSV / frame for names.
    settings
        Name-matching thresholds.

    Returns
    -------
    ReferenceTable
        One Float64 column ``ext_<header>`` per numeric column (header folded to lower case
        and ``_``).

    Raises
    ------
    InputError
        No area column, no numeric column, or several years in a ``tahun`` column.
    """
    frame, header, name, bad = read_table(path, accept=_extra_accept, select=lambda h: list(h),
                                          what=("tabel tambahan", "extra table"))
    area = area_columns(header)
    frame = frame.rename(columns={v: k for k, v in area.items()})
    year = year if year is not None else _extra_year(frame, header, name)
    values, columns, invalid = _numeric_columns(frame, header, area, name)
    located = locate(frame, gazetteer, file=name, mapping=mapping, settings=settings,
                     code_column=area.get("kode"))
    placed = located.placed
    table, dup_warn, conflicts, n_dup = deduplicate(
        values.loc[placed], frame.loc[placed], located.kode_desa[placed], file=name,
        kolom=area.get("kode") or area.get("desa", ""))
    rej = records([bad, *invalid, located.rejected, *conflicts])
    source = source or Path(path).stem
    meta = _extra_meta(columns, source=source, year=year, file=name, sha=sha256_file(path))
    stats = {"rows": int(len(frame)), "desa": int(len(table)),
             "outside_area": int(located.outside.sum()), "duplicates": n_dup,
             "rejected": int(len(rej)), "columns": columns,
             "ignored_columns": [h for h in header if h not in columns.values()
                                 and h not in area.values()]}
    return ReferenceTable(table=table, meta=meta, report=located.report,
                          review=located.review, rejected=rej, warnings=records(dup_warn),
                          stats=stats)


def _extra_accept(cells: Sequence[str]) -> bool:
    area = area_columns(cells)
    return "kode" in area or "desa" in area


def _extra_meta(columns: dict[str, str], *, source: str, year: int | None, file: str,
                sha: str) -> list[dict[str, Any]]:
    """:attr:`ReferenceTable.meta` of ``columns`` (``ext_`` column -> header as written)."""
    return [{"kolom": kolom, "judul": h, "label_id": h, "label_en": h, "jenis": "angka",
             "satuan": "", "sumber": source, "sumber_en": source, "tahun": year,
             "file": file, "sha256": sha} for kolom, h in columns.items()]


def _numeric_columns(frame: pd.DataFrame, header: list[str], area: dict[str, str], name: str
                     ) -> tuple[pd.DataFrame, dict[str, str], list[pd.DataFrame]]:
    """Float64 values of the numeric columns, named ``ext_<header>``.

    Returns
    -------
    (values, columns, rejected)
        The values (index of ``frame``), ``ext_`` column -> header as written, records of the
        cells that are not numbers.

    Raises
    ------
    InputError
        No numeric column.
    """
    candidates = [h for h in header if h not in area.values() and not looks_personal(h)
                  and not _NOT_VALUES.match(normalize_header(h)) and h in frame]
    numeric, rejected = {}, []
    for h in candidates:
        values, bad, share = _numbers(frame[h])
        if share > 0.5:
            numeric[h] = values
            if bad.any():
                rejected.append(row_records(
                    frame, bad, file=name, kolom=h,
                    alasan=f"{h} bukan angka; nilai dikosongkan / {h} is not a number; value "
                           f"left empty"))
    if not numeric:
        raise InputError("Tabel tambahan tidak memuat kolom angka.",
                         "The extra table holds no numeric column.", file=name)
    names = _column_names(list(numeric))
    values = pd.DataFrame({names[h]: numeric[h] for h in numeric}, index=frame.index)
    return values, {names[h]: h for h in numeric}, rejected


def _numbers(values: pd.Series) -> tuple[pd.Series, np.ndarray, float]:
    """Float64 numbers, mask of non-empty non-numbers, share of numbers among non-empty."""
    num, filled = _floats(values)
    bad = filled & num.isna().to_numpy()
    share = float((filled & ~bad).sum()) / float(filled.sum()) if filled.any() else 0.0
    return num, bad, share


def _floats(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Float64 numbers (NA where empty or not a number) and the mask of non-empty cells."""
    s = values.fillna("").astype(str).str.strip()
    parsed = {v: parse_number(v) for v in pd.unique(s) if v not in ("", "-")}
    num = pd.Series([parsed.get(v) for v in s], index=values.index, dtype="Float64")
    return num, ~s.isin(["", "-"]).to_numpy()


def _column_names(headers: list[str]) -> dict[str, str]:
    out, used = {}, set()
    for h in headers:
        base = "ext_" + (re.sub(r"[^a-z0-9]+", "_", fold_name(h).lower()).strip("_") or "kolom")
        name, i = base, 2
        while name in used:
            name, i = f"{base}_{i}", i + 1
        used.add(name)
        out[h] = name
    return out


def _extra_year(frame: pd.DataFrame, header: list[str], name: str) -> int | None:
    year_col = next((h for h in header if normalize_header(h) in ("TAHUN", "YEAR")), None)
    if year_col is not None and year_col in frame:
        years = {v for v in frame[year_col].astype(str).str.strip() if v}
        if len(years) > 1:
            raise InputError(
                f"Kolom {year_col} berisi beberapa tahun ({', '.join(sorted(years)[:5])}); "
                "berikan satu berkas per tahun.",
                f"Column {year_col} holds several years ({', '.join(sorted(years)[:5])}); "
                "give one file per year.", file=name, column=year_col)
        if years:
            m = re.fullmatch(r"(19|20)\d{2}", years.pop())
            if m:
                return int(m.group(0))
    m = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", name)
    return int(m.group(0)) if m else None
