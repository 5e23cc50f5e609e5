"""``repcount.boundaries._purity`` (prefix sums over every rep and candidate at once) against the
former per-rep loop it replaced."""

from __future__ import annotations

import numpy as np
import pytest

from repcount.boundaries import _purity
from repcount.segment import RepSegments


def _reference(v: np.ndarray, seg: RepSegments, full: np.ndarray) -> float:
    scores = []
    for j in np.flatnonzero(full):
        s, t, e = int(seg.starts[j]), int(seg.turns[j]), int(seg.ends[j])
        a, b = v[s : t + 1], v[t : e + 1]
        total = float(np.sum(np.abs(a)) + np.sum(np.abs(b)))
        if total > 0:
            scores.append((float(np.sum(a)) - float(np.sum(b))) / total)
    return float(np.median(scores)) if scores else 0.0


@pytest.mark.parametrize("seed", range(30))
def test_purity_matches_the_per_rep_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    k, n = int(rng.integers(1, 15)), 3000
    edges = np.sort(rng.choice(np.arange(1, n - 1), size=k + 1, replace=False))
    starts, ends = edges[:-1], edges[1:]
    turns = starts + (ends - starts) // 2
    v = rng.normal(size=(n, 3)) + np.sin(np.arange(n) / rng.uniform(5, 50))[:, None]
    v[: n // 3, 2] = 0.0  # a silent candidate over the first reps: those are left out
    full = rng.random(k) < 0.8
    seg = RepSegments(starts, turns, ends, np.ones(k), full, 2.0, 0.9, np.zeros(n))
    got = _purity(np.ascontiguousarray(v.T), seg, full)  # one candidate per row
    want = [_reference(v[:, c], seg, full) for c in range(3)]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
