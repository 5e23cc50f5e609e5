"""The momentum and swing helpers that work on every rep at once, against the per-rep code they
replaced (kept here as the reference)."""

from __future__ import annotations

import numpy as np
import pytest

from repcount.filter import GRAVITY_MS2
from repcount.spans import span_level, span_lowest
from repcount.swing import _fit_residuals


def _rms(x: np.ndarray, a: float, b: float) -> float:
    lo, hi = max(0, int(np.floor(a))), min(x.shape[0], int(np.ceil(b)) + 1)
    return float(np.sqrt(np.mean(x[lo:hi] ** 2))) if hi > lo else 0.0


def _peak(x: np.ndarray, a: float, b: float) -> float:
    lo, hi = max(0, int(np.floor(a))), min(x.shape[0], int(np.ceil(b)) + 1)
    return float(np.max(x[lo:hi])) if hi > lo else 0.0


def _low(level: np.ndarray, a: float, z: float) -> float:
    n = level.shape[0]
    return (
        float(np.min(level[max(0, int(a)) : int(z) + 1])) if int(z) >= int(a) and int(a) < n else GRAVITY_MS2
    )


def _fit(r: np.ndarray, t: np.ndarray) -> tuple[float, float]:
    tt = float(np.sum(t * t))
    alpha = float(np.sum(r * t)) / tt if tt > 0 else 0.0
    return float(np.sum((r - alpha * t) ** 2)), tt


@pytest.mark.parametrize("seed", range(20))
def test_window_stats_match_the_per_rep_loops(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 300))
    x = np.abs(rng.normal(size=n)) * 10 ** rng.uniform(-2, 2)
    a = rng.uniform(-30, n + 30, size=25)
    b = a + rng.uniform(-5, 80, size=25)  # some spans empty, reversed, or past either end
    rms, peak = span_level(x, a, b, peak=False), span_level(x, a, b, peak=True)
    np.testing.assert_allclose(rms, [_rms(x, p, q) for p, q in zip(a, b, strict=True)], rtol=1e-12)
    np.testing.assert_array_equal(peak, [_peak(x, p, q) for p, q in zip(a, b, strict=True)])
    both = np.column_stack([x, x[::-1]])  # several signals over the same spans at once
    for c in range(2):
        np.testing.assert_allclose(
            span_level(both, a, b, peak=False)[:, c], span_level(both[:, c], a, b, peak=False)
        )
        np.testing.assert_array_equal(
            span_level(both, a, b, peak=True)[:, c], span_level(both[:, c], a, b, peak=True)
        )
    a, b = np.clip(a, 0, None), np.clip(b, 0, None)  # the per-rep code fails on spans wholly before 0
    np.testing.assert_array_equal(
        span_lowest(x, a, b, GRAVITY_MS2), [_low(x, p, q) for p, q in zip(a, b, strict=True)]
    )


@pytest.mark.parametrize("seed", range(10))
def test_fit_residual_matches_the_per_rep_fit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    r = rng.normal(size=(int(rng.integers(1, 12)), 32, 3))
    t = rng.normal(size=(32, 3)) if seed else np.zeros((32, 3))
    res, tt = _fit_residuals(r[None], t[None])  # one template
    want = [_fit(rj, t) for rj in r]
    np.testing.assert_allclose(res[0], [w[0] for w in want], rtol=1e-12)
    assert tt[0] == want[0][1]
