"""Prioritas Desa dashboard: a Dash app over a dataset directory made by ``layers``.

The only package of the project that imports dash. :func:`~dashboard.app.create_app` loads a
dataset once (:class:`dashboard.dataset.LoadedDataset`) and returns the Dash app; its Flask
``server`` is what gunicorn serves. With a dataset store (``settings.store_dir``) the dataset
is the store's current version and the import page (:mod:`dashboard.pages.impor`,
``/impor``) can publish and switch versions while the app runs
(:class:`dashboard.served.ServedDataset`).

Modules: :mod:`dashboard.pages` (the map page and the import page: layouts and callbacks),
:mod:`dashboard.model` (pure view models), :mod:`dashboard.components` (builders of Dash
components), :mod:`dashboard.dataset` (a loaded dataset with its caches),
:mod:`dashboard.server` (geometry route, gzip), :mod:`dashboard.views` (URL paths),
:mod:`dashboard.i18n`, :mod:`dashboard.settings`, :mod:`dashboard.ids`.
"""

from dashboard.app import create_app
from dashboard.settings import DashboardSettings, from_env

__all__ = ["create_app", "DashboardSettings", "from_env"]
