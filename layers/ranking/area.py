"""The area a ranking or a list is computed within: a Kemendagri code of 2, 4, 6 or 10 digits."""

from __future__ import annotations

import re

import pandas as pd

from layers.errors import InputError

_LEVEL = {2: ("provinsi", "nama_prov"), 4: ("kabupaten", "nama_kab"),
          6: ("kecamatan", "nama_kec"), 10: ("desa", "nama_desa")}


def area_code(area: str | None) -> str | None:
    """The digits of an area code (dots and spaces removed), ``None`` for no area.

    Raises
    ------
    InputError
        Not 2, 4, 6 or 10 digits.
    """
    if area is None or str(area).strip() == "":
        return None
    digits = re.sub(r"[\s.]", "", str(area))
    if not digits.isdigit() or len(digits) not in (2, 4, 6, 10):
        raise InputError(f"Kode wilayah '{area}' tidak sah: 2, 4, 6 atau 10 angka "
                         "(mis. 33.16 atau 33.16.06).",
                         f"Area code '{area}' is not valid: 2, 4, 6 or 10 digits "
                         "(e.g. 33.16 or 33.16.06).", column="--area")
    return digits


def select_area(desa: pd.DataFrame, area: str | None) -> tuple[pd.DataFrame, dict]:
    """The desa of ``area`` (without geometry, by ``kode_desa``) and the area's code, name and
    level (all ``None`` for no area).

    Raises
    ------
    InputError
        A malformed code, or one that matches no desa.
    """
    code = area_code(area)
    frame = pd.DataFrame(desa.drop(columns="geometry", errors="ignore"))
    frame = frame.sort_values("kode_desa", kind="stable").reset_index(drop=True)
    if code is None:
        return frame, {"kode": None, "nama": None, "tingkat": None}
    frame = frame[frame["kode_desa"].astype("string").str.startswith(code)]
    if frame.empty:
        raise InputError(f"Tidak ada desa dengan kode wilayah {area} di dataset.",
                         f"No desa with area code {area} in the dataset.", column="--area")
    level, name_col = _LEVEL[len(code)]
    name = str(frame[name_col].iloc[0]) if name_col in frame else None
    return frame.reset_index(drop=True), {"kode": code, "nama": name, "tingkat": level}
