"""Desa-level inputs that belong to no register: denominators, reference layers, geotags.

:func:`desa_extras` reads them all against the boundary file and returns one frame indexed by
``kode_desa`` plus what ``meta.json``, ``match_report.csv`` and ``rejected.csv`` need. Counts
here (``kk_total``, ``jiwa_total``, ``kk_geotag``) roll up like register counts; reference
values (IDM scores and status, user tables) stay at desa level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from layers.indicators.catalogue import GLOBAL_INDICATORS, meta_entry
from layers.settings import DEFAULT, Settings

#: reason code for a desa with no row in the population table
NO_POPULATION_ROW = "tanpa_baris_penduduk"


@dataclass
class DesaExtras:
    """Everything a build adds per desa besides the registers."""

    frame: pd.DataFrame
    counts: list[str] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    reports: list[pd.DataFrame] = field(default_factory=list)
    rejected: list[pd.DataFrame] = field(default_factory=list)


def desa_extras(desa_geo, builds, *, population=None, idm=None, extra=(), geotag=(),
                mapping=None, prefixed: bool, settings: Settings = DEFAULT) -> DesaExtras:
    """Read population, IDM, extra tables and geotagged points onto the desa of the build.

    Parameters
    ----------
    desa_geo
        The boundary GeoDataFrame (canonical columns).
    builds
        The register builds (a DTSEN register is its own denominator).
    population, idm, extra, geotag
        Paths as given on the command line (``extra`` and ``geotag`` are lists).
    mapping
        Mapping frame for names in population / extra tables.
    prefixed
        Whether register columns carry their prefix (to find a DTSEN count).
    """
    gazetteer = pd.DataFrame(desa_geo.drop(columns="geometry"))
    index = pd.Index(gazetteer["kode_desa"], name="kode_desa")
    ex = DesaExtras(frame=pd.DataFrame(index=index))
    _denominator(ex, gazetteer, builds, population, mapping, prefixed, settings)
    if idm:
        from layers.indicators.reference import read_idm
        _reference(ex, read_idm(idm, gazetteer), "idm")
    for path in extra:
        from layers.indicators.reference import read_extra
        _reference(ex, read_extra(path, gazetteer, mapping=mapping, settings=settings),
                   "tambahan")
    if geotag:
        _geotag(ex, desa_geo, geotag, settings)
    return ex


def _denominator(ex: DesaExtras, gazetteer, builds, population, mapping, prefixed,
                 settings) -> None:
    info = {ind.nama: ind for ind in GLOBAL_INDICATORS}
    if population:
        from layers.indicators.population import read_population
        pop = read_population(population, gazetteer, mapping=mapping, settings=settings)
        table = pop.table.reindex(ex.frame.index)
        ex.frame["kk_total"] = table["kk_total"].astype("Int64")
        ex.frame["jiwa_total"] = table["jiwa_total"].astype("Int64")
        ex.meta["penyebut"] = {"sumber": "tabel_penduduk", "file": pop.stats.get("file"),
                               "sha256": pop.stats.get("sha256"),
                               "desa_dengan_data": int(table["kk_total"].notna().sum()),
                               "desa_tanpa_data": pop.stats.get("desa_tanpa_data", []),
                               "baris": pop.stats.get("rows"),
                               "ditolak": pop.stats.get("rejected")}
        ex.reports.append(_tag(pop.report, "penduduk"))
        ex.rejected.append(_tag(pop.rejected, "penduduk"))
        ex.counts += ["kk_total", "jiwa_total"]
        available = {"kk_total": ex.frame["kk_total"].notna().any(),
                     "jiwa_total": ex.frame["jiwa_total"].notna().any()}
    else:
        dtsen = [rb for rb in builds if rb.data.layout == "dtsen"]
        if dtsen:
            ex.frame["kk_total"] = dtsen[0].desa["kk_terdaftar"].reindex(ex.frame.index)
            ex.meta["penyebut"] = {"sumber": "dtsen",
                                   "catatan": "DTSEN mencakup seluruh penduduk / DTSEN covers "
                                              "the whole population"}
            ex.counts.append("kk_total")
            available = {"kk_total": True, "jiwa_total": False}
        else:
            ex.meta["penyebut"] = {
                "sumber": None,
                "alasan_id": "Tidak ada tabel penduduk (--population) dan tidak ada DTSEN: "
                             "persentase terhadap seluruh KK tidak dihitung.",
                "alasan_en": "No population table (--population) and no DTSEN: shares of all "
                             "households are not computed."}
            available = {"kk_total": False, "jiwa_total": False}
    available["jiwa_per_km2"] = available["jiwa_total"]
    for name, ok in available.items():
        ind = info[name]
        ex.indicators.append(_entry(ind, ok, ex.meta["penyebut"]))
    if available["jiwa_total"]:
        ex.frame["jiwa_per_km2"] = pd.Series(pd.NA, index=ex.frame.index, dtype="Float64")


def _entry(ind, ok: bool, penyebut: dict) -> dict:
    reason = None if ok else (
        penyebut.get("alasan_id") or "Tabel penduduk tidak memuat kolom ini.",
        penyebut.get("alasan_en") or "The population table has no such column.")
    return meta_entry(ind, register=None, reason=reason)


def _reference(ex: DesaExtras, ref, kind: str) -> None:
    table = ref.table.reindex(ex.frame.index)
    for col in table.columns:
        ex.frame[col] = table[col]
    for m in ref.meta:
        ex.indicators.append({
            "kolom": m["kolom"], "nama": m["kolom"], "register": None,
            "jenis": {"kategori": "category"}.get(m.get("jenis"), "score"),
            "satuan": m.get("satuan", ""), "label_id": m["label_id"],
            "label_en": m["label_en"],
            "metode_id": f"{m.get('sumber', '')} {m.get('tahun') or ''}".strip(),
            "metode_en": f"{m.get('sumber_en', m.get('sumber', ''))} {m.get('tahun') or ''}"
                         .strip(),
            "tersedia": True, "alasan_id": None, "alasan_en": None,
            "sumber": m.get("sumber"), "tahun": m.get("tahun"), "file": m.get("file"),
            "sha256": m.get("sha256"), "acuan": kind,
            "alasan_kosong_kelurahan": m.get("alasan_kosong_kelurahan")})
    ex.meta.setdefault("referensi", []).append(
        {"jenis": kind, "file": ref.meta[0]["file"] if ref.meta else None,
         "kolom": [m["kolom"] for m in ref.meta], "statistik": _plain(ref.stats)})
    ex.reports.append(_tag(ref.report, kind))
    ex.rejected.append(_tag(ref.rejected, kind))


def _geotag(ex: DesaExtras, desa_geo, paths, settings) -> None:
    from layers.indicators.geotag import geotag

    res = geotag([Path(p) for p in paths], desa_geo, settings=settings)
    placed = res.points.dropna(subset=["kode_desa"])
    counts = placed.groupby("kode_desa").size()
    kec = pd.Series(ex.frame.index.str[:6], index=ex.frame.index)
    covered = kec.isin(set(placed["kode_desa"].str[:6]))
    col = pd.Series(pd.NA, index=ex.frame.index, dtype="Int64")
    col[covered] = 0
    col.loc[counts.index.intersection(col.index)] = counts
    ex.frame["kk_geotag"] = col
    ex.counts.append("kk_geotag")
    ex.indicators.append({
        "kolom": "kk_geotag", "nama": "kk_geotag", "register": None, "jenis": "count",
        "satuan": "titik", "label_id": "Rumah tangga bertitik (geotag)",
        "label_en": "Geotagged households",
        "metode_id": "Titik koordinat yang jatuh di dalam poligon desa (titik dengan lintang/"
                     "bujur tertukar diperbaiki); koordinat dibuang setelah penggabungan.",
        "metode_en": "Points falling inside the desa polygon (swapped lat/lon repaired); "
                     "coordinates are dropped after the join.",
        "tersedia": True, "alasan_id": None, "alasan_en": None})
    ex.meta["titik"] = _plain(res.stats)
    rec = res.records.rename(columns={"status": "kolom"})
    ex.rejected.append(_tag(rec, "titik"))


def _tag(frame: pd.DataFrame, register: str) -> pd.DataFrame:
    out = frame.copy()
    out.insert(0, "register", register)
    return out


def _plain(value):
    """JSON-ready copy of a stats dict (numpy scalars to Python)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value

