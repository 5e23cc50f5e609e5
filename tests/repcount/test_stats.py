"""``repcount.stats.median`` is ``np.median``, bit for bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from repcount.stats import median, percentile


@given(arrays(np.float64, st.integers(1, 40), elements=st.floats(-1e6, 1e6, allow_nan=False)))
def test_median_is_numpys(x: np.ndarray) -> None:
    assert median(x) == float(np.median(x))


def test_median_of_nan_and_empty() -> None:
    assert np.isnan(median(np.array([1.0, np.nan, 2.0])))
    assert np.isnan(median(np.array([])))
    assert median(np.array([3, 1, 2])) == 2.0


@given(
    arrays(np.float64, st.integers(1, 60), elements=st.floats(allow_nan=True, allow_infinity=True)),
    st.sampled_from([0.0, 5.0, 50.0, 90.0, 95.0, 100.0]) | st.floats(0.0, 100.0),
)
def test_percentile_is_numpys(x: np.ndarray, q: float) -> None:
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf, as numpy's own
        want = float(np.percentile(x, q))
        got = percentile(x, q)
    assert got == want or (np.isnan(got) and np.isnan(want))
