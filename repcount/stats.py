"""Exact small-sample statistics without numpy's per-call overhead.

The stages take a handful of medians and percentiles per set (of 5-30 reps). ``np.median`` spends
about ten times longer in argument handling than in the work for arrays that small; a sort
gives the same value (the middle element, or the mean of the two middle ones, with NaN
propagated as ``np.median`` does).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def median(x: ArrayLike) -> float:
    """``float(np.median(x))`` of a small 1-D array (NaN if it is empty or holds a NaN)."""
    s = np.sort(np.asarray(x, dtype=np.float64), axis=None)
    n = s.size
    if n == 0 or np.isnan(s[-1]):
        return float("nan")
    m = n // 2
    return float(s[m]) if n % 2 else float((s[m - 1] + s[m]) / 2)


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
