"""Browser import, data side: type and size checks, staged build, check report, name decisions,
rerun without the raw files, raw uploads deleted, nothing personal in logs or kept inputs."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import logging
import re
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from layers.cli import main
from layers.errors import InputError
from layers.matching import read_mapping
from layers.registers import HOUSEHOLD_COLUMNS
from layers.registers.privacy import is_personal
from layers.store import (DatasetStore, ImportFailed, ImportSession, Upload, check_report,
                          is_complete, parse_candidates, sniff_upload)

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"
DEMO_INPUT = DEMO / "input"

SIKS_HEADER = ("IDDTKS,PROVINSI,KABUPATEN_KOTA,KECAMATAN,DESA_KELURAHAN,ALAMAT,DUSUN,RT,RW,"
               "NOMOR_KK,NOMOR_NIK,NAMA,TANGGAL_LAHIR,TEMPAT_LAHIR,JENIS_KELAMIN,PEKERJAAN,"
               "NAMA_IBU_KANDUNG,HUBUNGAN_KELUARGA,KETERANGAN_PADAN,BANSOS_BPNT,BANSOS_PKH,"
               "BANSOS_BPNT_PPKM,PBI_JKN")
# households: (KK, desa as written, kecamatan, persons)
TINY_HOUSEHOLDS = [
    ("9901010000000001", "KALANGAN", "ALPHA", 2),
    ("9901010000000002", "Desa Kalangan", "ALPHA", 1),
    ("9901010000000003", "KALANGIN", "ALPHA", 3),
    ("9901010000000004", "KALANGIN", "ALPHA", 1),
    ("9901020000000005", "SUKAMAJU", "BETA", 2),
    ("9901020000000006", "SUKADAMAI", "BETA", 1),
]
TINY_NAMES = ["SITI AMINAH", "BUDI SANTOSO", "SRI WAHYUNI", "AGUS PRIYONO", "DEWI LESTARI",
              "JOKO SUSILO", "RINA MARLINA", "HADI PURNOMO", "YANTI KUSUMA", "EKO PRASETYO"]


# --------------------------------------------------------------------------------------------
# tiny hand-made inputs
# --------------------------------------------------------------------------------------------

def _tiny_geojson() -> bytes:
    rows = [("99.01.01.2001", "Kalangan", "Alpha", 0, 0),
            ("99.01.01.2002", "Kaliwangi", "Alpha", 1, 0),
            ("99.01.02.2001", "Sukamaju", "Beta", 0, 1),
            ("99.01.02.2002", "Sukadamai", "Beta", 1, 1)]
    gdf = gpd.GeoDataFrame(
        {"KDEPUM": [r[0] for r in rows], "WADMKD": [r[1] for r in rows],
         "WADMKC": [r[2] for r in rows], "WADMKK": ["Kabupaten Contoh"] * 4,
         "WADMPR": ["Contoh"] * 4},
        geometry=[box(111 + 0.02 * r[3], -7.1 + 0.02 * r[4], 111.02 + 0.02 * r[3],
                      -7.08 + 0.02 * r[4]) for r in rows], crs="EPSG:4326")
    return gdf.to_json().encode("utf-8")


def _tiny_siks() -> bytes:
    lines, person = [SIKS_HEADER], 0
    for kk, desa, kec, n in TINY_HOUSEHOLDS:
        for i in range(n):
            nik = f"99010{person:011d}"
            name = TINY_NAMES[person % len(TINY_NAMES)]
            lines.append(",".join([
                f"99{person:014d}", "CONTOH", "KABUPATEN CONTOH", kec, desa, "JL MAWAR 7",
                "KRAJAN", "001", "002", kk, nik, name, "12-03-1980", "SEMARANG",
                "PEREMPUAN", "PETANI", "MBOK SARINEM", "KEPALA KELUARGA" if i == 0 else "ANAK",
                "PADAN", "YA" if i == 0 else "-", "-", "-", "YA"]))
            person += 1
    return ("\n".join(lines) + "\n").encode("utf-8")


def _tiny_uploads() -> tuple[Upload, list[Upload]]:
    return (Upload("batas_desa.geojson", _tiny_geojson()),
            [Upload("DTKS_KEC_ALPHA_BETA.csv", _tiny_siks())])


def _kk(dataset: Path, column: str = "kk_terdaftar") -> pd.Series:
    desa = gpd.read_parquet(dataset / "desa.parquet")
    return desa.set_index("kode_desa")[column].astype("Int64")


@pytest.fixture
def store(tmp_path) -> DatasetStore:
    return DatasetStore(tmp_path / "store")


@pytest.fixture
def tiny(store) -> ImportSession:
    """A tiny import built once: 6 households, 'KALANGIN' (2 households) left to review."""
    boundaries, households = _tiny_uploads()
    session = ImportSession(store)
    session.run_build(boundaries=boundaries, households=households, period="2026-11")
    return session


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


# --------------------------------------------------------------------------------------------
# type and size, sniffed from content
# --------------------------------------------------------------------------------------------

def _png() -> bytes:
    return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
            b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01"
            b"\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.append(["PROVINSI", "KABUPATEN_KOTA"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_png_renamed_csv_is_refused_naming_the_file_in_both_languages():
    with pytest.raises(InputError) as err:
        sniff_upload(Upload("DTKS_OKTOBER.csv", _png()), role="households")
    assert str(err.value) == (
        "berkas DTKS_OKTOBER.csv: Jenis berkas rumah tangga tidak dikenali dari isinya: harus "
        "CSV, XLSX, XLS atau zip berisi berkas tersebut.\n"
        "file DTKS_OKTOBER.csv: Household file type not recognised from its content: it must "
        "be CSV, XLSX, XLS or a zip of those.")
    with pytest.raises(InputError, match="batas_desa.geojson.*GeoJSON"):
        sniff_upload(Upload("batas_desa.geojson", _png()), role="boundaries")


@pytest.mark.parametrize("content, kind", [
    (b"PROVINSI;KECAMATAN\nCONTOH;ALPHA\n", "csv"),
    ("PROVINSI,DESA\nJAWA TENGAH,Kedungtuban\n".encode("cp1252"), "csv"),
    ("\ufeffPROVINSI\tDESA\nCONTOH\tSUKA\u00e9\n".encode("utf-16"), "csv"),
    ("NAMA,DESA\nSRI,Nglebak\n".encode("utf-8-sig"), "csv"),
])
def test_text_tables_are_recognised_whatever_their_encoding(content, kind):
    assert sniff_upload(Upload("x.txt", content), role="households") == kind


def test_spreadsheets_and_zips_of_tables_are_recognised_by_content():
    assert sniff_upload(Upload("data.csv", _xlsx()), role="households") == "xlsx"
    assert sniff_upload(Upload("ekspor", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
                        role="households") == "xls"
    assert sniff_upload(Upload("dtks.zip", _zip({"a/DTKS_1.csv": b"A,B\n1,2\n",
                                                  "__MACOSX/._x": b"\x00\x01",
                                                  "b.xlsx": _xlsx()})),
                        role="households") == "zip"


def test_a_zip_holding_an_image_is_refused_naming_the_member():
    content = _zip({"DTKS.csv": b"A,B\n1,2\n", "foto/ktp.jpg": b"\xff\xd8\xff\xe0" + b"\0" * 64})
    with pytest.raises(InputError) as err:
        sniff_upload(Upload("dtks.zip", content), role="households")
    assert err.value.file == "dtks.zip:foto/ktp.jpg"
    assert "bukan CSV" in str(err.value) and "not CSV" in str(err.value)


def test_empty_broken_and_oversized_uploads_are_refused():
    with pytest.raises(InputError, match="kosong.*\n.*empty"):
        sniff_upload(Upload("a.csv", b""), role="households")
    with pytest.raises(InputError, match="a.zip.*rusak"):
        sniff_upload(Upload("a.zip", b"PK\x03\x04garbage"), role="households")
    with pytest.raises(InputError) as err:
        sniff_upload(Upload("besar.csv", b"A,B\n" + b"1,2\n" * 400_000), role="households",
                     max_bytes=1024 * 1024)
    assert str(err.value) == ("berkas besar.csv: Berkas terlalu besar: 1.5 MB, batas 1.0 MB.\n"
                              "file besar.csv: The file is too large: 1.5 MB, the limit is "
                              "1.0 MB.")


def test_a_zip_bomb_is_refused_by_its_unpacked_size():
    content = _zip({"big.csv": b"A,B\n" + b"0" * 3_000_000})
    assert len(content) < 100_000
    with pytest.raises(InputError, match="bomb.zip.*terlalu besar setelah dibuka"):
        sniff_upload(Upload("bomb.zip", content), role="households",
                     max_unzipped_bytes=1_000_000)


def test_boundary_types_are_recognised_by_content():
    geo = gpd.GeoDataFrame({"KDEPUM": ["99.01.01.2001"]}, geometry=[box(0, 0, 1, 1)],
                           crs="EPSG:4326")
    buf = io.BytesIO()
    geo.to_parquet(buf)
    plain = io.BytesIO()
    pd.DataFrame({"a": [1]}).to_parquet(plain)
    assert sniff_upload(Upload("b.csv", _tiny_geojson()), role="boundaries") == "geojson"
    assert sniff_upload(Upload("b", buf.getvalue()), role="boundaries") == "geoparquet"
    assert sniff_upload(Upload("b.bin", b"SQLite format 3\x00" + b"\x00" * 100),
                        role="boundaries") == "gpkg"
    shp = _zip({"BATAS/desa.shp": b"\x00\x00\x27\x0a", "BATAS/desa.dbf": b"x",
                "BATAS/desa.shx": b"x"})
    assert sniff_upload(Upload("batas.zip", shp), role="boundaries") == "shp_zip"
    for name, content in [("tabel.parquet", plain.getvalue()),
                          ("batas.zip", _zip({"readme.txt": b"hi"})),
                          ("batas.geojson", _tiny_siks())]:
        with pytest.raises(InputError) as err:
            sniff_upload(Upload(name, content), role="boundaries")
        assert err.value.file == name


def test_data_urls_from_the_browser_are_decoded_and_size_checked():
    data = b"A,B\n1,2\n"
    url = "data:application/vnd.ms-excel;base64," + base64.b64encode(data).decode()
    up = Upload.from_data_url("C:\\fakepath\\dtks.csv", url)
    assert up.content == data and up.name == "C:\\fakepath\\dtks.csv"
    with pytest.raises(InputError, match="dtks.csv: Berkas terlalu besar"):
        Upload.from_data_url("C:\\fakepath\\dtks.csv", url, max_bytes=4)


def test_upload_names_lose_folders_and_duplicates_get_numbered(store):
    session = ImportSession(store)
    uploads = session._uploads(Upload("../../etc/batas.geojson", b"{}"),
                               [Upload("C:\\fakepath\\a.csv", b"x"), Upload("a.csv", b"y"),
                                Upload(".bashrc", b"z"), Upload("~$dtks.xlsx", b"w"),
                                Upload("/", b"v")], require=True)
    assert [u[2] for u in uploads] == ["batas.geojson", "a.csv", "a (2).csv", "bashrc",
                                       "__dtks.xlsx", "berkas"]


def test_the_uploads_together_are_size_limited(store):
    session = ImportSession(store, max_bytes=100)
    with pytest.raises(InputError, match="b.csv: Unggahan terlalu besar bersama-sama"):
        session._uploads(Upload("batas.geojson", b"{" + b" " * 59),
                         [Upload("a.csv", b"x" * 30), Upload("b.csv", b"y" * 30)],
                         require=True)


def test_candidates_are_parsed_from_the_review_list():
    cands, notes = parse_candidates(
        "Kalangan (9901062005) 87.5; Kaliwangi (9901062006) 82.4; Bangun (Lor) (9901062001) 52.6")
    assert cands == [{"kode": "9901062005", "nama": "Kalangan", "skor": 87.5},
                     {"kode": "9901062006", "nama": "Kaliwangi", "skor": 82.4},
                     {"kode": "9901062001", "nama": "Bangun (Lor)", "skor": 52.6}]
    assert notes == []
    cands, notes = parse_candidates("induk belum cocok / parent unresolved")
    assert cands == [] and notes == ["induk belum cocok / parent unresolved"]
    assert parse_candidates("") == ([], [])


# --------------------------------------------------------------------------------------------
# tiny import: layouts, build, raw files gone, names resolved, rerun, CLI with the same mapping
# --------------------------------------------------------------------------------------------

def test_inspect_shows_type_and_layout_and_keeps_no_file(store):
    boundaries, households = _tiny_uploads()
    session = ImportSession(store)
    result = session.inspect(boundaries=boundaries,
                             households=[*households, Upload("foto.csv", _png()),
                                         Upload("lain.csv", b"KOLOM_A,KOLOM_B\n1,2\n")])
    files = result["files"]
    assert result["ok"] is False
    assert [(f["nama"], f.get("jenis"), f.get("layout")) for f in files] == [
        ("batas_desa.geojson", "geojson", None), ("DTKS_KEC_ALPHA_BETA.csv", "csv", "siks"),
        ("foto.csv", None, None), ("lain.csv", "csv", None)]
    assert files[1]["register"] == "dtks" and files[1]["label_en"] == "DTKS (SIKS-NG export)"
    assert "foto.csv" in files[2]["galat"] and "not recognised" in files[2]["galat"]
    assert "lain.csv" in files[3]["galat"]
    assert _files(session.staging) == []


def test_tiny_build_reports_counts_review_and_deletes_the_raw_upload(tiny):
    report = tiny.report()
    [reg] = report["registers"]
    assert (reg["register"], reg["rows_read"], reg["kept"], reg["persons"]) == ("dtks", 10, 6, 10)
    assert reg["households_unresolved"] == 2 and reg["match_rate"] == round(1 - 2 / 6, 4)
    assert reg["kecamatan_tanpa_data"] == []
    [entry] = report["review"]
    assert (entry["tingkat"], entry["induk_kode"], entry["induk_nama"], entry["input_nama"],
            entry["jumlah_baris"], entry["per_register"]) == (
        "desa", "990101", "Alpha", "KALANGIN", 2, {"dtks": 2})
    assert entry["kandidat"][0] == {"kode": "9901012001", "nama": "Kalangan", "skor": 87.5}
    assert entry["dapat_dipetakan"] is True
    assert report == json.loads(json.dumps(report))
    assert not list(tiny.staging.glob(".raw-*"))
    sha = hashlib.sha256(_tiny_siks()).hexdigest()
    for path in _files(tiny.store.root):
        assert hashlib.sha256(path.read_bytes()).hexdigest() != sha, path
        assert "DTKS_KEC_ALPHA_BETA" not in path.name


def test_resolving_a_name_moves_exactly_its_households_to_the_chosen_desa(tiny):
    before = _kk(tiny.dataset_dir)
    [entry] = tiny.report()["review"]

    assert tiny.resolve([(entry["tingkat"], entry["induk_kode"], entry["input_nama"],
                          entry["kandidat"][0]["kode"])]) == 1
    report = tiny.rerun()

    after = _kk(tiny.dataset_dir)
    assert report["review"] == []
    assert after["9901012001"] == before["9901012001"] + entry["jumlah_baris"] == 4
    assert after.drop("9901012001").equals(before.drop("9901012001"))
    assert report["registers"][0]["match_rate"] == 1.0
    assert report["mapping"] == 1
    mapping = read_mapping(tiny.store.mapping_path)
    assert mapping[["tingkat", "induk_kode", "input_nama", "kode"]].values.tolist() == [
        ["desa", "990101", "KALANGIN", "9901012001"]]


def test_not_in_this_area_takes_the_households_out_and_a_new_choice_replaces_the_old(tiny):
    tiny.resolve([("desa", "990101", "KALANGIN", "9901012002")])
    tiny.resolve([{"tingkat": "desa", "induk_kode": "990101", "input_nama": "Kalangin",
                   "kode": None}])
    report = tiny.rerun()

    [reg] = report["registers"]
    assert reg["households_outside_area"] == 2 and reg["households_unresolved"] == 0
    assert report["review"] == []
    assert _kk(tiny.dataset_dir).sum() == 4
    rows = tiny.store.mapping_path.read_text(encoding="utf-8").splitlines()
    assert rows == ["tingkat,induk_kode,input_nama,kode", "desa,990101,Kalangin,-"]


def test_a_choice_outside_the_boundary_file_is_refused(tiny):
    with pytest.raises(InputError) as err:
        tiny.resolve([("desa", "990101", "KALANGIN", "9901019999")])
    assert err.value.column == "kode" and "9901019999" in str(err.value)
    with pytest.raises(InputError, match="tingkat 'dusun'"):
        tiny.resolve([("dusun", "990101", "KALANGIN", None)])
    assert not tiny.store.mapping_path.exists()


def test_the_command_line_uses_the_same_mapping_file(tiny, tmp_path):
    tiny.resolve([("desa", "990101", "KALANGIN", "9901012001")])
    tiny.rerun()
    (tmp_path / "in").mkdir()
    geo = tmp_path / "in" / "batas_desa.geojson"
    csv = tmp_path / "in" / "DTKS_KEC_ALPHA_BETA.csv"
    geo.write_bytes(_tiny_geojson())
    csv.write_bytes(_tiny_siks())
    out = tmp_path / "cli"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["build", "--boundaries", str(geo), "--households", str(csv),
                     "--mapping", str(tiny.store.mapping_path), "--period", "2026-11",
                     "--out", str(out)])
    assert code == 0
    pd.testing.assert_series_equal(_kk(out), _kk(tiny.dataset_dir))
    for name in ("desa.parquet", "subdesa.parquet", "match_report.csv", "rejected.csv"):
        assert (out / name).read_bytes() == (tiny.dataset_dir / name).read_bytes(), name


def test_a_failed_build_still_deletes_the_raw_upload_and_logs_nothing_personal(store, caplog):
    caplog.set_level(logging.DEBUG)
    boundaries, _ = _tiny_uploads()
    bad = Upload("DAFTAR_PENERIMA.csv",
                 b"NIK_PENERIMA,NAMA_PENERIMA\n9901019999990001,SITI AMINAH\n")
    session = ImportSession(store)
    with pytest.raises(InputError) as err:
        session.run_build(boundaries=boundaries, households=[bad], period="2026-11")
    assert err.value.file == "DAFTAR_PENERIMA.csv"
    assert not list(session.staging.glob(".raw-*"))
    assert not session.dataset_dir.exists()
    assert [p.name for p in _files(session.staging)] == [".lock"]
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "DAFTAR_PENERIMA.csv" in text
    assert "9901019999990001" not in text and "SITI" not in text


def test_a_failed_second_build_leaves_the_first_one_to_check_and_rerun(tiny):
    before = {p.relative_to(tiny.staging): p.read_bytes() for p in _files(tiny.staging)}
    boundaries, _ = _tiny_uploads()
    with pytest.raises(InputError):
        tiny.run_build(boundaries=Upload("lain.geojson", boundaries.content),
                       households=[Upload("x.csv", b"A,B\n1,2\n")], period="2026-12")
    after = {p.relative_to(tiny.staging): p.read_bytes() for p in _files(tiny.staging)}
    assert after == before
    assert tiny.rerun()["review"][0]["input_nama"] == "KALANGIN"


def test_a_zip_of_household_files_is_built_and_deleted(store):
    boundaries, households = _tiny_uploads()
    packed = Upload("dtks_oktober.zip", _zip({"DTKS/" + households[0].name: households[0].content}))
    session = ImportSession(store)
    report = session.run_build(boundaries=boundaries, households=[packed], period="2026-10")
    [reg] = report["registers"]
    assert reg["kept"] == 6 and reg["files"] == [
        {"name": "dtks_oktober.zip:DTKS/DTKS_KEC_ALPHA_BETA.csv", "rows": 10}]
    assert report["files"][1]["jenis"] == "zip" and report["files"][1]["layout"] == "siks"
    assert sorted(p.relative_to(session.staging).as_posix() for p in _files(store.root)
                  if p.suffix in (".zip", ".csv")) == ["dataset/match_report.csv",
                                                       "dataset/rejected.csv"]


def test_the_tiny_import_logs_counts_and_names_of_files_only(store, caplog):
    caplog.set_level(logging.DEBUG)
    boundaries, households = _tiny_uploads()
    session = ImportSession(store)
    session.run_build(boundaries=boundaries, households=households, period="2026-11")
    session.resolve([("desa", "990101", "KALANGIN", "9901012001")])
    session.rerun()
    session.publish()
    messages = [r.getMessage() for r in caplog.records]
    assert any("kept=6" in m for m in messages)
    assert any("DTKS_KEC_ALPHA_BETA.csv is csv, layout siks" in m for m in messages)
    personal = _personal_values_of(pd.read_csv(io.BytesIO(_tiny_siks()), dtype=str),
                                   ["IDDTKS", "NOMOR_KK", "NOMOR_NIK", "NAMA", "TANGGAL_LAHIR",
                                    "NAMA_IBU_KANDUNG", "ALAMAT"])
    assert len(personal) > 20
    _assert_no_personal_value(messages, personal)
    assert "KALANGIN" not in "\n".join(messages)              # names of areas are not logged


def test_an_internal_error_is_reported_without_its_message_and_cleans_up(store, caplog,
                                                                          monkeypatch):
    import layers.build

    def broken(*args, **kwargs):
        raise ValueError("cannot convert 'SITI AMINAH 9901010000000001'")

    monkeypatch.setattr(layers.build, "build", broken)
    caplog.set_level(logging.DEBUG)
    boundaries, households = _tiny_uploads()
    session = ImportSession(store)
    with pytest.raises(ImportFailed) as err:
        session.run_build(boundaries=boundaries, households=households, period="2026-11")
    assert str(err.value) == (
        "Kesalahan internal saat membangun (ValueError); dataset yang tayang tidak berubah.\n"
        "Internal error while building (ValueError); the dataset being served has not changed.")
    assert err.value.__cause__ is None and err.value.__suppress_context__
    assert [p.name for p in _files(session.staging)] == [".lock"]
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "internal error ValueError" in text and "SITI" not in text and "99010100" not in text
    with pytest.raises(ValueError, match="SITI"):
        session.run_build(boundaries=boundaries, households=households, period="2026-11",
                          debug=True)


def test_a_second_build_cannot_start_while_one_runs(tiny):
    lock = tiny.store.staging_lock(tiny.token)
    assert lock.acquire(blocking=False)
    try:
        with pytest.raises(InputError, match="already running"):
            tiny.rerun()
    finally:
        lock.release()


def test_the_period_is_required(store):
    boundaries, households = _tiny_uploads()
    with pytest.raises(InputError, match="periode.*\n.*period is required"):
        ImportSession(store).run_build(boundaries=boundaries, households=households, period="")


def test_publishing_the_tiny_import_serves_it_and_keeps_the_previous_version(tiny):
    store = tiny.store
    first = tiny.publish()
    assert first == "2026-11" and store.current() == "2026-11"
    assert not tiny.staging.exists()
    assert is_complete(store.current_dir())
    with pytest.raises(InputError, match="no longer exists"):
        ImportSession(store, tiny.token)


# --------------------------------------------------------------------------------------------
# the demo's raw files, uploaded as a planner would
# --------------------------------------------------------------------------------------------

class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _demo_uploads() -> tuple[Upload, list[Upload]]:
    boundaries = Upload("batas_desa.geojson", (DEMO_INPUT / "batas_desa.geojson").read_bytes())
    households = [Upload(p.name, p.read_bytes())
                  for d in ("dtks", "p3ke") for p in sorted((DEMO_INPUT / d).iterdir())]
    return boundaries, households


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's raw files imported once into a store seeded with the committed demo build.

    Everything the library writes to the system temp folder goes to a private one (walked by
    the tests); every log record of every logger is captured.
    """
    base = tmp_path_factory.mktemp("import")
    systmp = base / "systmp"
    systmp.mkdir()
    capture = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    seen_raw: dict = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tempfile, "tempdir", str(systmp))
        store = DatasetStore(base / "store")
        store.ensure_seeded(DEMO)
        session = ImportSession(store)

        def progress(step, total, key):
            if key == "bangun":
                [raw] = session.staging.glob(".raw-*")
                seen_raw.update(mode=stat.S_IMODE(raw.stat().st_mode),
                                files=sorted(p.name for p in raw.iterdir()))

        boundaries, households = _demo_uploads()
        report = session.run_build(boundaries=boundaries, households=households,
                                   period="2026-11", progress=progress)
    root.removeHandler(capture)
    root.setLevel(old_level)
    cli = base / "cli"                      # the same raw files through the command line
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["build", "--boundaries", str(DEMO_INPUT / "batas_desa.geojson"),
                     "--households", str(DEMO_INPUT / "dtks"), "--households",
                     str(DEMO_INPUT / "p3ke"), "--period", "2026-11", "--out", str(cli)])
    assert code == 0
    return {"store": store, "session": session, "report": report, "systmp": systmp,
            "logs": capture.messages, "raw": seen_raw, "base": base, "cli": cli}


def _copy(demo, tmp_path) -> ImportSession:
    """The demo import in a store of its own (tests that change it work on a copy)."""
    root = tmp_path / "store"
    shutil.copytree(demo["store"].root, root)
    return ImportSession(DatasetStore(root), demo["session"].token)


@pytest.mark.slow
def test_demo_check_report_equals_the_cli_builds_numbers(demo):
    report = demo["report"]
    cli = json.loads((demo["cli"] / "meta.json").read_text(encoding="utf-8"))
    manifest = json.loads((DEMO_INPUT / "manifest.json").read_text(encoding="utf-8"))
    assert [r["register"] for r in report["registers"]] == ["dtks", "p3ke"]
    assert len(report["registers"]) == len(cli["registers"])
    for got, want in zip(report["registers"], cli["registers"]):
        for key in ("register", "layout", "label_id", "label_en", "rows_read", "duplicates",
                    "rejected", "kept", "persons", "match_rate", "households_unresolved",
                    "households_outside_area", "names_to_review", "programmes"):
            assert got[key] == want[key], key
        assert [f["rows"] for f in got["files"]] == [f["rows"] for f in want["files"]]
        assert [f["name"] for f in got["files"]] == [f["name"].split("/")[-1]
                                                     for f in want["files"]]
        assert [k["kode"] for k in got["kecamatan_tanpa_data"]] == want["kecamatan_tanpa_data"]
    assert report["batas_wilayah"] == {k: cli["batas_wilayah"][k]
                                       for k in ("file", "layout", "desa", "area", "qa")}
    assert report["wilayah"] == cli["wilayah"] and report["periode"] == "2026-11"
    # independent of the build: the numbers the demo generator planted
    dtks, p3ke = report["registers"]
    assert (dtks["rows_read"], dtks["persons"], dtks["kept"]) == (
        manifest["counts"]["siks_rows"], manifest["counts"]["siks_persons"],
        manifest["counts"]["siks_households"])
    assert (p3ke["rows_read"], p3ke["kept"]) == (manifest["counts"]["p3ke_rows"],
                                                 manifest["counts"]["p3ke_families"])
    assert p3ke["kecamatan_tanpa_data"] == [{"kode": "990107", "nama": "Sumberjati"}]
    assert dtks["names_to_review"] == manifest["counts"]["review_names"] == 3
    assert dtks["households_unresolved"] == manifest["counts"]["review_households"] == 28
    assert dtks["match_rate"] == round(1 - 28 / 5399, 4)
    # the review list: the CLI's match report rows to review, candidates parsed
    cli_report = pd.read_csv(demo["cli"] / "match_report.csv", dtype=str, keep_default_na=False)
    cli_review = cli_report[cli_report["metode"].isin(["ambiguous", "unmatched"])]
    assert [(e["tingkat"], e["induk_kode"], e["input_nama"], e["jumlah_baris"])
            for e in report["review"]] == [
        (r.tingkat, r.induk_kode, r.input_nama, int(r.jumlah_baris))
        for r in cli_review.itertuples()]
    assert sorted(e["input_nama"] for e in report["review"]) == ["KALANGIN", "SUMBRSRI K",
                                                                 "TEGAL"]
    kalangin = next(e for e in report["review"] if e["input_nama"] == "KALANGIN")
    assert kalangin["kandidat"] == [{"kode": "9901062005", "nama": "Kalangan", "skor": 87.5},
                                    {"kode": "9901062006", "nama": "Kaliwangi", "skor": 82.4},
                                    {"kode": "9901062001", "nama": "Bangunwangi", "skor": 52.6}]
    assert kalangin["induk_nama"] == "Ngumbul"
    # rejected rows, from rejected.csv, no personal value
    cli_rej = pd.read_csv(demo["cli"] / "rejected.csv", dtype=str, keep_default_na=False)
    assert report["rejected"]["jumlah"] == len(cli_rej) == 3
    assert report["rejected"]["kolom"] == ["register", "file", "row", "kolom", "alasan", "prov",
                                           "kab", "kec", "desa", "kode"]
    assert [(r["file"], r["row"], r["kolom"], r["alasan"], r["desa"])
            for r in report["rejected"]["baris"]] == [
        (r.file.split("/")[-1], int(r.row), r.kolom, r.alasan, r.desa)
        for r in cli_rej.itertuples()]
    # indicators that cannot be computed, with the reason
    missing = {i["kolom"]: i["alasan_en"] for i in report["indikator_tidak_tersedia"]}
    expected = {i["kolom"]: i["alasan_en"] for i in cli["indikator"] if not i["tersedia"]}
    assert missing == expected
    assert missing["p3ke_kk_pbi"] == "The P3KE layout carries no data for this indicator."
    assert report == json.loads(json.dumps(report))
    # and the staged dataset is the CLI's, file for file (only file names differ: no folder)
    for name in ("desa.parquet", "kecamatan.parquet", "subdesa.parquet"):
        assert (demo["session"].dataset_dir / name).read_bytes() == (
            demo["cli"] / name).read_bytes(), name


@pytest.mark.slow
def test_demo_layouts_were_detected_for_every_upload(demo):
    files = demo["report"]["files"]
    assert len(files) == 16 and files[0] == {"nama": "batas_desa.geojson", "peran": "batas",
                                             "jenis": "geojson", "bytes": 280989}
    assert {f["layout"] for f in files[1:14]} == {"siks"}
    assert {f["layout"] for f in files[14:]} == {"p3ke"}
    assert {f["jenis"] for f in files[1:]} == {"csv", "xlsx"}


@pytest.mark.slow
def test_demo_raw_uploads_are_gone_after_the_build(demo):
    # they were there, private, during the build
    assert demo["raw"]["mode"] == 0o700
    assert len(demo["raw"]["files"]) == 15
    _, households = _demo_uploads()
    digests = {hashlib.sha256(u.content).hexdigest() for u in households}
    names = {u.name for u in households}
    for folder in (demo["store"].root, demo["systmp"]):
        for path in _files(folder):
            assert path.name not in names, path
            assert hashlib.sha256(path.read_bytes()).hexdigest() not in digests, path
    assert not list(demo["store"].root.rglob(".raw-*"))
    kept = sorted(p.relative_to(demo["session"].staging).as_posix()
                  for p in _files(demo["session"].staging)
                  if not p.relative_to(demo["session"].staging).parts[0] == "dataset")
    assert kept == [".lock", "boundary/batas_desa.geojson", "inputs/p3ke.households.parquet",
                    "inputs/p3ke.rejected.parquet", "inputs/p3ke.warnings.parquet",
                    "inputs/session.json", "inputs/siks.households.parquet",
                    "inputs/siks.rejected.parquet", "inputs/siks.warnings.parquet",
                    "report.json"]


def _personal_values_of(frame: pd.DataFrame, columns: list[str]) -> set[str]:
    values = set()
    for col in columns:
        if col in frame:
            values |= {v.strip() for v in frame[col].dropna().astype(str) if len(v.strip()) >= 4}
    return values


@pytest.fixture(scope="module")
def demo_personal() -> set[str]:
    """Every personal value of the demo's raw files (NIK, KK, names, birth dates, addresses)."""
    from layers.io import iter_table
    values: set[str] = set()
    for folder, key, cols in (
            ("dtks", ["NOMOR_NIK"], ["IDDTKS", "NOMOR_KK", "NOMOR_NIK", "NAMA", "TANGGAL_LAHIR",
                                     "NAMA_IBU_KANDUNG", "ALAMAT"]),
            ("p3ke", ["NIK"], ["ID Keluarga P3KE", "Kepala Keluarga", "NIK", "Tanggal Lahir",
                               "Alamat"])):
        for path in sorted((DEMO_INPUT / folder).iterdir()):
            for chunk in iter_table(path, header_probe=key, keys=cols):   # raw values
                values |= _personal_values_of(chunk.frame, cols)
    return values


def _assert_no_personal_value(messages: list[str], values: set[str]) -> None:
    text = "\n".join(messages)
    words = set(re.findall(r"[A-Za-z0-9]+(?:[ ./-][A-Za-z0-9]+)*", text))
    tokens = set(re.findall(r"[A-Za-z0-9]+", text))
    for value in values:
        if " " in value or not value.isalnum():
            assert value not in text, value
        else:
            assert value not in tokens, value
    assert words                                                  # something was logged


@pytest.mark.slow
def test_demo_import_logs_nothing_personal(demo, demo_personal):
    personal = demo_personal
    assert len(personal) > 10_000
    assert "9901092310780001" in personal and "KARTO" in personal   # values seen in the raw CSV
    logs = demo["logs"]
    assert any("dtks rows=16824 kept=5399 rejected=3" in m for m in logs)
    assert any("raw uploads removed (15 files)" in m for m in logs)
    _assert_no_personal_value(logs, personal)


@pytest.mark.slow
def test_demo_kept_inputs_hold_no_personal_column_or_value(demo, demo_personal):
    inputs = demo["session"].inputs_dir
    personal = demo_personal
    for path in sorted(inputs.glob("*.parquet")):
        frame = pd.read_parquet(path)
        assert not [c for c in frame.columns if is_personal(c) or c.endswith("_h")], path.name
        if path.name.endswith("households.parquet"):
            assert set(frame.columns) <= set(HOUSEHOLD_COLUMNS) | {"kode_bps", "blt_dd"}
        for col in frame.columns:
            if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
                hits = set(frame[col].dropna().astype(str)) & personal
                assert not hits, (path.name, col, sorted(hits)[:3])
    session = json.loads((inputs / "session.json").read_text(encoding="utf-8"))
    text = json.dumps(session)
    assert not [v for v in personal if v.isdigit() and v in text]


@pytest.mark.slow
def test_demo_rerun_without_changes_gives_byte_identical_files(demo, tmp_path):
    session = _copy(demo, tmp_path)
    before = {p.name: p.read_bytes() for p in session.dataset_dir.iterdir()}
    report = session.rerun()
    after = {p.name: p.read_bytes() for p in session.dataset_dir.iterdir()}
    assert sorted(before) == sorted(after)
    for name in before:
        assert after[name] == before[name], name
    assert report["registers"] == demo["report"]["registers"]


@pytest.mark.slow
def test_demo_resolving_kalangin_adds_exactly_its_households(demo, tmp_path):
    session = _copy(demo, tmp_path)
    truth = pd.read_csv(DEMO_INPUT / "mapping_benar.csv", dtype=str)
    right = truth.set_index("input_nama").loc["KALANGIN", "kode"]
    [entry] = [e for e in session.report()["review"] if e["input_nama"] == "KALANGIN"]
    assert right in [c["kode"] for c in entry["kandidat"]]
    assert entry["per_register"] == {"dtks": 8}
    before = _kk(session.dataset_dir, "dtks_kk_terdaftar")

    session.resolve([(entry["tingkat"], entry["induk_kode"], entry["input_nama"], right)])
    report = session.rerun()

    after = _kk(session.dataset_dir, "dtks_kk_terdaftar")
    assert "KALANGIN" not in [e["input_nama"] for e in report["review"]]
    assert after[right] - before[right] == entry["jumlah_baris"] == 8
    assert after.drop(right).equals(before.drop(right))
    dtks = report["registers"][0]
    assert dtks["households_unresolved"] == 20 and dtks["names_to_review"] == 2
    kebenaran = pd.read_csv(DEMO_INPUT / "kebenaran_per_desa.csv", dtype={"kode_desa": str})
    assert after[right] == kebenaran.set_index("kode_desa").loc[right, "dtks_kk_terdaftar"]


@pytest.mark.slow
def test_demo_all_names_resolved_reproduce_the_true_counts_and_the_cli_mapping(demo, tmp_path):
    session = _copy(demo, tmp_path)
    truth = pd.read_csv(DEMO_INPUT / "mapping_benar.csv", dtype=str)
    session.resolve(truth.itertuples(index=False))
    report = session.rerun()

    assert report["review"] == []
    assert [r["match_rate"] for r in report["registers"]] == [1.0, 1.0]
    mapping = pd.read_csv(session.store.mapping_path, dtype=str)
    assert sorted(map(tuple, mapping.values.tolist())) == sorted(map(tuple, truth.values.tolist()))
    desa = gpd.read_parquet(session.dataset_dir / "desa.parquet").set_index("kode_desa")
    kebenaran = pd.read_csv(DEMO_INPUT / "kebenaran_per_desa.csv", dtype={"kode_desa": str})
    kebenaran = kebenaran.set_index("kode_desa")
    compared = 0
    for col in kebenaran.columns:
        if col.startswith(("dtks_", "p3ke_")) and col in desa:
            pd.testing.assert_series_equal(desa.loc[kebenaran.index, col].astype("Int64"),
                                           kebenaran[col].astype("Int64"), check_names=False,
                                           check_index_type=False, obj=col)
            compared += 1
    assert compared >= 10
    for got in report["registers"]:
        assert (got["match_rate"], got["names_to_review"], got["households_unresolved"]) == (
            1.0, 0, 0)


@pytest.mark.slow
def test_demo_publish_serves_the_import_and_keeps_the_demo_version(demo, tmp_path):
    session = _copy(demo, tmp_path)
    store = session.store
    assert store.current() == "2026-10"
    seeded = _kk(store.current_dir(), "dtks_kk_terdaftar").sum()

    vid = session.publish()

    assert vid == "2026-11" and store.current() == "2026-11"
    assert [v["id"] for v in store.list_versions()] == ["2026-10", "2026-11"]
    served = _kk(store.current_dir(), "dtks_kk_terdaftar").sum()
    kebenaran = pd.read_csv(DEMO_INPUT / "kebenaran_per_desa.csv", dtype={"kode_desa": str})
    assert served == kebenaran["dtks_kk_terdaftar"].sum() - 28     # 3 names left unresolved
    store.switch("2026-10")
    assert _kk(store.current_dir(), "dtks_kk_terdaftar").sum() == seeded
    store.delete("2026-11")
    assert [v["id"] for v in store.list_versions()] == ["2026-10"]
    assert list(store.staging_root.iterdir()) == []


@pytest.mark.slow
def test_demo_check_report_can_be_rebuilt_from_the_staged_dataset(demo):
    session = demo["session"]
    again = check_report(session.dataset_dir, files=demo["report"]["files"],
                         token=session.token)
    assert again == demo["report"]
    assert session.rejected_csv() == (session.dataset_dir / "rejected.csv").read_bytes()
    assert session.rejected_csv().decode("utf-8").splitlines()[0] == (
        "register,file,row,kolom,alasan,prov,kab,kec,desa,kode")
