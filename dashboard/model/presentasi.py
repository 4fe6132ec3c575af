"""Presentation mode (``/presentasi/...``): one slide per area, for a projector (pure, dash-free).

A slide is the map of the area (the indicator, classes and language of the URL hash, as on
the map page), the area's top-10 desa by the project's ranking with the weights of the hash
(as on the Prioritas tab), the data period and the sources. The path after ``/presentasi`` is
a map-page path (``/presentasi/kab/9901`` shows ``/kab/9901``).

Arrow keys step through a sequence of slides: the kabupaten and then each of its kecamatan
(from a kabupaten or a kecamatan), or the kecamatan and then each of its desa (from a desa);
the sequence wraps around. Up goes to the parent area, down into the first area below.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

import pandas as pd

from layers.errors import InputError

from dashboard.dataset import LoadedDataset
from dashboard.i18n import lang_or_default, t
from dashboard.model.map_style import MapStyle, map_style
from dashboard.model.page import dataset_text
from dashboard.model.rank_lists import rank_rows
from dashboard.model.routes import Route, area_name, route
from dashboard.settings import DashboardSettings
from dashboard.views import CODE_LEN, View, area_path, child_level, parent_level

#: where presentation mode is served
PREFIX = "/presentasi"
#: desa in the slide's list
TOP = 10


def map_path(pathname: str | None) -> str:
    """The map-page path of a presentation path (``/presentasi/kab/9901`` -> ``/kab/9901``).

    >>> map_path("/presentasi/desa/9901012001")
    '/desa/9901012001'
    >>> map_path("/presentasi/")
    '/'
    """
    path = pathname or "/"
    if path == PREFIX or path.startswith(PREFIX + "/"):
        path = path[len(PREFIX):]
    return path if path.startswith("/") else "/" + path


def present_path(path: str) -> str:
    """The presentation path of a map-page path (``/kec/990101`` -> ``/presentasi/kec/990101``)."""
    return PREFIX + (path if path != "/" else "/")


def read_hash(hash_: str | None) -> dict[str, str]:
    """The map page's URL hash as a dict (``#i=kk_terdaftar&w=a=1,b=2`` -> ``{"i": ..., "w": ...}``)."""
    text = (hash_ or "").lstrip("#")
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


@dataclass(frozen=True)
class Steps:
    """Where the arrow keys go (presentation paths; ``None``: nowhere) and the position of this
    slide in its sequence (1-based)."""

    prev: str | None
    next: str | None
    up: str | None
    down: str | None
    index: int
    count: int


def _children(dataset: LoadedDataset, level: str | None, kode: str) -> list[str]:
    """Codes of the areas just below ``(level, kode)``, in code order."""
    below = child_level(level)
    index = dataset.frames[below].index.astype(str)
    return sorted(k for k in index if k.startswith(kode))


def _path(level: str | None, kode: str) -> str:
    return present_path("/" if level is None else area_path(level, kode))


def steps(dataset: LoadedDataset, view: View) -> Steps:
    """The sequence a view belongs to and its neighbours in it.

    A kecamatan steps among the kecamatan of its kabupaten (the kabupaten slide first); a
    selected desa among the desa of its kecamatan (the kecamatan slide first); any other area
    steps through the areas just below it.
    """
    if view.selected:
        head_level, head, here = "kecamatan", view.kode, view.selected
    elif view.level == "kecamatan":
        head_level = parent_level("kecamatan")
        head, here = view.kode[: CODE_LEN[head_level]], view.kode
    else:
        head_level, head, here = view.level, view.kode, view.kode
    below = child_level(head_level)
    seq = [(head_level, head)] + [(below, k) for k in _children(dataset, head_level, head)]
    i = next((n for n, (_, k) in enumerate(seq) if k == here), 0)
    n = len(seq)
    return Steps(prev=_path(*seq[(i - 1) % n]) if n > 1 else None,
                 next=_path(*seq[(i + 1) % n]) if n > 1 else None,
                 up=_up(dataset, view), down=_down(dataset, view), index=i + 1, count=n)


def _up(dataset: LoadedDataset, view: View) -> str | None:
    """The parent area's slide (the kecamatan of a selected desa; none above the dataset)."""
    if view.selected:
        return _path("kecamatan", view.kode)
    if view.level is None or (view.level, view.kode) == (dataset.root.level, dataset.root.kode):
        return None
    parent = parent_level(view.level)
    return _path(parent, view.kode[: CODE_LEN[parent]] if parent else "")


def _down(dataset: LoadedDataset, view: View) -> str | None:
    """The first area just below (a kecamatan's first desa)."""
    if view.selected:
        return None
    kids = _children(dataset, view.level, view.kode)
    return _path(child_level(view.level), kids[0]) if kids else None


@dataclass(frozen=True)
class Slide:
    """Everything one slide shows (``route.view`` is ``None`` when the path is not an area)."""

    lang: str
    route: Route
    title: str
    subtitle: str
    period: str
    sources: list[str]
    style: MapStyle | None
    top_title: str
    top: pd.DataFrame | None
    error: str | None
    steps: Steps | None
    exit_path: str


def slide(computed, dataset: LoadedDataset, settings: DashboardSettings,
          pathname: str | None, hash_: str | None) -> Slide:
    """The slide of a presentation path and the map page's hash.

    ``computed`` is the app's :class:`~dashboard.model.cache.Computed` (the same classified
    indicators and rankings the map page uses).
    """
    state = read_hash(hash_)
    lang = lang_or_default(state.get("l") or settings.lang)
    path = map_path(pathname)
    exit_path = path + ("#" + hash_.lstrip("#") if hash_ and hash_.lstrip("#") else "")
    text = dataset_text(dataset, lang)
    r = route(dataset, path)
    if r.view is None:
        return Slide(lang, r, text.title, t("notice.not_found", lang), text.subtitle,
                     text.footer[:-1], None, "", None, None, None, "/")
    view = r.view
    style = map_style(computed, dataset, settings, path, state.get("i"), state.get("s"),
                      _int(state.get("k")), tab=None, rank=None, rank_view=None,
                      rank_sort=None, rank_sel=None, lang=lang)
    top, error = _top(computed, dataset, view, state, lang)
    title = area_name(dataset, view)
    if view.level == "kecamatan":
        title = f"{t('level.kecamatan', lang)} {title}"
    if view.selected:
        title = f"{dataset.name('desa', view.selected)} · {title}"
    sub = t("present.map_of", lang, indicator=style.legend.title if style.legend else "",
            unit=t(f"level.{view.unit}", lang).lower())
    return Slide(lang, r, title, sub,
                 text.subtitle, text.footer, style,
                 t("present.top", lang, area=area_name(dataset, view)), top, error,
                 steps(dataset, view), exit_path)


def _top(computed, dataset: LoadedDataset, view: View, state: dict,
         lang: str) -> tuple[pd.DataFrame | None, str | None]:
    """The area's top-10 ranked desa with the hash's weights (or the error saying why none)."""
    asked = {"w": state["w"], "n": state.get("n"), "kel": state.get("kel") == "1"} \
        if state.get("w") else None
    rank_state, _ = computed.rank_state(dataset, asked)
    try:
        result = computed.ranked(dataset, View(view.level, view.kode, "desa"), rank_state)
    except InputError as err:
        return None, err.en_msg if lang == "en" else err.id_msg
    return rank_rows(result, top=TOP), None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


__all__ = ["PREFIX", "Slide", "Steps", "map_path", "present_path", "read_hash",
           "slide", "steps"]
