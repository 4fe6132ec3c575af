"""A dataset directory loaded once: frames per level, display geometry, cached answers.

Everything is read when the app starts (:meth:`LoadedDataset.load`); no request touches the disk.
Display geometry is simplified per level as a polygon coverage (``shapely.coverage_simplify``:
neighbours keep identical shared edges, so no slivers open at any zoom) and encoded as geobuf,
once per (unit, area). Loaders hand out copies or immutable values; nothing here is changed by
a request (several users, several workers).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from layers.errors import InputError

from dashboard.settings import DashboardSettings
from dashboard.views import (CODE_LEN, KEY, LEVELS, NAME, View, child_level, level_of_code,
                             parent_level)

#: files of a dataset directory the dashboard reads (docs/architecture.md, "Output directory")
LEVEL_FILES = {"provinsi": "provinsi.parquet", "kabupaten": "kabupaten.parquet",
               "kecamatan": "kecamatan.parquet", "desa": "desa.parquet"}


class DatasetError(InputError):
    """A dataset directory the dashboard cannot open."""


@dataclass(frozen=True)
class IndicatorInfo:
    """One indicator column as ``meta.json`` describes it."""

    kolom: str
    nama: str
    register: str
    jenis: str
    satuan: str
    label_id: str
    label_en: str
    metode_id: str = ""
    metode_en: str = ""
    tersedia: bool = True
    alasan_id: str | None = None
    alasan_en: str | None = None
    #: why a kelurahan has no value (reference layers such as IDM), (id, en)
    alasan_kelurahan: tuple[str, str] | None = None

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_id

    def method(self, lang: str) -> str:
        return self.metode_en if lang == "en" else self.metode_id

    def reason(self, lang: str) -> str | None:
        return self.alasan_en if lang == "en" else self.alasan_id

    def kelurahan_reason(self, lang: str) -> str | None:
        if not self.alasan_kelurahan:
            return None
        return self.alasan_kelurahan[1 if lang == "en" else 0]

    @property
    def prefix(self) -> str:
        """Register prefix of the column (``""`` with one register)."""
        return self.kolom[: -len(self.nama)] if self.kolom.endswith(self.nama) else ""


@dataclass
class LoadedDataset:
    """A loaded dataset with its caches. Build with :meth:`LoadedDataset.load`.

    Attributes
    ----------
    meta
        ``meta.json`` as read.
    frames
        Per level, the attribute table without geometry, indexed by the undotted code.
    indicators
        Indicator columns in ``meta.json`` order.
    subdesa
        Counts per desa x dusun x RW (may be empty).
    version
        Short content hash of the dataset (cache key of geometry URLs).
    """

    meta: dict
    frames: dict[str, pd.DataFrame]
    indicators: list[IndicatorInfo]
    subdesa: pd.DataFrame
    version: str
    settings: DashboardSettings
    _geometry: dict[str, object] = field(default_factory=dict, repr=False)
    _simplified: dict[tuple[str, float], object] = field(default_factory=dict, repr=False)
    _geobuf: dict[tuple[str, str], bytes] = field(default_factory=dict, repr=False)
    _bounds: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _units: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # ---------------------------------------------------------------------------------------
    # loading
    # ---------------------------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: str | Path, *, settings: DashboardSettings | None = None,
             warm: bool = True) -> "LoadedDataset":
        """Read a dataset directory written by ``python -m layers build``.

        Parameters
        ----------
        data_dir
            The dataset directory.
        settings
            Display settings (simplification tolerances, geobuf precision).
        warm
            Encode the display geometry of every view now, so no request waits for it.

        Raises
        ------
        DatasetError
            Missing directory, file or column (bilingual message naming the file).
        """
        settings = settings or DashboardSettings(data_dir=Path(data_dir))
        data_dir = Path(data_dir)
        if not data_dir.is_dir():
            raise DatasetError("folder dataset tidak ditemukan", "dataset folder not found",
                               file=str(data_dir))
        meta = _read_meta(data_dir)
        digest = hashlib.sha1((data_dir / "meta.json").read_bytes())
        frames, geometry = _read_levels(data_dir, digest)
        sub_path = data_dir / "subdesa.parquet"
        subdesa = pd.read_parquet(sub_path) if sub_path.exists() else pd.DataFrame()
        indicators = [_indicator(d) for d in meta.get("indikator", [])]
        known = [i for i in indicators if i.kolom in frames["desa"].columns]
        dataset = cls(meta=meta, frames=frames, indicators=known, subdesa=subdesa,
                      version=digest.hexdigest()[:12], settings=settings)
        dataset._geometry = geometry
        dataset._bounds = {lvl: _bounds_table(geometry[lvl], frames[lvl].index)
                           for lvl in LEVELS}
        if warm:
            dataset.warm()
        return dataset

    def warm(self) -> None:
        """Encode the geometry of every view (called at start; requests then only read)."""
        for view in self.all_views():
            self.geobuf(view.unit, view.kode)

    # ---------------------------------------------------------------------------------------
    # areas and views
    # ---------------------------------------------------------------------------------------
    @property
    def root(self) -> View:
        """The dataset's own view (``meta.json`` -> ``wilayah``)."""
        wil = self.meta.get("wilayah") or {}
        level = {"provinsi": "provinsi", "kabupaten": "kabupaten",
                 "kecamatan": "kecamatan"}.get(wil.get("tingkat"))
        kode = str(wil.get("kode") or "")
        if level is None or kode not in self.frames[level].index:
            return View(None, "", "provinsi")
        return View(level, kode, child_level(level))

    def exists(self, view: View) -> bool:
        """Whether the view's area (and selected desa) are in the dataset."""
        if view.level is not None and view.kode not in self.frames[view.level].index:
            return False
        return view.selected is None or view.selected in self.frames["desa"].index

    def all_views(self) -> list[View]:
        """Every (area, unit) pair the app can show."""
        out = [View(None, "", u) for u in LEVELS]
        for level in LEVELS[:-1]:
            below = LEVELS[LEVELS.index(level) + 1:]
            for kode in self.frames[level].index:
                out += [View(level, kode, u) for u in below]
        return out

    def name(self, level: str, kode: str) -> str:
        """Name of an area (its code when unknown)."""
        frame = self.frames[level]
        return str(frame.at[kode, NAME[level]]) if kode in frame.index else kode

    def units(self, view: View) -> pd.DataFrame:
        """The areas a view draws, sorted by code (a copy).

        Columns: the level frame plus ``kode``, ``nama``, ``induk_kode``, ``induk_nama``
        (the parent area the rank is taken within; empty for provinsi).
        """
        key = (view.unit, view.kode)
        with self._lock:
            cached = self._units.get(key)
        if cached is None:
            cached = self._make_units(view.unit, view.kode)
            with self._lock:
                self._units[key] = cached
        return cached.copy()

    def _make_units(self, unit: str, kode: str) -> pd.DataFrame:
        frame = self.frames[unit]
        if kode:
            frame = frame[frame.index.str.startswith(kode)]
        out = frame.copy()
        out.insert(0, "kode", out.index.astype(str))
        out.insert(1, "nama", out[NAME[unit]].astype(str))
        parent = parent_level(unit)
        if parent is None:
            out.insert(2, "induk_kode", "")
            out.insert(3, "induk_nama", "")
        else:
            out.insert(2, "induk_kode", out["kode"].str[: CODE_LEN[parent]])
            out.insert(3, "induk_nama", out[NAME[parent]].astype(str)
                       if NAME[parent] in out else out["induk_kode"])
        return out.sort_index()

    def indicator(self, kolom: str | None) -> IndicatorInfo | None:
        """The indicator of a column, or ``None``."""
        for ind in self.indicators:
            if ind.kolom == kolom:
                return ind
        return None

    @property
    def default_indicator(self) -> IndicatorInfo | None:
        """The indicator shown first: the setting's, else the first available one."""
        wanted = self.indicator(self.settings.default_indicator)
        if wanted is not None and wanted.tersedia:
            return wanted
        return next((i for i in self.indicators if i.tersedia), None)

    def registers(self) -> list[dict]:
        """Register entries of ``meta.json``."""
        return list(self.meta.get("registers") or [])

    def register_label(self, register: str, lang: str) -> str:
        for reg in self.registers():
            if reg.get("register") == register:
                return str(reg.get("label_en" if lang == "en" else "label_id") or register)
        return register.upper()

    def empty_reason_text(self, code: str | None, lang: str) -> str | None:
        """Text of an ``alasan_kosong`` code from ``meta.json`` (``None`` if unknown)."""
        texts = (self.meta.get("alasan_kosong") or {}).get(code or "")
        if not texts:
            return None
        return texts[1] if lang == "en" and len(texts) > 1 else texts[0]

    def subdesa_of(self, kode_desa: str, register: str | None = None) -> pd.DataFrame:
        """Sub-desa rows (dusun x RW) of one desa, for one register (a copy)."""
        sub = self.subdesa
        if sub.empty or "kode_desa" not in sub:
            return pd.DataFrame()
        rows = sub[sub["kode_desa"].astype(str) == kode_desa]
        if register is not None and "register" in rows:
            rows = rows[rows["register"] == register]
        return rows.copy()

    # ---------------------------------------------------------------------------------------
    # geometry
    # ---------------------------------------------------------------------------------------
    def bounds(self, level: str | None, kode: str) -> list[list[float]] | None:
        """``[[south, west], [north, east]]`` of an area (``level=None``: the whole dataset)."""
        if level is None:
            b = self._bounds["provinsi"]
            if b.empty:
                return None
            return [[float(b["miny"].min()), float(b["minx"].min())],
                    [float(b["maxy"].max()), float(b["maxx"].max())]]
        b = self._bounds[level]
        if kode not in b.index:
            return None
        r = b.loc[kode]
        return [[float(r["miny"]), float(r["minx"])], [float(r["maxy"]), float(r["maxx"])]]

    def geo_url(self, unit: str, kode: str) -> str:
        """URL of the geobuf of ``unit`` shapes inside area ``kode`` (content-versioned)."""
        return f"/_pd/geo/{unit}/{kode or '0'}.pbf?v={self.version}"

    def geobuf(self, unit: str, kode: str) -> bytes | None:
        """Geobuf bytes of the ``unit`` shapes inside area ``kode`` (``""``: everything).

        Features are in code order; properties ``k`` (code), ``n`` (name), ``p`` (name of the
        parent area, for the hover's rank), ``i`` (position, the index into the hideout
        arrays) and ``lx``/``ly`` (a label point inside the shape).
        """
        if unit not in LEVELS:
            return None
        key = (unit, kode)
        with self._lock:
            cached = self._geobuf.get(key)
        if cached is not None:
            return cached
        frame = self.frames[unit]
        mask = frame.index.str.startswith(kode) if kode else np.ones(len(frame), dtype=bool)
        if kode and not mask.any():
            return None
        geoms = self._display(unit, self._tolerance(kode))[mask]
        parent = parent_level(unit)
        parents = (frame[NAME[parent]][mask] if parent and NAME[parent] in frame
                   else [""] * int(mask.sum()))
        data = _encode(frame.index[mask], frame[NAME[unit]][mask], parents, geoms,
                       precision=self.settings.geobuf_precision)
        with self._lock:
            self._geobuf[key] = data
        return data

    def _tolerance(self, kode: str) -> float:
        level = (level_of_code(kode) if kode else None) or "nasional"
        return float(self.settings.simplify.get(level, 0.001))

    def _display(self, unit: str, tolerance: float) -> np.ndarray:
        key = (unit, tolerance)
        with self._lock:
            cached = self._simplified.get(key)
        if cached is None:
            cached = _simplify_coverage(np.asarray(self._geometry[unit]), tolerance)
            with self._lock:
                self._simplified[key] = cached
        return cached


# -------------------------------------------------------------------------------------------
# private steps
# -------------------------------------------------------------------------------------------

def _read_meta(data_dir: Path) -> dict:
    path = data_dir / "meta.json"
    if not path.exists():
        raise DatasetError("meta.json tidak ada: ini bukan folder dataset "
                           "(buat dengan `python -m layers build`)",
                           "meta.json missing: not a dataset folder "
                           "(make one with `python -m layers build`)", file="meta.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DatasetError(f"meta.json tidak terbaca ({err.msg})",
                           f"meta.json is not valid JSON ({err.msg})",
                           file="meta.json", row=err.lineno) from None


def _read_levels(data_dir: Path, digest) -> tuple[dict[str, pd.DataFrame],
                                                   dict[str, np.ndarray]]:
    """Frames and geometry of every level file (their bytes added to ``digest``)."""
    frames, geometry = {}, {}
    for level, name in LEVEL_FILES.items():
        path = data_dir / name
        if not path.exists():
            raise DatasetError("berkas dataset tidak ada (jalankan `python -m layers build`)",
                               "dataset file missing (run `python -m layers build`)",
                               file=name)
        digest.update(path.read_bytes())
        frames[level], geometry[level] = _read_level(path, level)
    return frames, geometry


def _read_level(path: Path, level: str) -> tuple[pd.DataFrame, np.ndarray]:
    import geopandas as gpd

    try:
        gdf = gpd.read_parquet(path)
    except Exception as err:  # pyarrow / geopandas raise many kinds
        raise DatasetError(f"berkas tidak terbaca sebagai GeoParquet ({type(err).__name__})",
                           f"file cannot be read as GeoParquet ({type(err).__name__})",
                           file=path.name) from None
    for col in (KEY[level], NAME[level]):
        if col not in gdf.columns:
            raise DatasetError("kolom wajib tidak ada", "required column missing",
                               file=path.name, column=col)
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    gdf = gdf.sort_values(KEY[level], kind="stable")
    geoms = np.asarray(gdf.geometry.array, dtype=object)
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    frame.index = pd.Index(frame[KEY[level]].astype(str), name=KEY[level])
    return frame, geoms


def _indicator(d: dict) -> IndicatorInfo:
    kel = d.get("alasan_kosong_kelurahan")
    if isinstance(kel, str):
        kel = (kel, kel)
    elif isinstance(kel, (list, tuple)) and kel:
        kel = (str(kel[0]), str(kel[-1]))
    else:
        kel = None
    return IndicatorInfo(
        kolom=str(d["kolom"]), nama=str(d.get("nama") or d["kolom"]),
        register=str(d.get("register") or ""), jenis=str(d.get("jenis") or "count"),
        satuan=str(d.get("satuan") or ""), label_id=str(d.get("label_id") or d["kolom"]),
        label_en=str(d.get("label_en") or d.get("label_id") or d["kolom"]),
        metode_id=str(d.get("metode_id") or ""), metode_en=str(d.get("metode_en") or ""),
        tersedia=bool(d.get("tersedia", True)), alasan_id=d.get("alasan_id"),
        alasan_en=d.get("alasan_en"), alasan_kelurahan=kel)


def _bounds_table(geoms: np.ndarray, index: pd.Index) -> pd.DataFrame:
    import shapely

    b = shapely.bounds(geoms) if len(geoms) else np.empty((0, 4))
    return pd.DataFrame(b, index=index, columns=["minx", "miny", "maxx", "maxy"])


def _simplify_coverage(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify a polygon coverage so shared edges stay shared (falls back per shape)."""
    import shapely

    if len(geoms) == 0 or tolerance <= 0:
        return geoms
    try:
        out = shapely.coverage_simplify(geoms, tolerance)
    except Exception:  # not a valid coverage: simplify shape by shape
        out = shapely.simplify(geoms, tolerance, preserve_topology=True)
    bad = shapely.is_empty(out) | ~shapely.is_valid(out)
    if bad.any():
        out = out.copy()
        out[bad] = geoms[bad]
    return out


def _encode(codes, names, parents, geoms: np.ndarray, *, precision: int) -> bytes:
    import geobuf
    import shapely

    points = shapely.point_on_surface(geoms)
    lx, ly = shapely.get_x(points), shapely.get_y(points)
    scale = 10 ** precision
    features = []
    for i, (k, n, p, g) in enumerate(zip(codes, names, parents, geoms)):
        features.append({
            "type": "Feature",
            "properties": {"k": str(k), "n": str(n), "p": str(p), "i": i,
                           "lx": round(float(lx[i]) * scale) / scale,
                           "ly": round(float(ly[i]) * scale) / scale},
            "geometry": shapely.geometry.mapping(g),
        })
    return geobuf.encode({"type": "FeatureCollection", "features": features}, precision)
