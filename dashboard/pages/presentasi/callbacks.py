"""Callbacks of presentation mode: one server callback draws the slide of the path and hash
(:func:`dashboard.model.presentasi.slide`); the map is painted by the map page's browser-side
functions (``assets/pd.js``), and the keys are handled there too."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output

from dashboard import ids
from dashboard.model.cache import Computed
from dashboard.model.presentasi import slide
from dashboard.pages.presentasi import layout as ly


def register(app, served, settings, *, computed: Computed | None = None) -> None:
    """Attach the slide callback and the map's painting to ``app``."""
    computed = computed or Computed()
    app.clientside_callback(
        ClientsideFunction("pd", "paintChoropleth"),
        Output(ids.CHOROPLETH, "data"), Output(ids.CHOROPLETH, "hideout"),
        Input(ids.GEO_URL, "data"), Input(ids.STYLE, "data"))
    app.clientside_callback(
        ClientsideFunction("pd", "paintContext"),
        Output(ids.CONTEXT, "data"), Output(ids.CONTEXT, "hideout"),
        Input(ids.CONTEXT_GEO, "data"))

    @app.callback(*(Output(i, p) for i, p in ly.SLIDE_OUTPUTS),
                  Input(ids.LOCATION, "pathname"), Input(ids.LOCATION, "hash"))
    def on_slide(pathname, hash_):
        current = getattr(served, "current", served)
        return ly.slide_parts(slide(computed, current, settings, pathname, hash_))
