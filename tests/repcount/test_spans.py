"""``repcount.spans``: per-span argmax/argmin over a padded gather, as on each span alone."""

from __future__ import annotations

import numpy as np
import pytest

from repcount.spans import first_argmax, first_argmin


@pytest.mark.parametrize("seed", range(10))
def test_first_extremes_match_each_span_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(size=500), 1)  # coarse values: ties within spans are common
    a = rng.integers(0, 500, 60)
    z = np.minimum(499, a + rng.integers(0, 90, 60))
    assert first_argmax(x, a, z).tolist() == [
        p + int(np.argmax(x[p : q + 1])) for p, q in zip(a, z, strict=True)
    ]
    assert first_argmin(x, a, z).tolist() == [
        p + int(np.argmin(x[p : q + 1])) for p, q in zip(a, z, strict=True)
    ]
    assert first_argmax(x, a[:0], z[:0]).size == 0
