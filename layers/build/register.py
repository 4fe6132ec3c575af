"""One register of a build: households read (or given), matched to desa and counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from layers.matching.bridge import resolve_bps
from layers.errors import InputError
from layers.indicators import REGISTER_OF_LAYOUT
from layers.indicators.aggregate import aggregate_desa, subdesa_table
from layers.indicators.housing import add_deprivation
from layers.matching import resolve_areas
from layers.registers import RegisterData, read_register, sniff_layout
from layers.settings import Settings

#: area columns of a household as written in the register
AREA_INPUT = ["prov", "kab", "kec", "desa", "kode"]
#: layouts whose households carry housing values (deprivation items)
HOUSING_LAYOUTS = ("p3ke", "dtsen")


@dataclass
class RegisterBuild:
    """One register after matching and counting (kept for the summary and meta)."""

    register: str
    data: RegisterData
    desa: pd.DataFrame
    subdesa: pd.DataFrame
    report: pd.DataFrame
    review: pd.DataFrame
    match_rate: float
    households_unresolved: int
    households_outside: int
    covered_kec: list[str] = field(default_factory=list)
    housing: object = None


def register_sources(households, registers: list[RegisterData] | None,
                     settings: Settings) -> dict[str, list[Path] | RegisterData]:
    """Layout -> what to build its register from, in register order.

    ``registers`` (already read) stand for the household files when given; else the files
    are grouped by the layout their header shows (one register per layout).
    """
    if registers is not None:
        return {d.layout: d for d in sorted(registers,
                                            key=lambda d: REGISTER_OF_LAYOUT[d.layout])}
    return _group_by_layout([Path(p) for p in households], settings)


def _group_by_layout(paths: list[Path], settings: Settings) -> dict[str, list[Path]]:
    """Household inputs grouped by the layout their header shows (one register per layout)."""
    groups: dict[str, list[Path]] = {}
    for path in paths:
        if not path.exists():
            raise InputError("Berkas atau folder tidak ditemukan.", "File or folder not found.",
                             file=path.name)
        groups.setdefault(sniff_layout(path, settings=settings), []).append(path)
    return dict(sorted(groups.items(), key=lambda kv: REGISTER_OF_LAYOUT[kv[0]]))


def build_register(layout: str, source: list[Path] | RegisterData, gazetteer: pd.DataFrame,
                   mapping: pd.DataFrame | None, settings: Settings, *,
                   bridge=None) -> RegisterBuild:
    """Read (unless given), match to desa and count one register's households."""
    data = (source if isinstance(source, RegisterData)
            else read_register(source, settings=settings))
    _check_not_empty(data)
    hh = data.households.copy()
    housing = None
    if layout in HOUSING_LAYOUTS:
        hh, housing = add_deprivation(hh, layout=layout, settings=settings)
    keys = AREA_INPUT + (["kode_bps"] if layout == "dtsen" else [])
    areas, inverse = _distinct_areas(hh, keys)
    if layout == "dtsen":
        match = resolve_bps(areas, gazetteer, bridge=bridge, mapping=mapping, settings=settings)
    else:
        match = resolve_areas(areas, gazetteer, mapping=mapping, settings=settings)
    kode = match.kode_desa.to_numpy()[inverse]
    hh["kode_desa"] = pd.array(kode, dtype="string")
    kec_of_area = _resolved_kecamatan(match, gazetteer)
    covered = set(pd.Series(kec_of_area.to_numpy()[inverse]).dropna())
    desa = aggregate_desa(hh, gazetteer, layout=layout, programmes=data.programmes,
                          covered_kec=covered, settings=settings)
    sub = subdesa_table(hh, layout=layout, programmes=data.programmes, settings=settings)
    outside = int((match.metode.to_numpy()[inverse] == "not_in_area").sum())
    unresolved = int(hh["kode_desa"].isna().sum()) - outside
    in_area = len(hh) - outside
    _check_some_matched(data, int(hh["kode_desa"].notna().sum()), outside, match.review)
    rate = 1.0 - unresolved / in_area if in_area else 0.0
    return RegisterBuild(register=REGISTER_OF_LAYOUT[layout], data=data, desa=desa,
                         subdesa=sub, report=match.report, review=match.review,
                         match_rate=round(rate, 4), households_unresolved=unresolved,
                         households_outside=outside, covered_kec=sorted(covered),
                         housing=housing)


def _check_not_empty(data: RegisterData) -> None:
    """Refuse a register (all files of one layout) that holds no household at all."""
    if len(data.households):
        return
    names = ", ".join(f["name"] for f in data.stats.get("files", [])) or None
    raise InputError(
        f"Register {data.layout} tidak berisi satu baris data pun (hanya judul kolom, atau "
        f"semua baris ditolak: {data.stats.get('rejected', 0)}); tidak ada yang bisa dihitung.",
        f"The {data.layout} register holds no data row (header only, or every row rejected: "
        f"{data.stats.get('rejected', 0)}); there is nothing to count.", file=names)


def _check_some_matched(data: RegisterData, matched: int, outside: int,
                        review: pd.DataFrame) -> None:
    """Refuse a register none of whose households lands in a desa: nothing would be
    published. The names waiting for a decision (area names, at most 5) are named so that a
    mapping CSV can be written for the next build."""
    if matched:
        return
    names = ", ".join(f["name"] for f in data.stats.get("files", [])) or None
    waiting = _review_names(review)
    hint_id = (f" Nama wilayah yang belum cocok: {waiting}; tulis keputusannya di CSV pemetaan "
               f"(--mapping).") if waiting else ""
    hint_en = (f" Area names not matched: {waiting}; write decisions into a mapping CSV "
               f"(--mapping).") if waiting else ""
    raise InputError(
        f"Tidak satu pun rumah tangga register {data.layout} cocok dengan desa di berkas batas "
        f"({outside} di luar wilayah berkas batas); tidak ada yang akan diterbitkan.{hint_id}",
        f"Not one household of the {data.layout} register matches a desa of the boundary file "
        f"({outside} outside its area); nothing would be published.{hint_en}", file=names)


def _review_names(review: pd.DataFrame | None, limit: int = 5) -> str:
    """The first area names of a review list, as ``tingkat 'nama'``."""
    if review is None or not len(review) or "input_nama" not in review:
        return ""
    level = review["tingkat"] if "tingkat" in review else pd.Series("", index=review.index)
    items = [f"{t} '{n}'" for t, n in zip(level.astype(str), review["input_nama"].astype(str))]
    more = f" (+{len(items) - limit})" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def _distinct_areas(hh: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Distinct input areas (names and codes as written) and each household's area number."""
    values = hh[keys].astype("string").fillna("")
    grouped = values.groupby(keys, sort=True)
    inverse = grouped.ngroup().to_numpy()
    areas = grouped.size().rename("n_rows").reset_index()
    areas[keys] = areas[keys].replace("", pd.NA)
    return areas, inverse


def _resolved_kecamatan(match, gazetteer: pd.DataFrame) -> pd.Series:
    """Kecamatan code of each input area: from the resolved desa, else from the report."""
    kec_of_desa = gazetteer.set_index("kode_desa")["kode_kec"]
    kec = match.kode_desa.map(kec_of_desa)
    if getattr(match, "kode_kec", None) is not None:
        kec = kec.fillna(match.kode_kec)
    return kec
