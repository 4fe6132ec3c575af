"""The map page's layout: the shell of :mod:`dashboard.components.shell` for the dataset served
now, with the link to the import page in its header."""

from __future__ import annotations

from dash import html

from dashboard import ids
from dashboard.components.map import map_panel
from dashboard.components.shell import page
from dashboard.i18n import t
from dashboard.model.page import indicator_menu
from dashboard.pages.impor import PREFIX
from dashboard.settings import DashboardSettings


def layout(served, settings: DashboardSettings, lang: str):
    """The map page for the dataset served now (``served``: a
    :class:`~dashboard.served.ServedDataset` or a loaded dataset), with the link to the
    import page in the header."""
    current = getattr(served, "current", served)
    ind = current.default_indicator
    credit = (current.meta.get("batas_wilayah") or {}).get("file") or ""
    shell = page(
        lang=lang, title=str((current.meta.get("wilayah") or {}).get("nama") or ""),
        subtitle="", indicator=ind.kolom if ind else None,
        options=indicator_menu(current, lang),
        scheme=settings.default_scheme, k=settings.default_k,
        map_panel=map_panel(bounds=current.bounds(current.root.level, current.root.kode),
                            tile_url=settings.tile_url, attribution=settings.tile_attribution,
                            boundary_credit=t("map.boundaries", lang, file=credit)
                            if credit else ""),
        footer=[], sort={"col": "nilai", "desc": True})
    return with_import_link(shell, lang)


def with_import_link(shell, lang: str):
    """Put the "Impor data" link into the page header (beside the language switch), or on top
    of the page when the shell has no header."""
    link = html.A(html.Span(t("nav.import", lang), id=ids.text("nav.import")),
                  href=PREFIX + ("#l=en" if lang == "en" else ""), id=ids.IMPORT_LINK,
                  className="pd-unit-link pd-import-link")
    header = _find(shell, "pd-header")
    if header is None:
        shell.children = [link] + list(shell.children or [])
        return shell
    target = _find(header, "pd-lang") or header
    children = target.children if isinstance(target.children, list) else [target.children]
    present = html.A(html.Span(t("present.link", lang), id=ids.text("present.link")),
                     href="/presentasi/", id=ids.PRESENT_LINK,
                     className="pd-unit-link pd-present-link")
    target.children = [present, link] + [c for c in children if c is not None]
    return shell


def _find(component, class_name: str):
    """The first component under ``component`` (itself included) with ``class_name``."""
    if class_name in str(getattr(component, "className", "") or "").split():
        return component
    children = getattr(component, "children", None)
    if not isinstance(children, (list, tuple)):
        children = [children]
    for child in children:
        if hasattr(child, "children") or hasattr(child, "className"):
            found = _find(child, class_name)
            if found is not None:
                return found
    return None
