"""One indicator classified over the areas of a view, and the ``hideout`` the map paints.

The server sends the shapes once per view; on every indicator, scheme or class switch only
:func:`hideout` travels: one class character, one value and one rank per shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.dataset import IndicatorInfo, LoadedDataset
from dashboard.i18n import decimals_of, labels, lang_or_default, t
from dashboard.model.classify import (K_MAX, K_MIN, SCHEMES, Classes, categorize, classify,
                                      palette, rank_within)
from dashboard.model.routes import route
from dashboard.settings import DashboardSettings
from dashboard.views import CODE_LEN, View, parent_level

#: the fill of a shape without a value (the hatch pattern defined by ``assets/pd.js``)
NODATA_FILL = "url(#pd-hatch)"


@dataclass(frozen=True)
class Choropleth:
    """One indicator classified over the units of a view."""

    info: IndicatorInfo
    codes: list[str]
    names: list[str]
    parents: list[str]
    parent_names: list[str]
    values: np.ndarray
    ranks: pd.Series
    classes: Classes
    colors: list[str]
    scheme: str
    #: names of the classes of a categorical indicator (empty for numbers)
    categories: tuple[str, ...] = ()
    #: the shown value of a categorical indicator per unit (None where missing)
    labels: tuple[str | None, ...] = ()

    @property
    def categorical(self) -> bool:
        return self.info.jenis == "category"

    @property
    def missing(self) -> np.ndarray:
        return self.classes.index < 0 if self.categorical else np.isnan(self.values)


def choropleth(units: pd.DataFrame, info: IndicatorInfo, *, scheme: str, k: int) -> Choropleth:
    """Classify ``info``'s column over ``units`` (rows of :meth:`LoadedDataset.units`).

    Numbers get ``scheme``/``k`` classes and a rank within the parent area; a categorical
    indicator (``jenis == "category"``, e.g. IDM status) gets one class per category, no rank.
    """
    common = dict(info=info, codes=units["kode"].tolist(), names=units["nama"].tolist(),
                  parents=units["induk_kode"].tolist(),
                  parent_names=units["induk_nama"].tolist(), scheme=scheme)
    present = info.kolom in units and info.tersedia
    if info.jenis == "category":
        raw = units[info.kolom].tolist() if present else [None] * len(units)
        classes, names, colours = categorize(raw)
        labels = tuple(names[c] if c >= 0 else None for c in classes.index)
        return Choropleth(values=np.full(len(units), np.nan),
                          ranks=pd.Series(pd.NA, index=range(len(units)), dtype="Int64"),
                          classes=classes, colors=colours, categories=names, labels=labels,
                          **common)
    if present:
        values = pd.to_numeric(units[info.kolom], errors="coerce").astype("Float64")
        values = values.to_numpy(dtype=float, na_value=np.nan)
    else:
        values = np.full(len(units), np.nan)
    classes = classify(values, scheme=scheme, k=k)
    ranks = rank_within(values, units["induk_kode"].tolist())
    return Choropleth(values=values, ranks=ranks, classes=classes,
                      colors=palette(classes.k, kind=info.jenis, name=info.nama), **common)


def hideout(ch: Choropleth, *, src: str, unit: str, selected: str | None, lang: str,
            labels: bool) -> dict:
    """The GeoJSON ``hideout``: everything the browser's style function needs, no geometry.

    In the order of the shapes in ``src``: ``c`` has one character per shape (class ``0``-
    ``6``, ``-`` for no data); ``v`` the values as displayed and ``r`` the rank within the
    parent area, each a comma-joined string with nothing between the commas where a value
    is missing (a few bytes per shape); ``pn`` how many shapes are ranked in each parent area
    (whose name travels with the shapes); a categorical indicator sends its category names
    in ``cats`` instead of values.
    """
    dec = decimals_of(ch.info.jenis)
    values = "" if ch.categorical else ",".join(short_number(v, dec) for v in ch.values)
    ranks = [None if r is pd.NA else int(r) for r in ch.ranks]
    ranked: dict[str, int] = {}
    for p, r in zip(ch.parents, ranks):
        ranked[p] = ranked.get(p, 0) + (r is not None)
    parent = parent_level(unit)
    return {
        "src": src,
        "c": "".join("-" if c < 0 else str(int(c)) for c in ch.classes.index),
        "v": values,
        "r": ",".join("" if r is None else str(r) for r in ranks),
        "cats": list(ch.categories),
        "pal": ch.colors,
        "nd": NODATA_FILL,
        "sel": selected,
        "pl": CODE_LEN[parent] if parent else 0,
        "pn": ranked,
        "dec": dec,
        "u": unit_of(ch.info, lang),
        "lang": lang,
        "labels": labels,
        "t": {"rank": t("hover.rank", lang), "of": t("hover.of", lang),
              "nodata": t("legend.nodata", lang), "open": t(f"hover.open.{unit}", lang),
              "in": t("hover.in", lang)},
    }


def short_number(v: float, dec: int) -> str:
    """A value as the hover shows it, in as few characters as JSON needs (``""``: missing).

    >>> short_number(12.50, 2), short_number(1234.4, 0), short_number(float("nan"), 1)
    ('12.5', '1234', '')
    """
    if math.isnan(v):
        return ""
    if dec == 0:
        return str(int(round(v)))
    return f"{v:.{dec}f}".rstrip("0").rstrip(".")


def unit_of(info: IndicatorInfo, lang: str = "id") -> str:
    """The unit shown with an indicator's values (``%`` for rates), in ``lang`` when the locale
    files translate it (``KK/km²`` is ``households/km²`` in English)."""
    unit = "%" if info.jenis == "rate" else (info.satuan or "")
    return t(f"unit.{unit}", lang) if f"unit.{unit}" in labels(lang_or_default(lang)) else unit


def choose(dataset: LoadedDataset, kolom: str | None, scheme, k, *, default_scheme: str,
           default_k: int) -> tuple[IndicatorInfo | None, str, int]:
    """The indicator, scheme and number of classes to draw: what the controls hold when it is
    usable, else the dataset's default indicator and the settings' scheme and classes."""
    info = dataset.indicator(kolom)
    if info is None or not info.tersedia:
        info = dataset.default_indicator
    scheme = scheme if scheme in SCHEMES else default_scheme
    try:
        k = min(max(int(k), K_MIN), K_MAX)
    except (TypeError, ValueError):
        k = default_k
    return info, scheme, k


@dataclass(frozen=True)
class Selection:
    """The view of a path and the indicator, scheme and classes the controls ask for."""

    view: View
    info: IndicatorInfo
    scheme: str
    k: int


def select(dataset: LoadedDataset, settings: DashboardSettings, pathname: str | None,
           kolom: str | None, scheme, k) -> Selection | None:
    """The view and indicator to draw (``None``: the path is not a view, or the dataset has
    no indicator); unusable controls fall back to the defaults."""
    view = route(dataset, pathname).view
    info, scheme, k = choose(dataset, kolom, scheme, k, default_scheme=settings.default_scheme,
                             default_k=settings.default_k)
    if view is None or info is None:
        return None
    return Selection(view, info, scheme, k)
