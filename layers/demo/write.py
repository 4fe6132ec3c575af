"""``write_demo_inputs``: the files a user would hold, written under ``out_dir/input``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from layers.demo.boundaries import make_boundaries
from layers.demo.files import sha256_of, slug, write_big_geojson, write_p3ke, write_siks
from layers.demo.households import make_households
from layers.demo.manifest import build_manifest
from layers.demo.population import prepare_gazetteer
from layers.demo.reference import write_idm, write_population
from layers.demo.results import DemoHouseholds, DemoManifest
from layers.settings import DEFAULT, Settings


def write_demo_inputs(out_dir: str | Path, *, boundaries: str | Path | None = None,
                      n_households: int = 6000, seed: int = 2026,
                      settings: Settings = DEFAULT) -> DemoManifest:
    """Write the demo input files under ``out_dir/input``.

    Files: ``batas_desa.geojson`` (BIG layout: ``KDEPUM`` dotted, ``KDEBPS``, ``WADMKD``,
    ``WADMKC``, ``WADMKK``, ``WADMPR``; 6 decimals; not written when ``boundaries`` is given),
    ``dtks/`` (one SIKS-NG export per kecamatan in rotating formats: CSV comma UTF-8, XLSX with
    two title rows, CSV semicolon Windows-1252, CSV UTF-8 with BOM; plus one per-desa CSV
    repeating that desa's persons), ``p3ke/`` (two workbooks), ``mapping_benar.csv``,
    ``penduduk.csv`` (population per desa), ``idm_contoh.csv`` (synthetic IDM; not written when
    ``boundaries`` is given), ``kebenaran_per_desa.csv`` (the truth) and ``manifest.json``.

    Parameters
    ----------
    out_dir
        Output folder (created); earlier generated DTKS/P3KE files in it are replaced.
    boundaries
        A real boundary file read with ``layers.boundaries.read_boundaries``; households are
        then generated over its desa (codes and names from the file, NIKs still 99-prefixed).
    n_households, seed, settings
        As in ``make_households``.

    Returns
    -------
    DemoManifest
    """
    out = Path(out_dir)
    inp = out / "input"
    dtks, p3ke_dir = _prepare_folders(inp)
    desa, boundary_path, boundary_info = _boundaries(inp, boundaries, seed, settings)
    hh = make_households(desa, n_households=n_households, seed=seed, settings=settings)
    g = prepare_gazetteer(desa)
    kab_slug = slug(g["nama_kab"].iloc[0])
    siks_files, rejected = write_siks(dtks, hh, g, kab_slug)
    p3ke_files = write_p3ke(p3ke_dir, hh, kab_slug)
    mapping_path = inp / "mapping_benar.csv"
    hh.mapping.to_csv(mapping_path, index=False, lineterminator="\n")
    truth_path = _write_tables(inp, desa, hh, seed, idm=boundaries is None)
    data = build_manifest(seed, n_households, g, hh, boundary_info, siks_files, p3ke_files,
                          rejected)
    manifest_path = inp / "manifest.json"
    manifest_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    return DemoManifest(out_dir=out, boundaries=boundary_path, dtks_dir=dtks, p3ke_dir=p3ke_dir,
                        mapping=mapping_path, truth=truth_path, manifest=manifest_path, data=data)


def _prepare_folders(inp: Path) -> tuple[Path, Path]:
    """Create ``dtks/`` and ``p3ke/`` under ``inp`` and remove the files generated earlier."""
    dtks, p3ke_dir = inp / "dtks", inp / "p3ke"
    for folder in (dtks, p3ke_dir):
        folder.mkdir(parents=True, exist_ok=True)
    for folder, patterns in ((dtks, ("DTKS_*.csv", "DTKS_*.xlsx")), (p3ke_dir, ("P3KE_*.xlsx",))):
        for pat in patterns:
            for f in sorted(folder.glob(pat)):
                f.unlink()
    return dtks, p3ke_dir


def _boundaries(inp: Path, boundaries: str | Path | None, seed: int,
                settings: Settings) -> tuple[pd.DataFrame, Path, dict[str, Any]]:
    """The desa to generate over, the boundary file to build with, and its manifest record:
    the synthetic kabupaten written as ``batas_desa.geojson``, or a real file as it is."""
    if boundaries is None:
        desa = make_boundaries(seed=seed)
        boundary_path = inp / "batas_desa.geojson"
        write_big_geojson(boundary_path, desa)
        return desa, boundary_path, {"path": "batas_desa.geojson", "layout": "big",
                                     "sintetis": True}
    from layers.boundaries import read_boundaries

    boundary_path = Path(boundaries)
    result = read_boundaries(boundary_path, settings=settings)
    return result.desa, boundary_path, {"path": boundary_path.name,
                                        "layout": result.qa.get("layout"), "sintetis": False,
                                        "sha256": sha256_of(boundary_path)}


def _write_tables(inp: Path, desa: pd.DataFrame, hh: DemoHouseholds, seed: int, *,
                  idm: bool) -> Path:
    """The population table, the IDM table (synthetic kabupaten only) and the truth with the
    population's denominators; returns the truth's path."""
    rng_extra = np.random.default_rng([seed, 1])
    truth = write_population(inp / "penduduk.csv", desa, hh.truth, rng_extra)
    if idm:
        write_idm(inp / "idm_contoh.csv", desa, hh.truth, rng_extra)
    truth_path = inp / "kebenaran_per_desa.csv"
    truth.to_csv(truth_path, index=False, lineterminator="\n")
    return truth_path
