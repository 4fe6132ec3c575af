"""ONE small-count suppression rule for every public output (rule: ``docs/privacy.md``).

API
---
``pattern = suppression_pattern(frames, meta, threshold=settings.small_count_threshold)``

Input
    ``frames``: the dataset's frames by level, as ``build`` writes them: ``"desa"``,
    ``"kecamatan"``, ``"kabupaten"``, ``"provinsi"`` (code column ``kode_desa`` / ``kode_kec`` /
    ``kode_kab`` / ``kode_prov``, or indexed by that code as the dashboard loads them) and
    optionally ``"subdesa"`` (``register, kode_desa, dusun, rw`` + unprefixed counts). Missing
    levels are left out of the rule. ``meta``: ``meta.json`` (which columns are counts, which are
    rates and their numerator / denominator). ``threshold`` ``k``: counts ``1 .. k-1`` are hidden.
    The pattern is a pure function of these; compute it once per dataset version and reuse it.

Output
    :class:`Pattern`: ``pattern.status(level, code, column)`` -> ``None`` (shown), ``"primary"``
    (a small count, shown ``<k``), ``"secondary"`` (hidden so that a small count cannot be
    recomputed, shown ``x``); ``pattern.shown(level, frame, columns)`` -> a copy of ``frame``
    with markers in place of hidden values (object dtype; zero and missing values untouched);
    ``pattern.report`` -> :class:`SuppressionReport` (threshold, cells hidden per level and kind).

Subdesa rows are addressed as ``"register|kode_desa|dusun|rw"`` with prefixed columns
(``p3ke_kk_pkh``); :func:`subdesa_code` builds the key.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

SECONDARY_MARK = "x"
"""Marker of a cell hidden so that a small count cannot be recomputed (complementary)."""

LEVEL_CODES = {"provinsi": "kode_prov", "kabupaten": "kode_kab", "kecamatan": "kode_kec",
               "desa": "kode_desa"}
_PARENT = {"kabupaten": "provinsi", "kecamatan": "kabupaten", "desa": "kecamatan"}
_RATE = re.compile(r"^\s*(\w+)\s*/\s*(\w+|\([^)]*\))")


def primary_mark(threshold: int) -> str:
    """``"<k"``: how a small count shows."""
    return f"<{threshold}"


@dataclass(frozen=True)
class SuppressionReport:
    """What a pattern hides: ``cells[level] = {"primary": n, "secondary": n}``."""

    threshold: int
    cells: dict[str, dict[str, int]] = field(default_factory=dict)

    def total(self, kind: str) -> int:
        return sum(c.get(kind, 0) for c in self.cells.values())


@dataclass(frozen=True)
class Pattern:
    """Which cells of which level are hidden and why (see the module docstring)."""

    threshold: int
    hidden: dict[tuple[str, str, str], str]
    report: SuppressionReport

    @property
    def mark(self) -> str:
        return primary_mark(self.threshold)

    def status(self, level: str, code: str, column: str) -> str | None:
        return self.hidden.get((level, str(code), column))

    def marker(self, level: str, code: str, column: str) -> str | None:
        """``"<k"``, ``"x"`` or ``None`` (shown)."""
        s = self.status(level, code, column)
        return None if s is None else self.mark if s == "primary" else SECONDARY_MARK

    def shown(self, level: str, frame: pd.DataFrame, columns=None) -> pd.DataFrame:
        """A copy of ``frame`` (rows of ``level``) with markers in place of hidden values."""
        codes = _codes(frame, level)
        out = frame.copy()
        for col in columns if columns is not None else list(frame.columns):
            if col not in out.columns:
                continue
            marks = [self.marker(level, c, col) for c in codes]
            if any(m is not None for m in marks):
                vals = out[col].astype(object).to_numpy()
                out[col] = [m if m is not None else v for m, v in zip(marks, vals)]
        return out


NO_SUPPRESSION = Pattern(threshold=0, hidden={}, report=SuppressionReport(threshold=0))
"""The pattern of an internal (unsuppressed) export."""


def subdesa_code(register: str, kode_desa: str, dusun, rw) -> str:
    return "|".join(str(v) if v is not None and not pd.isna(v) else "" for v in
                    (register, kode_desa, dusun, rw))


def suppression_pattern(frames: dict[str, pd.DataFrame], meta: dict | None, *,
                        threshold: int) -> Pattern:
    """The dataset's one suppression pattern (module docstring; rule in ``docs/privacy.md``)."""
    if threshold <= 1:
        return Pattern(threshold=threshold, hidden={}, report=SuppressionReport(threshold))
    cells = _cells(frames)
    hidden: dict[tuple[str, str, str], str] = {}
    for group in _alias_groups(frames.get("desa"), _count_columns(meta, cells)):
        status = _suppress_column(cells, group[0], threshold)
        for col in group:
            hidden.update({(lvl, code, col): s for (lvl, code), s in status.items()})
    _hide_rates(hidden, cells, meta)
    report: dict[str, dict[str, int]] = {}
    for (lvl, _, _), s in hidden.items():
        report.setdefault(lvl, {"primary": 0, "secondary": 0})[s] += 1
    return Pattern(threshold=threshold, hidden=hidden,
                   report=SuppressionReport(threshold, dict(sorted(report.items()))))


# --- the cells of the dataset and their sums ---------------------------------------------------

@dataclass
class _Cells:
    """Per level: codes, parent codes, and the frame (columns as in the desa frame)."""

    frames: dict[str, pd.DataFrame]
    codes: dict[str, list[str]]
    parents: dict[str, list[str]]


def _codes(frame: pd.DataFrame, level: str) -> list[str]:
    if level == "subdesa":
        return [subdesa_code(*r) for r in frame[["register", "kode_desa", "dusun", "rw"]]
                .itertuples(index=False)]
    col = LEVEL_CODES[level]
    src = frame[col] if col in frame.columns else frame.index
    return [str(c) for c in src]


def _cells(frames: dict[str, pd.DataFrame]) -> _Cells:
    out = _Cells({}, {}, {})
    for level in LEVEL_CODES:
        f = frames.get(level)
        if f is None or not len(f):
            continue
        out.frames[level] = f
        out.codes[level] = _codes(f, level)
        pcol = LEVEL_CODES.get(_PARENT.get(level, ""), "")
        out.parents[level] = [str(c) for c in f[pcol]] if pcol in f.columns else []
    sub = frames.get("subdesa")
    if sub is not None and len(sub):
        wide = {}
        for reg in sorted(sub["register"].dropna().unique()):
            part = sub[sub["register"] == reg]
            counts = [c for c in part.columns if c not in ("register", "kode_desa", "dusun", "rw")]
            wide[reg] = part.rename(columns={c: f"{reg}_{c}" for c in counts})
        joined = pd.concat(wide.values(), ignore_index=True) if wide else sub
        out.frames["subdesa"] = joined
        out.codes["subdesa"] = _codes(joined, "subdesa")
        out.parents["subdesa"] = [str(c) for c in joined["kode_desa"]]
    return out


def _count_columns(meta: dict | None, cells: _Cells) -> list[str]:
    desa = cells.frames.get("desa")
    cols = [i["kolom"] for i in (meta or {}).get("indikator", []) if i.get("jenis") == "count"]
    return [c for c in cols if desa is not None and c in desa.columns]


def _alias_groups(desa: pd.DataFrame | None, cols: list[str]) -> list[list[str]]:
    """Count columns equal on every desa (``kk_miskin_ekstrem`` = ``kk_desil_1``) share one
    pattern: hiding one and showing its twin would give it back."""
    groups: list[list[str]] = []
    for c in cols:
        v = desa[c].astype("Float64").fillna(-1).to_numpy()
        for g in groups:
            if np.array_equal(v, desa[g[0]].astype("Float64").fillna(-1).to_numpy()):
                g.append(c)
                break
        else:
            groups.append([c])
    return groups


def _values(cells: _Cells, level: str, col: str) -> list[float | None]:
    f = cells.frames[level]
    if col not in f.columns:
        return [None] * len(f)
    return [None if pd.isna(v) else float(v) for v in f[col].astype(object)]


def _equations(cells: _Cells, col: str, values: dict) -> list[tuple[tuple, list[tuple]]]:
    """``parent = sum(children)`` relations that hold exactly in the data (others give an
    attacker nothing exact and are left out)."""
    eqs = []
    for child, parent in (("kabupaten", "provinsi"), ("kecamatan", "kabupaten"),
                          ("desa", "kecamatan"), ("subdesa", "desa")):
        if child not in cells.frames or parent not in cells.frames or not cells.parents[child]:
            continue
        kids: dict[str, list[tuple]] = {}
        for code, p in zip(cells.codes[child], cells.parents[child]):
            kids.setdefault(p, []).append((child, code))
        for p, members in kids.items():
            node = (parent, p)
            if node not in values or values[node] is None:
                continue
            total = sum(values[m] or 0.0 for m in members)
            if abs(total - values[node]) < 1e-9:
                eqs.append((node, members))
    return eqs


def _suppress_column(cells: _Cells, col: str, k: int) -> dict[tuple[str, str], str]:
    """Primary and complementary cells of one count column over all levels."""
    values = {}
    for level in cells.frames:
        values.update({(level, c): v for c, v in zip(cells.codes[level],
                                                     _values(cells, level, col))})
    status = {n: "primary" for n, v in values.items() if v is not None and 0 < v < k}
    eqs = _equations(cells, col, values)
    changed = True
    while changed:
        changed = False
        for parent, kids in eqs:
            if _protect(parent, kids, values, status, k):
                changed = True
    return status


def _protect(parent, kids, values, status, k: int) -> bool:
    """Hide one more cell of ``parent = sum(kids)`` when the equation, with what the markers
    say (``<k`` = ``1..k-1``, ``x`` = at least 1), narrows a hidden cell; ``True`` if
    something changed. Each small cell must keep its whole range ``1..k-1`` and each ``x``
    must stay open (not pinned to one value)."""
    narrowed = _narrowed(parent, kids, values, status, k)
    if not narrowed:
        return False
    free = sorted((values[c], c) for c in kids if c not in status and (values[c] or 0) > 0)
    if free:
        status[free[0][1]] = "secondary"
        return True
    if parent in status and status[parent] == "primary":
        status[parent] = "secondary"  # the sum of small parts bounds it: show it as x
        return True
    if parent not in status and (values[parent] or 0) > 0 and parent not in narrowed:
        small = [c for c in kids if status.get(c) == "primary"]
        if small:
            status[small[0]] = "secondary"  # no part left to hide: one small part shows x
            return True
    if parent not in status and (values[parent] or 0) > 0:
        status[parent] = "secondary"
        return True
    return False


def _bounds(cell, status, k: int) -> tuple[float, float]:
    return (1.0, k - 1.0) if status[cell] == "primary" else (1.0, math.inf)


def _narrowed(parent, kids, values, status, k: int) -> list:
    """Hidden cells of ``parent = sum(kids)`` that the equation pins or narrows."""
    hid = [c for c in kids if c in status]
    if not hid and parent not in status:
        return []
    shown = sum(values[c] or 0.0 for c in kids if c not in status)
    b = {c: _bounds(c, status, k) for c in hid}
    lo_sum, hi_sum = sum(v[0] for v in b.values()), sum(v[1] for v in b.values())
    if parent in status:
        p_lo, p_hi = _bounds(parent, status, k)
    else:
        p_lo = p_hi = values[parent] or 0.0
    out = []
    if parent in status:
        implied = (shown + lo_sum, shown + hi_sum)
        if _too_narrow(implied, (p_lo, p_hi)):
            out.append(parent)
    for c in hid:
        lo, hi = b[c]
        implied = (p_lo - shown - (hi_sum - hi), p_hi - shown - (lo_sum - lo))
        if _too_narrow(implied, (lo, hi)):
            out.append(c)
    return out


def _too_narrow(implied: tuple[float, float], own: tuple[float, float]) -> bool:
    lo, hi = max(implied[0], own[0]), min(implied[1], own[1])
    if math.isinf(own[1]):
        return hi - lo < 1  # an x must not be pinned
    return lo > own[0] or hi < own[1]  # a small count keeps its whole range


# --- rates: a share is hidden when its numerator or denominator is -----------------------------

def rate_parts(meta: dict | None) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``rate column -> (numerator, denominators)`` from each rate's documented formula
    (``"kk_pkh / kk_terdaftar x 100"``), register prefixes applied."""
    out = {}
    for i in (meta or {}).get("indikator", []):
        if i.get("jenis") not in ("rate", "density"):
            continue
        m = _RATE.match(i.get("metode_en") or "")
        if not m:
            continue
        prefix = f"{i['register']}_" if i.get("register") else ""
        den = re.findall(r"\w+", m.group(2))
        den = [d for d in den if d.startswith(("kk_", "jiwa_"))] or den
        den = tuple(_expand(d, prefix) for d in den if d != "luas_km2")
        out[i["kolom"]] = (_expand(m.group(1), prefix), den)
    return out


def _expand(name: str, prefix: str) -> str:
    return name if name in ("kk_total", "jiwa_total") else f"{prefix}{name}"


def _hide_rates(hidden: dict, cells: _Cells, meta: dict | None) -> None:
    """A rate is hidden (``x``) where its numerator or a denominator is hidden: a shown share
    times a shown denominator would give the count back, and a shown share with its numerator
    would give back a hidden denominator."""
    for rate, (num, dens) in rate_parts(meta).items():
        for level in ("provinsi", "kabupaten", "kecamatan", "desa"):
            if level not in cells.frames or rate not in cells.frames[level].columns:
                continue
            for code in cells.codes[level]:
                if any((level, code, c) in hidden for c in (num, *dens)):
                    hidden.setdefault((level, code, rate), "secondary")
