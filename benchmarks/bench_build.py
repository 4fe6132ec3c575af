"""Build speed and memory on real boundary files, against a naive baseline run side by side.

Scenarios (targets from the foundation issue):

- ``blora``: Kab. Blora boundaries (295 desa) + a 150,000-row SIKS-NG person export, names only
  (target <= 15 s).
- ``jateng``: all 8,563 Jawa Tengah desa at full detail + 1,000,000 P3KE families
  (target <= 60 s, peak memory <= 4 GB).
- ``demo``: generating the default demo inputs (``layers.demo.write_demo_inputs``: 250 desa,
  6,000 families; about 4 s on a laptop core), then building them.

The naive baseline is what a first script would do: read the whole export with pandas, then
match every row's desa name by fuzzy search over all desa of the file (no distinct-name step,
no hierarchy). It is timed on the same input, for the matching step only.

Run: ``.venv/bin/python benchmarks/bench_build.py [blora|jateng|demo|all]``. Figures go to
stdout; ``docs/performance.md`` records them.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
PY = sys.executable


def _syn_digits(rng: np.random.Generator, n: int) -> np.ndarray:
    """Synthetic 16-digit numbers with region code 99 (never a real NIK)."""
    tail = rng.integers(10**13, 10**14 - 1, size=n, dtype=np.int64)
    return np.char.add("99", tail.astype(str))


def make_siks(desa: pd.DataFrame, n_persons: int, path: Path, seed: int = 1) -> None:
    """A SIKS-NG person export over ``desa`` (names only), written as semicolon CSV."""
    rng = np.random.default_rng(seed)
    n_kk = n_persons // 3
    kk_desa = rng.integers(0, len(desa), size=n_kk)
    sizes = rng.integers(1, 6, size=n_kk)
    sizes = np.minimum(sizes, np.maximum(1, n_persons - np.concatenate([[0], np.cumsum(sizes)[:-1]])))
    person_kk = np.repeat(np.arange(n_kk), sizes)[:n_persons]
    d = desa.iloc[kk_desa[person_kk]].reset_index(drop=True)
    kk_no = _syn_digits(rng, n_kk)[person_kk]
    n = len(person_kk)
    yn = np.array(["YA", "-"])
    frame = pd.DataFrame({
        "IDDTKS": np.char.add("DTKS", np.arange(n).astype(str)),
        "PROVINSI": d["nama_prov"].str.upper(), "KABUPATEN_KOTA": d["nama_kab"].str.upper(),
        "KECAMATAN": d["nama_kec"].str.upper(), "DESA_KELURAHAN": d["nama_desa"].str.upper(),
        "ALAMAT": "JL. CONTOH", "DUSUN": "KRAJAN", "RT": "001", "RW": "002",
        "NOMOR_KK": kk_no, "NOMOR_NIK": _syn_digits(rng, n), "NAMA": "NAMA SINTETIS",
        "TANGGAL_LAHIR": "01-01-1980", "TEMPAT_LAHIR": "CONTOH", "JENIS_KELAMIN": "1",
        "PEKERJAAN": "-", "NAMA_IBU_KANDUNG": "IBU SINTETIS", "HUBUNGAN_KELUARGA": "1",
        "KETERANGAN_PADAN": np.where(rng.random(n) < 0.95, "PADAN", "TIDAK PADAN"),
        "BANSOS_BPNT": yn[(rng.random(n) > 0.3).astype(int)],
        "BANSOS_PKH": yn[(rng.random(n) > 0.2).astype(int)],
        "BANSOS_BPNT_PPKM": "-", "PBI_JKN": yn[(rng.random(n) > 0.5).astype(int)],
    })
    frame.to_csv(path, sep=";", index=False)


def make_p3ke(desa: pd.DataFrame, n_families: int, path: Path, seed: int = 2) -> None:
    """A P3KE family file over ``desa`` with dotted Kemendagri codes, written as CSV."""
    rng = np.random.default_rng(seed)
    d = desa.iloc[rng.integers(0, len(desa), size=n_families)].reset_index(drop=True)
    kode = d["kode_desa"].str.replace(r"(\d\d)(\d\d)(\d\d)(\d{4})", r"\1.\2.\3.\4", regex=True)
    yt = np.array(["Ya", "Tidak"])
    frame = pd.DataFrame({
        "No": np.arange(1, n_families + 1), "Provinsi": d["nama_prov"],
        "Kabupaten/Kota": d["nama_kab"], "Kecamatan": d["nama_kec"],
        "Desa/Kelurahan": d["nama_desa"], "Kode Kemdagri": kode,
        "ID Keluarga P3KE": np.char.add("P3KE", np.arange(n_families).astype(str)),
        "Kepala Keluarga": "NAMA SINTETIS", "NIK": _syn_digits(rng, n_families),
        "Padan Dukcapil": np.where(rng.random(n_families) < 0.95, "YA", "TIDAK"),
        "Jenis Kelamin": "Laki-laki", "Tanggal Lahir": "1980-01-01", "Pekerjaan": "-",
        "Pendidikan": "-", "Alamat": "JL. CONTOH",
        "Desil Kesejahteraan": rng.integers(1, 5, size=n_families),
        "Jenis Atap": "Genteng", "Jenis Dinding": "Tembok", "Jenis Lantai": "Tanah",
        "Sumber Penerangan": "Listrik PLN", "Bahan Bakar Memasak": "Kayu Bakar",
        "Sumber Air Minum": "Sumur Terlindung", "Memiliki Fasilitas BAB": "Ya, Sendiri",
        "Penerima BPNT": yt[(rng.random(n_families) > 0.3).astype(int)],
        "Penerima BPUM": "Tidak", "Penerima BST": "Tidak",
        "Penerima PKH": yt[(rng.random(n_families) > 0.2).astype(int)],
        "Penerima SEMBAKO": "Tidak", "Resiko Stunting": "Tidak",
    })
    frame.to_csv(path, index=False)


def timed_build(boundaries: Path, households: Path, out: Path, extra: list[str] | None = None):
    """Run the real CLI in a child process; return (seconds, peak RSS in MB, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([PY, "-m", "layers", "build", "--boundaries", str(boundaries),
                           "--households", str(households), "--out", str(out), *(extra or [])],
                          cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return seconds, max(peak, before) / 1024, proc.stdout


def naive_match_seconds(export: Path, desa: pd.DataFrame, sep: str, col: str) -> float:
    """Baseline: whole file in pandas, then a fuzzy search over all desa for every row."""
    from rapidfuzz import fuzz, process
    t0 = time.perf_counter()
    frame = pd.read_csv(export, sep=sep, dtype=str)
    choices = desa["nama_desa"].str.upper().tolist()
    for name in frame[col].str.upper():
        process.extractOne(name, choices, scorer=fuzz.WRatio)
    return time.perf_counter() - t0


def project_match_seconds(export: Path, sep: str, col: str, desa: pd.DataFrame) -> float:
    """The project's matching step alone (distinct areas, hierarchical), same input."""
    from layers.matching import resolve_areas
    frame = pd.read_csv(export, sep=sep, dtype=str)
    t0 = time.perf_counter()
    areas = (frame.groupby(["PROVINSI", "KABUPATEN_KOTA", "KECAMATAN", col]).size()
             .rename("n_rows").reset_index()
             .rename(columns={"PROVINSI": "prov", "KABUPATEN_KOTA": "kab", "KECAMATAN": "kec",
                              col: "desa"}))
    areas["kode"] = pd.NA
    resolve_areas(areas, desa)
    return time.perf_counter() - t0


def bench_blora(work: Path) -> dict:
    from layers.boundaries import read_boundaries
    boundaries = SHARED / "geojson" / "desa_blora.geojson"
    desa = pd.DataFrame(read_boundaries(boundaries).desa.drop(columns="geometry"))
    export = work / "siks_blora_150k.csv"
    make_siks(desa, 150_000, export)
    seconds, peak, stdout = timed_build(boundaries, export, work / "ds_blora")
    meta = json.loads((work / "ds_blora" / "meta.json").read_text())
    reg = meta["registers"][0]
    naive = naive_match_seconds(export, desa, ";", "DESA_KELURAHAN")
    ours = project_match_seconds(export, ";", "DESA_KELURAHAN", desa)
    return {"scenario": "blora", "rows": reg["rows_read"], "households": reg["kept"],
            "build_s": round(seconds, 2), "peak_mb": round(peak), "match_rate": reg["match_rate"],
            "naive_match_s": round(naive, 2), "project_match_s": round(ours, 3),
            "match_speedup": round(naive / ours, 1)}


def bench_jateng(work: Path, n_families: int = 1_000_000) -> dict:
    boundaries = SHARED / "desa_jateng_full.parquet"
    gaz = pd.read_parquet(boundaries, columns=["kode_desa", "nama_desa", "nama_kec",
                                               "nama_kab", "nama_prov"])
    gaz["kode_desa"] = gaz["kode_desa"].str.replace(".", "", regex=False)
    export = work / "p3ke_jateng_1m.csv"
    t0 = time.perf_counter()
    make_p3ke(gaz, n_families, export)
    gen = time.perf_counter() - t0
    seconds, peak, stdout = timed_build(boundaries, export, work / "ds_jateng")
    meta = json.loads((work / "ds_jateng" / "meta.json").read_text())
    reg = meta["registers"][0]
    return {"scenario": "jateng", "desa": meta["batas_wilayah"]["desa"],
            "rows": reg["rows_read"], "households": reg["kept"], "generate_s": round(gen, 1),
            "build_s": round(seconds, 2), "peak_mb": round(peak),
            "match_rate": reg["match_rate"]}


def bench_demo(work: Path) -> dict:
    """Generating the default demo inputs, then building them as ``make demo`` does."""
    from layers.demo import write_demo_inputs
    out = work / "demo"
    t0 = time.perf_counter()
    manifest = write_demo_inputs(out)
    gen = time.perf_counter() - t0
    inp = out / "input"
    size = sum(p.stat().st_size for p in inp.rglob("*") if p.is_file())
    seconds, peak, _ = timed_build(manifest.boundaries, inp / "dtks", out / "ds", [
        "--households", str(inp / "p3ke"), "--mapping", str(manifest.mapping),
        "--population", str(inp / "penduduk.csv"), "--idm", str(inp / "idm_contoh.csv")])
    return {"scenario": "demo", "desa": manifest.data["counts"]["desa"],
            "generate_s": round(gen, 2), "input_mb": round(size / 1e6, 2),
            "build_s": round(seconds, 2), "peak_mb": round(peak)}


def main(argv: list[str]) -> None:
    which = argv[1] if len(argv) > 1 else "all"
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        if which in ("blora", "all"):
            print(json.dumps(bench_blora(work)))
        if which in ("jateng", "all"):
            print(json.dumps(bench_jateng(work)))
        if which in ("demo", "all"):
            print(json.dumps(bench_demo(work)))


if __name__ == "__main__":
    main(sys.argv)
