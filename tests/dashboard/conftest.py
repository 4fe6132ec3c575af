"""Datasets for the dashboard tests.

``tiny_dir``: a hand-made dataset in the build's output format (five square desa in two
kecamatan; one kecamatan without register rows), levels rolled up with ``layers``.
``demo_dir``: the committed demo build (``data/demo``).
``blora_dir``: a small build over the real Blora boundaries (synthetic households), slow.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

#: desa of the tiny dataset: code, name, jenis, grid column, grid row
TINY_DESA = [
    ("9901012001", "Satu", "desa", 0, 0),
    ("9901012002", "Dua", "desa", 1, 0),
    ("9901011003", "Tiga", "kelurahan", 2, 0),
    ("9901022001", "Empat", "desa", 0, 1),
    ("9901022002", "Lima", "desa", 1, 1),
]
#: counts of kecamatan Alfa (990101); kecamatan Beta (990102) has no register rows
TINY_COUNTS = {
    "kk_terdaftar": [100, 250, 1200],
    "kk_desil_1": [10, 50, 300],
    "kk_desil_2": [20, 50, 300],
    "kk_desil_3": [30, 50, 0],
    "kk_desil_4": [0, 50, 100],
    "kk_miskin_ekstrem": [10, 50, 300],
    "kk_pkh": [40, 0, 600],
    "kk_bpnt": [50, 100, 700],
    "kk_desil_1_4_tanpa_bansos": [5, 0, 250],
    "kk_inklusi": [1, 2, 3],
    "kk_lantai_tanah": [5, 10, 100],
    "kk_deprivasi": [3, 8, 90],
}
#: a reference layer of the area (no register): IDM score and status; Tiga is a kelurahan
TINY_IDM = {"idm_nilai": [0.7351, 0.6, None, 0.45, 0.81],
            "idm_status": ["MAJU", "BERKEMBANG", None, "TERTINGGAL", "MANDIRI"]}
KELURAHAN_REASON = ["Kelurahan tidak dinilai IDM (tidak menerima Dana Desa).",
                    "Kelurahan are not scored by IDM (they receive no Dana Desa)."]


def write_tiny(out: Path) -> Path:
    """Write the tiny dataset (contract of docs/architecture.md, "Output directory")."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import box

    from layers.indicators import CATALOGUE, COUNTS, REGISTER_LABEL, meta_entry, unavailable_reason
    from layers.indicators.aggregate import add_rates
    from tools.handmade import write_levels

    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for kode, nama, jenis, col, row in TINY_DESA:
        x0, y0 = 110.0 + col * 0.01, -7.0 - row * 0.01
        rows.append({"kode_desa": kode, "nama_desa": nama, "jenis": jenis,
                     "kode_kec": kode[:6], "nama_kec": "Alfa" if kode[:6] == "990101" else "Beta",
                     "kode_kab": "9901", "nama_kab": "Kabupaten Uji", "kode_prov": "99",
                     "nama_prov": "Contoh", "kode_desa_bps": "", "luas_km2": 1.2,
                     "geometry": box(x0, y0 - 0.01, x0 + 0.01, y0)})
    desa = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    for c in desa.columns.drop(["luas_km2", "geometry"]):
        desa[c] = desa[c].astype("string")
    counts = pd.DataFrame(index=desa["kode_desa"])
    for name in COUNTS:
        values = TINY_COUNTS.get(name)
        col = pd.Series(pd.NA, index=counts.index, dtype="Int64")
        if values is not None:
            col.iloc[:3] = values
        counts[name] = col
    counts["alasan_kosong"] = pd.array([pd.NA, pd.NA, pd.NA, "kecamatan_tanpa_data",
                                        "kecamatan_tanpa_data"], dtype="string")
    counts = add_rates(counts.join(desa.set_index("kode_desa")[["luas_km2"]])).drop(
        columns="luas_km2")
    counts = counts[[i.nama for i in CATALOGUE] + ["alasan_kosong"]]
    counts["idm_nilai"] = pd.array(TINY_IDM["idm_nilai"], dtype="Float64")
    counts["idm_status"] = pd.array(TINY_IDM["idm_status"], dtype="string")
    full = gpd.GeoDataFrame(desa.set_index("kode_desa").join(counts).reset_index(),
                            geometry="geometry", crs="EPSG:4326")
    write_levels(full, desa, out)
    sub = pd.DataFrame({"register": "p3ke", "kode_desa": "9901012002",
                        "dusun": ["KRAJAN", "KRAJAN", "NGASEM"], "rw": ["001", "002", "003"],
                        "kk_terdaftar": pd.array([100, 90, 60], dtype="Int64"),
                        "kk_pkh": pd.array([0, 0, 0], dtype="Int64")})
    sub.to_parquet(out / "subdesa.parquet", index=False)
    indicators = []
    for ind in CATALOGUE:
        reason = unavailable_reason(ind, "p3ke")
        indicators.append(meta_entry(ind, register="p3ke", reason=reason))
    for kolom, jenis, lid, len_ in (("idm_nilai", "score", "Nilai IDM 2024", "IDM score 2024"),
                                    ("idm_status", "category", "Status IDM 2024",
                                     "IDM status 2024")):
        indicators.append({"kolom": kolom, "nama": kolom, "register": None, "jenis": jenis,
                           "satuan": "", "label_id": lid, "label_en": len_, "metode_id": "",
                           "metode_en": "", "tersedia": True, "alasan_id": None,
                           "alasan_en": None, "alasan_kosong_kelurahan": KELURAHAN_REASON})
    meta = {
        "versi": "test", "periode": "2026-10",
        "wilayah": {"kode": "9901", "nama": "Kabupaten Uji", "tingkat": "kabupaten"},
        "registers": [{"register": "p3ke", "layout": "p3ke", "label_id": REGISTER_LABEL["p3ke"][0],
                       "label_en": REGISTER_LABEL["p3ke"][1], "files": [], "rows_read": 1550,
                       "duplicates": 0, "rejected": 0, "kept": 1550,
                       "programmes": ["pkh", "bpnt"], "match_rate": 1.0,
                       "kecamatan_tanpa_data": ["990102"]}],
        "indikator": indicators,
        "alasan_kosong": {"kecamatan_tanpa_data": [
            "Tidak ada baris di berkas masukan untuk kecamatan ini.",
            "The input files have no rows for this kecamatan."]},
        "batas_wilayah": {"file": "batas_uji.geojson"},
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1),
                                   encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory) -> Path:
    return write_tiny(tmp_path_factory.mktemp("tiny") / "uji")


@pytest.fixture(scope="session")
def tiny_dataset(tiny_dir):
    from dashboard.dataset import LoadedDataset
    from dashboard.settings import DashboardSettings

    return LoadedDataset.load(tiny_dir, settings=DashboardSettings(data_dir=tiny_dir))


@pytest.fixture(scope="session")
def tiny_app(tiny_dir, tiny_dataset):
    from dashboard import create_app
    from dashboard.settings import DashboardSettings

    return create_app(DashboardSettings(data_dir=tiny_dir), dataset=tiny_dataset)


def demo_path() -> Path:
    """The committed demo build (``PRIORITAS_DEMO`` may point elsewhere while developing)."""
    return Path(os.environ.get("PRIORITAS_DEMO") or REPO / "data" / "demo")


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    path = demo_path()
    if not (path / "meta.json").exists():
        pytest.fail(f"demo dataset missing at {path.name}/ (build it with `make demo`)")
    return path


@pytest.fixture(scope="session")
def demo_dataset(demo_dir):
    from dashboard.dataset import LoadedDataset
    from dashboard.settings import DashboardSettings

    return LoadedDataset.load(demo_dir, settings=DashboardSettings(data_dir=demo_dir))


@pytest.fixture(scope="session")
def blora_dir(shared_data, tmp_path_factory) -> Path:
    """Synthetic households over the real Blora boundaries, built by ``python -m layers demo``."""
    import contextlib
    import io

    from layers.cli import main

    out = tmp_path_factory.mktemp("blora") / "blora"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["demo", "--boundaries", str(shared_data / "geojson" / "desa_blora.geojson"),
                     "--households", "3000", "--out", str(out)])
    assert code == 0
    return out
