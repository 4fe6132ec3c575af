"""The map: optional tiles, a grey context layer, the choropleth, legend and hover boxes."""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html

from dashboard import ids


def _JS(name: str) -> dict:
    """A function of ``assets/pd.js`` by name, as dash-leaflet resolves it in the browser
    (what ``dash_extensions.javascript.Namespace("pd", "map")(name)`` writes, without loading
    that package's scripts)."""
    return {"variable": f"pd.map.{name}"}


def map_panel(*, bounds: list[list[float]] | None, tile_url: str | None,
              attribution: str, boundary_credit: str) -> html.Div:
    """The map with its overlays. Shapes arrive later by URL (geobuf), colours by ``hideout``."""
    layers = []
    if tile_url:
        layers.append(dl.TileLayer(id=ids.TILES, url=tile_url, attribution=attribution,
                                   maxZoom=19))
    layers += [
        dl.Pane(name="pd-context", style={"zIndex": 350}, children=[
            dl.GeoJSON(id=ids.CONTEXT, format="geobuf", hideout={"cur": ""}, data=None,
                       style=_JS("contextStyle"), onEachFeature=_JS("contextEach"),
                       attribution=boundary_credit),
        ]),
        dl.GeoJSON(id=ids.CHOROPLETH, format="geobuf", hideout={}, data=None, style=_JS("style"),
                   onEachFeature=_JS("onEachFeature")),
        dl.ScaleControl(position="bottomright", imperial=False),
    ]
    mapc = dl.Map(id=ids.MAP, children=layers, bounds=bounds or [[-11, 95], [6, 141]],
                  zoomSnap=0.25, zoomDelta=0.5, minZoom=4, maxZoom=18, trackViewport=False,
                  attributionControl=True, className="pd-map",
                  style={"height": "100%", "width": "100%"})
    return html.Div(className="pd-mapwrap" + ("" if tile_url else " pd-notiles"), children=[
        dcc.Store(id=ids.GEO_URL), dcc.Store(id=ids.STYLE), dcc.Store(id=ids.CONTEXT_GEO),
        mapc,
        html.Div(id=ids.LEGEND, className="pd-legend", **{"aria-live": "polite"}),
        html.Div(id=ids.HOVER, className="pd-hover", style={"display": "none"}),
        html.Div(id=ids.NOTICE, className="pd-notice", style={"display": "none"}),
    ])
