"""The static map, drawn offline with matplotlib (no tiles, no browser, no network).

:func:`map_data` prepares the areas of a map (projected to metres, classed, coloured);
:func:`draw_map` draws them into a matplotlib axes of a given size in points: the class
colours (missing values white and hatched), the area borders, the highlighted area, a scale bar,
a north arrow, and every area's name placed by :func:`layers.reports.labels.place_labels`.
With ``text=False`` the names are returned instead of drawn, for the PDF to set them as text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from layers.fmt import angka
from layers.reports.fonts import font_path
from layers.reports.labels import Label, place_labels

#: outline of the areas, the missing-value hatch and the highlighted area
EDGE_COLOUR, MISSING_HATCH, HIGHLIGHT = "#4d4d4d", "////", "#000000"
#: fill of areas outside the area of the map (neighbours for context)
CONTEXT_FILL = "#eeeeee"
#: a value hidden by small-count suppression: light grey, dotted (not missing, not zero)
SUPPRESSED_FILL, SUPPRESSED_HATCH = "#d9d9d9", "...."


@dataclass
class MapData:
    """What one map shows: ``shapes`` (GeoDataFrame in metres with ``key`` and ``name``), the
    class index of each shape (``-1`` = missing, ``-2`` = context only), the class colours."""

    shapes: object
    index: np.ndarray
    colours: list[str]
    highlight: str | None = None


@dataclass
class DrawnMap:
    """What :func:`draw_map` placed: labels (points from the frame's lower-left corner)."""

    width: float
    height: float
    labels: list[Label] = field(default_factory=list)


def map_data(frame, key: str, name: str, index, colours, *, highlight=None) -> MapData:
    """Project the areas of ``frame`` (EPSG:4326) to their UTM zone and keep code and name."""
    gdf = frame[[key, name, "geometry"]].rename(columns={key: "key", name: "name"})
    gdf = gdf.to_crs(utm_crs(gdf.total_bounds))
    return MapData(gdf.reset_index(drop=True), np.asarray(index, dtype=int), list(colours),
                   highlight)


def utm_crs(bounds) -> str:
    """The WGS 84 / UTM zone of the centre of ``bounds`` (lon/lat), e.g. ``EPSG:32749``.

    >>> utm_crs((111.2, -7.2, 111.6, -6.9))
    'EPSG:32749'
    """
    lon, lat = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
    zone = min(int((lon + 180) // 6) + 1, 60)
    return f"EPSG:{(32700 if lat < 0 else 32600) + zone}"


def _fit(bounds, width: float, height: float, pad: float = 0.04):
    """Scale (points per metre) and origin so the bounds fill the frame, centred."""
    minx, miny, maxx, maxy = bounds
    dx, dy = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
    s = min(width / (dx * (1 + 2 * pad)), height / (dy * (1 + 2 * pad)))
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return s, cx - width / (2 * s), cy - height / (2 * s)


def draw_map(ax, data: MapData, width: float, height: float, *, text: bool = True,
             lang: str = "id", numbers: bool = True) -> DrawnMap:
    """Draw ``data`` into ``ax`` (which spans ``width`` x ``height`` points) and label it."""
    s, x0, y0 = _fit(data.shapes.total_bounds, width, height)
    ax.set_xlim(x0, x0 + width / s)
    ax.set_ylim(y0, y0 + height / s)
    ax.set_aspect("equal")
    ax.set_axis_off()
    _fill(ax, data)
    obstacles = [_scale_bar(ax, s, x0, y0, width, lang), _north_arrow(ax, s, x0, y0, width,
                                                                      height, lang)]
    pts = data.shapes.geometry.representative_point()
    items = [(r.key, r.name, ((p.x - x0) * s, (p.y - y0) * s), a * s * s)
             for r, p, a in zip(data.shapes.itertuples(), pts, data.shapes.area)]
    labels = place_labels(items, width, height, obstacles=obstacles, allow_numbers=numbers)
    if text:
        draw_labels(ax, labels, s, x0, y0)
    else:
        _leaders(ax, labels, s, x0, y0)
    return DrawnMap(width, height, labels)


def _fill(ax, data: MapData) -> None:
    """One collection per kind of fill (classed, context, missing, suppressed), edges drawn with
    the fill; the highlighted area's outline on top."""
    shapes, idx = data.shapes, data.index
    classed = idx >= 0
    if classed.any():
        shapes[classed].plot(ax=ax, color=[data.colours[i] for i in idx[classed]],
                             edgecolor=EDGE_COLOUR, linewidth=0.5)
    for sel, style in ((idx == -2, {"color": CONTEXT_FILL, "edgecolor": "#9a9a9a"}),
                       (idx == -1, {"facecolor": "white", "edgecolor": "#8c8c8c",
                                    "hatch": MISSING_HATCH}),
                       (idx == -3, {"facecolor": SUPPRESSED_FILL, "edgecolor": "#6b6b6b",
                                    "hatch": SUPPRESSED_HATCH})):
        if sel.any():
            shapes[sel].plot(ax=ax, linewidth=0.4, **style)
    if data.highlight is not None:
        hl = shapes[shapes["key"] == data.highlight]
        if len(hl):
            hl.boundary.plot(ax=ax, color=HIGHLIGHT, linewidth=2.0)


def _font(size: float, bold: bool = False):
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(font_path(bold)), size=size)


def nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 x 10^n not above ``metres``.

    >>> nice_length(3700), nice_length(740)
    (2000.0, 500.0)
    """
    e = 10 ** math.floor(math.log10(metres))
    return float(max(m * e for m in (1, 2, 5) if m * e <= metres))


def _scale_bar(ax, s, x0, y0, width, lang):
    """A two-segment scale bar at the lower left; its box in points."""
    from matplotlib.patches import Rectangle

    length = nice_length(width * 0.22 / s)
    bx, by, bh = 10.0, 12.0, 3.0
    for i, colour in enumerate(("black", "white")):
        ax.add_patch(Rectangle((x0 + (bx + i * length * s / 2) / s, y0 + by / s),
                               length / 2, bh / s, facecolor=colour, edgecolor="black",
                               linewidth=0.6, zorder=5))
    km = length / 1000
    ax.text(x0 + bx / s, y0 + (by - 2) / s, "0", fontproperties=_font(6), ha="center",
            va="top", zorder=5)
    ax.text(x0 + (bx + length * s) / s, y0 + (by - 2) / s,
            f"{angka(km, 0 if km >= 1 else 1, lang=lang)} km", fontproperties=_font(6),
            ha="center", va="top", zorder=5)
    return (bx - 4, by - 10, bx + length * s + 18, by + bh + 2)


def _north_arrow(ax, s, x0, y0, width, height, lang):
    """A north arrow at the upper right; its box in points."""
    from matplotlib.patches import Polygon

    cx, top = width - 16.0, height - 10.0
    tri = [(cx, top - 4), (cx - 5, top - 20), (cx, top - 16), (cx + 5, top - 20)]
    ax.add_patch(Polygon([(x0 + x / s, y0 + y / s) for x, y in tri], closed=True,
                         facecolor="black", edgecolor="black", zorder=5))
    ax.text(x0 + cx / s, y0 + (top - 2) / s, "U" if lang == "id" else "N",
            fontproperties=_font(8, bold=True), ha="center", va="bottom", zorder=5)
    return (cx - 8, top - 22, cx + 8, top + 10)


def draw_labels(ax, labels, s, x0, y0) -> None:
    """Names (or numbers) on a white, half-transparent box, with a leader line when moved."""
    _leaders(ax, labels, s, x0, y0)
    for lab in labels:
        ax.text(x0 + lab.x / s, y0 + lab.y / s, lab.text, fontproperties=_font(lab.size),
                ha="center", va="center_baseline", zorder=7,
                bbox={"facecolor": "white", "alpha": 0.6, "edgecolor": "none", "pad": 0.4})


def _leaders(ax, labels, s, x0, y0) -> None:
    for lab in labels:
        ax_, ay = lab.anchor
        if math.hypot(lab.x - ax_, lab.y - ay) > lab.height:
            ax.plot([x0 + ax_ / s, x0 + lab.x / s], [y0 + ay / s, y0 + lab.y / s],
                    color="#333333", linewidth=0.4, zorder=6)


def render_png(data: MapData, width: float, height: float, *, dpi: int = 200,
               text: bool = True, lang: str = "id") -> tuple[bytes, DrawnMap]:
    """The map alone as a PNG of ``width`` x ``height`` points (labels drawn or returned)."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width / 72, height / 72), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    drawn = draw_map(ax, data, width, height, text=text, lang=lang)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue(), drawn
