"""The whole pipeline: a :class:`BuildSpec` -> one dataset directory.

A build either writes a complete dataset or nothing (:mod:`layers.build.write`). Same inputs
give byte-identical files (no timestamps, sorted rows, stable column order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from layers.boundaries import dissolve_levels, read_boundaries
from layers.matching.bridge import load_bridge
from layers.build.meta import assemble_meta
from layers.build.register import RegisterBuild, build_register, register_sources
from layers.build.spec import BuildSpec
from layers.build.write import write_dataset
from layers.errors import InputError
from layers.indicators import CATALOGUE, COUNTS, GLOBAL_INDICATORS
from layers.indicators.aggregate import add_rates, roll_up
from layers.indicators.extras import DesaExtras, desa_extras
from layers.matching import read_mapping
from layers.registers import RegisterData
from layers.settings import DEFAULT, Settings

#: columns of every desa table, first and in this order (docs/data-contract.md)
CANONICAL = ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab", "nama_kab",
             "kode_prov", "nama_prov", "kode_desa_bps", "luas_km2"]
GLOBAL_RATES = tuple(ind for ind in GLOBAL_INDICATORS if ind.jenis != "count")
LEVEL_NAMES = {"kecamatan": ["kode_kec", "nama_kec", "kode_kab", "nama_kab", "kode_prov",
                             "nama_prov"],
               "kabupaten": ["kode_kab", "nama_kab", "kode_prov", "nama_prov"],
               "provinsi": ["kode_prov", "nama_prov"]}


@dataclass
class BuildResult:
    """What :func:`build` wrote and the figures of its summary."""

    out: Path
    desa: gpd.GeoDataFrame
    levels: dict[str, gpd.GeoDataFrame]
    registers: list[RegisterBuild]
    meta: dict
    boundary_qa: dict


def build(spec: BuildSpec, out: str | Path, *, registers: list[RegisterData] | None = None,
          keep: list[str] | None = None, settings: Settings = DEFAULT) -> BuildResult:
    """Build a dataset directory from the inputs of ``spec``.

    Parameters
    ----------
    spec
        The inputs: boundary file, household files and the optional tables
        (:class:`BuildSpec`).
    out
        Dataset directory to write (replaced atomically).
    registers
        Registers already read (de-personalised :class:`RegisterData`), used instead of
        reading ``spec.households`` (which may then be empty): the browser import re-matches
        after a name decision without keeping the raw uploads.
    keep
        Entries of an existing ``out`` directory carried over into the new one (the demo keeps
        its ``input`` folder there).
    settings
        Thresholds and switches.

    Raises
    ------
    InputError
        Any refused input; nothing is written then.
    """
    _check_period(spec.period)
    out = Path(out)
    mapping = read_mapping(spec.mapping) if spec.mapping else None
    bres = read_boundaries(spec.boundaries, area=spec.area, crs=spec.crs, codes=spec.codes,
                           mapping=mapping, settings=settings)
    desa_geo = bres.desa
    builds = _build_registers(spec, registers, desa_geo, mapping, settings)
    prefixed = len(builds) > 1
    extras = desa_extras(desa_geo, builds, population=spec.population, idm=spec.idm,
                         extra=list(spec.extra), geotag=list(spec.geotag), mapping=mapping,
                         prefixed=prefixed, settings=settings)
    desa = _combine(desa_geo, builds, extras, prefixed=prefixed)
    levels = _levels(desa, builds, extras, prefixed=prefixed)
    meta = assemble_meta(spec, builds, bres.qa, desa_geo, extras, prefixed=prefixed,
                         settings=settings)
    write_dataset(out, desa, levels, builds, meta, extras, bres.qa, keep=keep or [])
    return BuildResult(out=out, desa=desa, levels=levels, registers=builds, meta=meta,
                       boundary_qa=bres.qa)


def _build_registers(spec: BuildSpec, registers: list[RegisterData] | None,
                     desa_geo: gpd.GeoDataFrame, mapping: pd.DataFrame | None,
                     settings: Settings) -> list[RegisterBuild]:
    """Every register of the build, matched to the desa of the boundary file and counted."""
    gazetteer = pd.DataFrame(desa_geo.drop(columns="geometry"))
    sources = register_sources(spec.households, registers, settings)
    if not sources:
        raise InputError("Tidak ada berkas rumah tangga.", "No household file given.")
    bridge = (load_bridge(gazetteer, crosswalk=spec.crosswalk) if "dtsen" in sources
              else None)
    return [build_register(layout, source, gazetteer, mapping, settings, bridge=bridge)
            for layout, source in sources.items()]


def _check_period(period: str | None) -> None:
    if period is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise InputError(f"Periode '{period}' harus berbentuk YYYY-MM (mis. 2026-10).",
                         f"Period '{period}' must look like YYYY-MM (e.g. 2026-10).",
                         column="--period")


def _combine(desa_geo: gpd.GeoDataFrame, builds: list[RegisterBuild], extras: DesaExtras, *,
             prefixed: bool) -> gpd.GeoDataFrame:
    desa = desa_geo[CANONICAL + ["geometry"]].set_index("kode_desa")
    base = desa[["luas_km2"]].join(extras.frame[[c for c in ("kk_total", "jiwa_total")
                                                 if c in extras.frame]])
    parts = []
    for rb in builds:
        prefix = f"{rb.register}_" if prefixed else ""
        frame = add_rates(rb.desa.join(base))
        parts.append(_select_available(frame).add_prefix(prefix))
    glob = extras.frame
    if "jiwa_total" in glob:
        glob = add_rates(glob.join(desa[["luas_km2"]]), rates=GLOBAL_RATES).drop(
            columns="luas_km2")
    out = desa.join(parts + [glob]) if len(glob.columns) else desa.join(parts)
    out = out.reset_index()
    cols = CANONICAL + [c for c in out.columns if c not in CANONICAL and c != "geometry"]
    return gpd.GeoDataFrame(out[cols + ["geometry"]], geometry="geometry", crs="EPSG:4326")


def _select_available(frame: pd.DataFrame) -> pd.DataFrame:
    """Catalogue columns in order; the ones the layout cannot provide stay, all NA."""
    cols = [ind.nama for ind in CATALOGUE] + ["alasan_kosong"]
    return frame[cols]


def _levels(desa: gpd.GeoDataFrame, builds: list[RegisterBuild], extras: DesaExtras, *,
            prefixed: bool) -> dict[str, gpd.GeoDataFrame]:
    dissolved = dissolve_levels(desa[CANONICAL + ["geometry"]])
    counts, coverage = list(extras.counts), {}
    for rb in builds:
        prefix = f"{rb.register}_" if prefixed else ""
        counts += [prefix + c for c in COUNTS]
        coverage[f"{prefix}desa_berdata"] = prefix + "kk_terdaftar"
    if "kk_total" in extras.counts:
        coverage["desa_berpenyebut"] = "kk_total"
    out = {}
    for level, geo in dissolved.items():
        key = LEVEL_NAMES[level][0]
        summed = roll_up(pd.DataFrame(desa), level, count_columns=counts,
                         coverage_columns=coverage)
        base = geo.set_index(key)
        names = [c for c in LEVEL_NAMES[level][1:] if c in base]
        frame = base[names + ["luas_km2"]].join(summed)
        for rb in builds:
            prefix = f"{rb.register}_" if prefixed else ""
            frame = add_rates(frame, prefix=prefix)
        if "jiwa_total" in frame:
            frame = add_rates(frame, rates=GLOBAL_RATES)
        ordered = ([c for c in names] + ["luas_km2", "jumlah_desa"]
                   + [c for c in frame.columns if c not in names + ["luas_km2", "jumlah_desa"]])
        frame = frame[ordered].join(base[["geometry"]]).reset_index()
        out[level] = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
    return out


