"""Codes for boundary files that carry names only, from a Kemendagri code table (``--codes``).

Some boundary files (GADM-style ``NAME_1`` .. ``NAME_4``, older BIG extracts, hand-made maps)
have provinsi / kabupaten / kecamatan / desa names but no Kemendagri code. :func:`assign_codes`
gives each polygon its code by matching its names against a code table in the layout of the
shared ``kode_wilayah_kemendagri_2025.csv`` (``kode,nama,tingkat,jenis,kode_induk``), with the
same rules and review list as household names (:func:`layers.matching.resolve_areas`): exact
names first, fuzzy only when clearly better than the runner-up, never across a direction word
or numeral, ambiguous and unmatched names go to review and can be pinned in a mapping CSV.
A polygon whose names stay unresolved gets no code (the boundary reader then reports it among
the invalid codes); nothing is guessed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from layers.codes import VILLAGE_KIND, compact, parse_name
from layers.errors import InputError
from layers.io import HeaderNotFoundError, find_columns, iter_table, normalize_header
from layers.matching import resolve_areas
from layers.settings import DEFAULT, Settings

__all__ = ["NAME_COLUMNS", "TABLE_COLUMNS", "assign_codes", "name_columns", "read_code_table"]

#: role -> header spellings of the name columns of a boundary file (compared folded)
NAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "prov": ("NAME_1", "wadmpr", "nama_prov", "nama_provinsi", "provinsi", "prov"),
    "kab": ("NAME_2", "wadmkk", "nama_kab", "nama_kabupaten", "nama_kab_kota",
            "kabupaten_kota", "kab_kota", "kabupaten", "kab"),
    "kec": ("NAME_3", "wadmkc", "nama_kec", "nama_kecamatan", "kecamatan", "kec"),
    "desa": ("NAME_4", "wadmkd", "nama_desa", "nama_desa_kelurahan", "nama_kel",
             "nama_kelurahan", "desa_kelurahan", "desa", "kelurahan", "namobj"),
    # kind of the kab / desa (GADM TYPE_2 "Kabupaten"/"Kota", TYPE_4 "Desa"/"Kelurahan")
    "jenis_kab": ("TYPE_2", "ENGTYPE_2"),
    "jenis_desa": ("TYPE_4", "ENGTYPE_4", "jenis", "jenis_desa"),
}
#: columns of the code table
TABLE_COLUMNS: tuple[str, ...] = ("kode", "nama", "tingkat")
_LEVEL_OF_TINGKAT = {"provinsi": "prov", "prov": "prov", "kabupaten_kota": "kab",
                     "kabupaten": "kab", "kota": "kab", "kab": "kab", "kecamatan": "kec",
                     "kec": "kec", "desa_kelurahan": "desa", "desa": "desa",
                     "kelurahan": "desa", "desa_adat": "desa"}
_CANONICAL_NAMES = ("nama_desa", "nama_kec", "nama_kab", "nama_prov")


def read_code_table(path: str | os.PathLike) -> pd.DataFrame:
    """Read a Kemendagri code table into a gazetteer of desa (no geometry).

    Parameters
    ----------
    path
        CSV / XLSX with ``kode`` (dotted or plain), ``nama`` and ``tingkat`` (``provinsi``,
        ``kabupaten_kota``, ``kecamatan``, ``desa_kelurahan``; short forms accepted). When
        ``tingkat`` is absent the level is read from the code's length.

    Returns
    -------
    DataFrame
        One row per desa: ``kode_desa, nama_desa, jenis, kode_kec, nama_kec, kode_kab,
        nama_kab, kode_prov, nama_prov`` (undotted codes), sorted by ``kode_desa``.

    Raises
    ------
    InputError
        Missing ``kode`` / ``nama`` columns, or no desa in the table.
    """
    path = Path(path)
    raw, header = _read_table(path)
    by_norm = {normalize_header(h): h for h in header}
    kode = raw[by_norm["KODE"]].astype(str).str.strip().str.replace(".", "", regex=False)
    nama = raw[by_norm["NAMA"]].astype(str).str.strip()
    if "TINGKAT" in by_norm:
        lvl = raw[by_norm["TINGKAT"]].astype(str).str.strip().str.lower().map(_LEVEL_OF_TINGKAT)
    else:
        lvl = pd.Series(None, index=raw.index, dtype=object)
    lvl = lvl.fillna(kode.str.len().map({2: "prov", 4: "kab", 6: "kec", 10: "desa"}))
    return _desa_table(kode, nama, lvl, path.name)


def _read_table(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """The ``kode``, ``nama`` and ``tingkat`` columns of the code table, and its header."""
    needed = {normalize_header("kode"), normalize_header("nama")}

    def probe(cells: Sequence[str]) -> bool:
        return needed <= {normalize_header(c) for c in cells if c}

    frames, header = [], []
    try:
        for chunk in iter_table(path, header_probe=probe,
                                select=lambda h: [c for c in h if normalize_header(c) in
                                                  {"KODE", "NAMA", "TINGKAT"}]):
            frames.append(chunk.frame)
            header = chunk.header
    except HeaderNotFoundError:
        raise InputError("Tabel kode harus punya kolom kode dan nama (dan sebaiknya tingkat).",
                         "The code table needs columns kode and nama (and preferably tingkat).",
                         file=path.name) from None
    return pd.concat(frames, ignore_index=True), header


def _desa_table(kode: pd.Series, nama: pd.Series, lvl: pd.Series, file: str) -> pd.DataFrame:
    """One row per desa with the names of its kecamatan, kabupaten and provinsi."""
    names = {level: dict(zip(kode[lvl == level], nama[lvl == level]))
             for level in ("prov", "kab", "kec")}
    desa = pd.DataFrame({"kode_desa": kode[lvl == "desa"], "nama_desa": nama[lvl == "desa"]})
    desa = desa[desa["kode_desa"].str.fullmatch(r"\d{10}")]
    if desa.empty:
        raise InputError("Tabel kode tidak berisi desa/kelurahan (kode 10 digit).",
                         "The code table holds no desa/kelurahan (10-digit codes).",
                         file=file)
    desa["jenis"] = desa["kode_desa"].str[6].map(VILLAGE_KIND)
    for level, width in (("kec", 6), ("kab", 4), ("prov", 2)):
        desa[f"kode_{level}"] = desa["kode_desa"].str[:width]
        desa[f"nama_{level}"] = desa[f"kode_{level}"].map(names[level])
    cols = ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab", "nama_kab",
            "kode_prov", "nama_prov"]
    return desa[cols].sort_values("kode_desa").reset_index(drop=True)


def name_columns(columns: Sequence[str]) -> dict[str, str]:
    """Role (:data:`NAME_COLUMNS`) -> column as written, for the roles the frame has."""
    return find_columns(columns, NAME_COLUMNS)


def assign_codes(gdf, code_table_path: str | os.PathLike, *, settings: Settings = DEFAULT,
                 mapping: pd.DataFrame | str | Path | None = None,
                 columns: dict[str, str] | None = None) -> tuple[Any, pd.DataFrame, pd.DataFrame]:
    """Kemendagri codes for a boundary file that has names only.

    Parameters
    ----------
    gdf
        The boundary file's rows (GeoDataFrame) with name columns (:data:`NAME_COLUMNS`:
        GADM ``NAME_1`` .. ``NAME_4`` with ``TYPE_2`` / ``TYPE_4``, BIG ``WADM*``, or
        ``provinsi, kabupaten, kecamatan, desa`` ...). At least the kecamatan and desa names.
    code_table_path
        Code table (``--codes``) in the layout of ``kode_wilayah_kemendagri_2025.csv``.
    settings
        Name-matching thresholds (``fuzzy_accept``, ``fuzzy_margin``, ...).
    mapping
        Mapping CSV / frame pinning name decisions (``tingkat,induk_kode,input_nama,kode``).
    columns
        Role -> column, to override the detection (roles of :data:`NAME_COLUMNS`).

    Returns
    -------
    (gdf, report, review)
        A copy of ``gdf`` with ``kode_desa`` (undotted; None where unresolved) and the
        canonical name columns ``nama_desa, nama_kec, nama_kab, nama_prov`` (names as written
        in the file) set; the match report (:data:`layers.matching.REPORT_COLUMNS`; its
        ``jumlah_baris`` counts polygons) and the review list.

    Raises
    ------
    InputError
        No kecamatan or desa name column; code table errors (:func:`read_code_table`).
    """
    cols = dict(columns) if columns else name_columns(list(gdf.columns))
    missing = [r for r in ("kec", "desa") if r not in cols]
    if missing:
        raise InputError(
            "Berkas batas tanpa kode harus punya kolom nama kecamatan dan desa (mis. NAME_3 dan "
            "NAME_4, atau kecamatan dan desa).",
            "A boundary file without codes needs kecamatan and desa name columns (e.g. NAME_3 "
            "and NAME_4, or kecamatan and desa).", column=missing[0])
    table = read_code_table(code_table_path)
    areas, inverse = _areas(gdf, cols)
    gazetteer = _narrow(table, areas)
    match = resolve_areas(areas, gazetteer, mapping=mapping, settings=settings)
    out = gdf.copy()
    kode = match.kode_desa.to_numpy(dtype=object)[inverse] if len(areas) else \
        np.array([], dtype=object)
    for role, canon in zip(("desa", "kec", "kab", "prov"), _CANONICAL_NAMES):
        if role in cols and cols[role] != canon:
            out[canon] = gdf[cols[role]].to_numpy()
    out["kode_desa"] = pd.array(kode, dtype="string")
    return out, match.report, match.review


def _areas(gdf, cols: dict[str, str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Distinct (prov, kab, kec, desa) names, with the kind words of GADM put in front."""
    n = len(gdf)

    def text(role: str) -> pd.Series:
        if role not in cols:
            return pd.Series([""] * n, index=gdf.index, dtype=object)
        s = gdf[cols[role]].astype(object)
        return s.where(s.notna(), "").astype(str).str.strip()

    prov, kab, kec, desa = text("prov"), text("kab"), text("kec"), text("desa")
    if "jenis_kab" in cols:
        kab = _with_kind(kab, text("jenis_kab"), "kab",
                         {"KABUPATEN": "Kabupaten", "REGENCY": "Kabupaten", "KOTA": "Kota",
                          "CITY": "Kota"})
    if "jenis_desa" in cols:
        # only "Kelurahan" is written in front: it keeps a kelurahan from matching a desa of
        # the same name, while a desa name stays as the file writes it (and as a mapping
        # entry would quote it)
        desa = _with_kind(desa, text("jenis_desa"), "desa",
                          {"KELURAHAN": "Kelurahan", "URBAN VILLAGE": "Kelurahan"})
    keys = pd.DataFrame({"prov": prov, "kab": kab, "kec": kec, "desa": desa})
    grouped = keys.groupby(["prov", "kab", "kec", "desa"], sort=True)
    inverse = grouped.ngroup().to_numpy()
    areas = grouped.size().rename("n_rows").reset_index()
    areas[["prov", "kab", "kec", "desa"]] = areas[["prov", "kab", "kec", "desa"]].replace(
        "", pd.NA)
    areas["kode"] = pd.NA
    return areas, inverse


def _with_kind(names: pd.Series, kinds: pd.Series, level: str, words: dict[str, str]
               ) -> pd.Series:
    """``Blora`` + ``Kabupaten`` -> ``Kabupaten Blora`` unless the name already has a kind."""
    out = []
    for name, kind in zip(names, kinds):
        word = words.get(str(kind).strip().upper())
        if name and word and parse_name(name, level).kind is None:
            out.append(f"{word} {name}")
        else:
            out.append(name)
    return pd.Series(out, index=names.index, dtype=object)


def _narrow(table: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The code table restricted to the provinces (then kabupaten) the file names exactly.

    Only a speed-up: when a name is not found exactly, the whole level is kept so fuzzy
    matching and the review list see every candidate.
    """
    out = table
    for level in ("prov", "kab"):
        names = [n for n in areas[level].dropna().unique() if str(n).strip()]
        if not names:
            continue
        wanted = {compact(parse_name(n, level).core) for n in names}
        keys = out[f"nama_{level}"].fillna("").map(lambda n: compact(parse_name(n, level).core))
        hit = keys.isin(wanted)
        if set(keys[hit]) >= wanted and hit.any():
            out = out[hit.to_numpy()]
        else:
            break
    return out.reset_index(drop=True)
