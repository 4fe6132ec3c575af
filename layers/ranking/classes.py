"""Map classes and colour ramps (pure): one implementation for the dashboard's choropleth, the
printed reports and the map images.

:func:`classify` puts values into classes over a scheme registry (mapclassify for quantiles and
equal intervals, :func:`layers.ranking.breaks.natural_breaks` for natural breaks, the same
implementation as the ranking's ``jenks`` tiers); :func:`palette` gives the colours that fit an
indicator. Missing values stay missing: they get class -1, never the class of zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.ranking.breaks import JENKS_SAMPLE, natural_breaks

#: class schemes offered to the user (mapclassify classifier names; natural breaks are ours)
SCHEMES = {"quantiles": "Quantiles", "natural_breaks": "FisherJenks",
           "equal_interval": "EqualInterval"}
#: smallest and largest number of classes offered
K_MIN, K_MAX = 3, 7

# ColorBrewer schemes (colour-blind safe), by number of classes
_YLORRD = {
    3: ["#ffeda0", "#feb24c", "#f03b20"],
    4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
    7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
}
_YLGNBU = {
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}
_PUOR = {
    3: ["#f1a340", "#f7f7f7", "#998ec3"],
    4: ["#e66101", "#fdb863", "#b2abd2", "#5e3c99"],
    5: ["#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"],
    6: ["#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"],
    7: ["#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"],
}
#: the colour of one class when every value is equal
_SINGLE = {"YlOrRd": "#fd8d3c", "YlGnBu": "#41b6c4", "PuOr": "#f7f7f7"}
_SCHEMES_BY_NAME = {"YlOrRd": _YLORRD, "YlGnBu": _YLGNBU, "PuOr": _PUOR}

#: indicators where more is better (programme coverage): a blue-green scheme, not alarm red
COVERAGE = frozenset({"kk_pkh", "kk_bpnt", "kk_pbi", "persen_pkh", "persen_bpnt",
                      "persen_pbi"})


@dataclass(frozen=True)
class Classes:
    """The result of :func:`classify`.

    Attributes
    ----------
    bounds
        Upper bound of each class (class ``i`` holds ``bounds[i-1] < x <= bounds[i]``).
    minimum
        Smallest value (lower bound of the first class).
    index
        Class of each value, ``-1`` where the value is missing.
    counts
        Number of values in each class.
    """

    bounds: tuple[float, ...]
    minimum: float | None
    index: np.ndarray
    counts: tuple[int, ...]

    @property
    def k(self) -> int:
        """Number of classes actually formed (fewer than asked when values repeat)."""
        return len(self.bounds)


def classify(values, *, scheme: str = "quantiles", k: int = 5) -> Classes:
    """Put values into ``k`` classes with a named scheme.

    Parameters
    ----------
    values
        Numbers; ``None``/NA/NaN are missing and get class ``-1``.
    scheme
        ``quantiles``, ``natural_breaks`` (Fisher-Jenks) or ``equal_interval``.
    k
        Number of classes (3-7). Fewer are formed when there are fewer distinct values.

    Examples
    --------
    >>> c = classify([1, 2, 3, 4, None], scheme="equal_interval", k=3)
    >>> c.index.tolist(), c.counts
    ([0, 0, 1, 2, -1], (2, 1, 1))
    """
    if scheme not in SCHEMES:
        raise ValueError(f"scheme was {scheme!r} but is expected to be one of {list(SCHEMES)}")
    if not K_MIN <= int(k) <= K_MAX:
        raise ValueError(f"k was {k} but is expected to be between {K_MIN} and {K_MAX}")
    y = as_float(values)
    present = ~np.isnan(y)
    index = np.full(len(y), -1, dtype=np.int8)
    if not present.any():
        return Classes((), None, index, ())
    yp = y[present]
    bounds = _bounds(yp, scheme, int(k))
    index[present] = np.searchsorted(np.asarray(bounds), yp, side="left")
    counts = tuple(int(n) for n in np.bincount(index[present], minlength=len(bounds)))
    return Classes(tuple(float(b) for b in bounds), float(yp.min()), index, counts)


def warm() -> None:
    """Import and compile every scheme once (at start, so no request pays for it)."""
    y = np.arange(40, dtype=float) ** 1.5
    for scheme in SCHEMES:
        classify(y, scheme=scheme, k=5)


def as_float(values) -> np.ndarray:
    return pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan)


def _bounds(y: np.ndarray, scheme: str, k: int) -> list[float]:
    """Upper class bounds; natural breaks are exact up to :data:`JENKS_SAMPLE` values and
    fitted on a sample above (see :func:`layers.ranking.breaks.natural_breaks`)."""
    import mapclassify
    import warnings

    distinct = np.unique(y)
    if len(distinct) <= k:
        return distinct.tolist()
    if scheme == "natural_breaks":
        return natural_breaks(y, k=k, sample=JENKS_SAMPLE).tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bins = getattr(mapclassify, SCHEMES[scheme])(y, k=k).bins
    bounds = sorted(set(float(b) for b in bins))
    bounds[-1] = float(y.max())
    return bounds


def palette(k: int, *, kind: str = "count", name: str = "") -> list[str]:
    """Colours for ``k`` classes of an indicator.

    Sequential yellow-orange-red for counts, rates and densities (more is worse);
    yellow-green-blue for programme coverage and index scores such as IDM (more is better);
    diverging orange-purple for ``change``.
    """
    scheme = palette_name(kind=kind, name=name)
    if k <= 1:
        return [_SINGLE[scheme]] * max(k, 0)
    table = _SCHEMES_BY_NAME[scheme]
    if k in table:
        return list(table[k])
    return list(table[3][:k]) if k < 3 else list(table[K_MAX])


def palette_name(*, kind: str, name: str) -> str:
    """ColorBrewer scheme name for an indicator kind and name."""
    if kind == "change":
        return "PuOr"
    if name in COVERAGE or kind == "score":
        return "YlGnBu"
    return "YlOrRd"
