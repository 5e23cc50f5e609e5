"""What the live counter learns from a finished set, and a later set of that exercise opened at
its first rep's turn (module notes of ``repcount.live``, steps 1 and 3).

A finished set of at least ``MIN_SET_REPS`` reps teaches its exercise (``learnt_from``,
``set_memory.learn_set``): the detector's axis at its newest rep, the rep-ending turn sign that
fits its final rep ends best, its period (the median rep-end spacing within the profile's
rep-length range), its excursion, the drop and lag of its rep-ending turns, and its rep shape.
Before a set is known, when its exercise was done before (``repcount.set_memory``; the generic
counter's last set, ``generic_memory``), each turn is checked against what that set taught:
the first one whose axis, lag, drop and cycle shape match opens the set and is announced as its
first rep, at its turn (``first_rep``). While a jolt (the jump to the bar) holds the detector's
axis off the rep's own line, the maxima along that line are checked against the learnt shape
instead (``first_rep_along_axis``, ``live_opening.first_rep_on_axis``), and the set's second
rep is then judged on a neighbourhood that starts at the first (the jump before it is no rep to
compare with: ``OpenSet.jolt_until_s``). Either way the set's rhythm starts from the learnt
period, sign and excursion (``open_learnt``), and a rep the offline stages find about one learnt
period before the matched one, in the set's rhythm, is the set's first (it starts from stillness
and was not matched).

The counter's state these read and change comes in: the open set (``OpenSet``, which opens and
announces), what it reads of the counter (``SetContext``) and a callable that opens the set
under its next index (``SetStarted``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from repcount.live_opening import first_rep_on_axis
from repcount.live_samples import BAND, LiveSamples
from repcount.live_set import OpenSet, SetContext
from repcount.live_set_rhythm import FIT_AFTER, FIT_BEFORE, MAX_CYCLE_FRAC
from repcount.pipeline import MIN_SET_REPS, SET_PAD_S
from repcount.profiles import ExerciseProfile
from repcount.set_memory import PERIOD_FRAC, LearntSet, first_rep_start, learn_set
from repcount.turns import Turn
from repcount.types import LiveEvent, SetAnalysis, SetStarted

OpenAt = Callable[[float], SetStarted]
"""Opens the set with its first rep starting at the given time (the counter's set index)."""


def learnt_from(
    opened: OpenSet,
    analysis: SetAnalysis,
    profile: ExerciseProfile,
    recent: Iterable[Turn],
    samples: LiveSamples,
) -> LearntSet | None:
    """What the finished set ``opened`` (its final ``analysis``) taught about its exercise, if it
    was a set whose scale and axis the live reps measured; else ``None``."""
    if analysis.count < MIN_SET_REPS or opened.rhythm.excursion is None:
        return None
    if opened.axis is None:
        return None
    ends = np.array([r.end_s for r in analysis.reps])
    period = float(np.clip(np.median(np.diff(ends)), profile.min_rep_s, profile.max_rep_s))
    opened.rhythm.period_s = period
    sign = max((1, -1), key=lambda sign: opened.rhythm.fit(ends, sign))
    band = samples.view()
    return learn_set(
        list(recent),
        ends,
        sign=sign,
        period_s=period,
        excursion_ms2=opened.rhythm.excursion,
        axis=opened.axis,
        near_s=(FIT_BEFORE * period, FIT_AFTER * period),
        min_reps=MIN_SET_REPS - 1,
        band_t_s=band[:, 0],
        band=band[:, BAND],
    )


def first_rep(
    ctx: SetContext,
    opened: OpenSet,
    open_set: OpenAt,
    recent: Iterable[Turn],
    turn: Turn,
    learnt: LearntSet,
    now: float,
) -> list[LiveEvent]:
    """No set yet, but its exercise was done before: is ``turn`` the end of the set's first
    rep? Its axis, lag (from the opposite extreme among the ``recent`` turns), drop and shape must
    be the previous set's (``first_rep_start``)."""
    v = ctx.samples.view()
    found = first_rep_start(recent, turn, ctx.detector.axis, learnt, v[:, 0], v[:, BAND])
    if found is None:
        return []
    began, measured = found
    return open_learnt(ctx, opened, open_set, turn, began, measured, learnt, now)


def first_rep_along_axis(
    ctx: SetContext, opened: OpenSet, open_set: OpenAt, learnt: LearntSet, now: float
) -> list[LiveEvent]:
    """No set yet, and its exercise left a rep shape: does the set's first rep end along the
    rep's own axis (``live_opening.first_rep_on_axis``)?"""
    v = ctx.samples.view()
    after = max(opened.axis_after_s, ctx.open_at, now - MAX_CYCLE_FRAC * learnt.period_s)
    checked, turn = first_rep_on_axis(ctx.detector, learnt, v[:, 0], v[:, BAND], after, now)
    if checked is not None:
        opened.axis_after_s = checked
    if turn is None:
        return []
    # the jolt that turned the detector (the jump to the bar) came just before this rep: the
    # rep the offline stages find one period before it is that, not a first rep gone by
    events = open_learnt(
        ctx, opened, open_set, turn, turn.t_s - learnt.period_s, False, learnt, now, look_back=False
    )
    opened.jolt_until_s = opened.start_s - SET_PAD_S
    return events


def open_learnt(
    ctx: SetContext,
    opened: OpenSet,
    open_set: OpenAt,
    turn: Turn,
    began: float,
    measured: bool,
    learnt: LearntSet,
    now: float,
    *,
    look_back: bool = True,
) -> list[LiveEvent]:
    """Open the set at ``turn``, the end of a rep (begun at ``began``; ``measured`` whether an
    opposite extreme measured its drop on the detector's axis); with ``look_back``, a rep
    about one learnt period before it is the set's first."""
    rhythm = opened.rhythm
    rhythm.sign, rhythm.period_s, rhythm.excursion = turn.sign, learnt.period_s, learnt.excursion_ms2
    if not measured:
        # matched on its shape alone: nothing measured this set's scale on the detector's
        # axis (the learnt excursion was measured along the previous set's), so the running
        # amplitude stands in until a rep measures it
        rhythm.excursion = None
    rhythm.bound_s, rhythm.opposite = turn.t_s, None
    start = max(ctx.open_at, began)
    # the set's first rep may have gone by unmatched (it starts from stillness, and on real
    # sets a lift's first rep is often unlike the rest): a rep the offline stages find
    # about one learnt period before this one, in the set's rhythm, is the set's first
    before = []
    if look_back:
        window = ctx.samples.window(ctx.open_at, now)
        analysis = ctx.stages.analyse(window, now, threshold_ms2=ctx.gate.threshold_ms2, coarse=True)
        before = [
            r
            for r in ctx.stages.from_first_rep_like(window, list(analysis.reps))
            if PERIOD_FRAC[0] <= (turn.t_s - r.end_s) / learnt.period_s <= PERIOD_FRAC[1]
        ]
    if before:
        start = before[-1].start_s
    events: list[LiveEvent] = [open_set(start)]
    if before:
        # that rep only: the analysis' partial reps before it are the walk up and the setup
        events.append(opened.first(before[-1], now))
    return events + opened.live_rep(ctx, start, turn.t_s, now, trusted=True)
