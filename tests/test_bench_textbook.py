"""The textbook baseline of ``bench.textbook`` counts the peaks of a plain rhythm."""

from __future__ import annotations

import numpy as np

from bench.textbook import textbook_count


def _rhythm(reps: int, period_s: float, fs_hz: float, *, lead_s: float = 2.0) -> np.ndarray:
    """Quiet, ``reps`` raised-cosine cycles along one tilted axis with gravity, quiet."""
    t = np.arange(int((2 * lead_s + reps * period_s) * fs_hz)) / fs_hz
    inside = (t >= lead_s) & (t < lead_s + reps * period_s)
    wave = np.where(inside, 0.5 - 0.5 * np.cos(2 * np.pi * (t - lead_s) / period_s), 0.0)
    axis = np.array([0.6, 0.0, 0.8])
    rng = np.random.default_rng(0)
    return 9.81 * np.array([0.0, 0.0, 1.0]) + 3.0 * wave[:, None] * axis + rng.normal(0, 0.05, (t.size, 3))


def test_counts_one_peak_per_cycle() -> None:
    for reps, period_s, fs_hz in ((5, 3.0, 12.5), (10, 2.0, 50.0), (15, 1.4, 25.0)):
        assert textbook_count(_rhythm(reps, period_s, fs_hz), fs_hz) == reps
