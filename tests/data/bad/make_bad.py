"""A corpus of hostile and broken inputs, generated (nothing large is committed).

``python tests/data/bad/make_bad.py OUT`` writes every file to the folder OUT;
tests call :func:`make_all` (or the single makers) on a temporary folder. Everything is
synthetic: NIK-like values start with 99, names are made up. Bombs are built from a few
kilobytes of compressible bytes: a zip member's declared size is what the guard reads.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

SIKS_HEADER = [
    "IDDTKS", "PROVINSI", "KABUPATEN_KOTA", "KECAMATAN", "DESA_KELURAHAN", "ALAMAT", "DUSUN",
    "RT", "RW", "NOMOR_KK", "NOMOR_NIK", "NAMA", "TANGGAL_LAHIR", "TEMPAT_LAHIR",
    "JENIS_KELAMIN", "PEKERJAAN", "NAMA_IBU_KANDUNG", "HUBUNGAN_KELUARGA", "KETERANGAN_PADAN",
    "BANSOS_BPNT", "BANSOS_PKH", "BANSOS_BPNT_PPKM", "PBI_JKN",
]
P3KE_HEADER = [
    "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Kode Kemdagri",
    "ID Keluarga P3KE", "Kepala Keluarga", "NIK", "Padan Dukcapil", "Desil Kesejahteraan",
    "Penerima BPNT", "Penerima PKH",
]
DTSEN_HEADER = [
    "id_keluarga", "nik_kepala_keluarga", "nama_kepala_keluarga", "kode_provinsi",
    "kode_kabupaten", "kode_kecamatan", "kode_desa", "kecamatan", "desa_kelurahan", "desil",
    "pkh", "bpnt", "pbi_jk",
]
#: desa of the demo kabupaten (data/demo/input/batas_desa.geojson): kecamatan, desa, code
DESA = [("BANYUWANGI", "Bangunmulyo", "9901012001", "9901060020"),
        ("BANYUWANGI", "Banyuwangi", "9901012002", "9901060015"),
        ("BANYUWANGI", "Bendo", "9901012003", "9901060004")]
FIRST_NAMES = ["SUTINAH", "KARJO", "PAINI", "TUKIYEM", "GINEM", "NGATINI", "WAGIMAN", "SUPARMI"]
LAST_NAMES = ["WIRYO", "DIPO", "SASTRO", "HARDJO", "SARWOKO", "PURWO", "MANGUN", "KROMO"]
INJECTION = "=HYPERLINK(\"http://x.invalid\",\"klik\")"
SCRIPT = "<img src=x onerror=alert(1)>"


def nik(i: int) -> str:
    """A synthetic NIK (starts with 99, never a real one)."""
    return f"9901{i:012d}"


def kk(i: int) -> str:
    """A synthetic No. KK."""
    return f"9901{900000000000 + i:012d}"


def person_name(i: int) -> str:
    """A made-up full name, distinct for ``i`` < 64."""
    return f"{FIRST_NAMES[i % 8]} {LAST_NAMES[(i // 8) % 8]} {i}"


def siks_rows(n: int, *, desa: Callable[[int], tuple] | None = None) -> list[list[str]]:
    """``n`` persons, two per household, spread over :data:`DESA`."""
    rows = []
    for i in range(n):
        kec, ds, _, _ = (desa or (lambda j: DESA[(j // 2) % len(DESA)]))(i)
        rows.append([f"99{i:014d}", "CONTOH", "KABUPATEN CONTOH", kec, ds, "DSN KRAJAN",
                     "KRAJAN", "001", "002", kk(i // 2), nik(i), person_name(i), "01-02-1970",
                     "CONTOH", "LAKI-LAKI", "PETANI", "IBU " + person_name(i + 1),
                     "KEPALA KELUARGA", "PADAN", "YA" if i % 3 else "-", "-", "-", "YA"])
    return rows


def p3ke_rows(n: int) -> list[list[str]]:
    """``n`` families over :data:`DESA`."""
    return [["CONTOH", "KABUPATEN CONTOH", DESA[i % 3][0], DESA[i % 3][1], DESA[i % 3][2],
             f"P3KE{i:08d}", person_name(i), nik(i), "YA", str(1 + i % 4), "YA", "-"]
            for i in range(n)]


def dtsen_rows(n: int) -> list[list[str]]:
    """``n`` families over :data:`DESA` with split BPS codes."""
    return [[kk(i), nik(i), person_name(i), "99", "01", DESA[i % 3][3][4:7], DESA[i % 3][3][7:],
             DESA[i % 3][0], DESA[i % 3][1], str(1 + i % 10), "1", "2", "1"] for i in range(n)]


def csv_bytes(header: list[str], rows: list[list[str]], *, sep: str = ",",
              encoding: str = "utf-8") -> bytes:
    """A CSV file's bytes (cells quoted when needed)."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """A small XLSX workbook (openpyxl)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip of the given members (deflated)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def bomb_member(name: str, unpacked: int, *, chunk: bytes = b"A" * (1 << 20)) -> tuple:
    """A deflated member of ``unpacked`` bytes made of repeated ``chunk``: the chunk is
    deflated once and its (full-flushed, so self-contained) output repeated, so making a
    1.5 GB member costs a CRC pass, not a compression. Returns (ZipInfo, compressed, crc)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    whole, rest = divmod(unpacked, len(chunk))
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = block * whole + tail.compress(chunk[:rest]) + tail.flush()
    crc = 0
    for _ in range(whole):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(chunk[:rest], crc)
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, data, crc


def _write_raw(zf: zipfile.ZipFile, name: str, unpacked: int, chunk: bytes) -> None:
    """Append a deflated member of ``unpacked`` declared bytes to an open zip (written from
    blocks of ``chunk``; the file grows by a few KB only)."""
    info, data, crc = bomb_member(name, unpacked, chunk=chunk)
    info.CRC, info.compress_size, info.file_size = crc, len(data), unpacked
    info.header_offset = zf.fp.tell()
    zf.fp.write(info.FileHeader(zip64=unpacked >= zipfile.ZIP64_LIMIT))
    zf.fp.write(data)
    zf.filelist.append(info)
    zf.NameToInfo[info.filename] = info
    zf.start_dir = zf.fp.tell()


def bomb_zip(unpacked: int, name: str = "data.csv") -> bytes:
    """A zip whose one member inflates to ``unpacked`` bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        _write_raw(zf, name, unpacked, b"A" * (1 << 20))
    return buf.getvalue()


def bomb_xlsx(unpacked: int) -> bytes:
    """An XLSX whose sheet XML declares ``unpacked`` bytes (a real workbook otherwise)."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes(SIKS_HEADER, siks_rows(2))))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in good.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                out.writestr(item.filename, good.read(item.filename))
        _write_raw(out, "xl/worksheets/sheet1.xml", unpacked, b"<c/>" * (1 << 18))
    return buf.getvalue()


def nested_zip(depth: int, inner: bytes, name: str = "data.csv") -> bytes:
    """``inner`` as ``name`` wrapped in ``depth`` zips (stored, so sizes stay honest)."""
    data, member = inner, name
    for level in range(depth):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
            zf.writestr(member, data)
        data, member = buf.getvalue(), f"lapis{level + 1}.zip"
    return data


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def swapped_siks(n: int = 60) -> bytes:
    """A SIKS-NG export whose header labels are swapped: NOMOR_NIK values under
    DESA_KELURAHAN (and desa names under NOMOR_NIK), NAMA values under KECAMATAN."""
    header = list(SIKS_HEADER)
    i_kec, i_desa = header.index("KECAMATAN"), header.index("DESA_KELURAHAN")
    i_nik, i_nama = header.index("NOMOR_NIK"), header.index("NAMA")
    header[i_desa], header[i_nik] = "NOMOR_NIK", "DESA_KELURAHAN"
    header[i_kec], header[i_nama] = "NAMA", "KECAMATAN"
    return csv_bytes(header, siks_rows(n))


def boundary_geojson(codes: list[str], names: list[str]) -> bytes:
    """A GeoJSON FeatureCollection of unit squares with BIG-style columns."""
    feats = []
    for i, (code, name) in enumerate(zip(codes, names)):
        x, y = 111.0 + i * 0.01, -7.0
        ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
        feats.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                      "properties": {"KDEPUM": code, "WADMKD": name, "WADMKC": "BANYUWANGI",
                                     "WADMKK": "KABUPATEN CONTOH", "WADMPR": "CONTOH"}})
    return json.dumps({"type": "FeatureCollection",
                       "crs": {"type": "name",
                               "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
                       "features": feats}).encode()


def make_all(out: Path) -> dict[str, Path]:
    """Write the corpus's files (each a few KB) to ``out``; name -> path."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "empty.csv": b"",
        "siks_header_only.csv": csv_bytes(SIKS_HEADER, []),
        "siks_truncated.csv": csv_bytes(SIKS_HEADER, siks_rows(6))[:-40],
        "siks_cp1252.csv": csv_bytes(SIKS_HEADER, siks_rows(4), encoding="cp1252"),
        "png_named.csv": PNG,
        "siks_swapped.csv": swapped_siks(),
        "zip_bomb.zip": bomb_zip(1536 << 20),
        "xlsx_bomb.xlsx": bomb_xlsx(1536 << 20),
        "zip_depth3.zip": nested_zip(3, csv_bytes(SIKS_HEADER, siks_rows(4))),
        "boundary_one_code.geojson": boundary_geojson(["9901012001"] * 4,
                                                      ["A", "B", "C", "D"]),
    }
    paths = {}
    for name, data in files.items():
        (out / name).write_bytes(data)
        paths[name] = out / name
    return paths


if __name__ == "__main__":
    for path in make_all(Path(sys.argv[1] if len(sys.argv) > 1 else "bad")).values():
        print(path.name)
