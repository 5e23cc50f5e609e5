"""Which extremes of a rep are its start and end: the ones nearest the set's start position.

Every rep starts and ends in the set's start position: the position held before the first rep
(the hang, arms extended, standing) and returned to after the last. The generic counter knows
no phase order, so of its two polarities (the minima or the maxima of the position proxy as rep
boundaries) it can count from mid-rep to mid-rep: the rep ends then come half a rep after the
true ends (live, every rep announced about 1 s late) and the count can be one off. Where the
sensor tilts with the limb (``pose.pose``: gravity's direction in the sensor's frame), the pose
held before the set's first movement and after its last tells which extreme is the start
position.

The held pose is the stillest stretch (``HOLD_PERIODS`` of a period, the least pose movement)
within one period before the set's earliest turn and within one period after its latest. For
each polarity, the median pose at its inner rep boundaries and at its turns give the two
extremes; the polarity whose boundaries are nearer the held pose (before the set and after it,
both) by ``START_POSE_MARGIN`` of the distance between its two extremes is the one counted from
the start position. On a bar or handle the low-passed acceleration at a hold is gravity alone,
about as far from either extreme (whose pose is the load's acceleration, alike in size both
ways), so the rule stays silent there; at the wrist a pose that barely tilts (a deadlift's
hanging arms) is silent too, or the held pose is about as far from both.
"""

from __future__ import annotations

import numpy as np

from repcount.filter import FloatArray, IntArray
from repcount.stats import median, median_along, norm

HOLD_PERIODS = 0.25
"""Length of the held stretch searched for, in rep periods: the simulator holds the start
position 0.8-1.6 s before a set (0.3-1.0 s after it) with reps of 2-4 s; a quarter period is
well inside that and longer than the stop at a rep's turn."""
MIN_REPS = 2
"""Two reps have one inner boundary, a pose at the start position between them."""
START_POSE_MARGIN = 0.4
"""The held pose is nearer one polarity's boundary pose than its turn pose by this share of the
distance between the two (on a line between them: within 0.3 of that distance of the boundary
pose). On the simulator's generic sets at the wrist the start position read 0.49-0.99 for the
right polarity where the edge reps chose the wrong one; a hold estimated wrong read up to 0.38
(a wrist deadlift, whose arms hang both ways) and once 0.71 (an overhead press with a swing)."""

SAME_POSE_FRAC = 0.5
"""The poses held before and after the set are one start position when they lie within this
share of the distance between the boundary and turn poses of each other (the simulator's sets:
under 0.1); a window whose lead-in is the walk up and whose end is the set's start position
(a seated cable row after 30 s of walking: 2.2) or another set's says nothing."""


def _held_pose(pose_ms2: FloatArray, lo: int, hi: int, length: int) -> FloatArray | None:
    """Mean pose of the ``length``-sample stretch in [lo, hi) that moves least; ``None`` when the
    window does not hold that much."""
    n = pose_ms2.shape[0]
    lo, hi = max(0, lo), min(n, hi)
    if hi - lo < length + 1:
        return None
    held = pose_ms2[lo:hi]
    step = np.sqrt(np.sum((held[1:] - held[:-1]) ** 2, axis=1))  # np.diff's subtraction
    moved = np.concatenate([[0.0], np.cumsum(step)])
    k = int(np.argmin(moved[length:] - moved[:-length]))
    return np.asarray(pose_ms2[lo + k : lo + k + length + 1].mean(axis=0), dtype=np.float64)


def start_pose_polarity(
    pose_ms2: FloatArray, options: list[tuple[IntArray, IntArray, IntArray]]
) -> int | None:
    """The index of the polarity (``options``: each its reps' start, turn and end indices into
    ``pose_ms2``, the window's (n, 3) pose) whose rep boundaries sit at the set's start position,
    or ``None`` when the pose does not tell (see the module notes)."""
    if len(options) != 2 or min(o[1].size for o in options) < MIN_REPS:
        return None
    if abs(options[0][1].size - options[1][1].size) > 1:
        return None  # half a rep off reads one rep more or fewer; more apart, they hold other cycles
    period = int(_period(options))
    length = max(2, int(HOLD_PERIODS * period))
    first = min(int(o[1][0]) for o in options)
    last = max(int(o[1][-1]) for o in options)
    n = pose_ms2.shape[0]
    # only a stretch the window holds whole: past the window's edge (a live window ends in the
    # set) the stillest part of what is left is the set's own motion
    before = _held_pose(pose_ms2, first - period, first, length) if first >= period else None
    after = _held_pose(pose_ms2, last + 1, last + 1 + period, length) if last + period < n else None
    if before is None:
        return None  # the window starts in the set: its start position is not seen
    held = [before] if after is None else [before, after]
    for i, (starts, turns, ends) in enumerate(options):
        bound = median_along(pose_ms2[np.concatenate([ends[:-1], starts[1:]])], 0)
        turn = median_along(pose_ms2[turns[1:-1] if turns.size > 2 else turns], 0)
        apart = norm(turn - bound)
        if apart <= 0:
            continue
        if len(held) == 2 and norm(held[0] - held[1]) > SAME_POSE_FRAC * apart:
            return None  # not one start position: the walk up, a let-go, another set
        nearer = [(norm(turn - h) - norm(bound - h)) / apart for h in held]
        if min(nearer) >= START_POSE_MARGIN:
            return i
    return None


def _period(options: list[tuple[IntArray, IntArray, IntArray]]) -> float:
    """The median interval between consecutive turns over the polarities (samples): the period."""
    return median(np.concatenate([o[1][1:] - o[1][:-1] for o in options]))  # np.diff's
