"""The geometry of the synthetic kabupaten: a warped Voronoi tessellation grouped into kecamatan.

Every step draws from the generator it is given, in a fixed order, so the same seed gives the
same polygons.
"""

from __future__ import annotations

import numpy as np


def draw_outline(rng: np.random.Generator):
    """A wobbly, star-shaped kabupaten outline (simple polygon) around 111.3 E, 7.25 S."""
    import shapely

    theta = np.linspace(0.0, 2 * np.pi, 240, endpoint=False)
    r = np.ones_like(theta)
    for k in range(2, 8):
        amp = rng.uniform(0.015, 0.07) / np.sqrt(k - 1)
        r += amp * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    r = np.clip(r, 0.7, 1.3)
    x = 111.3 + 0.27 * r * np.cos(theta)
    y = -7.25 + 0.22 * r * np.sin(theta)
    return shapely.Polygon(np.column_stack([x, y]))


def seed_points(rng: np.random.Generator, outline, n: int) -> np.ndarray:
    """Seed points inside ``outline``, denser near the centre, relaxed twice towards centroids."""
    import shapely

    shapely.prepare(outline)
    minx, miny, maxx, maxy = outline.bounds
    cx, cy = outline.centroid.x, outline.centroid.y
    chunks, total = [], 0
    while total < n:
        x = rng.uniform(minx, maxx, 8 * n)
        y = rng.uniform(miny, maxy, 8 * n)
        w = 1.0 + 4.0 * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * 0.045 ** 2))
        keep = shapely.contains_xy(outline, x, y) & (rng.random(8 * n) < w / 5.0)
        chunk = np.column_stack([x[keep], y[keep]])
        chunks.append(chunk)
        total += len(chunk)
    pts = np.concatenate(chunks)[:n]
    for _ in range(2):
        cells = voronoi_cells(pts, outline)
        cen = shapely.get_coordinates(shapely.centroid(cells))
        pts = pts + 0.6 * (cen - pts)
    return pts


def voronoi_cells(points: np.ndarray, outline) -> np.ndarray:
    """Voronoi cells of ``points`` (in input order) clipped to ``outline``."""
    import shapely

    vor = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=outline, ordered=True)
    cells = shapely.intersection(shapely.get_parts(vor), outline)
    return np.array([_polygonal(c) for c in cells], dtype=object)


def _polygonal(geom):
    """Keep only the polygonal parts of a geometry (one Polygon or a MultiPolygon)."""
    import shapely

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = [q for p in parts for q in shapely.get_parts(p)]
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def warp_cells(cells: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Bend straight Voronoi edges with a smooth displacement field, then snap to 1e-6 deg.

    Every coordinate goes through the same function, so shared edges stay shared; the
    displacement's Jacobian has norm < 1, so the map is injective and no overlaps appear.
    """
    import shapely

    dense = shapely.segmentize(cells, 0.003)
    # four long waves (gradient 0.1 each) and three short ones (0.06 each): every row of the
    # displacement Jacobian has norm <= 0.58, its Frobenius norm <= 0.82 < 1
    lam = np.concatenate([rng.uniform(0.06, 0.18, size=(2, 4)),
                          rng.uniform(0.025, 0.05, size=(2, 3))], axis=1)
    slope = np.array([0.1] * 4 + [0.06] * 3)
    n_waves = lam.shape[1]
    ang = rng.uniform(0, 2 * np.pi, size=(2, n_waves))
    phase = rng.uniform(0, 2 * np.pi, size=(2, n_waves))
    k = 2 * np.pi / lam
    amp = slope[None, :] / k

    def displace(coords: np.ndarray) -> np.ndarray:
        x, y = coords[:, 0], coords[:, 1]
        out = coords.copy()
        for axis in range(2):
            d = np.zeros_like(x)
            for w in range(n_waves):
                arg = k[axis, w] * (np.cos(ang[axis, w]) * x + np.sin(ang[axis, w]) * y)
                d += amp[axis, w] * np.sin(arg + phase[axis, w])
            out[:, axis] += d
        return out

    warped = shapely.transform(dense, displace)
    return np.asarray(shapely.set_precision(warped, 1e-6))


def rook_adjacency(cells: np.ndarray) -> list[list[int]]:
    """Rook adjacency (a shared edge of positive length) between cells."""
    import shapely

    tree = shapely.STRtree(cells)
    left, right = tree.query(cells, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    shared = shapely.length(shapely.intersection(cells[left], cells[right]))
    adj: list[list[int]] = [[] for _ in range(len(cells))]
    for a, b, s in zip(left.tolist(), right.tolist(), shared.tolist()):
        if s > 1e-7:
            adj[a].append(b)
            adj[b].append(a)
    return [sorted(a) for a in adj]


def group_kecamatan(xy: np.ndarray, adjacency: list[list[int]], n_kec: int,
                    centre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Contiguous kecamatan: k-means seeds, then balanced region growing over adjacency.

    Kecamatan 0 is the central one (grown from the desa nearest ``centre``).
    """
    first = int(np.argmin(((xy - centre) ** 2).sum(1)))
    centres = _kmeans_centres(xy, first, n_kec)
    kec_of = _grow_regions(xy, adjacency, centres, first)
    for k in range(n_kec):
        centres[k] = xy[kec_of == k].mean(0)
    return kec_of, centres


def _kmeans_centres(xy: np.ndarray, first: int, n_kec: int) -> np.ndarray:
    """Farthest-point seeds from ``first``, moved by 12 k-means steps (centre 0 stays put)."""
    seeds = [first]
    dist = ((xy - xy[first]) ** 2).sum(1)
    for _ in range(n_kec - 1):
        nxt = int(np.argmax(dist))
        seeds.append(nxt)
        dist = np.minimum(dist, ((xy - xy[nxt]) ** 2).sum(1))
    centres = xy[seeds].copy()
    for _ in range(12):
        lab = np.argmin(((xy[:, None, :] - centres[None, :, :]) ** 2).sum(2), axis=1)
        for k in range(1, n_kec):
            if (lab == k).any():
                centres[k] = xy[lab == k].mean(0)
    return centres


def _grow_regions(xy: np.ndarray, adjacency: list[list[int]], centres: np.ndarray,
                  first: int) -> np.ndarray:
    """Kecamatan index of every desa: the smallest region takes its nearest free neighbour."""
    n_kec = len(centres)
    kec_of = np.full(len(xy), -1)
    taken: list[int] = []
    for k in range(n_kec):
        d = ((xy - centres[k]) ** 2).sum(1)
        d[taken] = np.inf
        s = first if k == 0 else int(np.argmin(d))
        kec_of[s] = k
        taken.append(s)
    sizes = np.ones(n_kec)
    while (kec_of < 0).any():
        for k in np.lexsort((np.arange(n_kec), sizes)):
            members = np.flatnonzero(kec_of == k)
            frontier = sorted({j for i in members for j in adjacency[i] if kec_of[j] < 0})
            if frontier:
                fr = np.array(frontier)
                j = int(fr[np.argmin(((xy[fr] - centres[k]) ** 2).sum(1))])
                kec_of[j] = k
                sizes[k] += 1
                break
        else:  # pragma: no cover - the tessellation is connected
            raise RuntimeError("desa adjacency graph is not connected")
    return kec_of
