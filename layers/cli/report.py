"""``python -m layers report``: the printed report of an area -> PDF.

A kecamatan code gives the rakor report, a kabupaten code the atlas (cover, contents, one
section per kecamatan), a desa code the Musdes sheet. The ranking is the one
``python -m layers rank --area`` gives with the same ``--weights``.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(r: argparse.ArgumentParser) -> None:
    """Arguments of ``python -m layers report`` on an argparse (sub)parser."""
    from layers.ranking.classes import K_MAX, K_MIN, SCHEMES
    from layers.ranking.spec import NORMALISATIONS, TIER_RULES

    r.add_argument("--data", required=True, help="folder dataset (hasil 'build')")
    r.add_argument("--area", required=True,
                   help="kode kabupaten (atlas), kecamatan (laporan rakor) atau desa (Musdes)")
    r.add_argument("--out", required=True, help="berkas hasil .pdf")
    r.add_argument("--weights", help="bobot nama=angka,... (sama dengan 'rank')")
    r.add_argument("--include-kelurahan", action="store_true",
                   help="ikut peringkatkan kelurahan (bawaan: tidak)")
    r.add_argument("--normalisation", choices=NORMALISATIONS, default="minmax",
                   help="minmax (bawaan) atau rank")
    r.add_argument("--tiers", dest="tier_rule", choices=TIER_RULES, default="tertil",
                   help="aturan kelas prioritas: tertil (bawaan) atau jenks")
    r.add_argument("--indicator", help="indikator peta (bawaan: indikator pertama peringkat)")
    r.add_argument("--scheme", choices=list(SCHEMES), default="quantiles", help="kelas peta")
    r.add_argument("--k", type=int, choices=range(K_MIN, K_MAX + 1), default=5,
                   help="jumlah kelas peta")
    r.add_argument("--lang", choices=("id", "en"), default="id", help="bahasa / language")
    r.add_argument("--internal", action="store_true",
                   help="tanpa penyembunyian angka kecil, bertanda 'internal - tidak untuk "
                        "disebarkan' / unsuppressed, marked internal")


def run(args: argparse.Namespace) -> Path:
    """Write the PDF and say where it is."""
    from layers.reports.build import write_report
    from layers.reports.content import RankOptions
    from layers.reports.maps import MapOptions

    options = MapOptions(indicator=args.indicator, scheme=args.scheme, k=args.k, lang=args.lang)
    ranking = RankOptions(weights=args.weights, include_kelurahan=args.include_kelurahan,
                          normalisation=args.normalisation, tier_rule=args.tier_rule)
    path = write_report(args.data, args.area, args.out, ranking=ranking, options=options,
                        internal=args.internal)
    print(f"Laporan ditulis / report written: {path}")
    return path
