"""What a printed report is made of, read once from a dataset directory: the areas with their
geometry, the dataset's meta, the dusun/RW table, the names still unresolved, and the ranking
computed exactly as ``python -m layers rank`` computes it (same defaults, same weights).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd

from layers.codes import dotted
from layers.errors import InputError
from layers.fmt import angka, persen
from layers.settings import DEFAULT, Settings

#: programmes whose coverage a report shows, in this order
PROGRAMMES = ("pkh", "bpnt", "pbi")
LEVELS = {4: "kab", 6: "kec", 10: "desa"}


@dataclass
class ReportData:
    """One dataset, loaded for reports (see :func:`load_report_data`)."""

    desa: object          # GeoDataFrame, EPSG:4326
    kecamatan: object     # GeoDataFrame
    meta: dict
    subdesa: pd.DataFrame | None
    review: pd.DataFrame | None  # match_report rows to decide; None = not readable
    today: date
    settings: Settings = DEFAULT
    kabupaten: object = None  # GeoDataFrame
    pattern: object = None    # layers.export.suppression.Pattern (None = not computed)
    internal: bool = False    # unsuppressed: every page says "internal - not for distribution"

    @property
    def period(self) -> str:
        return str(self.meta.get("periode") or "–")

    def sources(self, lang: str = "id") -> str:
        """The registers and their files, e.g. ``DTKS (ekspor SIKS-NG): 5 berkas``."""
        out = []
        for reg in self.meta.get("registers") or []:
            n = len(reg.get("files") or [])
            label = reg.get("label_id" if lang == "id" else "label_en") or reg.get("register")
            out.append(f"{label}: {n} {'berkas' if lang == 'id' else 'files'}")
        return "; ".join(out) or "–"

    def registers(self) -> list[str]:
        return [str(r.get("register")) for r in self.meta.get("registers") or []
                if r.get("register")]


def load_report_data(data_dir: str | Path, *, today: date | None = None,
                     settings: Settings = DEFAULT, internal: bool = False,
                     pattern=None) -> ReportData:
    """Read ``desa.parquet``, ``kecamatan.parquet``, ``meta.json``, ``subdesa.parquet`` and the
    review rows of ``match_report.csv``; a missing file is an :class:`InputError`.

    Counts are printed through the dataset's one suppression pattern
    (:func:`layers.export.suppression.suppression_pattern`), computed here once unless given
    (the dashboard passes the one it caches per dataset version); ``internal=True`` prints
    every value and marks every page "internal - not for distribution".
    """
    import geopandas as gpd

    from layers.export.suppression import NO_SUPPRESSION

    from layers.store.dataset import load_dataset

    data_dir = Path(data_dir)
    _, meta = load_dataset(data_dir)  # checks the directory and reads meta.json
    for name in ("desa.parquet", "kecamatan.parquet"):
        if not (data_dir / name).exists():
            raise InputError("Berkas dataset tidak ada.", "Dataset file missing.",
                             file=str(data_dir / name))
    desa = gpd.read_parquet(data_dir / "desa.parquet")
    kec = gpd.read_parquet(data_dir / "kecamatan.parquet")
    sub = data_dir / "subdesa.parquet"
    subdesa = pd.read_parquet(sub) if sub.exists() else None
    kab_path = data_dir / "kabupaten.parquet"
    kab = gpd.read_parquet(kab_path) if kab_path.exists() else None
    if internal:
        pattern = NO_SUPPRESSION
    elif pattern is None:
        pattern = _pattern(data_dir, desa, meta, settings)
    return ReportData(desa, kec, meta, subdesa, review_rows(data_dir / "match_report.csv"),
                      today or date.today(), settings, kab, pattern, internal)


def _pattern(data_dir: Path, desa, meta: dict, settings: Settings):
    """The dataset's suppression pattern over every level file (as ``layers rank`` makes it)."""
    import pyarrow.parquet as papq

    from layers.export.suppression import suppression_pattern

    frames = {"desa": pd.DataFrame(desa.drop(columns="geometry"))}
    for level in ("kecamatan", "kabupaten", "provinsi", "subdesa"):
        path = data_dir / f"{level}.parquet"
        if path.exists():
            names = [n for n in papq.read_schema(path).names if n != "geometry"]
            frames[level] = pd.read_parquet(path, columns=names)
    return suppression_pattern(frames, meta, threshold=settings.small_count_threshold)


def review_rows(path: Path) -> pd.DataFrame | None:
    """The ``ambiguous`` / ``unmatched`` rows of a ``match_report.csv`` (``None``: no file)."""
    from layers.matching.report import REVIEW_METHODS

    cols = ["register", "tingkat", "input_nama", "induk_kode", "metode", "jumlah_baris"]
    if not path.exists():
        return None
    rep = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = rep[rep["metode"].isin(REVIEW_METHODS)]
    return rows[[c for c in cols if c in rows]].reset_index(drop=True)


def resolve_area(data: ReportData, kode) -> tuple[str, str, str]:
    """``(level, undotted code, name)`` of a kabupaten, kecamatan or desa code of the dataset
    (dotted or not)."""
    digits = "".join(ch for ch in str(kode) if ch.isdigit())
    level = LEVELS.get(len(digits))
    if level:
        hit = data.desa[data.desa[f"kode_{level}"] == digits]
        if len(hit):
            return level, digits, str(hit.iloc[0][f"nama_{level}"])
    raise InputError(
        f"Kode wilayah '{kode}' tidak ada di dataset (kabupaten 4 angka, kecamatan 6, desa 10; "
        "boleh bertitik, mis. 33.16.06).",
        f"Area code '{kode}' is not in the dataset (kabupaten 4 digits, kecamatan 6, desa 10; "
        "dots allowed, e.g. 33.16.06).", column="--area")


@dataclass(frozen=True)
class RankOptions:
    """How a report ranks: the options of ``python -m layers rank`` (``weights`` as text
    ``"a=2,b=1"`` or a dict; ``None`` = the documented defaults)."""

    weights: object = None
    include_kelurahan: bool = False
    normalisation: str = "minmax"
    tier_rule: str = "tertil"


def rank(data: ReportData, *, area: str | None, options: RankOptions = RankOptions()):
    """The ranking of the desa of ``area`` as ``python -m layers rank --area`` gives it."""
    from layers.ranking import default_spec, parse_weights, rank_desa

    desa = pd.DataFrame(data.desa.drop(columns="geometry"))
    weights = options.weights
    spec = default_spec(data.meta, desa, include_kelurahan=options.include_kelurahan, area=area)
    if weights:
        w = (parse_weights(weights, columns=list(desa.columns), meta=data.meta)
             if isinstance(weights, str) else dict(weights))
        spec = replace(spec, weights=w, defaults=())
    spec = replace(spec, normalisation=options.normalisation, tier_rule=options.tier_rule)
    return rank_desa(desa, spec, meta=data.meta)


def count_text(value, *, lang: str = "id") -> str:
    """A number that is no register count (desa, pages): Indonesian format, missing ``–``."""
    return angka(value, lang=lang)


def cell_text(data: ReportData, level: str, code: str, col: str, value, *,
              lang: str = "id") -> str:
    """A dataset cell as printed in a public report: the suppression pattern's marker (``<5``
    small count, ``x`` hidden so it cannot be recomputed) or the value (``persen_*`` as a
    share, others as counts). Zero stays ``0``; missing stays ``–``. Levels: ``desa``,
    ``kecamatan``, ``kabupaten``, ``subdesa`` (code from
    :func:`layers.export.suppression.subdesa_code`)."""
    mark = data.pattern.marker(level, code, col) if data.pattern is not None else None
    if mark is not None and value is not None and not pd.isna(value):
        return mark
    if "persen" in col:
        return persen(value, lang=lang)
    return angka(value, 1 if "per_km2" in col else 0, lang=lang)


def small_text(data: ReportData, value, *, lang: str = "id") -> str:
    """A count outside the dataset's tables (households under an unmatched name): ``<5``
    when small, as the primary rule says."""
    k = data.pattern.threshold if data.pattern is not None else 0
    try:
        v = float(value)
    except (TypeError, ValueError):
        return angka(None)
    return f"<{k}" if 0 < v < k else angka(v, lang=lang)


def area_title(level: str, code: str, name: str, lang: str = "id") -> str:
    if level == "kab" and name.split(" ")[0].lower() in ("kabupaten", "kota", "kab."):
        return f"{name} ({dotted(code)})"
    word = {"kab": ("Kabupaten", "Regency"), "kec": ("Kecamatan", "District"),
            "desa": ("Desa", "Village")}[level][0 if lang == "id" else 1]
    return f"{word} {name} ({dotted(code)})"
