"""``python -m layers rank``: priority ranking of a dataset's desa -> CSV / XLSX.

:func:`run_rank` is the same as a Python function.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from layers.errors import InputError
from layers.settings import DEFAULT, Settings

def add_arguments(r: argparse.ArgumentParser) -> None:
    """Arguments of ``python -m layers rank`` on an argparse (sub)parser."""
    from layers.ranking.spec import NORMALISATIONS, TIER_RULES

    r.add_argument("--data", required=True, help="folder dataset (hasil 'build')")
    r.add_argument("--area", help="peringkat di dalam wilayah ini, mis. 33.16.06")
    r.add_argument("--weights", help="bobot nama=angka,... (bawaan: indikator default, bobot sama)")
    r.add_argument("--include-kelurahan", action="store_true",
                   help="ikut peringkatkan kelurahan (bawaan: tidak)")
    r.add_argument("--top", type=int, help="hanya N peringkat teratas (seri ikut)")
    r.add_argument("--normalisation", dest="normalisation", choices=NORMALISATIONS,
                   default="minmax", help="minmax (bawaan) atau rank")
    r.add_argument("--tiers", dest="tier_rule", choices=TIER_RULES, default="tertil",
                   help="aturan kelas prioritas: tertil (bawaan) atau jenks")
    r.add_argument("--idm", help="hanya status IDM ini, mis. 'SANGAT TERTINGGAL,TERTINGGAL'")
    r.add_argument("--out", required=True, help="berkas hasil .xlsx atau .csv")
    r.add_argument("--internal", action="store_true",
                   help="tanpa sensor angka kecil, ditandai INTERNAL (hanya untuk analis)")
    # old spellings, still accepted, hidden from --help
    r.add_argument("--normalisasi", dest="normalisation", choices=NORMALISATIONS,
                   default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    r.add_argument("--prioritas", "--tier-rule", dest="tier_rule", choices=TIER_RULES,
                   default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> Path:
    """Run the ``rank`` sub-command from parsed arguments and print a short summary."""
    path, result = _rank_and_write(
        args.data, out=args.out, area=args.area, weights=args.weights,
        include_kelurahan=args.include_kelurahan, top=args.top,
        normalisation=args.normalisation, tier_rule=args.tier_rule, idm=args.idm, today=None,
        settings=DEFAULT, internal=args.internal)
    _print_summary(result, path)
    return path


def run_rank(data_dir: str | Path, *, out: str | Path, area: str | None = None,
             weights: str | Mapping[str, float] | None = None, include_kelurahan: bool = False,
             top: int | None = None, normalisation: str = "minmax", tier_rule: str = "tertil",
             idm: str | Iterable[str] | None = None, today=None,
             settings: Settings = DEFAULT, internal: bool = False) -> Path:
    """Rank a dataset's desa and write the list to ``out`` (``.csv`` or ``.xlsx``).

    Parameters
    ----------
    data_dir
        Dataset directory written by ``python -m layers build``.
    out
        ``.xlsx`` (ranking sheet + ``Metode`` sheet) or ``.csv`` (+ ``<name>.metode.json``).
    weights
        ``"name=w,..."`` or a dict; ``None`` = the documented defaults
        (:func:`layers.ranking.default_spec`).
    idm
        IDM statuses to keep, comma-separated or a list.
    today
        Export date (``datetime.date``) written in the method; default today.
    internal
        Write small counts unsuppressed, the file marked "INTERNAL - not for distribution"
        (analysts only). Public files use the dataset's one suppression pattern.

    Returns
    -------
    Path
        The file written.
    """
    return _rank_and_write(data_dir, out=out, area=area, weights=weights,
                           include_kelurahan=include_kelurahan, top=top,
                           normalisation=normalisation, tier_rule=tier_rule, idm=idm,
                           today=today, settings=settings, internal=internal)[0]


def _rank_and_write(data_dir, *, out, area, weights, include_kelurahan, top, normalisation,
                    tier_rule, idm, today, settings, internal=False):
    """Load, rank (``top`` rows if given) and write; the file written and the ranking."""
    from layers.export import write_ranking
    from layers.export.provenance import dataset_version
    from layers.ranking import default_spec, parse_weights, rank_desa
    from layers.store.dataset import load_dataset

    out = Path(out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("Berkas keluaran harus .csv atau .xlsx.",
                         "The output file must be .csv or .xlsx.", file=out.name)
    desa, meta = load_dataset(data_dir)
    spec = default_spec(meta, desa, include_kelurahan=include_kelurahan, area=area)
    if weights is not None:
        w = (parse_weights(weights, columns=list(desa.columns), meta=meta)
             if isinstance(weights, str) else dict(weights))
        spec = replace(spec, weights=w, defaults=())
    if isinstance(idm, str):
        idm = [s for s in idm.split(",") if s.strip()]
    spec = replace(spec, normalisation=normalisation, tier_rule=tier_rule,
                   idm_filter=tuple(idm) if idm else None)
    result = rank_desa(desa, spec, meta=meta)
    if top is not None:
        result = result.top(top)
    pattern = None if internal else dataset_pattern(data_dir, desa, meta, settings)
    path = write_ranking(result, out, meta=meta, today=today, settings=settings,
                         suppress_small=not internal, pattern=pattern,
                         version=dataset_version(data_dir))
    return path, result


def dataset_pattern(data_dir, desa, meta: dict, settings: Settings):
    """The dataset's suppression pattern from every level file of ``data_dir``."""
    from layers.export import suppression_pattern
    from layers.export.provenance import dataset_frames

    frames = dict(dataset_frames(data_dir), desa=desa)
    return suppression_pattern(frames, meta, threshold=settings.small_count_threshold)


def _print_summary(result, path: Path) -> None:
    """Counts, weights, the first five desa and the files written (no personal data)."""
    m = result.method
    left = ", ".join(f"{k} {v}" for k, v in m["tidak_diperingkat"].items()) or "0"
    print(f"Diperingkat / ranked: {m['diperingkat']} dari/of {m['jumlah_desa']} desa/kelurahan; "
          f"tidak diperingkat / not ranked: {left}")
    print("Bobot / weights: " + ", ".join(
        f"{i['kolom']} {i['bobot_dinormalkan'] * 100:.1f}%" for i in m["indikator"]))
    for row in result.ranked.head(5).itertuples(index=False):
        print(f"  {row.peringkat:>3}. {row.nama_desa} ({row.kode_desa}) skor {row.skor:.2f} "
              f"prioritas {row.prioritas}")
    print(f"Peringkat ditulis / ranking written: {path}")
    if path.suffix.lower() == ".csv":
        print(f"Metode / method: {path.with_suffix('.metode.json')}")
