"""The generic live counter's rep-ending turn sign, re-checked where the set's start position tells.

Notes
-----
The live counter announces a rep at the turn of one sign of its detector's signal; which sign
ends a rep it fits on the offline rep ends of the reps that open the set
(``live_set_rhythm.SetRhythm.calibrate``). A known lift re-checks it on every rep's
neighbourhood (``SetRhythm.recalibrate``); the generic counter (no exercise named) did not,
since a neighbourhood, cut from inside the set, decides its polarity alone. So a generic set
opened on the wrong sign kept it: on the bench workout two seated cable row sets opened on the
walk up to the machine (strides of 1.2-1.6 s) and a pull-up set from a window with the jump to
the bar, and every one of their reps (30) came about 1 s late, at the turn after the true end.

At the set's first live reps, the offline stages run on the set's window from before its
first rep, held to the live polarity (``held_polarity``): only the pose held before the set, the
start position, overrules that (``start_pose``), where the window shows it. Where the rep ends
they find are then marked better by the other turn sign (``SetRhythm.fit``, as a known lift's
re-check asks), the start position says the set was counted from mid-rep to mid-rep, and the
sign turns. A set's own rep ends (after its first rep's start, before the new rep) are fitted:
the window also holds what came before (a lat pulldown's reach and sit-down), whose "rep ends"
turned a set opened right. The check runs until it has been made ``GENERIC_REFITS`` times on
at least ``MIN_OWN_ENDS`` ends.
"""

from __future__ import annotations

import numpy as np

from repcount.live_set_rhythm import SetRhythm
from repcount.types import SetAnalysis

GENERIC_REFITS = 4
"""Checks per set, each an offline run on the set's window, at the set's first reps (not tuned:
the wrong sign is the opening's, and later reps are their neighbourhoods' to judge)."""
MIN_OWN_ENDS = 3
"""A check fits at least this many of the set's own rep ends, the newest three, as a known
lift's re-check does (2: on workouts 6-11, generic, reps later than 250 ms or never 157 -> 167,
exact final counts 126 -> 125)."""


def start_position_sign(
    rhythm: SetRhythm, whole: SetAnalysis, set_start_s: float, end_s: float
) -> int | None:
    """The rep-ending turn sign the set's window ``whole`` (held to the live polarity) says for
    the set that started at ``set_start_s``, judging the rep that ends at ``end_s``; ``None``
    when it holds fewer than ``MIN_OWN_ENDS`` of the set's own rep ends (no check made)."""
    lo, hi = set_start_s + 0.5 * rhythm.period_s, end_s - 0.25 * rhythm.period_s
    ends = np.array([r.end_s for r in whole.reps if lo < r.end_s < hi])
    if ends.size < MIN_OWN_ENDS:
        return None
    ends = ends[-MIN_OWN_ENDS:]
    other = -rhythm.sign
    return other if rhythm.fit(ends, other)[0] > rhythm.fit(ends, rhythm.sign)[0] else rhythm.sign
