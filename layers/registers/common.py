"""Chunk steps the layouts share: keys to hashes, desil, yes/no flags, rows, first of a family.

A layout module (:mod:`~layers.registers.siks`, :mod:`~layers.registers.p3ke`,
:mod:`~layers.registers.dtsen`) declares ``NAME``, ``REGISTER``, ``TITLE``, ``COLUMNS``,
``ALIASES``, ``REQUIRED`` (and optionally ``REQUIRED_ANY``, ``EXTRA_COLUMNS``), ``PROGRAMMES``
and two steps that :func:`layers.registers.read_register` calls:

``reduce_chunk(frame, *, file_index, label, columns, salt) -> (rows, rejected, warnings, counts)``
    ``frame`` holds the role-named string columns of one chunk (see ``COLUMNS``) and ``_row``;
    ``file_index`` and ``label`` are the position of the file in the reading and its display
    name; ``columns`` maps each role to the column name as written in the file (used in
    messages); ``salt`` is the hash key of this reading. ``rows`` holds the accepted rows with
    hashed keys only; ``rejected`` and ``warnings`` are lists of record frames
    (:func:`layers.registers.privacy.row_records`); ``counts`` the numbers for the stats, ``rows``
    first.
``finalize(parts, files) -> (households, stats)``
    The reduced chunks and the file labels -> one row per household, without key or hash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from layers.registers.privacy import clean_keys, empty_keys, hash_keys, quote_safe, row_records

__all__ = [
    "family_key", "first_of_each_family", "flag_or", "key_rejections", "padan_flags",
    "parse_desil", "parsed_desil", "parsed_flags", "put_flags", "repeated_header", "start_rows",
]

FlagParser = Callable[[pd.Series], tuple[pd.Series, pd.Series]]


# --------------------------------------------------------------------------------------------
# keys
# --------------------------------------------------------------------------------------------

def repeated_header(keys: pd.Series, column: str) -> np.ndarray:
    """Mask of rows whose (cleaned) key is the key column's own name: a repeated header row."""
    return (keys == clean_keys(pd.Series([column])).iloc[0]).to_numpy()


def key_rejections(frame: pd.DataFrame, *, repeated: np.ndarray, empty: np.ndarray, label: str,
                   kolom: str, reason: str) -> list[pd.DataFrame]:
    """Rejected records for repeated header rows and rows without a key (``reason``)."""
    rejected = []
    if repeated.any():
        rejected.append(row_records(frame, repeated, file=label, kolom=kolom,
                                    alasan="Baris judul kolom berulang / repeated header row"))
    if empty.any():
        rejected.append(row_records(frame, empty, file=label, kolom=kolom, alasan=reason))
    return rejected


def family_key(frame: pd.DataFrame, columns: dict[str, str], *, label: str, salt: bytes):
    """Replace a family file's key columns (``fam``, fallback ``nik``) by a salted hash.

    Rows repeating the header and rows with both keys empty are rejected (file, row, reason;
    never the value). The key columns are dropped from what is returned.

    Returns
    -------
    (rows, key_h, rejected, n_rows, family_id_empty)
        The accepted rows without key columns, their hashed keys, the rejected records, the
        number of rows in the chunk and how many accepted rows fell back to the NIK.
    """
    fam = clean_keys(frame["fam"])
    nik = clean_keys(frame["nik"]) if "nik" in frame else pd.Series("", index=frame.index)
    frame = frame.drop(columns=["fam", "nik"], errors="ignore")
    fam_col, nik_col = columns["fam"], columns.get("nik")

    repeated = repeated_header(fam, fam_col)
    fam_empty = empty_keys(fam)
    both = fam_empty & empty_keys(nik) & ~repeated
    reason = (f"{fam_col} dan {nik_col} kosong / {fam_col} and {nik_col} empty" if nik_col
              else f"{fam_col} kosong / {fam_col} empty")
    rejected = key_rejections(frame, repeated=repeated, empty=both, label=label, kolom=fam_col,
                              reason=reason)
    ok = ~(repeated | both)
    key = ("I:" + fam[ok]).where(~fam_empty[ok], "N:" + nik[ok])
    return (frame.loc[ok], hash_keys(key, salt), rejected, len(frame),
            int((fam_empty & ok).sum()))


# --------------------------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------------------------

def parse_desil(values: pd.Series, *, maximum: int) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """``7``, ``07``, ``Desil 7``, ``DESIL 7``, ``7.0``, ``7,0`` -> 7; empty or ``-`` is empty.

    Returns
    -------
    (desil, empty, invalid)
        ``desil`` Int64 (NA unless 1..``maximum``), masks of empty cells and of non-empty
        invalid cells.
    """
    raw = values.fillna("").astype(str).str.strip().str.upper()
    s = raw.str.replace(r"^DESIL *", "", regex=True).str.strip()
    num = pd.to_numeric(s.str.replace(",", ".", regex=False), errors="coerce")
    num = pd.Series(np.asarray(num, dtype="float64"), index=values.index)
    valid = (num.notna() & (num == num.round()) & (num >= 1) & (num <= maximum)).to_numpy()
    empty = raw.isin(["", "-"]).to_numpy()
    desil = pd.Series(num.where(valid).to_numpy(), index=values.index).astype("Int64")
    return desil, empty, ~valid & ~empty


def padan_flags(values: pd.Series) -> pd.Series:
    """``KETERANGAN_PADAN`` / ``Padan Dukcapil``: ``TIDAK ...`` -> False, ``PADAN``/``YA`` -> True.

    Empty or anything else -> NA.
    """
    u = values.fillna("").astype(str).str.strip().str.upper()
    no = u.str.contains("TIDAK|BELUM|GAGAL", regex=True).to_numpy()
    yes = ~no & (u.str.contains("PADAN", regex=False)
                 | u.isin({"YA", "Y", "SUDAH", "1", "TRUE"})).to_numpy()
    out = pd.array([pd.NA] * len(u), dtype="boolean")
    out[yes] = True
    out[no] = False
    return pd.Series(out, index=values.index)


def parsed_desil(f: pd.DataFrame, columns: dict[str, str], *, parse, desil_max: int,
                 label: str, counts: dict, warnings: list) -> pd.Series:
    """The ``desil`` role parsed with ``parse``; invalid and empty cells become NA, counted in
    ``counts`` and listed in ``warnings`` (the value quoted only when it cannot be personal)."""
    if "desil" not in f:
        return pd.Series(pd.NA, index=f.index, dtype="Int64")
    desil, d_empty, d_invalid = parse(f["desil"])
    col = columns["desil"]
    if d_invalid.any():
        counts["desil_invalid"] = int(d_invalid.sum())
        reason = (f"{col} tidak valid: " + quote_safe(f["desil"])
                  + f" bukan 1-{desil_max}, desil dianggap tidak diketahui"
                  + f" / invalid desil: not 1-{desil_max}, desil treated as unknown")
        warnings.append(row_records(f, d_invalid, file=label, kolom=col, alasan=reason))
    if d_empty.any():
        counts["desil_empty"] = int(d_empty.sum())
        warnings.append(row_records(f, d_empty, file=label, kolom=col,
                                    alasan=f"{col} kosong / desil empty"))
    return desil


def parsed_flags(f: pd.DataFrame, roles: Iterable[str], columns: dict[str, str], *,
                 parse: FlagParser, label: str, counts: dict, warnings: list
                 ) -> dict[str, pd.Series]:
    """Programme flag roles parsed with ``parse``; unknown values become NA, are counted in
    ``counts["flag_invalid"]`` and listed in ``warnings``."""
    flags: dict[str, pd.Series] = {}
    for role in roles:
        if role not in f:
            continue
        value, unknown = parse(f[role])
        flags[role] = value
        if unknown.any():
            counts["flag_invalid"] += int(unknown.sum())
            col = columns[role]
            reason = (f"Nilai {col} tidak dikenal: " + quote_safe(f[role])
                      + f", dianggap tidak diketahui / unknown {col} value, treated as unknown")
            warnings.append(row_records(f, unknown, file=label, kolom=col, alasan=reason))
    return flags


def flag_or(flags: dict[str, pd.Series], roles: Sequence[str]) -> pd.Series | None:
    """Three-valued OR of the flags of ``roles`` present (``None`` when none is)."""
    present = [flags[r] for r in roles if r in flags]
    if not present:
        return None
    out = present[0]
    for other in present[1:]:
        out = out | other
    return out


# --------------------------------------------------------------------------------------------
# rows and households
# --------------------------------------------------------------------------------------------

def start_rows(f: pd.DataFrame, file_index: int, keys: dict[str, np.ndarray],
               text_roles: Sequence[str]) -> pd.DataFrame:
    """The reduced rows of a chunk: ``_f, _row``, the hashed keys, then the text roles as
    written (empty when the file lacks the column)."""
    rows = pd.DataFrame({
        "_f": np.full(len(f), file_index, dtype=np.int32),
        "_row": f["_row"].to_numpy(dtype="int64"),
        **keys,
    })
    for role in text_roles:
        rows[role] = f[role].to_numpy() if role in f else ""
    return rows


def put_flags(rows: pd.DataFrame, flags: dict[str, pd.Series | None]) -> None:
    """Add nullable boolean columns, in order; NA where the flag is ``None`` (not recorded)."""
    for role, value in flags.items():
        rows[role] = (value.to_numpy() if value is not None
                      else pd.array([pd.NA] * len(rows), dtype="boolean"))


def first_of_each_family(parts: list[pd.DataFrame], files: list[str],
                         columns: Sequence[str]) -> tuple[pd.DataFrame, int]:
    """Families -> households: the first row of each ``key_h`` is kept.

    Returns
    -------
    (households, duplicates)
        ``_file, _row`` and ``columns``, without key or hash; the number of rows dropped.
    """
    p = pd.concat(parts, ignore_index=True)
    dup = p.duplicated("key_h").to_numpy()
    p = p.loc[~dup].drop(columns=["key_h"]).reset_index(drop=True)
    out = pd.DataFrame({
        "_file": np.asarray(files, dtype=object)[p["_f"].to_numpy()],
        "_row": p["_row"].to_numpy(),
    })
    for col in columns:
        out[col] = p[col].to_numpy()
    return out, int(dup.sum())
