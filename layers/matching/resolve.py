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
      two or more such candidates (twin village names) are ``ambiguous``. A kab name without
      ``Kab.``/``Kota`` that Kepmendagri gives to both a kabupaten and a kota
      (:data:`layers.codes.KAB_KOTA_SHARED_NAMES`, ``MAGELANG``) is decided per input area by
      the names beneath it (:mod:`layers.matching.twins`: ``konteks`` or ``ambiguous``);
   c. fuzzy: :func:`rapidfuzz.fuzz.ratio` on the compact keys of the candidates in the same
      parent; accepted only when the best score reaches ``settings.fuzzy_accept``, the
      runner-up is at least ``settings.fuzzy_margin`` lower and the two names do not differ by
      a direction word or a numeral (``KESUGIHAN`` / ``KESUGIHAN KIDUL``, ``TEMANGGUNG I`` /
      ``TEMANGGUNG II``) and the name does not end in a one-letter abbreviation (``SUMBRSRI K``
      ranks ``Sumbersari Kidul`` first but is reviewed; written exactly, ``SOKARAJA K`` is
      ambiguous where both ``Sokaraja Kidul`` and ``Sokaraja Kulon`` exist). ``ratio``
      (normalised Indel similarity) is used rather than ``WRatio`` because ``WRatio`` scores
      a name contained in another one (partial and token-set ratios) as a near-perfect match,
      which is exactly how neighbouring villages are named; ``ratio`` on the compact key is
      symmetric, insensitive to spacing and penalises every extra or missing character.
   d. otherwise ``ambiguous`` (a candidate reached the threshold but was refused) or
      ``unmatched``, with up to ``settings.review_candidates`` candidates of the same parent.

   Children of an unresolved parent are ``unmatched`` (parent unresolved); children of a
   parent mapped as not in this area are ``not_in_area``.

Everything works on distinct names: a register of 150,000 rows has a few hundred distinct areas.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from layers.codes import (KAB_KOTA_SHARED_NAMES, LEVELS, compact, differ_by_qualifier,
                          fold_name, normalize_kode)
from layers.matching.gazetteer import LevelIndex, index_gazetteer
from layers.matching.mapping import NOT_IN_AREA, pin_mapping, read_mapping
from layers.matching.names import (KIND_GROUP, clean_text, compatible_kind, fuzzy_scores,
                                   lone_abbreviation, name_key, parse)
from layers.matching.report import ACCEPTED, REPORT_COLUMNS, review_rows, sort_report
from layers.matching.twins import CONTEXT, judge_twins
from layers.settings import DEFAULT, Settings

_AREA_COLUMNS = ("prov", "kab", "kec", "desa", "kode")

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
    twins: tuple[str, ...] = ()     # a bare kab name shared by a kabupaten and a kota


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
    gaz = index_gazetteer(gazetteer)
    if mapping is not None and not isinstance(mapping, pd.DataFrame):
        mapping = read_mapping(mapping)
    pinned = pin_mapping(mapping, gaz)
    frame = _prepare_areas(areas)
    return _Resolver(frame, gaz, pinned, settings).run(areas.index)


def _prepare_areas(areas: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(index=pd.RangeIndex(len(areas)))
    for col in _AREA_COLUMNS:
        values = areas[col].to_numpy(dtype=object) if col in areas else [None] * len(areas)
        frame[col] = [clean_text(v) for v in values]
    if "n_rows" in areas:
        n = pd.to_numeric(areas["n_rows"], errors="coerce").fillna(1)
        frame["n_rows"] = n.astype("int64").to_numpy()
    else:
        frame["n_rows"] = 1
    return frame


# --------------------------------------------------------------------------------------------
# resolution
# --------------------------------------------------------------------------------------------

class _Resolver:
    """One resolution run: per-area state, per-name decisions and the report rows."""

    def __init__(self, frame: pd.DataFrame, gaz: dict[str, LevelIndex],
                 pinned: dict[tuple, str], settings: Settings):
        self.names = {col: frame[col].tolist() for col in _AREA_COLUMNS}
        self.n_rows = frame["n_rows"].tolist()
        self.gaz = gaz
        self.pinned = pinned
        self.settings = settings
        n = len(frame)
        self.scope = [""] * n               # code of the deepest resolved ancestor
        self.state: list[str | None] = [None] * n  # None, "unresolved", "out"
        self.blocker = [""] * n             # "kec 'NAME'" of the unresolved / excluded parent
        self.kode_desa: list[str | None] = [None] * n
        self.metode: list[str | None] = [None] * n
        self.code_note = [""] * n
        self.rows: dict[tuple, dict] = {}
        self._fit_cache: dict[tuple[str, str, str], bool] = {}

    # -- driver ------------------------------------------------------------------------------

    def run(self, index: pd.Index) -> MatchResult:
        todo = self._by_code()
        for lvl in LEVELS:
            todo = self._level(lvl, todo)
        report = self._report()
        review = review_rows(report)
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
                own = self._by_evidence(i, decision) if decision.twins else decision
                self._apply(lvl, i, raw, scope, own)
        return todo

    def _by_evidence(self, i: int, decision: _Decision) -> _Decision:
        """A bare twin kab name decided for area ``i`` by the names beneath it."""
        below = next(((lvl, self.names[lvl][i]) for lvl in ("kec", "desa")
                      if self.names[lvl][i]), None)
        kode, note = judge_twins(decision.twins, below, self._fits)
        if kode is not None:
            return _Decision(CONTEXT, kode, 100.0, note)
        kandidat = "; ".join(x for x in (decision.kandidat, note) if x)
        return _Decision("ambiguous", None, decision.skor, kandidat)

    def _fits(self, lvl: str, scope: str, raw: str) -> bool:
        """Whether a kecamatan or desa name resolves inside ``scope`` (cached)."""
        key = (lvl, scope, raw)
        if key not in self._fit_cache:
            level = self.gaz[lvl]
            decision = self._pinned(lvl, scope, raw) or self._exact(level, scope, raw)
            if decision is None:
                decision = self._fuzzy(level, scope, [(scope, raw)])[(scope, raw)]
            self._fit_cache[key] = decision.metode in ACCEPTED
        return self._fit_cache[key]

    def _apply(self, lvl: str, i: int, raw: str, scope: str, decision: _Decision) -> None:
        kandidat = decision.kandidat
        if lvl == "desa" and self.code_note[i]:
            kandidat = "; ".join(x for x in (self.code_note[i], kandidat) if x)
        self._add(lvl, i, scope, _Decision(decision.metode, decision.kode, decision.skor,
                                           kandidat), input_nama=raw,
                  input_kode=self.names["kode"][i] if lvl == "desa" else "")
        if decision.metode in ACCEPTED:
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
        key = name_key(raw, lvl)
        for induk in (scope, ""):
            kode = self.pinned.get((lvl, induk) + key)
            if kode is not None:
                if kode == NOT_IN_AREA:
                    return _Decision("not_in_area")
                return _Decision("mapping", kode)
        return None

    def _exact(self, level: LevelIndex, scope: str, raw: str) -> _Decision | None:
        kind, key = name_key(raw, level.name)
        hits = [i for i in level.exact(key, scope) if compatible_kind(kind, level.kind[i])]
        if not hits:
            # "DESA DESA BARU": the gazetteer name read with its prefix
            hits = [i for i in level.exact(key, scope, full=True)
                    if compatible_kind(kind, level.kind[i])]
        if not hits and kind is not None:
            # "KOTA BARU" may be Kabupaten Kotabaru: read the input prefix as part of the name
            alt = compact(fold_name(raw))
            hits = level.exact(alt, scope) or level.exact(alt, scope, full=True)
        if hits and lone_abbreviation(raw, level.name):
            # a lone "K" reads Kidul; where the Kulon reading exists too, both are candidates
            hits = hits + [j for j in level.exact(key[:-len("KIDUL")] + "KULON", scope)
                           if compatible_kind(kind, level.kind[j])]
        ranked = sorted(hits, key=lambda j: level.kode[j])
        twins = _kab_kota_twins(level, kind, ranked)
        if len(hits) == 1 and not twins:
            return _Decision("exact", level.kode[hits[0]], 100.0)
        if hits:
            kandidat = self._kandidat(level, ranked, [100.0] * len(ranked))
            if len(hits) == 1:
                kandidat = f"{kandidat}; {_NOTE_KAB_KOTA}"
            return _Decision("ambiguous", None, 100.0, kandidat,
                             tuple(level.kode[j] for j in twins))
        return None

    def _fuzzy(self, level: LevelIndex, scope: str,
               items: list[tuple[str, str]]) -> dict[tuple, _Decision]:
        pool = level.pool(scope)
        if len(pool) == 0:
            return {item: _Decision("unmatched") for item in items}
        parsed = [parse(raw, level.name) for _, raw in items]
        keys = [compact(p.core) for p in parsed]
        choices = list(level.key[pool])
        groups = np.array([KIND_GROUP.get(k, "") if k else "" for k in level.kind[pool]])
        step = max(1, 2_000_000 // len(pool))      # keep the score matrix small
        out = {}
        for start in range(0, len(items), step):
            scores = fuzzy_scores(keys[start:start + step], choices)
            for row, item in enumerate(items[start:start + step]):
                lone = lone_abbreviation(item[1], level.name)
                out[item] = self._judge(level, pool, scores[row].astype(float),
                                        parsed[start + row], groups, lone)
        return out

    def _judge(self, level: LevelIndex, pool: np.ndarray, score: np.ndarray, parsed,
               groups: np.ndarray, lone: bool) -> _Decision:
        s = self.settings
        kandidat = self._kandidat(level, *self._top(level, pool, score, s.review_candidates))
        if parsed.kind is None:
            masked = score
        else:
            compatible = (groups == KIND_GROUP[parsed.kind]) | (groups == "")
            masked = np.where(compatible, score, -1.0)
        best = int(np.argmax(masked))
        best_score = float(masked[best])
        if best_score < 0:
            return _Decision("unmatched", None, float("nan"), kandidat)
        others = np.delete(masked, best)
        runner = float(others.max()) if len(others) else -1.0
        if best_score < s.fuzzy_accept:
            return _Decision("unmatched", None, round(best_score, 1), kandidat)
        if (lone or best_score - runner < s.fuzzy_margin
                or differ_by_qualifier(parsed.core, level.core[pool[best]], s.direction_words)):
            return _Decision("ambiguous", None, round(best_score, 1), kandidat)
        if _kab_kota_doubt(level, parsed.kind, pool[best]):
            return _Decision("ambiguous", None, round(best_score, 1),
                             f"{kandidat}; {_NOTE_KAB_KOTA}")
        return _Decision("fuzzy", level.kode[pool[best]], round(best_score, 1))

    @staticmethod
    def _top(level: LevelIndex, pool: np.ndarray, score: np.ndarray,
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
    def _kandidat(level: LevelIndex, positions, scores) -> str:
        return "; ".join(f"{level.nama[p]} ({level.kode[p]}) {float(sc):.1f}"
                         for p, sc in zip(positions, scores))

    # -- report ------------------------------------------------------------------------------

    def _add(self, lvl: str, i: int, induk: str, decision: _Decision, *, input_nama: str = "",
             input_kode: str = "", extra: str = "") -> None:
        # one review row per name: notes of a bare twin name reviewed for several reasons merge
        note = decision.kandidat if decision.metode in ACCEPTED else ""
        key = (lvl, induk, input_nama, input_kode, extra, decision.metode, decision.kode, note)
        row = self.rows.get(key)
        if row is None:
            nama = ""
            if decision.kode and decision.metode in ACCEPTED:
                level = self.gaz[lvl]
                nama = level.nama[level.pos_of_kode[decision.kode]]
            self.rows[key] = {
                "tingkat": lvl, "input_kode": input_kode, "input_nama": input_nama,
                "induk_kode": induk, "metode": decision.metode, "skor": decision.skor,
                "kode_hasil": decision.kode if decision.metode in ACCEPTED else "",
                "nama_hasil": nama, "kandidat": decision.kandidat,
                "jumlah_baris": int(self.n_rows[i]),
            }
        else:
            row["jumlah_baris"] += int(self.n_rows[i])
            parts = row["kandidat"].split("; ") if row["kandidat"] else []
            row["kandidat"] = "; ".join(parts + [p for p in decision.kandidat.split("; ")
                                                 if p and p not in parts])

    def _report(self) -> pd.DataFrame:
        return sort_report(pd.DataFrame(list(self.rows.values()), columns=REPORT_COLUMNS))


def _kab_kota_twins(level: LevelIndex, kind: str | None, hits: list[int]) -> list[int]:
    """The hits of a bare kab name that are a Kabupaten and a Kota sharing the name (one when
    the gazetteer holds only one of them); empty when the name is no such twin."""
    if not hits or len(hits) > 2 or not _kab_kota_doubt(level, kind, hits[0]):
        return []
    if len(hits) == 2 and {level.kind[j] for j in hits} != {"kabupaten", "kota"}:
        return []
    return hits


def _kab_kota_doubt(level: LevelIndex, kind: str | None, position: int) -> bool:
    """A kab name written without kind whose core belongs to a Kabupaten and a Kota: even when
    the gazetteer holds only one of them, the input may mean the other."""
    return (level.name == "kab" and kind is None
            and level.key[position] in KAB_KOTA_SHARED_NAMES)


