"""Where a URL path takes the map: the view, its geometry, the context around it, the bounds,
the tab that opens, and the breadcrumb back up."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard import ids
from dashboard.dataset import LoadedDataset
from dashboard.model.ranking import RANK_VIEWS
from dashboard.views import (CODE_LEN, View, ancestors, area_path, parent_level, parse_path,
                             units_below, view_path)

#: pixels kept free on the left of the map for the legend when zooming to an area
LEGEND_ROOM = 300
#: the tab whose map shows the ranking
RANK_TAB = "prioritas"
_HASH_VIEW = re.compile(r"(?:^#|&)v=(%s)(?:&|$)" % "|".join(RANK_VIEWS))


@dataclass(frozen=True)
class Route:
    """Where a URL path takes the map."""

    view: View | None
    geo_url: str | None
    context_url: str | None
    context_current: str
    bounds: list[list[float]] | None


def route(dataset: LoadedDataset, pathname: str | None) -> Route:
    """The view of a path, its geometry URL, the grey context around it and the bounds."""
    view = parse_path(pathname, root=dataset.root)
    if view is None or not dataset.exists(view):
        return Route(None, None, None, "", None)
    geo = dataset.geo_url(view.unit, view.kode)
    context_url, current = None, ""
    if view.level is not None:
        parent = parent_level(view.level)
        parent_code = view.kode[: CODE_LEN[parent]] if parent else ""
        context_url, current = dataset.geo_url(view.level, parent_code), view.kode
    if view.selected:
        bounds = _grow(dataset.bounds("desa", view.selected), 2.5)
    else:
        bounds = dataset.bounds(view.level, view.kode)
    return Route(view, geo, context_url, current, bounds)


def _grow(b: list[list[float]] | None, factor: float) -> list[list[float]] | None:
    if b is None:
        return None
    (s, w), (n, e) = b
    cy, cx, hy, hx = (s + n) / 2, (w + e) / 2, (n - s) * factor / 2, (e - w) * factor / 2
    return [[cy - hy, cx - hx], [cy + hy, cx + hx]]


@dataclass(frozen=True)
class Navigation:
    """What a path or tab change does to the page.

    ``viewport`` and ``tab`` are ``None`` when they stay as they are; ``redirect`` is the path
    the browser moves to (the same area drawn in desa for the ranking), or ``None``.
    """

    route: Route
    viewport: dict | None
    tab: str | None
    redirect: str | None


def navigate(dataset: LoadedDataset, pathname: str | None, *, tab: str | None,
             changed: set[str], hash_: str | None, shown: str | None) -> Navigation:
    """Where a path (or a tab switch) takes the page.

    Opening the ranking tab, or a shared link to the ranking (``v=`` in the hash), draws the
    area in desa. A tab switch alone keeps the map's zoom when it already shows this view; a
    path change opens the profile of a selected desa, else the ranking tab while the hash says
    so, else the table.

    Parameters
    ----------
    changed
        The ``<id>.<property>`` that changed (empty on the page's first call).
    shown
        The geometry URL the map shows now.
    """
    initial = not changed
    tab_only = bool(changed) and f"{ids.LOCATION}.pathname" not in changed
    rank_mode = bool(_HASH_VIEW.search(hash_ or ""))
    redirect = None
    if (tab_only and tab == RANK_TAB) or (initial and rank_mode):
        redirect = desa_path(dataset, pathname)
    r = route(dataset, redirect or pathname)
    if r.view is None:
        return Navigation(r, None, "tabel", None)
    viewport = ({"bounds": r.bounds, "transition": "flyToBounds",
                 "options": {"duration": 0.6, "paddingTopLeft": [LEGEND_ROOM, 16],
                             "paddingBottomRight": [16, 16]}} if r.bounds else None)
    if tab_only:
        # answers anyway (a request still in flight for the path may be dropped for this
        # one, and on a first load the tab may come from the link)
        if redirect is None and r.geo_url == shown:
            viewport = None
        return Navigation(r, viewport, None, redirect)
    if initial:
        tab = RANK_TAB if rank_mode else ("profil" if r.view.selected else "tabel")
    else:
        tab = "profil" if r.view.selected else (RANK_TAB if rank_mode else "tabel")
    return Navigation(r, viewport, tab, redirect)


def desa_path(dataset: LoadedDataset, pathname: str | None) -> str | None:
    """The path of the same area drawn in desa (``None`` if already, or not possible)."""
    view = parse_path(pathname, root=dataset.root)
    if view is None or view.unit == "desa" or view.level is None:
        return None
    return view_path(View(view.level, view.kode, "desa"))


def breadcrumb(dataset: LoadedDataset, view: View) -> list[tuple[str, str | None]]:
    """``(label, path)`` from the top area to the view (the last item has no path)."""
    items: list[tuple[str, str | None]] = []
    if dataset.root.level is None:
        items.append(("Indonesia", "/"))
    if view.level is not None:
        for level, kode in ancestors(view.kode):
            items.append((dataset.name(level, kode), area_path(level, kode)))
    if view.selected:
        items.append((dataset.name("desa", view.selected), None))
    if items:
        items[-1] = (items[-1][0], None)
    return items


@dataclass(frozen=True)
class Trail:
    """The breadcrumb of a view and the units its area can be drawn in."""

    crumbs: list[tuple[str, str | None]]
    #: ``(unit, path, current)`` per unit the area can be drawn in
    units: list[tuple[str, str, bool]]


def trail(dataset: LoadedDataset, pathname: str | None, *, tab: str | None) -> Trail | None:
    """The breadcrumb and unit links of a path (``None``: not a view). With the ranking tab
    open, the areas of the breadcrumb open in desa (the ranking is per desa)."""
    view = route(dataset, pathname).view
    if view is None:
        return None
    items = breadcrumb(dataset, view)
    if tab == RANK_TAB:
        items = [(label, desa_path(dataset, path) or path if path else path)
                 for label, path in items]
    units = [(unit, view_path(View(view.level, view.kode, unit)), unit == view.unit)
             for unit in units_below(view.level)]
    return Trail(crumbs=items, units=units)


def area_name(dataset: LoadedDataset, view: View) -> str:
    """The name of the area in view (the dataset's own area at the top)."""
    if view.level is None:
        return str((dataset.meta.get("wilayah") or {}).get("nama") or "Indonesia")
    return dataset.name(view.level, view.kode)
