"""P3KE family file (``p3ke``, register ``p3ke``): one row per family, with desil and housing.

See docs/layouts.md. Families are de-duplicated on the salted hash of ``ID Keluarga P3KE``
(the head's NIK when the ID is empty). A family whose desil is empty or invalid is kept
(it is still a registered family) with ``desil`` NA, and listed in the warnings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.io import parse_flags
from layers.registers.common import (
    family_key, first_of_each_family, flag_or, padan_flags, parsed_desil, parsed_flags,
    put_flags, start_rows,
)
from layers.registers.common import parse_desil as _desil_upto

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
    return _desil_upto(values, maximum=_DESIL_MAX)


def reduce_chunk(frame: pd.DataFrame, *, file_index: int, label: str, columns: dict[str, str],
                 salt: bytes) -> tuple[pd.DataFrame, list[pd.DataFrame], list[pd.DataFrame], dict]:
    """Reduce a chunk of family rows to a hashed family key, area, desil, flags and housing.

    Parameters and results as every layout's (:mod:`layers.registers.common`).

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
    flags = parsed_flags(f, _FLAG_ROLES, columns, parse=lambda v: parse_flags(v, empty=None),
                         label=label, counts=counts, warnings=warnings)
    rows = start_rows(f, file_index, {"key_h": key_h}, _TEXT)
    rows["desil"] = desil.to_numpy()
    put_flags(rows, {"pkh": flags.get("pkh"), "bpnt": flag_or(flags, ("bpnt", "sembako")),
                     "bpum": flags.get("bpum"), "bst": flags.get("bst"),
                     "padan": padan_flags(f["padan"]) if "padan" in f else None})
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
    out, duplicates = first_of_each_family(
        parts, files, (*_TEXT, "desil", "pkh", "bpnt", "bpum", "bst", "padan"))
    return out, {"duplicates": duplicates, "persons": None}
