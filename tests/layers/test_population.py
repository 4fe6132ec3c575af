"""layers.indicators.population: the population table per desa (denominators), by code or by
name."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.boundaries import gazetteer, read_boundaries
from layers.errors import InputError
from layers.indicators.placement import locate, parse_count
from layers.indicators.population import read_population

GAZ = pd.DataFrame({
    "kode_desa": ["3316062001", "3316062002", "3316062003", "3316062004", "3316061001"],
    "nama_desa": ["Gadu", "Sambongrejo", "Ledok", "Brabowan", "Sambong"],
    "jenis": ["desa", "desa", "desa", "desa", "kelurahan"],
    "kode_kec": ["331606"] * 5, "nama_kec": ["Sambong"] * 5,
    "kode_kab": ["3316"] * 5, "nama_kab": ["Kabupaten Blora"] * 5,
    "kode_prov": ["33"] * 5, "nama_prov": ["Jawa Tengah"] * 5,
})


def test_parse_count():
    values, invalid = parse_count(pd.Series(["1.234", "1,234", "1234", "1234.0", "12 345",
                                             "0", "", "-", "1,5", "-3", "abc", "2.345.678"]))
    assert values.tolist()[:6] == [1234, 1234, 1234, 1234, 12345, 0]
    assert values.iloc[6:11].isna().all() and values.iloc[11] == 2345678
    assert invalid.tolist() == [False] * 8 + [True, True, True, False]


def test_population_by_code_and_name(tmp_path):
    path = tmp_path / "penduduk_2025.csv"
    path.write_text(
        "Jumlah penduduk per desa, Kecamatan Sambong\n"
        "kode desa;Kecamatan;Desa;Jumlah KK;Jumlah Penduduk\n"
        "33.16.06.2001;Sambong;Gadu;1.234;4.321\n"            # row 3: dotted, thousands
        "3316062002.0;;;800;2600\n"                            # row 4: Excel float code
        ";SAMBONG;Ledok;700;2100\n"                            # row 5: by name
        "3316062002;Sambong;Sambongrejo;800;2600\n"            # row 6: equal duplicate
        "3316062004;;;abc;100\n"                               # row 7: bad count
        "3316061001;;;900;800\n"                               # row 8: more KK than jiwa
        "3307012001;;;10;40\n"                                 # row 9: another kabupaten
        ";Sambong;Desa Entah;5;9\n",                           # row 10: unknown name
        encoding="utf-8")
    pop = read_population(path, GAZ)
    t = pop.table
    assert t.index.tolist() == ["3316061001", "3316062001", "3316062002", "3316062003",
                                "3316062004"]
    assert t.loc["3316062001"].tolist() == [1234, 4321]
    assert t.loc["3316062002"].tolist() == [800, 2600]
    assert t.loc["3316062003"].tolist() == [700, 2100]
    assert pd.isna(t.loc["3316062004", "kk_total"]) and t.loc["3316062004", "jiwa_total"] == 100
    assert str(t["kk_total"].dtype) == "Int64" and str(t["jiwa_total"].dtype) == "Int64"
    assert pop.rejected[["row", "kolom"]].values.tolist() == [[7, "Jumlah KK"],
                                                             [10, "kode desa"]]
    assert "see the review list" in pop.rejected["alasan"].iloc[1]
    assert pop.warnings["row"].tolist() == [6, 8]
    assert pop.review["input_nama"].tolist() == ["Desa Entah"]
    s = pop.stats
    assert (s["rows"], s["desa"], s["outside_area"], s["duplicates"], s["conflicts"]) == \
        (8, 5, 1, 1, 0)
    assert s["columns"]["kk_total"] == "Jumlah KK" and s["columns"]["kode"] == "kode desa"
    assert s["desa_tanpa_data"] == []
    assert len(s["sha256"]) == 64


def test_conflicting_duplicates_leave_the_desa_empty(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("kode_desa,kk_total\n3316062001,100\n3316062001,120\n3316062002,50\n",
                    encoding="utf-8")
    pop = read_population(path, GAZ)
    assert pop.table.index.tolist() == ["3316062002"]      # never a guessed denominator
    assert pop.rejected["row"].tolist() == [2, 3]
    assert "2, 3" in pop.rejected["alasan"].iloc[0]
    assert pop.stats["conflicts"] == 2
    assert pop.table["jiwa_total"].isna().all()            # the file has no persons column
    assert pop.stats["desa_tanpa_data"] == ["3316061001", "3316062001", "3316062003",
                                            "3316062004"]


def test_persons_from_sex_columns_and_xlsx(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DATA KEPENDUDUKAN SEMESTER II"])
    ws.append(["Kode Wilayah", "Nama Desa", "Laki-laki", "Perempuan"])
    ws.append([3316062001, "Gadu", 2000, 2100])              # a number, as Excel stores it
    ws.append(["33.16.06.2002", "Sambongrejo", "1.500", "1.600"])
    path = tmp_path / "pop.xlsx"
    wb.save(path)
    pop = read_population(path, GAZ)
    assert pop.table["jiwa_total"].to_dict() == {"3316062001": 4100, "3316062002": 3100}
    assert pop.table["kk_total"].isna().all()


def test_header_without_counts_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("kode_desa,nama\n3316062001,Gadu\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_population(path, GAZ)
    assert "x.csv" in str(err.value) and "docs/inputs.md" in str(err.value)


def test_locate_code_only():
    frame = pd.DataFrame({"kode": ["3316062001", "33.16.06.2003", "3316062099", "bad",
                                   "3401012001"],
                          "_row": [2, 3, 4, 5, 6]})
    loc = locate(frame, GAZ, file="t.csv", use_names=False, code_column="kode_desa")
    assert loc.kode_desa.tolist() == ["3316062001", "3316062003", None, None, None]
    assert loc.outside.tolist() == [False, False, False, False, True]
    assert loc.rejected["row"].tolist() == [4, 5]
    assert loc.report["metode"].tolist() == ["kode", "kode"]


def test_rates_by_hand_on_real_desa(tmp_path, shared_data):
    """kk_total lands on the right Wonosobo desa; rates computed from it check by hand."""
    res = read_boundaries(shared_data / "geojson" / "desa_wonosobo.geojson")
    gaz = gazetteer(res.desa)
    path = tmp_path / "pop.csv"
    path.write_text("kode_desa,desa,jumlah_kk,jumlah_penduduk\n"
                    "33.07.01.2001,Kaligowong,1000,3500\n"
                    "33.07.01.2002,Sumbersari,400,1300\n"
                    "33.07.01.1007,Wadaslintang,2000,6100\n", encoding="utf-8")
    pop = read_population(path, gaz)
    registered = pd.Series({"3307012001": 250, "3307012002": 100, "3307011007": 150})
    rate = (registered / pop.table["kk_total"].astype(float) * 100).round(2)
    assert rate.to_dict() == {"3307011007": 7.5, "3307012001": 25.0, "3307012002": 25.0}
    assert len(pop.stats["desa_tanpa_data"]) == 262
