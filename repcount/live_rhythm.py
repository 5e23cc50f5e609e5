"""Which reps a probe found open a live set: one rhythm, slower than walking, alike in size.

Pure functions over the offline stages' reps and the turn detector's turns; the live counter
(``repcount.live``) holds the state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from repcount.turns import Turn
from repcount.types import Rep

WALK_CYCLE_S = (0.8, 1.2)
"""Walking swings the wrist once per stride, every 1.0-1.2 s; the reps that open a set must be
slower than ``[1]`` unless the exercise allows reps faster than ``[0]`` (jumping jacks). At 1.3 s
two of ebbelaar's eight barbell row sets (1.25-1.3 s a rep) closed live with no reps, while
offline counted them; a slow walk's strides past 1.2 s may now open a live set, which the
offline rules then judge at its close (one more false start in six simulated workouts)..."""

MAX_SPREAD = 1.5
"""...their cycles (end to end) within this ratio of each other (walking up to the bar, a
gesture and the first rep are not one rhythm)..."""

MIN_FILL = 0.6
"""...each of them filling at least this share of its cycle (a blip between two is not a rep)
(the live counter adds: the newest of them recent, ``live_opening.STALE_CYCLES``)."""

MAX_EXCURSION_FRAC = 2.2
"""An excursion this much larger than the set's is unracking or a gesture (offline's
``kept_reps.MAX_RANGE_FRAC``)."""


def settled_s(rep: Rep) -> float:
    """When the rep's movement ended: its end minus its closing pause (which may still be going on)."""
    return rep.end_s - max(rep.pause_top_s, rep.pause_bottom_s)


def _shortest_cycle(min_rep_s: float) -> float:
    """The shortest rep cycle that is not walking's arm swing (``WALK_CYCLE_S``), unless the
    exercise's reps are that fast."""
    return max(min_rep_s, WALK_CYCLE_S[1]) if min_rep_s >= WALK_CYCLE_S[0] else min_rep_s


def median_cycle_s(reps: Sequence[Rep]) -> float:
    """The reps' median cycle, seconds: from the first one's start through each rep's end."""
    return float(np.median(np.diff([reps[0].start_s, *[r.end_s for r in reps]])))


def slower_than_walking(reps: Sequence[Rep], min_rep_s: float) -> bool:
    """Whether the reps' median cycle (end to end) is slower than walking's arm swing: the strides
    of a walk up to the bar, cut off by the jump or the grab, can read as a set of 4."""
    if len(reps) < 2:
        return False
    return float(np.median(np.diff([r.end_s for r in reps]))) >= _shortest_cycle(min_rep_s)


def rhythm(reps: list[Rep], min_rep_s: float) -> list[Rep]:
    """The newest reps that keep one rhythm: each cycle (end to end) within ``MAX_SPREAD`` of
    the others and slower than the arm swing of walking (``WALK_CYCLE_S``, unless the
    exercise's reps are that fast), each rep filling ``MIN_FILL`` of its cycle; what came
    before (walking up, setting up) is left out."""
    if len(reps) < 2:
        return reps
    shortest = _shortest_cycle(min_rep_s)
    cycles = np.diff([r.end_s for r in reps])  # cycles[i - 1] belongs to reps[i]
    k = len(reps) - 1
    while k > 0:
        run = cycles[k - 1 :]
        cycle = float(cycles[k - 1])
        if cycle < shortest or run.max() > MAX_SPREAD * run.min() or reps[k].duration_s < MIN_FILL * cycle:
            break
        k -= 1
    # the first rep kept has no cycle of its own: it must fill the rhythm's
    # ...and not overrun it (a first "rep" twice the rhythm's cycle is the walk-up joined to it)
    if k < len(reps) - 1 and not (
        MIN_FILL * float(np.median(cycles[k:]))
        <= reps[k].duration_s
        <= MAX_SPREAD * float(np.median(cycles[k:]))
    ):
        k += 1
    return reps[k:] if k < len(reps) - 1 else []


def excursions(reps: list[Rep], turns: Iterable[Turn], period_s: float) -> list[float | None]:
    """Each rep's excursion (highest turn to lowest inside it, m/s²), measured as the live counter
    measures a rep: every turn since the previous rep's end; ``None`` with fewer than 2."""
    spans: list[float | None] = []
    for prev, r in zip([None, *reps[:-1]], reps, strict=True):
        since = r.start_s if prev is None else prev.end_s
        values = [u.value_ms2 for u in turns if since < u.t_s <= r.end_s + 0.25 * period_s]
        spans.append(max(values) - min(values) if len(values) >= 2 else None)
    return spans


def alike(reps: list[Rep], turns: Sequence[Turn]) -> list[Rep]:
    """The opening reps after the last one whose excursion is over ``MAX_EXCURSION_FRAC`` of
    their median (jumping up to the bar, unracking: offline on a short window may count it)."""
    if len(reps) < 2:
        return reps
    period = median_cycle_s(reps)
    sizes = excursions(reps, turns, period)
    known = [x for x in sizes if x is not None]
    if not known:
        return reps
    ref = float(np.median(known))
    big = [i for i, x in enumerate(sizes) if x is not None and x > MAX_EXCURSION_FRAC * ref]
    return reps[big[-1] + 1 :] if big else reps
