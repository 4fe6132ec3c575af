"""Natural breaks (Fisher-Jenks): one implementation for the ranking's ``jenks`` tiers and the
map's ``natural_breaks`` classes.
"""

from __future__ import annotations

import numpy as np

JENKS_SAMPLE = 1000
"""Above this many values, :func:`natural_breaks` fits on this many evenly spaced order
statistics (exact Fisher-Jenks costs O(k m^2) in the number m of distinct values)."""

#: rows of the cost matrix computed at once by the exact fit
_BLOCK_ROWS = 128


def natural_breaks(values, *, k: int = 3, sample: int | None = JENKS_SAMPLE) -> np.ndarray:
    """Upper bounds of ``k`` natural-breaks classes: the split of the sorted values into ``k``
    groups with the least total within-group sum of squares.

    Class ``i`` holds ``bounds[i-1] < x <= bounds[i]``, so
    ``np.searchsorted(bounds, values, side="left")`` gives each value's class (0 = lowest).

    Rules:

    * Equal values always share a class (the fit works on the distinct values weighted by
      their counts). With ``k`` or fewer distinct values each value is its own class.
    * Exact when ``sample`` is ``None`` or there are at most ``sample`` values. Among equally
      good splits the one with the lowest break points is taken (deterministic).
    * With more than ``sample`` values the fit runs on ``sample`` evenly spaced order
      statistics (``np.quantile`` at ``linspace(0, 1, sample)``); each break found there then
      moves to the widest gap between data values within its sample step, and the last bound
      is the largest value. Deterministic, and fast for any number of values.

    The ranking's ``jenks`` tiers use ``sample=None`` (always exact: skor has two decimals in
    0-100, so at most 10,001 distinct values); the map's classes use the default.

    Parameters
    ----------
    values
        Numbers without missing values (at least one).
    k
        Number of classes asked for.
    sample
        Number of values above which the fit samples; ``None`` = always exact.

    Returns
    -------
    numpy.ndarray
        The upper bounds, ascending, the last one the largest value; fewer than ``k`` when
        there are fewer distinct values (or, sampled, when breaks coincide).

    Examples
    --------
    >>> natural_breaks([30, 0, 12, 1, 10, 11]).tolist()
    [1.0, 12.0, 30.0]
    """
    y = np.asarray(values, dtype=float)
    distinct = np.unique(y)
    if len(distinct) <= k:
        return distinct
    if sample is None or len(y) <= sample:
        return _exact_bounds(y, k)
    fit_on = np.quantile(y, np.linspace(0.0, 1.0, sample))
    bounds = sorted(set(_exact_bounds(fit_on, k).tolist()))
    bounds = _snap_to_gaps(bounds, fit_on, np.sort(y))
    bounds[-1] = float(y.max())
    return np.asarray(bounds, dtype=float)


def _exact_bounds(y: np.ndarray, k: int) -> np.ndarray:
    """Exact Fisher-Jenks on the distinct values of ``y`` weighted by their counts."""
    v, w = np.unique(y, return_counts=True)
    m = len(v)
    if m <= k:
        return v
    starts = _fisher_jenks_starts(v, w, k)
    return v[np.append(starts[1:] - 1, m - 1)]


def _fisher_jenks_starts(v: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    """Index of the first distinct value of each of the ``k`` groups (dynamic programming)."""
    m = len(v)
    x = v - np.average(v, weights=w)  # centred: less cancellation in sxx - sx^2 / n
    sums = (np.concatenate([[0.0], np.cumsum(w)]), np.concatenate([[0.0], np.cumsum(w * x)]),
            np.concatenate([[0.0], np.cumsum(w * x * x)]))
    cw, cx, cxx = sums
    sx = cx[1:]
    cost = cxx[1:] - sx * sx / cw[1:]  # cost[j-1]: values 0..j-1 in one group
    back = []
    for c in range(1, k):
        cost, arg = _next_stage(cost, sums, c)
        back.append(arg)
    starts, j = [], m
    for arg in reversed(back):
        j = int(arg[j - 1])
        starts.append(j)
    return np.array([0] + sorted(starts))


def _next_stage(cost: np.ndarray, sums: tuple[np.ndarray, ...],
                c: int) -> tuple[np.ndarray, np.ndarray]:
    """Least cost of values 0..j-1 in ``c + 1`` groups for every j, and where the last group
    starts (the first i of equal costs wins).

    Row j, column i of a block holds ``cost[i-1] + ssd(i, j)``, ``ssd(i, j)`` being the
    within-group sum of squares of values i..j-1 from the cumulative weights, sums and sums of
    squares; a block of :data:`_BLOCK_ROWS` rows at a time, in place.
    """
    cw, cx, cxx = sums
    m = len(cost)
    new = np.full(m, np.inf)
    arg = np.zeros(m, dtype=int)
    for lo in range(c + 1, m + 1, _BLOCK_ROWS):
        j = np.arange(lo, min(lo + _BLOCK_ROWS, m + 1))
        i = np.arange(c, j[-1])
        col = j[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):  # i >= j: masked below
            sx = cx[col] - cx[i]
            np.multiply(sx, sx, out=sx)
            np.divide(sx, cw[col] - cw[i], out=sx)
            total = cxx[col] - cxx[i]
            np.subtract(total, sx, out=total)
            np.add(total, cost[i - 1], out=total)
        total[i >= col] = np.inf
        best = np.argmin(total, axis=1)
        new[j - 1] = total[np.arange(len(j)), best]
        arg[j - 1] = i[best]
    return new, arg


def _snap_to_gaps(bounds: list[float], sample: np.ndarray, ys: np.ndarray) -> list[float]:
    """Move each break found on the sample to the widest gap of the data around it."""
    out = []
    for b in bounds[:-1]:
        i = np.searchsorted(sample, b, side="right")
        upper = sample[i] if i < len(sample) else b
        seg = ys[(ys >= b) & (ys <= upper)]
        if len(seg) > 1:
            b = float(seg[int(np.argmax(np.diff(seg)))])
        out.append(b)
    return sorted(set(out)) + [bounds[-1]]
