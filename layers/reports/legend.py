"""Classes, colours and the legend of a printed map (one place for the PDF and the PNG).

The classes come from :func:`layers.ranking.classes.classify` (the dashboard's map classes), the
colours from :func:`layers.ranking.classes.palette`; a ramp printed in black and white must keep
its order, so :func:`ramp` checks that luminance falls monotonically from the first class to the
last and otherwise uses a grey ramp.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layers.fmt import angka
from layers.ranking.classes import classify, palette

#: the grey ramp used when an indicator's colours would not survive greyscale (diverging)
GREYS = {3: ["#f0f0f0", "#bdbdbd", "#636363"], 4: ["#f7f7f7", "#cccccc", "#969696", "#525252"],
         5: ["#f7f7f7", "#cccccc", "#969696", "#636363", "#252525"],
         6: ["#f7f7f7", "#d9d9d9", "#bdbdbd", "#969696", "#636363", "#252525"],
         7: ["#f7f7f7", "#d9d9d9", "#bdbdbd", "#969696", "#737373", "#525252", "#252525"]}


def luminance(colour: str) -> float:
    """Relative luminance (WCAG / sRGB) of ``#rrggbb``: 0 black, 1 white.

    >>> luminance("#ffffff"), luminance("#000000")
    (1.0, 0.0)
    """
    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return round(0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2], 6)


def monotonic(colours) -> bool:
    """True when each class is darker than the one before (order kept in greyscale)."""
    lum = [luminance(c) for c in colours]
    return all(a > b for a, b in zip(lum, lum[1:]))


def ramp(k: int, *, kind: str = "count", name: str = "") -> list[str]:
    """The class colours of an indicator for print: its dashboard palette when that survives
    greyscale, else :data:`GREYS`."""
    colours = palette(k, kind=kind, name=name)
    if k <= 1 or monotonic(colours):
        return colours
    return list(GREYS[min(max(k, 3), 7)][:k])


@dataclass(frozen=True)
class Legend:
    """A map legend: ``title``, then ``(colour, text)`` per class; ``colour`` ``None`` = the
    hatched "no data" entry, :data:`SUPPRESSED` = the dotted "suppressed" entry."""

    title: str
    entries: tuple[tuple[str | None, str], ...]


def map_classes(values, *, scheme: str, k: int, kind: str, name: str):
    """Classes and colours of the values of a map (missing values class ``-1``)."""
    classes = classify(values, scheme=scheme, k=k)
    return classes, ramp(max(classes.k, 1), kind=kind, name=name)[:max(classes.k, 1)]


#: the legend colour of the "suppressed" entry (drawn light grey, dotted)
SUPPRESSED = "suppressed"


def legend(classes, colours, *, label: str, unit: str, kind: str, lang: str = "id",
           hidden: int = 0, mark: str = "") -> Legend:
    """Class bounds as text (``1.234 – 2.345``, Indonesian format), units in the title."""
    whole = kind == "count"
    dec = 0 if whole else 1
    entries, low = [], classes.minimum
    for i, up in enumerate(classes.bounds):
        lo = low if i == 0 else (classes.bounds[i - 1] + 1 if whole else classes.bounds[i - 1])
        text = (angka(up, dec, lang=lang) if lo is None or np.isclose(lo, up)
                else f"{angka(lo, dec, lang=lang)} – {angka(up, dec, lang=lang)}")
        entries.append((colours[i], f"{'> ' if i and not whole else ''}{text}"))
    if hidden:
        entries.append((SUPPRESSED, (f"Disembunyikan, angka kecil ({mark})" if lang == "id"
                                     else f"Suppressed small count ({mark})")
                        + f" ({angka(hidden, lang=lang)})"))
    missing = int((classes.index == -1).sum()) - hidden
    if missing:
        entries.append((None, ("Tidak ada data" if lang == "id" else "No data")
                        + f" ({angka(missing, lang=lang)})"))
    title = f"{label} ({unit})" if unit else label
    return Legend(title, tuple(entries))
