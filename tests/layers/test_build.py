"""End-to-end builds: the demo, real boundary files, privacy, determinism, refused inputs."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from layers.cli import main
from layers.indicators import CATALOGUE, COUNTS

REPO = Path(__file__).resolve().parents[2]

PERSONAL_SIKS = ["NOMOR_NIK", "NOMOR_KK", "NAMA", "TANGGAL_LAHIR", "TEMPAT_LAHIR",
                 "NAMA_IBU_KANDUNG", "ALAMAT", "IDDTKS"]
PERSONAL_P3KE = ["NIK", "Kepala Keluarga", "Tanggal Lahir", "Alamat", "ID Keluarga P3KE"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo built once: inputs in DIR/input, dataset in DIR, printed summary kept."""
    out = tmp_path_factory.mktemp("demo") / "ds"
    import contextlib
    import io
    buf_out, buf_err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buf_out), contextlib.redirect_stderr(buf_err):
        code = main(["demo", "--out", str(out)])
    assert code == 0, buf_err.getvalue()
    return out, buf_out.getvalue() + buf_err.getvalue()


def _truth(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "input" / "kebenaran_per_desa.csv", dtype={"kode_desa": str})


def test_demo_reproduces_true_counts_per_desa(demo):
    out, _ = demo
    desa = gpd.read_parquet(out / "desa.parquet")
    truth = _truth(out).set_index("kode_desa")
    got = desa.set_index("kode_desa")
    compared = 0
    for col in truth.columns:
        if col not in got:
            continue
        expected = truth[col].astype("Int64")
        actual = got.loc[truth.index, col].astype("Int64")
        pd.testing.assert_series_equal(actual, expected, check_names=False, check_index_type=False, obj=col)
        compared += 1
    assert compared >= 10
    assert got["dtks_kk_terdaftar"].sum() == truth["dtks_kk_terdaftar"].sum() > 1000


def test_demo_keeps_zero_apart_from_missing(demo):
    out, _ = demo
    desa = gpd.read_parquet(out / "desa.parquet")
    meta = json.loads((out / "meta.json").read_text())
    p3ke = next(r for r in meta["registers"] if r["register"] == "p3ke")
    missing_kec = p3ke["kecamatan_tanpa_data"]
    assert len(missing_kec) >= 1
    in_missing = desa["kode_kec"].isin(missing_kec)
    assert desa.loc[in_missing, "p3ke_kk_terdaftar"].isna().all()
    assert (desa.loc[in_missing, "p3ke_alasan_kosong"] == "kecamatan_tanpa_data").all()
    assert desa.loc[~in_missing, "p3ke_kk_terdaftar"].notna().all()
    # SIKS-NG has no desil: empty with a reason, never 0
    assert desa["dtks_kk_desil_1"].isna().all()
    ind = {i["kolom"]: i for i in meta["indikator"]}
    assert ind["dtks_kk_desil_1"]["tersedia"] is False and ind["dtks_kk_desil_1"]["alasan_en"]
    assert ind["p3ke_kk_pbi"]["tersedia"] is False


def test_roll_ups_add_up(demo):
    out, _ = demo
    desa = gpd.read_parquet(out / "desa.parquet")
    kec = gpd.read_parquet(out / "kecamatan.parquet").set_index("kode_kec")
    kab = gpd.read_parquet(out / "kabupaten.parquet")
    prov = gpd.read_parquet(out / "provinsi.parquet")
    for col in ("dtks_kk_terdaftar", "dtks_jiwa_terdaftar", "p3ke_kk_desil_1", "p3ke_kk_pkh"):
        by_kec = desa.groupby("kode_kec")[col].sum(min_count=1)
        pd.testing.assert_series_equal(kec.loc[by_kec.index, col].astype("Int64"),
                                       by_kec.astype("Int64"), check_names=False)
        assert kab[col].iloc[0] == desa[col].sum() == prov[col].iloc[0]
    assert kec["jumlah_desa"].sum() == len(desa)
    # kecamatan rate recomputed from counts
    k = kec.dropna(subset=["p3ke_kk_terdaftar"]).iloc[0]
    assert k["p3ke_persen_pkh"] == pytest.approx(
        100 * k["p3ke_kk_pkh"] / k["p3ke_kk_terdaftar"], abs=1e-3)
    assert kab["luas_km2"].iloc[0] == pytest.approx(desa["luas_km2"].sum(), rel=1e-3)


def test_data_contract_documents_every_column(demo):
    out, _ = demo
    doc = (REPO / "docs" / "data-contract.md").read_text()
    documented = set(re.findall(r"`([a-z0-9_<>]+)`", doc))
    for level in ("desa", "kecamatan", "kabupaten", "provinsi"):
        frame = gpd.read_parquet(out / f"{level}.parquet")
        for col in frame.columns:
            base = re.sub(r"^(dtks|p3ke)_", "", col)
            assert col == "geometry" or col in documented or base in documented \
                or f"<register>_{base}" in documented, f"{level}.{col} not in data-contract.md"


def _read_any(f: Path) -> list[pd.DataFrame]:
    """Read a demo input file raw (no header guessing), every sheet of a workbook: cells as text."""
    if f.read_bytes()[:2] == b"PK":
        return list(pd.read_excel(f, dtype=str, header=None, sheet_name=None).values())
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = f.read_text(encoding=enc)
            break
        except UnicodeDecodeError:
            continue
    first = text.splitlines()[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    return [pd.read_csv(io.StringIO(text), dtype=str, sep=sep, header=None)]


def _personal_input_values(inp: Path) -> set[str]:
    """Every value of a personal column in the demo's raw household files."""
    personal_cols = set(PERSONAL_SIKS + PERSONAL_P3KE)
    values: set[str] = set()
    for f in sorted((inp / "dtks").rglob("*")) + sorted((inp / "p3ke").rglob("*")):
        if not f.is_file():
            continue
        for raw in _read_any(f):
            header_at = next((i for i in range(min(10, len(raw)))
                              if personal_cols & {str(x).strip() for x in raw.iloc[i]}), None)
            if header_at is None:
                continue                                 # a sheet without personal columns
            frame = raw.iloc[header_at + 1:].set_axis(
                [str(x).strip() for x in raw.iloc[header_at]], axis=1)
            for col in personal_cols & set(frame.columns):
                values |= {str(v).strip() for v in frame[col].dropna() if len(str(v).strip()) >= 5}
    return values


def _output_texts(out: Path) -> list[str]:
    """Every file a build wrote, in every subfolder (the raw inputs under input/ excepted), as
    text: parquet as CSV, every sheet of a workbook, anything else decoded."""
    texts = []
    for f in sorted(out.rglob("*")):
        if not f.is_file() or f.relative_to(out).parts[0] == "input":
            continue
        if f.suffix == ".parquet":
            texts.append(pd.read_parquet(f).drop(columns="geometry", errors="ignore").to_csv())
        elif f.read_bytes()[:2] == b"PK":
            texts += [s.to_csv() for s in pd.read_excel(f, dtype=str, sheet_name=None).values()]
        else:
            texts.append(f.read_bytes().decode("utf-8", errors="replace"))
    return texts


def test_no_personal_value_in_any_output_or_printed_text(demo):
    out, printed = demo
    personal = _personal_input_values(out / "input")
    assert len(personal) > 1000
    niks = {v for v in personal if v.isdigit() and len(v) == 16}
    assert len(niks) > 1000 and all(v.startswith("99") for v in niks)
    texts = [printed, *_output_texts(out)]
    assert len(texts) >= 9                             # summary + the 8 files of the contract
    blob = "\n".join(texts).upper()
    # a person's name may also be a place name (a dusun called "Sumber"): those are area keys
    desa = gpd.read_parquet(out / "desa.parquet")
    places = set(desa["nama_desa"].str.upper()) | set(desa["nama_kec"].str.upper())
    candidates = sorted(v.upper() for v in personal if v.upper() not in places)
    pattern = re.compile(r"(?<![A-Z0-9])(" + "|".join(map(re.escape, candidates)) + r")(?![A-Z0-9])")
    leaks = sorted(set(pattern.findall(blob)))
    assert not leaks, leaks[:5]
    # and no 16-digit synthetic NIK/KK at all
    assert not re.search(r"(?<!\d)99\d{14}(?!\d)", blob)


def test_match_report_and_review_list(demo):
    out, _ = demo
    report = pd.read_csv(out / "match_report.csv", dtype=str)
    manifest = json.loads((out / "input" / "manifest.json").read_text())
    assert set(report["metode"]) >= {"exact", "fuzzy", "mapping"}
    # the demo is built with mapping_benar.csv: every deliberately ambiguous name is pinned
    pinned = set(report.loc[report["metode"] == "mapping", "input_nama"].str.upper())
    ambiguous = _manifest_ambiguous(manifest)
    assert ambiguous and {a.upper() for a in ambiguous} <= pinned


def _manifest_ambiguous(manifest: dict) -> list[str]:
    return [a["input_nama"] for a in manifest["mess"]["siks"]["ambiguous"]]


def test_without_mapping_every_ambiguous_name_is_in_the_review_list(demo, tmp_path):
    out, _ = demo
    inp = out / "input"
    ds = tmp_path / "ds"
    code = main(["build", "--boundaries", str(inp / "batas_desa.geojson"),
                 "--households", str(inp / "dtks"), "--households", str(inp / "p3ke"),
                 "--out", str(ds)])
    assert code == 0
    report = pd.read_csv(ds / "match_report.csv", dtype=str)
    review = report[report["metode"].isin(["ambiguous", "unmatched"])]
    names = set(review["input_nama"].str.upper())
    for name in _manifest_ambiguous(json.loads((inp / "manifest.json").read_text())):
        assert name.upper() in names, name
    for row in review.itertuples():
        assert row.kode_hasil != row.kode_hasil or row.kode_hasil in ("", None)


def _digest(folder: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(folder.iterdir()) if f.is_file()}


def test_same_inputs_give_identical_files(demo, tmp_path):
    out, _ = demo
    inp = out / "input"
    args = ["build", "--boundaries", str(inp / "batas_desa.geojson"), "--households",
            str(inp / "dtks"), "--households", str(inp / "p3ke"), "--mapping",
            str(inp / "mapping_benar.csv"), "--period", "2026-10"]
    assert main(args + ["--out", str(tmp_path / "a")]) == 0
    assert main(args + ["--out", str(tmp_path / "b")]) == 0
    a, b = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert a == b and len(a) == 8


def test_refused_input_names_the_file_and_keeps_the_previous_dataset(demo, tmp_path, capsys):
    out, _ = demo
    inp = out / "input"
    ds = tmp_path / "ds"
    ok = ["build", "--boundaries", str(inp / "batas_desa.geojson"), "--households",
          str(inp / "p3ke"), "--out", str(ds)]
    assert main(ok) == 0
    before = _digest(ds)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "laporan.csv").write_text("kolom_a;kolom_b\n1;2\n", encoding="utf-8")
    code = main(["build", "--boundaries", str(inp / "batas_desa.geojson"), "--households",
                 str(bad), "--out", str(ds)])
    err = capsys.readouterr().err
    assert code == 2
    assert "laporan.csv" in err and "Traceback" not in err
    assert _digest(ds) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ds")]


def test_bad_period_is_refused(demo, tmp_path, capsys):
    out, _ = demo
    inp = out / "input"
    code = main(["build", "--boundaries", str(inp / "batas_desa.geojson"), "--households",
                 str(inp / "p3ke"), "--period", "Oktober", "--out", str(tmp_path / "x")])
    assert code == 2 and "YYYY-MM" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_single_register_uses_canonical_names(demo, tmp_path):
    out, _ = demo
    inp = out / "input"
    ds = tmp_path / "one"
    assert main(["build", "--boundaries", str(inp / "batas_desa.geojson"), "--households",
                 str(inp / "p3ke"), "--mapping", str(inp / "mapping_benar.csv"),
                 "--out", str(ds)]) == 0
    desa = gpd.read_parquet(ds / "desa.parquet")
    for ind in CATALOGUE:
        assert ind.nama in desa.columns
    assert not any(c.startswith(("dtks_", "p3ke_")) for c in desa.columns)
    truth = _truth(out).set_index("kode_desa")
    got = desa.set_index("kode_desa").loc[truth.index]
    assert (got["kk_terdaftar"].astype("Int64").fillna(-1)
            == truth["p3ke_kk_terdaftar"].astype("Int64").fillna(-1)).all()
    assert set(COUNTS) <= set(desa.columns)


@pytest.mark.slow
def test_households_over_real_blora_boundaries_are_reproduced_exactly(shared_data, tmp_path):
    out = tmp_path / "blora"
    blora = shared_data / "geojson" / "desa_blora.geojson"
    assert main(["demo", "--out", str(out), "--boundaries", str(blora),
                 "--households", "3000", "--seed", "7"]) == 0
    desa = gpd.read_parquet(out / "desa.parquet")
    assert len(desa) == 295 and desa["kode_kec"].nunique() == 16
    assert (desa["jenis"] == "kelurahan").sum() == 24
    assert desa.loc[desa["kode_desa"].str.startswith("331606"), "kode_desa"].size == 10
    truth = _truth(out).set_index("kode_desa")
    got = desa.set_index("kode_desa").loc[truth.index]
    for col in truth.columns:
        if col in got:
            pd.testing.assert_series_equal(got[col].astype("Int64"), truth[col].astype("Int64"),
                                           check_names=False, check_index_type=False, obj=col)
    kab = gpd.read_parquet(out / "kabupaten.parquet")
    assert kab["kode_kab"].tolist() == ["3316"]
    assert kab["dtks_kk_terdaftar"].iloc[0] == truth["dtks_kk_terdaftar"].sum()


def test_committed_demo_is_what_the_generator_and_build_make(tmp_path):
    """data/demo (served by `make run`) must be current: regenerate with
    `python -m layers demo --out data/demo` after changing the generator or the build.

    Run as a user runs it, in a fresh process (a long test process may hold other PROJ state,
    which changes how the CRS is spelled in the GeoParquet metadata, not the data).
    """
    import subprocess
    import sys

    out = tmp_path / "demo"
    subprocess.run([sys.executable, "-m", "layers", "demo", "--out", str(out)], cwd=REPO,
                   check=True, capture_output=True)
    committed = REPO / "data" / "demo"
    fresh = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(out.rglob("*")) if p.is_file()}
    kept = {p.relative_to(committed).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(committed.rglob("*")) if p.is_file()}
    assert kept == fresh


def test_build_spec_is_the_one_list_of_inputs_and_the_cli_follows_it():
    """The command line's options are generated from BuildSpec: same names, same order."""
    import argparse
    import dataclasses

    from layers.build import BuildSpec, build_inputs
    from layers.cli import build as build_cmd

    inputs = build_inputs()
    assert [i.name for i in inputs] == [f.name for f in dataclasses.fields(BuildSpec)]
    assert [i.name for i in inputs if i.required] == ["boundaries", "households"]
    assert {i.kind for i in inputs} == {"file", "files", "text"}
    assert all(i.label_id and i.label_en and i.help_id and i.help_en for i in inputs)
    parser = argparse.ArgumentParser()
    build_cmd.add_arguments(parser)
    options = [a.option_strings[0] for a in parser._actions if a.option_strings][1:]
    assert options == [i.option for i in inputs] + ["--out"]
    args = parser.parse_args(["--boundaries", "b.gpkg", "--households", "a.csv",
                              "--households", "c.csv", "--out", "ds", "--period", "2026-10"])
    spec = BuildSpec.from_values(vars(args))
    assert spec == BuildSpec(boundaries="b.gpkg", households=("a.csv", "c.csv"),
                             period="2026-10")
    assert spec.extra == () and spec.geotag == () and spec.mapping is None
    assert BuildSpec(boundaries="b", households="one.csv").households == ("one.csv",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.period = "2026-11"
