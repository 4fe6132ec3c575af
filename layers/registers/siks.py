"""SIKS-NG DTKS export (``siks``, register ``dtks``): one row per person, households by NOMOR_KK.

See docs/layouts.md. A chunk is reduced at once to the columns the product needs, with NOMOR_KK
and NOMOR_NIK replaced by salted hashes (:mod:`layers.registers.privacy`); :func:`finalize`
then de-duplicates persons (same KK + NIK) and folds them into households.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.registers.privacy import (
    clean_keys, empty_keys, hash_keys, quote_safe, row_records,
)
from layers.tabular import parse_flags

NAME = "siks"
REGISTER = "dtks"
TITLE = "DTKS SIKS-NG"

#: header as documented -> role inside the reader (only these columns are ever read)
COLUMNS: dict[str, str] = {
    "PROVINSI": "prov", "KABUPATEN_KOTA": "kab", "KECAMATAN": "kec", "DESA_KELURAHAN": "desa",
    "DUSUN": "dusun", "RW": "rw", "RT": "rt",
    "NOMOR_KK": "kk", "NOMOR_NIK": "nik",
    "KETERANGAN_PADAN": "padan",
    "BANSOS_BPNT": "bpnt", "BANSOS_PKH": "pkh", "BANSOS_BPNT_PPKM": "bpnt_ppkm", "PBI_JKN": "pbi",
}
#: other spellings seen in exports (folded like headers)
ALIASES: dict[str, str] = {"KABUPATEN": "kab", "KAB_KOTA": "kab", "DESA": "desa",
                           "KELURAHAN_DESA": "desa", "NO_KK": "kk", "NO_NIK": "nik"}
#: the columns that identify the layout and without which it cannot be read
REQUIRED: tuple[str, ...] = ("NOMOR_KK", "NOMOR_NIK", "KECAMATAN", "DESA_KELURAHAN")
#: programme columns of the household frame this layout records
PROGRAMMES: tuple[str, ...] = ("pkh", "bpnt", "pbi")

_AREA = ("prov", "kab", "kec", "desa", "dusun", "rw", "rt")
_FLAG_ROLES = ("pkh", "bpnt", "bpnt_ppkm", "pbi")


def reduce_chunk(frame: pd.DataFrame, *, file_index: int, label: str, columns: dict[str, str],
                 salt: bytes) -> tuple[pd.DataFrame, list[pd.DataFrame], list[pd.DataFrame], dict]:
    """Reduce a chunk of person rows to hashed keys, area and flags.

    Parameters
    ----------
    frame
        Role-named string columns (see :data:`COLUMNS`) and ``_row``.
    file_index, label
        Position of the file in the reading and its display name.
    columns
        Role -> column name as written in the file (used in messages).
    salt
        Hash key of this reading.

    Returns
    -------
    (rows, rejected, warnings, counts)
        ``rows``: one row per accepted person with ``_f, _row, kk_h, nik_h``, area roles and
        nullable boolean ``pkh, bpnt, pbi, padan``. No raw key, no personal column.
    """
    kk = clean_keys(frame["kk"])
    nik = clean_keys(frame["nik"]) if "nik" in frame else pd.Series("", index=frame.index)
    frame = frame.drop(columns=["kk", "nik"], errors="ignore")
    kk_col = columns["kk"]

    repeated = (kk == clean_keys(pd.Series([kk_col])).iloc[0]).to_numpy()
    empty = empty_keys(kk) & ~repeated
    rejected = []
    if repeated.any():
        rejected.append(row_records(frame, repeated, file=label, kolom=kk_col,
                                    alasan="Baris judul kolom berulang / repeated header row"))
    if empty.any():
        rejected.append(row_records(frame, empty, file=label, kolom=kk_col,
                                    alasan=f"{kk_col} kosong / {kk_col} empty"))
    ok = ~(repeated | empty)
    kk_h = hash_keys(kk[ok], salt)
    nik_h = hash_keys(nik[ok], salt)
    del kk, nik
    f = frame.loc[ok]

    warnings: list[pd.DataFrame] = []
    flags: dict[str, pd.Series] = {}
    flag_invalid = 0
    for role in _FLAG_ROLES:
        if role not in f:
            continue
        value, unknown = parse_flags(f[role], empty=False)
        flags[role] = value
        if unknown.any():
            flag_invalid += int(unknown.sum())
            col = columns[role]
            reason = (f"Nilai {col} tidak dikenal: " + quote_safe(f[role])
                      + f", dianggap tidak diketahui / unknown {col} value, treated as unknown")
            warnings.append(row_records(f, unknown, file=label, kolom=col, alasan=reason))
    bpnt = _kleene_or([flags[r] for r in ("bpnt", "bpnt_ppkm") if r in flags])

    rows = pd.DataFrame({
        "_f": np.full(len(f), file_index, dtype=np.int32),
        "_row": f["_row"].to_numpy(dtype="int64"),
        "kk_h": kk_h,
        "nik_h": nik_h,
    })
    for role in _AREA:
        rows[role] = f[role].to_numpy() if role in f else ""
    for role, value in (("pkh", flags.get("pkh")), ("bpnt", bpnt), ("pbi", flags.get("pbi"))):
        rows[role] = (value.to_numpy() if value is not None
                      else pd.array([pd.NA] * len(f), dtype="boolean"))
    rows["padan"] = (padan_flags(f["padan"]).to_numpy() if "padan" in f
                     else pd.array([pd.NA] * len(f), dtype="boolean"))
    counts = {"rows": len(frame), "nik_empty": int((nik_h == 0).sum()),
              "flag_invalid": flag_invalid}
    return rows, rejected, warnings, counts


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


def _kleene_or(flags: list[pd.Series]) -> pd.Series | None:
    if not flags:
        return None
    out = flags[0]
    for other in flags[1:]:
        out = out | other
    return out


def finalize(parts: list[pd.DataFrame], files: list[str]) -> tuple[pd.DataFrame, dict]:
    """Persons -> households.

    Duplicate persons (same KK and NIK hash) are kept once; persons without NIK are each counted.
    A household's ``_file, _row`` is its first row; its area is the area most of its members
    carry (the first row's on a tie), the number of households whose members disagree is
    ``kk_area_conflict``. Flags: True when any member has the programme, NA when no member's
    value is known. ``padan``: False when any member is not matched, True when all known are.

    Returns
    -------
    (households, stats)
        Households without any key or hash; stats ``duplicates``, ``persons``,
        ``kk_area_conflict``.
    """
    if not parts:
        return pd.DataFrame(), {"duplicates": 0, "persons": 0, "kk_area_conflict": 0}
    p = pd.concat(parts, ignore_index=True)
    dup = p.duplicated(["kk_h", "nik_h"]).to_numpy() & (p["nik_h"].to_numpy() != 0)
    p = p.loc[~dup].reset_index(drop=True)
    p = p.drop(columns=["nik_h"])
    hh, _ = pd.factorize(p["kk_h"], sort=False)
    p = p.drop(columns=["kk_h"])
    n_hh = int(hh.max()) + 1 if len(hh) else 0
    _, first_pos = np.unique(hh, return_index=True)

    norm = [p[c].astype(str).str.upper().str.replace(" ", "", regex=False)
            for c in ("prov", "kab", "kec", "desa")]
    area_key, _ = pd.factorize(norm[0] + "\x1f" + norm[1] + "\x1f" + norm[2] + "\x1f" + norm[3])
    grp = (pd.DataFrame({"hh": hh, "a": area_key, "pos": np.arange(len(p))})
           .groupby(["hh", "a"], sort=False)
           .agg(n=("pos", "size"), first=("pos", "min"))
           .reset_index()
           .sort_values(["hh", "n", "first"], ascending=[True, False, True], kind="stable"))
    chosen = grp.drop_duplicates("hh")["first"].to_numpy()
    conflicts = int((np.bincount(grp["hh"].to_numpy(), minlength=n_hh) > 1).sum())

    flags = pd.DataFrame({"hh": hh})
    for col in ("pkh", "bpnt", "pbi", "padan"):
        flags[col] = p[col].astype("Int8")
    agg = flags.groupby("hh", sort=True).agg(
        {"pkh": "max", "bpnt": "max", "pbi": "max", "padan": "min"})

    out = pd.DataFrame({
        "_file": np.asarray(files, dtype=object)[p["_f"].to_numpy()[first_pos]],
        "_row": p["_row"].to_numpy()[first_pos],
    })
    for col in _AREA:
        out[col] = p[col].to_numpy()[chosen]
    out["jiwa"] = pd.array(np.bincount(hh, minlength=n_hh), dtype="Int64")
    for col in ("pkh", "bpnt", "pbi", "padan"):
        out[col] = agg[col].astype("boolean").to_numpy()
    stats = {"duplicates": int(dup.sum()), "persons": int(len(p)), "kk_area_conflict": conflicts}
    return out, stats
