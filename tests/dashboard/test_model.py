"""View models on the tiny dataset: hideout, legend, reasons, table, CSV, profile, routes."""

import json

import pandas as pd
import pytest

from dashboard.model import (RowFilter, breadcrumb, choropleth, class_label, csv_text,
                             empty_reason, hideout, legend, paginate, parse_filter, profile,
                             route, table_rows)
from dashboard.views import View

KEC = View("kecamatan", "990101", "desa")
KAB_DESA = View("kabupaten", "9901", "desa")


def ch_of(dataset, view, kolom="kk_terdaftar", scheme="quantiles", k=5):
    return choropleth(dataset.units(view), dataset.indicator(kolom), scheme=scheme, k=k)


def test_hideout_carries_classes_values_ranks_and_no_geometry(tiny_dataset):
    ch = ch_of(tiny_dataset, KAB_DESA)
    h = hideout(ch, src="/g.pbf", unit="desa", selected="9901012002", lang="id", labels=True)
    assert h["c"] == "201--"
    assert h["v"] == "1200,100,250,,"
    assert h["r"] == "1,3,2,,"
    assert h["cats"] == []
    assert h["pn"] == {"990101": 3, "990102": 0}
    assert h["pl"] == 6 and h["sel"] == "9901012002" and h["dec"] == 0 and h["u"] == "KK"
    assert h["pal"] == ["#ffeda0", "#feb24c", "#f03b20"]
    text = json.dumps(h)
    assert "coordinates" not in text and "geometry" not in text


def test_rates_are_rounded_as_shown(tiny_dataset):
    ch = ch_of(tiny_dataset, KEC, "kk_per_km2")
    h = hideout(ch, src="/g.pbf", unit="desa", selected=None, lang="en", labels=False)
    assert h["v"] == "1000,83.3,208.3"
    assert h["dec"] == 1 and h["u"] == "households/km²"  # translated in English


def test_legend_bounds_in_indonesian_format(tiny_dataset):
    ch = ch_of(tiny_dataset, KEC)
    lg = legend(ch, tiny_dataset.units(KEC), tiny_dataset, lang="id")
    assert [(e.text, e.count) for e in lg.entries] == [("100", 1), ("101 – 250", 1),
                                                       ("251 – 1.200", 1)]
    assert lg.nodata == 0 and lg.unit == "KK" and lg.scheme == "Kuantil"


def test_legend_explains_no_data(tiny_dataset):
    ch = ch_of(tiny_dataset, KAB_DESA)
    lg = legend(ch, tiny_dataset.units(KAB_DESA), tiny_dataset, lang="en")
    assert lg.nodata == 2
    assert lg.nodata_reasons == ["The input files have no rows for this kecamatan."]


def test_rate_legend(tiny_dataset):
    ch = ch_of(tiny_dataset, KEC, "persen_pkh", k=3)
    lg = legend(ch, tiny_dataset.units(KEC), tiny_dataset, lang="id")
    assert [e.text for e in lg.entries] == ["0,0", "0,0 – 40,0", "40,0 – 50,0"]
    assert lg.unit == "%"
    assert lg.entries[0].color == "#edf8b1"  # programme coverage: blue-green, not red


@pytest.mark.parametrize("lower, upper, first, kind, expected", [
    (120.4, 250.0, False, "count", "121 – 250"),
    (3.0, 3.0, True, "count", "3"),
    (1000.0, 2500.0, True, "count", "1.000 – 2.500"),
    (12.34, 18.44, False, "rate", "12,3 – 18,4"),
])
def test_class_label(lower, upper, first, kind, expected):
    assert class_label(lower, upper, first=first, kind=kind, lang="id") == expected


def test_empty_reasons(tiny_dataset):
    desa = tiny_dataset.frames["desa"]
    beta = desa.loc["9901022001"]
    assert empty_reason(beta, tiny_dataset.indicator("kk_terdaftar"), tiny_dataset, lang="id") == \
        "Tidak ada baris di berkas masukan untuk kecamatan ini."
    pbi = empty_reason(desa.loc["9901012001"], tiny_dataset.indicator("kk_pbi"), tiny_dataset,
                       lang="en")
    assert pbi == "The P3KE layout carries no data for this indicator."
    row = desa.loc["9901012001"].copy()
    for d in range(1, 5):
        row[f"kk_desil_{d}"] = 0
    row["persen_tanpa_bansos"] = pd.NA
    text = empty_reason(row, tiny_dataset.indicator("persen_tanpa_bansos"), tiny_dataset, lang="id")
    assert text.startswith("Tidak dapat dihitung: pembaginya nol")


def test_table_sort_filter_and_pages(tiny_dataset):
    ch = ch_of(tiny_dataset, KAB_DESA)
    rows = table_rows(ch)
    assert rows["nama"].tolist() == ["Tiga", "Dua", "Satu", "Empat", "Lima"]
    assert rows["peringkat"].tolist()[:3] == [1, 2, 3]
    by_name = table_rows(ch, sort="nama", descending=False)
    assert by_name["nama"].tolist() == ["Dua", "Empat", "Lima", "Satu", "Tiga"]
    assert table_rows(ch, row_filter=parse_filter("du"))["nama"].tolist() == ["Dua"]
    assert table_rows(ch, row_filter=parse_filter("beta"))["nama"].tolist() == ["Empat", "Lima"]
    assert table_rows(ch, row_filter=parse_filter("> 200"))["nama"].tolist() == ["Tiga", "Dua"]
    assert table_rows(ch, row_filter=parse_filter(">= 1.200"))["nama"].tolist() == ["Tiga"]
    assert table_rows(ch, row_filter=parse_filter("99.01.02"))["nama"].tolist() == [
        "Empat", "Lima"]
    page = paginate(rows, page=0, size=2, selected="9901012001", to_selected=True)
    assert (page.page, page.pages, page.first) == (1, 3, 2)
    assert page.rows["nama"].tolist() == ["Satu", "Empat"]
    assert paginate(rows, page=9, size=2).page == 2


def test_parse_filter():
    assert parse_filter("≥ 12,5") == RowFilter(op=">=", value=12.5)
    assert parse_filter("< 1,234.5", lang="en") == RowFilter(op="<", value=1234.5)
    assert parse_filter("= 0") == RowFilter(op="=", value=0.0)
    assert parse_filter(None) == RowFilter()


def test_csv_in_indonesian_excel_format(tiny_dataset):
    ch = ch_of(tiny_dataset, KAB_DESA)
    text = csv_text(table_rows(ch), ch, unit="desa", lang="id")
    assert text.splitlines() == [
        "Kode;Desa/Kelurahan;Kecamatan;KK terdaftar (KK);Peringkat di wilayah induk;Kelas",
        "99.01.01.1003;Tiga;Alfa;1200;1;3",
        "99.01.01.2002;Dua;Alfa;250;2;2",
        "99.01.01.2001;Satu;Alfa;100;3;1",
        "99.01.02.2001;Empat;Beta;;;",
        "99.01.02.2002;Lima;Beta;;;",
    ]
    rate = ch_of(tiny_dataset, KEC, "kk_per_km2")
    en = csv_text(table_rows(rate), rate, unit="desa", lang="en").splitlines()
    assert en[0] == ("Code,Village,District,Registered households per km² (households/km²),"
                     "Rank in parent area,Class")
    assert en[1] == "99.01.01.1003,Tiga,Alfa,1000.0,1,3"
    ind = csv_text(table_rows(rate), rate, unit="desa", lang="id").splitlines()
    assert ind[2] == "99.01.01.2002;Dua;Alfa;208,3;2;2"


def test_profile_matches_the_dataset(tiny_dataset):
    p = profile(tiny_dataset, "9901012002", lang="id")
    assert (p.nama, p.jenis, p.kec, p.kab) == ("Dua", "desa", "Alfa", "Kabupaten Uji")
    section, area = p.sections
    assert (section.label, area.label) == ("P3KE", "Data wilayah dan rujukan")
    assert [key for key, _ in section.groups] == [
        "profile.group.main", "profile.group.desil", "profile.group.programmes",
        "profile.group.targeting", "profile.group.housing"]
    assert p.has_housing
    rows = {r.kolom: r for r in section.rows}
    assert rows["kk_lantai_tanah"].desa == "10" and rows["kk_lantai_tanah"].kec == "115"
    assert rows["persen_deprivasi"].desa == "3,2%"
    idm = {r.kolom: r for r in area.rows}
    assert idm["idm_nilai"].desa == "0,6000" and idm["idm_nilai"].rank == "2 dari 2"
    assert idm["idm_status"].desa == "BERKEMBANG" and idm["idm_status"].kec == "–"
    assert rows["kk_terdaftar"].desa == "250"
    assert rows["kk_terdaftar"].rank == "2 dari 3"
    assert rows["kk_terdaftar"].kec == "1.550" and rows["kk_terdaftar"].kab == "1.550"
    assert rows["persen_pkh"].desa == "0,0%" and rows["persen_pkh"].rank == "3 dari 3"
    assert rows["persen_pkh"].kec == "41,3%"
    assert rows["kk_per_km2"].desa == "208,3 KK/km²"
    assert "kk_pbi" not in rows and "jiwa_terdaftar" not in rows
    assert ("KK penerima PBI-JK", "Tata letak P3KE tidak memuat data untuk indikator ini.") \
        in section.unavailable
    assert section.desil["Desa/Kelurahan"] == [20.0, 20.0, 20.0, 20.0]
    assert section.subdesa["rw"].tolist() == ["001", "002", "003"]


def test_profile_of_a_kelurahan_says_why_it_has_no_idm(tiny_dataset):
    area = profile(tiny_dataset, "9901011003", lang="en").sections[-1]
    rows = {r.kolom: r for r in area.rows}
    assert rows["idm_status"].desa == "–"
    assert rows["idm_status"].reason == (
        "Kelurahan are not scored by IDM (they receive no Dana Desa).")
    assert rows["idm_nilai"].reason == rows["idm_status"].reason


def test_categories_keep_their_order_and_have_no_rank(tiny_dataset):
    ch = ch_of(tiny_dataset, KAB_DESA, "idm_status")
    assert ch.categories == ("SANGAT TERTINGGAL", "TERTINGGAL", "BERKEMBANG", "MAJU", "MANDIRI")
    h = hideout(ch, src="/g.pbf", unit="desa", selected=None, lang="id", labels=False)
    assert h["c"] == "-3214"
    assert h["cats"] == list(ch.categories) and h["v"] == ""
    assert h["r"] == ",,,,"
    assert h["pal"][0] == "#bd0026"  # the worst status is the darkest red
    lg = legend(ch, tiny_dataset.units(KAB_DESA), tiny_dataset, lang="id")
    assert [(e.text, e.count) for e in lg.entries] == [
        ("SANGAT TERTINGGAL", 0), ("TERTINGGAL", 1), ("BERKEMBANG", 1), ("MAJU", 1),
        ("MANDIRI", 1)]
    assert lg.scheme == "Kategori" and lg.nodata == 1
    assert lg.nodata_reasons == ["Kelurahan tidak dinilai IDM (tidak menerima Dana Desa)."]
    rows = table_rows(ch)
    assert rows["nama"].tolist() == ["Empat", "Dua", "Satu", "Lima", "Tiga"]
    assert table_rows(ch, row_filter=parse_filter("maju"))["nama"].tolist() == ["Satu"]
    text = csv_text(rows, ch, unit="desa", lang="id").splitlines()
    assert text[1] == "99.01.02.2001;Empat;Beta;TERTINGGAL;;2"


def test_profile_of_a_desa_without_data_says_why(tiny_dataset):
    p = profile(tiny_dataset, "9901022001", lang="en")
    rows = {r.kolom: r for r in p.sections[0].rows}
    assert rows["kk_terdaftar"].desa == "–"
    assert rows["kk_terdaftar"].reason == "The input files have no rows for this kecamatan."
    assert rows["kk_terdaftar"].rank == ""
    assert profile(tiny_dataset, "9901099999", lang="id") is None


def test_routes(tiny_dataset):
    r = route(tiny_dataset, "/kec/990101")
    v = tiny_dataset.version
    assert r.view == KEC
    assert r.geo_url == f"/_pd/geo/desa/990101.pbf?v={v}"
    assert (r.context_url, r.context_current) == (f"/_pd/geo/kecamatan/9901.pbf?v={v}", "990101")
    assert r.bounds == [[-7.01, 110.0], [-7.0, 110.03]]
    d = route(tiny_dataset, "/desa/9901012002")
    assert d.view.selected == "9901012002"
    (s, w), (n, e) = d.bounds  # the desa (110.01..110.02, -7.01..-7.0) grown 2.5 times
    assert (s, w, n, e) == pytest.approx((-7.0175, 110.0025, -6.9925, 110.0275))
    assert route(tiny_dataset, "/").context_url == f"/_pd/geo/kabupaten/99.pbf?v={v}"
    assert route(tiny_dataset, "/kec/990199").view is None
    assert route(tiny_dataset, "/desa/9901012099").view is None
    assert route(tiny_dataset, "/nonsense").view is None


def test_breadcrumb(tiny_dataset):
    crumbs = breadcrumb(tiny_dataset, route(tiny_dataset, "/desa/9901012002").view)
    assert crumbs == [("Contoh", "/prov/99"), ("Kabupaten Uji", "/kab/9901"),
                      ("Alfa", "/kec/990101"), ("Dua", None)]
    assert breadcrumb(tiny_dataset, tiny_dataset.root) == [("Contoh", "/prov/99"),
                                                       ("Kabupaten Uji", None)]
