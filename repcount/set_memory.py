"""What a finished live set teaches the counter about its exercise, for the exercise's next set.

Notes
-----
In a routine the same exercise comes back set after set. A finished set leaves a
``LearntSet``: the turn detector's axis while the set went on (turned so that the rep-ending
turns are maxima along it; the detector keeps the sign of its axis only from batch to batch),
the period, the running rep excursion, and the median drop and lag from each rep's opposite
extreme to its rep-ending turn. ``first_rep_opposite`` then recognises the first rep of the
next set at its own turn: a turn along the learnt axis (``MIN_AXIS_COS``) whose drop and lag
from the opposite extreme before it match the learnt ones (``DROP_FRAC``, ``LAG_FRAC``).
Walking's arm swing is far quicker than a rep's half, and a single gesture far larger or slower
than a rep's drop. On simulated workouts (seeds 1-2, 24 first reps) a set's first rep reads
0.95-1.16 × the previous set's drop and 0.82-1.11 × its lag (axis cosine ≥ 0.92); the walk up
to the next set and fidgeting 0.86-1.58 and 0.87-1.34 (cosine from 0.83).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from repcount.filter import FloatArray
from repcount.turns import Turn

MIN_AXIS_COS = 0.9
"""A set's first rep moves along the axis its exercise's previous set moved along (within 25°)..."""
DROP_FRAC = (0.8, 1.25)
"""...its drop from the opposite extreme to the rep-ending turn is within these shares of the
previous set's..."""
LAG_FRAC = (0.75, 1.2)
"""...and so is the time between them."""
PERIOD_FRAC = (0.7, 1.4)
"""Reps that open a set of an exercise seen before keep its learnt period within these shares."""
LEARN_SPAN = 0.8
"""The opposite extreme of a rep-ending turn is looked for this many periods before it."""


@dataclass(frozen=True, slots=True, eq=False)
class LearntSet:
    """What one finished set taught about its exercise."""

    axis: FloatArray
    """Unit vector, sensor frame: the detector's axis, turned so rep-ending turns are maxima."""
    period_s: float
    """Rep period, seconds."""
    excursion_ms2: float
    """The set's running rep excursion (highest turn to lowest in a rep), m/s²."""
    drop_ms2: float
    """Median drop from a rep-ending turn to the opposite extreme before it, m/s²."""
    lag_s: float
    """Median time from that opposite extreme to the rep-ending turn, seconds."""

    def __post_init__(self) -> None:
        self.axis.flags.writeable = False


def extreme_before(turns: Iterable[Turn], end: Turn, span_s: float) -> Turn | None:
    """The most extreme turn against ``end``'s sign in the ``span_s`` before it."""
    opposite = [u for u in turns if u.sign != end.sign and end.t_s - span_s <= u.t_s < end.t_s]
    return min(opposite, key=lambda u: end.sign * u.value_ms2) if opposite else None


def learn_set(
    turns: Sequence[Turn],
    ends_s: FloatArray,
    *,
    sign: int,
    period_s: float,
    excursion_ms2: float,
    axis: FloatArray,
    near_s: tuple[float, float],
    min_reps: int,
) -> LearntSet | None:
    """The ``LearntSet`` of a finished set, or ``None`` when its turns did not follow its reps.

    Parameters
    ----------
    turns : the detector's turns over the set.
    ends_s : the final analysis's rep ends, seconds.
    sign : the turn sign that ends a rep (in the detector's frame, as ``axis``).
    period_s, excursion_ms2, axis : the set's period, running excursion and detector axis.
    near_s : a rep end's turn lies from ``near_s[0]`` before it to ``near_s[1]`` after it, seconds.
    min_reps : rep ends with such a turn (and an opposite extreme before it) needed to learn.
    """
    drops, lags = [], []
    for e in ends_s:
        near = [u for u in turns if u.sign == sign and e - near_s[0] <= u.t_s <= e + near_s[1]]
        if not near:
            continue
        end = min(near, key=lambda u: abs(u.t_s - e))
        opposite = extreme_before(turns, end, LEARN_SPAN * period_s)
        if opposite is not None:
            drops.append(sign * (end.value_ms2 - opposite.value_ms2))
            lags.append(end.t_s - opposite.t_s)
    if len(drops) < min_reps:
        return None
    return LearntSet(sign * axis, period_s, excursion_ms2, float(np.median(drops)), float(np.median(lags)))


def first_rep_opposite(turns: Iterable[Turn], turn: Turn, axis: FloatArray, learnt: LearntSet) -> Turn | None:
    """The opposite extreme that began the rep ending at ``turn``, if ``turn`` ends the first rep
    of a new set of the learnt exercise (axis, drop and lag as learnt); else ``None``."""
    if float(turn.sign * axis @ learnt.axis) < MIN_AXIS_COS:
        return None
    opposite = extreme_before(turns, turn, LAG_FRAC[1] * learnt.lag_s)
    if opposite is None:
        return None
    drop, lag = turn.sign * (turn.value_ms2 - opposite.value_ms2), turn.t_s - opposite.t_s
    if not (
        DROP_FRAC[0] * learnt.drop_ms2 <= drop <= DROP_FRAC[1] * learnt.drop_ms2
        and LAG_FRAC[0] * learnt.lag_s <= lag <= LAG_FRAC[1] * learnt.lag_s
    ):
        return None
    return opposite
