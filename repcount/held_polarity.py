"""Which polarity a window cut from inside a set counts in: the one its set was counted in.

A rep has two extremes, and the generic counter (no exercise named, so no phase order) can count
from either: from the start position to the start position, or from mid-rep to mid-rep, half a
rep off. On a window holding the set's edges it decides from the pose held before the set
(``start_pose``) and the shape of the edge reps. A window cut from inside the set (the live
counter's neighbourhood of a rep) holds neither, and decided on its own: 12 s windows ending
just after a rep end inside simulated sets at the wrist (barbell and dumbbell rows, seated cable
rows, hyperextensions, lat pulldowns; 3 seeds, 6 windows each) counted half a rep off in 70 of
90 (lat pulldowns 0 of 18). The live counter's rep at its turn then lay half a rep from the
window's, and was vetoed (never announced live: on the bench workout's generic run about one rep
in ten) or its set's last rep came only with the final analysis.

A set is done from one start position throughout, so its rep ends stay at one extreme: where
the set's reps announced so far ended says which polarity the window is in, as a known lift's
phase order does. The polarity whose rep ends lie nearest those ends (median over them of the
distance to the nearest rep end) is taken when it is nearer than the other by ``HELD_MARGIN`` of
the period; the two polarities' ends lie half a period apart, so a held end is about a quarter
period or less from one of them and as far from the other.
"""

from __future__ import annotations

import numpy as np

from repcount.filter import IntArray
from repcount.stats import median

HELD_MARGIN = 0.2
"""Share of the rep period by which one polarity's ends must lie nearer the held ends than the
other's: the live counter's rep ends (its causal turns) lead the true ends by about 0.3-0.5 s in
reps of about 3 s (the bench workout's barbell rows, generic run), the other polarity's ends lie
about half a period (1.5 s) away."""


def held_polarity(ends: list[IntArray], held: IntArray, period: float) -> int | None:
    """The index of the polarity (``ends``: each its reps' end indices) whose rep ends lie nearest
    the ``held`` ends (indices of the set's reps counted before, in the same window), or ``None``
    when none is held, a polarity has no reps, or neither is nearer by ``HELD_MARGIN`` of the
    ``period`` (samples)."""
    if held.size == 0 or len(ends) != 2 or min(e.size for e in ends) == 0:
        return None
    far = [median(np.abs(e[None, :] - held[:, None]).min(axis=1).astype(np.float64)) for e in ends]
    if abs(far[0] - far[1]) < HELD_MARGIN * period:
        return None
    return int(np.argmin(far))
