"""Per-desa tables: read them, place their rows on the desa of the boundary file, one row each.

A per-desa table (a population table, IDM, a user's ``--extra`` table) names its desa by a
Kemendagri desa code in any written or Excel-damaged form (:func:`layers.codes.normalize_kode`)
or by names (:func:`layers.matching.resolve_areas`, same review rules as household names).
:func:`read_table` reads it, :func:`locate` places its rows, :func:`deduplicate` keeps one row
per desa and :func:`records` gathers what was left out. The readers of
:mod:`layers.indicators.population` and :mod:`layers.indicators.reference` are built from these
steps.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from layers.codes import normalize_kode
from layers.errors import InputError
from layers.matching import REPORT_COLUMNS, resolve_areas
from layers.registers.privacy import RECORD_COLUMNS, empty_records, is_personal, row_records
from layers.settings import DEFAULT, Settings
from layers.io import (HeaderNotFoundError, find_columns, iter_table, normalize_header,
                       parse_number)
from layers.io.shape import SCRUBBED_REASON

__all__ = [
    "AREA_SYNONYMS", "Located", "area_columns", "deduplicate", "locate", "looks_personal",
    "parse_count", "read_table", "records", "undot_codes",
]

#: area role -> accepted header spellings (compared folded), first found wins
AREA_SYNONYMS: dict[str, tuple[str, ...]] = {
    "kode": ("kode_desa", "kode_desa_kelurahan", "kode_kemendagri", "kode_desa_kemendagri",
             "kode_kemdagri", "kode_dagri", "kdepum", "kode_wilayah", "kode_desa_10", "kode"),
    "prov": ("provinsi", "nama_provinsi", "nama_prov", "prov", "wadmpr"),
    "kab": ("kabupaten_kota", "kabupaten", "kab_kota", "nama_kabupaten", "nama_kabupaten_kota",
            "nama_kab", "kab", "kota", "wadmkk"),
    "kec": ("kecamatan", "nama_kecamatan", "nama_kec", "kec", "wadmkc"),
    "desa": ("desa_kelurahan", "desa", "kelurahan", "nama_desa", "nama_desa_kelurahan",
             "nama_kelurahan", "kelurahan_desa", "desa_kel", "wadmkd"),
}

_AREA_ROLES = ("prov", "kab", "kec", "desa", "kode")
_THOUSANDS = re.compile(r"\d{1,3}([.,]\d{3})+")
_DOTTED_DESA = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")
_PERSONAL_NIK = re.compile(r"(^|[^A-Z])NIK")
_PERSONAL_HINT = re.compile(
    r"NOMORNIK|NONIK|NOKK|NOMORKK|KARTUKELUARGA|KEPALAKELUARGA|NAMAKRT|NAMAART|NAMALENGKAP|NAMAKK|"
    r"NAMAANGGOTA|NAMAPENERIMA|LAHIR|ALAMAT|TELEPON|TELP|NOHP|NOMORHP|WHATSAPP|EMAIL|"
    r"IBUKANDUNG|DISABILITAS|KTP")


@dataclass
class Located:
    """Where the rows of a per-desa table are.

    Attributes
    ----------
    kode_desa
        Desa code per row (aligned with the frame's index), None where not placed.
    outside
        Rows whose valid code lies outside the boundary file's kecamatan (not an error: a
        province table read for one kabupaten).
    report, review
        Match report of the rows read by code or name (:data:`layers.matching.REPORT_COLUMNS`)
        and its rows needing a human.
    rejected
        Rows inside the area that could not be placed (file, row, column, reason, area).
    """

    kode_desa: pd.Series
    outside: np.ndarray
    report: pd.DataFrame
    review: pd.DataFrame
    rejected: pd.DataFrame

    @property
    def placed(self) -> np.ndarray:
        """Mask of the rows placed on a desa of the boundary file."""
        return self.kode_desa.notna().to_numpy()


# --------------------------------------------------------------------------------------------
# header and cells
# --------------------------------------------------------------------------------------------

def looks_personal(column: str) -> bool:
    """A column that is, or is named like, personal data (stricter than
    :func:`layers.registers.privacy.is_personal`: ``nama_kepala_keluarga``, ``nik_krt``,
    ``tgl_lahir_art`` ... are refused too). Names of areas (``nama_desa``) are not personal."""
    return (is_personal(column) or bool(_PERSONAL_NIK.search(str(column).upper()))
            or bool(_PERSONAL_HINT.search(normalize_header(column))))


def area_columns(header: Sequence[str], *,
                 synonyms: Mapping[str, Sequence[str]] = AREA_SYNONYMS) -> dict[str, str]:
    """Role -> header as written, for the roles of ``synonyms`` the header has."""
    return find_columns(header, synonyms)


def parse_count(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Whole non-negative numbers (``1.234`` and ``1,234`` are thousands: counts are whole).

    Returns
    -------
    (counts, invalid)
        Int64 (NA for empty and invalid cells) and the mask of non-empty invalid cells.
    """
    s = values.fillna("").astype(str).str.strip().str.replace(r"[\s\xa0]+", "", regex=True)
    uniq = pd.unique(s)
    parsed: dict[str, float | None] = {}
    for text in uniq:
        if text in ("", "-"):
            parsed[text] = None
            continue
        if _THOUSANDS.fullmatch(text):
            text_num: float | None = float(re.sub(r"[.,]", "", text))
        else:
            text_num = parse_number(text)
        parsed[text] = text_num
    num = s.map(parsed).astype("float64")
    empty = s.isin(["", "-"]).to_numpy()
    ok = (num.notna() & (num >= 0) & (num == np.floor(num)) & (num < 1e12)).to_numpy()
    out = pd.Series(num.where(ok).to_numpy(), index=values.index).astype("Int64")
    return out, ~ok & ~empty


def undot_codes(values: pd.Series) -> pd.Series:
    """Kemendagri desa codes per cell (undotted) or None, computed once per distinct value."""
    s = values.fillna("").astype(str).str.strip()
    mapping = {}
    for v in pd.unique(s):
        if not v:
            mapping[v] = None
        elif _DOTTED_DESA.fullmatch(v):
            mapping[v] = normalize_kode(v.replace(".", ""), "desa")
        else:
            mapping[v] = normalize_kode(v, "desa")
    return pd.Series([mapping[v] for v in s], index=values.index, dtype=object)


# --------------------------------------------------------------------------------------------
# placing rows on desa
# --------------------------------------------------------------------------------------------

def locate(frame: pd.DataFrame, gazetteer: pd.DataFrame, *, file: str,
           mapping: pd.DataFrame | str | Path | None = None, use_names: bool = True,
           code_column: str | None = None, settings: Settings = DEFAULT) -> Located:
    """Place the rows of a per-desa table on the desa of the boundary file.

    Parameters
    ----------
    frame
        Role-named string columns ``kode, prov, kab, kec, desa`` (any may be absent) and
        ``_row``.
    gazetteer
        The boundary frame without geometry.
    file
        Display name for the rejected list.
    mapping
        Mapping CSV / frame pinning name decisions.
    use_names
        Whether rows without a usable code are matched by name (else rejected).
    code_column
        Header of the code column as written (for messages).
    settings
        Name-matching thresholds.

    Returns
    -------
    Located
        A valid code of a desa in the boundary file places the row (``metode`` ``kode``); a
        valid code outside the boundary file's kecamatan marks the row ``outside``; other rows
        are matched by name when ``use_names`` and names are present, else rejected.
    """
    gaz_codes = undot_codes(gazetteer["kode_desa"])
    kode = (undot_codes(frame["kode"]) if "kode" in frame
            else pd.Series([None] * len(frame), index=frame.index, dtype=object))
    valid = kode.notna().to_numpy()
    kec = np.array([k[:6] if k else "" for k in kode], dtype=object)
    outside = valid & ~np.isin(kec, list({k[:6] for k in set(gaz_codes.dropna())}))
    kolom = code_column or "kode_desa"
    if any(r in frame for r in ("kec", "desa")) and use_names:
        return _locate_by_name(frame, kode, outside, gazetteer, file=file, kolom=kolom,
                               mapping=mapping, settings=settings)
    return _locate_by_code(frame, kode, outside, gazetteer, gaz_codes, file=file, kolom=kolom)


def _locate_by_name(frame: pd.DataFrame, kode: pd.Series, outside: np.ndarray,
                    gazetteer: pd.DataFrame, *, file: str, kolom: str, mapping,
                    settings: Settings) -> Located:
    """Rows inside the area matched by names (a valid code joins the names as the key)."""
    inside = ~outside
    out_kode = _no_codes(frame.index)
    sub = frame.loc[inside]
    roles = [r for r in _AREA_ROLES if r in sub]
    keys = sub[roles].fillna("").astype(str).apply(lambda c: c.str.strip())
    if "kode" in keys:
        keys["kode"] = [k if k else w for k, w in zip(kode[inside].fillna(""), keys["kode"])]
    grouped = keys.groupby(roles, sort=True)
    inverse = grouped.ngroup().to_numpy()
    areas = grouped.size().rename("n_rows").reset_index()
    areas[roles] = areas[roles].replace("", pd.NA)
    match = resolve_areas(areas, gazetteer, mapping=mapping, settings=settings)
    placed = match.kode_desa.to_numpy(dtype=object)[inverse] if len(areas) else \
        np.array([], dtype=object)
    out_kode.loc[inside] = placed
    metode = match.metode.to_numpy(dtype=object)[inverse] if len(areas) else placed
    failed = np.array([p is None for p in placed], dtype=bool)
    rejected = []
    if failed.any():
        reasons = pd.Series([_failed_reason(m) for m in metode[failed]],
                            index=sub.index[failed])
        rejected.append(row_records(sub, failed, file=file, kolom=kolom,
                                    alasan=reasons.reindex(sub.index).fillna("")))
    return Located(kode_desa=out_kode, outside=outside, report=match.report,
                   review=match.review, rejected=_concat_records(rejected))


def _locate_by_code(frame: pd.DataFrame, kode: pd.Series, outside: np.ndarray,
                    gazetteer: pd.DataFrame, gaz_codes: pd.Series, *, file: str,
                    kolom: str) -> Located:
    """Rows placed by their code only; rows inside the area without a known code rejected."""
    valid = kode.notna().to_numpy()
    out_kode = _no_codes(frame.index)
    found = valid & np.isin(kode.fillna("").to_numpy(dtype=str), list(set(gaz_codes.dropna())))
    out_kode[found] = kode[found]
    bad = ~outside & ~found
    rejected = []
    if bad.any():
        reasons = np.where(valid[bad],
                           "kode desa tidak ada di berkas batas / desa code not in the "
                           "boundary file",
                           "kode desa kosong atau tidak sah / desa code empty or invalid")
        rejected.append(row_records(frame, bad, file=file, kolom=kolom,
                                    alasan=pd.Series(reasons, index=frame.index[bad])
                                    .reindex(frame.index).fillna("")))
    report = _code_report(kode[found], frame.loc[found, "desa"] if "desa" in frame else None,
                          gazetteer, gaz_codes)
    return Located(kode_desa=out_kode, outside=outside, report=report,
                   review=pd.DataFrame(columns=REPORT_COLUMNS),
                   rejected=_concat_records(rejected))


def _no_codes(index: pd.Index) -> pd.Series:
    return pd.Series([None] * len(index), index=index, dtype=object)


def _concat_records(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return (pd.concat(frames, ignore_index=True)[list(RECORD_COLUMNS)] if frames
            else empty_records())


def _failed_reason(metode: Any) -> str:
    if metode == "not_in_area":
        return "di luar wilayah menurut pemetaan / not in this area according to the mapping"
    if metode == "ambiguous":
        return ("nama desa ambigu, lihat daftar tinjauan / ambiguous desa name, see the review "
                "list")
    return ("desa tidak ditemukan (kode dan nama), lihat daftar tinjauan / desa not found (code "
            "and name), see the review list")


def _code_report(kode: pd.Series, names: pd.Series | None, gazetteer: pd.DataFrame,
                 gaz_codes: pd.Series) -> pd.DataFrame:
    """Report rows for rows placed by code only (one per distinct code)."""
    if kode.empty:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    nama_of = dict(zip(gaz_codes, gazetteer["nama_desa"].astype(str)))
    counts = kode.value_counts(sort=False)
    written = (names.groupby(kode.to_numpy()).first().to_dict() if names is not None else {})
    rows = [{"tingkat": "desa", "input_kode": k, "input_nama": str(written.get(k, "") or ""),
             "induk_kode": k[:6], "metode": "kode", "skor": 100.0, "kode_hasil": k,
             "nama_hasil": nama_of.get(k, ""), "kandidat": "", "jumlah_baris": int(c)}
            for k, c in counts.sort_index().items()]
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


# --------------------------------------------------------------------------------------------
# reading, one row per desa, records
# --------------------------------------------------------------------------------------------

def read_table(path: str | os.PathLike, *, accept: Callable[[Sequence[str]], bool],
               select: Callable[[list[str]], list[str]], what: tuple[str, str]
               ) -> tuple[pd.DataFrame, list[str], str, pd.DataFrame]:
    """Read a whole (small) per-desa table.

    Returns
    -------
    (frame, header, name, bad)
        String cells of the selected columns plus ``_row``; the header; the display name;
        records of text rows left out for having more cells than the header and of NIK-shaped
        cells blanked (:mod:`layers.io.shape`).

    Raises
    ------
    InputError
        Header not found within the first rows (``what``: the table's name in id / en).
    """
    path = Path(path)
    frames, header, notes = [], [], []
    try:
        for chunk in iter_table(path, header_probe=accept, select=select):
            frames.append(chunk.frame)
            header = chunk.header
            notes.extend((int(r), "", _long_reason(c, len(chunk.header)))
                         for r, c in chunk.bad_rows)
            notes.extend((int(r), col, SCRUBBED_REASON) for col, rows in chunk.scrubbed.items()
                         for r in rows)
    except HeaderNotFoundError:
        raise InputError(f"Judul kolom {what[0]} tidak dikenali; lihat docs/inputs.md.",
                         f"The {what[1]} header is not recognised; see docs/inputs.md.",
                         file=path.name) from None
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return frame, header, path.name, _row_notes(sorted(notes), path.name)


def _long_reason(cells: int, width: int) -> str:
    return (f"baris berisi {cells} sel, lebih banyak dari judul kolom ({width}); baris "
            f"dilewati / row has {cells} cells, more than the header ({width}); row skipped")


def _row_notes(notes: list[tuple[int, str, str]], name: str) -> pd.DataFrame:
    """Records of rows left out for too many cells and of NIK-shaped cells blanked
    (``notes``: row, column, reason; never a value)."""
    out = pd.DataFrame({
        "file": [name] * len(notes), "row": [r for r, _, _ in notes],
        "kolom": [k for _, k, _ in notes], "alasan": [a for _, _, a in notes]})
    for col in RECORD_COLUMNS[4:]:
        out[col] = pd.Series([np.nan] * len(notes), dtype=object)
    return out.astype({"row": "int64"})


def deduplicate(values: pd.DataFrame, rows: pd.DataFrame, kode_desa: pd.Series, *, file: str,
                kolom: str) -> tuple[pd.DataFrame, list[pd.DataFrame], list[pd.DataFrame], int]:
    """One row per desa: equal duplicates kept once (warning), differing ones left out.

    Parameters
    ----------
    values
        Value columns of the placed rows.
    rows
        The same rows of the table, with their area roles and ``_row`` (for the records).
    kode_desa
        The desa code of each of these rows.
    file, kolom
        File name and the column named in the records.

    Returns
    -------
    (table, warnings, conflicts, duplicates)
        ``table`` indexed by ``kode_desa`` (string, sorted) with the columns of ``values``; a
        desa whose rows disagree is absent (its rows are in ``conflicts``).
    """
    columns = list(values.columns)
    data = values.copy()
    data["kode_desa"] = kode_desa.to_numpy()
    data["_row"] = rows["_row"].to_numpy()
    dup = data["kode_desa"].duplicated(keep=False).to_numpy()
    n_dup = int(data["kode_desa"].duplicated().sum())
    parts, warnings, conflicts = [data.loc[~dup]], [], []
    for kode, group in data.loc[dup].groupby("kode_desa", sort=True):
        same = bool((group[columns].astype(object).nunique(dropna=False) <= 1).all())
        mask = rows.index.isin(group.index[1:] if same else group.index)
        if same:
            first_row = int(group["_row"].iloc[0])
            warnings.append(row_records(
                rows, mask, file=file, kolom=kolom,
                alasan=f"desa {kode} sudah ada di baris {first_row} dengan nilai sama; "
                       f"baris ini diabaikan / desa {kode} already in row {first_row} "
                       f"with the same values; this row ignored"))
            parts.append(group.iloc[[0]])
        else:
            listed = ", ".join(str(int(r)) for r in group["_row"])
            conflicts.append(row_records(
                rows, mask, file=file, kolom=kolom,
                alasan=f"desa {kode} muncul di baris {listed} dengan nilai berbeda; nilai "
                       f"desa ini dikosongkan / desa {kode} appears in rows {listed} with "
                       f"different values; this desa is left empty"))
    return _indexed(pd.concat(parts), columns, data), warnings, conflicts, n_dup


def _indexed(kept: pd.DataFrame, columns: list[str], data: pd.DataFrame) -> pd.DataFrame:
    """The kept rows indexed by ``kode_desa`` (string, sorted), dtypes as in ``data``."""
    table = kept.set_index("kode_desa")[columns].sort_index()
    table.index = table.index.astype("string")
    table.index.name = "kode_desa"
    for c in columns:
        table[c] = table[c].astype(data[c].dtype)
    return table


def records(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rejected / warning records concatenated in row order (standard columns)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_records()
    out = pd.concat(frames, ignore_index=True)[list(RECORD_COLUMNS)]
    return out.sort_values(["row", "kolom"], kind="stable").reset_index(drop=True)
