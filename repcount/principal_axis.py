"""The principal axis of a window's band-passed acceleration (PCA with impacts clipped, its sign
along a reference: gravity), and ``top_eigenvector`` and ``top_right_singular_vector``,
``np.linalg.eigh``'s and ``np.linalg.svd``'s without their checks."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from repcount.stats import percentile, row_norm

_eigh_lo: Any
_svd_s: Any
try:  # the gufuncs np.linalg.eigh and svd (full_matrices=False) call (see top_eigenvector)
    from numpy.linalg import _umath_linalg

    _eigh_lo, _svd_s = _umath_linalg.eigh_lo, _umath_linalg.svd_s
except (ImportError, AttributeError):  # pragma: no cover - another numpy layout
    _eigh_lo = _svd_s = None

AXIS_CLIP = 2.5
"""The principal axis is found with each band-passed sample shortened to at most this multiple
of the window's 90th-percentile length (``_impacts_clipped``)."""


def _impacts_clipped(band: NDArray[np.float64]) -> NDArray[np.float64]:
    """``band`` with every sample longer than ``AXIS_CLIP`` × the 90th-percentile length scaled
    down to that length. An impact (the jolt of a dropped eccentric, a bounce, a bumped sensor)
    is brief and large: in a plain PCA its energy can turn the axis off the reps' own line, and
    the cycles of walking up and reaching for the bar then look as on-axis as the reps."""
    if band.shape[0] < 3:
        return band
    length = row_norm(band)
    limit = AXIS_CLIP * percentile(length, 90)
    if limit <= 0:
        return band
    return band * np.minimum(1.0, limit / np.maximum(length, 1e-12))[:, None]


def principal_axis(
    band: NDArray[np.float64], *, reference: NDArray[np.float64] | None
) -> NDArray[np.float64]:
    """Unit vector of largest variance of ``band`` (n, 3) with its impacts clipped
    (``_impacts_clipped``); sign points along ``reference`` (or its largest entry > 0)."""
    x = _impacts_clipped(band)
    cov = x.T @ x
    if not cov.any():
        return np.array([0.0, 0.0, 1.0])
    axis = top_eigenvector(cov)
    ref = (
        reference
        if reference is not None and reference.any()
        else axis * np.sign(axis[np.argmax(np.abs(axis))])
    )
    return axis if float(axis @ ref) >= 0 else -axis


def top_eigenvector(sym: NDArray[np.float64]) -> NDArray[np.float64]:
    """``np.linalg.eigh(sym)[1][:, -1]`` of a real symmetric float64 matrix: the unit eigenvector
    of its largest eigenvalue. The same LAPACK call through numpy's own gufunc, without the
    wrapper's argument checks (most of its time for a 3 × 3); a failure to converge (NaN) is
    left to ``np.linalg.eigh`` to raise."""
    if _eigh_lo is not None and sym.dtype == np.float64 and sym.ndim == 2:
        with np.errstate(invalid="ignore"):
            _, vecs = _eigh_lo(sym, signature="d->dd")
        if not np.isnan(vecs).any():
            return np.asarray(vecs[:, -1])
    return np.asarray(np.linalg.eigh(sym)[1][:, -1])


def top_right_singular_vector(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """``np.linalg.svd(x, full_matrices=False)[2][0]`` of a real (m, n) float64 matrix: the unit
    direction of its largest singular value. The same LAPACK call through numpy's own gufunc,
    without the wrapper's checks; a failure to converge (NaN) is left to ``np.linalg.svd``."""
    if _svd_s is not None and x.dtype == np.float64 and x.ndim == 2 and x.size:
        with np.errstate(all="ignore"):
            _, _, vt = _svd_s(x, signature="d->ddd")
        if not np.isnan(vt).any():
            return np.asarray(vt[0])
    return np.asarray(np.linalg.svd(x, full_matrices=False)[2][0])
