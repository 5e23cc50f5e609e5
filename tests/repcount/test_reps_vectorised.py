"""``build_reps``' helpers over every rep at once, against the per-rep code they replaced."""

from __future__ import annotations

import numpy as np

from repcount.reps import _peaks, _times_at


def _time_at(t_s: np.ndarray, idx: float, fs_hz: float) -> float:
    last = t_s.size - 1
    if idx > last:
        return float(t_s[last] + (idx - last) / fs_hz)
    if idx < 0:
        return float(t_s[0] + idx / fs_hz)
    return float(np.interp(idx, np.arange(t_s.size), t_s))


def test_times_and_peaks_match_the_per_rep_code() -> None:
    rng = np.random.default_rng(0)
    t = 100.0 + np.cumsum(rng.uniform(0.015, 0.025, 400))
    idx = rng.uniform(-50, 450, 200)  # before, inside and past the window
    assert _times_at(t, idx, 50.0) == [_time_at(t, float(i), 50.0) for i in idx]
    x = rng.normal(size=400)
    begin = rng.integers(0, 400, 50)
    finish = np.minimum(399, begin + rng.integers(0, 120, 50))
    want = [float(np.max(np.abs(x[a : b + 1]))) for a, b in zip(begin, finish, strict=True)]
    assert _peaks(x, begin, finish) == want
