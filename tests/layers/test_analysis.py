"""Analyses behind the ranking (layers/analysis): quadrants, hotspots, change between periods,
and what the CLI writes. Every expected value below was worked out by hand.

Hotspot tests run esda's numba kernels, which compile once per process (about a minute on a
busy machine): they are marked slow and share one process-wide compile.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from layers.analysis import compare_periods, kecamatan_summary, quadrant
from layers.cli import main as cli_main
from layers.errors import InputError

# --------------------------------------------------------------------------------------------
# hand-made desa

def _squares(cells, *, kec="990101", start=2001, size=0.125):
    """Square desa at (row, col) grid cells; corners on exact binary fractions so that
    neighbours share their edges exactly."""
    import geopandas as gpd
    from shapely.geometry import box

    rows = []
    for i, (r, c) in enumerate(cells):
        rows.append({"kode_desa": f"{kec}{start + i}", "nama_desa": f"Desa {i + 1}",
                     "jenis": "desa", "kode_kec": kec, "nama_kec": "Alfa", "kode_kab": kec[:4],
                     "nama_kab": "Kabupaten Uji",
                     "geometry": box(110 + c * size, -7 - (r + 1) * size, 110 + (c + 1) * size,
                                     -7 - r * size)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _with_counts(frame, registered, total):
    frame = frame.copy()
    frame["kk_terdaftar"] = pd.array(registered, dtype="Int64")
    frame["kk_total"] = pd.array(total, dtype="Int64")
    rate = frame["kk_terdaftar"].astype("Float64") * 100 / frame["kk_total"].where(
        frame["kk_total"] > 0)
    frame["persen_terdaftar"] = rate.round(4).astype("Float64")
    return frame


# --------------------------------------------------------------------------------------------
# quadrants

#: x = persen_terdaftar from these counts: 10, 30, 20, 10, 31, 0, 25 (%);
#: pooled = (10+30+20+5+31+0+20) / (100+100+100+50+100+50+80) = 116 / 580 = 20.0 % exactly
Q_REGISTERED = [10, 30, 20, 5, 31, 0, 20]
Q_TOTAL = [100, 100, 100, 50, 100, 50, 80]
#: y = IDM score (low = worse), split at a typed 0.6; desa 6 has none
Q_IDM = [0.5, 0.8, 0.4, 0.7, 0.6, None, 0.45]
#: by hand: x worse = strictly above 20 (desa 2, 5, 7; desa 3 is ON the line: not worse);
#: y worse = strictly below 0.6 (desa 1, 3, 7; desa 5 is ON the line: not worse)
Q_EXPECTED = ["II", "IV", "II", "III", "IV", None, "I"]


@pytest.fixture()
def q_desa():
    frame = _with_counts(_squares([(0, i) for i in range(7)]), Q_REGISTERED, Q_TOTAL)
    frame["idm_nilai"] = pd.array(Q_IDM, dtype="Float64")
    return pd.DataFrame(frame.drop(columns="geometry"))


def test_quadrants_land_where_computed_by_hand(q_desa):
    out, method = quadrant(q_desa, None, "persen_terdaftar", "idm_nilai",
                           benchmark=("area", 0.6))
    assert list(out.columns[:2]) == ["kode_desa", "nama_desa"]
    assert [None if pd.isna(v) else v for v in out["kuadran"]] == Q_EXPECTED
    assert "20,00" in method["teks_id"] and "20.00" in method["teks_en"]
    assert "I: 1, II: 2, III: 1, IV: 2" in method["teks_id"]
    assert out.loc[5, "alasan"].startswith("idm_nilai kosong")
    assert out["alasan"].isna().sum() == 6


def test_quadrant_mean_and_median_benchmarks(q_desa):
    _, method = quadrant(q_desa, None, "persen_terdaftar", "idm_nilai", benchmark="mean")
    # mean x = (10+30+20+10+31+0+25)/7 = 18; mean y = (0.5+0.8+0.4+0.7+0.6+0.45)/6 = 0.575
    rows = dict(method["rincian"])
    assert rows["Nilai patokan x / benchmark value x"] == pytest.approx(18.0)
    assert rows["Nilai patokan y / benchmark value y"] == pytest.approx(0.575)
    out, _ = quadrant(q_desa, None, "persen_terdaftar", "persen_terdaftar",
                      benchmark="median")
    # median 20: 30, 31, 25 worse on both -> I; the rest (incl. 20 on the line) III
    assert out["kuadran"].tolist() == ["III", "I", "III", "III", "I", "III", "I"]


def test_quadrant_refuses_unknown_columns_in_both_languages(q_desa):
    with pytest.raises(InputError) as err:
        quadrant(q_desa, None, "persen_tidak_ada", "idm_nilai")
    assert "tidak ada di dataset" in str(err.value) and "not in the dataset" in str(err.value)
    assert err.value.column == "--x"


# --------------------------------------------------------------------------------------------
# change between periods: two tiny dataset directories

def _write_dataset(path, frame, period):
    path.mkdir(parents=True)
    frame.to_parquet(path / "desa.parquet")
    (path / "meta.json").write_text(json.dumps({
        "versi": "test", "periode": period, "indikator": [],
        "wilayah": {"kode": "9901", "nama": "Kabupaten Uji", "tingkat": "kabupaten"},
        "registers": [{"register": "dtks", "files": [{"name": "dtks_uji.csv",
                                                      "sha256": "ab" * 32}]}]}),
        encoding="utf-8")
    return path


@pytest.fixture()
def periods(tmp_path):
    """Old period 2026-09: desa 1-4; new period 2026-10: desa 1-3 and 5 (4 gone, 5 new).
    Desa 1-2 in kecamatan 990101, desa 3-5 in 990102."""
    cells = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)]
    base = pd.concat([_squares(cells[:2]), _squares(cells[2:], kec="990102", start=2003)])
    base["nama_kec"] = ["Alfa", "Alfa", "Beta", "Beta", "Beta"]
    old = _with_counts(base.iloc[:4], [100, 50, 3, 20], [400, 200, 100, 80])
    new = _with_counts(base.iloc[[0, 1, 2, 4]], [120, 50, 0, 7], [400, 250, 100, 70])
    return (_write_dataset(tmp_path / "baru", new, "2026-10"),
            _write_dataset(tmp_path / "lama", old, "2026-09"))


def test_change_reproduces_planted_changes_desa_by_desa(periods):
    from layers.store.dataset import load_dataset

    (new, new_meta), (old, old_meta) = load_dataset(periods[0]), load_dataset(periods[1])
    out, method = compare_periods(new, new_meta, old, old_meta)
    out = out.set_index("kode_desa")
    assert out["periode_ada"].to_dict() == {
        "9901012001": "keduanya", "9901012002": "keduanya", "9901022003": "keduanya",
        "9901022004": "hanya_lama", "9901022005": "hanya_baru"}
    sel = out["kk_terdaftar_selisih"]
    assert sel.loc["9901012001"] == 20 and sel.loc["9901012002"] == 0
    assert sel.loc["9901022003"] == -3
    assert pd.isna(sel.loc["9901022004"]) and pd.isna(sel.loc["9901022005"])
    assert out.loc["9901012001", "kk_terdaftar_persen"] == pytest.approx(20.0)
    assert out.loc["9901022003", "kk_terdaftar_persen"] == pytest.approx(-100.0)
    # persen_terdaftar: desa 2 went 25 % -> 20 % (same count, more households)
    assert out.loc["9901012002", "persen_terdaftar_selisih"] == pytest.approx(-5.0)
    assert "persen_terdaftar_persen" not in out  # % change only for counts
    assert out.loc["9901022005", "nama_desa"] == "Desa 3"
    assert "2026-09" in method["teks_id"] and "1 hanya di periode baru" in method["teks_id"]


def test_change_kecamatan_summary_recomputes_rates(periods):
    from layers.store.dataset import load_dataset

    (new, new_meta), (old, old_meta) = load_dataset(periods[0]), load_dataset(periods[1])
    out, _ = compare_periods(new, new_meta, old, old_meta)
    kec = kecamatan_summary(out, new_meta).set_index("kode_kec")
    assert kec.loc["990101", "kk_terdaftar_lama"] == 150
    assert kec.loc["990101", "kk_terdaftar_baru"] == 170
    # Beta: old 3 + 20 = 23 over 180; new 0 + 7 = 7 over 170 (desa 4 gone, 5 new)
    assert kec.loc["990102", "kk_terdaftar_selisih"] == -16
    assert kec.loc["990102", "persen_terdaftar_lama"] == pytest.approx(23 * 100 / 180, abs=1e-4)
    assert kec.loc["990102", "persen_terdaftar_baru"] == pytest.approx(7 * 100 / 170, abs=1e-4)
    assert (kec.loc["990102", "desa_lama"], kec.loc["990102", "desa_baru"]) == (2, 2)


def test_change_cli_writes_csv_with_small_counts_hidden(periods, tmp_path):
    out = tmp_path / "perubahan.csv"
    rc = cli_main(["analyse", "change", "--data", str(periods[0]), "--base", str(periods[1]),
                   "--out", str(out)])
    assert rc == 0
    table = pd.read_csv(out, dtype=str).set_index("kode_desa")
    assert list(pd.read_csv(out, dtype=str).columns[:1]) == ["kode_desa"]
    assert table.loc["9901012001", "kk_terdaftar_selisih"] == "20"
    # desa 3 had 3 registered households: hidden, and so is what gives it back
    assert table.loc["9901022003", "kk_terdaftar_lama"] == "<5"
    assert table.loc["9901022003", "kk_terdaftar_selisih"] == "x"
    assert table.loc["9901022003", "persen_terdaftar_lama"] == "x"
    assert table.loc["9901022003", "kk_terdaftar_baru"] == "0"
    kec = pd.read_csv(out.with_suffix(".kecamatan.csv"), dtype=str)
    assert kec["kode_kec"].tolist() == ["990101", "990102"]
    doc = json.loads(out.with_suffix(".metode.json").read_text(encoding="utf-8"))
    assert doc["periode"] == "2026-10" and doc["periode_lama"] == "2026-09"
    assert doc["sumber"][0]["berkas"] == ["dtks_uji.csv"]


def test_quadrant_cli_xlsx_has_title_block_and_method_sheet(periods, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "kuadran.xlsx"
    rc = cli_main(["analyse", "quadrant", "--data", str(periods[0]), "--x", "persen_terdaftar",
                   "--y", "kk_terdaftar", "--benchmark-y", "10", "--out", str(out)])
    assert rc == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Hasil", "Metode"]
    ws = wb["Hasil"]
    assert ws["A1"].value.startswith("Analisis kuadran / Quadrant analysis")
    assert "2026-10" in ws["A3"].value and "dtks (1 berkas/files)" in ws["A4"].value
    header = [c.value for c in ws[9]]
    assert header[0] == "kode_desa" and "kuadran" in header
    assert ws["A10"].value == "9901012001" and ws["A10"].data_type == "s"
    quadrants = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=header.index("kuadran")
                                                          + 1).value for r in range(10, 14)}
    # pooled x = 177/820 = 21.59 %; y split at 10: 120 (30 %) I, 50 (20 %) II, 0 (0 %) III,
    # 7 (10 %) III
    assert quadrants == {"9901012001": "I", "9901012002": "II", "9901022003": "III",
                         "9901022005": "III"}
    method = {r[0].value: r[1].value for r in wb["Metode"].iter_rows()}
    assert method["Nilai patokan y / benchmark value y"] == 10


def test_cli_refuses_bad_output_and_benchmark(periods, tmp_path, capsys):
    rc = cli_main(["analyse", "quadrant", "--data", str(periods[0]), "--x", "persen_terdaftar",
                   "--y", "kk_terdaftar", "--benchmark", "tinggi", "--out",
                   str(tmp_path / "k.csv")])
    err = capsys.readouterr().err
    assert rc == 2 and "Patokan 'tinggi'" in err and "Unknown benchmark" in err
    rc = cli_main(["analyse", "change", "--data", str(periods[0]), "--base", str(periods[1]),
                   "--out", str(tmp_path / "k.pdf")])
    assert rc == 2 and ".csv atau .xlsx" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# hotspots (esda; slow: numba compiles once per process)

#: registered households per 1,000 of a 7 x 7 grid; rows 0-1 (desa 1-14) are the planted
#: high cluster (340-380), the rest 70-130
GRID = [[360, 370, 340, 350, 380, 370, 380], [340, 360, 380, 360, 370, 360, 360],
        [130, 120, 110, 100, 100, 130, 80], [120, 110, 70, 90, 130, 100, 70],
        [120, 120, 120, 80, 70, 130, 70], [100, 70, 90, 100, 90, 90, 70],
        [70, 70, 70, 110, 100, 110, 80]]


def _grid_desa(values):
    cells = [(r, c) for r in range(7) for c in range(7)]
    flat = [v for row in values for v in row]
    return _with_counts(_squares(cells), flat, [1000] * 49)


@pytest.mark.slow
def test_hotspot_finds_the_planted_cluster_and_nothing_in_a_shuffle():
    from layers.analysis import hotspot

    out, method = hotspot(_grid_desa(GRID), None, "persen_terdaftar", seed=12345)
    hh = out.loc[out["klaster"] == "HH", "kode_desa"].tolist()
    assert hh == [f"990101{2001 + i}" for i in range(14)]
    assert set(out.loc[14:, "klaster"]) <= {"LL", "ns"}
    assert (out.loc[:13, "gi_klaster"] == "panas").sum() >= 12
    assert "mengelompok" in method["kalimat_id"] and "clusters" in method["kalimat_en"]
    shuffled = np.random.default_rng(100).permutation(np.array(GRID).ravel()).reshape(7, 7)
    out, method = hotspot(_grid_desa(shuffled.tolist()), None, "persen_terdaftar", fdr=True)
    assert out["klaster"].tolist() == ["ns"] * 49
    assert "FDR" in method["teks_id"]


#: EB by hand (Marshall's global EB, as GeoDa): e = 10, 30, 80, 130; b = 100, 100, 400, 400
#: theta = 250/1000 = 0.25; rates r = 0.1, 0.3, 0.2, 0.325
#: phi2 = sum b (r - theta)^2 / sum b - theta / mean b = 5.75/1000 - 0.25/250 = 0.00475
#: weight = phi2 / (phi2 + theta / b): b=100 -> 19/29, b=400 -> 38/43
#: EB = w r + (1 - w) theta: 4.4/29, 8.2/29, 8.85/43, 13.6/43
EB_EXPECTED = [440 / 29, 820 / 29, 885 / 43, 1360 / 43]


@pytest.mark.slow
def test_eb_rates_islands_and_missing_values_by_hand():
    from layers.analysis import hotspot

    # a 2 x 2 block, one desa far away (an island), one desa without kk_total beside the block
    desa = _with_counts(_squares([(0, 0), (0, 1), (1, 0), (1, 1), (9, 9), (0, 2)]),
                        [10, 30, 80, 130, 5, 7], [100, 100, 400, 400, 50, None])
    out, method = hotspot(desa, None, "persen_terdaftar", permutations=99, seed=1)
    assert out["laju_eb"].tolist()[:4] == pytest.approx([round(v, 4) for v in EB_EXPECTED],
                                                        abs=1e-4)
    assert out["laju"].tolist()[:5] == pytest.approx([10.0, 30.0, 20.0, 32.5, 10.0])
    assert out["kk_terdaftar"].tolist() == [10, 30, 80, 130, 5, 7]
    assert out["pulau"].tolist() == [False, False, False, False, True, False]
    island = out.iloc[4]
    assert pd.isna(island["klaster"]) and pd.isna(island["p_value"]) and \
        pd.isna(island["laju_eb"])
    assert island["alasan"].startswith("pulau")
    assert "9901012005" in method["teks_id"] and "9901012005" in method["teks_en"]
    assert pd.isna(out.iloc[5]["klaster"]) and "kk_total" in out.iloc[5]["alasan"]


@pytest.mark.slow  # importing libpysal takes several seconds
def test_queen_weights_are_libpysal_queen_and_islands_are_named():
    from libpysal.weights import Queen

    from layers.analysis.weights import contiguity_weights, islands, subset

    desa = _squares([(r, c) for r in range(3) for c in range(3)] + [(7, 7)])
    ids = desa["kode_desa"].tolist()
    w = contiguity_weights(desa.geometry, ids)
    q = Queen.from_dataframe(desa.set_index("kode_desa"), use_index=True,
                             silence_warnings=True)
    assert {k: sorted(v) for k, v in w.neighbors.items()} == \
        {k: sorted(v) for k, v in q.neighbors.items()}
    assert sorted(w.neighbors["9901012005"]) == [i for i in ids[:9] if i != "9901012005"]
    assert islands(w) == ["9901012010"]
    # a desa whose only neighbour is left out becomes an island of the subset
    corner = subset(w, ["9901012001", "9901012009"])
    assert islands(corner) == ["9901012001", "9901012009"]
