"""Label placement for the static maps: every area gets its name, no two label boxes overlap.

Rules, in order, for each area (areas are tried smallest first, so the crowded ones choose
first): the name at the largest of ``sizes`` that fits at one of a few positions around the
anchor (a point inside the polygon) without touching the frame edge, another label or an
obstacle; failing every size, a number (``1``, ``2``, ...) near the anchor, with the name in a
key printed beside the map. Coordinates are points from the frame's lower-left corner; widths
come from the bundled font (:func:`layers.reports.fonts.text_width`), so the boxes are the ones
the PNG and the PDF draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layers.reports.fonts import text_width

#: label sizes tried, in points, largest first
SIZES = (7.0, 6.0, 5.0)
#: size of a numbered label
NUMBER_SIZE = 5.5
#: box height per point of font size (DejaVu Sans ascent + descent)
LINE = 1.2
#: room kept between a label and the frame edge, in points
EDGE = 2.0


@dataclass(frozen=True)
class Label:
    """One placed label: ``text`` (the name, or its number) centred on ``x, y``."""

    key: str
    name: str
    text: str
    x: float
    y: float
    size: float
    width: float
    height: float
    number: int | None = None
    anchor: tuple[float, float] = (0.0, 0.0)

    @property
    def box(self) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)`` of the label box."""
        return (self.x - self.width / 2, self.y - self.height / 2,
                self.x + self.width / 2, self.y + self.height / 2)


class _Boxes:
    """Placed boxes, checked for overlap in one vectorised step."""

    def __init__(self, obstacles=()):
        self.boxes = np.zeros((0, 4))
        for b in obstacles:
            self.add(b)

    def free(self, box) -> bool:
        if not len(self.boxes):
            return True
        b = self.boxes
        hit = (b[:, 0] < box[2]) & (b[:, 2] > box[0]) & (b[:, 1] < box[3]) & (b[:, 3] > box[1])
        return not bool(hit.any())

    def add(self, box) -> None:
        self.boxes = np.vstack([self.boxes, np.asarray(box, dtype=float)[None, :]])


def _candidates(x: float, y: float, w: float, h: float, reach: int = 1):
    """Centres to try around an anchor: on it, then above, below, beside, diagonal; ``reach``
    adds rings further out (used for numbers)."""
    yield x, y
    for r in range(1, reach + 1):
        dy, dx = h * r, (w / 2 + 2) * r
        for cx, cy in ((x, y + dy), (x, y - dy), (x + dx, y), (x - dx, y), (x + dx, y + dy),
                       (x - dx, y + dy), (x + dx, y - dy), (x - dx, y - dy)):
            yield cx, cy


def _inside(box, width: float, height: float) -> bool:
    return box[0] >= EDGE and box[1] >= EDGE and box[2] <= width - EDGE and box[3] <= height - EDGE


def _try(placed: _Boxes, key, name, text, anchor, size, frame, reach, number=None):
    w, h = text_width(text, size) + 2, size * LINE
    for cx, cy in _candidates(anchor[0], anchor[1], w, h, reach):
        lab = Label(key, name, text, cx, cy, size, w, h, number, anchor)
        if _inside(lab.box, *frame) and placed.free(lab.box):
            placed.add(lab.box)
            return lab
    return None


def place_labels(items, width: float, height: float, *, sizes=SIZES, obstacles=(),
                 allow_numbers: bool = True) -> list[Label]:
    """Place one label per item; numbered labels for those whose name does not fit.

    Parameters
    ----------
    items
        ``(key, name, (x, y), room)`` per area: ``room`` orders the areas (smallest first).
    width, height
        The frame, in points.
    obstacles
        Boxes ``(x0, y0, x1, y1)`` no label may touch (legend, north arrow, scale bar).
    allow_numbers
        ``False``: a name that fits nowhere is left out (a view with many areas, no key).

    Returns
    -------
    list[Label]
        In the order of ``items``; numbered labels carry ``number`` (1, 2, ... in that order).
    """
    frame = (width, height)
    placed = _Boxes(obstacles)
    order = sorted(range(len(items)), key=lambda i: (items[i][3], str(items[i][0])))
    found: dict[int, Label] = {}
    for size in sizes:  # every name at the largest size first, then smaller for the rest
        for i in order:
            if i not in found:
                key, name, anchor, _ = items[i]
                lab = _try(placed, key, name, str(name), anchor, size, frame, reach=1)
                if lab is not None:
                    found[i] = lab
    if allow_numbers:
        number = 0
        for i in range(len(items)):
            if i in found:
                continue
            number += 1
            key, name, anchor, _ = items[i]
            lab = _try(placed, key, name, str(number), anchor, NUMBER_SIZE, frame, reach=12,
                       number=number)
            if lab is not None:
                found[i] = lab
    return [found[i] for i in range(len(items)) if i in found]


def overlaps(labels) -> list[tuple[str, str]]:
    """Pairs of label keys whose boxes overlap (empty when the placement is right)."""
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            p, q = a.box, b.box
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]:
                out.append((a.key, b.key))
    return out
