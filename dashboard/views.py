"""What the map shows, as a URL path: level, area and the unit drawn (dash-free, pure).

A view is an **area** (a provinsi, kabupaten or kecamatan; or the whole dataset) and the
**unit** its map is drawn in (any level below the area, by default the next one). A desa view
is the kecamatan of that desa drawn in desa, with the desa selected and its profile open.

Paths::

    /                       the dataset's own area (``meta.json`` -> ``wilayah``)
    /prov/33                provinsi 33 in kabupaten/kota
    /kab/3316               kabupaten 3316 in kecamatan
    /kab/3316/desa          kabupaten 3316 in desa
    /kec/331606             kecamatan 331606 in desa
    /desa/3316062002        kecamatan 331606 in desa, desa 3316062002 selected

Indicator, class scheme, number of classes and language live in the URL hash
(``#i=kk_terdaftar&s=quantiles&k=5&l=id``, read and written in the browser), so switching them
never changes the path and never re-sends polygons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: administrative levels from the top; ``None`` stands for the whole dataset (national)
LEVELS = ("provinsi", "kabupaten", "kecamatan", "desa")
SLUG = {"provinsi": "prov", "kabupaten": "kab", "kecamatan": "kec", "desa": "desa"}
LEVEL_OF_SLUG = {v: k for k, v in SLUG.items()}
KEY = {"provinsi": "kode_prov", "kabupaten": "kode_kab", "kecamatan": "kode_kec",
       "desa": "kode_desa"}
NAME = {"provinsi": "nama_prov", "kabupaten": "nama_kab", "kecamatan": "nama_kec",
        "desa": "nama_desa"}
CODE_LEN = {"provinsi": 2, "kabupaten": 4, "kecamatan": 6, "desa": 10}


@dataclass(frozen=True)
class View:
    """One map view.

    Attributes
    ----------
    level
        Level of the area (``provinsi`` ... ``kecamatan``), or ``None`` for the whole dataset.
    kode
        Undotted code of the area (``""`` for the whole dataset).
    unit
        Level of the shapes drawn; always below ``level``.
    selected
        Code of the selected desa (desa views only).
    """

    level: str | None
    kode: str
    unit: str
    selected: str | None = None


def child_level(level: str | None) -> str:
    """The level just below ``level`` (``None`` -> ``provinsi``)."""
    if level is None:
        return LEVELS[0]
    i = LEVELS.index(level)
    if i + 1 >= len(LEVELS):
        raise ValueError(f"level {level!r} has no child level")
    return LEVELS[i + 1]


def parent_level(level: str) -> str | None:
    """The level just above ``level`` (``provinsi`` -> ``None``)."""
    i = LEVELS.index(level)
    return LEVELS[i - 1] if i > 0 else None


def units_below(level: str | None) -> tuple[str, ...]:
    """Levels a map of an area at ``level`` can be drawn in."""
    start = 0 if level is None else LEVELS.index(level) + 1
    return LEVELS[start:]


def level_of_code(kode: str) -> str | None:
    """Level of an undotted code by its length, or ``None``."""
    for level, n in CODE_LEN.items():
        if len(kode) == n:
            return level
    return None


def ancestors(kode: str) -> list[tuple[str, str]]:
    """``(level, code)`` of the area and every area above it, from the top."""
    level = level_of_code(kode)
    if level is None:
        return []
    out = []
    for lvl in LEVELS[: LEVELS.index(level) + 1]:
        out.append((lvl, kode[: CODE_LEN[lvl]]))
    return out


_PATH = re.compile(r"^/(prov|kab|kec|desa)/(\d+)(?:/(prov|kab|kec|desa))?/?$")


def parse_path(path: str | None, *, root: View) -> View | None:
    """The view a URL path asks for, or ``None`` when the path is not a view.

    Parameters
    ----------
    path
        URL path (``/kab/3316``); empty or ``/`` gives ``root``.
    root
        The dataset's own view.

    Examples
    --------
    >>> root = View("kabupaten", "3316", "kecamatan")
    >>> parse_path("/kec/331606", root=root)
    View(level='kecamatan', kode='331606', unit='desa', selected=None)
    >>> parse_path("/desa/3316062002", root=root).selected
    '3316062002'
    >>> parse_path("/kab/3316/desa", root=root).unit
    'desa'
    >>> parse_path("/kab/33", root=root) is None
    True
    """
    if not path or path == "/":
        return root
    m = _PATH.match(path)
    if not m:
        return None
    level, kode, unit_slug = LEVEL_OF_SLUG[m.group(1)], m.group(2), m.group(3)
    if len(kode) != CODE_LEN[level]:
        return None
    if level == "desa":
        if unit_slug is not None:
            return None
        return View("kecamatan", kode[:6], "desa", selected=kode)
    unit = LEVEL_OF_SLUG[unit_slug] if unit_slug else child_level(level)
    if unit not in units_below(level):
        return None
    return View(level, kode, unit)


def view_path(view: View) -> str:
    """URL path of a view (inverse of :func:`parse_path`).

    >>> view_path(View("kabupaten", "3316", "desa"))
    '/kab/3316/desa'
    >>> view_path(View("kecamatan", "331606", "desa", selected="3316062002"))
    '/desa/3316062002'
    """
    if view.selected:
        return f"/desa/{view.selected}"
    if view.level is None:
        return "/"
    base = f"/{SLUG[view.level]}/{view.kode}"
    return base if view.unit == child_level(view.level) else f"{base}/{SLUG[view.unit]}"


def area_path(level: str, kode: str) -> str:
    """Path of an area drawn in its child level (a desa opens its profile)."""
    return f"/{SLUG[level]}/{kode}"
