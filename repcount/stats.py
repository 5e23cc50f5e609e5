"""Exact small-sample statistics without numpy's per-call overhead (and row norms of (n, 3) arrays).

The stages take a handful of medians and percentiles per set (of 5-30 reps). ``np.median`` spends
about ten times longer in argument handling than in the work for arrays that small; a sort
gives the same value (the middle element, or the mean of the two middle ones, with NaN
propagated as ``np.median`` does).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray


def median(x: ArrayLike) -> float:
    """``float(np.median(x))`` of a small 1-D array (NaN if it is empty or holds a NaN)."""
    a = np.asarray(x)
    if a.size <= 64 and a.dtype.kind in "iubf":
        # Python's sort of the list: whole numbers, or floats with no NaN and no zero (a -0.0 and
        # a 0.0 compare equal, and may be sorted otherwise than by np.sort); any other two equal
        # floats have the same bits, so every position of the sorted list holds np.sort's value.
        # A NaN makes the sum NaN (so do an inf and a -inf: np.sort's path below then decides)
        v = a.ravel().tolist()
        if a.dtype.kind != "f" or (0.0 not in v and (total := sum(v)) == total):
            v.sort()
            n = len(v)
            if n == 0:
                return float("nan")
            m = n // 2
            return float(v[m]) if n % 2 else (float(v[m - 1]) + float(v[m])) / 2
    s = np.sort(np.asarray(a, dtype=np.float64), axis=None)
    n = s.size
    if n == 0 or np.isnan(s[-1]):
        return float("nan")
    m = n // 2
    return float(s[m]) if n % 2 else float((s[m - 1] + s[m]) / 2)


def norm(v: NDArray[np.float64]) -> float:
    """``float(np.linalg.norm(v))`` of a 1-D float64 vector, bit for bit (numpy takes the square
    root of ``v.dot(v)``), without its argument handling."""
    return math.sqrt(float(v.dot(v)))


def row_power(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """``np.sum(x ** 2, axis=1)``, bit for bit: for (n, 3) arrays as three column products added
    left to right (numpy's order for three), much faster than a reduction over a short axis."""
    if x.ndim != 2 or x.shape[1] != 3:
        return np.asarray(np.sum(x * x, axis=1))
    c0, c1, c2 = x[:, 0], x[:, 1], x[:, 2]
    return np.asarray(c0 * c0 + c1 * c1 + c2 * c2)


def row_norm(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """``np.linalg.norm(x, axis=1)`` of a real (n, d) array, bit for bit (see ``row_power``)."""
    return np.sqrt(row_power(x))


def percentile(x: ArrayLike, q: float) -> float:
    """``float(np.percentile(x, q))`` of a 1-D array (linear method), bit for bit: the same two
    order statistics (by a partition, not a sort) and numpy's interpolation formula."""
    a = np.array(x, dtype=np.float64).ravel()
    n = a.size
    if n == 0 or np.isnan(a).any():
        return float("nan")
    virtual = (n - 1) * (q / 100)
    if virtual >= n - 1:  # numpy: both neighbours are the last value, weight from index -1
        lo = hi = n - 1
        t = virtual + 1
    elif virtual < 0:
        lo = hi = 0
        t = virtual
    else:
        lo = int(np.floor(virtual))
        hi, t = lo + 1, virtual - lo
    a.partition([lo, hi] if hi != lo else lo)
    below, above = a[lo], a[hi]
    diff = above - below
    return float(above - diff * (1 - t)) if t >= 0.5 else float(below + diff * t)


def median_along(x: ArrayLike, axis: int = 0) -> NDArray[np.float64]:
    """``np.median(x, axis=axis)`` of a float array, bit for bit: the same partition (numpy's
    order statistics, the last one too, so equal values such as ±0 land where numpy puts them),
    the middle one or the mean ``(a + b) / 2`` of the two (summed from +0.0, as numpy does), NaN
    where a lane holds a NaN. For a few rows of shapes, or the columns of a window, without
    ``np.median``'s generic machinery."""
    a = np.asarray(x, dtype=np.float64)
    n = a.shape[axis]
    if n == 0:
        return np.full(a.shape[:axis] + a.shape[axis + 1 :], np.nan)
    m = n // 2
    if n <= 64 and not (a == 0).any():
        # a sort puts the same values at m - 1, m and -1: only ±0, which compare equal with
        # different bits, could be placed otherwise (a few reps' lanes sort faster than numpy
        # selects in them)
        part = np.sort(a, axis=axis)
    else:
        part = a.copy(order="K")  # np.partition's copy and partition, without its wrapper
        part.partition([m - 1, m, -1] if n % 2 == 0 else [m, -1], axis=axis)
    # numpy takes the mean of the middle slice, a sum that starts from +0.0 (so -0.0 reads 0.0)
    if n % 2:
        mid = part.take(m, axis=axis) + 0.0
    else:
        mid = (0.0 + part.take(m - 1, axis=axis) + part.take(m, axis=axis)) / 2
    nan = np.isnan(part.take(-1, axis=axis))  # the partition puts a lane's NaN last
    return np.asarray(np.where(nan, np.nan, mid) if nan.any() else mid, dtype=np.float64)


def column_means(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """``x.mean(axis=0)`` of a float64 (n, c) array, bit for bit. On a C-ordered array with c > 1
    numpy adds the rows one after another (a reduction over the outer axis is not pairwise), one
    short inner loop per row; ``np.add.accumulate`` makes the same additions in the same order
    with less overhead per row (a third less time for a set's window of three axes)."""
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] < 2 or x.dtype != np.float64 or not x.flags.c_contiguous:
        return np.asarray(x.mean(axis=0))
    return np.asarray(np.add.accumulate(x, axis=0)[-1] / x.shape[0])
