"""Whether the counting signal's period is half a rep: the pose says how long a rep is.

The counting signal is acceleration, and some lifts accelerate the wrist alike on the way out and
on the way back. A cable cross-over or a fly sweeps the hand along an arc, whose centripetal
acceleration (v²/r, towards the shoulder whichever way the hand goes) peaks twice per rep; a
heavy overhead press drives and lowers with the same pulse. The autocorrelation then repeats at
half the rep nearly as well as at the rep, and the segmenter, which keeps the shortest lag
within ``rep_period.PERIOD_PEAK_FRAC`` of the best, counts each rep twice (a 10-rep set read 19).

A rep is a cycle of the limb: one rep later the sensor's tilt is where it was, half a rep later
it is on the way back (``pose.py``). Where the pose (the raw acceleration low-passed at
``pose.POSE_HZ``) repeats clearly better at twice the counting period than at the period itself,
the period is half a rep, and the rep is twice it (``whole_rep_period``). The counting signal
may then hold little of the rep's own rate (a symmetric arc's pull has none), so the reps'
cycles are read from the pose (``pose_rhythm``), which moves once per rep.

The counting signal must still repeat at twice the period as any window's period must
(``rep_period.MIN_PERIODICITY``), and that autocorrelation becomes the set's periodicity. A run of
phone checks between sets (raise, hold, lower) has a pose that repeats once per gesture too,
but its raises and lowers are separate moves: on the simulator its counting signal repeats at
the gesture's period at 0.14 (0.27 at the half), and counted at the gesture's period each check
became a rep that returns to its pose.

Over the whole window and over its middle three fifths: the walk-up or the setup can own the
whole window's pose (a simulated barbell row's 24 s lead-in read 0.15 at its period and 0.27 at
twice it, its middle 0.14 and 0.07), and the middle alone let the period double on simulated
sets with partial reps (partial reps found 0.96 -> 0.74). On the real recordings (the sets the
counter found before this rule) the pose's autocorrelation at twice the period exceeds that at
the period by 0.17-0.21 on both on three of the four sets counting each rep twice (two muvr
cable cross-overs, an ebbelaar heavy overhead press; the fourth, a cable cross-over whose pose
the handles taken and let go at the window's edges own, reads the other way) and by at most
0.06 on the other 219; no simulated set changes.
"""

from __future__ import annotations

import numpy as np

from repcount.autocorr import rows_autocorrelation
from repcount.filter import FloatArray
from repcount.pose import POSE_HZ
from repcount.principal_axis import top_eigenvector

POSE_MARGIN = 0.1
"""The pose repeats at twice the period this much better (autocorrelation, 0-1) than at the
period: one tenth of the scale, as ``polarity.EDGE_CORR_MARGIN`` asks of "clearly" less alike."""
LAG_TOL = 0.1
"""Each lag is searched within ± this share (the rep-to-rep spread of a set's durations, as
``rep_period.SUBMULTIPLE_TOL``)."""
POSE_SAMPLES_PER_HZ = 10
"""The pose's autocorrelation is read on every q-th sample, ``POSE_SAMPLES_PER_HZ`` samples per
Hz of ``pose.POSE_HZ`` (10 Hz): its low-pass leaves under -50 dB past the new Nyquist frequency,
and a tenth of a second resolves the ±10 % around a lag of 1.6 s or more."""
MAX_LAG_FRAC = 0.4
"""Twice the period must fit this share of the window's middle three fifths
(``rep_period.MAX_LAG_FRAC``: at longer lags the autocorrelation rests on too little overlap)."""


def _autocorrelation(rows: FloatArray, max_lag: int) -> FloatArray:
    """Autocorrelation of the rows of ``rows`` together (their sum over their sum at lag 0, not yet
    unbiased) at every lag from 0 to ``max_lag``: one transform of all the rows, zero-padded past
    ``max_lag`` so that no lag wraps round."""
    q = rows - rows.mean(axis=1, keepdims=True)
    nfft = 1 << int(np.ceil(np.log2(q.shape[1] + max_lag + 1)))
    ac = rows_autocorrelation(q, nfft)[: max_lag + 1]
    return np.asarray(ac / ac[0]) if ac[0] > 0 else np.zeros(max_lag + 1)


def _best_near(ac: FloatArray, n: int, lag: float) -> float:
    """The highest unbiased autocorrelation of a window of ``n`` samples (``ac`` from
    ``_autocorrelation``) within ± ``LAG_TOL`` of ``lag``."""
    lo, hi = max(1, int((1 - LAG_TOL) * lag)), min(ac.shape[0] - 1, int((1 + LAG_TOL) * lag))
    return float((ac[lo : hi + 1] * (n / (n - np.arange(lo, hi + 1)))).max())


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
        this (``rep_period.MIN_PERIODICITY``, what any window's period must reach).

    Returns
    -------
    The rep period (s) and the counting signal's autocorrelation there.
    """
    n = pose_ms2.shape[0]
    lag = round(period[0] * fs_hz)
    if lag < 1 or 2 * period[0] > max_rep_s or 2 * lag > MAX_LAG_FRAC * (n - 2 * (n // 5)):
        return period
    # the pose holds nothing above POSE_HZ: every q-th sample of it keeps POSE_SAMPLES_PER_HZ per Hz
    q = max(1, int(fs_hz / (POSE_SAMPLES_PER_HZ * POSE_HZ)))
    rows = np.ascontiguousarray(np.asarray(pose_ms2, dtype=np.float64)[::q].T)
    m = rows.shape[1]
    for part in (rows, rows[:, m // 5 : m - m // 5]):
        ac = _autocorrelation(part, int((1 + LAG_TOL) * 2 * lag / q))
        if _best_near(ac, part.shape[1], 2 * lag / q) < _best_near(ac, part.shape[1], lag / q) + POSE_MARGIN:
            return period
    counting = np.asarray(counting_ms2, dtype=np.float64)[None, :]
    whole = _best_near(_autocorrelation(counting, int((1 + LAG_TOL) * 2 * lag)), n, 2 * lag)
    return (2 * period[0], min(1.0, whole)) if whole >= min_periodicity else period


def pose_rhythm(pose_ms2: FloatArray) -> FloatArray:
    """(n,) the pose along its principal axis, less its mean, m/s²: the signal whose cycles are
    the reps where the pose gave the rep period (``whole_rep_period``)."""
    p = np.asarray(pose_ms2, dtype=np.float64)
    p = p - p.mean(axis=0)
    return np.asarray(p @ top_eigenvector(p.T @ p))
