"""Headers that do not fit their values: personal values recognised by shape, not by name.

A register whose header labels are swapped or shifted (``NOMOR_NIK`` values under
``DESA_KELURAHAN``, names under ``KECAMATAN``) would otherwise carry NIKs and names into the
match report, the review list and the printed summary. Two measurable rules, checked on every
chunk of every register file (numbers in :class:`layers.settings.Settings`):

1. **NIK-shaped share.** Every NIK / No. KK shaped cell outside the key columns is blanked when
   read (:mod:`layers.io.shape`) and listed in the rejected records (rejected.csv) by row and
   column, without the value; the row itself is still read.
   An area column (provinsi, kabupaten, kecamatan, desa, dusun, RW, RT, code) whose non-empty
   cells are more than ``shifted_nik_share`` (0.5) NIK-shaped is shifted.
2. **Distinct ratio.** A kecamatan, dusun or RW is shared by many households; names and keys
   are one per person. With ``r`` = the number of non-empty cells of such a column in a chunk
   and ``d`` = its distinct values, the column is shifted when ``r >= shifted_min_rows`` (50)
   and ``d / r > shifted_distinct_ratio`` (0.5). (The kecamatan column of a real file has
   ``d / r`` below 0.01.) A desa column is shifted when one kecamatan holds more than
   ``shifted_max_desa_per_kec`` (150) distinct desa values: a sample of a few households per
   desa over a whole kabupaten is a real file, so the ratio rule does not apply to desa.

A shifted column refuses the file with "kolom tampaknya bergeser / headers seem shifted", naming
the file and the column, never a value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.io.shape import SCRUBBED_REASON
from layers.registers.privacy import row_records
from layers.settings import Settings

__all__ = ["KEY_ROLES", "check_shifted", "scrubbed_records"]

#: roles whose columns are keys: NIK-shaped by nature, hashed at once by the layouts
KEY_ROLES = ("kk", "nik", "fam")
#: area roles checked for NIK-shaped values
_AREA_ROLES = ("prov", "kab", "kec", "desa", "dusun", "rw", "rt", "kode")
#: area roles shared by many households (the distinct-ratio rule); the desa column has its own
#: rule (a sample of a few households per desa over a whole kabupaten is a real file)
_SHARED_ROLES = ("kec", "dusun", "rw")


def check_shifted(frame: pd.DataFrame, columns: dict[str, str], scrubbed: dict[str, np.ndarray],
                  *, label: str, settings: Settings) -> None:
    """Refuse a chunk whose area columns hold personal values (rules in the module doc).

    Parameters
    ----------
    frame
        The chunk with role-named columns, NIK-shaped cells already blanked.
    columns
        Role -> column name as written in the header.
    scrubbed
        Column name as written -> row numbers of the blanked cells (``TableChunk.scrubbed``).

    Raises
    ------
    InputError
        "Headers seem shifted", naming the file and the column.
    """
    for role in _AREA_ROLES:
        if role not in frame:
            continue
        col = columns[role]
        filled = frame[role].astype(str) != ""
        n_nik = len(scrubbed.get(col, ()))
        total = int(filled.sum()) + n_nik
        if total and n_nik / total > settings.shifted_nik_share:
            raise shifted_error(label, col, f"{n_nik} dari {total} nilai berbentuk NIK/No. KK",
                                f"{n_nik} of {total} values are NIK/KK-shaped")
        if role in _SHARED_ROLES and total >= settings.shifted_min_rows:
            distinct = int(frame.loc[filled, role].nunique())
            if distinct / total > settings.shifted_distinct_ratio:
                raise shifted_error(
                    label, col, f"{distinct} nilai berbeda dalam {total} baris, padahal satu "
                                f"wilayah dimiliki banyak rumah tangga",
                    f"{distinct} distinct values in {total} rows, while an area is shared by "
                    f"many households")
    _check_desa_per_kecamatan(frame, columns, label=label, settings=settings)


def _check_desa_per_kecamatan(frame: pd.DataFrame, columns: dict[str, str], *, label: str,
                              settings: Settings) -> None:
    """A kecamatan has tens of desa, never hundreds: more distinct desa values under one
    kecamatan than ``shifted_max_desa_per_kec`` means the desa column holds something else."""
    if "desa" not in frame or len(frame) <= settings.shifted_max_desa_per_kec:
        return
    kec = frame["kec"] if "kec" in frame else pd.Series("", index=frame.index)
    most = int(frame.groupby(kec.to_numpy())["desa"].nunique().max())
    if most > settings.shifted_max_desa_per_kec:
        raise shifted_error(
            label, columns["desa"],
            f"{most} nilai desa berbeda dalam satu kecamatan, padahal satu kecamatan hanya "
            f"berisi puluhan desa",
            f"{most} distinct desa values in one kecamatan, while a kecamatan holds only tens "
            f"of desa")


def shifted_error(label: str, column: str, why_id: str, why_en: str) -> InputError:
    """The refusal of a file whose headers do not fit their values."""
    return InputError(
        f"Kolom tampaknya bergeser: judul kolom tidak sesuai isinya ({why_id}). Periksa baris "
        f"judul; berkas ditolak agar data pribadi tidak ikut terbaca.",
        f"Headers seem shifted: the column label does not fit its values ({why_en}). Check "
        f"the header row; the file is refused so that no personal data is read.",
        file=label, column=column)


def scrubbed_records(frame: pd.DataFrame, columns: dict[str, str],
                     scrubbed: dict[str, np.ndarray], *, label: str) -> list[pd.DataFrame]:
    """Records (file, row, column; never the value) of the blanked cells, for the rejected list
    (rejected.csv): the row itself is still read."""
    out = []
    rows = frame["_row"].to_numpy()
    for col, where in scrubbed.items():
        mask = np.isin(rows, where)
        if mask.any():
            out.append(row_records(frame, mask, file=label, kolom=col, alasan=SCRUBBED_REASON))
    return out
