"""Find sets in a continuous recording: activity gating with hysteresis, gaps and durations.

Notes
-----
Activity is the moving RMS (``WINDOW_S``) of the band-passed acceleration (all three axes, so
orientation does not matter). The rest level is a low percentile of that RMS over the whole
recording. A span is active where the RMS exceeds ``ON_FACTOR`` × rest (clipped to
[``MIN_ON_MS2``, ``MAX_ON_MS2``]) and stays active until it falls under ``OFF_FRAC`` of that
threshold (hysteresis). Active spans closer than ``min_rest_s`` merge (a short pause inside a set is not a
rest); spans shorter than ``min_set_s`` are dropped (a single gesture is not a set). Whether a
span holds reps at all is decided later by the segmenter (periodicity, range, count).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from repcount.filter import Bands, FilteredMotion, FloatArray
from repcount.stats import percentile, row_power

WINDOW_S = 1.5
ON_FACTOR = 4.0
MIN_ON_MS2 = 0.5
"""A moving RMS below this (m/s²) is never a set: breathing, typing, standing still."""
MAX_ON_MS2 = 1.0
"""The threshold never rises above this (m/s²), so a recording that is one long set (little rest
to learn the rest level from) is still seen as active. A slow loaded rep moves the wrist by
well above 1 m/s² RMS in this band."""
OFF_FRAC = 0.6
REST_PERCENTILE = 5.0


@dataclass(frozen=True, slots=True, eq=False)
class ActiveSpans:
    """Candidate sets as sample index spans [start, stop) of the recording."""

    starts: np.ndarray
    stops: np.ndarray
    activity_ms2: FloatArray
    """Moving RMS of the band-passed acceleration, m/s²."""
    threshold_ms2: float

    def __post_init__(self) -> None:
        for arr in (self.starts, self.stops, self.activity_ms2):
            arr.flags.writeable = False


def moving_rms(band_ms2: FloatArray, *, fs_hz: float, window_s: float = WINDOW_S) -> FloatArray:
    """Centered moving RMS of a (n, 3) signal's vector magnitude."""
    power = row_power(np.asarray(band_ms2))
    size = max(1, round(window_s * fs_hz))
    mean = np.asarray(ndimage.uniform_filter1d(power, size, mode="nearest"), dtype=np.float64)
    return np.sqrt(np.maximum(mean, 0.0))


def activity_threshold(activity_ms2: FloatArray) -> float:
    """Threshold (m/s²) above which the recording is active."""
    if activity_ms2.size == 0:
        return MIN_ON_MS2
    rest = percentile(activity_ms2, REST_PERCENTILE)  # np.percentile's value, by a partition
    return float(np.clip(ON_FACTOR * rest, MIN_ON_MS2, MAX_ON_MS2))


def find_active_spans(
    motion: FilteredMotion | Bands,
    *,
    min_rest_s: float = 8.0,
    min_set_s: float = 2.5,
    threshold_ms2: float | None = None,
) -> ActiveSpans:
    """Active spans of a recording (see the module notes).

    Parameters
    ----------
    motion : the whole recording filtered (``filter_motion``, or ``filter_bands``: only its
        band-passed acceleration is read).
    min_rest_s : a quieter gap at least this long separates two sets, seconds.
    min_set_s : active spans shorter than this are dropped, seconds.
    threshold_ms2 : fixed activity threshold (default: from the recording's rest level).
    """
    fs = motion.fs_hz
    act = moving_rms(motion.band_ms2, fs_hz=fs)
    thr = activity_threshold(act) if threshold_ms2 is None else threshold_ms2
    on = act > thr
    hold = act > OFF_FRAC * thr
    # hysteresis: a span that crosses `on` extends while above `hold`
    labels, count = _label_runs(hold)
    kept = np.zeros(count + 1, dtype=bool)  # per label: it crosses `on` (a look-up, not np.isin)
    kept[labels[on]] = True
    kept[0] = False  # below `hold`
    active = kept[labels]
    starts, stops = _runs(active)
    gap = int(min_rest_s * fs)
    ms: list[int] = []
    me: list[int] = []
    for a, b in zip(starts, stops, strict=True):
        if ms and a - me[-1] < gap:
            me[-1] = int(b)
        else:
            ms.append(int(a))
            me.append(int(b))
    keep_idx = [i for i in range(len(ms)) if me[i] - ms[i] >= min_set_s * fs]
    return ActiveSpans(
        np.array([ms[i] for i in keep_idx], dtype=np.intp),
        np.array([me[i] for i in keep_idx], dtype=np.intp),
        act,
        thr,
    )


def _label_runs(mask: NDArray[np.bool_]) -> tuple[NDArray[np.int32], int]:
    """``ndimage.label`` of a 1-D boolean array (its True runs numbered 1, 2, ... in order, 0
    elsewhere, as int32) and the number of runs, from one cumulative sum of the runs' first
    samples (``ndimage.label`` spends several times longer in its generic n-d set-up on a short
    recording)."""
    if mask.size == 0:
        return np.zeros(0, dtype=np.int32), 0
    first = np.empty(mask.shape, dtype=bool)
    first[0] = mask[0]
    np.greater(mask[1:], mask[:-1], out=first[1:])
    labels = np.cumsum(first, dtype=np.int32)
    count = int(labels[-1])
    labels[~mask] = 0
    return labels, count


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and stops of the True runs of a boolean array."""
    d = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return (d == 1).nonzero()[0], (d == -1).nonzero()[0]
