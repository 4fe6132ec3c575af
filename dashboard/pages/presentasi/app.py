"""Mounting presentation mode: a Dash app on the map app's Flask server, under ``/presentasi/``."""

from __future__ import annotations

from pathlib import Path

from dashboard.model.presentasi import PREFIX

#: the map page's assets (pd.js styles the map and handles the keys; pd.css)
ASSETS = Path(__file__).resolve().parents[2] / "assets"


def add_presentation_app(server, served, settings, *, computed=None, lang: str = "id"):
    """Mount presentation mode on ``server`` (the map app's Flask server).

    Parameters
    ----------
    served
        The dataset served (:class:`~dashboard.served.ServedDataset` or a loaded dataset).
    settings
        The app's :class:`~dashboard.settings.DashboardSettings`.
    computed
        The map page's :class:`~dashboard.model.cache.Computed` to share (a new one if
        ``None``).
    lang
        Language shown when the URL hash names none.

    Returns
    -------
    dash.Dash
        The presentation app (callbacks under ``/presentasi/_dash-update-component``).
    """
    import dash
    from flask import redirect

    from dashboard.i18n import lang_or_default, t
    from dashboard.pages.presentasi import callbacks
    from dashboard.pages.presentasi.layout import layout

    lang = lang_or_default(lang)
    app = dash.Dash("dashboard.pages.presentasi", server=server,
                    url_base_pathname=PREFIX + "/", assets_folder=str(ASSETS),
                    serve_locally=True, title=f"{t('present.link', lang)} · {t('app.title', lang)}",
                    update_title=None, suppress_callback_exceptions=False, compress=False)
    app.enable_dev_tools(debug=False, dev_tools_ui=False, dev_tools_props_check=False,
                         dev_tools_hot_reload=False, dev_tools_disable_version_check=True)
    app.layout = lambda: layout(served, settings, lang)
    callbacks.register(app, served, settings, computed=computed)
    server.add_url_rule(PREFIX, "pd_presentasi_redirect", lambda: redirect(PREFIX + "/", code=308))
    return app
