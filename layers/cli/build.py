"""``python -m layers build``: boundary file + household registers -> dataset directory."""

from __future__ import annotations

import argparse


def add_arguments(b: argparse.ArgumentParser) -> None:
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


def run(args: argparse.Namespace) -> None:
    from layers.build import build
    from layers.summary import render_summary
    result = build(boundaries=args.boundaries, households=args.households,
                   out=args.out, mapping=args.mapping, period=args.period,
                   area=args.area, crs=args.crs, codes=args.codes,
                   crosswalk=args.crosswalk, population=args.population,
                   idm=args.idm, extra=args.extra, geotag=args.geotag)
    print(render_summary(result))
