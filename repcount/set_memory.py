"""What a finished live set teaches the counter about its exercise, for the exercise's next set.

Notes
-----
In a routine the same exercise comes back set after set. A finished set leaves a
``LearntSet``: the turn detector's axis while the set went on (turned so that the rep-ending
turns are maxima along it; the detector keeps the sign of its axis only from batch to batch),
the period, the running rep excursion, and the median drop and lag from each rep's opposite
extreme to its rep-ending turn. ``first_rep_start`` then recognises the first rep of the
next set at its own turn: a turn along the learnt axis (``MIN_AXIS_COS``) whose drop and lag
from the opposite extreme before it match the learnt ones (``DROP_FRAC``, ``LAG_FRAC``).
Walking's arm swing is far quicker than a rep's half, and a single gesture far larger or slower
than a rep's drop. On simulated workouts (seeds 1-2, 24 first reps) a set's first rep reads
0.95-1.16 × the previous set's drop and 0.82-1.11 × its lag (axis cosine ≥ 0.92); the walk up
to the next set and fidgeting 0.86-1.58 and 0.87-1.34 (cosine from 0.83).

The drop alone is a weak witness: a set's first rep starts from stillness, with no turnaround of
a rep before it, and on seated cable rows reads 0.4-0.7 × the learnt drop, while the reach to a
lat pulldown bar matches drop and lag and opened sets a rep early. So a set also leaves the
shape of its rep cycle: the causal band-passed 3-axis acceleration (the live gate's filter)
from one rep-ending turn to the next, resampled to ``SHAPE_POINTS`` and the median taken over
the set's cycles. The exercise's next set is done with the same grip and pose, so in the sensor
frame its reps look alike whatever the detector's running axis did. A first-rep turn must then
end a cycle whose last ``SHAPE_TAIL`` has that shape (``MIN_SHAPE_CORR``, its size
``SHAPE_RMS_FRAC`` of the learnt) — the cycle's start is the set's setup (the reach and sit-down
of a lat pulldown, stillness), not a rep's turnaround — and its drop may then be as small as
``SHAPE_DROP_FRAC``, its axis as far off as ``SHAPE_AXIS_COS`` (the setup turns the detector's
running axis for a while); with no opposite extreme within the learnt lag (a rep that ends in
two turns at the top), the shape alone decides, at ``SHAPE_ALONE_CORR``. On simulated
workouts (seeds 1-5, 50 Hz; turns along the learnt axis with
the learnt lag and at least 0.3 of its drop) the sets' true first reps correlate 0.74-0.98 over
the cycle's last 60 % (0.60-0.94 over the whole cycle), every turn before them at most 0.54 (the
lat pulldown's reach 0.25-0.44).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from repcount.filter import FloatArray
from repcount.rep_axis import rep_axis
from repcount.stats import norm
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
SHAPE_AXIS_COS = 0.7
"""With a learnt rep shape, a first rep's turn may lie along the learnt axis within 45° (the
setup turns the detector's running axis for a while), when..."""
MIN_SHAPE_CORR = 0.7
"""...its cycle's last ``SHAPE_TAIL`` correlates at least this well with the learnt rep shape's
(3-axis, sensor frame)..."""
SHAPE_ALONE_CORR = 0.8
"""...or this well when no opposite extreme lies within the learnt lag before the turn (its drop
and lag cannot witness)."""
SHAPE_TAIL = 0.6
"""The share of a rep cycle, at its end, whose shape is compared (see the module notes)."""
SHAPE_RMS_FRAC = (0.6, 1.6)
"""...its RMS is within these shares of the shape's..."""
SHAPE_DROP_FRAC = 0.35
"""...and then its drop may be as small as this share of the learnt one (a first rep from stillness)."""
SHAPE_CYCLE_FRAC = tuple(float(f) for f in np.linspace(0.8, 1.25, 10))
"""The first rep's cycle is tried at these shares of the learnt period (it has no rep end before it)."""
SHAPE_POINTS = 32
"""Samples a rep cycle is resampled to (a cycle's shape, not its length)."""
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
    shape: FloatArray | None = None
    """(``SHAPE_POINTS``, 3): the median rep cycle of the band-passed acceleration, sensor frame,
    from one rep-ending turn to the next (``None`` with fewer than 2 whole cycles)."""
    line: FloatArray | None = field(init=False)
    """The reps' own line: ``shape``'s principal axis, pointing to where a cycle ends
    (``rep_axis.rep_axis``; ``None`` without a shape)."""

    def __post_init__(self) -> None:
        self.axis.flags.writeable = False
        line = None
        if self.shape is not None:
            self.shape.flags.writeable = False
            line = rep_axis(self.shape)
            line.flags.writeable = False
        object.__setattr__(self, "line", line)


def _resampled(t_s: FloatArray, band: FloatArray, t0: float, t1: float) -> FloatArray | None:
    """``band`` over [t0, t1] resampled to ``SHAPE_POINTS`` rows (``None`` when under 8 samples)."""
    i0, i1 = np.searchsorted(t_s, (t0, t1))
    if i1 - i0 < 8:
        return None
    at = np.linspace(t_s[i0], t_s[i1 - 1], SHAPE_POINTS)
    return np.stack([np.interp(at, t_s[i0:i1], band[i0:i1, k]) for k in range(3)], axis=1)


def rep_shape(
    t_s: FloatArray, band: FloatArray, ends_s: Sequence[float], period_s: float
) -> FloatArray | None:
    """The median cycle between consecutive rep-ending turns at ``ends_s`` that last 0.7-1.4
    periods, resampled (``None`` with fewer than 2)."""
    cycles = []
    for a, b in pairwise(ends_s):
        if 0.7 * period_s <= b - a <= 1.4 * period_s:
            c = _resampled(t_s, band, a, b)
            if c is not None:
                cycles.append(c)
    return np.median(np.stack(cycles), axis=0) if len(cycles) >= 2 else None


def shape_match(
    t_s: FloatArray, band: FloatArray, end_s: float, learnt: LearntSet, *, min_corr: float = MIN_SHAPE_CORR
) -> bool:
    """Does a cycle ending at ``end_s`` (of ``SHAPE_CYCLE_FRAC`` of the learnt period) have the
    learnt rep shape and size?"""
    if learnt.shape is None:
        return False
    tail = round(SHAPE_TAIL * SHAPE_POINTS)
    ref = learnt.shape[-tail:]
    ref_norm = norm(ref.ravel())
    for f in SHAPE_CYCLE_FRAC:
        c = _resampled(t_s, band, end_s - f * learnt.period_s, end_s)
        if c is None:
            continue
        c = c[-tail:]
        c_norm = norm(c.ravel())
        if c_norm == 0.0 or ref_norm == 0.0:
            continue
        size = c_norm / ref_norm
        corr = float((c * ref).sum()) / (c_norm * ref_norm)
        if corr >= min_corr and SHAPE_RMS_FRAC[0] <= size <= SHAPE_RMS_FRAC[1]:
            return True
    return False


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
    band_t_s: FloatArray | None = None,
    band: FloatArray | None = None,
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
    band_t_s, band : times and (n, 3) causal band-passed acceleration over the set, for the rep
        shape (``rep_shape``); without them no shape is learnt.
    """
    drops, lags, end_turns = [], [], []
    for e in ends_s:
        near = [u for u in turns if u.sign == sign and e - near_s[0] <= u.t_s <= e + near_s[1]]
        if not near:
            continue
        end = min(near, key=lambda u: abs(u.t_s - e))
        end_turns.append(end.t_s)
        opposite = extreme_before(turns, end, LEARN_SPAN * period_s)
        if opposite is not None:
            drops.append(sign * (end.value_ms2 - opposite.value_ms2))
            lags.append(end.t_s - opposite.t_s)
    if len(drops) < min_reps:
        return None
    shape = None if band is None or band_t_s is None else rep_shape(band_t_s, band, end_turns, period_s)
    return LearntSet(
        sign * axis, period_s, excursion_ms2, float(np.median(drops)), float(np.median(lags)), shape
    )


def first_rep_start(
    turns: Iterable[Turn],
    turn: Turn,
    axis: FloatArray,
    learnt: LearntSet,
    band_t_s: FloatArray | None = None,
    band: FloatArray | None = None,
) -> tuple[float, bool] | None:
    """When the rep ending at ``turn`` began, and whether an opposite extreme before it measured
    its drop (its scale on the detector's axis), if ``turn`` ends the first rep of a new set of
    the learnt exercise; else ``None``. Without a learnt rep shape (or ``band``): the turn is
    along the learnt axis and its drop and lag from the opposite extreme before it are the learnt
    ones. With one, the cycle ending at the turn must have that shape (``shape_match``), and the
    axis, drop and lag rules loosen as the module notes say."""
    cos = float(turn.sign * axis @ learnt.axis)
    opposite = extreme_before(turns, turn, LAG_FRAC[1] * learnt.lag_s)
    if band_t_s is None or band is None or learnt.shape is None:
        if cos < MIN_AXIS_COS or opposite is None or not _drop_and_lag(turn, opposite, learnt, DROP_FRAC[0]):
            return None
    elif cos < SHAPE_AXIS_COS:
        return None
    elif opposite is None:
        # a rep that ends in two turns at the top: no opposite extreme within the learnt lag
        if not shape_match(band_t_s, band, turn.t_s, learnt, min_corr=SHAPE_ALONE_CORR):
            return None
        return turn.t_s - learnt.period_s, False
    elif not (
        _drop_and_lag(turn, opposite, learnt, SHAPE_DROP_FRAC)
        and shape_match(band_t_s, band, turn.t_s, learnt)
    ):
        return None
    return opposite.t_s - (learnt.period_s - learnt.lag_s), True


def _drop_and_lag(turn: Turn, opposite: Turn, learnt: LearntSet, min_drop_frac: float) -> bool:
    """The drop and lag from ``opposite`` to ``turn`` are the learnt ones (``LAG_FRAC``; the drop
    from ``min_drop_frac`` to ``DROP_FRAC[1]`` of the learnt)."""
    drop, lag = turn.sign * (turn.value_ms2 - opposite.value_ms2), turn.t_s - opposite.t_s
    return (
        min_drop_frac * learnt.drop_ms2 <= drop <= DROP_FRAC[1] * learnt.drop_ms2
        and LAG_FRAC[0] * learnt.lag_s <= lag <= LAG_FRAC[1] * learnt.lag_s
    )
