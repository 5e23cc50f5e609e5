"""A textbook rep counter, as a baseline for the real recordings (not part of ``repcount``).

Run: ``.venv/bin/python -m bench.textbook [--data DIR] [--list]`` compares it set by set with
``analyze_recording`` on every labelled real set: how many each gets right where the other is
wrong, and (``--list``) those sets one per line with both counts. ``bench.accuracy`` prints its
exact % / ±1 % / MAE beside ``analyze_recording``'s and the constant guess.

The recipe is the one the wrist-worn counting papers share, written down once, before it was
run on these files, and not tuned to them:

1. the acceleration (gravity included) less its mean over the whole labelled recording,
   projected on its first principal component (RecoFit: Morris et al. 2014 count on the first
   principal component of the arm's acceleration; Ebbelaar's counter uses the magnitude or one
   axis chosen per exercise, which a principal axis generalises: it is the axis that moves most);
2. low-passed with a 4th-order Butterworth at ``CUTOFF_HZ`` (3 Hz), zero phase: reps last
   0.8–10 s, so 3 Hz keeps a rep's shape up to its third harmonic and drops the tremor and
   impacts above it;
3. the period from the autocorrelation: the lag of its highest local maximum between
   ``MIN_PERIOD_S`` and ``MAX_PERIOD_S`` (and under half the recording);
4. ``scipy.signal.find_peaks`` with a minimum distance of ``DISTANCE_PERIODS`` (0.6) periods,
   so one rep gives one peak even when its top has two bumps, and a prominence of at least
   ``PROMINENCE_STD`` (1) standard deviation of the filtered signal: a steady rhythm of
   amplitude A has a deviation of A/√2 and peaks 2A = 2.8 deviations prominent, so one
   deviation keeps every full rep and drops ripples under about a third of a rep;
5. the count is the number of peaks, on the axis turned towards gravity (the mean
   acceleration): a peak is where the forearm's acceleration along the axis is highest.

Ebbelaar's own counter for his recordings (the "fitness tracker" course code built on the same
recordings and widely copied on GitHub: the magnitude of the acceleration resampled at 5 Hz, a
10th-order Butterworth low-pass at 0.35–0.4 Hz chosen per exercise on those sets, the row on
one gyro axis at 0.65 Hz, every local maximum counted) needs a cut-off
set per exercise and passes nothing quicker than about one rep per 2.5 s; it is not used here,
since its cut-offs were chosen on the ebbelaar sets themselves and the muvr reps are often
quicker (periods from 1.4 s).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import signal

from bench.datasets import DEFAULT_DATA, RealSet, load_all

CUTOFF_HZ = 3.0
"""Low-pass cut-off (Hz): a rep's third harmonic at the quickest reps (0.8 s) is under 4 Hz,
the slower reps' well under; wrist tremor and bar impacts are above."""
ORDER = 4
"""Butterworth order, applied forward and backward (zero phase)."""
MIN_PERIOD_S = 0.8
"""Shortest rep period (s) the autocorrelation is searched for (a quick curl, a push-up)."""
MAX_PERIOD_S = 10.0
"""Longest rep period (s) the autocorrelation is searched for (a slow heavy rep)."""
DISTANCE_PERIODS = 0.6
"""Minimum distance between counted peaks, in periods (the textbook 0.5–0.75)."""
PROMINENCE_STD = 1.0
"""Minimum prominence of a counted peak, in standard deviations of the filtered signal."""


def _period_s(x: np.ndarray, fs_hz: float) -> float | None:
    """The lag (s) of the autocorrelation's highest local maximum in the period range."""
    n = x.size
    acf = signal.correlate(x, x, mode="full", method="fft")[n - 1 :]
    acf = acf / np.maximum(n - np.arange(n), 1)
    lo = int(MIN_PERIOD_S * fs_hz)
    hi = min(int(MAX_PERIOD_S * fs_hz), n // 2)
    if hi <= lo + 2:
        return None
    peaks, _ = signal.find_peaks(acf[: hi + 1])
    peaks = peaks[peaks >= lo]
    if peaks.size == 0:
        return None
    return float(peaks[np.argmax(acf[peaks])] / fs_hz)


def textbook_count(accel_ms2: np.ndarray, fs_hz: float) -> int:
    """Reps in a recording by the textbook recipe (module docstring)."""
    a = np.asarray(accel_ms2, dtype=float)
    mean = a.mean(axis=0)
    centred = a - mean
    if a.shape[0] < 3 * ORDER + 3:
        return 0
    axis = np.linalg.svd(centred, full_matrices=False)[2][0]
    if axis @ mean < 0:
        axis = -axis
    sos = signal.butter(ORDER, min(CUTOFF_HZ, 0.45 * fs_hz), fs=fs_hz, output="sos")
    x = signal.sosfiltfilt(sos, centred @ axis)
    period = _period_s(x, fs_hz)
    distance = max(1, int(DISTANCE_PERIODS * (period if period else MIN_PERIOD_S) * fs_hz))
    peaks, _ = signal.find_peaks(x, distance=distance, prominence=PROMINENCE_STD * float(np.std(x)))
    return int(peaks.size)


def compare(sets: list[RealSet], *, listing: bool) -> None:
    """Where the textbook counter is right and ours wrong, and the reverse."""
    from repcount import analyze_recording

    tally: Counter[str] = Counter()
    lines: list[str] = []
    for s in sets:
        if s.expected_reps == 0:
            continue
        ours = analyze_recording(s.t_s, s.accel_ms2, s.gyro_rads, fs_hz=s.fs_hz, exercise=s.exercise).count
        book = textbook_count(s.accel_ms2, s.fs_hz)
        key = (
            ("ours right" if ours == s.expected_reps else "ours wrong")
            + ", "
            + ("textbook right" if book == s.expected_reps else "textbook wrong")
        )
        tally[f"{s.dataset}: {key}"] += 1
        tally[f"all: {key}"] += 1
        if (ours == s.expected_reps) != (book == s.expected_reps):
            lines.append(
                f"{s.dataset:8} {s.label:30} {s.name[-40:]:40} label {s.expected_reps:3} "
                f"ours {ours:3} textbook {book:3} ({s.t_s[-1] - s.t_s[0]:.0f} s)"
            )
    for k in sorted(tally):
        print(f"{k:50} {tally[k]:4}")
    if listing:
        print("\nsets where exactly one of the two is right:")
        print("\n".join(sorted(lines)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--list", action="store_true", help="list the sets where exactly one is right")
    args = ap.parse_args()
    compare(load_all(args.data), listing=args.list)


if __name__ == "__main__":
    main()
