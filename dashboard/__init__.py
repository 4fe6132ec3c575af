"""Prioritas Desa dashboard: a Dash app over a dataset directory made by ``layers``.

The only package of the project that imports dash. :func:`create_app` loads a dataset once
(:class:`dashboard.store.Store`) and returns the Dash app; its Flask ``server`` is what
gunicorn serves. With a dataset store (``settings.store_dir``) the dataset is the store's
current version and the import page (:mod:`dashboard.importing`, ``/impor``) can publish and
switch versions while the app runs (:class:`dashboard.live.LiveStore`).
"""

from __future__ import annotations

from pathlib import Path

from .settings import DashboardSettings, from_env

ASSETS = Path(__file__).resolve().parent / "assets"
#: id of the header link to the import page
IMPORT_LINK = "pd-import-link"


def create_app(settings: DashboardSettings | None = None, *, store=None):
    """Build the app for one dataset, or for the current version of a dataset store.

    Parameters
    ----------
    settings
        Data directory or store, tiles, language, defaults (:mod:`dashboard.settings`).
        With ``store_dir`` set, the store is recovered (imports interrupted by a crash are
        removed), seeded with ``data_dir`` when it has no version, and its current version
        is served; without it, ``data_dir`` is served read-only and import is disabled.
    store
        An already loaded :class:`~dashboard.store.Store` (tests share one); with a store
        folder it must be the store's current version.

    Raises
    ------
    layers.errors.InputError
        The dataset directory or store cannot be opened (bilingual message naming the file).
    """
    import dash

    from . import callbacks, classify, server
    from .i18n import lang_or_default, t
    from .importing import ImportService, add_import_app, open_store
    from .live import LiveStore
    from .store import Store

    settings = settings or from_env()
    datasets = None
    if settings.store_dir is not None:
        datasets = open_store(settings.store_dir, seed=settings.data_dir)
        if store is None:
            store = Store.load(datasets.current_dir(), settings=settings)
    store = LiveStore(store or Store.load(settings.data_dir, settings=settings))
    classify.warm()
    lang = lang_or_default(settings.lang)
    app = dash.Dash(__name__, assets_folder=str(ASSETS), serve_locally=True,
                    title=t("app.title", lang), update_title=None,
                    suppress_callback_exceptions=False, compress=False)
    app.enable_dev_tools(debug=False, dev_tools_ui=False, dev_tools_props_check=False,
                         dev_tools_hot_reload=False, dev_tools_disable_version_check=True)
    app.layout = lambda: _layout(store, settings, lang)
    callbacks.register(app, store, settings)
    _import_link_callback(app)
    server.add_routes(app.server, store, tile_dir=settings.tile_dir)
    service = ImportService(datasets, store, settings)
    add_import_app(app.server, service, lang=lang)
    server.add_gzip(app.server)
    app.server.config["PD_STORE"] = store
    app.server.config["PD_IMPORT"] = service
    return app


def _layout(store, settings: DashboardSettings, lang: str):
    """The map page for the dataset served now (built per page load: a published import shows
    at the next load), with the link to the import page in the header."""
    from .components.map import map_panel
    from .components.shell import indicator_options, page
    from .i18n import t

    current = store.current if hasattr(store, "current") else store
    root = current.root
    ind = current.default_indicator
    labels = {r.get("register"): current.register_label(r.get("register"), lang)
              for r in current.registers()}
    credit = (current.meta.get("batas_wilayah") or {}).get("file") or ""
    layout = page(
        lang=lang, title=str((current.meta.get("wilayah") or {}).get("nama") or ""),
        subtitle="", indicator=ind.kolom if ind else None,
        options=indicator_options(current.indicators, lang=lang, register_labels=labels),
        scheme=settings.default_scheme, k=settings.default_k,
        map_panel=map_panel(bounds=current.bounds(root.level, root.kode),
                            tile_url=settings.tile_url, attribution=settings.tile_attribution,
                            boundary_credit=t("map.boundaries", lang, file=credit)
                            if credit else ""),
        footer=[], sort={"col": "nilai", "desc": True})
    return with_import_link(layout, lang)


def with_import_link(layout, lang: str):
    """Put the "Impor data" link into the page header (beside the language switch), or on top
    of the page when the shell has no header."""
    from dash import html

    from . import ids
    from .importing import PREFIX
    from .i18n import t

    link = html.A(html.Span(t("nav.import", lang), id=ids.text("nav.import")),
                  href=PREFIX + ("#l=en" if lang == "en" else ""), id=IMPORT_LINK,
                  className="pd-unit-link pd-import-link")
    header = _find(layout, "pd-header")
    if header is None:
        layout.children = [link] + list(layout.children or [])
        return layout
    target = _find(header, "pd-lang") or header
    children = target.children if isinstance(target.children, list) else [target.children]
    target.children = [link] + [c for c in children if c is not None]
    return layout


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


def _import_link_callback(app) -> None:
    """The import link carries the language chosen on the map page."""
    from dash import Input, Output

    from . import ids

    app.clientside_callback(
        "function (lang) { return '/impor/' + (lang === 'en' ? '#l=en' : ''); }",
        Output(IMPORT_LINK, "href"), Input(ids.LANG, "value"))


__all__ = ["create_app", "DashboardSettings", "from_env"]
