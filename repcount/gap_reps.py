"""The reps done while the sensor was gone (stage 2, ``segment.py`` note 7).

Across a gap in the data (a sensor that dropped out, filled in by ``filter.fill_gaps``), the reps
the set's rhythm places in the gap are counted and marked ``inferred`` (``across_gaps``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from repcount.filter import MAX_DROPOUT_S, FloatArray, IntArray
from repcount.stats import median


def across_gaps(
    starts: IntArray,
    turns: IntArray,
    ends: IntArray,
    rng: FloatArray,
    counted: NDArray[np.bool_],
    missing: IntArray,
    fs_hz: float,
) -> tuple[IntArray, IntArray, IntArray, FloatArray, NDArray[np.bool_], NDArray[np.bool_]]:
    """Count the reps done while the sensor was gone. Turns found inside a gap are the filter's
    response to the fill, not reps, and are dropped. Between two reps whose turns have a data
    gap between them, the rhythm of the set (the median interval between turns not split by a
    gap) places ``round(interval / median) - 1`` reps, evenly spaced, with the set's median range
    (not across a dropout longer than ``filter.MAX_DROPOUT_S``, which could hide a rest).
    ``missing`` is the cumulative count of filled-in samples (``missing[i]`` before sample i)."""
    seen = missing[turns + 1] == missing[turns]
    starts, turns, ends, rng, counted = starts[seen], turns[seen], ends[seen], rng[seen], counted[seen]
    none = np.zeros(turns.size, dtype=bool)
    if turns.size < 2:
        return starts, turns, ends, rng, counted, none
    across = missing[turns[1:]] > missing[turns[:-1]]
    steps = np.diff(turns)[~across]
    if steps.size == 0:
        return starts, turns, ends, rng, counted, none
    step = median(steps)
    med = median(rng[counted]) if counted.any() else 0.0
    rows = [
        (int(s), int(t), int(e), float(r), bool(c), False)
        for s, t, e, r, c in zip(starts, turns, ends, rng, counted, strict=True)
    ]
    for j in across.nonzero()[0][::-1]:  # from the end, so earlier insert positions hold
        a, b = int(turns[j]), int(turns[j + 1])
        k = round((b - a) / step) - 1
        if k < 1 or missing[b] - missing[a] > MAX_DROPOUT_S * fs_hz:
            continue
        grid = np.rint(a + (b - a) * np.arange(k + 2) / (k + 1)).astype(np.intp)  # a, k missed, b
        added = [
            (
                int((grid[i - 1] + grid[i]) // 2),
                int(grid[i]),
                int((grid[i] + grid[i + 1]) // 2),
                med,
                True,
                True,
            )
            for i in range(1, k + 1)
        ]
        rows[j + 1 : j + 1] = added
    cols = list(zip(*rows, strict=True))
    return (
        np.array(cols[0], dtype=np.intp),
        np.array(cols[1], dtype=np.intp),
        np.array(cols[2], dtype=np.intp),
        np.array(cols[3], dtype=np.float64),
        np.array(cols[4], dtype=bool),
        np.array(cols[5], dtype=bool),
    )
