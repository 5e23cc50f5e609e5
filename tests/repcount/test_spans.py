"""``repcount.spans``: per-span argmax/argmin over a padded gather, as on each span alone."""

from __future__ import annotations

import numpy as np
import pytest

from repcount.spans import first_argmax, first_argmin, gather


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


@pytest.mark.parametrize("seed", range(6))
def test_gathered_spans_are_each_span_alone_inside_the_signal_and_past_its_end(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=300)
    x.flags.writeable = False  # the stages' arrays are read-only: gathered from a view of them
    for top in (200, 300):  # every span inside the signal, or some running past its end
        a = rng.integers(0, top, 20)
        z = a + rng.integers(0, 60, 20)
        got = gather(x, a, z, -np.inf)
        assert got.shape == (20, int((z - a).max()) + 1)
        for row, p, q in zip(got, a, z, strict=True):
            inside = x[p : min(q, 299) + 1]
            want = np.concatenate([inside, np.full(q - p + 1 - inside.size, x[-1])])
            assert row[: q - p + 1].tolist() == want.tolist()
            assert np.all(row[q - p + 1 :] == -np.inf)
        got[0, 0] = 1.0  # a copy, not a view of the signal
        assert not np.shares_memory(got, x)
    strided = np.repeat(x, 2)[::2]  # not contiguous: gathered from a copy
    assert gather(strided, np.array([5]), np.array([9]), 0.0).tolist() == [x[5:10].tolist()]
