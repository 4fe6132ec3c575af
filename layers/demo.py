"""The synthetic "Kabupaten Contoh": boundaries and household files with realistic mess.

Everything is drawn from ``numpy.random.default_rng`` seeded by ``seed``; nothing depends on
the clock, uuid or set order, so the same seed gives byte-identical files. All codes start with
99 (never a real province); NIK, No. KK and IDDTKS numbers start with 99 as well, also when the
households are generated over real desa (``boundaries=``).

Public API
----------
make_boundaries      irregular seamless desa polygons (Voronoi + smooth warp) in canonical columns
make_households      SIKS-NG persons, P3KE families and the true per-desa counts
write_demo_inputs    the files a user would hold: BIG boundary GeoJSON, DTKS exports in mixed
                     formats, P3KE workbooks, the correct mapping, the truth and a manifest

The mess injected (name variants, typos, ambiguous names, damaged codes, duplicates, rejected
rows, a kecamatan missing from P3KE) is recorded in the manifest so that tests of the readers,
the matcher and the build can assert on it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from layers.settings import DEFAULT, Settings

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = [
    "DemoHouseholds", "DemoManifest", "make_boundaries", "make_households", "write_demo_inputs",
    "SIKS_COLUMNS", "P3KE_COLUMNS", "TRUTH_COLUMNS",
]

# --- the synthetic kabupaten --------------------------------------------------------------------
KODE_PROV = "99"
KODE_KAB = "9901"
NAMA_PROV = "Contoh"
NAMA_KAB = "Kabupaten Contoh"
NAMA_KEC_KOTA = "Kota Contoh"
#: fixed timestamp written into workbooks and zip entries (byte-identical output)
FIXED_TIME = datetime(2026, 1, 1, 0, 0, 0)

CANONICAL_COLUMNS = (
    "kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab", "nama_kab",
    "kode_prov", "nama_prov", "kode_desa_bps", "luas_km2", "geometry",
)
SIKS_COLUMNS = (
    "IDDTKS", "PROVINSI", "KABUPATEN_KOTA", "KECAMATAN", "DESA_KELURAHAN", "ALAMAT", "DUSUN",
    "RT", "RW", "NOMOR_KK", "NOMOR_NIK", "NAMA", "TANGGAL_LAHIR", "TEMPAT_LAHIR",
    "JENIS_KELAMIN", "PEKERJAAN", "NAMA_IBU_KANDUNG", "HUBUNGAN_KELUARGA", "KETERANGAN_PADAN",
    "BANSOS_BPNT", "BANSOS_PKH", "BANSOS_BPNT_PPKM", "PBI_JKN",
)
P3KE_COLUMNS = (
    "No", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Kode Kemdagri",
    "ID Keluarga P3KE", "Kepala Keluarga", "NIK", "Tanggal Lahir", "Alamat", "Jenis Kelamin",
    "Pekerjaan", "Pendidikan", "Padan Dukcapil", "Desil Kesejahteraan", "Jenis Atap",
    "Jenis Dinding", "Jenis Lantai", "Sumber Penerangan", "Bahan Bakar Memasak",
    "Sumber Air Minum", "Memiliki Fasilitas BAB", "Penerima BPNT", "Penerima BPUM",
    "Penerima BST", "Penerima PKH", "Penerima SEMBAKO", "Resiko Stunting",
)
DTKS_TRUTH = (
    "dtks_kk_terdaftar", "dtks_jiwa_terdaftar", "dtks_kk_pkh", "dtks_kk_bpnt", "dtks_kk_pbi",
    "dtks_kk_inklusi",
)
P3KE_TRUTH = (
    "p3ke_kk_terdaftar", "p3ke_kk_desil_1", "p3ke_kk_desil_2", "p3ke_kk_desil_3",
    "p3ke_kk_desil_4", "p3ke_kk_pkh", "p3ke_kk_bpnt", "p3ke_kk_desil_1_4_tanpa_bansos",
    "p3ke_kk_inklusi",
)
TRUTH_COLUMNS = ("kode_desa",) + DTKS_TRUTH + P3KE_TRUTH

# --- word lists (Javanese-style, generated combinations; not a list of real villages) ----------
_PREFIXES = (
    "Sumber", "Karang", "Tegal", "Wono", "Sido", "Banyu", "Sendang", "Kali", "Watu", "Gunung",
    "Jati", "Candi", "Pandan", "Tanjung", "Purwo", "Suko", "Kedung", "Tambak", "Margo", "Bumi",
    "Pucang", "Mojo", "Tirto", "Bangun", "Kebon", "Ngampel", "Gedong",
)
_SUFFIXES = (
    "rejo", "sari", "anyar", "mulyo", "harjo", "agung", "asri", "kerto", "wangi", "makmur",
    "luhur", "jati", "arum", "tani", "mukti", "dadi", "rahayu", "sono",
)
_STANDALONE = (
    "Ngraho", "Ngawen", "Ngloram", "Ngrandu", "Ngumbul", "Ngelo", "Ngampon", "Nglebur",
    "Ngrejeng", "Kemiri", "Bendo", "Gondang", "Kunden", "Pelem", "Bangsri", "Jetis", "Kauman",
    "Medang", "Getas", "Nglebak", "Temuireng", "Kalangan", "Bogem", "Pojok", "Ngepung", "Klopo",
    "Dukoh", "Gempol", "Kemloko", "Mlaten", "Soko", "Punggur", "Ngrawoh", "Kradenan",
)
#: names kept out of the random pool because they are planted deliberately
_PLANTED = ("Karangrejo", "Sumbersari", "Sidomulyo", "Sidorejo", "Sidoharjo", "Wonorejo")
_DUSUN = (
    "Krajan", "Ngasem", "Kauman", "Jetis", "Gondang", "Pojok", "Ngelo", "Bendo", "Tegalan",
    "Kedungdowo", "Klampok", "Mlaten", "Banaran", "Ngrejo", "Dukuh", "Karanganyar",
    "Kebonagung", "Wangil", "Sumberan", "Ngablak",
)
_MALE_A = ("SU", "SUR", "PAR", "MAR", "WAR", "SAR", "KAS", "TAR", "JU", "SLA", "RU", "TU",
           "DAR", "SAM", "KAR", "WA", "SU", "PAI")
_MALE_B = ("MAN", "NO", "TO", "JO", "DI", "MIN", "YONO", "YADI", "WITO", "KIJO", "MADI",
           "PAN", "RDI", "MITO", "RNO")
_MALE_MODERN = ("AGUS", "BUDI", "EKO", "JOKO", "WAHYU", "ARIF", "BAMBANG", "SLAMET", "HERU",
                "ANDI", "RIZKY", "FAJAR", "DIMAS", "TEGUH", "BAYU", "YOGI", "IMAM", "AHMAD")
_FEMALE_A = ("SU", "PAR", "WAR", "KAS", "TU", "SAR", "MAR", "JUM", "SA", "SU", "RUS")
_FEMALE_B = ("MI", "TI", "NI", "YEM", "SIH", "NAH", "YATI", "RTI", "INAH", "IYAH", "WATI")
_FEMALE_MODERN = ("SITI", "SRI", "RINI", "ENDANG", "YULI", "DEWI", "RATNA", "INDAH", "FITRI",
                  "LESTARI", "PUTRI", "ANI", "NUR", "WULAN", "LINDA", "EKA")
_SECOND_M = ("SANTOSO", "WIBOWO", "SETIAWAN", "PRASETYO", "PURNOMO", "HIDAYAT", "SAPUTRA")
_SECOND_F = ("LESTARI", "RAHAYU", "HANDAYANI", "SUSANTI", "WATI", "NINGSIH", "PERTIWI")
#: names with the typographic apostrophe Excel types (U+2019, byte 0x92 in Windows-1252)
_APOSTROPHE = ("MA\u2019RUF", "NUR\u2019AINI", "MU\u2019ALIMAH", "JUM\u2019ATI", "SU\u2019UD",
               "KHOIRUN NI\u2019MAH")
_PEKERJAAN_HEAD = ("PETANI/PEKEBUN", "BURUH HARIAN LEPAS", "BURUH TANI/PERKEBUNAN",
                   "WIRASWASTA", "PEDAGANG", "KARYAWAN SWASTA", "BELUM/TIDAK BEKERJA")
_PEKERJAAN_HEAD_P = (0.3, 0.25, 0.15, 0.12, 0.08, 0.05, 0.05)
_TEMPAT_LUAR = ("SEMARANG", "SURABAYA", "JAKARTA", "SOLO", "PATI", "NGAWI")
_PENDIDIKAN = ("Tidak/Belum Sekolah", "SD/Sederajat", "SMP/Sederajat", "SMA/Sederajat")

# household programme probabilities by national desil 1..10
_P_PKH = np.array([0.42, 0.35, 0.27, 0.20, 0.10, 0.07, 0.04, 0.03, 0.02, 0.02])
_P_BPNT = np.array([0.60, 0.52, 0.44, 0.36, 0.20, 0.14, 0.08, 0.05, 0.04, 0.03])
_P_PBI = np.array([0.80, 0.75, 0.70, 0.65, 0.50, 0.40, 0.25, 0.20, 0.15, 0.10])
_P_PPKM = np.array([0.12, 0.11, 0.10, 0.09, 0.06, 0.05, 0.03, 0.02, 0.02, 0.01])
_P_BPUM = np.array([0.05, 0.06, 0.07, 0.08, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02])
_P_BST = np.array([0.14, 0.13, 0.12, 0.10, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02])
_P_SIKS = np.array([0.97, 0.97, 0.96, 0.95, 0.85, 0.80, 0.60, 0.55, 0.50, 0.45])
_SIZE_P = np.array([0.12, 0.24, 0.27, 0.22, 0.10, 0.03, 0.02])

# P3KE housing: categories and probabilities at desil 1 and desil 4 (linear in between)
_HOUSING: dict[str, tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...]]] = {
    "Jenis Atap": (("Genteng", "Seng", "Asbes", "Ijuk/Rumbia"),
                   (0.60, 0.18, 0.12, 0.10), (0.85, 0.07, 0.07, 0.01)),
    "Jenis Dinding": (("Tembok", "Kayu/Papan", "Bambu"), (0.35, 0.35, 0.30), (0.75, 0.20, 0.05)),
    "Jenis Lantai": (("Keramik", "Semen", "Tanah"), (0.10, 0.45, 0.45), (0.45, 0.45, 0.10)),
    "Sumber Penerangan": (("Listrik PLN", "Bukan Listrik"), (0.90, 0.10), (0.99, 0.01)),
    "Bahan Bakar Memasak": (("Gas", "Kayu Bakar"), (0.45, 0.55), (0.85, 0.15)),
    "Sumber Air Minum": (("Air Kemasan/Isi Ulang", "Sumur Terlindung", "Sumur Tak Terlindung",
                          "Sungai"), (0.10, 0.45, 0.30, 0.15), (0.35, 0.50, 0.13, 0.02)),
    "Memiliki Fasilitas BAB": (("Ya, Sendiri", "Ya, Bersama", "Tidak Ada"),
                               (0.50, 0.25, 0.25), (0.85, 0.10, 0.05)),
}

_N_TYPOS = 4
_N_AMBIGUOUS = 3
_N_DUP_PERSONS = 6
_N_DUP_FAMILIES = 4
_N_EMPTY_KK = 3


# =================================================================================================
# results
# =================================================================================================
@dataclass
class DemoHouseholds:
    """Synthetic register data over a set of desa, with the answer key.

    Attributes
    ----------
    siks
        One row per person as written in the DTKS files, exactly ``SIKS_COLUMNS`` (all strings;
        empty ``NOMOR_KK`` as ``""``), in file order per kecamatan, including the duplicated
        person rows and the rows without ``NOMOR_KK`` (which a reader must reject).
    p3ke
        One row per family as written in the P3KE workbooks, exactly ``P3KE_COLUMNS``, including
        duplicated families; ``Kode Kemdagri`` holds the damaged values (``str`` or ``float``)
        and ``Desil Kesejahteraan`` an ``int`` (part 1) or ``"Desil n"`` (part 2).
    truth
        One row per desa (``TRUTH_COLUMNS``, Int64): the counts a correct build with
        ``mapping`` must produce; NA for a register in a kecamatan absent from its files.
    siks_kode_desa, p3ke_kode_desa
        The true undotted desa code of every row of ``siks`` / ``p3ke`` (same index).
    p3ke_part
        Workbook part (1 or 2) of every ``p3ke`` row.
    names
        Every area name written in the SIKS files, one row per (tingkat, induk_kode,
        input_nama, kode): ``jenis`` (``persis``, ``huruf``, ``awalan``, ``spasi``,
        ``salah_ketik``, ``ambigu``), ``harapan`` (``exact``, ``exact_or_fuzzy``, ``fuzzy``,
        ``review``), ``baris`` (person rows) and ``kk`` (households after de-duplication).
    mapping
        The correct answer for every name that must be reviewed, columns
        ``tingkat, induk_kode, input_nama, kode`` (the mapping CSV of docs/architecture.md).
    per_desa
        The desa whose rows are also exported in a per-desa file: ``kode_desa`` and the
        desa name as written in that file.
    mess
        JSON-ready description of the mess injected (see ``write_demo_inputs``).
    """

    siks: pd.DataFrame
    p3ke: pd.DataFrame
    truth: pd.DataFrame
    siks_kode_desa: pd.Series
    p3ke_kode_desa: pd.Series
    p3ke_part: pd.Series
    names: pd.DataFrame
    mapping: pd.DataFrame
    per_desa: dict[str, str]
    mess: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoManifest:
    """Where ``write_demo_inputs`` put everything, and the manifest it wrote.

    Attributes
    ----------
    out_dir
        The output folder given.
    boundaries
        The boundary file to build with (``input/batas_desa.geojson`` or the file given).
    dtks_dir, p3ke_dir
        Folders holding the SIKS-NG exports and the P3KE workbooks.
    mapping, truth, manifest
        ``input/mapping_benar.csv``, ``input/kebenaran_per_desa.csv``, ``input/manifest.json``.
    data
        The manifest content (also written as JSON).
    """

    out_dir: Path
    boundaries: Path
    dtks_dir: Path
    p3ke_dir: Path
    mapping: Path
    truth: Path
    manifest: Path
    data: dict[str, Any]


# =================================================================================================
# boundaries
# =================================================================================================
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
    outline = _outline(rng)
    points = _seed_points(rng, outline, n_desa)
    cells = _warp(_voronoi_cells(points, outline), rng)
    if not bool(shapely.coverage_is_valid(cells)):  # pragma: no cover - safety net
        cells = np.asarray(shapely.coverage_clean(cells))
    xy = shapely.get_coordinates(shapely.point_on_surface(cells))
    union = shapely.coverage_union_all(cells)
    centre = shapely.get_coordinates(shapely.centroid(union))[0]
    adjacency = _adjacency(cells)
    kec_of, kec_centres = _group_kecamatan(xy, adjacency, n_kec, centre)
    n_kel = min(max(1, round(12 * n_desa / 250)), int((kec_of == 0).sum()) - 2)
    members0 = np.flatnonzero(kec_of == 0)
    near = members0[np.argsort(((xy[members0] - centre) ** 2).sum(1), kind="stable")]
    is_kel = np.zeros(len(cells), bool)
    is_kel[near[:n_kel]] = True
    names = _synthetic_names(rng, kec_of, xy, adjacency, n_kec, is_kel)
    kec_names = _kecamatan_names(names, kec_of, xy, kec_centres, n_kec)
    return _assemble_boundaries(cells, names, is_kel, kec_of, kec_names, xy)


def _outline(rng: np.random.Generator):
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


def _seed_points(rng: np.random.Generator, outline, n: int) -> np.ndarray:
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
        cells = _voronoi_cells(pts, outline)
        cen = shapely.get_coordinates(shapely.centroid(cells))
        pts = pts + 0.6 * (cen - pts)
    return pts


def _voronoi_cells(points: np.ndarray, outline) -> np.ndarray:
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


def _warp(cells: np.ndarray, rng: np.random.Generator) -> np.ndarray:
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


def _adjacency(cells: np.ndarray) -> list[list[int]]:
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


def _group_kecamatan(xy: np.ndarray, adjacency: list[list[int]], n_kec: int,
                     centre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Contiguous kecamatan: k-means seeds, then balanced region growing over adjacency.

    Kecamatan 0 is the central one (grown from the desa nearest ``centre``).
    """
    n = len(xy)
    first = int(np.argmin(((xy - centre) ** 2).sum(1)))
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
    kec_of = np.full(n, -1)
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
    for k in range(n_kec):
        centres[k] = xy[kec_of == k].mean(0)
    return kec_of, centres


def _adjacent_pairs(members: np.ndarray, adjacency: list[list[int]],
                    used: set[int]) -> list[tuple[int, int]]:
    mem = set(members.tolist())
    return [(i, j) for i in sorted(mem) for j in adjacency[i]
            if j in mem and i < j and i not in used and j not in used]


def _synthetic_names(rng: np.random.Generator, kec_of: np.ndarray, xy: np.ndarray,
                     adjacency: list[list[int]], n_kec: int, is_kel: np.ndarray) -> list[str]:
    """Javanese-style desa names, unique in the kabupaten except the planted cases."""
    combos = [p + s for p in _PREFIXES for s in _SUFFIXES if p.lower() != s]
    pool = sorted(set(combos + list(_STANDALONE)) - set(_PLANTED))
    pool = [pool[i] for i in rng.permutation(len(pool))]
    n = len(kec_of)
    if n > len(pool):
        extra = [f"{p}{s}" for p in _STANDALONE for s in _SUFFIXES]
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
            if " " not in nm and nm not in _PLANTED and nm not in out:
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


# =================================================================================================
# name normalisation and the matcher-robustness checks
# =================================================================================================
_PREFIX_RE = re.compile(r"^(DESA|KELURAHAN|KEL\.?|KEC\.?|KECAMATAN)\s+")


def _core(name: str) -> str:
    """Upper-case name without administrative prefix or punctuation, spaces collapsed."""
    s = _PREFIX_RE.sub("", " ".join(str(name).upper().split()))
    s = re.sub(r"[^A-Z0-9 ]+", " ", s)
    return " ".join(s.split())


def _scores(scorer, query: str, choices: list[str]) -> np.ndarray:
    return np.array([scorer(query, c) for c in choices], dtype=float)


def _variants(s: str) -> tuple[str, str]:
    return s, s.replace(" ", "")


def _auto_accepts(written: str, target: int, kec_cores: list[str], settings: Settings) -> bool:
    """True when every common scorer picks ``target`` clearly (score and margin with slack)."""
    from rapidfuzz import fuzz

    if len(kec_cores) < 1:
        return False
    for scorer in (fuzz.ratio, fuzz.QRatio, fuzz.WRatio, fuzz.token_sort_ratio):
        for variant in (0, 1):
            q = _variants(_core(written))[variant]
            choices = [_variants(c)[variant] for c in kec_cores]
            sc = _scores(scorer, q, choices)
            best = int(np.argmax(sc))
            second = np.sort(sc)[-2] if len(sc) > 1 else 0.0
            if best != target or sc[best] < settings.fuzzy_accept + 0.5:
                return False
            if sc[best] - second < settings.fuzzy_margin + 2:
                return False
    return True


def _needs_review(written: str, kec_cores: list[str], kab_cores: list[str], settings: Settings,
                  *, strict: bool = False) -> bool:
    """True when no exact match exists and no common scorer would accept one candidate.

    Ratio-like scorers get some slack (a candidate is "accepted" from ``fuzzy_accept - 3``
    with a margin from ``fuzzy_margin - 2``); token-set and partial scorers use the settings
    as they are. ``strict`` also requires every ratio-like score to stay below
    ``fuzzy_accept - 2``, so that a matcher which drops direction-word twins from the
    candidates still cannot accept the remaining one.
    """
    from rapidfuzz import fuzz

    core = _core(written)
    if core in kab_cores or core.replace(" ", "") in [c.replace(" ", "") for c in kab_cores]:
        return False
    ratio_like = (fuzz.ratio, fuzz.QRatio, fuzz.WRatio, fuzz.token_sort_ratio)
    for pool in (kec_cores, kab_cores):
        for scorer in ratio_like + (fuzz.token_set_ratio, fuzz.partial_ratio):
            slack = scorer in ratio_like
            for variant in (0, 1):
                q = _variants(core)[variant]
                sc = np.sort(_scores(scorer, q, [_variants(c)[variant] for c in pool]))
                best = sc[-1]
                second = sc[-2] if len(sc) > 1 else 0.0
                if strict and slack and best >= settings.fuzzy_accept - 2:
                    return False
                accept = settings.fuzzy_accept - (3 if slack else 0)
                margin = settings.fuzzy_margin - (2 if slack else 0)
                if best >= accept and best - second >= margin:
                    return False
    return True


def _split_name(name: str) -> str | None:
    """``Sambongrejo`` -> ``Sambong Rejo`` when the name ends with a known suffix."""
    if " " in name or not name.isalpha():
        return None
    low = name.lower()
    for suf in sorted(_SUFFIXES, key=len, reverse=True):
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            return f"{name[:-len(suf)]} {name[-len(suf):].capitalize()}"
    return None


_TYPO_SWAP = {"A": "O", "O": "A", "E": "I", "I": "E", "U": "O", "K": "G", "G": "K", "D": "T",
              "T": "D", "R": "L", "L": "R", "N": "M", "M": "N", "J": "Y", "Y": "J", "S": "Z",
              "B": "P", "P": "B", "H": "K", "W": "F"}


def _typo_candidates(name: str) -> list[str]:
    """One-character substitutions inside a name (upper case), middle positions first."""
    up = name.upper()
    if " " in up:
        return []
    mid = len(up) // 2
    positions = sorted(range(3, len(up) - 1), key=lambda p: (abs(p - mid), p))
    return [up[:p] + _TYPO_SWAP[up[p]] + up[p + 1:] for p in positions if up[p] in _TYPO_SWAP]


# =================================================================================================
# households
# =================================================================================================
def make_households(desa: pd.DataFrame, *, n_households: int = 6000, seed: int = 2026,
                    settings: Settings = DEFAULT) -> DemoHouseholds:
    """Synthetic SIKS-NG persons and P3KE families over ``desa``, with their mess and truth.

    A pool of ``n_households`` families is spread over the desa by a smooth random poverty
    field (a few Gaussian bumps over the desa points) and a lognormal population weight, so
    counts vary widely and poverty clusters in space. Each family gets a national desil,
    programmes, a Dukcapil match flag and 1-7 members. About 90 % of the pool is in DTKS
    (SIKS-NG export, per person); families in desil 1-4 are in P3KE (per family) except one
    kecamatan, which is missing from the P3KE files.

    Parameters
    ----------
    desa
        Canonical desa frame (``make_boundaries`` or ``boundaries.read_boundaries(...).desa``);
        uses ``kode_desa, nama_desa, jenis, kode_kec, nama_kec, nama_kab, nama_prov,
        luas_km2, geometry``.
    n_households
        Size of the family pool.
    seed
        Random seed.
    settings
        Thresholds for the truth (inclusion / exclusion desil) and the name checks.

    Returns
    -------
    DemoHouseholds
    """
    if n_households < 1:
        raise ValueError("n_households must be positive")
    rng = np.random.default_rng([seed, 2])
    g = _gazetteer(desa)
    fam = _families(g, n_households, rng)
    people = _people(fam, g, rng)
    plan = _plan_mess(g, fam, rng, settings)
    siks, siks_kode, row_kind = _siks_frame(people, fam, g, plan, rng)
    p3ke, p3ke_kode, p3ke_part, damage = _p3ke_frame(fam, people, g, plan, rng)
    truth = _truth(fam, g, plan, settings)
    names = _names_table(siks, siks_kode, row_kind, g, plan)
    mapping = names.loc[names["harapan"] == "review",
                        ["tingkat", "induk_kode", "input_nama", "kode"]]
    mess = _mess_summary(g, plan, names, row_kind, damage, p3ke, truth)
    return DemoHouseholds(
        siks=siks, p3ke=p3ke, truth=truth, siks_kode_desa=siks_kode, p3ke_kode_desa=p3ke_kode,
        p3ke_part=p3ke_part, names=names, mapping=mapping.reset_index(drop=True),
        per_desa={"kode_desa": plan["per_desa"], "input_nama": plan["per_desa_name"]}, mess=mess,
    )


def _gazetteer(desa: pd.DataFrame) -> pd.DataFrame:
    """Plain frame of the desa, sorted by code, with a point inside each polygon."""
    import shapely

    need = ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "nama_kab", "nama_prov"]
    missing = [c for c in need + ["geometry"] if c not in desa.columns]
    if missing:
        raise ValueError(f"desa frame lacks canonical columns {missing}")
    d = desa.sort_values("kode_desa", kind="stable").reset_index(drop=True)
    g = pd.DataFrame({c: d[c].astype(str).to_numpy() for c in need})
    pts = shapely.get_coordinates(shapely.point_on_surface(np.asarray(d.geometry.values)))
    g["x"], g["y"] = pts[:, 0], pts[:, 1]
    if "luas_km2" in d.columns and d["luas_km2"].notna().all():
        g["luas_km2"] = d["luas_km2"].astype(float).to_numpy()
    else:
        g["luas_km2"] = (d.geometry.to_crs("EPSG:6933").area / 1e6).to_numpy()
    return g


def _poverty_field(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A smooth field in [0, 1]: a few Gaussian bumps over the desa points."""
    x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
    diag = float(np.hypot(x1 - x0, y1 - y0)) or 1.0
    f = np.zeros_like(x)
    for _ in range(4):
        bx, by = rng.uniform(x0, x1), rng.uniform(y0, y1)
        s = rng.uniform(0.12, 0.28) * diag
        f += rng.uniform(0.5, 1.0) * np.exp(-((x - bx) ** 2 + (y - by) ** 2) / (2 * s * s))
    span = f.max() - f.min()
    return (f - f.min()) / span if span > 0 else np.zeros_like(f)


def _draw(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One categorical draw per row of ``probs`` (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None]
    return np.minimum((u > cum).sum(1), probs.shape[1] - 1)


def _families(g: pd.DataFrame, n: int, rng: np.random.Generator) -> pd.DataFrame:
    """The family pool: desa, desil, registers, programmes, Dukcapil flag, size, address."""
    nd = len(g)
    field_ = _poverty_field(g["x"].to_numpy(), g["y"].to_numpy(), rng)
    urban = (g["jenis"] == "kelurahan").to_numpy()
    pop = np.sqrt(np.maximum(g["luas_km2"].to_numpy(), 0.05)) * rng.lognormal(0, 0.5, nd)
    pop *= np.where(urban, 2.2, 1.0)
    rate = np.clip(0.12 + 0.6 * field_ - 0.1 * urban + rng.normal(0, 0.04, nd), 0.03, 0.9)
    w = pop * rate
    floor = 2 if n >= 4 * nd else 0
    counts = floor + rng.multinomial(n - floor * nd, w / w.sum())
    d_idx = np.repeat(np.arange(nd), counts)
    m = len(d_idx)
    beta = 0.02 + 0.6 * field_[d_idx] - 0.1 * urban[d_idx]
    desil_p = np.exp(-beta[:, None] * np.arange(10)[None, :])
    desil = _draw(rng, desil_p / desil_p.sum(1, keepdims=True)) + 1
    di = desil - 1
    fam = pd.DataFrame({"desa": d_idx, "desil": desil})
    fam["in_siks"] = rng.random(m) < _P_SIKS[di]
    fam["in_p3ke"] = (desil <= 4) & (rng.random(m) < 0.93)
    fam["pkh"] = rng.random(m) < _P_PKH[di]
    fam["bpnt"] = rng.random(m) < _P_BPNT[di]
    fam["ppkm"] = (rng.random(m) < _P_PPKM[di]) & (~fam["bpnt"].to_numpy() | (rng.random(m) < 0.4))
    fam["pbi"] = rng.random(m) < _P_PBI[di]
    fam["bpum"] = rng.random(m) < _P_BPUM[di]
    fam["bst"] = rng.random(m) < _P_BST[di]
    fam["sembako"] = np.where(fam["bpnt"], rng.random(m) < 0.6, rng.random(m) < 0.04)
    u = rng.random(m)
    padan = np.where(u < 0.045, "TIDAK", np.where(u < 0.065, "", "YA"))
    fam["padan"] = padan
    # a family not matched to Dukcapil never gets PBI alone: whether PBI counts as a
    # "programme" for the inclusion check then does not change the count
    lone_pbi = (padan == "TIDAK") & fam["pbi"] & ~(fam["pkh"] | fam["bpnt"] | fam["ppkm"])
    fam.loc[lone_pbi, "pbi"] = False
    fam["size"] = _draw(rng, np.tile(_SIZE_P / _SIZE_P.sum(), (m, 1))) + 1
    n_dusun = rng.integers(2, 6, nd)
    fam["rw"] = (rng.random(m) * n_dusun[d_idx]).astype(int) + 1
    fam["rt"] = rng.integers(1, 5, m)
    fam = fam.sort_values(["desa", "rw", "rt"], kind="stable").reset_index(drop=True)
    fam["dusun"] = _dusun_names(rng, n_dusun)[fam["desa"].to_numpy(), fam["rw"].to_numpy() - 1]
    kec4 = g["kode_kec"].str[2:6].to_numpy()[fam["desa"].to_numpy()]
    yy = rng.integers(2008, 2025, len(fam))
    mm = rng.integers(1, 13, len(fam))
    dd = rng.integers(1, 29, len(fam))
    stem = pd.Series([f"99{k}{a:02d}{b:02d}{c % 100:02d}" for k, a, b, c in zip(kec4, dd, mm, yy)])
    fam["kk"] = stem + (stem.groupby(stem).cumcount() + 1).map(lambda v: f"{v:04d}")
    fam["id_p3ke"] = [f"P99{k}{i:09d}" for i, k in enumerate(kec4, start=1)]
    return fam


def _dusun_names(rng: np.random.Generator, n_dusun: np.ndarray) -> np.ndarray:
    """A table desa x 5 of dusun names (2-5 used per desa, often starting with Krajan)."""
    out = np.empty((len(n_dusun), 5), dtype=object)
    others = [d for d in _DUSUN if d != "Krajan"]
    for i in range(len(n_dusun)):
        pick = [others[j] for j in rng.permutation(len(others))[:5]]
        if rng.random() < 0.65:
            pick = ["Krajan"] + pick[:4]
        out[i] = pick
    return out


def _person_names(rng: np.random.Generator, female: np.ndarray) -> list[str]:
    n = len(female)
    a_m = rng.integers(0, len(_MALE_A), n)
    b_m = rng.integers(0, len(_MALE_B), n)
    a_f = rng.integers(0, len(_FEMALE_A), n)
    b_f = rng.integers(0, len(_FEMALE_B), n)
    modern = rng.random(n) < 0.45
    mod_m = rng.integers(0, len(_MALE_MODERN), n)
    mod_f = rng.integers(0, len(_FEMALE_MODERN), n)
    second = rng.integers(0, 2 * len(_SECOND_M), n)  # the upper half: no second name
    apos = rng.random(n) < 0.02
    apos_i = rng.integers(0, len(_APOSTROPHE), n)
    out = []
    for i in range(n):
        if apos[i]:
            first = _APOSTROPHE[apos_i[i]]
        elif female[i]:
            first = (_FEMALE_MODERN[mod_f[i]] if modern[i]
                     else _FEMALE_A[a_f[i]] + _FEMALE_B[b_f[i]])
        else:
            first = (_MALE_MODERN[mod_m[i]] if modern[i]
                     else _MALE_A[a_m[i]] + _MALE_B[b_m[i]])
        pool = _SECOND_F if female[i] else _SECOND_M
        if modern[i] and not apos[i] and second[i] < len(pool):
            first = f"{first} {pool[second[i]]}"
        out.append(first)
    return out


def _people(fam: pd.DataFrame, g: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Every member of every family (SIKS uses the DTKS families, P3KE the heads)."""
    size = fam["size"].to_numpy()
    f_idx = np.repeat(np.arange(len(fam)), size)
    member = np.concatenate([np.arange(s) for s in size]) if len(size) else np.array([], int)
    n = len(f_idx)
    head_female = rng.random(len(fam)) < 0.15
    head_year = rng.integers(1950, 1996, len(fam))
    spouse = (size >= 2) & (rng.random(len(fam)) < 0.85)
    u = rng.random(n)
    role = np.where(member == 0, "KEPALA KELUARGA",
                    np.where((member == 1) & spouse[f_idx], "SPOUSE",
                             np.where(u < 0.05, "ORANG TUA", np.where(u < 0.09, "CUCU",
                                      np.where(u < 0.11, "FAMILI LAIN", "ANAK")))))
    hf = head_female[f_idx]
    female = np.where(role == "KEPALA KELUARGA", hf,
                      np.where(role == "SPOUSE", ~hf, rng.random(n) < 0.5))
    role = np.where(role == "SPOUSE", np.where(female, "ISTRI", "SUAMI"), role)
    hy = head_year[f_idx]
    year = np.select(
        [role == "KEPALA KELUARGA", np.isin(role, ("ISTRI", "SUAMI")), role == "ORANG TUA",
         role == "CUCU"],
        [hy, hy + rng.integers(-6, 7, n), hy - 22 - rng.integers(0, 12, n),
         hy + 40 + rng.integers(0, 12, n)],
        default=hy + 19 + rng.integers(0, 22, n))
    year = np.clip(year, 1930, 2024)
    month = rng.integers(1, 13, n)
    day = rng.integers(1, 29, n)
    kec4 = g["kode_kec"].str[2:6].to_numpy()[fam["desa"].to_numpy()][f_idx]
    stem = pd.Series([f"99{k}{d + 40 * int(fe):02d}{mo:02d}{y % 100:02d}"
                      for k, d, mo, y, fe in zip(kec4, day, month, year, female)])
    nik = stem + (stem.groupby(stem).cumcount() + 1).map(lambda v: f"{v:04d}")
    if (nik.str.len() != 16).any():  # pragma: no cover - > 9999 persons born the same day
        raise RuntimeError("NIK serial overflow")
    job_head = rng.choice(len(_PEKERJAAN_HEAD), n, p=_PEKERJAAN_HEAD_P)
    age = 2025 - year
    pekerjaan = np.where(
        role == "KEPALA KELUARGA", np.array(_PEKERJAAN_HEAD)[job_head],
        np.where(age < 7, "BELUM/TIDAK BEKERJA", np.where(age < 23, "PELAJAR/MAHASISWA",
                 np.where(female, "MENGURUS RUMAH TANGGA", np.array(_PEKERJAAN_HEAD)[job_head]))))
    kec_names = g["nama_kec"].str.upper().to_numpy()[fam["desa"].to_numpy()][f_idx]
    tempat_luar = np.array(_TEMPAT_LUAR)[rng.integers(0, len(_TEMPAT_LUAR), n)]
    tempat = np.where(rng.random(n) < 0.85, kec_names, tempat_luar)
    people = pd.DataFrame({
        "fam": f_idx, "member": member, "role": role, "female": female,
        "nik": nik.to_numpy(), "nama": _person_names(rng, female),
        "ibu": _person_names(rng, np.ones(n, bool)),
        "lahir": [f"{d:02d}-{mo:02d}-{y}" for d, mo, y in zip(day, month, year)],
        "lahir_iso": [f"{y}-{mo:02d}-{d:02d}" for d, mo, y in zip(day, month, year)],
        "tempat": tempat, "pekerjaan": pekerjaan,
    })
    return people


# --- the mess plan ------------------------------------------------------------------------------
def _kab_variants(nama_kab: str) -> list[str]:
    core = re.sub(r"^(KABUPATEN|KAB\.?)\s+", "", nama_kab.upper()).strip()
    if core.startswith("KOTA "):
        bare = core[5:]
        return [f"KOTA {bare}", f"Kota {bare.title()}", bare]
    return [f"KAB. {core}", f"Kabupaten {core.title()}", core, f"KABUPATEN {core}"]


def _kec_variant(rng: np.random.Generator, nama_kec: str) -> tuple[str, str]:
    kinds = ("huruf", "awalan", "awalan", "persis")
    choice = int(rng.choice(4, p=[0.5, 0.25, 0.1, 0.15]))
    written = (nama_kec.upper(), f"KEC. {nama_kec.upper()}", f"Kecamatan {nama_kec}",
               nama_kec)[choice]
    return written, kinds[choice]


def _desa_variant(rng: np.random.Generator, name: str, jenis: str, idx_in_kec: int,
                  kec_cores: list[str], settings: Settings) -> tuple[str, str]:
    """A spelling of a desa name as SIKS exports write it, and its kind."""
    kel = jenis == "kelurahan"
    u = rng.random()
    if u < 0.55:
        return name.upper(), "huruf"
    if u < 0.67:
        return name, "persis"
    if u < 0.72:
        return name.lower(), "huruf"
    if u < 0.82:
        pre = ("KEL. " if rng.random() < 0.7 else "KELURAHAN ") if kel else "DESA "
        return pre + name.upper(), "awalan"
    if u < 0.90:
        return ("Kel. " if kel else "Desa ") + name, "awalan"
    split = _split_name(name)
    if split is not None:
        written = split.upper() if rng.random() < 0.5 else split
        if _auto_accepts(written, idx_in_kec, kec_cores, settings):
            return written, "spasi"
    return name.upper(), "huruf"


def _ambiguous_candidates(g: pd.DataFrame, kec_members: dict[str, np.ndarray],
                          settings: Settings) -> dict[str, list[tuple[int, str, list[int]]]]:
    """Names that must end in the review list, by construction type.

    ``twin``: a direction-word twin cut short (``KARANGREJO L``); ``blend``: halfway between two
    close names of one kecamatan (``SIDOHREJO``); ``prefix``: the common start of two names
    (``SUMBER``). Each candidate is kept only when no exact match exists and no common fuzzy
    scorer would accept a single desa (in the kecamatan or in the whole kabupaten).
    """
    from rapidfuzz.distance import Levenshtein

    kab_cores = [_core(n) for n in g["nama_desa"]]
    out: dict[str, list[tuple[int, str, list[int]]]] = {"twin": [], "blend": [], "prefix": []}
    dirs = set(settings.direction_words)
    for kec in sorted(kec_members):
        mem = kec_members[kec].tolist()
        cores = [kab_cores[i] for i in mem]
        for a, ca in enumerate(cores):
            for b, cb in enumerate(cores):
                rest = cb[len(ca) + 1:] if cb.startswith(ca + " ") else ""
                if rest in dirs:
                    # the twin written in haste: vowels dropped, direction word cut to its
                    # initial (KARANGREJO LOR -> KARNGRJO L)
                    cands = [f"{v} {rest[0]}" for v in _vowel_drops(ca)]
                    for s in cands:
                        if _needs_review(s, cores, kab_cores, settings, strict=True):
                            out["twin"].append((mem[b], s, [mem[a], mem[b]]))
                            break
        for a in range(len(cores)):
            for b in range(a + 1, len(cores)):
                ca, cb = cores[a], cores[b]
                if " " in ca or " " in cb:
                    continue
                dist = Levenshtein.distance(ca, cb)
                if 2 <= dist <= 4:
                    ops = Levenshtein.editops(ca, cb)
                    for k in range(len(ops)):  # one edit of a towards b (a typo of a)
                        s = ops[k:k + 1].apply(ca, cb)
                        if _needs_review(s, cores, kab_cores, settings):
                            out["blend"].append((mem[a], s, [mem[a], mem[b]]))
                            break
                pre = _common_prefix(ca, cb)
                natural = pre.title() in _PREFIXES or pre.endswith(("A", "E", "I", "O", "U", "NG"))
                if (len(pre) >= 5 and natural and min(len(ca), len(cb)) >= len(pre) + 3
                        and " " not in pre):
                    if _needs_review(pre, cores, kab_cores, settings):
                        out["prefix"].append((mem[a], pre, [mem[a], mem[b]]))
    return out


def _vowel_drops(word: str) -> list[str]:
    """``word`` with one, then two interior vowels dropped (hasty abbreviations)."""
    pos = [p for p in range(2, len(word) - 1) if word[p] in "AEIOU"]
    one = [word[:p] + word[p + 1:] for p in pos]
    two = [word[:p] + word[p + 1:q] + word[q + 1:] for i, p in enumerate(pos) for q in pos[i + 1:]]
    return one + two


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _plan_mess(g: pd.DataFrame, fam: pd.DataFrame, rng: np.random.Generator,
               settings: Settings) -> dict[str, Any]:
    """Decide every deliberate defect: spellings, typos, ambiguous names, missing kecamatan."""
    kecs = sorted(g["kode_kec"].unique().tolist())
    kec_members = {k: np.flatnonzero(g["kode_kec"].to_numpy() == k) for k in kecs}
    siks_fam = fam[fam["in_siks"]]
    hh = np.bincount(siks_fam["desa"].to_numpy(), minlength=len(g))
    kab_variants = _kab_variants(g["nama_kab"].iloc[0])
    plan: dict[str, Any] = {"kecs": kecs, "kec_members": kec_members, "hh": hh}
    plan["kab_written"] = {k: kab_variants[i % len(kab_variants)] for i, k in
                           enumerate(kecs[j] for j in rng.permutation(len(kecs)))}
    plan["kec_written"] = {k: _kec_variant(rng, g.loc[kec_members[k][0], "nama_kec"])
                           for k in kecs}
    cores = {k: [_core(g.loc[i, "nama_desa"]) for i in kec_members[k]] for k in kecs}
    default: dict[int, tuple[str, str]] = {}
    for k in kecs:
        for pos, i in enumerate(kec_members[k].tolist()):
            default[i] = _desa_variant(rng, g.loc[i, "nama_desa"], g.loc[i, "jenis"], pos,
                                       cores[k], settings)
    plan["desa_default"] = default
    special: set[int] = set()
    used_kec: set[str] = set()

    # ambiguous names: one of each construction type first, then fill up
    cand = _ambiguous_candidates(g, kec_members, settings)
    ambiguous: list[dict[str, Any]] = []
    for _ in range(2):
        for kind in ("twin", "blend", "prefix"):
            if len(ambiguous) >= _N_AMBIGUOUS:
                break
            options = [c for c in cand[kind] if hh[c[0]] >= 4 and c[0] not in special
                       and g.loc[c[0], "kode_kec"] not in used_kec]
            if not options:
                continue
            target, written, near = options[int(rng.integers(len(options)))]
            ambiguous.append({"desa": target, "written": written, "konstruksi": kind,
                              "kandidat": near})
            special.add(target)
            used_kec.add(g.loc[target, "kode_kec"])
    plan["ambiguous"] = ambiguous

    # typos a careful fuzzy matcher accepts
    typos: list[dict[str, Any]] = []
    kab_cores = [_core(n) for n in g["nama_desa"]]
    order = rng.permutation(len(g)).tolist()
    for i in order:
        if len(typos) >= _N_TYPOS:
            break
        k = g.loc[i, "kode_kec"]
        name = g.loc[i, "nama_desa"]
        if i in special or hh[i] < 3 or k in used_kec or len(_core(name)) < 11:
            continue
        pos = kec_members[k].tolist().index(i)
        for t in _typo_candidates(name):
            if t in kab_cores:
                continue
            if _auto_accepts(t, pos, cores[k], settings):
                typos.append({"desa": i, "written": t})
                special.add(i)
                used_kec.add(k)
                break
    plan["typos"] = typos

    # the desa also exported alone (per-desa file): a plain one with enough households
    plain = [i for i in range(len(g)) if i not in special and hh[i] >= 8]
    if not plain:
        plain = [int(np.argmax(hh))]
    per = plain[int(rng.integers(len(plain)))]
    special.add(per)
    nm, jenis = g.loc[per, "nama_desa"], g.loc[per, "jenis"]
    plan["per_desa"] = g.loc[per, "kode_desa"]
    plan["per_desa_idx"] = per
    plan["per_desa_name"] = ("Kel. " if jenis == "kelurahan" else "Desa ") + nm
    plan["special"] = special

    # P3KE: one kecamatan missing (not the one of the per-desa file), two workbook parts
    choices = [k for k in kecs if k != g.loc[per, "kode_kec"]]
    plan["p3ke_missing"] = [choices[int(rng.integers(len(choices)))]] if len(kecs) >= 2 else []
    present = [k for k in kecs if k not in plan["p3ke_missing"]]
    half = (len(present) + 1) // 2
    plan["p3ke_part"] = {k: (1 if j < half else 2) for j, k in enumerate(present)}
    return plan


# --- SIKS ---------------------------------------------------------------------------------------
def _siks_frame(people: pd.DataFrame, fam: pd.DataFrame, g: pd.DataFrame, plan: dict[str, Any],
                rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Person rows as written, with duplicates and rows lacking NOMOR_KK inserted."""
    fam_desa = fam["desa"].to_numpy()
    # desa name written per family
    written = np.array([plan["desa_default"][d][0] for d in fam_desa], dtype=object)
    kind = np.array([plan["desa_default"][d][1] for d in fam_desa], dtype=object)
    for t in plan["typos"]:
        sel = fam_desa == t["desa"]
        written[sel], kind[sel] = t["written"], "salah_ketik"
    siks_mask = fam["in_siks"].to_numpy()
    for a in plan["ambiguous"]:
        idx = np.flatnonzero((fam_desa == a["desa"]) & siks_mask)
        k = max(1, int(round(0.5 * len(idx))))
        pick = np.sort(rng.choice(idx, size=k, replace=False))
        written[pick], kind[pick] = a["written"], "ambigu"
        a["kk"] = int(k)
    fam_written = pd.DataFrame({"desa_w": written, "kind": kind})

    p = people[fam["in_siks"].to_numpy()[people["fam"].to_numpy()]].reset_index(drop=True)
    rows = np.arange(len(p))
    # duplicated person rows: repeated right after the original
    pd_idx = plan["per_desa_idx"]
    person_desa = fam_desa[p["fam"].to_numpy()]
    eligible = np.flatnonzero(person_desa != pd_idx)
    dup = np.sort(rng.choice(eligible, size=min(_N_DUP_PERSONS, len(eligible)),
                             replace=False))
    # rows without NOMOR_KK: extra persons (not in any family) after a random row
    empty_after = np.sort(rng.choice(eligible, size=min(_N_EMPTY_KK, len(eligible)),
                                     replace=False))
    order: list[int] = []
    extra_pos = {int(r): j for j, r in enumerate(empty_after)}
    dup_set = set(dup.tolist())
    kind_row: list[str] = []
    for r in rows.tolist():
        order.append(r)
        kind_row.append("asli")
        if r in dup_set:
            order.append(r)
            kind_row.append("duplikat")
        if r in extra_pos:
            order.append(-1 - extra_pos[r])
            kind_row.append("tanpa_kk")
    n_extra = len(empty_after)
    extra_people = _people(fam.iloc[p["fam"].to_numpy()[empty_after]].assign(size=1)
                           .reset_index(drop=True), g, rng) if n_extra else p.iloc[:0]
    # make the extra NIKs distinct from every NIK drawn so far
    if n_extra:
        taken = set(p["nik"])
        niks = []
        for nk in extra_people["nik"]:
            stem, serial = nk[:12], 9999
            while f"{stem}{serial:04d}" in taken:
                serial -= 1
            taken.add(f"{stem}{serial:04d}")
            niks.append(f"{stem}{serial:04d}")
        extra_people = extra_people.assign(nik=niks, fam=p["fam"].to_numpy()[empty_after])
    order_arr = np.array(order, dtype=int)
    pos = np.where(order_arr >= 0, order_arr, len(p) + (-1 - order_arr))
    combined = pd.concat([p, extra_people], ignore_index=True)
    src_df = combined.iloc[pos].reset_index(drop=True)
    fam_of_row = src_df["fam"].to_numpy()
    fr = fam.iloc[fam_of_row].reset_index(drop=True)
    d = fr["desa"].to_numpy()
    kec = g["kode_kec"].to_numpy()[d]
    kind_arr = np.array(kind_row)
    no_kk = kind_arr == "tanpa_kk"
    yn = {True: "YA", False: "-"}
    padan_txt = _siks_padan(rng, fr["padan"].to_numpy(), fam_of_row)
    is_head = src_df["role"].to_numpy() == "KEPALA KELUARGA"
    # programme flags on every member (per household: any member); a few households flag
    # the head only
    head_only = (rng.random(len(fam)) < 0.1)[fam_of_row] & ~is_head

    def flag(col: str) -> list[str]:
        v = fr[col].to_numpy() & ~head_only
        return [yn[bool(x)] for x in v]
    siks = pd.DataFrame({
        "IDDTKS": [f"99{k[2:]}{j + 1:06d}" for k, j in zip(g["kode_desa"].to_numpy()[d], pos)],
        "PROVINSI": g["nama_prov"].str.upper().to_numpy()[d],
        "KABUPATEN_KOTA": [plan["kab_written"][k] for k in kec],
        "KECAMATAN": [plan["kec_written"][k][0] for k in kec],
        "DESA_KELURAHAN": fam_written["desa_w"].to_numpy()[fam_of_row],
        "ALAMAT": ["DSN " + s.upper() for s in fr["dusun"]],
        "DUSUN": fr["dusun"].str.upper().to_numpy(),
        "RT": [f"{v:03d}" for v in fr["rt"]],
        "RW": [f"{v:03d}" for v in fr["rw"]],
        "NOMOR_KK": np.where(no_kk, "", fr["kk"].to_numpy()),
        "NOMOR_NIK": src_df["nik"].to_numpy(),
        "NAMA": src_df["nama"].to_numpy(),
        "TANGGAL_LAHIR": src_df["lahir"].to_numpy(),
        "TEMPAT_LAHIR": src_df["tempat"].to_numpy(),
        "JENIS_KELAMIN": np.where(src_df["female"].to_numpy(bool), "PEREMPUAN", "LAKI-LAKI"),
        "PEKERJAAN": src_df["pekerjaan"].to_numpy(),
        "NAMA_IBU_KANDUNG": src_df["ibu"].to_numpy(),
        "HUBUNGAN_KELUARGA": np.where(no_kk, "KEPALA KELUARGA", src_df["role"].to_numpy()),
        "KETERANGAN_PADAN": padan_txt,
        "BANSOS_BPNT": flag("bpnt"),
        "BANSOS_PKH": flag("pkh"),
        "BANSOS_BPNT_PPKM": flag("ppkm"),
        "PBI_JKN": flag("pbi"),
    })
    siks = siks.astype(str)
    kode = pd.Series(g["kode_desa"].to_numpy()[d], name="kode_desa")
    row_kind = pd.Series(kind_arr, name="baris")
    plan["siks_fam_of_row"] = fam_of_row
    plan["siks_name_kind"] = fam_written["kind"].to_numpy()[fam_of_row]
    return siks, kode, row_kind


def _siks_padan(rng: np.random.Generator, padan: np.ndarray, fam_of_row: np.ndarray) -> np.ndarray:
    """KETERANGAN_PADAN text, the same for every member of a household."""
    style = rng.random(int(fam_of_row.max()) + 1 if len(fam_of_row) else 1) < 0.5
    yes = np.where(style[fam_of_row], "PADAN", "SUDAH PADAN")
    no = np.where(style[fam_of_row], "TIDAK PADAN", "NIK TIDAK PADAN")
    return np.where(padan == "TIDAK", no, np.where(padan == "", "", yes))


# --- P3KE ---------------------------------------------------------------------------------------
def _damage_code(rng: np.random.Generator, kode: str) -> tuple[Any, str]:
    """A Kemendagri desa code as Excel users leave it, and the kind of damage."""
    u = rng.random()
    if u < 0.64:
        return kode, "bersih"
    if u < 0.74:
        return f"{kode[:2]}.{kode[2:4]}.{kode[4:6]}.{kode[6:]}", "titik"
    if u < 0.82:
        return float(kode), "float"
    if u < 0.86:
        return f"{kode}.0", "float_teks"
    if u < 0.92:
        return "'" + kode, "apostrof"
    return f"{float(kode):.5E}", "ilmiah"


def _p3ke_frame(fam: pd.DataFrame, people: pd.DataFrame, g: pd.DataFrame, plan: dict[str, Any],
                rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Series, pd.Series, dict]:
    kec_of_fam = g["kode_kec"].to_numpy()[fam["desa"].to_numpy()]
    keep = fam["in_p3ke"].to_numpy() & ~np.isin(kec_of_fam, plan["p3ke_missing"])
    idx = np.flatnonzero(keep)
    part = np.array([plan["p3ke_part"].get(k, 1) for k in kec_of_fam[idx]], dtype=int)
    # duplicated families: half repeated in place, half again at the end of the other part
    n_dup = min(_N_DUP_FAMILIES, len(idx))
    dup = np.sort(rng.choice(len(idx), size=n_dup, replace=False)) if n_dup else np.array([], int)
    entries: list[tuple[int, int]] = []  # (family, part)
    tail: list[tuple[int, int]] = []
    parts_present = sorted(set(part.tolist()))
    for j, (f, pt) in enumerate(zip(idx.tolist(), part.tolist())):
        entries.append((f, pt))
        if j in dup[: n_dup // 2]:
            entries.append((f, pt))
        elif j in dup[n_dup // 2:]:
            other = [q for q in parts_present if q != pt]
            tail.append((f, other[0] if other else pt))
    rows = sorted(entries + tail, key=lambda e: e[1])  # stable: part 1 first, tails at the end
    fam_rows = np.array([r[0] for r in rows], dtype=int)
    part_rows = np.array([r[1] for r in rows], dtype=int)
    fr = fam.iloc[fam_rows].reset_index(drop=True)
    d = fr["desa"].to_numpy()
    heads = people[people["member"] == 0].set_index("fam")
    h = heads.loc[fam_rows]
    damaged, damage_kind = zip(*[_damage_code(rng, g["kode_desa"].iat[x]) for x in d]) if len(d) \
        else ((), ())
    no = np.zeros(len(rows), dtype=int)
    for q in parts_present:
        sel = part_rows == q
        no[sel] = np.arange(1, sel.sum() + 1)
    desil = fr["desil"].to_numpy()
    frame: dict[str, Any] = {
        "No": no.tolist(),
        "Provinsi": g["nama_prov"].str.upper().to_numpy()[d],
        "Kabupaten/Kota": g["nama_kab"].str.upper().to_numpy()[d],
        "Kecamatan": g["nama_kec"].str.upper().to_numpy()[d],
        "Desa/Kelurahan": g["nama_desa"].str.upper().to_numpy()[d],
        "Kode Kemdagri": list(damaged),
        "ID Keluarga P3KE": fr["id_p3ke"].to_numpy(),
        "Kepala Keluarga": h["nama"].to_numpy(),
        "NIK": h["nik"].to_numpy(),
        "Tanggal Lahir": h["lahir_iso"].to_numpy(),
        "Alamat": [f"DSN {s.upper()} RT {t:03d} RW {w:03d}"
                   for s, t, w in zip(fr["dusun"], fr["rt"], fr["rw"])],
        "Jenis Kelamin": np.where(h["female"].to_numpy(bool), "Perempuan", "Laki-laki"),
        "Pekerjaan": [s.title() for s in h["pekerjaan"]],
        "Pendidikan": np.array(_PENDIDIKAN)[_draw(rng, np.tile([0.15, 0.5, 0.22, 0.13],
                                                               (len(rows), 1)))],
        "Padan Dukcapil": np.where(fr["padan"].to_numpy() == "TIDAK", "TIDAK", "YA"),
        "Desil Kesejahteraan": [int(x) if q == 1 else f"Desil {int(x)}"
                                for x, q in zip(desil, part_rows)],
    }
    t = (np.clip(desil, 1, 4) - 1) / 3.0
    for col, (cats, p1, p4) in _HOUSING.items():
        probs = (1 - t)[:, None] * np.array(p1)[None, :] + t[:, None] * np.array(p4)[None, :]
        frame[col] = np.array(cats)[_draw(rng, probs / probs.sum(1, keepdims=True))]
    ya = {True: "Ya", False: "Tidak"}
    for col, src in (("Penerima BPNT", "bpnt"), ("Penerima BPUM", "bpum"), ("Penerima BST", "bst"),
                     ("Penerima PKH", "pkh"), ("Penerima SEMBAKO", "sembako")):
        frame[col] = [ya[bool(v)] for v in fr[src]]
    frame["Resiko Stunting"] = np.where(rng.random(len(rows)) < 0.12, "Ya", "Tidak")
    p3ke = pd.DataFrame(frame)[list(P3KE_COLUMNS)]
    for c in p3ke.columns:
        if c not in ("No", "Kode Kemdagri", "Desil Kesejahteraan"):
            p3ke[c] = p3ke[c].astype(str)
    p3ke["Kode Kemdagri"] = pd.Series(list(damaged), dtype=object)
    p3ke["Desil Kesejahteraan"] = pd.Series(frame["Desil Kesejahteraan"], dtype=object)
    kode = pd.Series(g["kode_desa"].to_numpy()[d], name="kode_desa")
    damage = {k: int(sum(1 for x in damage_kind if x == k))
              for k in ("bersih", "titik", "float", "float_teks", "apostrof", "ilmiah")}
    plan["p3ke_dup_rows"] = len(rows) - len(idx)
    return p3ke, kode, pd.Series(part_rows, name="bagian"), damage


# --- truth --------------------------------------------------------------------------------------
def _truth(fam: pd.DataFrame, g: pd.DataFrame, plan: dict[str, Any],
           settings: Settings) -> pd.DataFrame:
    """Per-desa counts from the family table (not from the written frames)."""
    nd = len(g)
    kec = g["kode_kec"].to_numpy()
    out = pd.DataFrame({"kode_desa": g["kode_desa"].to_numpy()})

    def count(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(fam["desa"].to_numpy()[mask],
                           weights=None if weights is None else weights[mask],
                           minlength=nd).astype(np.int64)

    s = fam["in_siks"].to_numpy()
    bpnt_s = (fam["bpnt"] | fam["ppkm"]).to_numpy()
    any_s = bpnt_s | fam["pkh"].to_numpy() | fam["pbi"].to_numpy()
    not_padan = fam["padan"].to_numpy() == "TIDAK"
    desil = fam["desil"].to_numpy()
    out["dtks_kk_terdaftar"] = count(s)
    out["dtks_jiwa_terdaftar"] = count(s, fam["size"].to_numpy().astype(float))
    out["dtks_kk_pkh"] = count(s & fam["pkh"].to_numpy())
    out["dtks_kk_bpnt"] = count(s & bpnt_s)
    out["dtks_kk_pbi"] = count(s & fam["pbi"].to_numpy())
    out["dtks_kk_inklusi"] = count(s & any_s & not_padan)  # SIKS has no desil

    kec_fam = kec[fam["desa"].to_numpy()]
    p = fam["in_p3ke"].to_numpy() & ~np.isin(kec_fam, plan["p3ke_missing"])
    bpnt_p = (fam["bpnt"] | fam["sembako"]).to_numpy()
    any_p = bpnt_p | fam["pkh"].to_numpy() | fam["bpum"].to_numpy() | fam["bst"].to_numpy()
    out["p3ke_kk_terdaftar"] = count(p)
    for k in range(1, 5):
        out[f"p3ke_kk_desil_{k}"] = count(p & (desil == k))
    out["p3ke_kk_pkh"] = count(p & fam["pkh"].to_numpy())
    out["p3ke_kk_bpnt"] = count(p & bpnt_p)
    low = desil <= settings.exclusion_desil_max
    high = desil >= settings.inclusion_min_desil
    out["p3ke_kk_desil_1_4_tanpa_bansos"] = count(p & low & ~any_p)
    out["p3ke_kk_inklusi"] = count(p & any_p & (high | not_padan))
    out = out.astype({c: "Int64" for c in TRUTH_COLUMNS[1:]})
    for cols, mask in ((DTKS_TRUTH, s), (P3KE_TRUTH, p)):
        present = set(kec_fam[mask].tolist())
        absent = ~np.isin(kec, sorted(present))
        out.loc[absent, list(cols)] = pd.NA
    return out[list(TRUTH_COLUMNS)]


# --- answer key and summary ---------------------------------------------------------------------
_EXPECT = {"persis": "exact", "huruf": "exact", "awalan": "exact", "spasi": "exact_or_fuzzy",
           "salah_ketik": "fuzzy", "ambigu": "review"}


def _names_table(siks: pd.DataFrame, kode: pd.Series, row_kind: pd.Series, g: pd.DataFrame,
                 plan: dict[str, Any]) -> pd.DataFrame:
    """Every written area name with its answer, rows and households (per-desa file excluded)."""
    kec_of = dict(zip(g["kode_desa"], g["kode_kec"]))
    kept = row_kind.to_numpy() != "tanpa_kk"
    fam_of_row = plan["siks_fam_of_row"]
    recs = []
    base = pd.DataFrame({
        "kab": siks["KABUPATEN_KOTA"], "kec": siks["KECAMATAN"], "desa": siks["DESA_KELURAHAN"],
        "kode": kode, "kode_kec": [kec_of[k] for k in kode], "fam": fam_of_row, "kept": kept,
        "jenis": plan["siks_name_kind"],
    })
    for (written, kk), grp in base.groupby(["kab", "kode_kec"], sort=True):
        recs.append(("kab", KODE_PROV if not kk else kk[:2], written, kk[:4], "awalan"
                     if written != g["nama_kab"].iloc[0] else "persis", grp))
    for (written, kk), grp in base.groupby(["kec", "kode_kec"], sort=True):
        recs.append(("kec", kk[:4], written, kk, plan["kec_written"][kk][1], grp))
    for (written, kd, kk, jenis), grp in base.groupby(["desa", "kode", "kode_kec", "jenis"],
                                                       sort=True):
        recs.append(("desa", kk, written, kd, jenis, grp))
    rows = []
    for tingkat, induk, written, kd, jenis, grp in recs:
        rows.append({"tingkat": tingkat, "induk_kode": induk, "input_nama": written, "kode": kd,
                     "jenis": jenis, "harapan": _EXPECT[jenis], "baris": int(len(grp)),
                     "kk": int(grp.loc[grp["kept"], "fam"].nunique())})
    names = pd.DataFrame(rows)
    # kab and kec names repeat over kecamatan/files: sum them per written name and code
    names = (names.groupby(["tingkat", "induk_kode", "input_nama", "kode", "jenis", "harapan"],
                           sort=False, as_index=False)[["baris", "kk"]].sum())
    lvl = {"kab": 0, "kec": 1, "desa": 2}
    names = names.sort_values(["tingkat", "induk_kode", "input_nama", "kode"],
                              key=lambda s: s.map(lvl) if s.name == "tingkat" else s,
                              kind="stable").reset_index(drop=True)
    return names


def _mess_summary(g: pd.DataFrame, plan: dict[str, Any], names: pd.DataFrame,
                  row_kind: pd.Series, damage: dict[str, int], p3ke: pd.DataFrame,
                  truth: pd.DataFrame) -> dict[str, Any]:
    nm = dict(zip(g["kode_desa"], g["nama_desa"]))
    nm.update(zip(g["kode_kec"], g["nama_kec"]))
    nm.update(zip(g["kode_desa"].str[:4], g["nama_kab"]))
    kode = g["kode_desa"].to_numpy()

    def rec(level_rows: pd.DataFrame) -> list[dict[str, Any]]:
        return [{"tingkat": r.tingkat, "induk_kode": r.induk_kode, "input_nama": r.input_nama,
                 "kode": r.kode, "nama_benar": nm.get(r.kode, ""), "baris": int(r.baris),
                 "kk": int(r.kk)} for r in level_rows.itertuples()]

    desa_names = names[names["tingkat"] == "desa"]
    ambiguous = []
    for a in plan["ambiguous"]:
        r = desa_names[(desa_names["input_nama"] == a["written"])
                       & (desa_names["kode"] == kode[a["desa"]])]
        ambiguous.append({
            "tingkat": "desa", "induk_kode": g.loc[a["desa"], "kode_kec"],
            "input_nama": a["written"], "kode": kode[a["desa"]], "nama_benar": nm[kode[a["desa"]]],
            "konstruksi": a["konstruksi"], "kandidat": [kode[i] for i in a["kandidat"]],
            "baris": int(r["baris"].sum()), "kk": int(r["kk"].sum()),
        })
    missing = [{"kode": k, "nama": g.loc[plan["kec_members"][k][0], "nama_kec"]}
               for k in plan["p3ke_missing"]]
    return {
        "siks": {
            "kab_variants": rec(names[names["tingkat"] == "kab"]),
            "kec_variants": rec(names[(names["tingkat"] == "kec") & (names["jenis"] != "persis")]),
            "desa_variants": rec(desa_names[desa_names["jenis"].isin(
                ["huruf", "awalan", "spasi"])]),
            "typos": rec(desa_names[desa_names["jenis"] == "salah_ketik"]),
            "ambiguous": ambiguous,
            "duplicate_rows_same_file": int((row_kind == "duplikat").sum()),
            "rows_without_kk": int((row_kind == "tanpa_kk").sum()),
        },
        "p3ke": {
            "missing_kecamatan": missing,
            "kode_kemdagri": damage,
            "unrecoverable_code_rows": damage.get("ilmiah", 0),
            "duplicate_rows": int(plan["p3ke_dup_rows"]),
            "rows": int(len(p3ke)),
        },
        "truth_totals": {c: int(truth[c].sum()) for c in TRUTH_COLUMNS[1:]},
    }


# =================================================================================================
# writers
# =================================================================================================
def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", text.upper()).strip("_")


def _deterministic_zip(data: bytes) -> bytes:
    """Re-pack an XLSX with fixed entry timestamps and fixed document dates."""
    from .export import deterministic_xlsx

    return deterministic_xlsx(data, FIXED_TIME, mode=0o600)


def _write_xlsx(path: Path, title_rows: list[str], header: list[str], rows: list[list[Any]],
                sheet: str) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = "Prioritas Desa demo"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    ws = wb.create_sheet(sheet)
    for t in title_rows:
        ws.append([t] if t else [])
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_deterministic_zip(buf.getvalue()))


def _write_big_geojson(path: Path, desa: pd.DataFrame) -> None:
    """BIG layout (KDEPUM dotted, KDEBPS, WADM*), coordinates rounded to 6 decimals."""
    from shapely.geometry import mapping

    def rnd(c: Any) -> Any:
        if isinstance(c, (tuple, list)):
            if c and isinstance(c[0], float):
                return [round(v, 6) for v in c]
            return [rnd(v) for v in c]
        return c

    lines = []
    for r in desa.sort_values("kode_desa", kind="stable").itertuples():
        k = r.kode_desa
        geom = mapping(r.geometry)
        feature = {
            "type": "Feature",
            "properties": {
                "KDEPUM": f"{k[:2]}.{k[2:4]}.{k[4:6]}.{k[6:]}", "KDEBPS": r.kode_desa_bps,
                "WADMKD": r.nama_desa, "WADMKC": r.nama_kec, "WADMKK": r.nama_kab,
                "WADMPR": r.nama_prov,
            },
            "geometry": {"type": geom["type"], "coordinates": rnd(geom["coordinates"])},
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    head = ('{"type":"FeatureCollection","name":"batas_desa","crs":{"type":"name","properties":'
            '{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[\n')
    path.write_text(head + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


_XLSX = {"format": "xlsx", "encoding": None, "delimiter": None, "ext": "xlsx"}
#: formats of the per-kecamatan exports, in rotation (XLSX every other file keeps the demo small)
_SIKS_FORMATS = (
    {"format": "csv", "encoding": "utf-8", "delimiter": ",", "ext": "csv"},
    _XLSX,
    {"format": "csv", "encoding": "cp1252", "delimiter": ";", "ext": "csv"},
    _XLSX,
    {"format": "csv", "encoding": "utf-8-sig", "delimiter": ",", "ext": "csv"},
    _XLSX,
)


def _write_csv(path: Path, frame: pd.DataFrame, *, encoding: str, delimiter: str) -> None:
    text = frame.to_csv(index=False, sep=delimiter,
                        lineterminator="\r\n" if encoding == "cp1252" else "\n")
    path.write_bytes(text.encode(encoding))


def _write_siks(dtks: Path, hh: DemoHouseholds, g: pd.DataFrame,
                kab_slug: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One export per kecamatan (rotating formats) plus one per-desa file; returns file records
    and the location (file, spreadsheet row) of every row without NOMOR_KK."""
    kec_of = dict(zip(g["kode_desa"], g["kode_kec"]))
    kec_name = dict(zip(g["kode_kec"], g["nama_kec"]))
    row_kec = np.array([kec_of[k] for k in hh.siks_kode_desa])
    records, rejected = [], []
    for j, kec in enumerate(sorted(set(row_kec.tolist()))):
        fmt = _SIKS_FORMATS[j % len(_SIKS_FORMATS)]
        sel = np.flatnonzero(row_kec == kec)
        frame = hh.siks.iloc[sel].reset_index(drop=True)
        name = f"DTKS_KEC_{_slug(kec_name[kec])}_{kab_slug}.{fmt['ext']}"
        path = dtks / name
        if fmt["format"] == "xlsx":
            titles = ["DATA TERPADU KESEJAHTERAAN SOSIAL (DTKS) - EKSPOR SIKS-NG",
                      f"{g['nama_kab'].iloc[0].upper()} - KECAMATAN {kec_name[kec].upper()}"]
            rows = [[v if v != "" else None for v in r] for r in frame.itertuples(index=False)]
            _write_xlsx(path, titles, list(SIKS_COLUMNS), rows, "DTKS")
            first_row = len(titles) + 2
        else:
            _write_csv(path, frame, encoding=fmt["encoding"], delimiter=fmt["delimiter"])
            titles, first_row = [], 2
        for r in np.flatnonzero(frame["NOMOR_KK"].to_numpy() == "").tolist():
            rejected.append({"file": f"dtks/{name}", "row": first_row + r, "kolom": "NOMOR_KK",
                             "alasan": "NOMOR_KK kosong"})
        records.append(_file_record(path, f"dtks/{name}", fmt, len(titles), len(frame), kec))
    # the per-desa file: the same persons again, the desa name spelled differently
    pd_code = hh.per_desa["kode_desa"]
    sel = np.flatnonzero(hh.siks_kode_desa.to_numpy() == pd_code)
    frame = hh.siks.iloc[sel].reset_index(drop=True).assign(
        DESA_KELURAHAN=hh.per_desa["input_nama"], KABUPATEN_KOTA=g["nama_kab"].iloc[0])
    nm = g.loc[g["kode_desa"] == pd_code, "nama_desa"].iloc[0]
    name = f"DTKS_DESA_{_slug(nm)}_KEC_{_slug(kec_name[kec_of[pd_code]])}.csv"
    fmt = _SIKS_FORMATS[0]
    _write_csv(dtks / name, frame, encoding=fmt["encoding"], delimiter=fmt["delimiter"])
    records.append(_file_record(dtks / name, f"dtks/{name}", fmt, 0, len(frame), kec_of[pd_code],
                                kode_desa=pd_code))
    return records, rejected


def _file_record(path: Path, rel: str, fmt: dict[str, Any], title_rows: int, rows: int,
                 kec: str, **extra: Any) -> dict[str, Any]:
    rec = {"path": rel, "format": fmt["format"], "encoding": fmt["encoding"],
           "delimiter": fmt["delimiter"], "title_rows": title_rows, "rows": rows,
           "kode_kec": kec}
    rec.update(extra)
    rec["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return rec


def _write_p3ke(p3ke_dir: Path, hh: DemoHouseholds, kab_slug: str) -> list[dict[str, Any]]:
    records = []
    for part in sorted(set(hh.p3ke_part.tolist())):
        sel = np.flatnonzero(hh.p3ke_part.to_numpy() == part)
        frame = hh.p3ke.iloc[sel]
        title = f"DATA P3KE {kab_slug.replace('_', ' ')} (BAGIAN {part})"
        titles = [] if part == 1 else [title, ""]
        rows = [list(r) for r in frame.itertuples(index=False)]
        name = f"P3KE_{kab_slug}_BAGIAN_{part}.xlsx"
        _write_xlsx(p3ke_dir / name, titles, list(P3KE_COLUMNS), rows, "P3KE")
        fmt = {"format": "xlsx", "encoding": None, "delimiter": None}
        records.append(_file_record(p3ke_dir / name, f"p3ke/{name}", fmt, len(titles), len(frame),
                                    "", bagian=int(part)))
    return records


def _clear_generated(folder: Path, patterns: tuple[str, ...]) -> None:
    for pat in patterns:
        for f in sorted(folder.glob(pat)):
            f.unlink()


def write_demo_inputs(out_dir: str | Path, *, boundaries: str | Path | None = None,
                      n_households: int = 6000, seed: int = 2026,
                      settings: Settings = DEFAULT) -> DemoManifest:
    """Write the demo input files under ``out_dir/input``.

    Files: ``batas_desa.geojson`` (BIG layout: ``KDEPUM`` dotted, ``KDEBPS``, ``WADMKD``,
    ``WADMKC``, ``WADMKK``, ``WADMPR``; 6 decimals; not written when ``boundaries`` is given),
    ``dtks/`` (one SIKS-NG export per kecamatan in rotating formats: CSV comma UTF-8, XLSX with
    two title rows, CSV semicolon Windows-1252, CSV UTF-8 with BOM; plus one per-desa CSV
    repeating that desa's persons), ``p3ke/`` (two workbooks), ``mapping_benar.csv``,
    ``kebenaran_per_desa.csv`` (the truth) and ``manifest.json``.

    Parameters
    ----------
    out_dir
        Output folder (created); earlier generated DTKS/P3KE files in it are replaced.
    boundaries
        A real boundary file read with ``layers.boundaries.read_boundaries``; households are
        then generated over its desa (codes and names from the file, NIKs still 99-prefixed).
    n_households, seed, settings
        As in ``make_households``.

    Returns
    -------
    DemoManifest
    """
    out = Path(out_dir)
    inp = out / "input"
    dtks, p3ke_dir = inp / "dtks", inp / "p3ke"
    for folder in (dtks, p3ke_dir):
        folder.mkdir(parents=True, exist_ok=True)
    _clear_generated(dtks, ("DTKS_*.csv", "DTKS_*.xlsx"))
    _clear_generated(p3ke_dir, ("P3KE_*.xlsx",))
    if boundaries is None:
        desa = make_boundaries(seed=seed)
        boundary_path = inp / "batas_desa.geojson"
        _write_big_geojson(boundary_path, desa)
        boundary_info = {"path": "batas_desa.geojson", "layout": "big", "sintetis": True}
    else:
        from layers.boundaries import read_boundaries

        boundary_path = Path(boundaries)
        result = read_boundaries(boundary_path, settings=settings)
        desa = result.desa
        boundary_info = {"path": boundary_path.name, "layout": result.qa.get("layout"),
                         "sintetis": False,
                         "sha256": hashlib.sha256(boundary_path.read_bytes()).hexdigest()}
    hh = make_households(desa, n_households=n_households, seed=seed, settings=settings)
    g = _gazetteer(desa)
    kab_slug = _slug(g["nama_kab"].iloc[0])
    siks_files, rejected = _write_siks(dtks, hh, g, kab_slug)
    p3ke_files = _write_p3ke(p3ke_dir, hh, kab_slug)
    mapping_path = inp / "mapping_benar.csv"
    hh.mapping.to_csv(mapping_path, index=False, lineterminator="\n")
    rng_extra = np.random.default_rng([seed, 1])
    truth = _write_population(inp / "penduduk.csv", desa, hh.truth, rng_extra)
    if boundaries is None:
        _write_idm(inp / "idm_contoh.csv", desa, hh.truth, rng_extra)
    truth_path = inp / "kebenaran_per_desa.csv"
    truth.to_csv(truth_path, index=False, lineterminator="\n")
    data = _manifest(seed, n_households, g, hh, boundary_info, siks_files, p3ke_files, rejected)
    manifest_path = inp / "manifest.json"
    manifest_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    return DemoManifest(out_dir=out, boundaries=boundary_path, dtks_dir=dtks, p3ke_dir=p3ke_dir,
                        mapping=mapping_path, truth=truth_path, manifest=manifest_path, data=data)


def _write_population(path: Path, desa, truth: pd.DataFrame,
                      rng: np.random.Generator) -> pd.DataFrame:
    """A population table per desa (dotted codes, thousands with dots, one desa missing).

    Returns the truth frame with ``kk_total`` / ``jiwa_total`` added (NA for the missing desa:
    a missing denominator stays missing).
    """
    t = truth.set_index("kode_desa")
    registered = t["dtks_kk_terdaftar"].astype("Int64").fillna(0).to_numpy(dtype=float)
    share = rng.uniform(0.18, 0.55, size=len(t))
    kk_total = np.ceil(np.maximum(registered, 1) / share).astype(int) + 20
    jiwa_total = np.round(kk_total * rng.uniform(2.9, 3.6, size=len(t))).astype(int)
    names = desa.set_index("kode_desa").loc[t.index]
    table = pd.DataFrame({
        "kode_desa": [f"{k[:2]}.{k[2:4]}.{k[4:6]}.{k[6:]}" for k in t.index],
        "kecamatan": names["nama_kec"].to_numpy(), "desa": names["nama_desa"].to_numpy(),
        "jumlah_kk": [f"{v:,}".replace(",", ".") for v in kk_total],
        "jumlah_penduduk": [f"{v:,}".replace(",", ".") for v in jiwa_total],
    })
    missing = len(table) // 2                       # one desa without a row: rates stay empty
    table = table.drop(index=missing)
    table.to_csv(path, index=False, sep=";", lineterminator="\n")
    out = truth.copy()
    out["kk_total"] = pd.array(kk_total, dtype="Int64")
    out["jiwa_total"] = pd.array(jiwa_total, dtype="Int64")
    out.loc[missing, ["kk_total", "jiwa_total"]] = pd.NA
    return out


def _write_idm(path: Path, desa, truth: pd.DataFrame, rng: np.random.Generator) -> None:
    """A synthetic IDM table in the layout of the real IDM 2024 file (desa only, no kelurahan).

    Scores are lower where the register share is higher, with noise; status follows the IDM
    thresholds (DOMAIN.md).
    """
    d = desa[desa["jenis"] != "kelurahan"].sort_values("kode_desa")
    t = truth.set_index("kode_desa").loc[d["kode_desa"]]
    poor = t["dtks_kk_terdaftar"].astype("Int64").fillna(0).to_numpy(dtype=float)
    rank = poor.argsort().argsort() / max(len(poor) - 1, 1)
    parts = [np.clip(0.80 - 0.28 * rank + rng.normal(0, 0.05, len(d)), 0.35, 0.95)
             for _ in range(3)]
    nilai = np.round((parts[0] + parts[1] + parts[2]) / 3, 4)
    bounds = [(0.4907, "SANGAT TERTINGGAL"), (0.5989, "TERTINGGAL"), (0.7072, "BERKEMBANG"),
              (0.8155, "MAJU"), (9.0, "MANDIRI")]
    status = [next(label for bound, label in bounds if v <= bound) for v in nilai]
    k = d["kode_desa"].to_numpy()
    pd.DataFrame({
        "kode_desa": [f"{c[:2]}.{c[2:4]}.{c[4:6]}.{c[6:]}" for c in k], "kode_desa_10": k,
        "nama_desa": d["nama_desa"].str.upper().to_numpy(),
        "nama_kec": d["nama_kec"].str.upper().to_numpy(),
        "kode_kec": [f"{c[:2]}.{c[2:4]}.{c[4:6]}" for c in k],
        "kode_kab": [f"{c[:2]}.{c[2:4]}" for c in k], "kode_prov": [c[:2] for c in k],
        "iks_2024": np.round(parts[0], 4), "ike_2024": np.round(parts[1], 4),
        "ikl_2024": np.round(parts[2], 4), "nilai_idm_2024": nilai, "status_idm_2024": status,
        "keterangan_sumber": "Sintetis", "ada_di_tabel_kode": True,
    }).to_csv(path, index=False, lineterminator="\n")


def _manifest(seed: int, n_households: int, g: pd.DataFrame, hh: DemoHouseholds,
              boundary_info: dict[str, Any], siks_files: list[dict[str, Any]],
              p3ke_files: list[dict[str, Any]], rejected: list[dict[str, Any]]) -> dict[str, Any]:
    siks = hh.siks
    kept = siks[siks["NOMOR_KK"] != ""]
    per_desa_rows = next(f["rows"] for f in siks_files if "kode_desa" in f)
    mess = json.loads(json.dumps(hh.mess))
    mess["siks"]["per_desa_file"] = {
        "kode_desa": hh.per_desa["kode_desa"], "input_nama": hh.per_desa["input_nama"],
        "path": next(f["path"] for f in siks_files if "kode_desa" in f), "rows": per_desa_rows,
    }
    mess["siks"]["duplicate_rows_total"] = mess["siks"]["duplicate_rows_same_file"] + per_desa_rows
    mess["siks"]["rejected_rows"] = rejected
    truth = hh.truth
    return {
        "generator": "layers.demo",
        "seed": seed,
        "n_households": n_households,
        "wilayah": {"kode_prov": g["kode_desa"].iloc[0][:2], "nama_prov": g["nama_prov"].iloc[0],
                    "kode_kab": g["kode_desa"].iloc[0][:4], "nama_kab": g["nama_kab"].iloc[0]},
        "boundaries": boundary_info,
        "counts": {
            "desa": int(len(g)),
            "kelurahan": int((g["jenis"] == "kelurahan").sum()),
            "kecamatan": int(g["kode_kec"].nunique()),
            "siks_rows": int(len(siks)) + per_desa_rows,
            "siks_persons": int(kept["NOMOR_NIK"].nunique()),
            "siks_households": int(kept["NOMOR_KK"].nunique()),
            "p3ke_rows": int(len(hh.p3ke)),
            "p3ke_families": int(hh.p3ke["ID Keluarga P3KE"].nunique()),
            "review_names": int(len(hh.mapping)),
            "review_households": int(sum(a["kk"] for a in hh.mess["siks"]["ambiguous"])),
        },
        "files": {"dtks": siks_files, "p3ke": p3ke_files,
                  "mapping": "mapping_benar.csv", "truth": "kebenaran_per_desa.csv"},
        "mess": mess,
        "definitions": {
            "kk_terdaftar": "distinct NOMOR_KK (SIKS) / ID Keluarga P3KE (P3KE) after removing "
                            "duplicates and rows without NOMOR_KK",
            "dtks_jiwa_terdaftar": "distinct NOMOR_NIK of those households",
            "bpnt": "BANSOS_BPNT or BANSOS_BPNT_PPKM (SIKS); Penerima BPNT or SEMBAKO (P3KE)",
            "programme": "PKH, BPNT, PBI-JK (SIKS; no unmatched household has PBI alone); "
                         "PKH, BPNT/SEMBAKO, BPUM, BST (P3KE)",
            "desil_1_4_tanpa_bansos": "desil 1-4 receiving none of PKH, BPNT/SEMBAKO, BPUM, BST",
            "inklusi": "at least one programme and (desil >= 5 where known, or not matched to "
                       "Dukcapil: KETERANGAN_PADAN containing TIDAK / Padan Dukcapil TIDAK)",
            "na": "NA for a register in a kecamatan absent from that register's files",
        },
        "expected": {
            "dtks_households": int(truth["dtks_kk_terdaftar"].sum()),
            "dtks_persons": int(truth["dtks_jiwa_terdaftar"].sum()),
            "p3ke_families": int(truth["p3ke_kk_terdaftar"].sum()),
            "exclusion_desil_1_2_p3ke": int(
                _exclusion_low_desil(hh.p3ke.drop_duplicates("ID Keluarga P3KE"))),
            "inklusi_dtks": int(truth["dtks_kk_inklusi"].sum()),
            "inklusi_p3ke": int(truth["p3ke_kk_inklusi"].sum()),
        },
    }


def _exclusion_low_desil(p3ke: pd.DataFrame) -> int:
    desil = p3ke["Desil Kesejahteraan"].map(lambda v: int(str(v).split()[-1]))
    progs = ["Penerima BPNT", "Penerima BPUM", "Penerima BST", "Penerima PKH", "Penerima SEMBAKO"]
    none = (p3ke[progs] == "Tidak").all(axis=1)
    return int(((desil <= 2) & none).sum())
