"""Personal data never leaves a register reader: not in frames, stats, messages, warnings, logs."""

from __future__ import annotations

import csv
import io
import logging
import traceback
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import layers.registers as registers
import layers.registers.read as reading
from layers.errors import InputError
from layers.registers import read_register
from layers.registers.privacy import (
    assert_clean, drop_personal, hash_keys, is_personal, quote_safe,
)

SIKS_HEADER = [
    "IDDTKS", "PROVINSI", "KABUPATEN_KOTA", "KECAMATAN", "DESA_KELURAHAN", "ALAMAT", "DUSUN",
    "RT", "RW", "NOMOR_KK", "NOMOR_NIK", "NAMA", "TANGGAL_LAHIR", "TEMPAT_LAHIR",
    "JENIS_KELAMIN", "PEKERJAAN", "NAMA_IBU_KANDUNG", "HUBUNGAN_KELUARGA", "KETERANGAN_PADAN",
    "BANSOS_BPNT", "BANSOS_PKH", "BANSOS_BPNT_PPKM", "PBI_JKN",
]
P3KE_HEADER = [
    "No", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Kode Kemdagri",
    "ID Keluarga P3KE", "Kepala Keluarga", "NIK", "Tanggal Lahir", "Alamat", "Jenis Kelamin",
    "Pekerjaan", "Pendidikan", "Padan Dukcapil", "Desil Kesejahteraan", "Jenis Atap",
    "Jenis Dinding", "Jenis Lantai", "Sumber Penerangan", "Bahan Bakar Memasak",
    "Sumber Air Minum", "Memiliki Fasilitas BAB", "Penerima BPNT", "Penerima BPUM",
    "Penerima BST", "Penerima PKH", "Penerima SEMBAKO", "Resiko Stunting",
]
NAMES = ["Sutinah Wiryosentono", "Karjo Dipomenggolo", "Paini Sastrowiyono",
         "Tukiyem Hardjosuwito", "Mbok Ginem Sarwoko", "Ngatini Purwodiharjo"]
MOTHERS = ["Ibu Kasminah Lestari", "Ibu Sumirah Wulandari", "Ibu Painem Rahayu",
           "Ibu Tumini Sejati", "Ibu Karsinah Mulyani", "Ibu Saminem Utami"]
BIRTH = ["1961-03-14", "1958-11-02", "1983-07-29", "1990-01-17", "1977-05-05", "2001-12-24"]
ADDRESS = ["Jl. Kenanga Gg. Buntu No. 17", "Jl. Cempaka Raya No. 4", "Jl. Flamboyan 9A",
           "Perum Griya Asri Blok C-12", "Jl. Kamboja No. 88", "Gang Melati Ujung 3"]


def _nik(i: int) -> str:
    return f"99331660018{i:05d}"


def _kk(i: int) -> str:
    return f"99331606000{i:05d}"


def siks_rows() -> list[list[str]]:
    rows = []
    for i in range(6):
        kk = "" if i == 4 else _kk(i // 2)                # row 6: no KK -> rejected
        pkh = _nik(100) if i == 5 else ("YA" if i % 2 else "-")   # a NIK slid into a flag
        rows.append([f"ID99{i:06d}", "JAWA TENGAH", "BLORA", "SAMBONG", "SAMBONGREJO", ADDRESS[i],
                     "KRAJAN", "001", "002", kk, _nik(i), NAMES[i], BIRTH[i], "Kota Sintetis",
                     "P", "PETANI", MOTHERS[i], "ANAK", "PADAN", "-", pkh, "-", NAMES[i][:3]])
    return rows


def p3ke_rows() -> list[list[str]]:
    rows = []
    for i in range(6):
        fam = "" if i in (3, 4) else f"P3KE99{i:08d}"
        nik = "" if i == 4 else _nik(50 + i)               # row 6: no key -> rejected
        desil = {1: NAMES[1], 2: _nik(200), 5: "9"}.get(i, str(1 + i % 4))   # junk in desil
        rows.append([str(i + 1), "JAWA TENGAH", "BLORA", "SAMBONG", "SAMBONGREJO", "3316062002",
                     fam, NAMES[i], nik, BIRTH[i], ADDRESS[i], "Perempuan", "Buruh", "SD", "YA",
                     desil, "Genteng", "Bambu", "Tanah", "Listrik", "Kayu", "Sumur", "Ya",
                     "Ya", "Tidak", "Tidak", MOTHERS[i] if i == 0 else "Ya", "Tidak", "Tidak"])
    return rows


PERSONAL = (
    [_nik(i) for i in range(6)] + [_nik(50 + i) for i in range(6)] + [_nik(100), _nik(200)]
    + [_kk(i) for i in range(3)] + [f"P3KE99{i:08d}" for i in range(6)]
    + [f"ID99{i:06d}" for i in range(6)] + NAMES + MOTHERS + BIRTH + ADDRESS
    + ["Kota Sintetis"]
)


def write(path: Path, header, rows, fmt: str) -> Path:
    if fmt == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(["Judul laporan"])
        wb.active.append(header)
        for r in rows:
            wb.active.append(r)
        wb.save(path)
    else:
        buf = io.StringIO(newline="")
        csv.writer(buf, delimiter=";" if fmt == "semicolon" else ",").writerows([header, *rows])
        path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _strings(obj) -> list[str]:
    """Every string reachable in a result: frame values and column names, stats, repr."""
    out: list[str] = []
    if isinstance(obj, pd.DataFrame):
        out += [str(c) for c in obj.columns]
        out += [str(v) for v in obj.astype(object).to_numpy().ravel()]
        out.append(obj.to_csv())
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out.append(str(k))
            out += _strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            out += _strings(v)
    else:
        out.append(str(obj))
    return out


def _assert_no_personal(texts: list[str]) -> None:
    blob = "\n".join(texts)
    leaked = [p for p in PERSONAL if p in blob]
    assert not leaked, leaked


def _exception_texts(err: BaseException) -> list[str]:
    return [str(err), repr(err), *map(str, err.args),
            "".join(traceback.format_exception(type(err), err, err.__traceback__))]


@pytest.mark.parametrize("fmt", ["comma", "xlsx"])
@pytest.mark.parametrize("layout", ["siks", "p3ke"])
def test_no_personal_value_in_any_output(tmp_path, fmt, layout, caplog, capsys):
    header, rows = (SIKS_HEADER, siks_rows()) if layout == "siks" else (P3KE_HEADER, p3ke_rows())
    path = write(tmp_path / f"{layout}.{'xlsx' if fmt == 'xlsx' else 'csv'}", header, rows, fmt)
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = read_register([path, path])
    # the inputs did exercise rejects and warnings
    assert data.stats["rejected"] == 2 and data.stats["warnings"] >= 2
    assert data.stats["kept"] == (3 if layout == "siks" else 5)
    texts = (_strings(data.households) + _strings(data.rejected) + _strings(data.warnings)
             + _strings(data.stats) + _strings(data.programmes) + [repr(data)]
             + [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records])
    _assert_no_personal(texts)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""
    assert_clean([data.households, data.rejected, data.warnings])
    assert not any(is_personal(c) for c in data.households.columns)
    # the non-personal bad value is quoted, the personal ones are not
    alasan = " ".join(data.warnings["alasan"])
    if layout == "p3ke":
        assert "'9'" in alasan and "value not shown" in alasan


def test_personal_columns_are_never_put_in_a_frame(tmp_path, monkeypatch):
    seen: list[list[str]] = []
    real = reading.iter_table

    def spy(*args, **kwargs):
        for chunk in real(*args, **kwargs):
            seen.append(list(chunk.frame.columns))
            yield chunk

    monkeypatch.setattr(reading, "iter_table", spy)
    read_register([write(tmp_path / "s.csv", SIKS_HEADER, siks_rows(), "comma"),
                   write(tmp_path / "s.xlsx", SIKS_HEADER, siks_rows(), "xlsx")])
    read_register(write(tmp_path / "p.csv", P3KE_HEADER, p3ke_rows(), "comma"))
    assert len(seen) == 3
    for columns in seen:
        personal = [c for c in columns if is_personal(c)]
        # only the keys are read (and hashed at once); names, birth data, addresses never
        assert set(personal) <= {"NOMOR_KK", "NOMOR_NIK", "ID Keluarga P3KE", "NIK"}, personal
        assert not {"NAMA", "ALAMAT", "TANGGAL_LAHIR", "NAMA_IBU_KANDUNG", "Kepala Keluarga",
                    "Alamat", "Tanggal Lahir", "TEMPAT_LAHIR", "IDDTKS"} & set(columns)


def _broken_inputs(tmp_path: Path) -> dict[str, Path]:
    rows = siks_rows()
    out = {}
    # no header at all: the first row is a person
    out["headerless"] = write(tmp_path / "tanpa_header.csv", rows[0], rows[1:], "comma")
    # an unclosed quote in a person's row
    text = ",".join(SIKS_HEADER) + "\n" + ",".join(rows[0]) + "\n" + \
        ",".join(rows[1][:11]) + ',"' + ",".join(rows[1][11:]) + "\n" + ",".join(rows[2]) + "\n"
    (tmp_path / "kutip.csv").write_text(text, encoding="utf-8")
    out["unclosed_quote"] = tmp_path / "kutip.csv"
    # a workbook whose sheet XML is broken right after a person's cells
    good = write(tmp_path / "baik.xlsx", SIKS_HEADER, rows, "xlsx")
    bad = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                cut = data.index(NAMES[2].encode()) + 10
                data = data[:cut] + b"<<" + _nik(2).encode() + b"</row"
            zout.writestr(item, data)
    out["broken_xml"] = bad
    # a truncated workbook
    trunc = tmp_path / "potong.xlsx"
    trunc.write_bytes(good.read_bytes()[:2000])
    out["truncated"] = trunc
    # a person's data in a P3KE file mixed with a SIKS file
    out["mixed"] = write(tmp_path / "p3ke.csv", P3KE_HEADER, p3ke_rows(), "comma")
    return out


@pytest.mark.parametrize("case", ["headerless", "unclosed_quote", "broken_xml", "truncated",
                                  "mixed"])
def test_errors_from_broken_files_carry_no_personal_value(tmp_path, case):
    paths = _broken_inputs(tmp_path)
    inputs = [paths[case]]
    if case == "mixed":
        inputs = [write(tmp_path / "siks.csv", SIKS_HEADER, siks_rows(), "comma"), paths[case]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(InputError) as err:
            read_register(inputs)
    assert err.value.file == inputs[-1].name           # the message still names the file
    _assert_no_personal(_exception_texts(err.value) + [str(w.message) for w in caught])
    assert err.value.__cause__ is None
    assert err.value.__context__ is None or err.value.__suppress_context__


def test_hash_keys_are_salted_and_empty_keys_are_zero():
    keys = pd.Series([_kk(1), _kk(2), _kk(1), "", "-"])
    a = hash_keys(keys, b"garam-satu")
    b = hash_keys(keys, b"garam-dua")
    assert a.dtype == np.int64
    assert a[0] == a[2] and a[0] != a[1]
    assert a[3] == 0 and a[4] == 0 and (a[:3] != 0).all()
    assert (a[:3] != b[:3]).all()                       # another reading, other hashes
    assert str(a[0]) not in _kk(1) and _kk(1) not in str(a[0])


def test_random_salt_per_call(tmp_path):
    path = write(tmp_path / "s.csv", SIKS_HEADER, siks_rows(), "comma")
    seen = []
    real = registers.siks.reduce_chunk

    def spy(frame, **kwargs):
        seen.append(kwargs["salt"])
        return real(frame, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(registers.siks, "reduce_chunk", spy)
        one = read_register(path)
        two = read_register(path)
    assert len(seen) == 2 and seen[0] != seen[1] and len(seen[0]) >= 16
    pd.testing.assert_frame_equal(one.households, two.households)


@pytest.mark.parametrize(("column", "personal"), [
    ("NOMOR_NIK", True), ("Nomor KK", True), ("nama_ibu_kandung", True), ("Tanggal Lahir", True),
    ("Kepala Keluarga", True), ("ALAMAT", True), ("ID Keluarga P3KE", True), ("NIK", True),
    ("TEMPAT_LAHIR", True), ("IDDTKS", True),
    ("DUSUN", False), ("RW", False), ("Desil Kesejahteraan", False), ("KECAMATAN", False),
    ("Penerima PKH", False),
])
def test_is_personal(column, personal):
    assert is_personal(column) is personal


def test_drop_personal_and_assert_clean():
    frame = pd.DataFrame({"Nama": ["x"], "NIK": ["9"], "desa": ["A"], "rw": ["001"]})
    assert drop_personal(frame).columns.tolist() == ["desa", "rw"]
    with pytest.raises(AssertionError):
        assert_clean([frame])
    with pytest.raises(AssertionError):
        assert_clean([pd.DataFrame({"kk_h": [1]})])
    assert_clean([drop_personal(frame)])


def test_quote_safe_quotes_only_small_numbers():
    got = quote_safe(pd.Series(["7", "Desil 9", "4.5", _nik(1), "Sutinah", "Sri", ""]))
    assert got.tolist()[:3] == ["'7'", "'Desil 9'", "'4.5'"]
    assert all("value not shown" in g for g in got.tolist()[3:])
