"""Hierarchical matching of input areas (names and codes as written) to the gazetteer.

Order of decisions for one distinct input area:

1. A ``kode`` that is a valid Kemendagri desa code present in the gazetteer wins
   (metode ``kode``). A code that is present but unusable or unknown is reported and the names
   are used instead.
2. Names level by level: provinsi, kabupaten/kota within the province, kecamatan within the
   kabupaten, desa/kelurahan within the kecamatan. A level whose name is empty is skipped (its
   children are searched within the nearest resolved ancestor). At each level:

   a. a mapping entry (``tingkat, induk_kode, input_nama``) decides (``mapping``, or
      ``not_in_area`` when its ``kode`` is empty or ``-``);
   b. exact: same compact key (:func:`layers.codes.compact`) and compatible kind
      (``Kota Semarang`` never matches ``Kabupaten Semarang``; ``Kel.`` never matches a desa);
      two or more such candidates (``SEMARANG`` without prefix, twin village names) are
      ``ambiguous``, and so is a kab name without ``Kab.``/``Kota`` that Kepmendagri gives to
      both a kabupaten and a kota (:data:`layers.codes.KAB_KOTA_SHARED_NAMES`) even when the
      gazetteer holds only one of them;
   c. fuzzy: :func:`rapidfuzz.fuzz.ratio` on the compact keys of the candidates in the same
      parent; accepted only when the best score reaches ``settings.fuzzy_accept``, the
      runner-up is at least ``settings.fuzzy_margin`` lower and the two names do not differ by
      a direction word or a numeral (``KESUGIHAN`` / ``KESUGIHAN KIDUL``, ``TEMANGGUNG I`` /
      ``TEMANGGUNG II``). ``ratio`` (normalised Indel similarity) is used rather than
      ``WRatio`` because ``WRatio`` scores a name contained in another one (partial and
      token-set ratios) as a near-perfect match, which is exactly how neighbouring villages
      are named; ``ratio`` on the compact key is symmetric, insensitive to spacing and
      penalises every extra or missing character.
   d. otherwise ``ambiguous`` (a candidate reached the threshold but was refused) or
      ``unmatched``, with up to ``settings.review_candidates`` candidates of the same parent.

   Children of an unresolved parent are ``unmatched`` (parent unresolved); children of a
   parent mapped as not in this area are ``not_in_area``.

Everything works on distinct names: a register of 150,000 rows has a few hundred distinct areas.
"""

from __future__ import annotations

import csv
import os
import tempfile
from io import StringIO
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .codes import (KAB_KOTA_SHARED_NAMES, LEVELS, WIDTHS, compact, differ_by_qualifier,
                    fold_name, level_of, normalize_kode, parse_name)
from .errors import InputError
from .settings import DEFAULT, Settings

REPORT_COLUMNS = ["tingkat", "input_kode", "input_nama", "induk_kode", "metode", "skor",
                  "kode_hasil", "nama_hasil", "kandidat", "jumlah_baris"]
"""Columns of :attr:`MatchResult.report` and :attr:`MatchResult.review`, in this order."""

MAPPING_COLUMNS = ["tingkat", "induk_kode", "input_nama", "kode"]
"""Columns of the mapping CSV."""

METHODS = ("kode", "exact", "fuzzy", "mapping", "ambiguous", "unmatched", "not_in_area")
"""Values of ``metode``."""

REVIEW_METHODS = ("ambiguous", "unmatched")
"""``metode`` values a human has to look at."""

NOT_IN_AREA = "-"
"""``kode`` of a mapping entry meaning "not in this area" (an empty ``kode`` means the same)."""

_PARENT = {"prov": None, "kab": "prov", "kec": "kab", "desa": "kec"}
_ACCEPTED = ("kode", "exact", "fuzzy", "mapping")
_KIND_GROUP = {"kabupaten": "kabupaten", "kota": "kota", "desa": "desa", "desa_adat": "desa",
               "kelurahan": "kelurahan"}
_AREA_COLUMNS = ("prov", "kab", "kec", "desa", "kode")
_VILLAGE_KIND = {"1": "kelurahan", "2": "desa", "3": "desa_adat"}

# notes written in the kandidat column (bilingual, short)
_NOTE_BAD_CODE = "kode tidak valid / unusable code"
_NOTE_UNKNOWN_CODE = "kode tidak ada di gazetir / code not in gazetteer"
_NOTE_OUTSIDE = ("kode di luar wilayah berkas batas / code outside the boundary file's area")
_NOTE_EMPTY = "nama kosong / empty name"
_NOTE_PARENT = "induk belum cocok / parent unresolved"
_NOTE_PARENT_OUT = "induk di luar wilayah / parent not in this area"
_NOTE_KAB_KOTA = ("tanpa 'Kab.'/'Kota': nama ini milik kabupaten dan kota / "
                  "without 'Kab.'/'Kota': both a kabupaten and a kota have this name")


@dataclass
class MatchResult:
    """What :func:`resolve_areas` found.

    Attributes
    ----------
    kode_desa
        Desa code per input area (aligned with ``areas.index``), ``None`` where unresolved or
        not in this area.
    report
        One row per distinct input name (or code) at each level, :data:`REPORT_COLUMNS`.
        Every input area has exactly one ``desa`` row, so ``jumlah_baris`` of the ``desa``
        rows adds up to the rows of the input.
    review
        The report rows a human has to decide (``ambiguous``, ``unmatched``).
    metode
        ``metode`` of the desa decision per input area (aligned with ``areas.index``).
    kode_kec
        Kecamatan code per input area where the kecamatan is known (also when the desa is
        not), else ``None``.
    """

    kode_desa: pd.Series
    report: pd.DataFrame
    review: pd.DataFrame
    metode: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    kode_kec: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))


@dataclass
class _Decision:
    metode: str
    kode: str | None = None
    skor: float = float("nan")
    kandidat: str = ""


@dataclass
class _Level:
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


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------

def resolve_areas(areas: pd.DataFrame, gazetteer: pd.DataFrame, *,
                  mapping: pd.DataFrame | str | Path | None = None,
                  settings: Settings = DEFAULT) -> MatchResult:
    """Resolve distinct input areas to Kemendagri desa codes.

    Parameters
    ----------
    areas
        Distinct input areas: ``prov, kab, kec, desa`` (names as written, may be empty or
        missing), ``kode`` (desa code as written, may be empty or missing) and ``n_rows``
        (rows of the input using the area; 1 when missing).
    gazetteer
        The boundary frame without geometry: ``kode_desa, nama_desa, kode_kec, nama_kec,
        kode_kab, nama_kab`` and optionally ``jenis, kode_prov, nama_prov``. Codes may be
        dotted.
    mapping
        Decisions pinned by a human (:func:`read_mapping`), or the path of a mapping CSV.
    settings
        ``fuzzy_accept``, ``fuzzy_margin``, ``review_candidates``, ``direction_words``.

    Returns
    -------
    MatchResult

    Raises
    ------
    InputError
        A mapping entry whose ``kode`` is not in the gazetteer (names file, row, column), or a
        gazetteer without the columns needed.
    """
    gaz = _prepare_gazetteer(gazetteer)
    if mapping is not None and not isinstance(mapping, pd.DataFrame):
        mapping = read_mapping(mapping)
    pinned = _prepare_mapping(mapping, gaz)
    frame = _prepare_areas(areas)
    return _Resolver(frame, gaz, pinned, settings).run(areas.index)


def read_mapping(path: str | Path) -> pd.DataFrame:
    """Read a mapping CSV (``tingkat,induk_kode,input_nama,kode``).

    ``tingkat`` is ``prov``, ``kab``, ``kec`` or ``desa`` (``provinsi``, ``kabupaten``,
    ``kecamatan``, ``kelurahan`` ... accepted); ``induk_kode`` the code of the parent the name
    was found in (empty for the top level or when the input had no parent name); ``input_nama``
    the name as written (compared by kind and compact key, so ``Sambong Rejo`` and
    ``SAMBONGREJO`` are one entry, ``Kota Semarang`` and ``Semarang`` are two); ``kode`` the
    code it means, or empty / ``-`` for "not in this area". Comma, semicolon or tab separated,
    UTF-8 (with or without BOM) or Windows-1252; codes may be dotted.

    Returns
    -------
    DataFrame
        ``tingkat, induk_kode, input_nama, kode`` (codes undotted, ``-`` for not in this
        area) plus ``_row`` (spreadsheet row number); ``attrs["file"]`` holds the file name.

    Raises
    ------
    InputError
        Unreadable file, missing column, unknown ``tingkat``, empty ``input_nama``, a code
        that cannot be a code of its level, or two rows giving one name different codes.
    """
    path = Path(path)
    raw = _read_mapping_csv(path)
    out = _check_mapping(raw, path.name)
    out.attrs["file"] = path.name
    return out


def write_mapping(df: pd.DataFrame, path: str | Path) -> Path:
    """Write mapping entries (``tingkat,induk_kode,input_nama,kode``) as UTF-8 CSV.

    Codes are written undotted as text; an empty ``kode`` is written as ``-`` (not in this
    area). Other columns of ``df`` are ignored. The file is replaced atomically.

    Raises
    ------
    InputError
        When ``df`` lacks one of the four columns.
    """
    path = Path(path)
    missing = [c for c in MAPPING_COLUMNS if c not in df.columns]
    if missing:
        raise InputError(f"Kolom pemetaan tidak ada: {', '.join(missing)}.",
                         f"Mapping columns missing: {', '.join(missing)}.",
                         file=path.name, column=missing[0])
    out = df[MAPPING_COLUMNS].astype(object).where(df[MAPPING_COLUMNS].notna(), "")
    out = out.map(lambda v: str(v).strip())
    out["tingkat"] = [_safe_level(t) or t for t in out["tingkat"]]
    out["induk_kode"] = [_undot(v) for v in out["induk_kode"]]
    out["kode"] = [_undot(v) or NOT_IN_AREA for v in out["kode"]]
    fd, tmp = tempfile.mkstemp(prefix=".mapping-", suffix=".csv", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            out.to_csv(fh, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


# --------------------------------------------------------------------------------------------
# gazetteer
# --------------------------------------------------------------------------------------------

def _prepare_gazetteer(gazetteer: pd.DataFrame) -> dict[str, _Level]:
    needed = ["kode_desa", "nama_desa", "nama_kec", "nama_kab"]
    missing = [c for c in needed if c not in gazetteer.columns]
    if missing:
        raise InputError(f"Gazetir tidak memiliki kolom {missing[0]}.",
                         f"The gazetteer has no column {missing[0]}.", column=missing[0])
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
            gazetteer.loc[g.index, "jenis"].isin(list(_KIND_GROUP)), None)
    else:
        jenis = pd.Series([None] * len(g), index=g.index)
    g["jenis"] = jenis.fillna(g["kode_desa"].str[6].map(_VILLAGE_KIND))
    out = {}
    for lvl in LEVELS:
        cols = [f"kode_{lvl}", f"nama_{lvl}"] + (["jenis"] if lvl == "desa" else [])
        table = g[cols].drop_duplicates(f"kode_{lvl}").sort_values(f"kode_{lvl}")
        out[lvl] = _build_level(lvl, table)
    return out


def _codes(series: pd.Series, lvl: str) -> pd.Series:
    uniq = {v: normalize_kode(v, lvl) for v in pd.unique(series.astype(object))}
    return series.astype(object).map(uniq)


def _build_level(lvl: str, table: pd.DataFrame) -> _Level:
    kode = table[f"kode_{lvl}"].astype(str).to_numpy(dtype=object)
    nama = table[f"nama_{lvl}"].astype(object).where(table[f"nama_{lvl}"].notna(), "")
    nama = nama.astype(str).str.strip().to_numpy(dtype=object)
    parsed = [parse_name(n, lvl) for n in nama]
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
    return _Level(name=lvl, kode=kode, nama=nama, kind=kind, core=core, key=key,
                  pos_of_kode={k: i for i, k in enumerate(kode)}, by_key=by_key,
                  by_full=by_full)


# --------------------------------------------------------------------------------------------
# areas and mapping
# --------------------------------------------------------------------------------------------

def _prepare_areas(areas: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(index=pd.RangeIndex(len(areas)))
    for col in _AREA_COLUMNS:
        values = areas[col].to_numpy(dtype=object) if col in areas else [None] * len(areas)
        frame[col] = [_text(v) for v in values]
    if "n_rows" in areas:
        n = pd.to_numeric(areas["n_rows"], errors="coerce").fillna(1)
        frame["n_rows"] = n.astype("int64").to_numpy()
    else:
        frame["n_rows"] = 1
    return frame


def _text(value: Any) -> str:
    """A name or code as written, whitespace folded; empty for missing values and ``-``."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return "" if text in ("-", "--") else text


def _name_key(raw: str, lvl: str) -> tuple[str | None, str]:
    parsed = parse_name(raw, lvl)
    return parsed.kind, compact(parsed.core)


def _read_mapping_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError("Berkas pemetaan tidak ditemukan.", "Mapping file not found.",
                         file=path.name)
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = data.decode(encoding)
            if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise InputError("Berkas pemetaan tidak dapat dibaca (encoding).",
                         "Mapping file cannot be decoded.", file=path.name)
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=first.count)
    try:
        frame = pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputError(f"Berkas pemetaan tidak dapat dibaca: {err}",
                         f"Mapping file cannot be read: {err}", file=path.name) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    for col in MAPPING_COLUMNS:
        if col not in frame.columns:
            raise InputError(
                f"Kolom '{col}' tidak ada (harus: {','.join(MAPPING_COLUMNS)}).",
                f"Column '{col}' is missing (expected: {','.join(MAPPING_COLUMNS)}).",
                file=path.name, row=1, column=col)
    return frame


def _check_mapping(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    rows = []
    seen: dict[tuple, tuple[str, int]] = {}
    for i, rec in enumerate(frame[MAPPING_COLUMNS].itertuples(index=False)):
        row = i + 2
        tingkat, induk, nama, kode = (_text(v) for v in rec)
        if not (tingkat or induk or nama or kode):
            continue
        lvl = _safe_level(tingkat)
        if lvl is None:
            raise InputError(f"tingkat '{tingkat}' tidak dikenal (prov, kab, kec, desa).",
                             f"unknown tingkat '{tingkat}' (prov, kab, kec, desa).",
                             file=file, row=row, column="tingkat")
        if not nama:
            raise InputError("input_nama kosong.", "input_nama is empty.",
                             file=file, row=row, column="input_nama")
        parent_lvl = _PARENT[lvl]
        induk_code = ""
        if induk:
            induk_code = next((c for c in (normalize_kode(induk, p) for p in _ancestors(lvl))
                               if c), None)
            if induk_code is None:
                where = parent_lvl or "-"
                raise InputError(
                    f"induk_kode '{induk}' bukan kode wilayah induk ({where}).",
                    f"induk_kode '{induk}' is not a code of a parent area ({where}).",
                    file=file, row=row, column="induk_kode")
        if kode in ("", NOT_IN_AREA):
            kode_code = NOT_IN_AREA
        else:
            kode_code = normalize_kode(kode, lvl)
            if kode_code is None:
                raise InputError(f"kode '{kode}' bukan kode {lvl} yang sah.",
                                 f"kode '{kode}' is not a valid {lvl} code.",
                                 file=file, row=row, column="kode")
        key = (lvl, induk_code) + _name_key(nama, lvl)
        if key in seen and seen[key][0] != kode_code:
            raise InputError(
                f"'{nama}' sudah dipetakan ke kode lain di baris {seen[key][1]}.",
                f"'{nama}' is already mapped to another code in row {seen[key][1]}.",
                file=file, row=row, column="kode")
        seen.setdefault(key, (kode_code, row))
        rows.append((lvl, induk_code, nama, kode_code, row))
    return pd.DataFrame(rows, columns=MAPPING_COLUMNS + ["_row"]).astype(
        {"_row": "int64"})


def _ancestors(lvl: str) -> list[str]:
    """Levels above ``lvl``, nearest first."""
    out, cur = [], _PARENT[lvl]
    while cur:
        out.append(cur)
        cur = _PARENT[cur]
    return out


def _safe_level(value: Any) -> str | None:
    try:
        return level_of(str(value))
    except ValueError:
        return None


def _undot(value: Any) -> str:
    text = _text(value)
    if text in ("", NOT_IN_AREA):
        return ""
    for lvl in ("desa", "kec", "kab", "prov"):
        code = normalize_kode(text, lvl)
        if code:
            return code
    return text


def _prepare_mapping(mapping: pd.DataFrame | None,
                     gaz: dict[str, _Level]) -> dict[tuple, str]:
    """Mapping entries keyed by (level, parent code, kind, compact key) -> code or ``-``."""
    if mapping is None or len(mapping) == 0:
        return {}
    file = mapping.attrs.get("file")
    missing = [c for c in MAPPING_COLUMNS if c not in mapping.columns]
    if missing:
        raise InputError(f"Kolom '{missing[0]}' tidak ada di pemetaan.",
                         f"Column '{missing[0]}' is missing from the mapping.",
                         file=file, row=1, column=missing[0])
    if "_row" not in mapping.columns:
        mapping = _check_mapping(mapping, file or "mapping")
    pinned = {}
    for tingkat, induk, nama, raw_kode, row in zip(
            mapping["tingkat"], mapping["induk_kode"], mapping["input_nama"], mapping["kode"],
            mapping["_row"]):
        lvl = level_of(tingkat)
        kode = _text(raw_kode)
        if kode and kode != NOT_IN_AREA:
            kode = normalize_kode(kode, lvl) or kode
            if kode not in gaz[lvl].pos_of_kode:
                raise InputError(
                    f"kode '{raw_kode}' tidak ada di gazetir (batas wilayah), tingkat {lvl}.",
                    f"kode '{raw_kode}' is not in the gazetteer (boundaries), level {lvl}.",
                    file=file, row=int(row), column="kode")
        else:
            kode = NOT_IN_AREA
        pinned[(lvl, _undot(induk)) + _name_key(_text(nama), lvl)] = kode
    return pinned


# --------------------------------------------------------------------------------------------
# resolution
# --------------------------------------------------------------------------------------------

class _Resolver:
    """One resolution run: per-area state, per-name decisions and the report rows."""

    def __init__(self, frame: pd.DataFrame, gaz: dict[str, _Level],
                 pinned: dict[tuple, str], settings: Settings):
        self.names = {col: frame[col].tolist() for col in _AREA_COLUMNS}
        self.n_rows = frame["n_rows"].tolist()
        self.gaz = gaz
        self.pinned = pinned
        self.settings = settings
        n = len(frame)
        self.frame = frame
        self.scope = [""] * n               # code of the deepest resolved ancestor
        self.state: list[str | None] = [None] * n  # None, "unresolved", "out"
        self.blocker = [""] * n             # "kec 'NAME'" of the unresolved / excluded parent
        self.kode_desa: list[str | None] = [None] * n
        self.metode: list[str | None] = [None] * n
        self.code_note = [""] * n
        self.rows: dict[tuple, dict] = {}

    # -- driver ------------------------------------------------------------------------------

    def run(self, index: pd.Index) -> MatchResult:
        todo = self._by_code()
        for lvl in LEVELS:
            todo = self._level(lvl, todo)
        report = self._report()
        review = report[report["metode"].isin(REVIEW_METHODS)].reset_index(drop=True)
        kec = [k[:6] if k else (s if len(s) == 6 else None)
               for k, s in zip(self.kode_desa, self.scope)]
        return MatchResult(
            kode_desa=pd.Series(self.kode_desa, index=index, dtype=object),
            report=report, review=review,
            metode=pd.Series(self.metode, index=index, dtype=object),
            kode_kec=pd.Series(kec, index=index, dtype=object))

    # -- codes -------------------------------------------------------------------------------

    def _by_code(self) -> list[int]:
        """Areas whose code resolves them; returns the others (to match by name)."""
        desa = self.gaz["desa"]
        todo = []
        cache: dict[str, str | None] = {}
        for i, raw in enumerate(self.names["kode"]):
            if not raw:
                todo.append(i)
                continue
            if raw not in cache:
                cache[raw] = normalize_kode(raw, "desa")
            code = cache[raw]
            if code is not None and code in desa.pos_of_kode:
                self.kode_desa[i], self.metode[i] = code, "kode"
                self.scope[i] = code
                self._add("desa", i, code[:6], _Decision("kode", code, 100.0),
                          input_nama=self.names["desa"][i], input_kode=raw)
            elif code is not None and code[:4] not in self.gaz["kab"].pos_of_kode:
                # a valid code of another kabupaten: the row belongs outside this boundary
                # file (a province-wide register read against one kabupaten), not to review
                self.state[i], self.metode[i] = "out", "not_in_area"
                self._add("desa", i, code[:6], _Decision("not_in_area", kandidat=_NOTE_OUTSIDE),
                          input_nama=self.names["desa"][i], input_kode=raw)
            else:
                self.code_note[i] = _NOTE_BAD_CODE if code is None else _NOTE_UNKNOWN_CODE
                todo.append(i)
        return todo

    # -- names -------------------------------------------------------------------------------

    def _level(self, lvl: str, todo: list[int]) -> list[int]:
        names = self.names[lvl]
        level = self.gaz[lvl]
        no_names = lvl == "prov" and not any(level.nama)
        queries: dict[tuple[str, str], list[int]] = {}
        for i in todo:
            raw = names[i]
            if self.state[i] is not None:
                if raw or lvl == "desa":
                    self._inherit(lvl, i, raw)
                continue
            if not raw or no_names:
                if lvl == "desa":
                    note = "; ".join(x for x in (self.code_note[i], _NOTE_EMPTY) if x)
                    self._add("desa", i, self.scope[i], _Decision("unmatched", kandidat=note),
                              input_nama=raw, input_kode=self.names["kode"][i])
                    self.metode[i] = "unmatched"
                continue
            queries.setdefault((self.scope[i], raw), []).append(i)
        decisions = self._decide(lvl, list(queries))
        for (scope, raw), members in queries.items():
            decision = decisions[(scope, raw)]
            for i in members:
                self._apply(lvl, i, raw, scope, decision)
        return todo

    def _apply(self, lvl: str, i: int, raw: str, scope: str, decision: _Decision) -> None:
        kandidat = decision.kandidat
        if lvl == "desa" and self.code_note[i]:
            kandidat = "; ".join(x for x in (self.code_note[i], kandidat) if x)
        self._add(lvl, i, scope, _Decision(decision.metode, decision.kode, decision.skor,
                                           kandidat), input_nama=raw,
                  input_kode=self.names["kode"][i] if lvl == "desa" else "")
        if decision.metode in _ACCEPTED:
            self.scope[i] = decision.kode
            if lvl == "desa":
                self.kode_desa[i] = decision.kode
        else:
            self.state[i] = "out" if decision.metode == "not_in_area" else "unresolved"
            self.blocker[i] = f"{lvl} '{raw}'"
        if lvl == "desa":
            self.metode[i] = decision.metode

    def _inherit(self, lvl: str, i: int, raw: str) -> None:
        """A child of an unresolved or excluded parent."""
        out = self.state[i] == "out"
        note = f"{_NOTE_PARENT_OUT if out else _NOTE_PARENT}: {self.blocker[i]}"
        if lvl == "desa" and self.code_note[i]:
            note = f"{self.code_note[i]}; {note}"
        decision = _Decision("not_in_area" if out else "unmatched", kandidat=note)
        self._add(lvl, i, "", decision, input_nama=raw,
                  input_kode=self.names["kode"][i] if lvl == "desa" else "",
                  extra=self.blocker[i])
        if lvl == "desa":
            self.metode[i] = decision.metode

    def _decide(self, lvl: str, queries: list[tuple[str, str]]) -> dict[tuple, _Decision]:
        level = self.gaz[lvl]
        out: dict[tuple, _Decision] = {}
        fuzzy: dict[str, list[tuple[str, str]]] = {}
        for scope, raw in queries:
            decision = self._pinned(lvl, scope, raw) or self._exact(level, scope, raw)
            if decision is None:
                fuzzy.setdefault(scope, []).append((scope, raw))
            else:
                out[(scope, raw)] = decision
        for scope, items in fuzzy.items():
            out.update(self._fuzzy(level, scope, items))
        return out

    def _pinned(self, lvl: str, scope: str, raw: str) -> _Decision | None:
        if not self.pinned:
            return None
        name_key = _name_key(raw, lvl)
        for induk in (scope, ""):
            kode = self.pinned.get((lvl, induk) + name_key)
            if kode is not None:
                if kode == NOT_IN_AREA:
                    return _Decision("not_in_area")
                return _Decision("mapping", kode)
        return None

    def _exact(self, level: _Level, scope: str, raw: str) -> _Decision | None:
        kind, key = _name_key(raw, level.name)
        hits = [i for i in level.exact(key, scope) if _compatible(kind, level.kind[i])]
        if not hits:
            # "DESA DESA BARU": the gazetteer name read with its prefix
            hits = [i for i in level.exact(key, scope, full=True)
                    if _compatible(kind, level.kind[i])]
        if not hits and kind is not None:
            # "KOTA BARU" may be Kabupaten Kotabaru: read the input prefix as part of the name
            alt = compact(fold_name(raw))
            hits = level.exact(alt, scope) or level.exact(alt, scope, full=True)
        if len(hits) == 1:
            if _kab_kota_doubt(level, kind, hits[0]):
                return _Decision("ambiguous", None, 100.0, "; ".join(
                    [self._kandidat(level, hits, [100.0]), _NOTE_KAB_KOTA]))
            return _Decision("exact", level.kode[hits[0]], 100.0)
        if len(hits) > 1:
            ranked = sorted(hits, key=lambda j: level.kode[j])
            return _Decision("ambiguous", None, 100.0,
                             self._kandidat(level, ranked, [100.0] * len(ranked)))
        return None

    def _fuzzy(self, level: _Level, scope: str,
               items: list[tuple[str, str]]) -> dict[tuple, _Decision]:
        from rapidfuzz import fuzz, process

        pool = level.pool(scope)
        if len(pool) == 0:
            return {item: _Decision("unmatched") for item in items}
        parsed = [parse_name(raw, level.name) for _, raw in items]
        keys = [compact(p.core) for p in parsed]
        choices = list(level.key[pool])
        groups = np.array([_KIND_GROUP.get(k, "") if k else "" for k in level.kind[pool]])
        step = max(1, 2_000_000 // len(pool))      # keep the score matrix small
        out = {}
        for start in range(0, len(items), step):
            scores = process.cdist(keys[start:start + step], choices, scorer=fuzz.ratio,
                                   dtype=np.float32, workers=1)
            for row, item in enumerate(items[start:start + step]):
                p = parsed[start + row]
                out[item] = self._judge(level, pool, scores[row].astype(float), p, groups)
        return out

    def _judge(self, level: _Level, pool: np.ndarray, score: np.ndarray, parsed,
               groups: np.ndarray) -> _Decision:
        s = self.settings
        kandidat = self._kandidat(level, *self._top(level, pool, score, s.review_candidates))
        if parsed.kind is None:
            masked = score
        else:
            compatible = (groups == _KIND_GROUP[parsed.kind]) | (groups == "")
            masked = np.where(compatible, score, -1.0)
        best = int(np.argmax(masked))
        best_score = float(masked[best])
        if best_score < 0:
            return _Decision("unmatched", None, float("nan"), kandidat)
        others = np.delete(masked, best)
        runner = float(others.max()) if len(others) else -1.0
        if best_score < s.fuzzy_accept:
            return _Decision("unmatched", None, round(best_score, 1), kandidat)
        if (best_score - runner < s.fuzzy_margin
                or differ_by_qualifier(parsed.core, level.core[pool[best]], s.direction_words)):
            return _Decision("ambiguous", None, round(best_score, 1), kandidat)
        if _kab_kota_doubt(level, parsed.kind, pool[best]):
            return _Decision("ambiguous", None, round(best_score, 1),
                             f"{kandidat}; {_NOTE_KAB_KOTA}")
        return _Decision("fuzzy", level.kode[pool[best]], round(best_score, 1))

    @staticmethod
    def _top(level: _Level, pool: np.ndarray, score: np.ndarray,
             n: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``n`` best candidates, best first, ties by code (deterministic)."""
        if n <= 0:
            return pool[:0], score[:0]
        if len(score) > n:
            cut = np.partition(score, len(score) - n)[len(score) - n]
            near = np.flatnonzero(score >= cut)
        else:
            near = np.arange(len(score))
        order = near[np.lexsort((level.kode[pool[near]].astype(str), -score[near]))][:n]
        return pool[order], score[order]

    @staticmethod
    def _kandidat(level: _Level, positions, scores) -> str:
        return "; ".join(f"{level.nama[p]} ({level.kode[p]}) {float(sc):.1f}"
                         for p, sc in zip(positions, scores))

    # -- report ------------------------------------------------------------------------------

    def _add(self, lvl: str, i: int, induk: str, decision: _Decision, *, input_nama: str = "",
             input_kode: str = "", extra: str = "") -> None:
        key = (lvl, induk, input_nama, input_kode, extra, decision.metode)
        row = self.rows.get(key)
        if row is None:
            nama = ""
            if decision.kode and decision.metode in _ACCEPTED:
                level = self.gaz[lvl]
                nama = level.nama[level.pos_of_kode[decision.kode]]
            self.rows[key] = {
                "tingkat": lvl, "input_kode": input_kode, "input_nama": input_nama,
                "induk_kode": induk, "metode": decision.metode, "skor": decision.skor,
                "kode_hasil": decision.kode if decision.metode in _ACCEPTED else "",
                "nama_hasil": nama, "kandidat": decision.kandidat,
                "jumlah_baris": int(self.n_rows[i]),
            }
        else:
            row["jumlah_baris"] += int(self.n_rows[i])

    def _report(self) -> pd.DataFrame:
        report = pd.DataFrame(list(self.rows.values()), columns=REPORT_COLUMNS)
        order = {lvl: n for n, lvl in enumerate(LEVELS)}
        report["_lvl"] = report["tingkat"].map(order)
        report = report.sort_values(["_lvl", "induk_kode", "input_nama", "input_kode", "metode",
                                     "kandidat"], kind="stable")
        report = report.drop(columns="_lvl").reset_index(drop=True)
        report["skor"] = report["skor"].astype(float)
        report["jumlah_baris"] = report["jumlah_baris"].astype("int64")
        return report


def _kab_kota_doubt(level: _Level, kind: str | None, position: int) -> bool:
    """A kab name written without kind whose core belongs to a Kabupaten and a Kota: even when
    the gazetteer holds only one of them, the input may mean the other."""
    return (level.name == "kab" and kind is None
            and level.key[position] in KAB_KOTA_SHARED_NAMES)


def _compatible(kind: str | None, candidate_kind: Any) -> bool:
    """Kinds agree: no kind in the input agrees with everything; desa and desa adat agree."""
    if kind is None or candidate_kind is None:
        return True
    return _KIND_GROUP.get(kind) == _KIND_GROUP.get(candidate_kind)
