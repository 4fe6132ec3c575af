"""The map legend: class bounds in the reader's number format, counts, and why data is missing."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.dataset import LoadedDataset
from dashboard.i18n import number, t
from dashboard.model.choropleth import Choropleth, unit_of
from dashboard.model.reasons import missing_reasons


@dataclass(frozen=True)
class LegendEntry:
    """One row of the legend: a colour, what it stands for and how many shapes have it."""

    color: str
    text: str
    count: int


@dataclass(frozen=True)
class Legend:
    """The legend of the map: its rows and the hatched row of shapes without a value."""

    title: str
    unit: str
    entries: list[LegendEntry]
    nodata: int
    nodata_reasons: list[str]
    scheme: str
    #: what the hatched row is called (default: the locale's "no data")
    nodata_label: str | None = None


def legend(ch: Choropleth, units: pd.DataFrame, dataset: LoadedDataset, *,
           lang: str) -> Legend:
    """Class bounds in the user's number format, with counts and the no-data explanation."""
    info, cl = ch.info, ch.classes
    entries = []
    if ch.categorical:
        entries = [LegendEntry(ch.colors[i], name if name != "…" else t("legend.other", lang),
                               cl.counts[i]) for i, name in enumerate(ch.categories)]
    lower = cl.minimum
    for i, upper in enumerate(cl.bounds):
        entries.append(LegendEntry(ch.colors[i], class_label(lower, upper, first=i == 0,
                                                             kind=info.jenis, lang=lang),
                                   cl.counts[i]))
        lower = upper
    missing = ch.missing
    reasons = (missing_reasons(units[missing], info, dataset, lang=lang) if missing.any()
               else [])
    scheme = t("legend.categories", lang) if ch.categorical else t(f"scheme.{ch.scheme}", lang)
    return Legend(title=info.label(lang), unit=unit_of(info, lang), entries=entries,
                  nodata=int(missing.sum()), nodata_reasons=reasons, scheme=scheme)


def class_label(lower: float | None, upper: float, *, first: bool, kind: str, lang: str) -> str:
    """``"121 – 250"`` (counts: whole numbers inside the class) or ``"12,3 – 18,4"``.

    >>> class_label(120.4, 250.0, first=False, kind="count", lang="id")
    '121 – 250'
    >>> class_label(0.0, 1234.5, first=True, kind="rate", lang="id")
    '0,0 – 1.234,5'
    """
    if lower is None:
        lower = upper
    if kind == "count":
        lo = math.ceil(lower) if first else math.floor(lower) + 1
        hi = math.floor(upper)
        if lo >= hi:
            return number(hi, kind="count", lang=lang)
        return f"{number(lo, kind='count', lang=lang)} – {number(hi, kind='count', lang=lang)}"
    lo_t = number(lower, kind="density", lang=lang)
    hi_t = number(upper, kind="density", lang=lang)
    return hi_t if lo_t == hi_t else f"{lo_t} – {hi_t}"
