"""The gazetteer indexed for name matching: one :class:`LevelIndex` per level."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from layers.codes import LEVELS, VILLAGE_KIND, WIDTHS, compact, fold_name, normalize_kode
from layers.errors import InputError
from layers.matching.names import KIND_GROUP, parse


@dataclass
class LevelIndex:
    """One level of the gazetteer, ready for lookups."""

    name: str
    kode: np.ndarray
    nama: np.ndarray
    kind: np.ndarray
    core: np.ndarray
    key: np.ndarray
    pos_of_kode: dict[str, int]
    by_key: dict[str, list[int]]
    by_full: dict[str, list[int]]
    _pools: dict[str, np.ndarray] = field(default_factory=dict)

    def pool(self, scope: str) -> np.ndarray:
        """Positions of the entities inside ``scope`` (a code prefix; ``""`` = everything)."""
        if not self._pools:
            self._pools[""] = np.arange(len(self.kode))
            for width in (w for w in (2, 4, 6) if w < WIDTHS[self.name]):
                prefixes = pd.Series([k[:width] for k in self.kode], dtype=object)
                for prefix, idx in prefixes.groupby(prefixes, sort=False).indices.items():
                    self._pools[prefix] = np.asarray(idx)
        return self._pools.get(scope, np.arange(0))

    def exact(self, key: str, scope: str, *, full: bool = False) -> list[int]:
        """Positions inside ``scope`` whose key (or, with ``full``, whose name read with its
        prefix, e.g. ``DESABARU`` for the desa called ``Desa Baru``) is ``key``."""
        table = self.by_full if full else self.by_key
        return [i for i in table.get(key, []) if self.kode[i].startswith(scope)]


def index_gazetteer(gazetteer: pd.DataFrame) -> dict[str, LevelIndex]:
    """Level -> :class:`LevelIndex` of the boundary frame without geometry.

    Raises
    ------
    InputError
        A gazetteer without ``kode_desa``, ``nama_desa``, ``nama_kec`` or ``nama_kab``.
    """
    needed = ["kode_desa", "nama_desa", "nama_kec", "nama_kab"]
    missing = [c for c in needed if c not in gazetteer.columns]
    if missing:
        raise InputError(f"Gazetir tidak memiliki kolom {missing[0]}.",
                         f"The gazetteer has no column {missing[0]}.", column=missing[0])
    g = _undotted(gazetteer)
    out = {}
    for lvl in LEVELS:
        cols = [f"kode_{lvl}", f"nama_{lvl}"] + (["jenis"] if lvl == "desa" else [])
        table = g[cols].drop_duplicates(f"kode_{lvl}").sort_values(f"kode_{lvl}")
        out[lvl] = _build_level(lvl, table)
    return out


def _undotted(gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Codes of every level undotted (from ``kode_desa`` where missing), ``jenis`` known."""
    g = pd.DataFrame({"kode_desa": _codes(gazetteer["kode_desa"], "desa")})
    g = g.assign(nama_desa=gazetteer["nama_desa"].to_numpy(),
                 nama_kec=gazetteer["nama_kec"].to_numpy(),
                 nama_kab=gazetteer["nama_kab"].to_numpy())
    g["nama_prov"] = gazetteer["nama_prov"].to_numpy() if "nama_prov" in gazetteer else ""
    g = g[g["kode_desa"].notna()]
    for lvl in ("prov", "kab", "kec"):
        col = f"kode_{lvl}"
        own = (_codes(gazetteer.loc[g.index, col], lvl) if col in gazetteer
               else pd.Series([None] * len(g), index=g.index))
        g[col] = own.fillna(g["kode_desa"].str[:WIDTHS[lvl]])
    if "jenis" in gazetteer:
        jenis = gazetteer.loc[g.index, "jenis"].astype(object).where(
            gazetteer.loc[g.index, "jenis"].isin(list(KIND_GROUP)), None)
    else:
        jenis = pd.Series([None] * len(g), index=g.index)
    g["jenis"] = jenis.fillna(g["kode_desa"].str[6].map(VILLAGE_KIND))
    return g


def _codes(series: pd.Series, lvl: str) -> pd.Series:
    uniq = {v: normalize_kode(v, lvl) for v in pd.unique(series.astype(object))}
    return series.astype(object).map(uniq)


def _build_level(lvl: str, table: pd.DataFrame) -> LevelIndex:
    kode = table[f"kode_{lvl}"].astype(str).to_numpy(dtype=object)
    nama = table[f"nama_{lvl}"].astype(object).where(table[f"nama_{lvl}"].notna(), "")
    nama = nama.astype(str).str.strip().to_numpy(dtype=object)
    parsed = [parse(n, lvl) for n in nama]
    if lvl == "desa":
        kind = table["jenis"].to_numpy(dtype=object)
    elif lvl == "kab":
        kind = np.array(["kota" if int(k[2:4]) >= 70 else "kabupaten" for k in kode],
                        dtype=object)
    else:
        kind = np.array([None] * len(kode), dtype=object)
    core = np.array([p.core for p in parsed], dtype=object)
    key = np.array([compact(c) for c in core], dtype=object)
    by_key: dict[str, list[int]] = {}
    by_full: dict[str, list[int]] = {}
    for i, (k, n) in enumerate(zip(key, nama)):
        if k:
            by_key.setdefault(k, []).append(i)
        full = compact(fold_name(n))
        if full and full != k:
            by_full.setdefault(full, []).append(i)
    return LevelIndex(name=lvl, kode=kode, nama=nama, kind=kind, core=core, key=key,
                      pos_of_kode={k: i for i, k in enumerate(kode)}, by_key=by_key,
                      by_full=by_full)
