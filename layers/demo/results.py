"""What the demo generator returns: the households with their answer key, and the manifest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass
class DemoHouseholds:
    """Synthetic register data over a set of desa, with the answer key.

    Attributes
    ----------
    siks
        One row per person as written in the DTKS files, exactly ``SIKS_COLUMNS`` (all strings;
        empty ``NOMOR_KK`` as ``""``), in file order per kecamatan, including the duplicated
        person rows and the rows without ``NOMOR_KK`` (which a reader must reject).
    p3ke
        One row per family as written in the P3KE workbooks, exactly ``P3KE_COLUMNS``, including
        duplicated families; ``Kode Kemdagri`` holds the damaged values (``str`` or ``float``)
        and ``Desil Kesejahteraan`` an ``int`` (part 1) or ``"Desil n"`` (part 2).
    truth
        One row per desa (``TRUTH_COLUMNS``, Int64): the counts a correct build with
        ``mapping`` must produce; NA for a register in a kecamatan absent from its files.
    siks_kode_desa, p3ke_kode_desa
        The true undotted desa code of every row of ``siks`` / ``p3ke`` (same index).
    p3ke_part
        Workbook part (1 or 2) of every ``p3ke`` row.
    names
        Every area name written in the SIKS files, one row per (tingkat, induk_kode,
        input_nama, kode): ``jenis`` (``persis``, ``huruf``, ``awalan``, ``spasi``,
        ``salah_ketik``, ``ambigu``), ``harapan`` (``exact``, ``exact_or_fuzzy``, ``fuzzy``,
        ``review``), ``baris`` (person rows) and ``kk`` (households after de-duplication).
    mapping
        The correct answer for every name that must be reviewed, columns
        ``tingkat, induk_kode, input_nama, kode`` (the mapping CSV of docs/architecture.md).
    per_desa
        The desa whose rows are also exported in a per-desa file: ``kode_desa`` and the
        desa name as written in that file.
    mess
        JSON-ready description of the mess injected (see ``write_demo_inputs``).
    """

    siks: pd.DataFrame
    p3ke: pd.DataFrame
    truth: pd.DataFrame
    siks_kode_desa: pd.Series
    p3ke_kode_desa: pd.Series
    p3ke_part: pd.Series
    names: pd.DataFrame
    mapping: pd.DataFrame
    per_desa: dict[str, str]
    mess: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoManifest:
    """Where ``write_demo_inputs`` put everything, and the manifest it wrote.

    Attributes
    ----------
    out_dir
        The output folder given.
    boundaries
        The boundary file to build with (``input/batas_desa.geojson`` or the file given).
    dtks_dir, p3ke_dir
        Folders holding the SIKS-NG exports and the P3KE workbooks.
    mapping, truth, manifest
        ``input/mapping_benar.csv``, ``input/kebenaran_per_desa.csv``, ``input/manifest.json``.
    data
        The manifest content (also written as JSON).
    """

    out_dir: Path
    boundaries: Path
    dtks_dir: Path
    p3ke_dir: Path
    mapping: Path
    truth: Path
    manifest: Path
    data: dict[str, Any]

