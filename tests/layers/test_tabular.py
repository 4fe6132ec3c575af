"""layers.io: content sniffing, encodings, delimiters, title rows, chunks, inputs."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from layers.errors import InputError
from layers.io import (
    HeaderNotFoundError, expand_inputs, iter_table, normalize_header, parse_flags, parse_number,
    sniff_kind,
)

HEADER = ["KODE", "NAMA_DESA", "JUMLAH", "KETERANGAN"]
ROWS = [
    ["001", "Ngablak Kidül", "1.234,5", "NA"],
    ["002", "Jum’at, Wetan", "7", "-"],
    ["003", "Sambongrejo", "", "YA"],
]


def _csv_text(rows, delimiter=",") -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _write_text(path: Path, rows, *, delimiter=",", encoding="utf-8") -> Path:
    path.write_bytes(_csv_text(rows, delimiter).encode(encoding))
    return path


def _read_all(path, **kw) -> tuple[list, pd.DataFrame]:
    chunks = list(iter_table(path, **kw))
    return chunks, pd.concat([c.frame for c in chunks], ignore_index=True)


# --- text: encodings and delimiters ---------------------------------------------------------

@pytest.mark.parametrize(("delimiter", "encoding"), [
    (",", "utf-8"),
    (";", "utf-8"),
    ("\t", "utf-8"),
    ("|", "utf-8"),
    (",", "utf-8-sig"),
    (";", "cp1252"),
    ("\t", "utf-16"),        # Excel "Unicode text": UTF-16 LE with BOM, tab separated
    ("\t", "utf-16-be-bom"),
])
def test_text_encodings_and_delimiters(tmp_path, delimiter, encoding):
    text = _csv_text([HEADER, *ROWS], delimiter)
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    path = tmp_path / "tabel.dat"
    path.write_bytes(data)
    chunks, frame = _read_all(path)
    assert chunks[0].header == HEADER          # no BOM glued to the first name
    assert chunks[0].file == "tabel.dat"
    assert frame.columns.tolist() == [*HEADER, "_row"]
    assert frame["NAMA_DESA"].tolist() == ["Ngablak Kidül", "Jum’at, Wetan", "Sambongrejo"]
    assert frame["KODE"].tolist() == ["001", "002", "003"]          # leading zeros kept
    assert frame["KETERANGAN"].tolist() == ["NA", "-", "YA"]         # not turned into NaN
    assert frame["JUMLAH"].tolist() == ["1.234,5", "7", ""]
    assert frame["_row"].tolist() == [2, 3, 4]


def test_cp1252_file_is_not_valid_utf8_and_is_decoded(tmp_path):
    path = _write_text(tmp_path / "x.csv", [HEADER, *ROWS], delimiter=";", encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    _, frame = _read_all(path)
    assert frame.loc[0, "NAMA_DESA"] == "Ngablak Kidül"
    assert frame.loc[1, "NAMA_DESA"] == "Jum’at, Wetan"


def test_quoted_fields_and_multiline_cell_keep_spreadsheet_numbering(tmp_path):
    rows = [HEADER, ["001", "Desa, dengan koma", "1", "baris\nkedua"],
            ["002", 'Kata "kutip"', "2", ""],
            ["003", "C", "3", ""]]
    path = _write_text(tmp_path / "q.csv", rows)
    _, frame = _read_all(path)
    assert frame["NAMA_DESA"].tolist() == ["Desa, dengan koma", 'Kata "kutip"', "C"]
    assert frame.loc[0, "KETERANGAN"] == "baris\nkedua"
    # Excel counts records, not physical lines
    assert frame["_row"].tolist() == [2, 3, 4]


def test_blank_lines_are_skipped_but_numbers_stay_true(tmp_path):
    text = "KODE;NAMA\r\n001;A\r\n\r\n;\r\n002;B\r\n"
    path = tmp_path / "b.csv"
    path.write_text(text, encoding="utf-8", newline="")
    _, frame = _read_all(path)
    assert frame["KODE"].tolist() == ["001", "002"]
    assert frame["_row"].tolist() == [2, 5]


def test_title_rows_above_header_in_text(tmp_path):
    rows = [["DATA DTKS KECAMATAN SAMBONG"], ["Dicetak: 2025"], [], HEADER, *ROWS]
    path = _write_text(tmp_path / "judul.csv", rows, delimiter=";")
    chunks, frame = _read_all(path, header_probe={"kode", "nama desa"})
    assert chunks[0].header_row == 4
    assert chunks[0].header == HEADER
    assert frame["_row"].tolist() == [5, 6, 7]
    assert frame["KODE"].tolist() == ["001", "002", "003"]


def test_chunks_continue_row_numbers(tmp_path):
    rows = [HEADER] + [[f"{i:03d}", f"D{i}", str(i), ""] for i in range(1, 8)]
    path = _write_text(tmp_path / "c.csv", rows)
    chunks, frame = _read_all(path, chunk_rows=3)
    assert [len(c.frame) for c in chunks] == [3, 3, 1]
    assert frame["_row"].tolist() == list(range(2, 9))
    assert frame["KODE"].tolist()[-1] == "007"


def test_select_leaves_other_columns_unread(tmp_path):
    path = _write_text(tmp_path / "s.csv", [HEADER, *ROWS])
    chunks, frame = _read_all(path, select=lambda header: ["KODE", "JUMLAH"])
    assert frame.columns.tolist() == ["KODE", "JUMLAH", "_row"]
    assert chunks[0].header == HEADER


def test_header_only_file_yields_one_empty_chunk(tmp_path):
    path = _write_text(tmp_path / "h.csv", [HEADER])
    chunks, frame = _read_all(path)
    assert len(chunks) == 1 and chunks[0].header == HEADER
    assert len(frame) == 0 and "_row" in frame.columns


def test_duplicate_and_empty_header_names_are_made_unique(tmp_path):
    path = _write_text(tmp_path / "d.csv", [["A", "A", "", "B"], ["1", "2", "3", "4"]])
    chunks, frame = _read_all(path)
    assert chunks[0].header == ["A", "A_2", "_kolom_3", "B"]
    assert frame.iloc[0][["A", "A_2", "_kolom_3", "B"]].tolist() == ["1", "2", "3", "4"]


# --- spreadsheets ----------------------------------------------------------------------------

def _xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _xls(path: Path, sheets: dict[str, list[list]]) -> Path:
    import xlwt

    wb = xlwt.Workbook()
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for title, rows in sheets.items():
        ws = wb.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write(r, c, value, date_style)
                elif value is not None:
                    ws.write(r, c, value)
    wb.save(str(path))
    return path


SHEET_ROWS = [
    ["REKAP DATA KELUARGA"],
    ["Kabupaten Contoh, 2025"],
    ["Kode Kemdagri", "Desa", "Luas", "Tanggal", "Catatan"],
    [3316062002.0, "Ngablak Kidül", 0.25, dt.datetime(2024, 1, 31), None],
    [3316062003, "Gadu", 12.0, dt.datetime(2024, 2, 1, 13, 30), "-"],
    [None, None, None, None, None],
    ["33.16.06.2004", "Sambongrejo", "1.234,5", None, "NA"],
]


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_spreadsheet_title_rows_and_cells_as_text(tmp_path, kind):
    writer = _xlsx if kind == "xlsx" else _xls
    path = writer(tmp_path / f"data.{kind}", {"Data": SHEET_ROWS})
    chunks, frame = _read_all(path, header_probe={"kode kemdagri", "desa"})
    assert chunks[0].header == ["Kode Kemdagri", "Desa", "Luas", "Tanggal", "Catatan"]
    assert chunks[0].header_row == 3 and chunks[0].sheet == "Data"
    assert frame["_row"].tolist() == [4, 5, 7]              # the empty row 6 is skipped
    assert frame["Kode Kemdagri"].tolist() == ["3316062002", "3316062003", "33.16.06.2004"]
    assert frame["Desa"].tolist() == ["Ngablak Kidül", "Gadu", "Sambongrejo"]
    assert frame["Luas"].tolist() == ["0.25", "12", "1.234,5"]
    assert frame["Catatan"].tolist() == ["", "-", "NA"]
    assert frame["Tanggal"].tolist()[0] == "2024-01-31"


def test_xlsx_reads_every_sheet_with_a_header_and_skips_others(tmp_path):
    header = ["KODE", "NAMA"]
    path = _xlsx(tmp_path / "multi.xlsx", {
        "Rekap": [["Jumlah", 3]],
        "Desa A": [["judul"], header, ["1", "a"], ["2", "b"]],
        "Desa B": [header, ["3", "c"]],
    })
    chunks = list(iter_table(path, header_probe={"KODE", "NAMA"}, chunk_rows=1))
    assert [(c.sheet, c.frame["_row"].tolist()) for c in chunks] == [
        ("Desa A", [3]), ("Desa A", [4]), ("Desa B", [2])]
    assert chunks[0].label == "multi.xlsx [Desa A]"
    # without a probe only the first sheet is read
    only = list(iter_table(path))
    assert [c.sheet for c in only] == ["Rekap"]


def test_type_is_sniffed_from_content_not_extension(tmp_path):
    xlsx_as_csv = _xlsx(tmp_path / "sebenarnya_xlsx.csv", {"S": [["KODE", "NAMA"], ["1", "a"]]})
    csv_as_xlsx = _write_text(tmp_path / "sebenarnya_csv.xlsx", [["KODE", "NAMA"], ["1", "a"]])
    xls_as_txt = _xls(tmp_path / "lama.txt", {"S": [["KODE", "NAMA"], ["1", "a"]]})
    for path, kind in ((xlsx_as_csv, "xlsx"), (csv_as_xlsx, "text"), (xls_as_txt, "xls")):
        with open(path, "rb") as fh:
            assert sniff_kind(fh) == kind
        _, frame = _read_all(path)
        assert frame[["KODE", "NAMA"]].values.tolist() == [["1", "a"]]


# --- refusals --------------------------------------------------------------------------------

def test_empty_file_is_refused_naming_the_file(tmp_path):
    for name, data in (("kosong.csv", b""), ("spasi.csv", b"  \r\n\r\n")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError) as err:
            list(iter_table(path))
        assert name in str(err.value)
        assert "kosong" in str(err.value) and "empty" in str(err.value)


def test_header_not_found_is_refused(tmp_path):
    path = _write_text(tmp_path / "tanpa_judul.csv", [["a", "b"], ["c", "d"]])
    with pytest.raises(HeaderNotFoundError) as err:
        list(iter_table(path, header_probe={"NOMOR_KK"}))
    msg = str(err.value)
    assert "tanpa_judul.csv" in msg and "header" in msg and "50" in msg


def test_rows_with_too_many_cells_are_left_out_and_listed(tmp_path):
    # an unquoted delimiter inside a cell would shift every later column: such rows are left
    # out (never read shifted) and reported with their spreadsheet numbers
    path = tmp_path / "lebar.csv"
    path.write_text('judul\nA,B\n1,2\n3,4,5\n"x\ny",6\n7,8\n9,10,11,12\n13,14\n',
                    encoding="utf-8")
    chunks, frame = _read_all(path, header_probe={"A", "B"}, chunk_rows=2)
    assert frame["A"].tolist() == ["1", "x\ny", "7", "13"]
    assert frame["_row"].tolist() == [3, 5, 6, 8]
    assert [b for c in chunks for b in c.bad_rows] == [(4, 3), (7, 4)]


def test_consistent_trailing_delimiter_widens_the_header(tmp_path):
    path = tmp_path / "ekor.csv"
    path.write_text("A;B\n1;2;\n3;4;\n", encoding="utf-8")
    chunks, frame = _read_all(path)
    assert chunks[0].header == ["A", "B", "_kolom_3"]
    assert frame["B"].tolist() == ["2", "4"] and not chunks[0].bad_rows


def test_unclosed_quote_is_refused(tmp_path):
    path = tmp_path / "kutip.csv"
    path.write_text('A,B\n1,2\n"3,4\n5,6\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(iter_table(path))
    assert err.value.file == "kutip.csv" and "quote" in err.value.en_msg


def test_damaged_workbooks_and_binaries_are_refused(tmp_path):
    good = _xlsx(tmp_path / "ok.xlsx", {"S": [["A"], ["1"]]}).read_bytes()
    cases = {
        "potong.xlsx": good[: len(good) // 2],           # truncated zip
        "rusak.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "gambar.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "halaman.xls": b"<html><body><table><tr><td>A</td></tr></table></body></html>",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError) as err:
            list(iter_table(path))
        assert err.value.file == name, name
        # no chained low-level exception (it could quote file content)
        assert err.value.__cause__ is None
        assert err.value.__context__ is None or err.value.__suppress_context__


def test_missing_path_is_refused(tmp_path):
    with pytest.raises(InputError) as err:
        list(iter_table(tmp_path / "tidak_ada.csv"))
    assert err.value.file == "tidak_ada.csv"


# --- expand_inputs ---------------------------------------------------------------------------

def test_expand_folder_recursive_sorted_skipping_hidden_and_temp(tmp_path):
    root = tmp_path / "kiriman"
    (root / "sambong").mkdir(parents=True)
    (root / ".git").mkdir()
    _write_text(root / "sambong" / "desa_b.csv", [["A"], ["1"]])
    _write_text(root / "sambong" / "Desa_A.csv", [["A"], ["2"]])
    _write_text(root / "cepu.csv", [["A"], ["3"]])
    (root / "~$cepu.xlsx").write_bytes(b"lock")
    (root / ".DS_Store").write_bytes(b"x")
    (root / ".git" / "config").write_bytes(b"x")
    (root / "Thumbs.db").write_bytes(b"x")
    files = expand_inputs(root)
    assert [f.name for f in files] == ["kiriman/cepu.csv", "kiriman/sambong/Desa_A.csv",
                                       "kiriman/sambong/desa_b.csv"]
    for f in files:
        assert f.sha256 == hashlib.sha256(f.source.read_bytes()).hexdigest()
        assert f.size == f.source.stat().st_size


def test_expand_zip_with_folders_and_nested_zip(tmp_path):
    a = _csv_text([["KODE"], ["1"]]).encode()
    b = _csv_text([["KODE"], ["2"]]).encode("utf-16")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("dalam.csv", _csv_text([["KODE"], ["3"]]))
    zpath = tmp_path / "kiriman.zip"
    with zipfile.ZipFile(zpath, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("sambong/kec_sambong.csv", a)
        zf.writestr("sambong/desa_b.txt", b)
        zf.writestr("sambong/", b"")
        zf.writestr("__MACOSX/sambong/._kec_sambong.csv", b"junk")
        zf.writestr("sambong/~$temp.xlsx", b"junk")
        zf.writestr("arsip.zip", inner.getvalue())
    files = expand_inputs([zpath])
    assert [f.name for f in files] == ["kiriman.zip:arsip.zip:dalam.csv",
                                       "kiriman.zip:sambong/desa_b.txt",
                                       "kiriman.zip:sambong/kec_sambong.csv"]
    assert files[2].sha256 == hashlib.sha256(a).hexdigest()
    assert files[1].sha256 == hashlib.sha256(b).hexdigest()
    values = [pd.concat([c.frame for c in iter_table(f)])["KODE"].tolist() for f in files]
    assert values == [["3"], ["2"], ["1"]]
    assert list(iter_table(files[2]))[0].file == "kiriman.zip:sambong/kec_sambong.csv"


def test_expand_refuses_missing_path_and_broken_zip(tmp_path):
    with pytest.raises(InputError) as err:
        expand_inputs([tmp_path / "hilang.zip"])
    assert err.value.file == "hilang.zip"
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr("a.csv", "A\n1\n" * 1000)
    broken = tmp_path / "rusak.zip"
    data = bytearray(good.getvalue())
    data[40:60] = b"\xff" * 20                       # damage the member's data
    broken.write_bytes(bytes(data))
    with pytest.raises(InputError) as err:
        expand_inputs(broken)
    assert err.value.file == "rusak.zip"


# --- value helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1.234,5", 1234.5), ("1234.5", 1234.5), ("1234,5", 1234.5), ("1,234.5", 1234.5),
    ("1.234.567", 1234567.0), ("1,234,567", 1234567.0), ("-7", -7.0), ("1.234", 1.234),
    (" 12 ", 12.0), ("3.31606E+09", 3316060000.0), ("0,25", 0.25), (",5", 0.5),
    ("", None), ("abc", None), ("1.2.3,4,5", None), (None, None), (7, 7.0),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_parse_number_forced_decimal():
    assert parse_number("1.234", decimal=",") == 1234.0
    assert parse_number("1,234", decimal=".") == 1234.0


def test_parse_flags():
    s = pd.Series(["YA", "Ya", "1", "-", "", "Tidak", "0", "mungkin"])
    flags, unknown = parse_flags(s, empty=False)
    assert flags.tolist() == [True, True, True, False, False, False, False, pd.NA]
    assert unknown.tolist() == [False] * 7 + [True]
    flags, _ = parse_flags(s, empty=None)
    assert flags.tolist()[4] is pd.NA


def test_normalize_header_folds_case_spaces_and_separators():
    assert normalize_header("Kabupaten/Kota") == normalize_header("KABUPATEN_KOTA")
    assert normalize_header(" desa . kelurahan ") == "DESAKELURAHAN"
    assert normalize_header("\ufeffNOMOR_KK") == "NOMORKK"
