"""Quadrant analysis (analisis kuadran) as TKPK teams do it: two indicators, each split at a
benchmark, every desa in one of four quadrants.

Numbering (docs/analysis.md): each axis is oriented so that *worse* is up / right (for IDM,
where low is worse, the axis is reversed), and quadrants are numbered as in the Cartesian
plane the TKPK guides draw: **I** worse on both (upper right), **II** worse on y only (upper
left), **III** worse on neither (lower left), **IV** worse on x only (lower right). A value
exactly on a benchmark line counts as *not worse*: only a value strictly worse than the
benchmark is worse.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.analysis.common import (area_rows, check_indicator, join_reasons, label,
                                    lead_columns, missing_reason, pooled, values)
from layers.errors import InputError
from layers.fmt import angka
from layers.ranking.columns import default_direction

BENCHMARKS = ("area", "mean", "median")
QUADRANTS = ("I", "II", "III", "IV")

_HOW = {"rate": ("angka wilayah (total pembilang / total penyebut)",
                 "the area's figure (total numerator / total denominator)"),
        "count": ("angka wilayah (jumlah total / banyak desa)",
                  "the area's figure (total count / number of desa)"),
        "mean": ("rata-rata desa (indikator ini tidak punya angka wilayah gabungan)",
                 "mean of the desa (this indicator has no pooled area figure)"),
        "median": ("median desa", "median of the desa"),
        "value": ("nilai yang diketik", "a typed value")}


def benchmark_value(frame: pd.DataFrame, col: str, meta: dict | None,
                    benchmark: str | float) -> tuple[float, str]:
    """The split value of one axis and how it was taken (a key of ``_HOW``)."""
    v = values(frame, col)
    if isinstance(benchmark, (int, float)) and not isinstance(benchmark, bool):
        return float(benchmark), "value"
    if benchmark == "area":
        return pooled(frame, col, meta)
    if benchmark in ("mean", "median") and (~np.isnan(v)).any():
        return float(np.nanmean(v) if benchmark == "mean" else np.nanmedian(v)), benchmark
    if benchmark in ("mean", "median"):
        return float("nan"), benchmark
    raise InputError(f"Patokan '{benchmark}' tidak dikenal: area, mean, median atau angka.",
                     f"Unknown benchmark '{benchmark}': area, mean, median or a number.",
                     column="--benchmark")


def quadrant(desa: pd.DataFrame, meta: dict | None, x: str, y: str, *,
             benchmark: str | float | tuple = "area", area: str | None = None
             ) -> tuple[pd.DataFrame, dict]:
    """Quadrant of every desa of ``area`` for indicators ``x`` and ``y``.

    Parameters
    ----------
    benchmark
        ``"area"`` (default: the area's pooled figure), ``"mean"``, ``"median"`` or a number;
        a pair ``(bx, by)`` sets each axis separately.

    Returns
    -------
    (DataFrame, dict)
        One row per desa: ``kode_desa``, names, ``x``, ``y``, ``kuadran`` (I-IV, empty when a
        value is missing), ``alasan`` (why); and the method (``teks_id``, ``teks_en``, rows).
    """
    frame, where = area_rows(desa, area)
    for col, opt in ((x, "--x"), (y, "--y")):
        check_indicator(frame, col, opt)
    bx, by = benchmark if isinstance(benchmark, tuple) else (benchmark, benchmark)
    (vx, how_x), (vy, how_y) = (benchmark_value(frame, x, meta, bx),
                                benchmark_value(frame, y, meta, by))
    dx, dy = default_direction(x), default_direction(y)
    ax, ay = values(frame, x), values(frame, y)
    wx = ax > vx if dx == "higher" else ax < vx
    wy = ay > vy if dy == "higher" else ay < vy
    known = ~np.isnan(ax) & ~np.isnan(ay) & ~np.isnan(vx) & ~np.isnan(vy)
    kuadran = np.select([wx & wy, wy & ~wx, ~wx & ~wy, wx & ~wy], list(QUADRANTS), "")
    out = lead_columns(frame)
    out[x] = frame[x].to_numpy()
    if y != x:
        out[y] = frame[y].to_numpy()
    out["kuadran"] = pd.array(np.where(known, kuadran, None), dtype="string")
    out["alasan"] = join_reasons(missing_reason(frame, x, meta), missing_reason(frame, y, meta))
    counts = out["kuadran"].value_counts().reindex(list(QUADRANTS), fill_value=0)
    axes = [(x, vx, how_x, dx), (y, vy, how_y, dy)]
    return out.reset_index(drop=True), _method(axes, counts, where, meta, len(out))


def _method(axes, counts: pd.Series, where: dict, meta: dict | None, n: int) -> dict:
    """Method texts (id / en) and rows for the method sheet."""
    rows, parts_id, parts_en = [], [], []
    for name, (col, value, how, direction) in zip(("x", "y"), axes):
        worse_id = "lebih tinggi = lebih buruk" if direction == "higher" else \
            "lebih rendah = lebih buruk"
        worse_en = "higher = worse" if direction == "higher" else "lower = worse"
        parts_id.append(f"{name} = {label(col, meta)} ({worse_id}), patokan {_HOW[how][0]} "
                        f"{angka(value, 2)}")
        parts_en.append(f"{name} = {label(col, meta, 'en')} ({worse_en}), benchmark "
                        f"{_HOW[how][1]} {angka(value, 2, lang='en')}")
        rows += [(f"Sumbu {name} / axis {name}", col),
                 (f"Patokan {name} / benchmark {name}", f"{_HOW[how][0]} / {_HOW[how][1]}"),
                 (f"Nilai patokan {name} / benchmark value {name}", value)]
    tally_id = ", ".join(f"{q}: {counts[q]}" for q in QUADRANTS)
    teks_id = ("Analisis kuadran: " + "; ".join(parts_id) + ". Kuadran I = lebih buruk pada "
               "keduanya, II = lebih buruk hanya pada y, III = tidak lebih buruk pada keduanya, "
               "IV = lebih buruk hanya pada x; nilai tepat pada patokan dihitung tidak lebih "
               f"buruk. Jumlah desa per kuadran: {tally_id}.")
    teks_en = ("Quadrant analysis: " + "; ".join(parts_en) + ". Quadrant I = worse on both, "
               "II = worse on y only, III = worse on neither, IV = worse on x only; a value "
               f"exactly on a benchmark counts as not worse. Desa per quadrant: {tally_id}.")
    rows += [(f"Kuadran {q} / quadrant {q}", int(counts[q])) for q in QUADRANTS]
    rows.append(("Tanpa kuadran (data kosong) / no quadrant (missing data)",
                 int(n - counts.sum())))
    return {"analisis": "kuadran", "judul_id": "Analisis kuadran", "judul_en":
            "Quadrant analysis", "wilayah": where, "teks_id": teks_id, "teks_en": teks_en,
            "rincian": rows}
