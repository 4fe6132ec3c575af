"""Nothing personal leaks whatever the headers say, and degenerate inputs are refused.

Builds run through the command line (``python -m layers build``) as a user runs them; the test
then scans everything the build wrote (every file of the dataset directory, parquet included)
and printed, and the import page's check report (``layers.store.report.check_report``), for
every NIK, No. KK and name of the input.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from layers.cli import main
from layers.store.report import check_report

_SPEC = importlib.util.spec_from_file_location(
    "make_bad", Path(__file__).resolve().parents[1] / "data" / "bad" / "make_bad.py")
bad = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bad)

N = 60                                            # persons: 30 households over 3 desa


def _run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


def _personal_values(n: int = N) -> list[str]:
    """Every NIK, No. KK and name of the input (as written and as Excel floats)."""
    values = []
    for i in range(n):
        values += [bad.nik(i), bad.kk(i // 2), bad.person_name(i), f"IBU {bad.person_name(i + 1)}"]
    values += [f"{float(bad.nik(0)):.15e}", SLID, "9901 7777 6666 5555"]
    return values


def _everything_written(out: Path) -> str:
    """The text of every file under ``out`` (parquet tables as CSV)."""
    parts = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            parts.append(pd.read_parquet(path).drop(columns="geometry", errors="ignore")
                         .astype(str).to_csv())
        else:
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


def _assert_clean(text: str) -> None:
    leaked = [v for v in _personal_values() if v in text]
    assert not leaked, leaked[:5]


SLID = "9901777766665555"


@pytest.fixture(scope="module")
def boundary(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("batas") / "batas.geojson"
    path.write_bytes(bad.boundary_geojson([d[2] for d in bad.DESA], [d[1] for d in bad.DESA]))
    return path


def test_scan_finds_a_planted_value(tmp_path):
    """The scan can fail: a NIK planted in a written file is found."""
    (tmp_path / "x.csv").write_text(f"a,b\n1,{bad.nik(7)}\n")
    with pytest.raises(AssertionError):
        _assert_clean(_everything_written(tmp_path))


def test_swapped_headers_refused_and_nothing_personal_printed(tmp_path, boundary):
    src = tmp_path / "DTKS_KEC_BANYUWANGI.csv"
    src.write_bytes(bad.swapped_siks(N))
    out = tmp_path / "ds"
    code, printed = _run("build", "--boundaries", str(boundary), "--households", str(src),
                         "--out", str(out), "--period", "2026-10")
    assert code == 2
    assert "tampaknya bergeser" in printed.lower() and "headers seem shifted" in printed.lower()
    assert "DTKS_KEC_BANYUWANGI.csv" in printed and str(tmp_path) not in printed
    assert not out.exists()
    _assert_clean(printed)


def test_slid_values_dropped_from_every_output(tmp_path, boundary):
    """A few NIKs slid into DUSUN, RW and a flag (not enough to call the file shifted): the
    build goes through, the values are in no output, their rows and columns are listed."""
    rows = bad.siks_rows(N)
    col = {c: bad.SIKS_HEADER.index(c) for c in ("DUSUN", "RW", "BANSOS_PKH")}
    rows[3][col["DUSUN"]] = SLID
    rows[5][col["RW"]] = "9901 7777 6666 5555"
    rows[8][col["BANSOS_PKH"]] = f"{float(bad.nik(0)):.15e}"
    src = tmp_path / "dtks.csv"
    src.write_bytes(bad.csv_bytes(bad.SIKS_HEADER, rows))
    out = tmp_path / "ds"
    code, printed = _run("build", "--boundaries", str(boundary), "--households", str(src),
                         "--out", str(out), "--period", "2026-10")
    assert code == 0, printed
    rejected = pd.read_csv(out / "rejected.csv", dtype=str)
    slid = rejected[rejected["alasan"].str.contains("berbentuk NIK", na=False)]
    assert sorted(zip(slid["row"].astype(int), slid["kolom"])) == [
        (5, "DUSUN"), (7, "RW"), (10, "BANSOS_PKH")]
    report = json.dumps(check_report(out), ensure_ascii=False)
    _assert_clean(_everything_written(out) + printed + report)
    desa = pd.read_parquet(out / "desa.parquet").set_index("kode_desa")
    assert desa["kk_terdaftar"].sum() == N // 2


def test_header_only_register_refused(tmp_path, boundary):
    src = tmp_path / "dtks_kosong.csv"
    src.write_bytes(bad.csv_bytes(bad.SIKS_HEADER, []))
    out = tmp_path / "ds"
    code, printed = _run("build", "--boundaries", str(boundary), "--households", str(src),
                         "--out", str(out))
    assert code == 2 and not out.exists()
    assert "tidak berisi satu baris data" in printed and "holds no data row" in printed
    assert "dtks_kosong.csv" in printed and str(tmp_path) not in printed


def test_all_households_outside_the_area_refused(tmp_path, boundary):
    rows = bad.siks_rows(20)
    for row in rows:
        row[bad.SIKS_HEADER.index("KABUPATEN_KOTA")] = "KABUPATEN LAIN"
        row[bad.SIKS_HEADER.index("PROVINSI")] = "PROVINSI LAIN"
    src = tmp_path / "dtks_lain.csv"
    src.write_bytes(bad.csv_bytes(bad.SIKS_HEADER, rows))
    out = tmp_path / "ds"
    code, printed = _run("build", "--boundaries", str(boundary), "--households", str(src),
                         "--out", str(out))
    if code == 0:                                 # names matched nonetheless: not this case
        pytest.fail(f"built although every household is outside the area:\n{printed}")
    assert code == 2 and not out.exists()
    assert "tidak ada yang akan diterbitkan" in printed and "nothing would be published" in printed


def test_boundary_rows_sharing_one_code_refused(tmp_path):
    bnd = tmp_path / "batas_satu_kode.geojson"
    bnd.write_bytes(bad.boundary_geojson(["9901012001"] * 4, ["A", "B", "C", "D"]))
    src = tmp_path / "dtks.csv"
    src.write_bytes(bad.csv_bytes(bad.SIKS_HEADER, bad.siks_rows(6)))
    code, printed = _run("build", "--boundaries", str(bnd), "--households", str(src),
                         "--out", str(tmp_path / "ds"))
    assert code == 2
    assert "satu kode desa" in printed and "share one desa code" in printed
    assert "batas_satu_kode.geojson" in printed and str(tmp_path) not in printed


def test_missing_household_path_named_without_folders(tmp_path, boundary):
    code, printed = _run("build", "--boundaries", str(boundary), "--households",
                         str(tmp_path / "tidak_ada" / "dtks.csv"), "--out", str(tmp_path / "ds"))
    assert code == 2 and "dtks.csv" in printed and str(tmp_path) not in printed
