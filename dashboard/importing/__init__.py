"""The import page (``/impor``): upload, check, resolve names, publish, switch versions.

A second Dash app mounted on the dashboard's Flask server under ``/impor/``, so the map page
keeps its own router and callbacks untouched. It works over a
:class:`layers.datasets.DatasetStore` (``settings.store_dir``) through
:class:`~dashboard.importing.service.ImportService`:

1. **Upload**: a boundary file and one or more household files (or zips); each is decoded,
   size-checked and sniffed by content (:func:`layers.importer.sniff_upload`), its register
   layout detected (:meth:`layers.importer.ImportSession.inspect`) and shown, or the
   bilingual reason it was refused. The data period is entered (``YYYY-MM``).
2. **Build and check**: the build runs in a thread (progress bar polled every 0.4 s; the page
   and the map stay usable); its check report is shown: rows read, duplicates, rejected rows
   with reasons (download of all of them, nothing personal), match rates, kecamatan with no
   rows, indicators that cannot be computed and why.
3. **Resolve names**: every name to review with its candidates (same parent area, scores) as
   radio buttons and "not in this area"; "Simpan & bangun ulang" writes the choices into the
   store's ``mapping.csv`` (the file ``python -m layers build --mapping`` reads) and builds
   again from the de-personalised households kept by the importer.
4. **Publish**: the checked build becomes the version served (atomic rename + pointer flip in
   the store; then the dataset is loaded and swapped into the app's
   :class:`~dashboard.live.LiveStore`). Earlier versions are listed; any can be served again
   or deleted.

Raw uploads live in this process's memory until their build starts, and on disk only inside
the importer's private folder during the build, deleted in a ``finally``. Logs carry counts,
file names and codes only.

With ``settings.store_dir = None`` (``app.py --data DIR``) the page only explains that import
is disabled.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from .service import ImportService, open_store

#: where the page is served (Flask redirects ``/impor`` here)
PREFIX = "/impor/"
ASSETS = Path(__file__).resolve().parent / "assets"
#: request size allowed above the upload limit (base64 is 4/3 of the bytes, plus the JSON)
REQUEST_MARGIN = 1024 * 1024

__all__ = ["ImportService", "PREFIX", "add_import_app", "open_store"]


def add_import_app(server, service: ImportService, *, lang: str = "id"):
    """Mount the import page on ``server`` (the map app's Flask server).

    Parameters
    ----------
    server
        The Flask server of the map app.
    service
        The import service (its ``datasets`` is ``None`` when import is disabled).
    lang
        Language shown first.

    Returns
    -------
    dash.Dash
        The import page's app (its callbacks live under ``/impor/_dash-update-component``).
    """
    import dash
    from flask import redirect

    from ..i18n import lang_or_default, t
    from . import callbacks
    from .layout import page, serving_text

    lang = lang_or_default(lang)
    app = dash.Dash("dashboard.importing", server=server, url_base_pathname=PREFIX,
                    assets_folder=str(ASSETS), serve_locally=True,
                    title=f"{t('import.title', lang)} · {t('app.title', lang)}",
                    update_title=None, suppress_callback_exceptions=False, compress=False)
    app.enable_dev_tools(debug=False, dev_tools_ui=False, dev_tools_props_check=False,
                         dev_tools_hot_reload=False, dev_tools_disable_version_check=True)

    def layout():
        return page(lang=lang, enabled=service.enabled, max_bytes=service.max_bytes,
                    area=serving_text(service.live, lang), client=secrets.token_hex(12))

    app.layout = layout
    callbacks.register(app, service)
    server.add_url_rule(PREFIX.rstrip("/"), "pd_impor_redirect",
                        lambda: redirect(PREFIX, code=308))
    limit = service.max_bytes * 4 // 3 + REQUEST_MARGIN
    server.config["MAX_CONTENT_LENGTH"] = max(server.config.get("MAX_CONTENT_LENGTH") or 0, limit)
    return app

