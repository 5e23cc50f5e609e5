"""The reps done while the sensor was gone (stage 2, ``segment.py`` note 7).

Across a gap in the data (a sensor that dropped out, filled in by ``filter.fill_gaps``), the reps
the set's rhythm places in the gap are counted and marked ``inferred`` (``across_gaps``).

A gap with no samples is neither rest nor motion: what the samples on either side of it show
decides. The set's rhythm goes on through the gap only where the stretches seen between the
gap and the nearest rep turns on either side are each shorter than ``FLANK_STEPS`` rep
intervals (``through_gap``): had the reps gone on, a rep's turn would have been seen in a longer
one. 1.5 is half-way between no rep missed next to the gap (a stretch of up to one interval) and
one missed (two); from one rep to the next a set's rep interval varies by well under half an
interval (slowing with fatigue over the set, not by leaps). A stretch seen at rest next to the
gap (the set ended before it, or had not begun) is a pause like any other: no reps are placed in
the gap, and the rep runs on either side stay apart (``kept_reps``). A cycle across the gap's
edge whose range reads too small to count was measured partly on the filled-in samples and says
nothing of the rep; the rhythm places it. ``into_gap``: a set whose reps go on up to a gap may go
on after it (``analyze_recording`` looks at the activity after the gap with the set).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from repcount.filter import MAX_DROPOUT_S, FloatArray, IntArray
from repcount.stats import median

FLANK_STEPS = 1.5
"""A stretch seen next to a gap longer than this many rep intervals would have shown a rep's turn
had the set gone on through the gap (see the module notes)."""


def through_gap(turns: IntArray, j: int, missing: IntArray, step: float, fs_hz: float) -> bool:
    """Whether the set's rhythm (rep interval ``step``, samples) can have gone on through the data
    gaps between ``turns[j]`` and ``turns[j + 1]`` (see the module notes): the stretches seen
    between each turn and the gap are shorter than ``FLANK_STEPS`` intervals, and the rhythm is
    seen going on beyond them on one side at least (a turn within as much before ``turns[j]`` or
    after ``turns[j + 1]``: two lone cycles either side of a gap are no rhythm); never across a
    dropout longer than ``MAX_DROPOUT_S``, which could hide a rest. ``missing`` as in
    ``across_gaps``."""
    a, b = int(turns[j]), int(turns[j + 1])
    if missing[b] - missing[a] > MAX_DROPOUT_S * fs_hz:
        return False
    unseen = np.flatnonzero(np.diff(missing[a : b + 1]))
    if unseen.size == 0:
        return True
    before, after = unseen[0], (b - a) - 1 - unseen[-1]
    flank = FLANK_STEPS * step
    seen_before = j >= 1 and a - int(turns[j - 1]) < flank
    seen_after = j + 2 < turns.size and int(turns[j + 2]) - b < flank
    return bool(max(before, after) < flank and (seen_before or seen_after))


def into_gap(turn: int, until: int, observed: NDArray[np.bool_], step: float, fs_hz: float) -> bool:
    """Whether a dropout (of at most ``MAX_DROPOUT_S``) begins between a set's last rep turn
    ``turn`` and index ``until`` within ``FLANK_STEPS`` rep intervals (``step``, samples) of the
    turn: the set went on up to the gap, and what follows it may be more of the set."""
    gone = np.flatnonzero(~observed[turn:until])
    if gone.size == 0 or gone[0] >= FLANK_STEPS * step:
        return False
    run = gone.size if np.all(np.diff(gone) == 1) else int(np.argmax(np.diff(gone) > 1)) + 1
    return bool(run <= MAX_DROPOUT_S * fs_hz)


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
    response to the fill, not reps, and are dropped, as are cycles across a gap's edge too small
    to count (their range was read partly on the fill). Between two reps whose turns have a data
    gap between them, the rhythm of the set (the median interval between turns not split by a
    gap) places ``round(interval / median) - 1`` reps, evenly spaced, with the set's median range
    (not across a dropout longer than ``filter.MAX_DROPOUT_S``, which could hide a rest, nor
    where the samples next to the gap show the set paused there, ``through_gap``).
    ``missing`` is the cumulative count of filled-in samples (``missing[i]`` before sample i)."""
    seen = missing[turns + 1] == missing[turns]
    # a cycle the gap cut was measured partly on the filled-in samples: too small a range there
    # says nothing of the rep (the rhythm places it), a full one is a rep seen
    seen &= counted | (missing[ends + 1] == missing[starts])
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
        if k < 1 or not through_gap(turns, j, missing, step, fs_hz):
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
