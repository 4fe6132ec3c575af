"""Time of the analyses (layers/analysis) at province scale: all 8,563 Jawa Tengah desa at full
boundary detail (``../shared/data/desa_jateng_full.parquet``) with synthetic counts.

* ``hotspot``: Local Moran's I (EB) + Gi* + global Moran's I, 999 permutations, Queen weights
  built from the geometry (first run for a dataset version), then with the cached weights.
  "Warm" means numba's kernels are compiled (a warm-up on a 7 x 7 grid comes first); the
  first compile of a process is reported separately.
* ``change``: two Jawa Tengah-sized desa tables (every catalogue count and rate, one register;
  the new period changes every count, drops 10 desa and adds 5), compared per desa plus the
  kecamatan summary; median of 5 runs.

Run: ``.venv/bin/python benchmarks/bench_analysis.py [hotspot|change|all]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
JATENG = REPO.parent / "shared" / "data" / "desa_jateng_full.parquet"


def jateng_with_counts(seed: int = 7):
    """Jawa Tengah desa with synthetic ``kk_total`` and a spatially smooth registered share
    (higher in the south-east, plus noise), so that there are real clusters to find."""
    import geopandas as gpd

    from layers.indicators import COUNTS
    from layers.indicators.aggregate import add_rates

    g = gpd.read_parquet(JATENG)
    rng = np.random.default_rng(seed)
    pt = g.representative_point()
    share = 0.12 + 0.08 * np.sin(pt.x.to_numpy() * 3) * np.cos(pt.y.to_numpy() * 4)
    share = np.clip(share + rng.normal(0, 0.03, len(g)), 0.01, 0.6)
    total = rng.integers(300, 3000, len(g))
    counts = pd.DataFrame(index=g.index)
    for i, name in enumerate(COUNTS):
        counts[name] = rng.binomial(total, share / (1 + i % 4)).astype("int64")
    counts["kk_terdaftar"] = rng.binomial(total, share)
    counts["kk_total"] = total
    counts["luas_km2"] = 4.0
    counts = add_rates(counts.astype({c: "Int64" for c in counts if c != "luas_km2"}))
    keep = ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab", "nama_kab",
            "geometry"]
    return gpd.GeoDataFrame(pd.concat([g[keep], counts.drop(columns="luas_km2")], axis=1),
                            geometry="geometry", crs=g.crs)


def bench_hotspot() -> dict:
    from layers.analysis import hotspot
    from layers.analysis.weights import clear_cache
    from tests.layers.test_analysis import GRID, _grid_desa

    t = time.perf_counter()
    hotspot(_grid_desa(GRID), None, "persen_terdaftar")
    compile_s = time.perf_counter() - t
    desa = jateng_with_counts()
    clear_cache()
    t = time.perf_counter()
    out, method = hotspot(desa, None, "persen_terdaftar", permutations=999, cache_key="jateng")
    first = time.perf_counter() - t
    t = time.perf_counter()
    hotspot(desa, None, "persen_terdaftar", permutations=999, cache_key="jateng", fdr=True)
    cached = time.perf_counter() - t
    clusters = out["klaster"].value_counts().to_dict()
    return {"compile_s": round(compile_s, 1), "warm_with_weights_s": round(first, 2),
            "warm_cached_weights_s": round(cached, 2), "desa": len(out),
            "islands": int(out["pulau"].sum()), "clusters": clusters,
            "sentence": method["kalimat_en"]}


def bench_change() -> dict:
    from layers.analysis import compare_periods, kecamatan_summary

    old = pd.DataFrame(jateng_with_counts(1).drop(columns="geometry"))
    new = pd.DataFrame(jateng_with_counts(2).drop(columns="geometry"))
    new = new.iloc[10:]
    extra = old.iloc[:5].copy()
    extra["kode_desa"] = [f"{k[:6]}9{k[7:]}" for k in extra["kode_desa"]]
    new = pd.concat([new, extra], ignore_index=True)
    times, cpu = [], []
    for _ in range(5):
        t, c = time.perf_counter(), time.process_time()
        out, _ = compare_periods(new, None, old, None)
        kec = kecamatan_summary(out, None)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    # wall time moves with the machine's load; CPU time of this process much less
    return {"median_ms": round(statistics.median(times) * 1000),
            "median_cpu_ms": round(statistics.median(cpu) * 1000), "desa": len(out),
            "columns": out.shape[1], "kecamatan": len(kec),
            "only_one_period": int((out["periode_ada"] != "keduanya").sum())}


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(REPO))
    which = argv[0] if argv else "all"
    if which in ("change", "all"):
        print("change:", bench_change())
    if which in ("hotspot", "all"):
        print("hotspot:", bench_hotspot())


if __name__ == "__main__":
    main(sys.argv[1:])
