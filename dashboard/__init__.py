"""Prioritas Desa dashboard: a Dash app over a dataset directory made by ``layers``.

The only package of the project that imports dash. :func:`create_app` loads a dataset once
(:class:`dashboard.store.Store`) and returns the Dash app; its Flask ``server`` is what
gunicorn serves.
"""

from __future__ import annotations

from pathlib import Path

from .settings import DashboardSettings, from_env

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(settings: DashboardSettings | None = None, *, store=None):
    """Build the app for one dataset.

    Parameters
    ----------
    settings
        Data directory, tiles, language, defaults (:mod:`dashboard.settings`).
    store
        An already loaded :class:`~dashboard.store.Store` (tests share one).

    Raises
    ------
    layers.errors.InputError
        The dataset directory cannot be opened (bilingual message naming the file).
    """
    import dash

    from . import callbacks, classify, server
    from .components.map import map_panel
    from .components.shell import indicator_options, page
    from .i18n import lang_or_default, t
    from .live import LiveStore
    from .store import Store

    settings = settings or from_env()
    store = LiveStore(store or Store.load(settings.data_dir, settings=settings))
    classify.warm()
    lang = lang_or_default(settings.lang)
    app = dash.Dash(__name__, assets_folder=str(ASSETS), serve_locally=True,
                    title=t("app.title", lang), update_title=None,
                    suppress_callback_exceptions=False, compress=False)
    app.enable_dev_tools(debug=False, dev_tools_ui=False, dev_tools_props_check=False,
                         dev_tools_hot_reload=False, dev_tools_disable_version_check=True)
    root = store.root
    ind = store.default_indicator
    labels = {r.get("register"): store.register_label(r.get("register"), lang)
              for r in store.registers()}
    credit = (store.meta.get("batas_wilayah") or {}).get("file") or ""
    app.layout = page(
        lang=lang, title=str((store.meta.get("wilayah") or {}).get("nama") or ""),
        subtitle="", indicator=ind.kolom if ind else None,
        options=indicator_options(store.indicators, lang=lang, register_labels=labels),
        scheme=settings.default_scheme, k=settings.default_k,
        map_panel=map_panel(bounds=store.bounds(root.level, root.kode),
                            tile_url=settings.tile_url, attribution=settings.tile_attribution,
                            boundary_credit=t("map.boundaries", lang, file=credit)
                            if credit else ""),
        footer=[], sort={"col": "nilai", "desc": True})
    callbacks.register(app, store, settings)
    server.add_routes(app.server, store, tile_dir=settings.tile_dir)
    server.add_gzip(app.server)
    app.server.config["PD_STORE"] = store
    return app


__all__ = ["create_app", "DashboardSettings", "from_env"]
