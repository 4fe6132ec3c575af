"""DTSEN / Regsosek family file (``dtsen``, register ``dtsen``): BPS codes, desil 1-10, housing.

See docs/inputs.md ("DTSEN / Regsosek family file"). One row per family. The area is given by
BPS (wilkerstat) codes, either whole (``kode_desa_bps`` = ``3307010001``, or a 10-digit
``kode_desa``) or split over ``kode_provinsi`` (2 digits), ``kode_kabupaten`` (2),
``kode_kecamatan`` (3) and ``kode_desa`` (3) as the questionnaire writes them: a column called
``kode_desa`` may hold only the last three digits. Parts that lost their leading zeros in Excel
are padded (``7`` in ``kode_kabupaten`` is ``07``); a part may also hold the full code of its
level (``3307010`` in ``kode_kecamatan``). The assembled code is kept in ``kode_bps``; it is
never rewritten into a Kemendagri code (the numbering differs): :mod:`layers.matching.bridge` does that
through the boundary file's BPS column or a crosswalk.

The family key (``id_keluarga`` / ``no_kk``) is replaced by a salted hash in the chunk step and
dropped before returning, like the other readers (:mod:`layers.registers.privacy`); names,
NIK, birth data and address columns are never read.

Housing columns (questions 303-309a) are kept as written; :func:`layers.indicators.housing.add_deprivation`
turns them into the seven deprivation items after reading.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from layers.io import parse_flags
from layers.registers.common import (
    family_key, first_of_each_family, flag_or, padan_flags, parsed_desil, parsed_flags,
    put_flags, start_rows,
)
from layers.registers.common import parse_desil as _desil_upto
from layers.registers.privacy import row_records

NAME = "dtsen"
REGISTER = "dtsen"
TITLE = "DTSEN / Regsosek"

#: header as documented -> role inside the reader (only these columns are ever read)
COLUMNS: dict[str, str] = {
    "id_keluarga": "fam", "nik_kepala_keluarga": "nik",
    "kode_provinsi": "kd_prov", "kode_kabupaten": "kd_kab", "kode_kecamatan": "kd_kec",
    "kode_desa": "kd_desa",
    "provinsi": "prov", "kabupaten_kota": "kab", "kecamatan": "kec", "desa_kelurahan": "desa",
    "dusun": "dusun", "rw": "rw", "rt": "rt",
    "desil": "desil", "jumlah_anggota_keluarga": "jiwa",
    "jenis_lantai": "lantai", "jenis_dinding": "dinding", "jenis_atap": "atap",
    "sumber_air_minum": "air_minum", "sumber_penerangan": "penerangan",
    "bahan_bakar_memasak": "bahan_bakar", "fasilitas_bab": "fasilitas_bab",
    "pkh": "pkh", "bpnt": "bpnt", "sembako": "sembako", "pbi_jk": "pbi",
    "blt_dana_desa": "blt_dd", "padan_dukcapil": "padan",
}
#: other spellings and optional alternatives (the whole BPS code ``kode_desa_bps``, a Kemendagri
#: code); folded like headers: case, spaces, ``_/.-`` do not matter
ALIASES: dict[str, str] = {
    # family key (hashed, then dropped) and the NIK used only when the key is empty
    "id_dtsen": "fam", "id_keluarga_dtsen": "fam", "no_kk": "fam", "nomor_kk": "fam",
    "no_kartu_keluarga": "fam", "nomor_kartu_keluarga": "fam",
    "nik_krt": "nik", "nik_kk": "nik", "nik": "nik",
    # BPS code parts and whole codes
    "kode_prov": "kd_prov", "kd_prov": "kd_prov", "kdprov": "kd_prov",
    "kode_kabupaten_kota": "kd_kab", "kode_kab": "kd_kab", "kode_kab_kota": "kd_kab",
    "kd_kab": "kd_kab", "kdkab": "kd_kab",
    "kode_kec": "kd_kec", "kd_kec": "kd_kec", "kdkec": "kd_kec",
    "kode_desa_kelurahan": "kd_desa", "kode_kelurahan": "kd_desa", "kode_kel": "kd_desa",
    "kd_desa": "kd_desa", "kddesa": "kd_desa",
    "kode_desa_bps": "kode_bps", "kode_bps": "kode_bps", "kode_wilayah_bps": "kode_bps",
    "kdebps": "kode_bps",
    "kode_desa_kelurahan_bps": "kode_bps",
    "kode_kemendagri": "kode", "kode_desa_kemendagri": "kode", "kode_kemdagri": "kode",
    "kode_dagri": "kode",
    "kode_wilayah_kemendagri": "kode",
    # names
    "nama_provinsi": "prov", "nama_prov": "prov",
    "kabupaten": "kab", "kab_kota": "kab", "nama_kabupaten": "kab",
    "nama_kabupaten_kota": "kab", "nama_kab": "kab",
    "nama_kecamatan": "kec", "nama_kec": "kec",
    "desa": "desa", "kelurahan": "desa", "nama_desa": "desa", "nama_desa_kelurahan": "desa",
    "kelurahan_desa": "desa", "nama_kelurahan": "desa", "nama_dusun": "dusun",
    # desil and persons
    "desil_nasional": "desil", "desil_kesejahteraan": "desil", "peringkat_desil": "desil",
    "desil_dtsen": "desil",
    "jumlah_art": "jiwa", "jml_art": "jiwa", "jumlah_anggota": "jiwa",
    "jml_anggota_keluarga": "jiwa",
    # housing, by question number (r303, b3r303) or name
    "r303": "lantai", "b3r303": "lantai", "lantai": "lantai", "jenis_lantai_terluas": "lantai",
    "kd_jenis_lantai_terluas": "lantai", "kd_jenis_lantai": "lantai",
    "r304": "dinding", "b3r304": "dinding", "dinding": "dinding",
    "jenis_dinding_terluas": "dinding", "kd_jenis_dinding": "dinding",
    "r305": "atap", "b3r305": "atap", "atap": "atap", "jenis_atap_terluas": "atap",
    "kd_jenis_atap": "atap",
    "r306a": "air_minum", "b3r306a": "air_minum", "air_minum": "air_minum",
    "kd_sumber_air_minum": "air_minum",
    "r307a": "penerangan", "b3r307a": "penerangan", "penerangan": "penerangan",
    "sumber_penerangan_utama": "penerangan", "kd_sumber_penerangan_utama": "penerangan",
    "r308": "bahan_bakar", "b3r308": "bahan_bakar", "bahan_bakar": "bahan_bakar",
    "bahan_bakar_utama_memasak": "bahan_bakar", "kd_bahan_bakar_memasak": "bahan_bakar",
    "r309a": "fasilitas_bab", "b3r309a": "fasilitas_bab",
    "kepemilikan_fasilitas_bab": "fasilitas_bab", "fasilitas_tempat_bab": "fasilitas_bab",
    "kd_fasilitas_tempat_bab": "fasilitas_bab", "memiliki_fasilitas_bab": "fasilitas_bab",
    # programmes
    "penerima_pkh": "pkh", "bansos_pkh": "pkh", "status_pkh": "pkh",
    "penerima_bpnt": "bpnt", "bansos_bpnt": "bpnt",
    "penerima_sembako": "sembako", "program_sembako": "sembako",
    "pbi": "pbi", "pbi_jkn": "pbi", "penerima_pbi": "pbi", "penerima_pbi_jk": "pbi",
    "blt_dd": "blt_dd", "penerima_blt_dd": "blt_dd", "blt_desa": "blt_dd",
    "status_padan": "padan", "keterangan_padan": "padan",
}
#: every column of this list must be present (none: see REQUIRED_ANY)
REQUIRED: tuple[str, ...] = ()
#: at least one column of each group must be present: a desil, a family key, a BPS desa code
REQUIRED_ANY: tuple[tuple[str, ...], ...] = (
    ("desil", "desil_nasional", "desil_kesejahteraan", "peringkat_desil", "desil_dtsen"),
    ("id_keluarga", "id_dtsen", "id_keluarga_dtsen", "no_kk", "nomor_kk",
     "no_kartu_keluarga", "nomor_kartu_keluarga"),
    ("kode_desa", "kode_desa_bps", "kode_bps", "kode_wilayah_bps", "kdebps",
     "kode_desa_kelurahan", "kode_desa_kelurahan_bps"),
)
#: programme columns of the household frame this layout records (DOMAIN.md exclusion check:
#: PKH, BPNT/Sembako, PBI-JK; BLT Dana Desa is kept apart in ``blt_dd``)
PROGRAMMES: tuple[str, ...] = ("pkh", "bpnt", "pbi")
#: columns this layout adds to :data:`layers.registers.HOUSEHOLD_COLUMNS`, with their dtype
EXTRA_COLUMNS: dict[str, str] = {"kode_bps": "string", "blt_dd": "boolean"}
#: desil values accepted (national deciles)
DESIL_MAX = 10

_TEXT = ("prov", "kab", "kec", "desa", "kode", "dusun", "rw", "rt", "atap", "dinding",
         "lantai", "penerangan", "bahan_bakar", "air_minum", "fasilitas_bab")
_FLAG_ROLES = ("pkh", "bpnt", "sembako", "pbi", "blt_dd")
_PART_ROLES = ("kd_prov", "kd_kab", "kd_kec", "kd_desa")
_BPS_WIDTHS = (2, 2, 3, 3)
_DOTTED_KEMENDAGRI = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")


# --------------------------------------------------------------------------------------------
# value parsers (public: the bridge and tests use them)
# --------------------------------------------------------------------------------------------

def parse_desil(values: pd.Series, *, maximum: int = DESIL_MAX
                ) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """``7``, ``07``, ``Desil 7``, ``7.0`` -> 7; empty or ``-`` is empty.

    Returns
    -------
    (desil, empty, invalid)
        ``desil`` Int64 (NA unless 1..``maximum``), masks of empty cells and of non-empty
        invalid cells.
    """
    return _desil_upto(values, maximum=maximum)


def bps_code(prov: object = None, kab: object = None, kec: object = None,
             desa: object = None) -> str | None:
    """A 10-digit BPS desa code from its parts (2+2+3+3 digits), or ``None``.

    Each part may have lost its leading zeros (``7`` -> ``07``, ``1`` -> ``001``) or hold the
    full code of its level (``3307010`` in the kecamatan column, ``3307010001`` in the desa
    column) when it continues the parts above it. Missing parts above a whole code are fine
    (``bps_code(desa="3307010001")``). Nothing is converted to or from Kemendagri codes.
    """
    code = ""
    for part, width, total in zip((prov, kab, kec, desa), _BPS_WIDTHS, (2, 4, 7, 10)):
        text = _part_text(part)
        if text is None:
            continue                    # the next part must then hold the whole code so far
        if not text.isdigit():
            return None
        if len(text) == total and text.startswith(code):
            code = text                 # the full code of this level
        elif len(text) <= width and len(code) == total - width:
            code += text.zfill(width)   # a part continuing the code (leading zeros restored)
        else:
            return None
    return code if len(code) == 10 else None


def _part_text(part: object) -> str | None:
    if part is None:
        return None
    try:
        if part != part:                           # NaN
            return None
    except (TypeError, ValueError):
        return None
    text = str(part).strip().strip("'\"` ").strip()
    text = re.sub(r"\.0+$", "", text).replace(" ", "")
    if re.fullmatch(r"\d{2}[.-]\d{2}[.-]\d{3}[.-]\d{3}", text):
        text = re.sub(r"[.-]", "", text)     # 33.07.010.001 (BPS grouping) -> 3307010001
    return text or None


def _bps_codes(f: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BPS code per row, from ``kode_bps`` or the parts; once per distinct combination.

    Returns
    -------
    (codes, kemendagri, given)
        Object array of 10-digit codes or None; Kemendagri codes found written dotted in
        ``kode_desa`` (or None); mask of rows where some code was written at all.
    """
    cols = [c for c in ("kode_bps", *_PART_ROLES) if c in f]
    n = len(f)
    if not cols:
        return np.full(n, None, dtype=object), np.full(n, None, dtype=object), \
            np.zeros(n, dtype=bool)
    combo = f[cols[0]].fillna("").astype(str).str.strip()
    for c in cols[1:]:
        combo = combo + "\x1f" + f[c].fillna("").astype(str).str.strip()
    codes_u, inverse = np.unique(combo.to_numpy(dtype=str), return_inverse=True)
    out = np.empty(len(codes_u), dtype=object)
    dagri = np.empty(len(codes_u), dtype=object)
    given = np.zeros(len(codes_u), dtype=bool)
    for i, joined in enumerate(codes_u):
        values = dict(zip(cols, joined.split("\x1f")))
        given[i] = any(v.strip() for v in values.values())
        dagri[i] = None
        desa_part = values.get("kd_desa", "").strip()
        if _DOTTED_KEMENDAGRI.fullmatch(desa_part):
            dagri[i] = desa_part.replace(".", "")
            values["kd_desa"] = ""
        whole = _part_text(values.get("kode_bps"))
        code = None
        if whole is not None:
            code = bps_code(desa=whole)
        if code is None:
            code = bps_code(*(values.get(r) or None for r in _PART_ROLES))
        out[i] = code
    return out[inverse], dagri[inverse], given[inverse]


def _dtsen_flags(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no cells; Regsosek writes ``1`` = Ya and ``2`` = Tidak."""
    s = values.fillna("").astype(str).str.strip()
    s = s.where(~s.isin(["2", "02", "2.0"]), "TIDAK")
    return parse_flags(s, empty=None)


def _persons(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Family size: a whole number 1..99 (NA otherwise) and the mask of invalid cells."""
    s = values.fillna("").astype(str).str.strip()
    num = pd.to_numeric(s.str.replace(r"[.,]0+$", "", regex=True), errors="coerce")
    num = pd.Series(np.asarray(num, dtype="float64"), index=values.index)
    valid = (num.notna() & (num == num.round()) & (num >= 1) & (num <= 99)).to_numpy()
    invalid = ~valid & ~s.isin(["", "-"]).to_numpy()
    return pd.Series(num.where(valid).to_numpy(), index=values.index).astype("Int64"), invalid


# --------------------------------------------------------------------------------------------
# reader steps (called by layers.registers.read_register)
# --------------------------------------------------------------------------------------------

def reduce_chunk(frame: pd.DataFrame, *, file_index: int, label: str, columns: dict[str, str],
                 salt: bytes) -> tuple[pd.DataFrame, list[pd.DataFrame], list[pd.DataFrame], dict]:
    """Reduce a chunk of family rows to a hashed family key, area, desil, flags and housing.

    Parameters and results as every layout's (:mod:`layers.registers.common`).

    Returns
    -------
    (rows, rejected, warnings, counts)
        ``rows``: one row per accepted family with ``_f, _row, key_h``, text roles,
        ``kode_bps``, ``desil``, ``jiwa`` and nullable boolean ``pkh, bpnt, pbi, blt_dd,
        padan``.
    """
    f, key_h, rejected, n_rows, fam_empty_ok = family_key(frame, columns, label=label,
                                                          salt=salt)
    warnings: list[pd.DataFrame] = []
    counts = {"rows": n_rows, "desil_invalid": 0, "desil_empty": 0, "flag_invalid": 0,
              "family_id_empty": fam_empty_ok, "kode_bps_invalid": 0,
              "kode_bps_empty": 0, "jiwa_invalid": 0}
    bps, dagri = _checked_codes(f, columns, label=label, counts=counts, warnings=warnings)
    desil = parsed_desil(f, columns, parse=parse_desil, desil_max=DESIL_MAX, label=label,
                         counts=counts, warnings=warnings)
    jiwa = _checked_persons(f, columns, label=label, counts=counts, warnings=warnings)
    flags = parsed_flags(f, _FLAG_ROLES, columns, parse=_dtsen_flags, label=label,
                         counts=counts, warnings=warnings)

    rows = start_rows(f, file_index, {"key_h": key_h}, _TEXT)
    if any(d is not None for d in dagri):
        written = rows["kode"].to_numpy(dtype=object)
        rows["kode"] = np.where([d is not None for d in dagri], dagri, written)
    rows["kode_bps"] = bps
    rows["desil"] = desil.to_numpy()
    rows["jiwa"] = jiwa.to_numpy()
    put_flags(rows, {"pkh": flags.get("pkh"), "bpnt": flag_or(flags, ("bpnt", "sembako")),
                     "pbi": flags.get("pbi"), "blt_dd": flags.get("blt_dd"),
                     "padan": padan_flags(f["padan"]) if "padan" in f else None})
    return rows, rejected, warnings, counts


def _checked_codes(f: pd.DataFrame, columns: dict[str, str], *, label: str, counts: dict,
                   warnings: list) -> tuple[np.ndarray, np.ndarray]:
    """BPS codes and dotted Kemendagri codes per row (:func:`_bps_codes`); rows whose code is
    invalid or empty are counted in ``counts`` and listed in ``warnings``."""
    bps, dagri, given = _bps_codes(f)
    code_col = " + ".join(columns[r] for r in ("kode_bps", *_PART_ROLES) if r in columns)
    bad_code = given & np.array([c is None for c in bps], dtype=bool)
    no_code = ~given
    if bad_code.any():
        counts["kode_bps_invalid"] = int(bad_code.sum())
        warnings.append(row_records(
            f, bad_code, file=label, kolom=code_col,
            alasan="kode BPS desa tidak lengkap atau tidak sah (perlu 2+2+3+3 digit); desa "
                   "dicari dari nama / BPS desa code incomplete or invalid (2+2+3+3 digits "
                   "needed); desa looked up by name"))
    if no_code.any():
        counts["kode_bps_empty"] = int(no_code.sum())
        warnings.append(row_records(f, no_code, file=label, kolom=code_col,
                                    alasan="kode BPS desa kosong / BPS desa code empty"))
    return bps, dagri


def _checked_persons(f: pd.DataFrame, columns: dict[str, str], *, label: str, counts: dict,
                     warnings: list) -> pd.Series:
    """Family size (:func:`_persons`), NA when not recorded; invalid cells are counted in
    ``counts`` and listed in ``warnings``."""
    if "jiwa" not in f:
        return pd.Series(pd.NA, index=f.index, dtype="Int64")
    jiwa, j_invalid = _persons(f["jiwa"])
    if j_invalid.any():
        counts["jiwa_invalid"] = int(j_invalid.sum())
        col = columns["jiwa"]
        warnings.append(row_records(
            f, j_invalid, file=label, kolom=col,
            alasan=f"{col} bukan bilangan bulat 1-99, dianggap tidak diketahui / "
                   f"{col} is not a whole number 1-99, treated as unknown"))
    return jiwa


def finalize(parts: list[pd.DataFrame], files: list[str]) -> tuple[pd.DataFrame, dict]:
    """Families -> households: the first row of each family key is kept.

    Returns
    -------
    (households, stats)
        Households without any key or hash; stats ``duplicates`` and ``persons`` (sum of
        ``jiwa`` when every household has it, else None).
    """
    if not parts:
        return pd.DataFrame(), {"duplicates": 0, "persons": None}
    out, duplicates = first_of_each_family(
        parts, files,
        (*_TEXT, "kode_bps", "desil", "jiwa", "pkh", "bpnt", "pbi", "blt_dd", "padan"))
    jiwa = pd.Series(out["jiwa"].to_numpy(), dtype="Int64")
    persons = int(jiwa.sum()) if len(jiwa) and jiwa.notna().all() else None
    return out, {"duplicates": duplicates, "persons": persons}
