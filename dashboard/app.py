"""The Dash app: the map page and the import page over the dataset served."""

from __future__ import annotations

from pathlib import Path

from dashboard.settings import DashboardSettings, from_env

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(settings: DashboardSettings | None = None, *, dataset=None):
    """Build the app for one dataset, or for the current version of a dataset store.

    Parameters
    ----------
    settings
        Data directory or store, tiles, language, defaults (:mod:`dashboard.settings`).
        With ``store_dir`` set, the store is recovered (imports interrupted by a crash are
        removed), seeded with ``data_dir`` when it has no version, and its current version
        is served; without it, ``data_dir`` is served read-only and import is disabled.
    dataset
        An already loaded :class:`~dashboard.dataset.LoadedDataset` (tests share one); with a
        store folder it must be the store's current version.

    Raises
    ------
    layers.errors.InputError
        The dataset directory or store cannot be opened (bilingual message naming the file).
    """
    from dashboard import server
    from dashboard.i18n import lang_or_default
    from dashboard.model import classify
    from dashboard.model.impor import ImportService
    from dashboard.pages import peta
    from dashboard.pages.impor import add_import_app
    from dashboard.pages.presentasi import add_presentation_app

    settings = settings or from_env()
    datasets, served = _serve(settings, dataset)
    classify.warm()
    lang = lang_or_default(settings.lang)
    app = _dash_app(lang)
    app.layout = lambda: peta.layout(served, settings, lang)
    peta.register(app, served, settings)
    add_presentation_app(app.server, served, settings, lang=lang)
    server.add_routes(app.server, served, tile_dir=settings.tile_dir)
    service = ImportService(datasets, served, settings)
    add_import_app(app.server, service, lang=lang)
    server.add_gzip(app.server)
    app.server.config["PD_DATASET"] = served
    app.server.config["PD_IMPORT"] = service
    return app


def _serve(settings: DashboardSettings, dataset):
    """The dataset store (``None`` without one) and the dataset served: its current version,
    or the read-only dataset directory."""
    from dashboard.dataset import LoadedDataset
    from dashboard.model.impor import open_store
    from dashboard.served import ServedDataset

    datasets = None
    if settings.store_dir is not None:
        datasets = open_store(settings.store_dir, seed=settings.data_dir)
        if dataset is None:
            dataset = LoadedDataset.load(datasets.current_dir(), settings=settings)
    served = ServedDataset(dataset or LoadedDataset.load(settings.data_dir, settings=settings))
    return datasets, served


def _dash_app(lang: str):
    """The map page's Dash app, served offline (no CDN, no dev tools)."""
    import dash

    from dashboard.i18n import t

    app = dash.Dash("dashboard", assets_folder=str(ASSETS), serve_locally=True,
                    title=t("app.title", lang), update_title=None,
                    suppress_callback_exceptions=False, compress=False)
    app.enable_dev_tools(debug=False, dev_tools_ui=False, dev_tools_props_check=False,
                         dev_tools_hot_reload=False, dev_tools_disable_version_check=True)
    return app
