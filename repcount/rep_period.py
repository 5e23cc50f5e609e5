"""The rep period of a window and the set's rhythm (stage 2, ``segment.py`` note 1).

The autocorrelation of the counting signal (unbiased, via FFT) is searched for its strongest peak
between the profile's shortest and longest rep; the shortest lag whose peak is within
``PERIOD_PEAK_FRAC`` of the best is kept, so a multiple of the period is not mistaken for it
(``estimate_period``). The lead-in and lead-out of a long window can blur its rhythm, so the
window's middle three fifths can overrule the whole window's period (``set_period``): when it is
clearly shorter, when the whole window's is weak and the middle repeats at a whole multiple of it
(``_rhythm_in_multiple``), and when the two repeat at different whole multiples of a shorter
period the middle repeats at too (``_common_rhythm``). A window with weak periodicity (under
``MIN_PERIODICITY``) has no reps: random motion, walking off and fidgeting do not repeat like reps
do.
"""

from __future__ import annotations

import math

import numpy as np

from repcount.autocorr import circular_autocorrelation, local_maxima
from repcount.filter import FloatArray

PERIOD_PEAK_FRAC = 0.7
"""The shortest autocorrelation peak within this share of the best is the period, so a multiple of
the period is not mistaken for it (``estimate_period``)."""
SUBMULTIPLE_TOL = 0.1
"""A longer period within this share of a whole multiple of the rep period is that multiple
(``_rhythm_in_multiple``); ±10 %, about the rep-to-rep spread of a set's durations."""
MIN_PERIODICITY = 0.25
"""Autocorrelation at the rep period below which a window is not a set of reps."""
CORE_SHORTER = 0.75
"""The middle of the window overrules a period this much longer found over the whole window."""
MAX_LAG_FRAC = 0.4
"""The longest period searched, as a share of the window (the window holds ≥ 2.5 periods)."""


def set_period(x: FloatArray, *, fs_hz: float, min_s: float, max_s: float) -> tuple[float, float]:
    """Rep period (s) and its autocorrelation (0-1) of a window of counting signal ``x`` (impacts
    clipped), between ``min_s`` and ``max_s``: the whole window's (``estimate_period``), or its
    middle three fifths' where they show a clearer or the common rhythm (see the module notes)."""
    n = x.shape[0]
    period_s, periodicity = estimate_period(x, fs_hz=fs_hz, min_s=min_s, max_s=max_s)
    if n >= 5:
        # the lead-in and lead-out (walking up, setting up) can blur the rhythm of a long window
        # (no clear peak, or one at a multiple of the period): the middle three fifths, where the
        # set is, decide when they show a clear shorter rhythm
        middle = x[n // 5 : n - n // 5]
        core = estimate_period(middle, fs_hz=fs_hz, min_s=min_s, max_s=max_s)
        shorter = 0 < core[0] < CORE_SHORTER * period_s and core[1] >= MIN_PERIODICITY
        if periodicity < MIN_PERIODICITY and not shorter:
            core = _rhythm_in_multiple(middle, fs_hz, period_s, core)
        # a pattern of reps (a partial rep every few) can repeat at different multiples of the
        # rep period over the whole window and in its middle: the rep period is their base
        base = _common_rhythm(middle, fs_hz, period_s, core, min_s)
        if periodicity < MIN_PERIODICITY or shorter:
            period_s, periodicity = core
        if base is not None:
            period_s, periodicity = base
    return period_s, periodicity


def estimate_period(x: FloatArray, *, fs_hz: float, min_s: float, max_s: float) -> tuple[float, float]:
    """Rep period (s) and its autocorrelation (0-1) from the unbiased autocorrelation of ``x``.

    Lags are searched up to ``MAX_LAG_FRAC`` of the window: at longer lags the unbiased estimate
    rests on too little overlap and its noise can outscore the true period.
    """
    n = x.shape[0]
    lo, hi = max(1, int(min_s * fs_hz)), min(int(max_s * fs_hz), int(MAX_LAG_FRAC * n))
    if hi <= lo + 2 or not x.any():
        return 0.0, 0.0
    x = x - np.add.reduce(x) / n  # x.mean(), the same sum and division
    ac = circular_autocorrelation(x, 1 << int(np.ceil(np.log2(2 * n))))[:n]
    if ac[0] <= 0:
        return 0.0, 0.0
    # normalised and unbiased only over the lags searched (element for element the same)
    seg = ac[lo : hi + 1] / ac[0] * (n / (n - np.arange(lo, hi + 1)))
    peaks = local_maxima(seg)
    if peaks.size == 0:
        return 0.0, 0.0
    best = float(seg[peaks].max())
    if best <= 0:
        return 0.0, 0.0
    lag = int(peaks[seg[peaks] >= PERIOD_PEAK_FRAC * best][0]) + lo
    return lag / fs_hz, float(min(1.0, seg[lag - lo]))


def _rhythm_in_multiple(
    middle: FloatArray, fs_hz: float, weak_s: float, core: tuple[float, float]
) -> tuple[float, float]:
    """The period of the window's middle (``core``: period and periodicity), or the whole
    window's weak period (``weak_s``) when the middle's is a whole multiple of it and the middle
    repeats at ``weak_s`` too (autocorrelation there at least ``MIN_PERIODICITY``).

    Uneven reps (a fast or swung rep every few) can make the middle repeat best at a multiple of
    the rep period (three reps), while the whole window, blurred by its lead-in and lead-out,
    finds the period itself just below ``MIN_PERIODICITY``. Where the two estimates agree on the
    rep period it is the set's rhythm: taking the multiple, simulated deadlifts at the wrist with
    two fast or swung reps counted 7 of 10."""
    if weak_s <= 0 or core[0] < (2 - SUBMULTIPLE_TOL) * weak_s:
        return core
    ratio = core[0] / weak_s
    if abs(ratio / round(ratio) - 1) > SUBMULTIPLE_TOL:
        return core
    near = estimate_period(
        middle, fs_hz=fs_hz, min_s=(1 - SUBMULTIPLE_TOL) * weak_s, max_s=(1 + SUBMULTIPLE_TOL) * weak_s
    )
    return near if near[1] >= MIN_PERIODICITY else core


def _common_rhythm(
    middle: FloatArray, fs_hz: float, whole_s: float, core: tuple[float, float], min_s: float
) -> tuple[float, float] | None:
    """The rep period when the whole window's period (``whole_s``) and its middle's (``core``:
    period and periodicity) are two different whole multiples (2 or more) of the shorter period
    the middle repeats at best (``min_s`` up to just over half the longer one), with at least
    ``MIN_PERIODICITY`` there; else None.

    A pattern of reps repeats at a multiple of the rep period: with partial reps at the 4th and
    8th of 10, a simulated barbell row repeated best at 3 reps over the whole window and at 2 in
    its middle, and was cut at the 2-rep period (one rep short). A set's rhythm is the period
    both windows repeat at, not either multiple. (A rep whose two halves look alike makes both
    windows repeat best at the rep itself: the two agree, and this does not apply.) The lag of m
    reps averages m rep durations, so it is a whole multiple of the base within
    ``SUBMULTIPLE_TOL`` / √m."""
    if whole_s <= 0 or core[0] <= 0 or abs(whole_s / core[0] - 1) <= SUBMULTIPLE_TOL:
        return None  # the two agree (and the extra autocorrelation is not paid for)
    longest = (0.5 + SUBMULTIPLE_TOL) * max(whole_s, core[0])
    base = estimate_period(middle, fs_hz=fs_hz, min_s=min_s, max_s=longest)
    if base[0] <= 0 or base[1] < MIN_PERIODICITY:
        return None
    multiples = (whole_s / base[0], core[0] / base[0])
    whole_m, core_m = (round(m) for m in multiples)
    if min(whole_m, core_m) < 2 or whole_m == core_m:
        return None
    if any(abs(m / round(m) - 1) > SUBMULTIPLE_TOL / math.sqrt(round(m)) for m in multiples):
        return None
    return base
