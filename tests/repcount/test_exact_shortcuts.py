"""The shortcuts the stages take instead of numpy's and scipy's generic calls give their values,
bit for bit (compared as integers, so ±0 and NaN count too)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import signal

from repcount.analytic import analytic_signal
from repcount.filter import filter_bands, filter_valid_motion
from repcount.segment import _unwrap
from repcount.stats import column_means, median_along


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return (
        a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a.view(np.uint8), b.view(np.uint8)))
    )


@pytest.mark.parametrize("n", [1, 2, 3, 7, 64, 65, 97, 128, 1000, 2463, 2464, 4099])
def test_analytic_signal_is_scipy_hilbert(n: int) -> None:
    y = np.random.default_rng(n).normal(size=n)
    assert _same_bits(analytic_signal(y), signal.hilbert(y))


@pytest.mark.parametrize("seed", range(6))
def test_unwrap_is_numpys(seed: int) -> None:
    rng = np.random.default_rng(seed)
    p = np.angle(np.exp(1j * np.cumsum(rng.normal(0.1, 0.4 + seed, size=(2, 3000)), axis=1)))
    if seed % 2:
        p[:, ::7] = np.pi  # steps of exactly half a turn, both ways
        p[:, 3::7] = -np.pi
    assert _same_bits(_unwrap(p), np.unwrap(p, axis=-1))


@pytest.mark.parametrize("n", [1, 2, 9, 2500, 150_000])
@pytest.mark.parametrize("cols", [2, 3, 4])
def test_column_means_are_numpys(n: int, cols: int) -> None:
    rng = np.random.default_rng(n + cols)
    x = rng.standard_cauchy(size=(n, cols)) * 1e3 + 9.8
    assert _same_bits(column_means(x), x.mean(axis=0))
    f = np.asfortranarray(x)  # numpy sums such columns pairwise (other bits): its own path
    assert _same_bits(column_means(f), f.mean(axis=0))


@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 80), st.integers(1, 5)),
        elements=st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.5, np.nan]) | st.floats(-10, 10),
    ),
    st.integers(0, 1),
)
def test_median_along_is_numpys(x: np.ndarray, axis: int) -> None:
    with np.errstate(invalid="ignore"):
        want = np.median(x, axis=axis)
    assert _same_bits(median_along(x, axis), want)


def test_a_window_of_the_bands_is_the_filtered_window() -> None:
    rng = np.random.default_rng(4)
    t = np.arange(3000) / 50.0
    a = np.column_stack([np.sin(t), np.cos(0.7 * t), 9.8 + 0.3 * np.sin(2 * t)]) + rng.normal(
        0, 0.05, (3000, 3)
    )
    whole, bands = filter_valid_motion(t, a, fs_hz=50.0), filter_bands(t, a, fs_hz=50.0)
    for lo, hi in ((0, 3000), (200, 1700)):
        w, b = whole.window(lo, hi), bands.window(lo, hi)
        for name in (
            "t_s",
            "band_ms2",
            "motion_ms2",
            "cross_ms2",
            "hf_ms2",
            "magnitude_ms2",
            "axis",
            "mean_ms2",
        ):
            assert _same_bits(getattr(w, name), getattr(b, name)), name
