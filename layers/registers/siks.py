"""SIKS-NG DTKS export (``siks``, register ``dtks``): one row per person, households by NOMOR_KK.

See docs/layouts.md. A chunk is reduced at once to the columns the product needs, with NOMOR_KK
and NOMOR_NIK replaced by salted hashes (:mod:`layers.registers.privacy`); :func:`finalize`
then de-duplicates persons (same KK + NIK) and folds them into households.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.io import parse_flags
from layers.registers.common import (
    flag_or, key_rejections, padan_flags, parsed_flags, put_flags, repeated_header, start_rows,
)
from layers.registers.privacy import clean_keys, empty_keys, hash_keys

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

    Parameters and results as every layout's (:mod:`layers.registers.common`).

    Returns
    -------
    (rows, rejected, warnings, counts)
        ``rows``: one row per accepted person with ``_f, _row, kk_h, nik_h``, area roles and
        nullable boolean ``pkh, bpnt, pbi, padan``. No raw key, no personal column.
    """
    f, keys, rejected = _person_keys(frame, columns, label=label, salt=salt)
    warnings: list[pd.DataFrame] = []
    flag_counts = {"flag_invalid": 0}
    flags = parsed_flags(f, _FLAG_ROLES, columns, parse=lambda v: parse_flags(v, empty=False),
                         label=label, counts=flag_counts, warnings=warnings)
    rows = start_rows(f, file_index, keys, _AREA)
    put_flags(rows, {"pkh": flags.get("pkh"), "bpnt": flag_or(flags, ("bpnt", "bpnt_ppkm")),
                     "pbi": flags.get("pbi"),
                     "padan": padan_flags(f["padan"]) if "padan" in f else None})
    counts = {"rows": len(frame), "nik_empty": int((keys["nik_h"] == 0).sum()), **flag_counts}
    return rows, rejected, warnings, counts


def _person_keys(frame: pd.DataFrame, columns: dict[str, str], *, label: str, salt: bytes
                 ) -> tuple[pd.DataFrame, dict[str, np.ndarray], list[pd.DataFrame]]:
    """Accepted rows without NOMOR_KK / NOMOR_NIK, their hashed ``kk_h, nik_h`` and the rows
    rejected for repeating the header or lacking a KK."""
    kk = clean_keys(frame["kk"])
    nik = clean_keys(frame["nik"]) if "nik" in frame else pd.Series("", index=frame.index)
    frame = frame.drop(columns=["kk", "nik"], errors="ignore")
    kk_col = columns["kk"]
    repeated = repeated_header(kk, kk_col)
    empty = empty_keys(kk) & ~repeated
    rejected = key_rejections(frame, repeated=repeated, empty=empty, label=label, kolom=kk_col,
                              reason=f"{kk_col} kosong / {kk_col} empty")
    ok = ~(repeated | empty)
    keys = {"kk_h": hash_keys(kk[ok], salt), "nik_h": hash_keys(nik[ok], salt)}
    return frame.loc[ok], keys, rejected


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
