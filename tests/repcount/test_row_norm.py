"""``repcount.stats.row_norm`` and ``row_power`` are numpy's, bit for bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from repcount.stats import row_norm, row_power

_rows = arrays(
    np.float64,
    st.tuples(st.integers(0, 50), st.sampled_from([1, 2, 3, 4, 6])),
    elements=st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
)


@given(_rows)
def test_row_norm_and_power_are_numpys(x: np.ndarray) -> None:
    with np.errstate(over="ignore", invalid="ignore"):
        np.testing.assert_array_equal(row_norm(x), np.linalg.norm(x, axis=1))
        np.testing.assert_array_equal(row_power(x), np.sum(x**2, axis=1))


def test_row_norm_on_many_rows() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(100_000, 3)) * rng.uniform(1e-3, 1e3, size=(100_000, 1))
    assert np.array_equal(row_norm(x), np.linalg.norm(x, axis=1))
    assert np.array_equal(row_norm(x[::2]), np.linalg.norm(x[::2], axis=1))
    assert np.array_equal(row_power(x.astype(np.float32)), np.sum(x.astype(np.float32) ** 2, axis=1))


def test_window_sway_is_the_norm_off_the_axis() -> None:
    from repcount.filter import filter_motion

    rng = np.random.default_rng(1)
    t = np.arange(3000) / 50.0
    a = np.column_stack([np.sin(t), 0.3 * np.cos(2 * t), 9.8 + 0.1 * np.sin(3 * t)]) + rng.normal(
        0, 0.05, (3000, 3)
    )
    w = filter_motion(t, a, fs_hz=50.0).window(200, 2500)
    want = np.linalg.norm(w.band_ms2 - np.outer(w.motion_ms2, w.axis), axis=1)
    np.testing.assert_array_equal(w.cross_ms2, want)
