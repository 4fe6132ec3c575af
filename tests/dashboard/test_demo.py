"""The committed demo build (data/demo) through the loaded dataset, the view models and the app."""

import geobuf
import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.i18n import number
from dashboard.model import choropleth, hideout, legend, profile, table_rows
from dashboard.model.classify import SCHEMES
from layers.fmt import angka


def test_demo_loads_with_its_own_area(demo_dataset, demo_dir):
    desa = gpd.read_parquet(demo_dir / "desa.parquet")
    assert len(demo_dataset.frames["desa"]) == len(desa)
    root = demo_dataset.root
    assert root.level == demo_dataset.meta["wilayah"]["tingkat"]
    assert root.kode == demo_dataset.meta["wilayah"]["kode"]


def test_every_view_draws_one_shape_per_area(demo_dataset):
    for view in demo_dataset.all_views():
        fc = geobuf.decode(demo_dataset.geobuf(view.unit, view.kode))
        codes = [f["properties"]["k"] for f in fc["features"]]
        assert codes == demo_dataset.units(view)["kode"].tolist(), view


def test_every_indicator_and_scheme_classifies_without_drawing_missing_as_zero(demo_dataset):
    view = demo_dataset.root.__class__(demo_dataset.root.level, demo_dataset.root.kode, "desa")
    units = demo_dataset.units(view)
    available = [i for i in demo_dataset.indicators if i.tersedia]
    assert len(available) >= 10
    for info in available:
        values = units[info.kolom]
        for scheme in SCHEMES:
            ch = choropleth(units, info, scheme=scheme, k=5)
            h = hideout(ch, src="x", unit="desa", selected=None, lang="id", labels=False)
            assert len(h["c"]) == len(h["r"].split(",")) == len(units)
            if info.jenis != "category":
                assert len(h["v"].split(",")) == len(units)
            missing = values.isna().to_numpy()
            assert [c == "-" for c in h["c"]] == missing.tolist(), info.kolom
            lg = legend(ch, units, demo_dataset, lang="id")
            assert sum(e.count for e in lg.entries) + lg.nodata == len(units)
            if lg.nodata:
                assert lg.nodata_reasons


def test_demo_kecamatan_without_data_is_explained(demo_dataset):
    reasons = [(r["register"], k) for r in demo_dataset.registers()
               for k in r.get("kecamatan_tanpa_data", [])]
    assert reasons, ("the demo lost its kecamatan without register rows (layers.demo plants "
                     "one missing from P3KE): the empty-kecamatan legend is no longer tested")
    register, kec = reasons[0]
    info = next(i for i in demo_dataset.indicators
                if i.register == register and i.nama == "kk_terdaftar")
    view = demo_dataset.root.__class__("kecamatan", kec, "desa")
    ch = choropleth(demo_dataset.units(view), info, scheme="quantiles", k=5)
    assert np.isnan(ch.values).all()
    lg = legend(ch, demo_dataset.units(view), demo_dataset, lang="id")
    assert lg.nodata_reasons == [demo_dataset.meta["alasan_kosong"]["kecamatan_tanpa_data"][0]]


def _expected(value, kind, unit):
    """The text a profile cell must show, written out independently of the dashboard."""
    if value is None or pd.isna(value) or value == "":
        return "–"
    if kind == "category":
        return str(value)
    text = angka(float(value), {"count": 0, "score": 4}.get(kind, 1))
    if kind == "rate":
        return f"{text}%"
    return f"{text} {unit}" if kind in ("density", "score") and unit else text


def test_profiles_show_the_numbers_layers_computed(demo_dataset, demo_dir):
    desa = gpd.read_parquet(demo_dir / "desa.parquet").set_index("kode_desa")
    checked = 0
    for kode in desa.index[::7]:
        p = profile(demo_dataset, kode, lang="id")
        assert p.nama == desa.at[kode, "nama_desa"]
        for section in p.sections:
            for row in section.rows + section.rates:
                value = desa.at[kode, row.kolom]
                info = demo_dataset.indicator(row.kolom)
                assert row.desa == _expected(value, info.jenis, info.satuan), (kode, row.kolom)
                checked += 1
    assert checked > 100


def test_table_ranks_within_kecamatan(demo_dataset):
    kec = demo_dataset.frames["kecamatan"].index[0]
    view = demo_dataset.root.__class__("kecamatan", kec, "desa")
    info = demo_dataset.default_indicator
    rows = table_rows(choropleth(demo_dataset.units(view), info, scheme="quantiles", k=5))
    ranked = rows.dropna(subset=["nilai"])
    assert ranked["peringkat"].iloc[0] == 1
    assert ranked["nilai"].is_monotonic_decreasing
    assert number(ranked["nilai"].iloc[0], kind=info.jenis) != "–"
