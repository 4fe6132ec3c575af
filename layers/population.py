"""Population table per desa (``--population``): the denominators of the rates.

A planner's population table (from Dukcapil, BPS or the kabupaten's own statistics) gives per
desa the total number of households (``kk_total``) and/or persons (``jiwa_total``). Rows are
placed by a Kemendagri desa code in any written or Excel-damaged form
(:func:`layers.codes.normalize_kode`), or by names (:func:`layers.matching.resolve_areas`,
same review rules as household names). Layout: docs/inputs.md, "Population table".

A denominator is never invented: a desa without a row, or whose rows disagree, has NA, and the
build says why. The helpers :func:`area_columns`, :func:`locate` and :func:`parse_count` are
shared with :mod:`layers.reference` (per-desa tables of the same shape).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .codes import normalize_kode
from .errors import InputError
from .matching import REPORT_COLUMNS, resolve_areas
from .registers.privacy import RECORD_COLUMNS, empty_records, is_personal, row_records
from .settings import DEFAULT, Settings
from .tabular import HeaderNotFoundError, iter_table, normalize_header, parse_number

__all__ = [
    "AREA_SYNONYMS", "COUNT_SYNONYMS", "Located", "PopulationTable", "area_columns",
    "deduplicate", "locate", "looks_personal", "parse_count", "read_population", "read_table",
    "records", "undot_codes",
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
#: count role -> accepted header spellings
COUNT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "kk_total": ("kk_total", "jumlah_kk", "jml_kk", "total_kk", "jumlah_keluarga",
                 "jml_keluarga", "jumlah_rumah_tangga", "jml_rumah_tangga", "jumlah_ruta",
                 "jml_ruta", "rumah_tangga", "ruta", "keluarga", "kk"),
    "jiwa_total": ("jiwa_total", "jumlah_penduduk", "jml_penduduk", "total_penduduk",
                   "penduduk", "jumlah_jiwa", "jml_jiwa", "jiwa", "total"),
    "laki": ("laki_laki", "jumlah_laki_laki", "pria", "penduduk_laki_laki", "lk"),
    "perempuan": ("perempuan", "jumlah_perempuan", "wanita", "penduduk_perempuan", "pr"),
}
#: output columns of :attr:`PopulationTable.table`
OUTPUT_COLUMNS: tuple[str, ...] = ("kk_total", "jiwa_total")

_AREA_ROLES = ("prov", "kab", "kec", "desa", "kode")
_THOUSANDS = re.compile(r"\d{1,3}([.,]\d{3})+")
_DOTTED_DESA = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")


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


@dataclass
class PopulationTable:
    """A population table read and placed on the desa of the boundary file.

    Attributes
    ----------
    table
        Index ``kode_desa`` (sorted), columns ``kk_total`` and ``jiwa_total`` (Int64; a column
        the file does not have is all NA). Only desa with a usable row.
    report, review
        Match report / review list of the rows (see :func:`locate`).
    rejected
        Rows or cells not used: :data:`layers.registers.privacy.RECORD_COLUMNS`.
    warnings
        Rows used with a remark (duplicate with equal values, more households than persons).
    stats
        ``file``, ``sha256``, ``rows``, ``desa`` (with data), ``outside_area`` (rows),
        ``duplicates``, ``conflicts`` (desa set to NA), ``rejected``, ``columns`` (role ->
        header used), ``desa_tanpa_data`` (codes of the boundary file without a row).
    """

    table: pd.DataFrame
    report: pd.DataFrame
    review: pd.DataFrame
    rejected: pd.DataFrame
    warnings: pd.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------------

_PERSONAL_NIK = re.compile(r"(^|[^A-Z])NIK")
_PERSONAL_HINT = re.compile(
    r"NOMORNIK|NONIK|NOKK|NOMORKK|KARTUKELUARGA|KEPALAKELUARGA|NAMAKRT|NAMAART|NAMALENGKAP|NAMAKK|"
    r"NAMAANGGOTA|NAMAPENERIMA|LAHIR|ALAMAT|TELEPON|TELP|NOHP|NOMORHP|WHATSAPP|EMAIL|"
    r"IBUKANDUNG|DISABILITAS|KTP")


def looks_personal(column: str) -> bool:
    """A column that is, or is named like, personal data (stricter than
    :func:`layers.registers.privacy.is_personal`: ``nama_kepala_keluarga``, ``nik_krt``,
    ``tgl_lahir_art`` ... are refused too). Names of areas (``nama_desa``) are not personal."""
    return (is_personal(column) or bool(_PERSONAL_NIK.search(str(column).upper()))
            or bool(_PERSONAL_HINT.search(normalize_header(column))))


def area_columns(header: Sequence[str], *,
                 synonyms: Mapping[str, Sequence[str]] = AREA_SYNONYMS) -> dict[str, str]:
    """Role -> header as written, for the roles of ``synonyms`` the header has."""
    folded: dict[str, str] = {}
    for h in header:
        if h is not None and str(h).strip():
            folded.setdefault(normalize_header(h), str(h))
    out: dict[str, str] = {}
    used: set[str] = set()
    for role, names in synonyms.items():
        for name in names:
            actual = folded.get(normalize_header(name))
            if actual is not None and actual not in used:
                out[role] = actual
                used.add(actual)
                break
    return out


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
    n = len(frame)
    gaz_codes = undot_codes(gazetteer["kode_desa"])
    gaz_desa = set(gaz_codes.dropna())
    gaz_kec = {k[:6] for k in gaz_desa}
    kode = (undot_codes(frame["kode"]) if "kode" in frame
            else pd.Series([None] * n, index=frame.index, dtype=object))
    valid = kode.notna().to_numpy()
    kec = np.array([k[:6] if k else "" for k in kode], dtype=object)
    outside = valid & ~np.isin(kec, list(gaz_kec))
    has_names = any(r in frame for r in ("kec", "desa")) and use_names
    inside = ~outside
    out_kode = pd.Series([None] * n, index=frame.index, dtype=object)
    rejected: list[pd.DataFrame] = []
    report = pd.DataFrame(columns=REPORT_COLUMNS)
    review = pd.DataFrame(columns=REPORT_COLUMNS)
    col_name = code_column or "kode_desa"
    if has_names:
        sub = frame.loc[inside]
        roles = [r for r in _AREA_ROLES if r in sub]
        keys = sub[roles].fillna("").astype(str).apply(lambda c: c.str.strip())
        if "kode" in keys:
            keys["kode"] = [k if k else w for k, w in zip(kode[inside].fillna(""),
                                                          keys["kode"])]
        grouped = keys.groupby(roles, sort=True)
        inverse = grouped.ngroup().to_numpy()
        areas = grouped.size().rename("n_rows").reset_index()
        areas[roles] = areas[roles].replace("", pd.NA)
        match = resolve_areas(areas, gazetteer, mapping=mapping, settings=settings)
        placed = match.kode_desa.to_numpy(dtype=object)[inverse] if len(areas) else \
            np.array([], dtype=object)
        out_kode.loc[inside] = placed
        report, review = match.report, match.review
        metode = match.metode.to_numpy(dtype=object)[inverse] if len(areas) else placed
        failed = np.array([p is None for p in placed], dtype=bool)
        if failed.any():
            reasons = pd.Series([_failed_reason(m) for m in metode[failed]],
                                index=sub.index[failed])
            rejected.append(row_records(sub, failed, file=file, kolom=col_name,
                                        alasan=reasons.reindex(sub.index).fillna("")))
    else:
        found = valid & np.isin(kode.fillna("").to_numpy(dtype=str), list(gaz_desa))
        out_kode[found] = kode[found]
        bad = inside & ~found
        if bad.any():
            reasons = np.where(valid[bad],
                               "kode desa tidak ada di berkas batas / desa code not in the "
                               "boundary file",
                               "kode desa kosong atau tidak sah / desa code empty or invalid")
            rejected.append(row_records(frame, bad, file=file, kolom=col_name,
                                        alasan=pd.Series(reasons, index=frame.index[bad])
                                        .reindex(frame.index).fillna("")))
        report = _code_report(kode[found], frame.loc[found, "desa"] if "desa" in frame
                              else None, gazetteer, gaz_codes)
    rej = (pd.concat(rejected, ignore_index=True)[list(RECORD_COLUMNS)] if rejected
           else empty_records())
    return Located(kode_desa=out_kode, outside=outside, report=report, review=review,
                   rejected=rej)


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


def read_table(path: str | os.PathLike, *, accept: Callable[[Sequence[str]], bool],
               select: Callable[[list[str]], list[str]], what: tuple[str, str]
               ) -> tuple[pd.DataFrame, list[str], str, pd.DataFrame]:
    """Read a whole (small) per-desa table.

    Returns
    -------
    (frame, header, name, bad)
        String cells of the selected columns plus ``_row``; the header; the display name;
        records of text rows left out for having more cells than the header.

    Raises
    ------
    InputError
        Header not found within the first rows (``what``: the table's name in id / en).
    """
    path = Path(path)
    frames, header, bad = [], [], []
    try:
        for chunk in iter_table(path, header_probe=accept, select=select):
            frames.append(chunk.frame)
            header = chunk.header
            bad.extend(chunk.bad_rows)
    except HeaderNotFoundError:
        raise InputError(f"Judul kolom {what[0]} tidak dikenali; lihat docs/inputs.md.",
                         f"The {what[1]} header is not recognised; see docs/inputs.md.",
                         file=path.name) from None
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    width = len(header)
    bad_records = pd.DataFrame({
        "file": [path.name] * len(bad), "row": [int(r) for r, _ in bad], "kolom": [""] * len(bad),
        "alasan": [f"baris berisi {c} sel, lebih banyak dari judul kolom ({width}); baris "
                   f"dilewati / row has {c} cells, more than the header ({width}); row skipped"
                   for _, c in bad]})
    for col in RECORD_COLUMNS[4:]:
        bad_records[col] = pd.Series([np.nan] * len(bad), dtype=object)
    return frame, header, path.name, bad_records.astype({"row": "int64"})


def sha256_file(path: str | os.PathLike) -> str:
    """SHA-256 (hex) of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# population
# --------------------------------------------------------------------------------------------

def read_population(path: str | os.PathLike, gazetteer: pd.DataFrame, *,
                    mapping: pd.DataFrame | str | Path | None = None,
                    settings: Settings = DEFAULT) -> PopulationTable:
    """Read a population table and place it on the desa of the boundary file.

    Parameters
    ----------
    path
        CSV / TSV / XLSX with a header naming a desa code column (``kode_desa`` ...) and/or
        desa names (``kecamatan``, ``desa`` ...), and ``kk_total`` and/or ``jiwa_total`` (or
        the spellings of :data:`COUNT_SYNONYMS`; ``laki_laki`` + ``perempuan`` give
        ``jiwa_total`` when there is no total).
    gazetteer
        The boundary frame without geometry.
    mapping
        Mapping CSV / frame for names.
    settings
        Name-matching thresholds.

    Returns
    -------
    PopulationTable

    Raises
    ------
    InputError
        Header without area or count columns, unreadable file.
    """
    def accept(cells: Sequence[str]) -> bool:
        return _population_columns(cells) is not None

    def select(header: list[str]) -> list[str]:
        return list((_population_columns(header) or {}).values())

    frame, header, name, bad = read_table(path, accept=accept, select=select,
                                          what=("tabel penduduk", "population table"))
    cols = _population_columns(header) or {}
    roles = {v: k for k, v in cols.items()}
    frame = frame.rename(columns=roles)
    counts, rejected, warnings = _counts(frame, cols, name)
    rejected.append(bad)
    located = locate(frame, gazetteer, file=name, mapping=mapping, settings=settings,
                     code_column=cols.get("kode"))
    rejected.append(located.rejected)
    placed = located.kode_desa.notna().to_numpy()
    data = counts.loc[placed].copy()
    data["kode_desa"] = located.kode_desa[placed].to_numpy()
    data["_row"] = frame.loc[placed, "_row"].to_numpy()
    sub = frame.loc[placed]
    table, dup_warn, conflicts, n_dup = deduplicate(data, sub, name,
                                                    cols.get("kode") or cols.get("desa", ""),
                                                    list(OUTPUT_COLUMNS))
    warnings.extend(dup_warn)
    rejected.extend(conflicts)
    gaz = set(undot_codes(gazetteer["kode_desa"]).dropna())
    rej = records(rejected)
    stats = {
        "file": name, "sha256": sha256_file(path), "rows": int(len(frame)),
        "desa": int(table.notna().any(axis=1).sum()),
        "outside_area": int(located.outside.sum()), "duplicates": n_dup,
        "conflicts": int(sum(len(c) for c in conflicts)), "rejected": int(len(rej)),
        "columns": {k: cols.get(k) for k in ("kode", "prov", "kab", "kec", "desa", "kk_total",
                                              "jiwa_total", "laki", "perempuan")},
        "desa_tanpa_data": sorted(gaz - set(table.index[table.notna().any(axis=1)])),
    }
    return PopulationTable(table=table, report=located.report, review=located.review,
                           rejected=rej, warnings=records(warnings), stats=stats)


def _population_columns(cells: Sequence[str]) -> dict[str, str] | None:
    """Role -> header, when the row has an area column and a count column."""
    found = area_columns(cells, synonyms={**AREA_SYNONYMS, **COUNT_SYNONYMS})
    has_area = "kode" in found or "desa" in found
    has_count = ("kk_total" in found or "jiwa_total" in found
                 or ("laki" in found and "perempuan" in found))
    return found if has_area and has_count else None


def _counts(frame: pd.DataFrame, cols: dict[str, str], name: str
            ) -> tuple[pd.DataFrame, list[pd.DataFrame], list[pd.DataFrame]]:
    """``kk_total``, ``jiwa_total`` per row; invalid cells rejected (cell set to NA)."""
    out = pd.DataFrame(index=frame.index)
    rejected, warnings = [], []
    parsed = {}
    for role in ("kk_total", "jiwa_total", "laki", "perempuan"):
        if role not in frame:
            continue
        values, invalid = parse_count(frame[role])
        parsed[role] = values
        if invalid.any():
            rejected.append(row_records(
                frame, invalid, file=name, kolom=cols[role],
                alasan=f"{cols[role]} bukan bilangan bulat >= 0; nilai dikosongkan / "
                       f"{cols[role]} is not a whole number >= 0; value left empty"))
    out["kk_total"] = parsed.get("kk_total", pd.Series(pd.NA, index=frame.index,
                                                       dtype="Int64"))
    if "jiwa_total" in parsed:
        out["jiwa_total"] = parsed["jiwa_total"]
    elif "laki" in parsed and "perempuan" in parsed:
        out["jiwa_total"] = parsed["laki"] + parsed["perempuan"]
    else:
        out["jiwa_total"] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    odd = (out["kk_total"] > out["jiwa_total"]).fillna(False).to_numpy(dtype=bool)
    if odd.any():
        warnings.append(row_records(
            frame, odd, file=name, kolom=cols.get("kk_total", "kk_total"),
            alasan="jumlah KK lebih besar dari jumlah jiwa; periksa kolom / more households "
                   "than persons; check the columns"))
    return out, rejected, warnings


def deduplicate(data: pd.DataFrame, sub: pd.DataFrame, name: str, kolom: str,
                columns: list[str]
                ) -> tuple[pd.DataFrame, list[pd.DataFrame], list[pd.DataFrame], int]:
    """One row per desa: equal duplicates kept once (warning), differing ones left out.

    Parameters
    ----------
    data
        Value ``columns``, ``kode_desa`` and ``_row`` of the placed rows.
    sub
        The same rows with their area roles (for the records).
    name, kolom
        File name and the column named in the records.

    Returns
    -------
    (table, warnings, conflicts, duplicates)
        ``table`` indexed by ``kode_desa`` (string, sorted) with ``columns``; a desa whose rows
        disagree is absent (its rows are in ``conflicts``).
    """
    warnings, conflicts = [], []
    dup = data["kode_desa"].duplicated(keep=False).to_numpy()
    n_dup = int(data["kode_desa"].duplicated().sum())
    keep = data.loc[~dup]
    parts = [keep]
    if dup.any():
        for kode, group in data.loc[dup].groupby("kode_desa", sort=True):
            values = group[columns].astype(object)
            same = bool((values.nunique(dropna=False) <= 1).all())
            first_row = int(group["_row"].iloc[0])
            mask = sub.index.isin(group.index[1:] if same else group.index)
            if same:
                warnings.append(row_records(
                    sub, mask, file=name, kolom=kolom,
                    alasan=f"desa {kode} sudah ada di baris {first_row} dengan nilai sama; "
                           f"baris ini diabaikan / desa {kode} already in row {first_row} "
                           f"with the same values; this row ignored"))
                parts.append(group.iloc[[0]])
            else:
                rows = ", ".join(str(int(r)) for r in group["_row"])
                conflicts.append(row_records(
                    sub, mask, file=name, kolom=kolom,
                    alasan=f"desa {kode} muncul di baris {rows} dengan nilai berbeda; nilai "
                           f"desa ini dikosongkan / desa {kode} appears in rows {rows} with "
                           f"different values; this desa is left empty"))
    table = pd.concat(parts).set_index("kode_desa")[columns]
    table = table.sort_index()
    table.index = table.index.astype("string")
    table.index.name = "kode_desa"
    for c in columns:
        table[c] = table[c].astype(data[c].dtype)
    return table, warnings, conflicts, n_dup


def records(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rejected / warning records concatenated in row order (standard columns)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_records()
    out = pd.concat(frames, ignore_index=True)[list(RECORD_COLUMNS)]
    return out.sort_values(["row", "kolom"], kind="stable").reset_index(drop=True)
