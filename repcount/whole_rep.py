"""Whether the counting signal's period is half a rep: the pose says how long a rep is.

The counting signal is acceleration, and some lifts accelerate the wrist alike on the way out and
on the way back. A cable cross-over or a fly sweeps the hand along an arc, whose centripetal
acceleration (v²/r, towards the shoulder whichever way the hand goes) peaks twice per rep; a
heavy overhead press drives and lowers with the same pulse. The autocorrelation then repeats at
half the rep nearly as well as at the rep, and the segmenter, which keeps the shortest lag
within ``PERIOD_PEAK_FRAC`` of the best, counts each rep twice (a 10-rep set read 19).

A rep is a cycle of the limb: one rep later the sensor's tilt is where it was, half a rep later
it is on the way back (``pose.py``). Where the pose (the raw acceleration low-passed at
``pose.POSE_HZ``) repeats clearly better at twice the counting period than at the period itself,
the period is half a rep, and the rep is twice it (``whole_rep_period``). The counting signal
may then hold little of the rep's own rate (a symmetric arc's pull has none), so the reps'
cycles are read from the pose (``pose_rhythm``), which moves once per rep.

The counting signal must still repeat at twice the period as any window's period must
(``segment.MIN_PERIODICITY``), and that autocorrelation becomes the set's periodicity. A run of
phone checks between sets (raise, hold, lower) has a pose that repeats once per gesture too,
but its raises and lowers are separate moves: on the simulator its counting signal repeats at
the gesture's period at 0.14 (0.27 at the half), and counted at the gesture's period each check
became a rep that returns to its pose.

On the real recordings (the sets the counter found before this
rule) the pose's autocorrelation at twice the period exceeds that at the period by 0.18-0.21 on
the three sets counting each rep twice (two muvr cable cross-overs, an ebbelaar heavy overhead
press) and by at most 0.07 on the other 220; no simulated set changes.
"""

from __future__ import annotations

import numpy as np

from repcount.autocorr import circular_autocorrelation
from repcount.filter import FloatArray, top_eigenvector

POSE_MARGIN = 0.1
"""The pose repeats at twice the period this much better (autocorrelation, 0-1) than at the
period: one tenth of the scale, as ``segment.EDGE_CORR_MARGIN`` asks of "clearly" less alike."""
LAG_TOL = 0.1
"""Each lag is searched within ± this share (the rep-to-rep spread of a set's durations, as
``segment.SUBMULTIPLE_TOL``)."""
MAX_LAG_FRAC = 0.4
"""Twice the period must fit this share of the window's middle three fifths
(``segment.MAX_LAG_FRAC``: at longer lags the autocorrelation rests on too little overlap)."""


def _autocorrelation(signals: FloatArray) -> FloatArray:
    """Unbiased autocorrelation of the columns of ``signals`` together (their sum over their sum at
    lag 0), every lag from 0 to the window's length less one."""
    p = signals - signals.mean(axis=0)
    n = p.shape[0]
    nfft = 1 << int(np.ceil(np.log2(2 * n)))
    ac = np.zeros(n)
    for c in range(p.shape[1]):
        ac += circular_autocorrelation(np.ascontiguousarray(p[:, c]), nfft)[:n]
    if ac[0] <= 0:
        return np.zeros(n)
    return np.asarray(ac / ac[0] * (n / (n - np.arange(n))))


def _best_near(ac: FloatArray, lag: int) -> float:
    """The highest of ``ac`` within ± ``LAG_TOL`` of ``lag``."""
    lo, hi = max(1, int((1 - LAG_TOL) * lag)), min(ac.shape[0] - 1, int((1 + LAG_TOL) * lag))
    return float(ac[lo : hi + 1].max())


def whole_rep_period(
    counting_ms2: FloatArray,
    pose_ms2: FloatArray,
    *,
    fs_hz: float,
    period: tuple[float, float],
    max_rep_s: float,
    min_periodicity: float,
) -> tuple[float, float]:
    """The rep period and its periodicity: ``period``, or twice its period where the pose repeats
    clearly better there and the counting signal still repeats like reps do.

    Parameters
    ----------
    counting_ms2 : (n,) the counting signal over the window (impacts clipped), m/s².
    pose_ms2 : (n, 3) the sensor's pose over the window (``pose.pose``), m/s².
    fs_hz : sample rate, Hz.
    period : the counting signal's period (s) and its autocorrelation there (0-1).
    max_rep_s : the longest rep the exercise allows, seconds.
    min_periodicity : the counting signal's autocorrelation at twice the period must reach
        this (``segment.MIN_PERIODICITY``, what any window's period must reach).

    Returns
    -------
    The rep period (s) and the counting signal's autocorrelation there.
    """
    n = pose_ms2.shape[0]
    lag = round(period[0] * fs_hz)
    if lag < 1 or 2 * period[0] > max_rep_s or 2 * lag > MAX_LAG_FRAC * (n - 2 * (n // 5)):
        return period
    pose_ms2 = np.asarray(pose_ms2, dtype=np.float64)
    for part in (pose_ms2, pose_ms2[n // 5 : n - n // 5]):
        ac = _autocorrelation(part)
        if _best_near(ac, 2 * lag) < _best_near(ac, lag) + POSE_MARGIN:
            return period
    counting_ac = _autocorrelation(np.asarray(counting_ms2, dtype=np.float64)[:, None])
    whole = _best_near(counting_ac, 2 * lag)
    return (2 * period[0], min(1.0, whole)) if whole >= min_periodicity else period


def pose_rhythm(pose_ms2: FloatArray) -> FloatArray:
    """(n,) the pose along its principal axis, less its mean, m/s²: the signal whose cycles are
    the reps where the pose gave the rep period (``whole_rep_period``)."""
    p = np.asarray(pose_ms2, dtype=np.float64)
    p = p - p.mean(axis=0)
    return np.asarray(p @ top_eigenvector(p.T @ p))
