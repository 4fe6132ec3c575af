"""layers.registers: layout detection, SIKS-NG persons -> households, P3KE families, formats."""

from __future__ import annotations

import csv
import dataclasses
import io
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from layers.errors import InputError, LayoutError
from layers.registers import (
    HOUSEHOLD_COLUMNS, RegisterData, detect_layout, read_register, sniff_layout,
)
from layers.settings import DEFAULT

SALT = b"uji-tetap"

# --------------------------------------------------------------------------------------------
# synthetic SIKS-NG export (NIK / KK start with region code 99)
# --------------------------------------------------------------------------------------------

SIKS_HEADER = [
    "IDDTKS", "PROVINSI", "KABUPATEN_KOTA", "KECAMATAN", "DESA_KELURAHAN", "ALAMAT", "DUSUN",
    "RT", "RW", "NOMOR_KK", "NOMOR_NIK", "NAMA", "TANGGAL_LAHIR", "TEMPAT_LAHIR",
    "JENIS_KELAMIN", "PEKERJAAN", "NAMA_IBU_KANDUNG", "HUBUNGAN_KELUARGA", "KETERANGAN_PADAN",
    "BANSOS_BPNT", "BANSOS_PKH", "BANSOS_BPNT_PPKM", "PBI_JKN",
]
KK_A, KK_B, KK_C = "9933160600000001", "9933160600000002", "9933160600000003"


def siks_person(i: int, kk: str, nik: str, desa: str, *, dusun="KRAJAN", padan="PADAN",
                bpnt="-", pkh="-", ppkm="-", pbi="-") -> list[str]:
    return [
        f"ID99{i:06d}", "JAWA TENGAH", "BLORA", "SAMBONG", desa, f"Jl. Mawar, No. {i}", dusun,
        "002", "001", kk, nik, f"Warga Sintetis {i}", f"19{60 + i}-0{1 + i % 9}-1{i % 10}",
        "Blora", "L" if i % 2 else "P", "PETANI", f"Ibu Sintetis {i}", "ANAK", padan,
        bpnt, pkh, ppkm, pbi,
    ]


SIKS_ROWS = [
    siks_person(1, KK_A, "9933166001800001", "SAMBONGREJO", bpnt="YA", pbi="YA"),       # row 2
    siks_person(2, KK_A, "9933166001800002", "SAMBONGREJO", padan="TIDAK PADAN", pkh="YA"),
    siks_person(3, KK_A, "9933166001800003", "GADU"),                  # row 4: area conflict
    siks_person(4, KK_B, "9933166001800004", "Ngablak Kidül", dusun="Dk. Ngablak’e", padan=""),
    siks_person(5, KK_B, "9933166001800005", "Ngablak Kidül", dusun="Dk. Ngablak’e", padan="",
                ppkm="YA"),
    siks_person(6, "", "9933166001800006", "GADU"),                     # row 7: no KK
    siks_person(7, KK_C, "9933166001800007", "GADU", pkh="YA", pbi="YA"),
    siks_person(1, KK_A, "9933166001800001", "SAMBONGREJO", bpnt="YA", pbi="YA"),  # row 9: dup
    siks_person(9, KK_C, "", "GADU"),                                   # row 10: no NIK
]
#: desa, dusun, jiwa, pkh, bpnt, pbi, padan per household, in order A, B, C
SIKS_EXPECTED = [
    ("SAMBONGREJO", "KRAJAN", 3, True, True, True, False),
    ("Ngablak Kidül", "Dk. Ngablak’e", 2, False, True, False, None),
    ("GADU", "KRAJAN", 2, True, False, True, True),
]
SIKS_FIRST_ROWS = [2, 5, 8]
SIKS_REJECTED_ROW = 7

# --------------------------------------------------------------------------------------------
# synthetic P3KE family file
# --------------------------------------------------------------------------------------------

P3KE_HEADER = [
    "No", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Kode Kemdagri",
    "ID Keluarga P3KE", "Kepala Keluarga", "NIK", "Tanggal Lahir", "Alamat", "Jenis Kelamin",
    "Pekerjaan", "Pendidikan", "Padan Dukcapil", "Desil Kesejahteraan", "Jenis Atap",
    "Jenis Dinding", "Jenis Lantai", "Sumber Penerangan", "Bahan Bakar Memasak",
    "Sumber Air Minum", "Memiliki Fasilitas BAB", "Penerima BPNT", "Penerima BPUM",
    "Penerima BST", "Penerima PKH", "Penerima SEMBAKO", "Resiko Stunting",
]


def p3ke_family(i: int, fam: str, nik: str, desil: str, *, padan="YA",
                flags=("Tidak", "Tidak", "Tidak", "Tidak", "Tidak"), kode="3316062002",
                lantai="Tanah") -> list:
    bpnt, bpum, bst, pkh, sembako = flags
    return [
        str(i), "JAWA TENGAH", "BLORA", "SAMBONG", "SAMBONGREJO", kode, fam,
        f"Kepala Sintetis {i}", nik, f"19{50 + i}-02-0{1 + i % 9}", f"Dusun Krajan RT 00{i}",
        "Laki-laki", "Buruh", "SD", padan, desil, "Genteng", "Bambu", lantai, "Listrik PLN",
        "Kayu Bakar", "Sumur", "Ya", bpnt, bpum, bst, pkh, sembako, "Tidak",
    ]


P3KE_ROWS = [
    p3ke_family(1, "P3KE9933000001", "9933166001800011", "1",
                flags=("Ya", "Tidak", "Tidak", "Ya", "Tidak")),                        # row 2
    p3ke_family(2, "P3KE9933000002", "9933166001800012", "Desil 2", padan="TIDAK",
                flags=("Tidak", "", "", "", "Ya")),
    p3ke_family(3, "P3KE9933000003", "9933166001800013", "DESIL 3", padan="",
                flags=("1", "0", "0", "0", "0"), lantai="Keramik"),
    p3ke_family(4, "", "9933166001800014", "4.0"),                        # row 5: NIK fallback
    p3ke_family(5, "", "", "2"),                                          # row 6: no key
    p3ke_family(6, "P3KE9933000006", "9933166001800016", "7"),            # row 7: invalid desil
    p3ke_family(7, "P3KE9933000001", "9933166001800011", "1"),            # row 8: duplicate
    p3ke_family(8, "P3KE9933000008", "9933166001800018", ""),             # row 9: empty desil
    p3ke_family(9, "P3KE9933000009", "9933166001800019", "abc",
                flags=("Tidak", "Tidak", "Tidak", "Mungkin", "Tidak")),   # row 10
]
#: desil, pkh, bpnt, bpum, bst, padan, lantai per family
P3KE_EXPECTED = [
    (1, True, True, False, False, True, "Tanah"),
    (2, None, True, None, None, False, "Tanah"),
    (3, False, True, False, False, None, "Keramik"),
    (4, False, False, False, False, True, "Tanah"),
    (None, False, False, False, False, True, "Tanah"),
    (None, False, False, False, False, True, "Tanah"),
    (None, None, False, False, False, True, "Tanah"),
]
P3KE_FIRST_ROWS = [2, 3, 4, 5, 7, 9, 10]

# --------------------------------------------------------------------------------------------
# writers
# --------------------------------------------------------------------------------------------

TEXT_FORMATS = {
    "comma": (",", "utf-8"),
    "semicolon": (";", "utf-8"),
    "tab": ("\t", "utf-8"),
    "utf8_bom": (",", "utf-8-sig"),
    "cp1252": (";", "cp1252"),
    "utf16": ("\t", "utf-16"),        # Excel "Unicode text"
}
TITLE = [["DATA TERPADU KESEJAHTERAAN SOSIAL"], ["Kecamatan Sambong, dicetak 2025"]]


def write_table(path: Path, header: list, rows: list[list], fmt: str, *, title: bool = False,
                numeric: tuple[str, ...] = ()) -> Path:
    """Write a synthetic table in ``fmt``; ``numeric`` columns become numbers in XLSX."""
    above = TITLE if title else []
    if fmt in TEXT_FORMATS:
        delimiter, encoding = TEXT_FORMATS[fmt]
        buf = io.StringIO(newline="")
        csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(
            [*above, header, *rows])
        path.write_bytes(buf.getvalue().encode(encoding))
    elif fmt == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Data"
        cols = [header.index(c) for c in numeric]
        for row in above:
            ws.append(row)
        ws.append(header)
        for row in rows:
            row = list(row)
            for c in cols:
                if row[c]:
                    row[c] = float(row[c]) if "." in row[c] else int(row[c])
            ws.append(row)
        wb.save(path)
    elif fmt == "xls":
        import xlwt

        wb = xlwt.Workbook()
        ws = wb.add_sheet("Data")
        for r, row in enumerate([*above, header, *rows]):
            for c, value in enumerate(row):
                ws.write(r, c, value)
        wb.save(str(path))
    else:
        raise ValueError(fmt)
    return path


def household_tuples(data: RegisterData, columns: list[str]) -> list[tuple]:
    frame = data.households[columns].astype(object)
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False)]


# --------------------------------------------------------------------------------------------
# layout detection
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("columns", "layout"), [
    (SIKS_HEADER, "siks"),
    (["nomor kk", "Nomor NIK", "kecamatan", "Desa / Kelurahan"], "siks"),
    (["NOMOR.KK", "NOMOR_NIK", "KECAMATAN", "DESA-KELURAHAN", "PBI_JKN"], "siks"),
    (P3KE_HEADER, "p3ke"),
    (["id_keluarga_p3ke", "DESIL KESEJAHTERAAN", "KECAMATAN", "DESA_KELURAHAN"], "p3ke"),
    (["ID KELUARGA P3KE", "Desil.Kesejahteraan", "Kecamatan", "desa/kelurahan", "NIK"], "p3ke"),
])
def test_detect_layout(columns, layout):
    assert detect_layout(columns) == layout


def test_unknown_layout_lists_expected_and_missing_columns():
    with pytest.raises(LayoutError) as err:
        detect_layout(["No", "KECAMATAN", "DESA", "JUMLAH"], file="rekap.xlsx")
    msg = str(err.value)
    assert err.value.file == "rekap.xlsx" and "rekap.xlsx" in msg
    assert "siks (DTKS SIKS-NG): NOMOR_KK, NOMOR_NIK, KECAMATAN, DESA_KELURAHAN; " \
           "missing: NOMOR_KK, NOMOR_NIK, DESA_KELURAHAN" in msg
    assert "p3ke (P3KE): ID Keluarga P3KE, Desil Kesejahteraan, Kecamatan, Desa/Kelurahan; " \
           "missing: ID Keluarga P3KE, Desil Kesejahteraan, Desa/Kelurahan" in msg
    assert "tidak ada: NOMOR_KK" in msg                 # Bahasa Indonesia half
    assert "JUMLAH" not in msg                          # cells found are never echoed


def test_read_register_refuses_unknown_layout_naming_the_file(tmp_path):
    path = write_table(tmp_path / "aneh.csv", ["No", "Nama", "Kecamatan", "Jumlah"],
                       [["1", "x", "SAMBONG", "3"]], "comma")
    with pytest.raises(LayoutError) as err:
        read_register([path], salt=SALT)
    assert err.value.file == "aneh.csv"
    assert "missing: NOMOR_KK, NOMOR_NIK, DESA_KELURAHAN" in str(err.value)


def test_mixed_layouts_are_refused_naming_the_odd_file(tmp_path):
    siks = write_table(tmp_path / "a_siks.csv", SIKS_HEADER, SIKS_ROWS, "comma")
    p3ke = write_table(tmp_path / "b_p3ke.csv", P3KE_HEADER, P3KE_ROWS, "comma")
    with pytest.raises(LayoutError) as err:
        read_register([siks, p3ke], salt=SALT)
    assert err.value.file == "b_p3ke.csv"
    assert "a_siks.csv" in err.value.en_msg and "p3ke" in err.value.en_msg


def test_sniff_layout_of_files_folders_and_zips(tmp_path):
    siks = write_table(tmp_path / "dtks.xlsx", SIKS_HEADER, SIKS_ROWS, "xlsx", title=True)
    p3ke = write_table(tmp_path / "keluarga.csv", P3KE_HEADER, P3KE_ROWS, "cp1252")
    assert sniff_layout(siks) == "siks" and sniff_layout(p3ke) == "p3ke"
    folder = tmp_path / "p3ke_per_desa"
    folder.mkdir()
    write_table(folder / "a.csv", P3KE_HEADER, P3KE_ROWS[:2], "semicolon")
    write_table(folder / "b.xls", P3KE_HEADER, P3KE_ROWS[2:], "xls")
    assert sniff_layout(folder) == "p3ke"
    zpath = tmp_path / "campur.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.write(siks, "1_dtks.xlsx")
        zf.write(p3ke, "2_keluarga.csv")
    with pytest.raises(LayoutError) as err:
        sniff_layout(zpath)
    assert err.value.file == "campur.zip:2_keluarga.csv"
    unknown = write_table(tmp_path / "lain.csv", ["A", "B"], [["1", "2"]], "comma")
    with pytest.raises(LayoutError) as err:
        sniff_layout(unknown)
    assert err.value.file == "lain.csv" and "missing: NOMOR_KK" in str(err.value)


# --------------------------------------------------------------------------------------------
# SIKS-NG
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "title"), [
    ("comma", False), ("semicolon", True), ("tab", False), ("utf8_bom", False),
    ("cp1252", False), ("utf16", False), ("xlsx", True), ("xls", True),
])
def test_siks_households_in_every_format(tmp_path, fmt, title):
    # (KK / NIK stay text cells: a 16-digit number cell loses its last digits in Excel)
    path = write_table(tmp_path / f"dtks_{fmt}.bin", SIKS_HEADER, SIKS_ROWS, fmt, title=title,
                       )
    data = read_register(path, salt=SALT)
    off = 2 if title else 0
    assert data.layout == "siks" and data.register == "dtks"
    assert data.programmes == ["pkh", "bpnt", "pbi"]
    assert list(data.households.columns) == list(HOUSEHOLD_COLUMNS)
    assert household_tuples(data, ["desa", "dusun", "jiwa", "pkh", "bpnt", "pbi", "padan"]) \
        == SIKS_EXPECTED
    assert data.households["_row"].tolist() == [r + off for r in SIKS_FIRST_ROWS]
    assert set(data.households["_file"]) == {f"dtks_{fmt}.bin"}
    assert data.households[["prov", "kab", "kec"]].drop_duplicates().values.tolist() == [
        ["JAWA TENGAH", "BLORA", "SAMBONG"]]
    assert data.households["rw"].tolist() == ["001"] * 3
    assert data.households["desil"].isna().all() and data.households["kode"].isna().all()
    assert data.households["bpum"].isna().all() and data.households["atap"].isna().all()
    s = data.stats
    assert (s["rows_read"], s["duplicates"], s["rejected"], s["kept"], s["persons"]) == \
        (9, 1, 1, 3, 7)
    assert s["kk_area_conflict"] == 1 and s["nik_empty"] == 1
    assert s["files"][0]["name"] == f"dtks_{fmt}.bin" and s["files"][0]["rows"] == 9
    assert len(s["files"][0]["sha256"]) == 64
    rej = data.rejected
    assert rej[["file", "row", "kolom"]].values.tolist() == [
        [f"dtks_{fmt}.bin", SIKS_REJECTED_ROW + off, "NOMOR_KK"]]
    assert rej.loc[0, "alasan"] == "NOMOR_KK kosong / NOMOR_KK empty"
    assert (rej.loc[0, "kec"], rej.loc[0, "desa"]) == ("SAMBONG", "GADU")


def test_siks_dtypes(tmp_path):
    data = read_register(write_table(tmp_path / "d.csv", SIKS_HEADER, SIKS_ROWS, "comma"),
                         salt=SALT)
    h = data.households
    assert str(h["jiwa"].dtype) == "Int64" and str(h["desil"].dtype) == "Int64"
    for col in ("pkh", "bpnt", "pbi", "bpum", "bst", "padan"):
        assert str(h[col].dtype) == "boolean", col
    assert h["_row"].dtype == np.int64
    assert data.rejected.columns.tolist() == ["file", "row", "kolom", "alasan", "prov", "kab",
                                              "kec", "desa", "kode"]


def test_siks_households_span_chunks(tmp_path):
    path = write_table(tmp_path / "d.csv", SIKS_HEADER, SIKS_ROWS, "comma")
    small = read_register(path, salt=SALT, settings=dataclasses.replace(DEFAULT, chunk_rows=2))
    whole = read_register(path, salt=SALT)
    pd.testing.assert_frame_equal(small.households, whole.households)
    assert small.stats["duplicates"] == 1 and small.stats["kept"] == 3


def test_same_file_twice_counts_duplicates(tmp_path):
    rows = SIKS_ROWS[:8]                        # every person has a NIK
    path = write_table(tmp_path / "d.csv", SIKS_HEADER, rows, "comma")
    data = read_register([path, path], salt=SALT)
    assert data.stats["kept"] == 3 and data.stats["persons"] == 6
    assert data.stats["duplicates"] == 1 + 7
    assert data.stats["rows_read"] == 16 and data.stats["rejected"] == 2
    assert data.households["jiwa"].tolist() == [3, 2, 1]
    assert data.stats["duplicate_files"] == ["d.csv"]
    assert data.rejected["row"].tolist() == [7, 7]


def test_zip_with_folder_of_per_desa_files(tmp_path):
    parts = {
        "sambong/desa_sambongrejo.csv": ("comma", SIKS_ROWS[0:3] + SIKS_ROWS[7:8]),
        "sambong/desa_ngablak.xlsx": ("xlsx", SIKS_ROWS[3:5]),
        "sambong/gadu/desa_gadu.txt": ("utf16", SIKS_ROWS[5:7] + SIKS_ROWS[8:9]),
    }
    zpath = tmp_path / "kiriman.zip"
    with zipfile.ZipFile(zpath, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for member, (fmt, rows) in parts.items():
            tmp = write_table(tmp_path / "tmp.bin", SIKS_HEADER, rows, fmt)
            zf.write(tmp, member)
        zf.writestr("__MACOSX/sambong/._desa_gadu.txt", b"\x00\x05junk")
        zf.writestr("sambong/~$desa_ngablak.xlsx", b"lock")
    data = read_register(zpath, salt=SALT)
    assert [f["name"] for f in data.stats["files"]] == [
        "kiriman.zip:sambong/desa_ngablak.xlsx", "kiriman.zip:sambong/desa_sambongrejo.csv",
        "kiriman.zip:sambong/gadu/desa_gadu.txt"]
    assert [f["rows"] for f in data.stats["files"]] == [2, 4, 3]
    assert data.stats["kept"] == 3 and data.stats["persons"] == 7
    assert data.stats["duplicates"] == 1
    got = dict(zip(data.households["desa"], household_tuples(
        data, ["_file", "_row", "jiwa", "pkh", "bpnt", "pbi"])))
    assert got == {
        "Ngablak Kidül": ("kiriman.zip:sambong/desa_ngablak.xlsx", 2, 2, False, True, False),
        "SAMBONGREJO": ("kiriman.zip:sambong/desa_sambongrejo.csv", 2, 3, True, True, True),
        "GADU": ("kiriman.zip:sambong/gadu/desa_gadu.txt", 3, 2, True, False, True),
    }
    assert data.rejected[["file", "row"]].values.tolist() == [
        ["kiriman.zip:sambong/gadu/desa_gadu.txt", 2]]


def test_folder_input_and_multi_sheet_workbook(tmp_path):
    import openpyxl

    root = tmp_path / "masuk"
    root.mkdir()
    wb = openpyxl.Workbook()
    wb.active.title = "Rekap"
    wb.active.append(["Jumlah KK", 3])
    for title, rows in (("Desa A", SIKS_ROWS[0:3]), ("Desa B", SIKS_ROWS[3:5])):
        ws = wb.create_sheet(title)
        ws.append(["judul"])
        ws.append(SIKS_HEADER)
        for row in rows:
            ws.append(row)
    wb.save(root / "kec.xlsx")
    write_table(root / "kec_c.csv", SIKS_HEADER, SIKS_ROWS[5:7], "semicolon")
    data = read_register([root], salt=SALT)
    assert data.households["_file"].tolist() == [
        "masuk/kec.xlsx [Desa A]", "masuk/kec.xlsx [Desa B]", "masuk/kec_c.csv"]
    assert data.households["_row"].tolist() == [3, 3, 3]
    assert data.households["jiwa"].tolist() == [3, 2, 1]
    assert data.rejected[["file", "row"]].values.tolist() == [["masuk/kec_c.csv", 2]]


def test_missing_optional_column_gives_na_flags(tmp_path):
    drop = SIKS_HEADER.index("PBI_JKN")
    header = [c for i, c in enumerate(SIKS_HEADER) if i != drop]
    rows = [[v for i, v in enumerate(r) if i != drop] for r in SIKS_ROWS]
    data = read_register(write_table(tmp_path / "tanpa_pbi.csv", header, rows, "comma"),
                         salt=SALT)
    assert data.households["pbi"].isna().all()
    assert data.households["pkh"].tolist() == [True, False, True]
    assert data.stats["missing_columns"] == {"tanpa_pbi.csv": ["PBI_JKN"]}


def test_bad_text_rows_and_repeated_header_are_rejected(tmp_path):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(SIKS_HEADER)
    w.writerows(SIKS_ROWS[:2])
    w.writerow(SIKS_HEADER)                                     # row 4: header pasted again
    w.writerows(SIKS_ROWS[3:5])
    text = buf.getvalue() + ",".join(SIKS_ROWS[6][:5]) + ",Jl. Mawar, No. 7," + \
        ",".join(SIKS_ROWS[6][6:]) + "\n"                       # row 7: unquoted comma
    path = tmp_path / "campur.csv"
    path.write_text(text, encoding="utf-8")
    data = read_register(path, salt=SALT)
    assert data.rejected["row"].tolist() == [4, 7]
    assert data.rejected["alasan"].tolist() == [
        "Baris judul kolom berulang / repeated header row",
        "Baris berisi 24 sel, lebih banyak dari judul kolom (23); baris dilewati / "
        "row has 24 cells, more than the header (23); row skipped"]
    assert data.stats["kept"] == 2 and data.stats["rows_read"] == 6


def test_unknown_flag_value_is_a_warning(tmp_path):
    rows = [list(r) for r in SIKS_ROWS[:2]]
    rows[0][SIKS_HEADER.index("BANSOS_PKH")] = "7"
    data = read_register(write_table(tmp_path / "f.csv", SIKS_HEADER, rows, "comma"), salt=SALT)
    assert data.warnings[["row", "kolom"]].values.tolist() == [[2, "BANSOS_PKH"]]
    assert "'7'" in data.warnings.loc[0, "alasan"]
    assert data.stats["flag_invalid"] == 1
    assert data.households["pkh"].tolist() == [True]     # the other member has PKH


def test_no_files_is_refused(tmp_path):
    (tmp_path / "kosong").mkdir()
    (tmp_path / "kosong" / ".hidden.csv").write_text("x")
    with pytest.raises(InputError) as err:
        read_register(tmp_path / "kosong")
    assert "No data file" in str(err.value)


# --------------------------------------------------------------------------------------------
# P3KE
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "title"), [("comma", False), ("xlsx", True), ("xls", True),
                                            ("cp1252", False)])
def test_p3ke_families(tmp_path, fmt, title):
    rows = [list(r) for r in P3KE_ROWS]
    if fmt == "xlsx":
        for r in rows:
            r[P3KE_HEADER.index("Kode Kemdagri")] = "3316062002.0"     # Excel float damage
    path = write_table(tmp_path / f"p3ke.{fmt}", P3KE_HEADER, rows, fmt, title=title,
                       numeric=("Kode Kemdagri", "No"))
    data = read_register(path, salt=SALT)
    off = 2 if title else 0
    assert data.layout == "p3ke" and data.register == "p3ke"
    assert data.programmes == ["pkh", "bpnt", "bpum", "bst"]
    assert household_tuples(data, ["desil", "pkh", "bpnt", "bpum", "bst", "padan", "lantai"]) \
        == P3KE_EXPECTED
    assert data.households["_row"].tolist() == [r + off for r in P3KE_FIRST_ROWS]
    assert data.households["kode"].tolist() == ["3316062002"] * 7
    assert data.households["atap"].tolist() == ["Genteng"] * 7
    assert data.households["fasilitas_bab"].tolist() == ["Ya"] * 7
    assert data.households["jiwa"].isna().all() and data.households["pbi"].isna().all()
    s = data.stats
    assert (s["rows_read"], s["duplicates"], s["rejected"], s["kept"], s["persons"]) == \
        (9, 1, 1, 7, None)
    assert (s["desil_invalid"], s["desil_empty"], s["flag_invalid"], s["family_id_empty"]) == \
        (2, 1, 1, 1)
    assert data.rejected[["row", "kolom", "alasan"]].values.tolist() == [
        [6 + off, "ID Keluarga P3KE",
         "ID Keluarga P3KE dan NIK kosong / ID Keluarga P3KE and NIK empty"]]
    assert data.rejected.loc[0, "kode"] == "3316062002"
    w = data.warnings
    assert w[["row", "kolom"]].values.tolist() == [
        [7 + off, "Desil Kesejahteraan"], [9 + off, "Desil Kesejahteraan"],
        [10 + off, "Desil Kesejahteraan"], [10 + off, "Penerima PKH"]]
    assert w.loc[0, "alasan"].startswith("Desil Kesejahteraan tidak valid: '7' bukan 1-4")
    assert "invalid desil" in w.loc[0, "alasan"]
    assert w.loc[1, "alasan"] == "Desil Kesejahteraan kosong / desil empty"
    assert "'abc'" not in w.loc[2, "alasan"]


@pytest.mark.parametrize(("text", "expected"), [
    ("1", 1), ("Desil 1", 1), ("DESIL 4", 4), ("desil3", 3), ("1.0", 1), ("2,0", 2), (" 3 ", 3),
    ("0", None), ("5", None), ("1.5", None), ("-", None), ("", None), ("Desil", None),
])
def test_parse_desil(text, expected):
    from layers.registers.p3ke import parse_desil

    desil, empty, invalid = parse_desil(pd.Series([text]))
    got = desil.iloc[0]
    assert (None if pd.isna(got) else int(got)) == expected
    assert bool(empty[0]) == (text.strip() in ("", "-"))
    assert bool(invalid[0]) == (expected is None and text.strip() not in ("", "-"))


# --------------------------------------------------------------------------------------------
# scale
# --------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_150k_person_rows_read_in_seconds(tmp_path):
    n = 150_000
    rng = np.random.default_rng(7)
    hh = np.sort(rng.integers(0, 40_000, n))
    frame = pd.DataFrame({c: "x" for c in SIKS_HEADER}, index=range(n))
    frame["KECAMATAN"] = np.array(["SAMBONG", "CEPU", "JEPON"])[hh % 3]
    frame["DESA_KELURAHAN"] = pd.Series(hh % 300).map("DESA {:03d}".format)
    frame["NOMOR_KK"] = pd.Series(hh).map("99{:014d}".format)
    frame["NOMOR_NIK"] = pd.Series(np.arange(n)).map("99{:014d}".format)
    for col in ("BANSOS_BPNT", "BANSOS_PKH", "BANSOS_BPNT_PPKM", "PBI_JKN"):
        frame[col] = np.where(rng.random(n) < 0.3, "YA", "-")
    path = tmp_path / "besar.csv"
    frame.to_csv(path, index=False)
    start = time.perf_counter()
    data = read_register(path)
    elapsed = time.perf_counter() - start
    assert data.stats["persons"] == n and data.stats["kept"] == len(np.unique(hh))
    assert int(data.households["jiwa"].sum()) == n
    assert elapsed < 20, elapsed


def test_header_only_and_all_rejected_files_give_empty_households(tmp_path):
    empty = read_register(write_table(tmp_path / "h.xlsx", P3KE_HEADER, [], "xlsx"))
    assert empty.layout == "p3ke" and len(empty.households) == 0
    assert list(empty.households.columns) == list(HOUSEHOLD_COLUMNS)
    assert str(empty.households["desil"].dtype) == "Int64"
    assert (empty.stats["rows_read"], empty.stats["kept"]) == (0, 0)
    rejected = read_register(write_table(tmp_path / "r.csv", SIKS_HEADER, [SIKS_ROWS[5]], "comma"))
    assert len(rejected.households) == 0 and rejected.stats["persons"] == 0
    assert rejected.rejected["row"].tolist() == [2]
