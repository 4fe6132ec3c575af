"""``meta.json`` of a dataset: area, registers, indicator catalogue, inputs and settings.

Counts, codes, file names and settings only: nothing personal (docs/data-contract.md).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from layers import __version__
from layers.build.register import RegisterBuild
from layers.build.spec import BuildSpec
from layers.indicators import CATALOGUE, NEEDS_TOTAL, REGISTER_LABEL, meta_entry, unavailable_reason
from layers.indicators.aggregate import NO_ROWS_IN_KECAMATAN
from layers.indicators.extras import DesaExtras
from layers.settings import Settings


def assemble_meta(spec: BuildSpec, builds: list[RegisterBuild], qa: dict,
                  desa_geo: gpd.GeoDataFrame, extras: DesaExtras, *, prefixed: bool,
                  settings: Settings) -> dict:
    """The content of ``meta.json`` (key order is part of the byte-identical output)."""
    registers, indicators = [], []
    for rb in builds:
        prefix = f"{rb.register}_" if prefixed else ""
        registers.append(_register_entry(rb, desa_geo))
        indicators += _indicator_entries(rb, extras, prefix)
    return {
        "versi": __version__,
        "periode": spec.period,
        "wilayah": _wilayah(desa_geo),
        "registers": registers,
        "indikator": indicators + extras.indicators,
        **extras.meta,
        "alasan_kosong": {NO_ROWS_IN_KECAMATAN: [
            "Tidak ada baris di berkas masukan untuk kecamatan ini.",
            "The input files have no rows for this kecamatan."]},
        "pengaturan_perumahan": {"housing_deprivation_min": settings.housing_deprivation_min},
        "batas_wilayah": {"file": Path(spec.boundaries).name, "sha256": qa.get("sha256"),
                          "layout": qa.get("layout"), "desa": int(len(desa_geo)),
                          "area": spec.area, "qa": _qa_summary(qa)},
        "mapping": Path(spec.mapping).name if spec.mapping else None,
        "pengaturan": {"inclusion_min_desil": settings.inclusion_min_desil,
                       "exclusion_desil_max": settings.exclusion_desil_max,
                       "extreme_poverty_desil": settings.extreme_poverty_desil,
                       "fuzzy_accept": settings.fuzzy_accept,
                       "fuzzy_margin": settings.fuzzy_margin},
    }


def _wilayah(desa_geo: gpd.GeoDataFrame) -> dict:
    """The area of the dataset: its one kabupaten, else its one provinsi, else Indonesia."""
    kab = desa_geo[["kode_kab", "nama_kab"]].drop_duplicates()
    if len(kab) == 1:
        return {"kode": kab.iloc[0, 0], "nama": kab.iloc[0, 1], "tingkat": "kabupaten"}
    prov = desa_geo[["kode_prov", "nama_prov"]].drop_duplicates()
    return ({"kode": prov.iloc[0, 0], "nama": prov.iloc[0, 1], "tingkat": "provinsi"}
            if len(prov) == 1 else {"kode": "", "nama": "Indonesia", "tingkat": "nasional"})


def _register_entry(rb: RegisterBuild, desa_geo: gpd.GeoDataFrame) -> dict:
    """Reading and matching counts of one register."""
    s = rb.data.stats
    no_rows = sorted(set(desa_geo["kode_kec"]) - set(rb.covered_kec))
    return {
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
    }


def _indicator_entries(rb: RegisterBuild, extras: DesaExtras, prefix: str) -> list[dict]:
    """The catalogue's indicators of one register, each available or with its reason."""
    entries = []
    for ind in CATALOGUE:
        reason = unavailable_reason(ind, rb.data.layout)
        if reason is None and ind.nama in NEEDS_TOTAL and "kk_total" not in extras.frame:
            reason = (extras.meta["penyebut"]["alasan_id"],
                      extras.meta["penyebut"]["alasan_en"])
        entries.append(meta_entry(ind, register=rb.register, prefix=prefix, reason=reason))
    return entries


def _qa_summary(qa: dict) -> dict:
    out = {"rows_read": qa.get("rows_read"), "repaired": qa.get("repaired"),
           "duplicate_codes": len(qa.get("duplicate_codes", [])),
           "overlaps": len(qa.get("overlaps", [])), "gaps": len(qa.get("gaps", []))}
    if "codes_review" in qa:
        out.update(codes_file=qa["codes_file"], names_to_review=int(len(qa["codes_review"])))
    return out
