"""Body swing: the part of each rep's motion that the set's own median rep does not explain.

Notes
-----
A lift moves the sensor along one path as a function of how far the lift has gone, so every
clean rep of a set traces the same signal once each half is stretched to a common length;
a body swing (a torso or pendulum oscillation) runs on its own clock and does not. For each
rep, each half (between the boundaries of ``repcount.boundaries``) is resampled to
``HALF_POINTS`` points on every channel, the set's template is the point-wise median over the
full reps, and the rep's residual is what is left after the best per-half scaling of the
template (a faster half moves the same path with a larger amplitude), relative to the
template's energy.

The residual is reported for the whole rep and for the eccentric half alone. The eccentric
is the better swing cue: a swing started by the drive keeps oscillating through the lowering,
while a fast concentric (same path, shorter time) leaves the eccentric clean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from repcount.boundaries import RepBoundaries
from repcount.filter import FloatArray, design_sos, filtfilt
from repcount.stats import median_along

HALF_POINTS = 32
"""Samples per rep half after time normalisation."""
ECCENTRIC_CORE = (0.1, 0.8)
"""The eccentric cue skips the eccentric's first 10 % (the turn at the top) and last 20 % (the
stop at the bottom, where a bounce or the catch of a dropped load lives)."""
SWING_LOWPASS_HZ = 6.0
"""Body swing and the lift live below this; tremor and impacts above it are jerk, not swing."""


@dataclass(frozen=True, slots=True, eq=False)
class SwingResidual:
    """Per rep (aligned with the boundaries): residual energy share, unitless (0 = the template)."""

    whole: FloatArray
    """Over both halves."""
    eccentric: FloatArray
    """Over the core of the eccentric half (``ECCENTRIC_CORE``)."""

    def __post_init__(self) -> None:
        self.whole.flags.writeable = False
        self.eccentric.flags.writeable = False


_STEPS = np.linspace(0.0, 1.0, HALF_POINTS)
_STEPS.flags.writeable = False


def _resample(rows: FloatArray, a: FloatArray, b: FloatArray) -> FloatArray:
    """The signals ``rows`` (d, n) at ``HALF_POINTS`` even steps over each span [a, b] (any
    shape): shape (*a.shape, HALF_POINTS, d)."""
    grid = a[..., None] + (b - a)[..., None] * _STEPS
    idx = np.arange(rows.shape[1], dtype=np.float64)
    return np.stack([np.interp(grid, idx, r) for r in rows], axis=-1)


def _fit_residual(r: FloatArray, t: FloatArray) -> tuple[FloatArray, float]:
    """Residual energy of each ``r[j]`` (k, HALF_POINTS, d) after the best scaling of ``t``
    (HALF_POINTS, d), and the energy of ``t``."""
    tt = float(np.sum(t * t))
    alpha = np.sum(r * t, axis=(1, 2)) / tt if tt > 0 else np.zeros(r.shape[0])
    return np.sum((r - alpha[:, None, None] * t) ** 2, axis=(1, 2)), tt


def swing_residual(
    channels: FloatArray,
    boundaries: RepBoundaries,
    full: NDArray[np.bool_],
    *,
    fs_hz: float,
    eccentric_first: bool,
) -> SwingResidual:
    """What of each rep the set's median rep does not explain (see the module notes).

    Parameters
    ----------
    channels : (n, d) signals of the window (gyro in rad/s, or band-passed acceleration).
    boundaries : ``find_boundaries`` on the same window.
    full : which rep candidates are full reps (they make the template).
    fs_hz : sample rate, Hz.
    eccentric_first : whether each rep's first half is its eccentric.

    Returns
    -------
    SwingResidual, one value per rep candidate (zeros when there is no template).
    """
    x = np.asarray(channels, dtype=np.float64)
    k = boundaries.onset.size
    whole, ecc = np.zeros(k), np.zeros(k)
    if k == 0 or not np.any(full) or x.shape[0] < 16:
        return SwingResidual(whole, ecc)
    x = x - median_along(x, 0)
    sos = design_sos(2, (min(SWING_LOWPASS_HZ, 0.4 * fs_hz),), "lowpass", fs_hz)
    rows = np.asarray(filtfilt(sos, x.T, axis=1))  # one channel per row
    ecc_a, ecc_z = (
        (boundaries.onset, boundaries.turn_in)
        if eccentric_first
        else (boundaries.turn_out, boundaries.settle)
    )
    spans = np.stack(
        [
            boundaries.onset,
            boundaries.turn_in,
            boundaries.turn_out,
            boundaries.settle,
            ecc_a + ECCENTRIC_CORE[0] * (ecc_z - ecc_a),
            ecc_a + ECCENTRIC_CORE[1] * (ecc_z - ecc_a),
        ]
    )  # (6, k): first half, second half, eccentric core
    sampled = _resample(rows, spans[0::2], spans[1::2])  # (3, k, HALF_POINTS, d)
    template = median_along(sampled[:2, full], 1)  # (2, HALF_POINTS, d)
    core_template = median_along(sampled[2, full], 0)
    res0, tot0 = _fit_residual(sampled[0], template[0])
    res1, tot1 = _fit_residual(sampled[1], template[1])
    whole = np.sqrt((res0 + res1) / max(tot0 + tot1, 1e-12))
    res_e, tot_e = _fit_residual(sampled[2], core_template)
    ecc = np.sqrt(res_e / max(tot_e, 1e-12))
    return SwingResidual(whole, ecc)
