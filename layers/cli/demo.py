"""``python -m layers demo``: synthetic "Kabupaten Contoh" inputs in the real layouts, built."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(d: argparse.ArgumentParser) -> None:
    d.add_argument("--out", required=True)
    d.add_argument("--boundaries", help="buat rumah tangga di atas batas desa nyata")
    d.add_argument("--households", type=int, default=6000, help="jumlah KK per register")
    d.add_argument("--seed", type=int, default=2026)
    d.add_argument("--period", default="2026-10")


def run(args: argparse.Namespace) -> None:
    from layers.build import BuildSpec, build, render_summary
    from layers.demo import write_demo_inputs
    out = Path(args.out)
    write_demo_inputs(out, boundaries=args.boundaries, n_households=args.households, seed=args.seed)
    inp = out / "input"
    boundaries = args.boundaries or inp / "batas_desa.geojson"
    optional = {k: inp / f for k, f in (("population", "penduduk.csv"),
                                         ("idm", "idm_contoh.csv")) if (inp / f).exists()}
    spec = BuildSpec(boundaries=boundaries, households=(inp / "dtks", inp / "p3ke"),
                     mapping=inp / "mapping_benar.csv", period=args.period, **optional)
    result = build(spec, out, keep=["input"])
    print(render_summary(result))
