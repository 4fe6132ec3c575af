"""Every setting of the dashboard, in one place; read once at start, then frozen.

Settings come from arguments (``app.py --data --host --port --tiles``) or the environment
(``PRIORITAS_DATA``, ``PRIORITAS_TILES``, ``PRIORITAS_LANG``), in that order of precedence.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: the committed demo dataset, relative to the repository
DEMO_DATA = Path(__file__).resolve().parents[1] / "data" / "demo"

#: OpenStreetMap's standard tiles (online use only; the app works without tiles)
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"


@dataclass(frozen=True)
class DashboardSettings:
    """Settings of one app instance.

    Attributes
    ----------
    data_dir
        Dataset directory made by ``python -m layers build`` (default: the demo).
    tiles
        Background tiles: ``"none"`` (default; works offline), ``"osm"`` (OpenStreetMap, needs
        the internet), a URL template with ``{z}/{x}/{y}``, or a local folder of
        ``{z}/{x}/{y}.png`` tiles that the app serves itself (offline background).
    tile_attribution
        Attribution shown with the tiles.
    lang
        Language shown first (``id`` or ``en``).
    default_indicator
        Indicator column shown first (default: the first available in ``meta.json``).
    default_scheme, default_k
        Class scheme and number of classes shown first.
    page_size
        Rows per table page.
    simplify
        Display simplification tolerance in degrees by the level of the area in view (finer
        when zoomed into a kecamatan, coarser for a whole province).
    geobuf_precision
        Decimals of display coordinates (5 is about 1 m).
    label_max_features
        Names are drawn as map labels only when a view has at most this many shapes.
    """

    data_dir: Path = DEMO_DATA
    tiles: str = "none"
    tile_attribution: str = OSM_ATTRIBUTION
    lang: str = "id"
    default_indicator: str | None = None
    default_scheme: str = "quantiles"
    default_k: int = 5
    page_size: int = 12
    simplify: dict = field(default_factory=lambda: {
        "kecamatan": 0.0001, "kabupaten": 0.0003, "provinsi": 0.001, "nasional": 0.005})
    geobuf_precision: int = 5
    label_max_features: int = 400

    @property
    def tile_url(self) -> str | None:
        """URL template of the tiles, or ``None`` when the map has no background tiles."""
        if self.tiles in ("", "none", None):
            return None
        if self.tiles == "osm":
            return OSM_TILES
        if "{z}" in self.tiles:
            return self.tiles
        return "/_pd/tiles/{z}/{x}/{y}.png"

    @property
    def tile_dir(self) -> Path | None:
        """Local tile folder served by the app, if ``tiles`` names one."""
        if self.tiles in ("", "none", "osm", None) or "{z}" in self.tiles:
            return None
        return Path(self.tiles)


def from_env(**overrides) -> DashboardSettings:
    """Settings from the environment, then ``overrides`` (``None`` values are ignored)."""
    values: dict = {}
    if os.environ.get("PRIORITAS_DATA"):
        values["data_dir"] = Path(os.environ["PRIORITAS_DATA"])
    if os.environ.get("PRIORITAS_TILES"):
        values["tiles"] = os.environ["PRIORITAS_TILES"]
    if os.environ.get("PRIORITAS_LANG") in ("id", "en"):
        values["lang"] = os.environ["PRIORITAS_LANG"]
    values.update({k: v for k, v in overrides.items() if v is not None})
    if "data_dir" in values:
        values["data_dir"] = Path(values["data_dir"])
    return DashboardSettings(**values)
