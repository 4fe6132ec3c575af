"""Population table per desa (``--population``): the denominators of the rates.

A planner's population table (from Dukcapil, BPS or the kabupaten's own statistics) gives per
desa the total number of households (``kk_total``) and/or persons (``jiwa_total``). Rows are
placed by a Kemendagri desa code or by names (:func:`layers.indicators.placement.locate`).
Layout: docs/inputs.md, "Population table".

A denominator is never invented: a desa without a row, or whose rows disagree, has NA, and the
build says why.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from layers.indicators.placement import (
    AREA_SYNONYMS, Located, area_columns, deduplicate, locate, parse_count, read_table, records,
    undot_codes,
)
from layers.io import sha256_file
from layers.registers.privacy import row_records
from layers.settings import DEFAULT, Settings

__all__ = ["COUNT_SYNONYMS", "OUTPUT_COLUMNS", "PopulationTable", "read_population"]

#: count role -> accepted header spellings
COUNT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "kk_total": ("kk_total", "jumlah_kk", "jml_kk", "total_kk", "jumlah_keluarga",
                 "jml_keluarga", "jumlah_rumah_tangga", "jml_rumah_tangga", "jumlah_ruta",
                 "jml_ruta", "rumah_tangga", "ruta", "keluarga", "kk"),
    "jiwa_total": ("jiwa_total", "jumlah_penduduk", "jml_penduduk", "total_penduduk",
                   "penduduk", "jumlah_jiwa", "jml_jiwa", "jiwa", "total"),
    "laki": ("laki_laki", "jumlah_laki_laki", "pria", "penduduk_laki_laki", "lk"),
    "perempuan": ("perempuan", "jumlah_perempuan", "wanita", "penduduk_perempuan", "pr"),
}
#: output columns of :attr:`PopulationTable.table`
OUTPUT_COLUMNS: tuple[str, ...] = ("kk_total", "jiwa_total")


@dataclass
class PopulationTable:
    """A population table read and placed on the desa of the boundary file.

    Attributes
    ----------
    table
        Index ``kode_desa`` (sorted), columns ``kk_total`` and ``jiwa_total`` (Int64; a column
        the file does not have is all NA). Only desa with a usable row.
    report, review
        Match report / review list of the rows
        (:func:`layers.indicators.placement.locate`).
    rejected
        Rows or cells not used: :data:`layers.registers.privacy.RECORD_COLUMNS`.
    warnings
        Rows used with a remark (duplicate with equal values, more households than persons).
    stats
        ``file``, ``sha256``, ``rows``, ``desa`` (with data), ``outside_area`` (rows),
        ``duplicates``, ``conflicts`` (desa set to NA), ``rejected``, ``columns`` (role ->
        header used), ``desa_tanpa_data`` (codes of the boundary file without a row).
    """

    table: pd.DataFrame
    report: pd.DataFrame
    review: pd.DataFrame
    rejected: pd.DataFrame
    warnings: pd.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)


def read_population(path: str | os.PathLike, gazetteer: pd.DataFrame, *,
                    mapping: pd.DataFrame | str | Path | None = None,
                    settings: Settings = DEFAULT) -> PopulationTable:
    """Read a population table and place it on the desa of the boundary file.

    Parameters
    ----------
    path
        CSV / TSV / XLSX with a header naming a desa code column (``kode_desa`` ...) and/or
        desa names (``kecamatan``, ``desa`` ...), and ``kk_total`` and/or ``jiwa_total`` (or
        the spellings of :data:`COUNT_SYNONYMS`; ``laki_laki`` + ``perempuan`` give
        ``jiwa_total`` when there is no total).
    gazetteer
        The boundary frame without geometry.
    mapping
        Mapping CSV / frame for names.
    settings
        Name-matching thresholds.

    Returns
    -------
    PopulationTable

    Raises
    ------
    InputError
        Header without area or count columns, unreadable file.
    """
    frame, header, name, bad = read_table(path, accept=_accept, select=_select,
                                          what=("tabel penduduk", "population table"))
    cols = _population_columns(header) or {}
    frame = frame.rename(columns={v: k for k, v in cols.items()})
    counts, rejected, warnings = _counts(frame, cols, name)
    located = locate(frame, gazetteer, file=name, mapping=mapping, settings=settings,
                     code_column=cols.get("kode"))
    rejected += [bad, located.rejected]
    placed = located.placed
    table, dup_warn, conflicts, n_dup = deduplicate(
        counts.loc[placed], frame.loc[placed], located.kode_desa[placed], file=name,
        kolom=cols.get("kode") or cols.get("desa", ""))
    warnings.extend(dup_warn)
    rejected.extend(conflicts)
    rej = records(rejected)
    stats = _stats(path, frame, table, located, gazetteer, cols, file=name, duplicates=n_dup,
                   conflicts=int(sum(len(c) for c in conflicts)), rejected=int(len(rej)))
    return PopulationTable(table=table, report=located.report, review=located.review,
                           rejected=rej, warnings=records(warnings), stats=stats)


def _accept(cells: Sequence[str]) -> bool:
    return _population_columns(cells) is not None


def _select(header: list[str]) -> list[str]:
    return list((_population_columns(header) or {}).values())


def _stats(path: str | os.PathLike, frame: pd.DataFrame, table: pd.DataFrame,
           located: Located, gazetteer: pd.DataFrame, cols: dict[str, str], *, file: str,
           duplicates: int, conflicts: int, rejected: int) -> dict[str, Any]:
    """:attr:`PopulationTable.stats`."""
    with_data = table.notna().any(axis=1)
    gaz = set(undot_codes(gazetteer["kode_desa"]).dropna())
    return {
        "file": file, "sha256": sha256_file(path), "rows": int(len(frame)),
        "desa": int(with_data.sum()), "outside_area": int(located.outside.sum()),
        "duplicates": duplicates, "conflicts": conflicts, "rejected": rejected,
        "columns": {k: cols.get(k) for k in ("kode", "prov", "kab", "kec", "desa", "kk_total",
                                              "jiwa_total", "laki", "perempuan")},
        "desa_tanpa_data": sorted(gaz - set(table.index[with_data])),
    }


def _population_columns(cells: Sequence[str]) -> dict[str, str] | None:
    """Role -> header, when the row has an area column and a count column."""
    found = area_columns(cells, synonyms={**AREA_SYNONYMS, **COUNT_SYNONYMS})
    has_area = "kode" in found or "desa" in found
    has_count = ("kk_total" in found or "jiwa_total" in found
                 or ("laki" in found and "perempuan" in found))
    return found if has_area and has_count else None


def _counts(frame: pd.DataFrame, cols: dict[str, str], name: str
            ) -> tuple[pd.DataFrame, list[pd.DataFrame], list[pd.DataFrame]]:
    """``kk_total``, ``jiwa_total`` per row; invalid cells rejected (cell set to NA)."""
    out = pd.DataFrame(index=frame.index)
    rejected, warnings = [], []
    parsed = {}
    for role in ("kk_total", "jiwa_total", "laki", "perempuan"):
        if role not in frame:
            continue
        values, invalid = parse_count(frame[role])
        parsed[role] = values
        if invalid.any():
            rejected.append(row_records(
                frame, invalid, file=name, kolom=cols[role],
                alasan=f"{cols[role]} bukan bilangan bulat >= 0; nilai dikosongkan / "
                       f"{cols[role]} is not a whole number >= 0; value left empty"))
    out["kk_total"] = parsed.get("kk_total", pd.Series(pd.NA, index=frame.index,
                                                       dtype="Int64"))
    if "jiwa_total" in parsed:
        out["jiwa_total"] = parsed["jiwa_total"]
    elif "laki" in parsed and "perempuan" in parsed:
        out["jiwa_total"] = parsed["laki"] + parsed["perempuan"]
    else:
        out["jiwa_total"] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    odd = (out["kk_total"] > out["jiwa_total"]).fillna(False).to_numpy(dtype=bool)
    if odd.any():
        warnings.append(row_records(
            frame, odd, file=name, kolom=cols.get("kk_total", "kk_total"),
            alasan="jumlah KK lebih besar dari jumlah jiwa; periksa kolom / more households "
                   "than persons; check the columns"))
    return out, rejected, warnings
