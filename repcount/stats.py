"""Exact small-sample statistics without numpy's per-call overhead.

The finishing stages take a handful of medians per set (of 5-30 reps). ``np.median`` spends
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
