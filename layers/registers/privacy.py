"""Personal columns: which they are, and how a reader gets rid of them at the door.

NIK, No. KK, names, birth data, mother's name and address are protected personal data
(UU Adminduk art. 84, UU 27/2022 PDP). A register reader:

1. never reads a column it does not need (``layers.io.iter_table(select=...)``), so names, birth
   dates and addresses are not even put in a frame;
2. replaces the household / person / family keys by a salted hash (:func:`hash_keys`) in the
   same step that reads the chunk, and drops the raw key columns at once
   (:func:`layers.registers.common.family_key`);
3. drops the hash columns before returning (:func:`assert_clean` checks the result);
4. lists rejected rows with file, row, column, reason and area columns only
   (:func:`row_records`), and quotes a cell value in a reason only through :func:`quote_safe`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

import numpy as np
import pandas as pd

from layers.io import normalize_header

__all__ = [
    "AREA_COLUMNS", "PERSONAL_COLUMNS", "RECORD_COLUMNS", "assert_clean", "clean_keys",
    "drop_personal", "empty_keys", "hash_keys", "is_personal", "new_salt", "quote_safe",
    "row_records",
]

#: columns of personal data, as the layouts write them (compared after normalize_header)
PERSONAL_COLUMNS: tuple[str, ...] = (
    # SIKS-NG DTKS export
    "IDDTKS", "ALAMAT", "NOMOR_KK", "NOMOR_NIK", "NAMA", "TANGGAL_LAHIR", "TEMPAT_LAHIR",
    "NAMA_IBU_KANDUNG",
    # P3KE
    "ID Keluarga P3KE", "Kepala Keluarga", "NIK", "Tanggal Lahir", "Alamat",
    # common variants in other exports
    "NO_KK", "NO KK", "NOMOR KARTU KELUARGA", "KK", "NO_NIK", "NIK KEPALA KELUARGA",
    "NIK_KK", "NAMA_KK", "NAMA KEPALA KELUARGA", "NAMA_LENGKAP", "NAMA_ART", "NAMA IBU",
    "TGL_LAHIR", "TTL", "TEMPAT TANGGAL LAHIR", "ALAMAT_LENGKAP", "NO_HP", "NOMOR_HP",
    "TELEPON", "EMAIL", "DISABILITAS", "JENIS_DISABILITAS", "JENIS_CACAT", "NO_KTP",
    # DTSEN / Regsosek spellings
    "id_keluarga", "id_dtsen", "nik_kepala_keluarga", "nik_krt", "nama_kepala_keluarga",
    "nama_krt", "tanggal_lahir_krt", "alamat_rumah", "latitude", "longitude", "lat", "lon",
)
_PERSONAL_NORM = frozenset(normalize_header(c) for c in PERSONAL_COLUMNS)

#: area columns a rejected / warning row may carry (as written in the file)
AREA_COLUMNS: tuple[str, ...] = ("prov", "kab", "kec", "desa", "kode")
#: columns of the rejected and warnings frames
RECORD_COLUMNS: tuple[str, ...] = ("file", "row", "kolom", "alasan", *AREA_COLUMNS)

#: internal hash columns; they never leave the reader
HASH_COLUMNS: tuple[str, ...] = ("kk_h", "nik_h", "key_h")

_EMPTY_KEYS = frozenset({"", "-", "--", "0", "NULL", "NONE", "NAN", "NA", "N/A"})
_BLANKS = "[ \t\r\n\xa0]+"     # literal characters (a \\s would force the slow Python regex path)
_SAFE_VALUE = r"(?i)(desil\s*)?[+-]?\d{1,4}([.,]\d{1,3})?"


def is_personal(column: str) -> bool:
    """Whether a column name (any spelling) is a personal column."""
    return normalize_header(column) in _PERSONAL_NORM


def drop_personal(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without its personal columns (any spelling)."""
    return frame.drop(columns=[c for c in frame.columns if is_personal(c)])


def new_salt() -> bytes:
    """A random salt for one reading (16 bytes)."""
    return os.urandom(16)


def clean_keys(values: pd.Series) -> pd.Series:
    """Key cells in one spelling: no spaces, no Excel text apostrophe, no trailing ``.0``."""
    s = values.fillna("").astype(str)
    s = s.str.replace(_BLANKS, "", regex=True).str.lstrip("'")
    return s.str.replace(r"\.0+$", "", regex=True).str.upper()


def empty_keys(keys: pd.Series) -> np.ndarray:
    """Boolean mask of keys that say nothing (empty, ``-``, ``0``, ``NULL`` ...)."""
    return keys.isin(_EMPTY_KEYS).to_numpy()


def hash_keys(keys: pd.Series, salt: bytes) -> np.ndarray:
    """Salted 64-bit BLAKE2b of each key (``int64``); empty keys give 0.

    Each distinct value is hashed once. The salt makes the hashes useless outside one reading,
    and they never leave it. With 64 bits, a collision among a kabupaten's few hundred thousand
    keys has a probability of about 1e-8.
    """
    codes, uniques = pd.factorize(keys.fillna("").astype(str), sort=False)
    digests = b"".join(hashlib.blake2b(u.encode("utf-8"), key=salt, digest_size=8).digest()
                       for u in uniques.tolist())
    table = np.frombuffer(digests, dtype="<i8").astype(np.int64)
    table = np.where(table == 0, 1, table)
    empty = pd.Index(uniques).isin(list(_EMPTY_KEYS)) if len(uniques) else np.zeros(0, bool)
    table = np.where(empty, 0, table)
    out = np.zeros(len(codes), dtype=np.int64)
    valid = codes >= 0
    out[valid] = table[codes[valid]]
    return out


def quote_safe(values: pd.Series) -> pd.Series:
    """Cell values quoted for a message, only when they cannot be personal.

    A small number, optionally after the word "Desil" (``"7"``, ``"Desil 9"``, ``"4.5"``), is
    quoted as ``'7'``; anything else (a NIK or a name that slid into the wrong column) becomes
    ``(nilai tidak ditampilkan / value not shown)``.
    """
    s = values.fillna("").astype(str).str.strip()
    ok = s.str.fullmatch(_SAFE_VALUE)
    return ("'" + s + "'").where(ok.fillna(False), "(nilai tidak ditampilkan / value not shown)")


def row_records(frame: pd.DataFrame, mask: np.ndarray | pd.Series, *, file: str, kolom: str,
                alasan: str | pd.Series) -> pd.DataFrame:
    """Rows for a rejected / warnings list: file, row, column, reason and area columns only.

    Parameters
    ----------
    frame
        A chunk with role-named columns and ``_row``; only ``_row`` and :data:`AREA_COLUMNS` are
        read from it.
    mask
        The rows to list.
    file, kolom
        Display file name and the column as written in the header.
    alasan
        Reason (bilingual), one for all rows or a Series aligned with ``frame``.
    """
    mask = np.asarray(mask, dtype=bool)
    sub = frame.loc[mask]
    out = pd.DataFrame({
        "file": pd.Series([file] * len(sub), dtype=str),
        "row": sub["_row"].to_numpy(dtype="int64"),
        "kolom": pd.Series([kolom] * len(sub), dtype=str),
        "alasan": (alasan.loc[mask].to_numpy() if isinstance(alasan, pd.Series)
                   else [alasan] * len(sub)),
    })
    for col in AREA_COLUMNS:
        values = sub[col].to_numpy() if col in sub.columns else [None] * len(sub)
        out[col] = pd.Series(values, dtype=str).replace("", np.nan)
    return out.astype({"alasan": str})


def empty_records() -> pd.DataFrame:
    """An empty rejected / warnings frame with the standard columns."""
    out = pd.DataFrame({c: pd.Series([], dtype=str) for c in RECORD_COLUMNS})
    out["row"] = out["row"].astype("int64")
    return out


def assert_clean(frames: Iterable[pd.DataFrame]) -> None:
    """Fail loudly (a bug, not a user error) when a frame carries a personal or hash column."""
    for frame in frames:
        bad = [c for c in frame.columns if is_personal(c) or c in HASH_COLUMNS]
        if bad:
            raise AssertionError(f"personal or key columns left in a register frame: {bad}")
