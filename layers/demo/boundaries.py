"""``make_boundaries``: the desa polygons, names and codes of the synthetic Kabupaten Contoh."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from layers.demo.layout import (CANONICAL_COLUMNS, KODE_KAB, KODE_PROV, NAMA_KAB,
                                NAMA_KEC_KOTA, NAMA_PROV)
from layers.demo.tessellation import (draw_outline, group_kecamatan, rook_adjacency,
                                      seed_points, voronoi_cells, warp_cells)
from layers.demo.words import PLANTED, PREFIXES, STANDALONE, SUFFIXES

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd


def make_boundaries(*, seed: int = 2026, n_kec: int = 12, n_desa: int = 250) -> gpd.GeoDataFrame:
    """Irregular, seamless desa polygons of the synthetic Kabupaten Contoh (99.01).

    A Voronoi tessellation of jittered, centre-dense seed points is clipped to a wobbly
    kabupaten outline around 111.0-111.6 E, 7.0-7.5 S, then warped by a smooth displacement
    field (a bijection, so the coverage stays seamless) and snapped to 1e-6 degrees.
    Kecamatan are contiguous groups of desa grown from k-means seeds; the central one,
    ``Kota Contoh``, holds the kelurahan (``1xxx``), all others are desa (``2xxx``).

    Names are generated Javanese-style combinations, unique within a kecamatan except the
    deliberate cases: direction-word twins (``Karangrejo`` / ``Karangrejo Lor``,
    ``Sumbersari`` / ``Sumbersari Kidul``), a numeral twin (``Sidomulyo I`` / ``II``), a
    near pair (``Sidorejo`` / ``Sidoharjo``) and ``Wonorejo`` in two kecamatan.

    Parameters
    ----------
    seed
        Random seed; the same seed gives the same polygons, names and codes.
    n_kec, n_desa
        Number of kecamatan (>= 3) and desa/kelurahan (>= 4 per kecamatan).

    Returns
    -------
    geopandas.GeoDataFrame
        Canonical columns of docs/architecture.md (undotted codes, ``jenis``, ``luas_km2`` in
        EPSG:6933), EPSG:4326, sorted by ``kode_desa``.
    """
    import shapely

    if n_kec < 3 or n_desa < 4 * n_kec:
        raise ValueError("make_boundaries needs n_kec >= 3 and n_desa >= 4 * n_kec")
    rng = np.random.default_rng([seed, 1])
    outline = draw_outline(rng)
    points = seed_points(rng, outline, n_desa)
    cells = warp_cells(voronoi_cells(points, outline), rng)
    if not bool(shapely.coverage_is_valid(cells)):  # pragma: no cover - safety net
        cells = np.asarray(shapely.coverage_clean(cells))
    xy = shapely.get_coordinates(shapely.point_on_surface(cells))
    union = shapely.coverage_union_all(cells)
    centre = shapely.get_coordinates(shapely.centroid(union))[0]
    adjacency = rook_adjacency(cells)
    kec_of, kec_centres = group_kecamatan(xy, adjacency, n_kec, centre)
    is_kel = _kelurahan(xy, kec_of, centre, n_desa)
    names = _synthetic_names(rng, kec_of, xy, adjacency, n_kec, is_kel)
    kec_names = _kecamatan_names(names, kec_of, xy, kec_centres, n_kec)
    return _assemble_boundaries(cells, names, is_kel, kec_of, kec_names, xy)


def _kelurahan(xy: np.ndarray, kec_of: np.ndarray, centre: np.ndarray, n_desa: int) -> np.ndarray:
    """The kelurahan: the members of the central kecamatan nearest ``centre`` (about 12 in 250,
    always leaving two desa)."""
    n_kel = min(max(1, round(12 * n_desa / 250)), int((kec_of == 0).sum()) - 2)
    members0 = np.flatnonzero(kec_of == 0)
    near = members0[np.argsort(((xy[members0] - centre) ** 2).sum(1), kind="stable")]
    is_kel = np.zeros(len(xy), bool)
    is_kel[near[:n_kel]] = True
    return is_kel


def _adjacent_pairs(members: np.ndarray, adjacency: list[list[int]],
                    used: set[int]) -> list[tuple[int, int]]:
    """Pairs of neighbouring desa among ``members``, neither of them ``used`` yet."""
    mem = set(members.tolist())
    return [(i, j) for i in sorted(mem) for j in adjacency[i]
            if j in mem and i < j and i not in used and j not in used]


def _synthetic_names(rng: np.random.Generator, kec_of: np.ndarray, xy: np.ndarray,
                     adjacency: list[list[int]], n_kec: int, is_kel: np.ndarray) -> list[str]:
    """Javanese-style desa names, unique in the kabupaten except the planted cases."""
    combos = [p + s for p in PREFIXES for s in SUFFIXES if p.lower() != s]
    pool = sorted(set(combos + list(STANDALONE)) - set(PLANTED))
    pool = [pool[i] for i in rng.permutation(len(pool))]
    n = len(kec_of)
    if n > len(pool):
        extra = [f"{p}{s}" for p in STANDALONE for s in SUFFIXES]
        pool += [x for x in extra if x not in pool]
    names = pool[:n]
    others = [k for k in rng.permutation(np.arange(1, n_kec)).tolist()]
    used: set[int] = set(np.flatnonzero(is_kel).tolist())

    def plant_pair(k: int, first: str, second: str, second_north: bool | None) -> None:
        pairs = _adjacent_pairs(np.flatnonzero(kec_of == k), adjacency, used)
        a, b = pairs[int(rng.integers(len(pairs)))]
        if second_north is not None and (xy[b, 1] > xy[a, 1]) != second_north:
            a, b = b, a
        names[a], names[b] = first, second
        used.update((a, b))

    cycle = [others[i % len(others)] for i in range(6)]
    plant_pair(cycle[0], "Karangrejo", "Karangrejo Lor", True)
    plant_pair(cycle[1], "Sumbersari", "Sumbersari Kidul", False)
    plant_pair(cycle[2], "Sidomulyo I", "Sidomulyo II", None)
    plant_pair(cycle[3], "Sidorejo", "Sidoharjo", None)
    for k in (cycle[4], cycle[5] if cycle[5] != cycle[4] else others[0]):
        members = [i for i in np.flatnonzero(kec_of == k).tolist() if i not in used]
        i = members[int(rng.integers(len(members)))]
        names[i] = "Wonorejo"
        used.add(i)
    return names


def _kecamatan_names(names: list[str], kec_of: np.ndarray, xy: np.ndarray, centres: np.ndarray,
                     n_kec: int) -> list[str]:
    """The central kecamatan is Kota Contoh; others take the name of their central desa."""
    out = [NAMA_KEC_KOTA]
    for k in range(1, n_kec):
        members = np.flatnonzero(kec_of == k)
        order = members[np.argsort(((xy[members] - centres[k]) ** 2).sum(1), kind="stable")]
        for i in order:
            nm = names[i]
            if " " not in nm and nm not in PLANTED and nm not in out:
                out.append(nm)
                break
        else:  # pragma: no cover
            out.append(f"Contoh {k}")
    return out


def _assemble_boundaries(cells, names, is_kel, kec_of, kec_names, xy) -> gpd.GeoDataFrame:
    """Codes (alphabetical within kecamatan, kelurahan 1xxx first), BPS codes, areas."""
    import geopandas as gpd

    n_kec = len(kec_names)
    kec_order = sorted(range(n_kec), key=lambda k: kec_names[k].upper())
    kec_code = {k: f"{KODE_KAB}{r + 1:02d}" for r, k in enumerate(kec_order)}
    kec_x = np.array([xy[kec_of == k, 0].mean() for k in range(n_kec)])
    west_to_east = np.argsort(kec_x, kind="stable")
    kec_bps = {int(k): f"{10 * (r + 1):03d}" for r, k in enumerate(west_to_east)}
    kode = [""] * len(names)
    bps = [""] * len(names)
    for k in range(n_kec):
        members = np.flatnonzero(kec_of == k).tolist()
        kel = sorted((i for i in members if is_kel[i]), key=lambda i: (names[i].upper(), i))
        des = sorted((i for i in members if not is_kel[i]), key=lambda i: (names[i].upper(), i))
        for r, i in enumerate(kel):
            kode[i] = f"{kec_code[k]}1{r + 1:03d}"
        for r, i in enumerate(des):
            kode[i] = f"{kec_code[k]}2{r + 1:03d}"
        north_first = sorted(members, key=lambda i: (-xy[i, 1], i))
        for r, i in enumerate(north_first):
            bps[i] = f"{KODE_KAB}{kec_bps[k]}{r + 1:03d}"
    gdf = gpd.GeoDataFrame({
        "kode_desa": kode,
        "nama_desa": names,
        "jenis": np.where(is_kel, "kelurahan", "desa"),
        "kode_kec": [kec_code[k] for k in kec_of],
        "nama_kec": [kec_names[k] for k in kec_of],
        "kode_kab": KODE_KAB,
        "nama_kab": NAMA_KAB,
        "kode_prov": KODE_PROV,
        "nama_prov": NAMA_PROV,
        "kode_desa_bps": bps,
    }, geometry=list(cells), crs="EPSG:4326")
    gdf["luas_km2"] = (gdf.geometry.to_crs("EPSG:6933").area / 1e6).round(4)
    gdf = gdf.sort_values("kode_desa", kind="stable").reset_index(drop=True)
    return gdf[list(CANONICAL_COLUMNS)]


