"""What the map paints for the controls: the indicator's classes, or the ranking's tiers, or the
exclusion / inclusion figure of the ranking tab; with its legend and the table's headings."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.dataset import LoadedDataset
from dashboard.i18n import t
from dashboard.model.choropleth import hideout, select, unit_of
from dashboard.model.legend import Legend, legend
from dashboard.model.rank_map import rank_map
from dashboard.model.routes import RANK_TAB
from dashboard.model.targeting import targeting_column
from dashboard.settings import DashboardSettings
from dashboard.views import View, parent_level


@dataclass(frozen=True)
class MapStyle:
    """The map's ``hideout`` (no geometry), its legend and the table's two headings."""

    hideout: dict
    legend: Legend | None
    value_head: str
    parent_head: str
    #: the rank column's heading: which rank it is (within the kecamatan, ...)
    rank_head: str = ""


def map_mode(tab, rank_view, view: View) -> str:
    """What the map shows: ``normal`` (the indicator), ``rank`` (prioritas per desa), or the
    exclusion / inclusion indicator of the ranking tab's list."""
    if tab != RANK_TAB:
        return "normal"
    if rank_view in ("eksklusi", "inklusi"):
        return rank_view
    return "rank" if view.unit == "desa" else "normal"


def map_style(computed, dataset: LoadedDataset, settings: DashboardSettings,
              pathname: str | None, kolom: str | None, scheme, k, *, tab, rank, rank_view,
              rank_sort, rank_sel, lang: str) -> MapStyle:
    """The style of the map for the page's controls (an empty ``hideout`` when the path is not
    a view). ``computed`` is the app's :class:`~dashboard.model.cache.Computed`."""
    sel = select(dataset, settings, pathname, kolom, scheme, k)
    if sel is None:
        return MapStyle({}, None, t("table.col.value", lang), t("table.col.parent", lang),
                        t("table.col.rank", lang))
    view, info = sel.view, sel.info
    unit, parent = unit_of(info, lang), parent_level(view.unit)
    heads = (f"{info.label(lang)} ({unit})" if unit else info.label(lang),
             t(f"level.{parent}", lang) if parent else "",
             t("table.col.rank_in", lang, parent=t(f"level.{parent}", lang).lower())
             if parent else t("table.col.rank", lang))
    labels = len(dataset.units(view)) <= settings.label_max_features
    mode = map_mode(tab, rank_view, view)
    if mode == "rank":
        return MapStyle(*rank_map(computed, dataset, view, rank, rank_sel, lang=lang,
                                  labels=labels), *heads)
    if mode in ("eksklusi", "inklusi"):
        info = targeting_column(dataset, kind=mode, sort_by=rank_sort) or info
    ch = computed.choropleth(dataset, view, info.kolom, sel.scheme, sel.k)
    h = hideout(ch, src=dataset.geo_url(view.unit, view.kode), unit=view.unit,
                selected=view.selected, lang=lang, labels=labels)
    h["mode"] = mode
    return MapStyle(h, legend(ch, dataset.units(view), dataset, lang=lang), *heads)
