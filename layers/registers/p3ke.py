"""P3KE family file (``p3ke``, register ``p3ke``): one row per family, with desil and housing.

See docs/layouts.md. Families are de-duplicated on the salted hash of ``ID Keluarga P3KE``
(the head's NIK when the ID is empty). A family whose desil is empty or invalid is kept
(it is still a registered family) with ``desil`` NA, and listed in the warnings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.registers.privacy import family_key, parsed_desil, parsed_flags
from layers.registers.siks import padan_flags
from layers.tabular import parse_flags

NAME = "p3ke"
REGISTER = "p3ke"
TITLE = "P3KE"

#: header as documented -> role inside the reader (only these columns are ever read)
COLUMNS: dict[str, str] = {
    "Provinsi": "prov", "Kabupaten/Kota": "kab", "Kecamatan": "kec", "Desa/Kelurahan": "desa",
    "Kode Kemdagri": "kode", "Dusun": "dusun", "RW": "rw", "RT": "rt",
    "ID Keluarga P3KE": "fam", "NIK": "nik",
    "Padan Dukcapil": "padan", "Desil Kesejahteraan": "desil",
    "Jenis Atap": "atap", "Jenis Dinding": "dinding", "Jenis Lantai": "lantai",
    "Sumber Penerangan": "penerangan", "Bahan Bakar Memasak": "bahan_bakar",
    "Sumber Air Minum": "air_minum", "Memiliki Fasilitas BAB": "fasilitas_bab",
    "Penerima BPNT": "bpnt", "Penerima BPUM": "bpum", "Penerima BST": "bst",
    "Penerima PKH": "pkh", "Penerima SEMBAKO": "sembako",
}
#: other spellings seen in exports (folded like headers)
ALIASES: dict[str, str] = {"Kode Kemendagri": "kode", "Kode Wilayah Kemendagri": "kode",
                           "Kabupaten": "kab", "Desa": "desa", "Kelurahan/Desa": "desa",
                           "Desil": "desil", "ID Keluarga": "fam"}
#: the columns that identify the layout and without which it cannot be read
REQUIRED: tuple[str, ...] = ("ID Keluarga P3KE", "Desil Kesejahteraan", "Kecamatan",
                             "Desa/Kelurahan")
#: programme columns of the household frame this layout records
PROGRAMMES: tuple[str, ...] = ("pkh", "bpnt", "bpum", "bst")

_TEXT = ("prov", "kab", "kec", "desa", "kode", "dusun", "rw", "rt", "atap", "dinding", "lantai",
         "penerangan", "bahan_bakar", "air_minum", "fasilitas_bab")
_FLAG_ROLES = ("pkh", "bpnt", "sembako", "bpum", "bst")
_DESIL_MAX = 4


def parse_desil(values: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """``1``, ``Desil 1``, ``DESIL 1``, ``1.0``, ``1,0`` -> 1; empty or ``-`` is empty.

    Returns
    -------
    (desil, empty, invalid)
        ``desil`` Int64 (NA unless 1..4), masks of empty cells and of non-empty invalid cells.
    """
    raw = values.fillna("").astype(str).str.strip().str.upper()
    s = raw.str.replace(r"^DESIL *", "", regex=True).str.strip()
    num = pd.to_numeric(s.str.replace(",", ".", regex=False), errors="coerce")
    num = pd.Series(np.asarray(num, dtype="float64"), index=values.index)
    valid = (num.notna() & (num == num.round()) & (num >= 1) & (num <= _DESIL_MAX)).to_numpy()
    empty = raw.isin(["", "-"]).to_numpy()
    desil = pd.Series(num.where(valid).to_numpy(), index=values.index).astype("Int64")
    return desil, empty, ~valid & ~empty


def reduce_chunk(frame: pd.DataFrame, *, file_index: int, label: str, columns: dict[str, str],
                 salt: bytes) -> tuple[pd.DataFrame, list[pd.DataFrame], list[pd.DataFrame], dict]:
    """Reduce a chunk of family rows to a hashed family key, area, desil, flags and housing.

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
        ``rows``: one row per accepted family with ``_f, _row, key_h``, text roles, ``desil``
        and nullable boolean ``pkh, bpnt, bpum, bst, padan``.
    """
    f, key_h, rejected, n_rows, fam_empty_ok = family_key(frame, columns, label=label,
                                                          salt=salt)

    warnings: list[pd.DataFrame] = []
    counts = {"rows": n_rows, "desil_invalid": 0, "desil_empty": 0, "flag_invalid": 0,
              "family_id_empty": fam_empty_ok}
    desil = parsed_desil(f, columns, parse=parse_desil, desil_max=_DESIL_MAX, label=label,
                         counts=counts, warnings=warnings)

    flags = parsed_flags(f, _FLAG_ROLES, columns, parse=lambda v: parse_flags(v, empty=None), label=label,
                         counts=counts, warnings=warnings)
    bpnt = [flags[r] for r in ("bpnt", "sembako") if r in flags]

    rows = pd.DataFrame({
        "_f": np.full(len(f), file_index, dtype=np.int32),
        "_row": f["_row"].to_numpy(dtype="int64"),
        "key_h": key_h,
    })
    for role in _TEXT:
        rows[role] = f[role].to_numpy() if role in f else ""
    rows["desil"] = desil.to_numpy()
    na = pd.array([pd.NA] * len(f), dtype="boolean")
    rows["pkh"] = flags["pkh"].to_numpy() if "pkh" in flags else na
    rows["bpnt"] = (bpnt[0] | bpnt[1]).to_numpy() if len(bpnt) == 2 else (
        bpnt[0].to_numpy() if bpnt else na)
    rows["bpum"] = flags["bpum"].to_numpy() if "bpum" in flags else na
    rows["bst"] = flags["bst"].to_numpy() if "bst" in flags else na
    rows["padan"] = padan_flags(f["padan"]).to_numpy() if "padan" in f else na
    return rows, rejected, warnings, counts


def finalize(parts: list[pd.DataFrame], files: list[str]) -> tuple[pd.DataFrame, dict]:
    """Families -> households: the first row of each family key is kept.

    Returns
    -------
    (households, stats)
        Households without any key or hash; stats ``duplicates``.
    """
    if not parts:
        return pd.DataFrame(), {"duplicates": 0, "persons": None}
    p = pd.concat(parts, ignore_index=True)
    dup = p.duplicated("key_h").to_numpy()
    p = p.loc[~dup].drop(columns=["key_h"]).reset_index(drop=True)
    out = pd.DataFrame({
        "_file": np.asarray(files, dtype=object)[p["_f"].to_numpy()],
        "_row": p["_row"].to_numpy(),
    })
    for col in (*_TEXT, "desil", "pkh", "bpnt", "bpum", "bst", "padan"):
        out[col] = p[col].to_numpy()
    return out, {"duplicates": int(dup.sum()), "persons": None}
