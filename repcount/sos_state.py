"""The steady state of second-order sections for a step input (``scipy.signal.sosfilt_zi``).

``filtfilt`` starts each pass from the state a constant input would have left (the step
response's steady state, scaled by the first sample). scipy's ``sosfilt_zi`` builds it section
by section with ``lfilter_zi``: a 2×2 linear system per section, I - A (A the companion matrix
of the section's denominator) against b[1:] - a[1:] b[0], solved by LAPACK, each section's state
scaled by the DC gain of the sections before it. That costs about 0.5 ms per design, nearly all
of it array handling around the solve, and a real recording meets new designs all along (the
segmenter's band follows each window's period: 1435 states over 80 recordings).

``step_state`` solves the same systems on plain Python numbers with the arithmetic OpenBLAS's
``dgesv`` does for a 2×2 system (LU with partial pivoting, the multiplier as the pivot's
reciprocal times the entry, the forward substitution fused into one rounding, the back
substitution dividing), so the states are scipy's to the last bit: ``tests/repcount/
test_butterworth.py`` compares them as integers over many designs. A section whose leading
denominator coefficient is not 1 (never one of ``butter``'s) goes to scipy.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import signal

FloatArray = NDArray[np.float64]


def step_state(sos: FloatArray) -> FloatArray:
    """``signal.sosfilt_zi(sos)``, bit for bit: shape (sections, 2)."""
    rows = np.asarray(sos, dtype=np.float64).tolist()
    if any(len(r) != 6 or r[3] != 1.0 for r in rows):
        return np.asarray(signal.sosfilt_zi(sos), dtype=np.float64)
    zi = []
    scale = 1.0
    for b0, b1, b2, _, a1, a2 in rows:
        # I - companion(a).T = [[1 + a1, -1], [a2, 1]]; b[1:] - a[1:] b[0]
        x0, x1 = _solve2(((1.0 - -a1, 0.0 - 1.0), (0.0 - -a2, 1.0 - 0.0)), (b1 - a1 * b0, b2 - a2 * b0))
        zi.append([scale * x0, scale * x1])
        scale *= ((b0 + b1) + b2) / ((1.0 + a1) + a2)  # np.sum of three: left to right
    return np.asarray(zi, dtype=np.float64)


Pair = tuple[float, float]


def _solve2(m: tuple[Pair, Pair], y: Pair) -> Pair:
    """x with m x = y, as LAPACK's ``dgesv`` (OpenBLAS) computes it for a 2×2 system."""
    (a, b), (c, d) = m
    y0, y1 = y
    if abs(c) > abs(a):  # partial pivoting: the first of equal entries stays
        a, b, c, d, y0, y1 = c, d, a, b, y1, y0
    lower = c * (1.0 / a)
    upper = d - lower * b  # b is ±1 here (or 0 after a swap): exact either way
    y1 = _fma(-y0, lower, y1)
    x1 = y1 / upper
    return (y0 - x1 * b) / a, x1


def _fma(a: float, b: float, c: float) -> float:
    """a b + c rounded once (``math.fma`` is Python 3.13's): exact in integers, then one
    correctly rounded division (Python's int / int)."""
    na, da = a.as_integer_ratio()
    nb, db = b.as_integer_ratio()
    nc, dc = c.as_integer_ratio()
    return (na * nb * dc + nc * da * db) / (da * db * dc)
