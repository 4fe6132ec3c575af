"""The map image of a view (level + area + indicator + scheme + k): a PNG (or SVG) with the
title, legend, source, period and date burnt in, >= 1,650 px wide (A4 width at 200 dpi)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from layers.reports.content import area_title, resolve_area
from layers.reports.kecamatan import date_text
from layers.reports.maps import MapOptions, classed, indicator_of

#: A4 width in inches and the resolution: 8.27 x 200 = 1,654 px
WIDTH_IN, DPI = 8.27, 200


@dataclass
class MapImage:
    """The image bytes and where its legend swatches are (pixel centres, class colour)."""

    data: bytes
    swatches: list[tuple[int, int, str]]
    width: int
    height: int


def map_image(data, area: str, *, level: str | None = None, options: MapOptions = MapOptions(),
              fmt: str = "png") -> MapImage:
    """The map of the child areas of ``area`` (desa of a kecamatan; with ``level="desa"`` the
    desa of a kabupaten; kecamatan of a kabupaten by default) classed by the indicator."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from layers.reports.mapfig import _font, draw_map

    lvl, code, name = resolve_area(data, area)
    child = level or ("desa" if lvl in ("kec", "desa") else "kec")
    col = indicator_of(data, options, None) if options.indicator else _first(data)
    if child == "kec":
        frame = data.kecamatan[data.kecamatan["kode_kab"] == code[:4]]
    else:
        frame = data.desa[data.desa[f"kode_{'kec' if lvl == 'desa' else lvl}"] ==
                          (code[:6] if lvl == "desa" else code)]
    mapdata, leg = classed(frame, col, data.meta, options, key=f"kode_{child}",
                           name=f"nama_{child}", highlight=code if lvl == "desa" else None,
                           pattern=data.pattern, level="desa" if child == "desa" else "kecamatan")
    h_in = WIDTH_IN * 0.78
    fig = Figure(figsize=(WIDTH_IN, h_in), dpi=DPI)
    FigureCanvasAgg(fig)
    map_w, map_h = WIDTH_IN * 0.70, h_in * 0.80
    ax = fig.add_axes((0.02, 0.09, 0.70, 0.80))
    draw_map(ax, mapdata, map_w * 72, map_h * 72, lang=options.lang, numbers=len(frame) <= 60)
    lang = options.lang
    fig.text(0.02, 0.965, f"{leg.title}: {area_title(lvl, code, name, lang)}",
             fontproperties=_font(12, bold=True), va="top")
    words = (("Periode", "Sumber", "Dibuat") if lang == "id" else ("Period", "Source", "Made"))
    fig.text(0.02, 0.025, f"{words[0]} {data.period} · {words[1]}: {data.sources(lang)} · "
             f"{words[2]} {date_text(data.today, lang)} · Prioritas Desa",
             fontproperties=_font(7), va="bottom")
    swatches = _legend(fig, leg)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=DPI)
    w, h = fig.canvas.get_width_height()
    return MapImage(buf.getvalue(), [(int(x * w), int((1 - y) * h), c) for x, y, c in swatches],
                    w, h)


def _first(data) -> str:
    from layers.ranking import default_spec

    import pandas as pd

    spec = default_spec(data.meta, pd.DataFrame(data.desa.drop(columns="geometry")))
    return spec.used[0]


def _legend(fig, leg) -> list[tuple[float, float, str]]:
    """Swatches and class bounds at the right; centres (figure fraction) and colours."""
    from matplotlib.patches import Rectangle

    from layers.reports.legend import SUPPRESSED
    from layers.reports.mapfig import (MISSING_HATCH, SUPPRESSED_FILL, SUPPRESSED_HATCH,
                                       _font)

    x, y = 0.75, 0.86
    import textwrap

    fig.text(x, y + 0.02, textwrap.fill(leg.title, 30), fontproperties=_font(8, bold=True),
             va="bottom")
    out = []
    for colour, text in leg.entries:
        plain = colour not in (None, SUPPRESSED)
        face = colour if plain else SUPPRESSED_FILL if colour else "white"
        hatch = None if plain else SUPPRESSED_HATCH if colour else MISSING_HATCH
        fig.add_artist(Rectangle((x, y - 0.035), 0.04, 0.03, facecolor=face, edgecolor="#4d4d4d",
                                 hatch=hatch, transform=fig.transFigure))
        fig.text(x + 0.05, y - 0.02, textwrap.fill(text, 26), fontproperties=_font(8),
                 va="center")
        if plain:
            out.append((x + 0.02, y - 0.02, colour))
        y -= 0.045
    return out
