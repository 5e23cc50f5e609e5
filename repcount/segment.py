"""Stage 2: find the reps of one set in its counting signal.

Notes
-----
1. Period: the autocorrelation of the counting signal (unbiased, via FFT) is searched for its
   strongest peak between ``min_rep_s`` and ``max_rep_s``; the shortest lag whose peak is
   within 85 % of the best is kept, so a multiple of the period is not mistaken for it.
   A set with weak periodicity (peak < ``MIN_PERIODICITY``) has no reps: random motion,
   walking off and fidgeting do not repeat like reps do.
2. Smoothing at the rep's own pace: a zero-phase low-pass at ``1.6 / period`` removes the
   harmonics that make two peaks per rep.
3. Turns: peaks of the smoothed signal at least ``0.6 × period`` apart, with prominence at
   least 35 % of the set's robust amplitude (5th-95th percentile). Both polarities are tried;
   the one with more turns is the turn of the rep (the other extreme is where reps begin and
   end, and at the edges of a set it merges into the rest pose).
4. Each rep spans from the opposite extreme before its turn to the one after it; its range is
   the larger of its two half-excursions (at a set's edge one half merges into the rest pose).
5. Reps must repeat: a candidate whose z-normalised shape correlates with the median rep's
   below ``MIN_SHAPE_CORR``, or whose duration is far from the median, is dropped (walking
   steps, unracking, one-off gestures). Reps below ``count_frac`` of the median range are
   partial (reported, not counted).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import signal

from repcount.filter import FloatArray
from repcount.profiles import ExerciseProfile

IntArray = NDArray[np.intp]
MIN_PERIODICITY = 0.25
"""Autocorrelation at the rep period below which a window is not a set of reps."""
MIN_RANGE_MS2 = 0.5
"""A rep moves the counting signal by at least this much (m/s²): tremor and breathing do not."""
PROMINENCE_FRAC = 0.35
DISTANCE_FRAC = 0.6
SMOOTH_CYCLES = 1.6
SHAPE_POINTS = 32
MIN_SHAPE_CORR = 0.6
"""A rep's shape must correlate with the set's median rep at least this much."""
MIN_DURATION_FRAC = 0.4
MAX_DURATION_FRAC = 2.5
"""A rep lasts between these multiples of the set's median rep."""
MAX_RANGE_FRAC = 2.2
"""An excursion this much larger than the median rep is unracking or a gesture, not a rep."""


@dataclass(frozen=True, slots=True, eq=False)
class RepSegments:
    """Rep candidates of one set, as sample indices into the set's window."""

    starts: IntArray
    """Index where each rep begins (an extreme of the smoothed signal)."""
    turns: IntArray
    """Index of each rep's turn (the opposite extreme)."""
    ends: IntArray
    """Index where each rep ends."""
    range_ms2: FloatArray
    """Excursion of the smoothed signal per rep, m/s²."""
    counted: NDArray[np.bool_]
    """True for full reps, False for partial ones."""
    period_s: float
    """Estimated rep period, seconds (0 if none)."""
    periodicity: float
    """Autocorrelation at the period (0-1)."""
    position: FloatArray
    """The smoothed counting signal, oriented so that turns are maxima."""

    def __post_init__(self) -> None:
        for arr in (self.starts, self.turns, self.ends, self.range_ms2, self.counted, self.position):
            arr.flags.writeable = False

    @property
    def count(self) -> int:
        return int(np.count_nonzero(self.counted))


def _empty(n: int, period_s: float = 0.0, periodicity: float = 0.0) -> RepSegments:
    e = np.zeros(0, dtype=np.intp)
    return RepSegments(
        e, e.copy(), e.copy(), np.zeros(0), np.zeros(0, dtype=bool), period_s, periodicity, np.zeros(n)
    )


def estimate_period(x: FloatArray, *, fs_hz: float, min_s: float, max_s: float) -> tuple[float, float]:
    """Rep period (s) and its autocorrelation (0-1) from the unbiased autocorrelation of ``x``."""
    n = x.shape[0]
    lo, hi = max(1, int(min_s * fs_hz)), min(int(max_s * fs_hz), int(0.6 * n))
    if hi <= lo + 2 or not np.any(x):
        return 0.0, 0.0
    x = x - x.mean()
    nfft = 1 << int(np.ceil(np.log2(2 * n)))
    spec = np.fft.rfft(x, nfft)
    ac = np.fft.irfft(spec * np.conj(spec), nfft)[:n]
    ac = ac / ac[0] * (n / (n - np.arange(n)))
    seg = ac[lo : hi + 1]
    peaks, _ = signal.find_peaks(seg)
    if peaks.size == 0:
        return 0.0, 0.0
    best = float(seg[peaks].max())
    if best <= 0:
        return 0.0, 0.0
    lag = int(peaks[seg[peaks] >= 0.85 * best][0]) + lo
    return lag / fs_hz, float(min(1.0, ac[lag]))


def segment_reps(motion_ms2: FloatArray, *, fs_hz: float, profile: ExerciseProfile) -> RepSegments:
    """Find the reps of one set in its counting signal (see the module notes for the method).

    Parameters
    ----------
    motion_ms2 : (n,) counting signal (``FilteredMotion.motion_ms2``), m/s².
    fs_hz : sample rate, Hz.
    profile : the exercise profile (rep duration bounds, partial threshold).

    Returns
    -------
    RepSegments (empty when the window holds no repeated motion).
    """
    x = np.asarray(motion_ms2, dtype=np.float64)
    n = x.shape[0]
    period_s, periodicity = estimate_period(x, fs_hz=fs_hz, min_s=profile.min_rep_s, max_s=profile.max_rep_s)
    if period_s <= 0 or periodicity < MIN_PERIODICITY:
        return _empty(n, period_s, periodicity)
    cutoff = min(SMOOTH_CYCLES / period_s, 0.45 * fs_hz)
    sos = signal.butter(2, cutoff, fs=fs_hz, output="sos")
    y = signal.sosfiltfilt(sos, x) if n > 3 * (2 * sos.shape[0] + 1) else x.copy()
    amp = float(np.percentile(y, 95) - np.percentile(y, 5))
    if amp < MIN_RANGE_MS2:
        return _empty(n, period_s, periodicity)
    dist = max(1, int(DISTANCE_FRAC * period_s * fs_hz))
    found = []
    for sign in (1.0, -1.0):
        idx, props = signal.find_peaks(sign * y, distance=dist, prominence=PROMINENCE_FRAC * amp)
        found.append((idx.size, float(np.median(props["prominences"])) if idx.size else 0.0, sign, idx))
    _, _, sign, turns = max(found, key=lambda f: (f[0], f[1]))
    y = sign * y
    if turns.size == 0:
        return _empty(n, period_s, periodicity)
    starts, ends = _bracket(y, turns, int(period_s * fs_hz))
    # the larger half-excursion: at a set's edge one half merges into the rest pose
    rng = np.maximum(y[turns] - y[starts], y[turns] - y[ends])
    keep = rng >= MIN_RANGE_MS2
    starts, turns, ends, rng = starts[keep], turns[keep], ends[keep], rng[keep]
    keep = _similar_shape(y, starts, ends, rng)
    starts, turns, ends, rng = starts[keep], turns[keep], ends[keep], rng[keep]
    med = float(np.median(rng)) if rng.size else 0.0
    counted = rng >= profile.count_frac * med
    return RepSegments(starts, turns, ends, rng, counted, period_s, periodicity, y)


def _similar_shape(y: FloatArray, starts: IntArray, ends: IntArray, rng: FloatArray) -> NDArray[np.bool_]:
    """Keep reps whose shape correlates with the set's median rep (walking steps and one-off
    gestures around a set do not); scale-free, so partial reps keep their place."""
    k = starts.size
    if k < 3:
        return np.ones(k, dtype=bool)
    grid = np.linspace(0.0, 1.0, SHAPE_POINTS)
    shapes = np.empty((k, SHAPE_POINTS))
    for j in range(k):
        seg = y[starts[j] : ends[j] + 1]
        if seg.size < 2:
            shapes[j] = 0.0
            continue
        z = np.interp(grid, np.linspace(0.0, 1.0, seg.size), seg)
        z = z - z.mean()
        shapes[j] = z / (np.linalg.norm(z) + 1e-12)
    template = np.median(shapes[rng >= np.median(rng) * 0.6], axis=0)
    template = template / (np.linalg.norm(template) + 1e-12)
    duration = (ends - starts).astype(np.float64)
    med_dur = float(np.median(duration))
    ok_dur = (duration >= MIN_DURATION_FRAC * med_dur) & (duration <= MAX_DURATION_FRAC * med_dur)
    ok_range = rng <= MAX_RANGE_FRAC * float(np.median(rng))
    return np.asarray((shapes @ template >= MIN_SHAPE_CORR) & ok_dur & ok_range)


def _bracket(y: FloatArray, turns: IntArray, period_n: int) -> tuple[IntArray, IntArray]:
    """The opposite extreme before and after each turn (between turns, or ≤ one period out)."""
    n = y.shape[0]
    starts = np.empty_like(turns)
    ends = np.empty_like(turns)
    for k, t in enumerate(turns):
        lo = turns[k - 1] if k > 0 else max(0, t - period_n)
        hi = turns[k + 1] if k + 1 < turns.size else min(n - 1, t + period_n)
        starts[k] = lo + int(np.argmin(y[lo : t + 1]))
        ends[k] = t + int(np.argmin(y[t : hi + 1]))
    return starts, ends
