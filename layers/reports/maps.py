"""The maps of the reports: which areas, which indicator, which classes (one function per map).

A map's classes are formed over the areas it shows (the desa of a kecamatan, the kecamatan of
a kabupaten), as the dashboard forms them over the areas in view.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layers.reports.legend import Legend, legend, map_classes
from layers.reports.mapfig import MapData, map_data


@dataclass(frozen=True)
class MapOptions:
    """The indicator of a map (``None`` = the first indicator of the ranking), its class
    scheme and number of classes, and the language."""

    indicator: str | None = None
    scheme: str = "quantiles"
    k: int = 5
    lang: str = "id"


def indicator_of(data, options: MapOptions, ranking=None) -> str:
    """The map's indicator column: the one asked for, else the ranking's first indicator."""
    from layers.errors import InputError

    col = options.indicator or (ranking.indicators[0] if ranking is not None else None)
    if col is None or col not in data.desa.columns:
        raise InputError(f"Indikator '{col}' tidak ada di dataset.",
                         f"Indicator '{col}' is not in the dataset.", column="--indicator")
    return col


def _info(col: str, meta: dict, lang: str) -> tuple[str, str, str]:
    from layers.ranking.columns import indicator_info

    info = indicator_info(col, meta)
    return (info.get("label_id" if lang == "id" else "label_en") or col,
            info.get("satuan") or "", info.get("jenis") or "count")


def classed(frame, col: str, meta: dict, options: MapOptions, *, key: str, name: str,
            highlight=None, over=None, pattern=None, level: str = "desa") -> tuple[MapData,
                                                                                   Legend]:
    """Areas of ``frame`` classed by ``col``. ``over`` (another frame with ``key``) forms the
    classes over its areas instead; areas of ``frame`` not in it are drawn grey, unclassed.
    A value the suppression ``pattern`` hides is left out of the classes and drawn as
    suppressed (class ``-3``), distinct from missing (``-1``) and from zero."""
    import pandas as pd

    label, unit, kind = _info(col, meta, options.lang)
    base = frame if over is None else over
    values = pd.to_numeric(base[col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    hidden = np.array([pattern is not None and not np.isnan(v)
                       and pattern.marker(level, str(c), col) is not None
                       for c, v in zip(base[key], values)], dtype=bool)
    values[hidden] = np.nan
    classes, colours = map_classes(values, scheme=options.scheme, k=options.k, kind=kind,
                                   name=col)
    cls = np.where(hidden, -3, classes.index)
    by_key = dict(zip(base[key], cls))
    index = [int(by_key.get(k, -2)) for k in frame[key]]
    data = map_data(frame, key, name, index, colours, highlight=highlight)
    leg = legend(classes, colours, label=label, unit=unit, kind=kind, lang=options.lang,
                 hidden=int(hidden.sum()), mark=pattern.mark if pattern is not None else "")
    return data, leg


def kecamatan_map(data, kode_kec: str, col: str, options: MapOptions):
    """The desa of a kecamatan."""
    frame = data.desa[data.desa["kode_kec"] == kode_kec]
    return classed(frame, col, data.meta, options, key="kode_desa", name="nama_desa",
                   pattern=data.pattern)


def kabupaten_map(data, kode_kab: str, col: str, options: MapOptions):
    """The kecamatan of a kabupaten (the atlas cover)."""
    frame = data.kecamatan[data.kecamatan["kode_kab"] == kode_kab]
    return classed(frame, col, data.meta, options, key="kode_kec", name="nama_kec",
                   pattern=data.pattern, level="kecamatan")


def neighbour_map(data, kode_desa: str, col: str, options: MapOptions):
    """A desa (outlined) among the desa that touch it; classes over its kecamatan's desa."""
    desa = data.desa
    me = desa[desa["kode_desa"] == kode_desa]
    near = desa[desa.intersects(me.geometry.iloc[0].buffer(1e-6))]
    kec = desa[desa["kode_kec"] == me.iloc[0]["kode_kec"]]
    return classed(near, col, data.meta, options, key="kode_desa", name="nama_desa",
                   highlight=kode_desa, over=kec, pattern=data.pattern)
