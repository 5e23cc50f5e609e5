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

On a gyro the swing is also measured as an angle (``swing_angle``): the rotation of the
sensor, integrated from the angular rate over the whole rep (pauses included), less the set's
median rep's rotation path (each rep's time stretched as above, the template scaled to it). A
lift follows one angle path whatever its speed, so a fast concentric leaves almost no angle,
while a body swing adds its own: the body hangs from the hands and the forearm tilts with it.
Its half peak-to-peak, in radians, is how far the body swung: a unit the rep's speed, the
set's other reps and the sensor's gain do not enter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from repcount.filter import FloatArray
from repcount.rep_boundaries import RepBoundaries
from repcount.sos_filters import design_sos, filtfilt
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
    angle_rad: FloatArray
    """Half the peak-to-peak rotation off the set's median rep over the whole rep, rad (zeros
    unless the channels are a gyro: ``swing_angle``)."""

    def __post_init__(self) -> None:
        self.whole.flags.writeable = False
        self.eccentric.flags.writeable = False
        self.angle_rad.flags.writeable = False


_STEPS = np.linspace(0.0, 1.0, HALF_POINTS)
_STEPS.flags.writeable = False


def _resample(rows: FloatArray, a: FloatArray, b: FloatArray) -> FloatArray:
    """The signals ``rows`` (d, n) at ``HALF_POINTS`` even steps over each span [a, b] (any
    shape): shape (*a.shape, HALF_POINTS, d)."""
    grid = a[..., None] + (b - a)[..., None] * _STEPS
    idx = np.arange(rows.shape[1], dtype=np.float64)
    return np.stack([np.interp(grid, idx, r) for r in rows], axis=-1)


def _fit_residuals(r: FloatArray, t: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Residual energy of each ``r[i, j]`` (c, k, HALF_POINTS, d) after the best scaling of its
    template ``t[i]`` (c, HALF_POINTS, d), and the energy of each template: (c, k) and (c,).
    Each sum runs over one template's or rep's contiguous samples, as it would alone."""
    tt = np.sum(t * t, axis=(1, 2))
    alpha = np.zeros(r.shape[:2])
    np.divide(np.sum(r * t[:, None], axis=(2, 3)), tt[:, None], out=alpha, where=tt[:, None] > 0)
    return np.sum((r - alpha[:, :, None, None] * t[:, None]) ** 2, axis=(2, 3)), tt


def _swing_angle(
    rows: FloatArray, boundaries: RepBoundaries, full: NDArray[np.bool_], fs_hz: float
) -> FloatArray:
    """Half the peak-to-peak of each rep's rotation off the set's median rep, rad (module notes):
    ``rows`` (d, n) angular rates in rad/s, low-passed and centred."""
    angle = np.cumsum(rows, axis=1) / fs_hz
    b = boundaries
    # the rep from its onset to its settle: first half, turn (a pause), second half
    spans = np.stack([b.onset, b.turn_in, b.turn_in, b.turn_out, b.turn_out, b.settle])
    path = np.concatenate(list(_resample(angle, spans[0::2], spans[1::2])), axis=1)  # (k, 3P, d)
    path = path - path.mean(axis=1, keepdims=True)
    tmpl = median_along(path[full], 0)
    tt = float(np.sum(tmpl * tmpl))
    # scaled to each rep: a shallower rep (fatigue, a partial) follows the same path, less far
    alpha = np.sum(path * tmpl, axis=(1, 2)) / tt if tt > 0 else np.zeros(path.shape[0])
    off = path - alpha[:, None, None] * tmpl
    return _half_span(off)


def _half_span(off: FloatArray) -> FloatArray:
    """``np.linalg.norm(np.ptp(off, axis=1), axis=1) / 2`` of a real (k, m, d) array, bit for bit:
    the same ufuncs (maximum less minimum, the root of the summed squares) without the wrappers.
    The extremes are taken along each lane's contiguous copy (a maximum or minimum is exact in any
    order; numpy's reduction over the middle axis runs one short loop per step, seven times
    slower for a set's (k, 96, 3) paths)."""
    lanes = off.transpose(0, 2, 1).copy()
    span = lanes.max(axis=2) - lanes.min(axis=2)
    return np.asarray(np.sqrt(np.add.reduce(span * span, axis=1)) / 2)


def swing_residual(
    channels: FloatArray,
    boundaries: RepBoundaries,
    full: NDArray[np.bool_],
    *,
    fs_hz: float,
    eccentric_first: bool,
    gyro: bool = False,
) -> SwingResidual:
    """What of each rep the set's median rep does not explain (see the module notes).

    Parameters
    ----------
    channels : (n, d) signals of the window (gyro in rad/s, or band-passed acceleration).
    boundaries : ``find_boundaries`` on the same window.
    full : which rep candidates are full reps (they make the template).
    fs_hz : sample rate, Hz.
    eccentric_first : whether each rep's first half is its eccentric.
    gyro : the channels are angular rates (rad/s): the swing's angle is measured too.

    Returns
    -------
    SwingResidual, one value per rep candidate (zeros when there is no template).
    """
    x = np.asarray(channels, dtype=np.float64)
    k = boundaries.onset.size
    whole, ecc, angle = np.zeros(k), np.zeros(k), np.zeros(k)
    if k == 0 or not full.any() or x.shape[0] < 16:
        return SwingResidual(whole, ecc, angle)
    sos = design_sos(2, (min(SWING_LOWPASS_HZ, 0.4 * fs_hz),), "lowpass", fs_hz)
    cols = np.ascontiguousarray(x.T)  # one channel per row: its median's partition runs faster
    rows = np.asarray(filtfilt(sos, cols - median_along(cols, 1)[:, None], axis=1))
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
    # the templates of both halves and of the eccentric core: (3, HALF_POINTS, d)
    res, tot = _fit_residuals(sampled, median_along(sampled[:, full], 1))
    whole = np.sqrt((res[0] + res[1]) / max(float(tot[0]) + float(tot[1]), 1e-12))
    ecc = np.sqrt(res[2] / max(float(tot[2]), 1e-12))
    if gyro:
        angle = _swing_angle(rows, boundaries, full, fs_hz)
    return SwingResidual(whole, ecc, angle)
