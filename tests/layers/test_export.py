"""Ranking exports: XLSX (title block, codes as text, method sheet), CSV, suppression, CLI."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from layers.errors import InputError
from layers.cli import rank as rank_cli
from layers.cli.rank import run_rank
from layers.export import export_table, write_ranking
from layers.ranking import RankSpec, rank_desa

TODAY = date(2026, 10, 5)
SHA = "ab" * 32

META = {
    "versi": "0.1.0",
    "periode": "2026-10",
    "wilayah": {"kode": "9901", "nama": "Kabupaten Contoh", "tingkat": "kabupaten"},
    "registers": [{"register": "p3ke", "layout": "p3ke", "label_id": "P3KE", "label_en": "P3KE",
                   "files": [{"name": "p3ke/P3KE_CONTOH.xlsx", "sha256": SHA, "rows": 120}],
                   "programmes": ["pkh", "bpnt", "bpum", "bst"]}],
    "indikator": [
        {"kolom": "a", "nama": "a", "register": "p3ke", "jenis": "count", "satuan": "KK",
         "label_id": "KK contoh A", "label_en": "Example households A", "tersedia": True},
        {"kolom": "r", "nama": "r", "register": "p3ke", "jenis": "rate", "satuan": "%",
         "label_id": "% contoh R", "label_en": "% example R", "tersedia": True},
        {"kolom": "c", "nama": "c", "register": "p3ke", "jenis": "count", "satuan": "KK",
         "label_id": "KK contoh C", "label_en": "Example households C", "tersedia": True},
    ],
    "alasan_kosong": {"kecamatan_tanpa_data": ["Tidak ada baris untuk kecamatan ini.",
                                               "No rows for this kecamatan."]},
    "batas_wilayah": {"file": "batas_desa.geojson", "sha256": "cd" * 32},
    "mapping": None,
}

NAMES = {"9901012001": "Alpha", "9901012002": "Bravo", "9901012003": "Charlie",
         "9901012004": "Delta", "9901012005": "Echo", "9901011006": "Kelurahan Foxtrot"}


def _desa() -> pd.DataFrame:
    kode = list(NAMES)
    frame = pd.DataFrame({
        "kode_desa": kode, "nama_desa": [NAMES[k] for k in kode],
        "jenis": ["kelurahan" if k[6] == "1" else "desa" for k in kode],
        "kode_kec": [k[:6] for k in kode], "nama_kec": "Kota Contoh",
        "kode_kab": "9901", "nama_kab": "Kabupaten Contoh", "kode_prov": "99",
        "nama_prov": "Contoh"}).astype("string")
    frame["a"] = pd.array([0, 3, 20, 40, 4, 2], dtype="Int64")
    frame["r"] = pd.array([10.0, 50.0, 30.0, 20.0, 40.0, 5.0], dtype="Float64")
    frame["c"] = pd.array([7, 9, 2, 12, 1, 30], dtype="Int64")
    return frame


def _result(weights=None, **kw):
    return rank_desa(_desa(), RankSpec(weights=weights or {"a": 1, "r": 1, "c": 1}, **kw),
                     meta=META)


def _rows(table: pd.DataFrame) -> dict[str, dict]:
    return {r["nama_desa"]: r for r in table.to_dict("records")}


# ---------------------------------------------------------------------------------------------
# suppression
# ---------------------------------------------------------------------------------------------

def test_small_counts_and_their_complements_are_hidden():
    table, sup = export_table(_result(), meta=META)
    rows = _rows(table)
    # Alpha: a = 0 stays visible (zero identifies nobody)
    assert rows["Alpha"]["a"] == 0 and rows["Alpha"]["kontribusi_a"] == 0.0
    # Bravo: a = 3 hidden, its contribution hidden; the share r stays, skor is the complement
    b = rows["Bravo"]
    assert (b["a"], b["kontribusi_a"], b["r"], b["skor"]) == ("<5", "x", 50.0, "x")
    assert b["c"] == 9 and isinstance(b["kontribusi_c"], float) and b["peringkat"] == 2
    # Charlie: c = 2 hidden, skor again; the share stays visible
    c = rows["Charlie"]
    assert (c["c"], c["kontribusi_c"], c["r"], c["skor"]) == ("<5", "x", 30.0, "x")
    assert c["a"] == 20
    # Echo: two small counts hide each other, no third cell needed
    e = rows["Echo"]
    assert (e["a"], e["c"], e["kontribusi_a"], e["kontribusi_c"]) == ("<5", "<5", "x", "x")
    assert e["r"] == 40.0 and e["kontribusi_r"] != "x" and isinstance(e["skor"], float)
    # Delta: nothing small
    assert rows["Delta"]["a"] == 40 and rows["Delta"]["c"] == 12
    # the kelurahan is not ranked: its small count is hidden, it has no contributions
    f = rows["Kelurahan Foxtrot"]
    assert f["a"] == "<5" and f["skor"] is None and f["kontribusi_a"] is None
    assert (sup.threshold, sup.primary, sup.secondary) == (5, 5, 6)
    assert set(sup.rows) == {"9901012002", "9901012003", "9901012005", "9901011006"}
    # no hidden cell can be recomputed as skor minus the visible contributions
    for name in ("Bravo", "Charlie", "Echo"):
        hidden = [k for k in ("kontribusi_a", "kontribusi_r", "kontribusi_c", "skor")
                  if rows[name][k] == "x"]
        assert len(hidden) >= 2


def test_single_indicator_hides_skor_of_a_small_count():
    table, sup = export_table(_result({"a": 1}), meta=META)
    rows = _rows(table)
    assert rows["Bravo"]["a"] == "<5" and rows["Bravo"]["skor"] == "x"
    assert rows["Bravo"]["peringkat"] == 4 and rows["Bravo"]["prioritas"] == 2
    assert rows["Delta"]["skor"] == 100.0


def test_suppression_follows_the_threshold_and_can_be_switched_off():
    from dataclasses import replace

    from layers.settings import DEFAULT
    table, sup = export_table(_result(), meta=META, settings=replace(DEFAULT,
                                                                    small_count_threshold=10))
    rows = _rows(table)
    assert rows["Alpha"]["c"] == "<10" and rows["Bravo"]["c"] == "<10"
    raw, none = export_table(_result(), meta=META, suppress_small=False)
    assert _rows(raw)["Bravo"]["a"] == 3 and none.primary == 0


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------

def _sheet_rows(ws) -> list[tuple]:
    return [tuple(c for c in row) for row in ws.iter_rows(values_only=True)]


def test_xlsx_has_title_block_codes_as_text_and_method_sheet(tmp_path):
    from openpyxl import load_workbook

    path = write_ranking(_result(), tmp_path / "peringkat.xlsx", meta=META, today=TODAY)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Peringkat", "Metode"]
    ws = wb["Peringkat"]
    assert "Peringkat Prioritas Desa" in ws["A1"].value
    assert "Kabupaten Contoh" in ws["A1"].value
    assert ws["A3"].value == "Periode data / Data period: 2026-10"
    assert "P3KE (1 berkas/files)" in ws["A4"].value and "batas_desa.geojson" in ws["A4"].value
    assert ws["A5"].value == "Versi data / Dataset version: 2026-10 · -"
    assert "minmax" in ws["A6"].value and "KK contoh A [P3KE] 33,3%" in ws["A6"].value
    assert "2026-10-05" in ws["A8"].value
    header = [c.value for c in ws[11]]
    assert header[:5] == ["Peringkat", "Prioritas", "Skor (0-100)", "Kode desa", "Desa/kelurahan"]
    assert "KK contoh A [P3KE] (KK)" in header and "Kontribusi: % contoh R [P3KE]" in header
    assert ws.freeze_panes == "F12"
    kode_col = header.index("Kode desa") + 1
    kec_col = header.index("Kode kecamatan") + 1
    codes = []
    # a 0 3 20 40 4, r 10 50 30 20 40, c 7 9 2 12 1: skor D 75, B 60.08, C 36.36, E 28.33, A 18.18
    for r in range(12, ws.max_row + 1):
        cell = ws.cell(row=r, column=kode_col)
        assert cell.data_type == "s" and cell.number_format == "@"
        assert ws.cell(row=r, column=kec_col).data_type == "s"
        codes.append(cell.value)
    assert codes == ["9901012004", "9901012002", "9901012003", "9901012005", "9901012001",
                     "9901011006"]
    # ranked rows in order, then the kelurahan with its reason in words
    ranks = [ws.cell(row=r, column=1).value for r in range(12, 18)]
    assert ranks == [1, 2, 3, 4, 5, None]
    last = [c.value for c in ws[17]]
    assert last[-1].startswith("Kelurahan: tidak menerima Dana Desa")
    assert "<5" in last
    skor_cell = ws.cell(row=12, column=3)
    assert skor_cell.value == 75.0 and skor_cell.number_format == "0.00"
    assert ws.cell(row=13, column=3).value == "x"  # Bravo: one hidden contribution

    m = {row[0]: row for row in _sheet_rows(wb["Metode"]) if row and row[0]}
    assert m["Periode data / Data period"][1] == "2026-10"
    assert m["Tanggal ekspor / Export date"][1] == "2026-10-05"
    assert m["Versi / Version"][1] == "Prioritas Desa 0.1.0"
    assert "(1, 2, 2, 4)" in m["Aturan seri / Tie rule"][1]
    assert m["Aturan prioritas / Tier rule"][1].startswith("tertil:")
    assert m["Normalisasi / Normalisation"][2].startswith("minmax: Min-max")
    assert "kecamatan/kabupaten totals" in m["Sensor angka kecil / Small-count suppression"][2]
    # indicators with raw and normalised weights, direction, min/max (small count min hidden)
    assert m["a"][1:9] == ("KK contoh A", "Example households A", "KK", "count", "P3KE",
                           "tinggi = prioritas / higher = priority", 1, 0.333333)
    assert m["a"][9:11] == (0, 40)
    assert m["c"][9:11] == ("<5", 12)
    assert m["r"][3] == "%"
    # sources with SHA-256
    assert m["P3KE"][1:4] == ("p3ke/P3KE_CONTOH.xlsx", SHA, 120)
    assert m["Batas wilayah / Boundaries"][1:3] == ("batas_desa.geojson", "cd" * 32)
    # header labels mapped to column names
    assert m["Kode desa"][1] == "kode_desa"
    assert m["Kontribusi: KK contoh C [P3KE]"][1] == "kontribusi_c"


def test_xlsx_keeps_names_as_text_and_leaves_the_result_untouched(tmp_path):
    from openpyxl import load_workbook

    desa = _desa()
    desa.loc[3, "nama_desa"] = "=HYPERLINK(1)"
    result = rank_desa(desa, RankSpec(weights={"a": 1, "c": 1}), meta=META)
    before = json.dumps(result.method, sort_keys=True)
    ws = load_workbook(write_ranking(result, tmp_path / "n.xlsx", meta=META,
                                     today=TODAY))["Peringkat"]
    cell = ws.cell(row=12, column=5)
    assert (cell.value, cell.data_type) == ("'=HYPERLINK(1)", "s")
    assert json.dumps(result.method, sort_keys=True) == before  # min 1 not replaced by "<5"
    assert result.method["indikator"][1]["min"] == 1.0


def test_xlsx_is_byte_identical_for_the_same_date(tmp_path):
    a = write_ranking(_result(), tmp_path / "a.xlsx", meta=META, today=TODAY).read_bytes()
    b = write_ranking(_result(), tmp_path / "b.xlsx", meta=META, today=TODAY).read_bytes()
    c = write_ranking(_result(), tmp_path / "c.xlsx", meta=META,
                      today=date(2026, 10, 6)).read_bytes()
    assert hashlib.sha256(a).digest() == hashlib.sha256(b).digest()
    assert a != c


def test_xlsx_method_sheet_lists_default_notes_and_top(tmp_path):
    from openpyxl import load_workbook

    from layers.ranking import default_spec
    desa = _desa().rename(columns={"a": "kk_desil_1_4_tanpa_bansos", "c": "kk_terdaftar"})
    meta = json.loads(json.dumps(META))
    meta["indikator"] = []
    spec = default_spec(meta, desa)
    result = rank_desa(desa, spec, meta=meta).top(2)
    path = write_ranking(result, tmp_path / "top.xlsx", meta=meta, today=TODAY)
    wb = load_workbook(path)
    m = {row[0]: row for row in _sheet_rows(wb["Metode"]) if row and row[0]}
    assert "COUNT of registered households" in m["Pangsa KK terdaftar di register"][2]
    assert m["Deprivasi rumah"][3] == "-"
    assert m["Baris / Rows"][1].startswith("2 peringkat teratas (2 baris")
    ws = wb["Peringkat"]
    assert ws.max_row == 13 and "2 teratas / top 2" in ws["A2"].value


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------

def test_csv_is_clean_utf8_with_bom_and_a_method_sidecar(tmp_path):
    desa = _desa()
    desa.loc[0, "nama_desa"] = "Sumber Rejo Lor – Ngèn"  # non-ASCII survives
    result = rank_desa(desa, RankSpec(weights={"a": 1, "r": 1, "c": 1}), meta=META)
    path = write_ranking(result, tmp_path / "peringkat.csv", meta=META, today=TODAY)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    first, head = raw.decode("utf-8-sig").splitlines()[:2]
    fields = dict(f.split("=", 1) for f in first.removeprefix("# ").split(" | "))
    assert (fields["periode"], fields["wilayah"]) == ("2026-10", "Kabupaten Contoh (99.01)")
    assert fields["bobot"].startswith("KK contoh A [P3KE] 33,3%")
    assert "P3KE (1 berkas/files)" in fields["sumber"]
    assert head == (
        "peringkat,prioritas,skor,kode_desa,nama_desa,jenis,kode_kec,nama_kec,nama_kab,a,r,c,"
        "kontribusi_a,kontribusi_r,kontribusi_c,alasan_kosong")
    back = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False, skiprows=1)
    assert list(back["kode_desa"]) == ["99.01.01.2004", "99.01.01.2002", "99.01.01.2003",
                                       "99.01.01.2005", "99.01.01.2001", "99.01.01.1006"]
    assert list(back["peringkat"]) == ["1", "2", "3", "4", "5", ""]
    assert back.loc[back["kode_desa"] == "99.01.01.2001", "nama_desa"].item() == \
        "Sumber Rejo Lor – Ngèn"
    bravo = back[back["kode_desa"] == "99.01.01.2002"].iloc[0]
    assert (bravo["a"], bravo["kontribusi_a"], bravo["r"], bravo["skor"]) == ("<5", "x", "50.0", "x")
    assert back.iloc[-1]["alasan_kosong"] == "kelurahan"
    assert back.iloc[0]["skor"] == str(result.table["skor"].iloc[0])
    side = json.loads((tmp_path / "peringkat.metode.json").read_text(encoding="utf-8"))
    assert side["tanggal_ekspor"] == "2026-10-05" and side["periode"] == "2026-10"
    assert [(i["kolom"], i["bobot"], i["bobot_dinormalkan"]) for i in side["indikator"]] == \
        [("a", 1.0, 0.333333), ("r", 1.0, 0.333333), ("c", 1.0, 0.333333)]
    assert side["sumber"]["register"][0]["berkas"][0]["sha256"] == SHA
    assert side["sensor_angka_kecil"]["baris_total"] is False
    assert side["sensor_angka_kecil"]["sel_primer"] == 5


def test_unknown_extension_is_refused(tmp_path):
    with pytest.raises(InputError, match=".csv or .xlsx"):
        write_ranking(_result(), tmp_path / "x.pdf", meta=META, today=TODAY)


# ---------------------------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def dataset(tmp_path) -> Path:
    d = tmp_path / "ds"
    d.mkdir()
    _desa().to_parquet(d / "desa.parquet", index=False)
    (d / "meta.json").write_text(json.dumps(META), encoding="utf-8")
    return d


def test_run_rank_writes_top_n_with_given_weights(dataset, tmp_path):
    from openpyxl import load_workbook

    out = run_rank(dataset, out=tmp_path / "o" / "rank.xlsx", weights="c=2,a=1", top=2,
                   today=TODAY)
    ws = load_workbook(out)["Peringkat"]
    # c: 7 9 2 12 1 -> minmax /11 ; a: 0 3 20 40 4 -> /40 ; weights 2/3, 1/3
    assert [ws.cell(row=r, column=5).value for r in (12, 13)] == ["Delta", "Bravo"]
    assert ws.max_row == 13
    csv = run_rank(dataset, out=tmp_path / "rank.csv", area="99.01.01", include_kelurahan=True,
                   weights={"r": 1}, today=TODAY)
    back = pd.read_csv(csv, dtype=str, encoding="utf-8-sig", keep_default_na=False, skiprows=1)
    assert list(back["nama_desa"]) == ["Bravo", "Echo", "Charlie", "Delta", "Alpha",
                                       "Kelurahan Foxtrot"]


def test_run_rank_refuses_bad_inputs(dataset, tmp_path):
    with pytest.raises(InputError, match=".csv or .xlsx"):
        run_rank(dataset, out=tmp_path / "r.txt")
    with pytest.raises(InputError, match="Not a dataset directory") as err:
        run_rank(tmp_path / "nothing", out=tmp_path / "r.csv")
    assert "desa.parquet" in str(err.value)
    with pytest.raises(InputError, match="not in the dataset"):
        run_rank(dataset, out=tmp_path / "r.csv", weights="zz=1")
    with pytest.raises(InputError, match="No indicator has a weight"):
        run_rank(dataset, out=tmp_path / "r.csv")  # no documented default in this dataset
    with pytest.raises(InputError, match="Unknown IDM status"):
        run_rank(dataset, out=tmp_path / "r.csv", weights="a=1", idm="KAYA")


def test_rank_arguments_and_command(dataset, tmp_path):
    parser = argparse.ArgumentParser()
    rank_cli.add_arguments(parser)
    args = parser.parse_args(["--data", str(dataset), "--weights", "a=1", "--top", "3",
                              "--normalisation", "rank", "--tiers", "jenks",
                              "--out", str(tmp_path / "cli.csv")])
    assert (args.normalisation, args.tier_rule, args.include_kelurahan) == ("rank", "jenks",
                                                                           False)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        path = rank_cli.run(args)
    assert path == tmp_path / "cli.csv"
    printed = buf.getvalue()
    assert str(path) in printed and "cli.metode.json" in printed
    assert "ranked: 5 dari/of 6 desa/kelurahan; tidak diperingkat / not ranked: kelurahan 1" \
        in printed
    assert "    1. Delta (9901012004) skor 100.00 prioritas 1" in printed
    side = json.loads((tmp_path / "cli.metode.json").read_text(encoding="utf-8"))
    assert (side["normalisasi"], side["aturan_prioritas"], side["top"]) == ("rank", "jenks", 3)


@pytest.mark.parametrize("normalisation, tiers", [
    ("--normalisation", "--tiers"), ("--normalisasi", "--prioritas"),
    ("--normalisation", "--tier-rule")])
def test_rank_options_old_spellings_still_work_but_are_hidden(normalisation, tiers):
    parser = argparse.ArgumentParser()
    rank_cli.add_arguments(parser)
    args = parser.parse_args(["--data", "d", "--out", "o.csv", normalisation, "rank",
                              tiers, "jenks"])
    assert (args.normalisation, args.tier_rule) == ("rank", "jenks")
    default = parser.parse_args(["--data", "d", "--out", "o.csv"])
    assert (default.normalisation, default.tier_rule) == ("minmax", "tertil")
    shown = parser.format_help()
    assert "--normalisation" in shown and "--tiers" in shown
    assert not any(old in shown for old in ("--normalisasi", "--prioritas", "--tier-rule"))


@pytest.mark.slow
def test_demo_xlsx_opens_with_method_sheet_and_codes_as_text(tmp_path):
    from openpyxl import load_workbook

    from layers.cli import main
    out = tmp_path / "demo"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["demo", "--out", str(out), "--households", "1500"]) == 0
    path = run_rank(out, out=tmp_path / "demo.xlsx", today=TODAY)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Peringkat", "Metode"]
    ws = wb["Peringkat"]
    assert "2026-10" in ws["A3"].value and "P3KE" in ws["A4"].value
    n = 0
    for r in range(12, ws.max_row + 1):
        cell = ws.cell(row=r, column=4)
        assert cell.data_type == "s" and cell.number_format == "@" and len(cell.value) == 10
        n += 1
    desa = pd.read_parquet(out / "desa.parquet", columns=["kode_desa"])
    assert n == len(desa)
    m = {row[0]: row for row in wb["Metode"].iter_rows(values_only=True) if row and row[0]}
    # the demo has a population table: the register share is a real share of all households
    assert {"dtks_persen_terdaftar", "p3ke_kk_miskin_ekstrem",
            "p3ke_kk_desil_1_4_tanpa_bansos", "p3ke_kk_deprivasi"} <= set(m)
    assert m["p3ke_kk_miskin_ekstrem"][8] == 0.25


# ---------------------------------------------------------------------------------------------
# formula neutralisation, internal exports, provenance
# ---------------------------------------------------------------------------------------------

W = "a=1,r=1,c=1"
TRAPS = ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)"]


def _trap_dataset(tmp_path) -> Path:
    d = tmp_path / "trap"
    d.mkdir()
    desa = _desa()
    for i, name in enumerate(TRAPS):
        desa.loc[i, "nama_desa"] = name
    desa.to_parquet(d / "desa.parquet", index=False)
    (d / "meta.json").write_text(json.dumps(META), encoding="utf-8")
    return d


def test_every_ranking_file_shows_formula_names_as_literal_text(tmp_path):
    from openpyxl import load_workbook

    data = _trap_dataset(tmp_path)
    xlsx = run_rank(data, out=tmp_path / "r.xlsx", today=TODAY, weights=W)
    wb = load_workbook(xlsx)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = {c.value for c in cells}
    assert {"'" + t for t in TRAPS} <= names
    csv = run_rank(data, out=tmp_path / "r.csv", today=TODAY, weights=W)
    back = pd.read_csv(csv, dtype=str, encoding="utf-8-sig", keep_default_na=False, skiprows=1)
    assert set(back["nama_desa"]) >= {"'" + t for t in TRAPS}
    text_cells = [v for col in back.columns for v in back[col]]
    assert not [v for v in text_cells if v[:1] in ("=", "+", "@") or v[:1] == "-" and v != "-"]


def test_negative_numbers_stay_numbers():
    from layers.io.cells import safe_cell, safe_frame

    assert safe_cell(-2) == -2 and safe_cell(-2.5) == -2.5 and safe_cell("-") == "-"
    assert safe_cell("\tx") == "'\tx" and safe_cell("\rx") == "'\rx"
    frame = safe_frame(pd.DataFrame({"n": [-1, 2], "t": ["-1", "ok"]}))
    assert frame["n"].tolist() == [-1, 2] and frame["t"].tolist() == ["'-1", "ok"]


def test_internal_export_is_unsuppressed_and_marked(dataset, tmp_path):
    from openpyxl import load_workbook

    args = argparse.Namespace(data=str(dataset), out=str(tmp_path / "i.csv"), area=None,
                              weights=W, include_kelurahan=False, top=None,
                              normalisation="minmax", tier_rule="tertil", idm=None,
                              internal=True)
    with contextlib.redirect_stdout(io.StringIO()):
        rank_cli.run(args)
    raw = (tmp_path / "i.csv").read_text(encoding="utf-8-sig")
    assert "INTERNAL - not for distribution / INTERNAL - tidak untuk disebarluaskan" in \
        raw.splitlines()[0]
    back = pd.read_csv(tmp_path / "i.csv", dtype=str, keep_default_na=False, skiprows=1,
                       encoding="utf-8-sig")
    assert "<5" not in set(back["c"]) and "2" in set(back["c"])
    xlsx = run_rank(dataset, out=tmp_path / "i.xlsx", today=TODAY, internal=True, weights=W)
    ws = load_workbook(xlsx)["Peringkat"]
    assert ws["A2"].value.startswith("INTERNAL - not for distribution")
    public = run_rank(dataset, out=tmp_path / "p.xlsx", today=TODAY, weights=W)
    assert not any("INTERNAL" in str(c.value) for row in load_workbook(public)["Peringkat"]
                   .iter_rows() for c in row)


def test_exports_carry_the_dataset_version(dataset, tmp_path):
    from openpyxl import load_workbook

    from layers.export.provenance import dataset_version

    version = dataset_version(dataset)
    assert len(version) == 12
    ws = load_workbook(run_rank(dataset, out=tmp_path / "v.xlsx", today=TODAY, weights=W))["Peringkat"]
    assert ws["A5"].value == f"Versi data / Dataset version: 2026-10 · {version}"
    csv = run_rank(dataset, out=tmp_path / "v.csv", today=TODAY, weights=W)
    assert f"versi_data={version}" in csv.read_text(encoding="utf-8-sig").splitlines()[0]
    side = json.loads(csv.with_suffix(".metode.json").read_text(encoding="utf-8"))
    assert side["versi_data"] == version


def test_build_csv_outputs_neutralise_formula_text(tmp_path):
    from layers.build.write import _write_csv

    path = tmp_path / "rejected.csv"
    _write_csv(pd.DataFrame({"berkas": TRAPS, "baris": [2, 3, 4, 5]}), path)
    back = pd.read_csv(path, dtype=str)
    assert back["berkas"].tolist() == ["'" + t for t in TRAPS]
    assert back["baris"].tolist() == ["2", "3", "4", "5"]


def test_demo_ranking_hides_far_fewer_cells_and_keeps_shares(tmp_path):
    out = run_rank(Path(__file__).resolve().parents[2] / "data" / "demo",
                   out=tmp_path / "demo.csv", today=TODAY)
    back = pd.read_csv(out, dtype=str, keep_default_na=False, skiprows=1, encoding="utf-8-sig")
    share = back["dtks_persen_terdaftar"]
    assert (share == "x").sum() <= 30 and (share == "<5").sum() == 0
    counts = ["p3ke_kk_miskin_ekstrem", "p3ke_kk_desil_1_4_tanpa_bansos", "p3ke_kk_deprivasi"]
    for col in counts:
        shown = [float(v) for v in back[col] if v not in ("<5", "x", "")]
        assert not [v for v in shown if 0 < v < 5], col
