"""Command line: ``python -m layers build | demo``.

A refused input exits with status 2 and a bilingual message naming the file; nothing personal is
ever printed (the summary shows counts, area names and codes only).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import InputError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m layers",
                                description="Prioritas Desa: bangun dataset desa / build a desa dataset")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="batas desa + register rumah tangga -> dataset")
    b.add_argument("--boundaries", required=True, help="berkas batas desa (GPKG, SHP zip, GeoJSON, GeoParquet)")
    b.add_argument("--households", required=True, action="append",
                   help="berkas, folder atau zip register (boleh diulang)")
    b.add_argument("--mapping", help="CSV pemetaan nama (tingkat,induk_kode,input_nama,kode)")
    b.add_argument("--period", help="periode data YYYY-MM")
    b.add_argument("--area", help="hanya wilayah ini, mis. 33.16")
    b.add_argument("--crs", help="CRS untuk berkas batas tanpa CRS, mis. EPSG:32749")
    b.add_argument("--codes", help="tabel kode Kemendagri untuk berkas batas yang hanya bernama")
    b.add_argument("--crosswalk", help="CSV padanan kode BPS -> Kemendagri (untuk DTSEN)")
    b.add_argument("--population", help="tabel penduduk per desa (kk_total, jiwa_total)")
    b.add_argument("--idm", help="tabel IDM per desa (tata letak idm_2024_desa_indonesia.csv)")
    b.add_argument("--extra", action="append", help="tabel angka per desa (boleh diulang)")
    b.add_argument("--geotag", action="append",
                   help="titik rumah tangga (lat/lon atau layer titik; boleh diulang)")
    b.add_argument("--out", required=True, help="folder dataset")

    d = sub.add_parser("demo", help="data sintetis Kabupaten Contoh, lalu dibangun")
    d.add_argument("--out", required=True)
    d.add_argument("--boundaries", help="buat rumah tangga di atas batas desa nyata")
    d.add_argument("--households", type=int, default=6000, help="jumlah KK per register")
    d.add_argument("--seed", type=int, default=2026)
    d.add_argument("--period", default="2026-10")
    r = sub.add_parser("rank", help="peringkat prioritas desa -> CSV / XLSX")
    from .ranking import add_rank_arguments
    add_rank_arguments(r)
    for q in (b, d, r):
        q.add_argument("--debug", action="store_true", help="tampilkan traceback / show traceback")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            from .build import build
            from .summary import render_summary
            result = build(boundaries=args.boundaries, households=args.households,
                           out=args.out, mapping=args.mapping, period=args.period,
                           area=args.area, crs=args.crs, codes=args.codes,
                           crosswalk=args.crosswalk, population=args.population,
                           idm=args.idm, extra=args.extra, geotag=args.geotag)
            print(render_summary(result))
        elif args.command == "demo":
            from .build import build
            from .demo import write_demo_inputs
            from .summary import render_summary
            out = Path(args.out)
            manifest = write_demo_inputs(out, boundaries=args.boundaries,
                                         n_households=args.households, seed=args.seed)
            inp = out / "input"
            boundaries = args.boundaries or inp / "batas_desa.geojson"
            optional = {k: inp / f for k, f in (("population", "penduduk.csv"),
                                                 ("idm", "idm_contoh.csv")) if (inp / f).exists()}
            result = build(boundaries=boundaries, households=[inp / "dtks", inp / "p3ke"],
                           out=out, mapping=inp / "mapping_benar.csv", period=args.period,
                           keep=["input"], **optional)
            print(render_summary(result))
            del manifest
        elif args.command == "rank":
            from .ranking import rank_command
            rank_command(args)
        return 0
    except InputError as err:
        print(f"GAGAL / FAILED\n{err}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug, not bad input: say so without dumping data
        if getattr(args, "debug", False):
            raise
        print("GAGAL: kesalahan internal (jalankan lagi dengan --debug untuk detail).\n"
              f"FAILED: internal error {type(err).__name__} (run again with --debug for details).",
              file=sys.stderr)
        return 1
