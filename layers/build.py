"""The whole pipeline: boundary file + household registers -> one dataset directory.

A build either writes a complete dataset or nothing: files go to a temporary directory beside
the target, which replaces the target only when every file is written. Same inputs give
byte-identical files (no timestamps, sorted rows, stable column order).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pyproj
import numpy as np
import pandas as pd

from . import __version__
from .aggregate import NO_ROWS_IN_KECAMATAN, add_rates, aggregate_desa, roll_up, subdesa_table
from .boundaries import dissolve_levels, read_boundaries
from .errors import InputError
from .indicators import (CATALOGUE, COUNTS, GLOBAL_INDICATORS, NEEDS_TOTAL, REGISTER_LABEL,
                         REGISTER_OF_LAYOUT, unavailable_reason)
from .bridge import load_bridge, resolve_bps
from .extras import DesaExtras, desa_extras
from .housing import add_deprivation
from .matching import read_mapping, resolve_areas
from .registers import RegisterData, read_register, sniff_layout
from .settings import DEFAULT, Settings

CANONICAL = ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab", "nama_kab",
             "kode_prov", "nama_prov", "kode_desa_bps", "luas_km2"]
AREA_INPUT = ["prov", "kab", "kec", "desa", "kode"]
HOUSING_LAYOUTS = ("p3ke", "dtsen")
_WGS84 = pyproj.CRS.from_epsg(4326)
GLOBAL_RATES = tuple(ind for ind in GLOBAL_INDICATORS if ind.kind != "count")
LEVEL_NAMES = {"kecamatan": ["kode_kec", "nama_kec", "kode_kab", "nama_kab", "kode_prov",
                             "nama_prov"],
               "kabupaten": ["kode_kab", "nama_kab", "kode_prov", "nama_prov"],
               "provinsi": ["kode_prov", "nama_prov"]}


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


@dataclass
class BuildResult:
    """What :func:`build` wrote and the figures of its summary."""

    out: Path
    desa: gpd.GeoDataFrame
    levels: dict[str, gpd.GeoDataFrame]
    registers: list[RegisterBuild]
    meta: dict
    boundary_qa: dict


def build(*, boundaries: str | Path, households: list[str | Path], out: str | Path,
          mapping: str | Path | None = None, period: str | None = None,
          area: str | None = None, crs: str | None = None, codes: str | Path | None = None,
          crosswalk: str | Path | None = None, population: str | Path | None = None,
          idm: str | Path | None = None, extra: list[str | Path] | None = None,
          geotag: list[str | Path] | None = None, keep: list[str] | None = None,
          registers: list[RegisterData] | None = None,
          settings: Settings = DEFAULT) -> BuildResult:
    """Build a dataset directory from a boundary file and household register files.

    Parameters
    ----------
    boundaries
        Boundary file (GeoPackage, zipped Shapefile, GeoJSON, GeoParquet).
    households
        Files, folders or zips; grouped by detected layout, one register per layout.
    out
        Dataset directory to write (replaced atomically).
    mapping
        Mapping CSV pinning name decisions (see :func:`layers.matching.read_mapping`).
    period
        Data period ``YYYY-MM``.
    area
        Keep only this area of the boundary file (e.g. ``33.16``).
    crs
        CRS of a boundary file that has none.
    codes
        Code table for a boundary file with names only (``kode_wilayah_kemendagri_2025.csv``
        layout).
    crosswalk
        BPS -> Kemendagri crosswalk for DTSEN files (else the boundary file's BPS column).
    population
        Population table per desa: gives ``kk_total`` / ``jiwa_total`` and the rates over them.
    idm
        IDM table (layout of ``idm_2024_desa_indonesia.csv``).
    extra
        Per-desa tables of numbers kept as optional indicators.
    geotag
        Geotagged household points (lat/lon tables or a point layer): ``kk_geotag`` per desa;
        coordinates are dropped after the join.
    keep
        Entries of an existing ``out`` directory carried over into the new one (the demo keeps
        its ``input`` folder there).
    registers
        Registers already read (de-personalised :class:`RegisterData`), used instead of
        reading ``households`` again: the browser import re-matches after a name decision
        without keeping the raw uploads.

    Raises
    ------
    InputError
        Any refused input; nothing is written then.
    """
    _check_period(period)
    out = Path(out)
    mapping_df = read_mapping(mapping) if mapping else None
    bres = read_boundaries(boundaries, area=area, crs=crs, codes=codes, mapping=mapping_df,
                           settings=settings)
    desa_geo = bres.desa
    gazetteer = pd.DataFrame(desa_geo.drop(columns="geometry"))

    if registers is not None:
        groups = {d.layout: d for d in sorted(registers,
                                              key=lambda d: REGISTER_OF_LAYOUT[d.layout])}
    else:
        groups = _group_by_layout([Path(p) for p in households], settings)
    if not groups:
        raise InputError("Tidak ada berkas rumah tangga.", "No household file given.")
    prefixed = len(groups) > 1
    bridge = load_bridge(gazetteer, crosswalk=crosswalk) if "dtsen" in groups else None
    builds = [_build_register(layout, source, gazetteer, mapping_df, settings, bridge=bridge)
              for layout, source in groups.items()]
    extras = desa_extras(desa_geo, builds, population=population, idm=idm,
                         extra=extra or [], geotag=geotag or [], mapping=mapping_df,
                         prefixed=prefixed, settings=settings)

    desa = _combine(desa_geo, builds, extras, prefixed=prefixed)
    levels = _levels(desa, builds, extras, prefixed=prefixed)
    meta = _meta(builds, bres.qa, desa_geo, extras, boundaries=boundaries, mapping=mapping,
                 period=period, area=area, prefixed=prefixed, settings=settings)
    _write(out, desa, levels, builds, meta, extras, bres.qa, prefixed=prefixed,
           keep=keep or [])
    return BuildResult(out=out, desa=desa, levels=levels, registers=builds, meta=meta,
                       boundary_qa=bres.qa)


def _group_by_layout(paths: list[Path], settings: Settings) -> dict[str, list[Path]]:
    """Household inputs grouped by the layout their header shows (one register per layout)."""
    groups: dict[str, list[Path]] = {}
    for path in paths:
        if not path.exists():
            raise InputError("Berkas atau folder tidak ditemukan.", "File or folder not found.",
                             file=str(path))
        groups.setdefault(sniff_layout(path, settings=settings), []).append(path)
    return dict(sorted(groups.items(), key=lambda kv: REGISTER_OF_LAYOUT[kv[0]]))


def _check_period(period: str | None) -> None:
    if period is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise InputError(f"Periode '{period}' harus berbentuk YYYY-MM (mis. 2026-10).",
                         f"Period '{period}' must look like YYYY-MM (e.g. 2026-10).",
                         column="--period")


def _build_register(layout: str, source: list[Path] | RegisterData, gazetteer: pd.DataFrame,
                    mapping: pd.DataFrame | None, settings: Settings, *,
                    bridge=None) -> RegisterBuild:
    data = (source if isinstance(source, RegisterData)
            else read_register(source, settings=settings))
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
    kec_of_area = _resolved_kecamatan(match, areas, gazetteer)
    covered = set(pd.Series(kec_of_area.to_numpy()[inverse]).dropna())
    desa = aggregate_desa(hh, gazetteer, layout=layout, programmes=data.programmes,
                          covered_kec=covered, settings=settings)
    sub = subdesa_table(hh, layout=layout, programmes=data.programmes, settings=settings)
    outside = int((match.metode.to_numpy()[inverse] == "not_in_area").sum())
    unresolved = int(hh["kode_desa"].isna().sum()) - outside
    in_area = len(hh) - outside
    rate = 1.0 - unresolved / in_area if in_area else 0.0
    return RegisterBuild(register=REGISTER_OF_LAYOUT[layout], data=data, desa=desa,
                         subdesa=sub, report=match.report, review=match.review,
                         match_rate=round(rate, 4), households_unresolved=unresolved,
                         households_outside=outside, covered_kec=sorted(covered),
                         housing=housing)


def _distinct_areas(hh: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Distinct input areas (names and codes as written) and each household's area number."""
    values = hh[keys].astype("string").fillna("")
    grouped = values.groupby(keys, sort=True)
    inverse = grouped.ngroup().to_numpy()
    areas = grouped.size().rename("n_rows").reset_index()
    areas[keys] = areas[keys].replace("", pd.NA)
    return areas, inverse


def _resolved_kecamatan(match, areas: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.Series:
    """Kecamatan code of each input area: from the resolved desa, else from the report."""
    kec_of_desa = gazetteer.set_index("kode_desa")["kode_kec"]
    kec = match.kode_desa.map(kec_of_desa)
    if getattr(match, "kode_kec", None) is not None:
        kec = kec.fillna(match.kode_kec)
    return kec


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
    cols = [ind.name for ind in CATALOGUE] + ["alasan_kosong"]
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


def _meta(builds: list[RegisterBuild], qa: dict, desa_geo: gpd.GeoDataFrame,
          extras: DesaExtras, *, boundaries, mapping, period, area, prefixed: bool,
          settings: Settings) -> dict:
    kab = desa_geo[["kode_kab", "nama_kab"]].drop_duplicates()
    if len(kab) == 1:
        wilayah = {"kode": kab.iloc[0, 0], "nama": kab.iloc[0, 1], "tingkat": "kabupaten"}
    else:
        prov = desa_geo[["kode_prov", "nama_prov"]].drop_duplicates()
        wilayah = ({"kode": prov.iloc[0, 0], "nama": prov.iloc[0, 1], "tingkat": "provinsi"}
                   if len(prov) == 1 else {"kode": "", "nama": "Indonesia", "tingkat": "nasional"})
    registers, indicators = [], []
    for rb in builds:
        prefix = f"{rb.register}_" if prefixed else ""
        s = rb.data.stats
        no_rows = sorted(set(desa_geo["kode_kec"]) - set(rb.covered_kec))
        registers.append({
            "register": rb.register, "layout": rb.data.layout,
            "label_id": REGISTER_LABEL[rb.register][0], "label_en": REGISTER_LABEL[rb.register][1],
            "files": s["files"], "rows_read": s["rows_read"], "duplicates": s["duplicates"],
            "rejected": s["rejected"], "kept": s["kept"], "persons": s.get("persons"),
            "programmes": list(rb.data.programmes),
            "households_unresolved": rb.households_unresolved,
            "households_outside_area": rb.households_outside, "match_rate": rb.match_rate,
            "names_to_review": int(len(rb.review)),
            "kecamatan_tanpa_data": no_rows,
            **({"perumahan": rb.housing.stats} if rb.housing is not None else {}),
        })
        for ind in CATALOGUE:
            reason = unavailable_reason(ind, rb.data.layout)
            if reason is None and ind.name in NEEDS_TOTAL and "kk_total" not in extras.frame:
                reason = (extras.meta["penyebut"]["alasan_id"],
                          extras.meta["penyebut"]["alasan_en"])
            indicators.append({
                "kolom": prefix + ind.name, "nama": ind.name, "register": rb.register,
                "jenis": ind.kind, "satuan": ind.unit, "label_id": ind.label_id,
                "label_en": ind.label_en, "metode_id": ind.method_id,
                "metode_en": ind.method_en, "tersedia": reason is None,
                "alasan_id": reason[0] if reason else None,
                "alasan_en": reason[1] if reason else None,
            })
    return {
        "versi": __version__,
        "periode": period,
        "wilayah": wilayah,
        "registers": registers,
        "indikator": indicators + extras.indicators,
        **extras.meta,
        "alasan_kosong": {NO_ROWS_IN_KECAMATAN: [
            "Tidak ada baris di berkas masukan untuk kecamatan ini.",
            "The input files have no rows for this kecamatan."]},
        "pengaturan_perumahan": {"housing_deprivation_min": settings.housing_deprivation_min},
        "batas_wilayah": {"file": Path(boundaries).name, "sha256": qa.get("sha256"),
                          "layout": qa.get("layout"), "desa": int(len(desa_geo)),
                          "area": area, "qa": _qa_summary(qa)},
        "mapping": Path(mapping).name if mapping else None,
        "pengaturan": {"inclusion_min_desil": settings.inclusion_min_desil,
                       "exclusion_desil_max": settings.exclusion_desil_max,
                       "extreme_poverty_desil": settings.extreme_poverty_desil,
                       "fuzzy_accept": settings.fuzzy_accept,
                       "fuzzy_margin": settings.fuzzy_margin},
    }


def _qa_summary(qa: dict) -> dict:
    out = {"rows_read": qa.get("rows_read"), "repaired": qa.get("repaired"),
           "duplicate_codes": len(qa.get("duplicate_codes", [])),
           "overlaps": len(qa.get("overlaps", [])), "gaps": len(qa.get("gaps", []))}
    if "codes_review" in qa:
        out.update(codes_file=qa["codes_file"], names_to_review=int(len(qa["codes_review"])))
    return out


def _write(out: Path, desa: gpd.GeoDataFrame, levels: dict, builds: list[RegisterBuild],
           meta: dict, extras: DesaExtras, qa: dict, *, prefixed: bool,
           keep: list[str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    tmp.chmod(0o755)
    try:
        _write_parquet(desa, tmp / "desa.parquet")
        for level, frame in levels.items():
            _write_parquet(frame, tmp / f"{level}.parquet")
        _write_subdesa(builds, tmp / "subdesa.parquet", prefixed=prefixed)
        _write_csv(_match_report(builds, extras, qa), tmp / "match_report.csv")
        _write_csv(_rejected(builds, extras), tmp / "rejected.csv")
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1,
                                                  default=_json_default) + "\n",
                                       encoding="utf-8")
        _replace_dir(tmp, out, keep=keep)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _json_default(value):
    if hasattr(value, "item"):
        return value.item()
    if value is pd.NA:
        return None
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    if isinstance(frame, gpd.GeoDataFrame):
        # one spelling of EPSG:4326 in the file metadata, whatever CRS object the geometry
        # arrived with (a CRS read from a file's WKT serialises differently): same bytes
        frame = frame.set_crs(_WGS84, allow_override=True)
        frame.to_parquet(path, index=False, compression="zstd", write_covering_bbox=False)
    else:
        frame.to_parquet(path, index=False, compression="zstd")


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _write_subdesa(builds: list[RegisterBuild], path: Path, *, prefixed: bool) -> None:
    frames = []
    for rb in builds:
        sub = rb.subdesa.copy()
        sub.insert(0, "register", rb.register)
        frames.append(sub)
    sub = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    sub.to_parquet(path, index=False, compression="zstd")


def _match_report(builds: list[RegisterBuild], extras: DesaExtras, qa: dict) -> pd.DataFrame:
    frames = []
    if "codes_report" in qa:
        rep = qa["codes_report"].copy()
        rep.insert(0, "register", "batas")
        frames.append(rep)
    for rb in builds:
        rep = rb.report.copy()
        rep.insert(0, "register", rb.register)
        frames.append(rep)
    frames += [f for f in extras.reports if len(f)]
    return pd.concat(frames, ignore_index=True)


def _rejected(builds: list[RegisterBuild], extras: DesaExtras) -> pd.DataFrame:
    frames = []
    for rb in builds:
        rej = rb.data.rejected.copy()
        rej.insert(0, "register", rb.register)
        frames.append(rej)
    frames += [f for f in extras.rejected if len(f)]
    return pd.concat(frames, ignore_index=True)


def _replace_dir(tmp: Path, out: Path, *, keep: list[str]) -> None:
    """Put ``tmp`` in place of ``out``; the old dataset survives until the new one is whole."""
    for f in tmp.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    if out.exists():
        for name in keep:
            if (out / name).exists():
                shutil.copytree(out / name, tmp / name)
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out)
