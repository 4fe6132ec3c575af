"""Choropleth classes, colour schemes and ranks (dash-free, pure).

One entry point per task: :func:`classify` over a scheme registry (mapclassify for quantiles
and equal intervals, :func:`layers.ranking.breaks.natural_breaks` for natural breaks, the same
implementation as the ranking's ``jenks`` tiers), :func:`palette` for the colours that fit an
indicator, :func:`rank_within` for the rank of an area among the other children of its parent.
Missing values stay missing: they get class -1 and no rank, never the class of zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.ranking.breaks import JENKS_SAMPLE, natural_breaks  # noqa: F401 (re-exported)
from layers.ranking.classes import (  # noqa: F401 (the map's classes live in layers/)
    COVERAGE, K_MAX, K_MIN, SCHEMES, Classes, as_float as _as_float, classify, palette,
    palette_name, warm)
from layers.indicators import IDM_STATUS

#: Okabe-Ito colours (colour-blind safe) for categories without a known order
QUALITATIVE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
#: colour of the categories beyond the seventh
OTHER = "#9a9a9a"


def known_order(values) -> tuple[str, ...] | None:
    """The worst-to-best order of a known categorical scale (IDM status), if the values use it."""
    present = {str(v).strip().upper() for v in values if isinstance(v, str) and v.strip()}
    return tuple(IDM_STATUS) if present and present <= set(IDM_STATUS) else None


def categorize(values, *, max_classes: int = K_MAX) -> tuple[Classes, tuple[str, ...],
                                                              list[str]]:
    """Classes, names and colours of a categorical indicator.

    A known ordinal scale (IDM status) keeps its order, worst first, coloured from dark red to
    pale; other categories are ordered by frequency, coloured Okabe-Ito, and those beyond
    ``max_classes`` share one grey class.

    >>> c, names, colours = categorize(["MAJU", None, "MANDIRI", "MAJU"])
    >>> names[-2:], c.index.tolist(), c.counts
    (('MAJU', 'MANDIRI'), [3, -1, 4, 3], (0, 0, 0, 2, 1))
    """
    text = [_category(v) for v in values]
    order = known_order(text)
    if order is not None:
        names = order
        colours = list(reversed(palette(len(names), kind="count")))
        text = [v.upper() if v is not None else None for v in text]
    else:
        freq: dict[str, int] = {}
        for v in text:
            if v is not None:
                freq[v] = freq.get(v, 0) + 1
        ranked = sorted(freq, key=lambda v: (-freq[v], v))
        names = tuple(ranked[:max_classes])
        colours = list(QUALITATIVE[:len(names)])
        if len(ranked) > max_classes:
            names = names + ("…",)
            colours.append(OTHER)
    pos = {name: i for i, name in enumerate(names)}
    other = len(names) - 1 if names and names[-1] == "…" else -1
    index = np.array([-1 if v is None else pos.get(v, other) for v in text], dtype=np.int8)
    counts = tuple(int(n) for n in np.bincount(index[index >= 0], minlength=len(names)))
    return Classes((), None, index, counts), names, colours


def _category(v) -> str | None:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    text = str(v).strip()
    return text or None


def rank_within(values, groups) -> pd.Series:
    """Rank of each value among the values of its group: 1 is the highest; ties share a rank.

    Missing values get no rank (NA) and are not counted.

    >>> rank_within([5, 9, None, 9, 1], ["a", "a", "a", "b", "b"]).tolist()
    [2, 1, <NA>, 1, 2]
    """
    v = pd.Series(_as_float(values))
    g = pd.Series(list(groups), index=v.index)
    r = v.groupby(g).rank(method="min", ascending=False)
    return r.astype("Int64")
