"""The bundled Unicode font (DejaVu Sans, shipped inside matplotlib) and its text widths.

The map, its labels and the PDF use the same font file, so a label measured here takes the
same room in the PNG and in the PDF, and any name (Latin, Arabic-Pegon diacritics, symbols)
prints without a missing-glyph box.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def font_path(bold: bool = False) -> Path:
    """Path of DejaVu Sans (regular or bold) as shipped by matplotlib."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


@lru_cache(maxsize=None)
def _metrics(bold: bool) -> tuple[dict[int, int], int, int]:
    """Advance width per code point, the default advance and units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path(bold)), lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {cp: hmtx[glyph][0] for cp, glyph in cmap.items()}
    return widths, hmtx[".notdef"][0], font["head"].unitsPerEm


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of ``text`` set in DejaVu Sans at ``size`` points, in points (no kerning).

    >>> round(text_width("Blora", 10), 1)
    26.0
    """
    widths, default, upm = _metrics(bold)
    return sum(widths.get(ord(ch), default) for ch in str(text)) * size / upm
