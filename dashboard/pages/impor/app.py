"""Mounting the import page: a second Dash app on the map app's Flask server, under ``/impor/``."""

from __future__ import annotations

import secrets
from pathlib import Path

#: where the page is served (Flask redirects ``/impor`` here)
PREFIX = "/impor/"
ASSETS = Path(__file__).resolve().parent / "assets"
#: the map page's stylesheet (type, colours): the import page's own one only adds to it
BASE_STYLESHEET = "/assets/pd.css"
#: request size allowed above the upload limit (base64 is 4/3 of the bytes, plus the JSON)
REQUEST_MARGIN = 1024 * 1024


def add_import_app(server, service, *, lang: str = "id"):
    """Mount the import page on ``server`` (the map app's Flask server).

    Parameters
    ----------
    server
        The Flask server of the map app.
    service
        The import service (:class:`dashboard.model.impor.service.ImportService`; its
        ``datasets`` is ``None`` when import is disabled).
    lang
        Language shown first.

    Returns
    -------
    dash.Dash
        The import page's app (its callbacks live under ``/impor/_dash-update-component``).
    """
    import dash
    from flask import redirect

    from dashboard.i18n import lang_or_default, t
    from dashboard.pages.impor import callbacks
    from dashboard.pages.impor.layout import page
    from dashboard.pages.impor.versions import serving_text

    lang = lang_or_default(lang)
    app = dash.Dash("dashboard.pages.impor", server=server, url_base_pathname=PREFIX,
                    assets_folder=str(ASSETS), serve_locally=True,
                    external_stylesheets=[BASE_STYLESHEET],
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
