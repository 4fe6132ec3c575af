"""Every setting of the dashboard, in one place; read once at start, then frozen.

Settings come from arguments (``app.py --data --store --host --port --tiles``) or the
environment (``PRIORITAS_DATA``, ``PRIORITAS_STORE``, ``PRIORITAS_TILES``, ``PRIORITAS_LANG``),
in that order of precedence.

Two ways to serve data:

- a **dataset store** (``store_dir``; ``app.py`` uses ``var/`` in the repository by default):
  the app serves the store's current version (the committed demo is published into an empty
  store first) and the import page (``/impor``) can publish new versions;
- one **dataset directory** given explicitly (``data_dir`` with ``store_dir=None``, i.e.
  ``app.py --data DIR`` or ``PRIORITAS_DATA``): served read-only, the import page is disabled.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from layers.settings import DEFAULT as LAYER_DEFAULTS

#: the committed demo dataset, relative to the repository
DEMO_DATA = Path(__file__).resolve().parents[1] / "data" / "demo"
#: the dataset store ``app.py`` uses when neither ``--data`` nor ``--store`` is given (git-ignored)
DEFAULT_STORE = Path(__file__).resolve().parents[1] / "var"

#: OpenStreetMap's standard tiles (online use only; the app works without tiles)
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
#: Indonesia's time zones (hours ahead of UTC): times shown to users are in one of them
TIMEZONES = {"WIB": 7, "WITA": 8, "WIT": 9}


def local_time(stamp: str | None, zone: str = "WIB") -> str:
    """A UTC time stamp (``2026-11-25T10:42:47Z``) as wall-clock time in ``zone``.

    >>> local_time("2026-11-25T10:42:47Z", "WIB")
    '2026-11-25 17:42 WIB'
    >>> local_time("2026-11-25T20:00:00Z", "WIT")
    '2026-11-26 05:00 WIT'
    >>> local_time(None)
    '–'
    """
    from datetime import datetime, timedelta, timezone

    if not stamp:
        return "–"
    try:
        when = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return str(stamp)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    hours = TIMEZONES.get(zone, TIMEZONES["WIB"])
    local = when.astimezone(timezone(timedelta(hours=hours)))
    return f"{local:%Y-%m-%d %H:%M} {zone if zone in TIMEZONES else 'WIB'}"


@dataclass(frozen=True)
class DashboardSettings:
    """Settings of one app instance.

    Attributes
    ----------
    data_dir
        Dataset directory made by ``python -m layers build`` (default: the demo). Served
        read-only when ``store_dir`` is ``None``; with a store it is the dataset published into
        the store when the store has no version yet.
    store_dir
        Dataset store (:class:`layers.store.DatasetStore`): versions, the one being served,
        imports being checked, the name mapping. ``None``: no store, no import page.
    max_upload_bytes
        Largest import accepted from the browser (all files together; the request limit is
        4/3 of it plus a margin, for base64).
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
    timezone
        Time zone of the times shown to users: ``WIB`` (UTC+7, default), ``WITA`` (UTC+8) or
        ``WIT`` (UTC+9) (:data:`TIMEZONES`; environment ``PRIORITAS_TZ``).
    """

    data_dir: Path = DEMO_DATA
    store_dir: Path | None = None
    max_upload_bytes: int = LAYER_DEFAULTS.max_upload_bytes
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
    timezone: str = "WIB"

    def __post_init__(self):
        if self.timezone not in TIMEZONES:
            raise ValueError(f"timezone was {self.timezone!r} but is expected to be one of "
                             f"{list(TIMEZONES)}")

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
    """Settings from the environment, then ``overrides`` (``None`` values are ignored).

    A dataset directory given explicitly (``data_dir`` override or ``PRIORITAS_DATA``) is served
    read-only: it turns the store off unless ``store_dir`` is given as an override too.
    """
    values: dict = {}
    if os.environ.get("PRIORITAS_STORE"):
        values["store_dir"] = Path(os.environ["PRIORITAS_STORE"])
    if os.environ.get("PRIORITAS_DATA"):
        values["data_dir"] = Path(os.environ["PRIORITAS_DATA"])
        values.pop("store_dir", None)
    if os.environ.get("PRIORITAS_TILES"):
        values["tiles"] = os.environ["PRIORITAS_TILES"]
    if os.environ.get("PRIORITAS_TZ", "").upper() in TIMEZONES:
        values["timezone"] = os.environ["PRIORITAS_TZ"].upper()
    if os.environ.get("PRIORITAS_LANG") in ("id", "en"):
        values["lang"] = os.environ["PRIORITAS_LANG"]
    given = {k: v for k, v in overrides.items() if v is not None}
    if "data_dir" in given and "store_dir" not in given:
        values.pop("store_dir", None)
    values.update(given)
    for key in ("data_dir", "store_dir"):
        if key in values:
            values[key] = Path(values[key])
    return DashboardSettings(**values)


def for_app(**overrides) -> DashboardSettings:
    """Settings of ``app.py`` (and ``gunicorn app:server``): :func:`from_env`, with the
    default store (``var/``) when neither a dataset directory nor a store was given."""
    settings = from_env(**overrides)
    explicit = overrides.get("data_dir") is not None or bool(os.environ.get("PRIORITAS_DATA"))
    if settings.store_dir is None and not explicit:
        settings = replace(settings, store_dir=DEFAULT_STORE)
    return settings
