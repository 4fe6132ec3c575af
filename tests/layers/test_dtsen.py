"""layers.registers.dtsen: DTSEN / Regsosek family files with BPS codes (split or whole)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from layers.boundaries import gazetteer, read_boundaries
from layers.matching.bridge import from_gazetteer, resolve_bps
from layers.errors import LayoutError
from layers.indicators.housing import add_deprivation
from layers.registers import HOUSEHOLD_COLUMNS, detect_layout, read_register, sniff_layout
from layers.registers.dtsen import bps_code, parse_desil
from synth_dtsen import HEADER, family, write_csv

SALT = b"uji-tetap"

# --------------------------------------------------------------------------------------------
# codes and values
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("parts, expected", [
    (("33", "16", "060", "002"), "3316060002"),
    (("33", "16", "60", "2"), "3316060002"),                 # leading zeros lost in Excel
    (("33", "7", "10", "1"), "3307010001"),
    (("33.0", "07", "010", "001.0"), "3307010001"),          # Excel floats
    ((None, None, None, "3307010001"), "3307010001"),        # whole code in kode_desa
    (("33", "07", "3307010", "1"), "3307010001"),            # full kecamatan code in its column
    (("33", "07", "010", "3307010001"), "3307010001"),       # full desa code, consistent
    ((None, None, None, "33.07.010.001"), "3307010001"),     # BPS grouping
    (("33", "07", "010", "3316060002"), None),               # full code of another kab
    (("33", "07", "010", None), None),                       # no desa part
    ((None, "07", "010", "001"), None),                      # no province
    (("33", "07", "0100", "001"), None),                     # kecamatan part too long
    (("33", "07", "010", "1a"), None),
])
def test_bps_code_from_parts(parts, expected):
    assert bps_code(*parts) == expected


def test_parse_desil_one_to_ten():
    desil, empty, invalid = parse_desil(pd.Series(["1", "10", "Desil 7", "07", "7.0", "11",
                                                   "0", "", "-", "x"]))
    assert desil.tolist()[:5] == [1, 10, 7, 7, 7]
    assert desil.iloc[5:].isna().all()
    assert empty.tolist() == [False] * 7 + [True, True, False]
    assert invalid.tolist() == [False] * 5 + [True, True, False, False, True]


# --------------------------------------------------------------------------------------------
# layout detection
# --------------------------------------------------------------------------------------------

def test_layout_detection():
    assert detect_layout(HEADER) == "dtsen"
    assert detect_layout(["ID_KELUARGA", "KODE_DESA_BPS", "DESIL_NASIONAL"]) == "dtsen"
    assert detect_layout(["No KK", "Kode Provinsi", "Kode Kabupaten", "Kode Kecamatan",
                          "Kode Desa", "Desil"]) == "dtsen"
    # the other layouts are still what they were
    assert detect_layout(["NOMOR_KK", "NOMOR_NIK", "KECAMATAN", "DESA_KELURAHAN"]) == "siks"
    assert detect_layout(["ID Keluarga P3KE", "Desil Kesejahteraan", "Kecamatan",
                          "Desa/Kelurahan", "Kode Kemdagri"]) == "p3ke"


def test_layout_error_names_the_dtsen_alternatives():
    with pytest.raises(LayoutError) as err:
        detect_layout(["id_keluarga", "desil", "nama"], file="x.csv")
    text = str(err.value)
    assert "dtsen (DTSEN / Regsosek)" in text
    assert "kode_desa / kode_desa_bps" in text
    assert "x.csv" in text


# --------------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------------

def test_read_split_codes_desil_flags_housing(tmp_path):
    rows = [
        family(1, desil="1"),                                          # row 2
        family(2, kab="16", kec="60", desa="2", desil="Desil 4"),      # row 3, zeros lost
        family(3, desa="3316060005", desil="10", lantai="2", pkh="Ya", bpnt="Tidak"),  # row 4
        family(1, desil="1"),                                          # row 5: duplicate family
        family(5, desa="12345", desil="11"),                           # row 6: bad code, desil
        family(6, prov="", kab="", kec="", desa="", desil="", pkh="x"),  # row 7: no code
        family(7, fam="", desil="2"),                                  # row 8: falls back on NIK
    ]
    bad_key = family(8)
    bad_key[0] = bad_key[2] = ""                                       # row 9: no key at all
    rows.append(bad_key)
    path = write_csv(tmp_path / "dtsen_sambong.csv", rows)
    assert sniff_layout(path) == "dtsen"
    data = read_register(path, salt=SALT)
    hh = data.households
    assert data.layout == "dtsen" and data.register == "dtsen"
    assert list(hh.columns) == [*HOUSEHOLD_COLUMNS, "kode_bps", "blt_dd"]
    assert hh["_row"].tolist() == [2, 3, 4, 6, 7, 8]
    assert hh["kode_bps"].tolist()[:3] == ["3316060002", "3316060002", "3316060005"]
    assert hh["kode_bps"].iloc[3:5].isna().all()
    assert hh["kode_bps"].iloc[5] == "3316060002"
    assert hh["kode"].isna().all()              # a BPS code is never put where Kemendagri goes
    assert hh["desil"].tolist()[:3] == [1, 4, 10] and hh["desil"].iloc[3:5].isna().all()
    assert hh["jiwa"].tolist() == [4] * 6
    assert hh["pkh"].tolist()[:3] == [True, True, True] and pd.isna(hh["pkh"].iloc[4])
    assert hh["bpnt"].tolist()[:3] == [False, False, False]          # Regsosek 2 = Tidak
    assert hh["pbi"].tolist() == [True] * 6 and hh["blt_dd"].tolist() == [False] * 6
    assert hh["lantai"].tolist()[:3] == ["8", "8", "2"]
    assert hh["bahan_bakar"].tolist() == ["10"] * 6
    assert hh["kec"].iloc[0] == "SAMBONG" and hh["desa"].iloc[0] == "SAMBONGREJO"
    s = data.stats
    assert (s["rows_read"], s["duplicates"], s["rejected"], s["kept"]) == (8, 1, 1, 6)
    assert (s["kode_bps_invalid"], s["kode_bps_empty"], s["desil_invalid"], s["desil_empty"],
            s["flag_invalid"], s["family_id_empty"]) == (1, 1, 1, 1, 1, 1)
    assert s["persons"] == 24
    assert data.rejected[["row", "kolom"]].values.tolist() == [[9, "id_keluarga"]]
    warned = data.warnings.groupby("row")["kolom"].apply(sorted).to_dict()
    code_col = "kode_provinsi + kode_kabupaten + kode_kecamatan + kode_desa"
    assert warned == {6: sorted([code_col, "desil"]), 7: sorted([code_col, "desil", "pkh"])}
    assert data.programmes == ["pkh", "bpnt", "pbi"]
    # housing items computed after reading, from the codes as written
    out, res = add_deprivation(hh, layout=data.layout)
    assert out["lantai_tanah"].tolist() == [True, True, False, True, True, True]
    assert out["kayu_bakar"].all() and res.report.empty


def test_no_personal_value_leaves_the_reader(tmp_path):
    rows = [family(i, desa=f"{1 + i % 3:03d}") for i in range(1, 8)]
    rows.append(family(9, desa="12345"))
    path = write_csv(tmp_path / "d.csv", rows, delimiter=";")
    data = read_register(path, salt=SALT)
    frames = [data.households, data.rejected, data.warnings]
    for frame in frames:
        for col in frame.columns:
            assert col.lower() not in {"nik", "no_kk", "nama_kepala_keluarga", "alamat",
                                       "tanggal_lahir", "key_h", "id_keluarga"}
    dump = "\n".join(f.to_csv() for f in frames)
    for i in range(1, 10):
        assert f"Warga Sintetis {i}" not in dump
        assert f"99331606{i:08d}" not in dump and f"99331606{80000 + i:08d}" not in dump
        assert f"Jl. Mawar {i}" not in dump
    assert "1970-01-" not in dump


def test_xlsx_with_title_rows_and_whole_codes(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DATA DTSEN KABUPATEN CONTOH"])
    ws.append([])
    ws.append(["ID Keluarga", "Kode Desa BPS", "Desil Nasional", "Jenis Lantai",
               "Bahan Bakar Memasak", "Penerima PKH"])
    ws.append(["9933160600000001", 3316060002, 3, 8, 10, 1])        # numbers, as Excel stores
    ws.append(["9933160600000002", "3316060002", "Desil 9", "1", "4", "2"])
    path = tmp_path / "dtsen.xlsx"
    wb.save(path)
    data = read_register(path, salt=SALT)
    hh = data.households
    assert data.layout == "dtsen"
    assert hh["_row"].tolist() == [4, 5]
    assert hh["kode_bps"].tolist() == ["3316060002", "3316060002"]
    assert hh["desil"].tolist() == [3, 9]
    assert hh["lantai"].tolist() == ["8", "1"] and hh["pkh"].tolist() == [True, False]


# --------------------------------------------------------------------------------------------
# real boundaries: Wonosobo, split BPS codes -> Kemendagri desa counts reproduced exactly
# --------------------------------------------------------------------------------------------

def test_wonosobo_split_codes_reproduce_desa_counts(tmp_path, shared_data):
    res = read_boundaries(shared_data / "geojson" / "desa_wonosobo.geojson")
    gaz = gazetteer(res.desa)
    assert len(gaz) == 265
    rng = np.random.default_rng(2026)
    rows, expected = [], {}
    i = 0
    for kode, bps in zip(gaz["kode_desa"], gaz["kode_desa_bps"]):
        n = int(rng.integers(5, 40))
        desil = rng.integers(1, 11, size=n)
        expected[kode] = [n] + [int((desil == d).sum()) for d in range(1, 5)]
        for d in desil:
            i += 1
            # split as the questionnaire writes it; some leading zeros lost as in Excel
            kab = bps[2:4] if i % 3 else str(int(bps[2:4]))
            dpart = bps[7:] if i % 2 else str(int(bps[7:]))
            rows.append(family(i, prov=bps[:2], kab=kab, kec=bps[4:7], desa=dpart,
                               desil=str(int(d)), kec_name="", desa_name=""))
    path = write_csv(tmp_path / "dtsen_wonosobo.csv", rows)
    data = read_register(path, salt=SALT)
    hh = data.households
    assert len(hh) == i and hh["kode_bps"].notna().all()
    areas = hh.groupby("kode_bps").size().rename("n_rows").reset_index()
    match = resolve_bps(areas, gaz, bridge=from_gazetteer(gaz))
    assert match.metode.eq("kode_bps").all() and match.review.empty
    kode_of = dict(zip(areas["kode_bps"], match.kode_desa))
    hh["kode_desa"] = hh["kode_bps"].map(kode_of)
    got = hh.groupby("kode_desa").agg(
        kk_terdaftar=("desil", "size"),
        **{f"kk_desil_{d}": ("desil", lambda s, d=d: int((s == d).sum())) for d in range(1, 5)})
    want = pd.DataFrame.from_dict(expected, orient="index",
                                  columns=["kk_terdaftar"] + [f"kk_desil_{d}"
                                                              for d in range(1, 5)])
    pd.testing.assert_frame_equal(got.sort_index(), want.sort_index(), check_names=False,
                                  check_dtype=False)
    # BPS and Kemendagri numbering differ: the bridge, not the digits, did the work
    assert (hh["kode_bps"] != hh["kode_desa"]).all()
    assert int(match.report["jumlah_baris"].sum()) == i
