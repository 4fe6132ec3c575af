"""``python -m layers analyse quadrant | hotspot | change``: the analyses behind the ranking,
written to CSV / XLSX with a method sheet (docs/analysis.md).

:func:`run_analysis` is the same as a Python function.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from layers.errors import InputError

KINDS = ("quadrant", "hotspot", "change")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Sub-commands of ``python -m layers analyse`` on an argparse (sub)parser."""
    sub = p.add_subparsers(dest="analysis", required=True)
    q = sub.add_parser("quadrant", help="analisis kuadran dua indikator / quadrant analysis")
    q.add_argument("--x", required=True, help="indikator sumbu x, mis. dtks_persen_terdaftar")
    q.add_argument("--y", required=True, help="indikator sumbu y")
    q.add_argument("--benchmark", default="area",
                   help="patokan kedua sumbu: area (bawaan: angka wilayah), mean, median, angka")
    q.add_argument("--benchmark-x", help="patokan sumbu x saja (menimpa --benchmark)")
    q.add_argument("--benchmark-y", help="patokan sumbu y saja (menimpa --benchmark)")
    h = sub.add_parser("hotspot", help="Local Moran's I dan Gi* / hotspots")
    h.add_argument("--indicator", required=True, help="laju (persen_*) atau jumlah KK")
    h.add_argument("--permutations", type=int, default=999, help="permutasi (bawaan 999)")
    h.add_argument("--seed", type=int, default=12345, help="seed acak (bawaan 12345)")
    h.add_argument("--fdr", action="store_true", help="koreksi False Discovery Rate")
    h.add_argument("--alpha", type=float, default=0.05, help="ambang p (bawaan 0,05)")
    h.add_argument("--weights", choices=("queen", "rook", "knn"), default="queen",
                   help="ketetanggaan: queen (bawaan), rook, knn")
    h.add_argument("--k", type=int, default=6, help="tetangga untuk knn (bawaan 6)")
    c = sub.add_parser("change", help="perubahan antarperiode / change between periods")
    c.add_argument("--base", required=True, help="folder dataset periode lama")
    c.add_argument("--indicators", help="hanya indikator ini, dipisah koma (bawaan: semua)")
    for s in (q, h, c):
        s.add_argument("--data", required=True, help="folder dataset (hasil 'build'); "
                       "untuk change: periode baru")
        s.add_argument("--area", help="hanya wilayah ini, mis. 33.16.06")
        s.add_argument("--out", required=True, help="berkas hasil .xlsx atau .csv")
        s.add_argument("--internal", action="store_true",
                       help="tanpa sensor angka kecil (hanya untuk analis internal)")
        s.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> Path:
    """Run ``analyse <kind>`` from parsed arguments and print a short summary."""
    options = {k: v for k, v in vars(args).items()
               if k not in ("command", "analysis", "data", "out", "debug")}
    path, method = _analyse_and_write(args.analysis, args.data, args.out, **options)
    print(method["teks_id"])
    print(f"Hasil ditulis / written: {path}")
    return path


def run_analysis(kind: str, data_dir: str | Path, *, out: str | Path, today=None,
                 **options) -> Path:
    """Run one analysis (``quadrant``, ``hotspot``, ``change``) on a dataset directory and write
    it to ``out`` (``.csv`` or ``.xlsx``); ``options`` as the command line's (``x``, ``y``,
    ``benchmark``, ``indicator``, ``base``, ``area``, ...)."""
    return _analyse_and_write(kind, data_dir, out, today=today, **options)[0]


def _analyse_and_write(kind: str, data_dir, out, *, today=None, internal: bool = False,
                       **options):
    from layers.analysis.write import write_analysis
    from layers.store.dataset import load_dataset

    if kind not in KINDS:
        raise InputError(f"Analisis '{kind}' tidak dikenal: {', '.join(KINDS)}.",
                         f"Unknown analysis '{kind}': {', '.join(KINDS)}.", column="analyse")
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("Berkas keluaran harus .csv atau .xlsx.",
                         "The output file must be .csv or .xlsx.", file=out.name)
    desa, meta = load_dataset(data_dir)
    extra = None
    if kind == "quadrant":
        frame, method = _quadrant(desa, meta, options)
    elif kind == "hotspot":
        frame, method = _hotspot(Path(data_dir), meta, options)
    else:
        frame, method, extra = _change(desa, meta, options)
    return write_analysis(frame, method, out, meta=meta, extra=extra, today=today,
                          suppress_small=not internal), method


def _benchmark(text) -> str | float:
    if text is None or isinstance(text, (int, float)):
        return text
    t = str(text).strip().lower()
    if t in ("area", "mean", "median"):
        return t
    try:
        return float(t.replace(",", ".")) if t.count(",") == 1 and "." not in t else float(t)
    except ValueError:
        raise InputError(f"Patokan '{text}' tidak dikenal: area, mean, median atau angka.",
                         f"Unknown benchmark '{text}': area, mean, median or a number.",
                         column="--benchmark") from None


def _quadrant(desa, meta, o):
    from layers.analysis.quadrant import quadrant

    both = _benchmark(o.get("benchmark") or "area")
    bx = _benchmark(o.get("benchmark_x")) if o.get("benchmark_x") is not None else both
    by = _benchmark(o.get("benchmark_y")) if o.get("benchmark_y") is not None else both
    return quadrant(desa, meta, o["x"], o["y"], benchmark=(bx, by), area=o.get("area"))


def _hotspot(data_dir: Path, meta, o):
    import geopandas as gpd

    from layers.analysis.hotspot import hotspot

    pq = data_dir / "desa.parquet"
    desa = gpd.read_parquet(pq)
    key = (str(data_dir.resolve()), pq.stat().st_mtime_ns, meta.get("versi"))
    return hotspot(desa, meta, o["indicator"], area=o.get("area"),
                   weights=o.get("weights", "queen"), k=o.get("k", 6),
                   permutations=o.get("permutations", 999), seed=o.get("seed", 12345),
                   fdr=bool(o.get("fdr")), alpha=o.get("alpha", 0.05), cache_key=key)


def _change(desa, meta, o):
    from layers.analysis.change import compare_periods, kecamatan_summary
    from layers.store.dataset import load_dataset

    old, old_meta = load_dataset(o["base"])
    cols = [c.strip() for c in o["indicators"].split(",") if c.strip()] \
        if o.get("indicators") else None
    frame, method = compare_periods(desa, meta, old, old_meta, area=o.get("area"), columns=cols)
    return frame, method, {"Kecamatan": kecamatan_summary(frame, meta)}
