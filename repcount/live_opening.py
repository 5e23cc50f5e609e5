"""Opening a live set: which reps of a probe open it, and a later set's first rep found along the
rep's own axis (module notes of ``repcount.live``, step 1).

Pure functions over the offline stages' reps, the turn detector's turns and the learnt set
(``repcount.set_memory``); the live counter (``repcount.live``) holds the state and opens the set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from repcount.filter import FloatArray
from repcount.live_rhythm import MAX_EXCURSION_FRAC, alike, excursions, rhythm, settled_s
from repcount.live_set_rhythm import (
    FIT_AFTER,
    FIT_BEFORE,
    LEVEL_FRAC,
    MAX_CYCLE_FRAC,
    MIN_GAP_FRAC,
    REP_FRAC,
    turn_fit,
)
from repcount.rep_axis import band_rep_end, cycle_covariance
from repcount.set_memory import PERIOD_FRAC, SHAPE_ALONE_CORR, SHAPE_AXIS_COS, LearntSet, shape_match
from repcount.turns import Turn, TurnDetector
from repcount.types import Rep, SetAnalysis

LIVE_MIN_REPS = 2
"""Reps in one rhythm that open a live set (fewer than offline's ``MIN_SET_REPS``, so the first
reps are announced quickly)."""
STALE_CYCLES = 1.5
"""...and the newest of them ended less than this many of its cycles ago."""


def opening_reps(
    analysis: SetAnalysis,
    now: float,
    *,
    confirm_s: float,
    min_rep_s: float,
    recent: Sequence[Turn],
    learnt: LearntSet | None,
) -> tuple[list[Rep], float | None]:
    """The reps of a probe's analysis that open a set now, if any (``LIVE_MIN_REPS`` or more in
    one rhythm, the newest recent, in the rhythm this exercise was done in before, ``learnt``),
    and when to look again if they would open one once the newest has settled (else ``None``)."""
    settled = _settled(analysis, now, confirm_s)
    confirmed = alike(rhythm(settled, min_rep_s), recent)
    if len(confirmed) < LIVE_MIN_REPS:
        unsettled = analysis.reps[len(settled) :]
        if unsettled and len(alike(rhythm(list(analysis.reps), min_rep_s), recent)) >= LIVE_MIN_REPS:
            # they would open a set once the newest has settled: look again then, not at the
            # next probe (up to ``PROBE_S`` later; a set's second rep came 0.3-0.45 s late)
            return [], unsettled[0].end_s + confirm_s
        return [], None
    return _kept(confirmed, now, learnt), None


def newest_at_turn(
    analysis: SetAnalysis,
    now: float,
    *,
    confirm_s: float,
    min_rep_s: float,
    recent: Sequence[Turn],
    learnt: LearntSet | None,
) -> list[Rep]:
    """The reps of a probe's analysis that open a set now when the newest, not settled yet, is
    taken to end at its own rep-ending turn (``[]``: none; ``opening_reps`` otherwise).

    The offline stages place the newest rep's end at the window's edge, 0.5-0.8 s past its true end
    (the band-pass cannot tell a rep that ended from one going on), so a set that opens at its
    second rep waited for the window to grow past it. The causal turn detector marks that end
    about 0.1 s after it (``repcount.turns``): the turn of the sign that marks the settled rep
    before it (``turn_fit``), at that rep's own turn's level (``LEVEL_FRAC``: a rep can turn twice
    the same way, a small turn before its end and a large one after it, and the set's rhythm
    must go on from the same one), one rep cycle after it (``MIN_GAP_FRAC`` to ``MAX_CYCLE_FRAC``
    of that rep, as in the set), inside the newest rep, after an excursion of at least
    ``REP_FRAC`` of that rep's and at most ``MAX_EXCURSION_FRAC`` of it (the two reps alike, as
    ``live_rhythm.alike`` asks of a set's opening reps: right after the jump to a pull-up bar the
    stages read a rep half a cycle off, and the turns timed from it were the reps' middles, 2.3-2.6
    times its excursion; where it fires on simulated workouts 1-5 they read 0.63-1.95). The
    reps up to it must then open a set as settled ones do."""
    settled = _settled(analysis, now, confirm_s)
    if not settled or len(settled) >= len(analysis.reps):
        return []
    prev, newest = settled[-1], analysis.reps[len(settled)]
    period = prev.duration_s
    if period <= 0:
        return []
    ends = np.array([prev.end_s])
    fits = {s: turn_fit(recent, ends, s, period) for s in (1, -1)}
    sign = max(fits, key=lambda s: fits[s])
    if fits[sign][0] == 0:
        return []  # no turn marks the rep before it: nothing to time the newest from
    # the rep before ends at its latest such turn near its end, as the set's rhythm takes it
    # (``SetRhythm.calibrate``)
    lo, hi = prev.end_s - FIT_BEFORE * period, prev.end_s + FIT_AFTER * period
    ended = max(
        (u for u in recent if u.sign == sign and sign * u.value_ms2 > 0 and lo <= u.t_s <= hi),
        key=lambda u: u.t_s,
    )
    level = sign * ended.value_ms2
    size = excursions([prev], recent, period)[0]
    for u in recent:
        cycle = u.t_s - ended.t_s
        if (
            u.sign != sign
            or not LEVEL_FRAC[0] * level <= sign * u.value_ms2 <= LEVEL_FRAC[1] * level
            or not MIN_GAP_FRAC * period <= cycle <= MAX_CYCLE_FRAC * period
            or not newest.start_s < u.t_s <= newest.end_s
        ):
            continue
        values = [w.value_ms2 for w in recent if ended.t_s < w.t_s <= u.t_s]
        span = max(values) - min(values)
        if size is not None and span < REP_FRAC * size:
            continue
        if size is not None and span > MAX_EXCURSION_FRAC * size:
            return []  # not alike (``live_rhythm.alike``): the rep before was read off a jolt
        reps = [*settled, replace(newest, end_s=u.t_s)]
        confirmed = alike(rhythm(reps, min_rep_s), recent)
        if len(confirmed) < LIVE_MIN_REPS or confirmed[-1] is not reps[-1]:
            return []
        return _kept(confirmed, now, learnt)
    return []


def _settled(analysis: SetAnalysis, now: float, confirm_s: float) -> list[Rep]:
    """The probe's reps whose end is ``confirm_s`` behind ``now``: a rep whose end is the window's
    edge may not have ended yet (the filters cannot tell)."""
    edge = now - confirm_s
    return [r for r in analysis.reps if r.end_s <= edge and settled_s(r) <= edge]


def _kept(confirmed: list[Rep], now: float, learnt: LearntSet | None) -> list[Rep]:
    """The opening reps in one rhythm that open a set now: the newest recent, all in the rhythm
    this exercise was done in before (``learnt``); ``[]`` if fewer than ``LIVE_MIN_REPS``."""
    cycle = confirmed[-1].end_s - confirmed[-2].end_s
    if now - confirmed[-1].end_s > STALE_CYCLES * cycle:
        return []  # a rhythm that stopped a while ago is not a set starting now (fidgeting)
    if learnt is not None:
        # every cycle in the rhythm this exercise was done in, not only the newest: the walk
        # up to the bar (strides of 1.8-1.9 s, then the jump, 2.6 s) opened a pull-up set
        # whose three "reps" the set's end took back
        ends = np.array([r.end_s for r in confirmed])
        ratio = np.diff(ends) / learnt.period_s
        off = ((ratio < PERIOD_FRAC[0]) | (ratio > PERIOD_FRAC[1])).nonzero()[0]
        if off.size:
            confirmed = confirmed[int(off[-1]) + 1 :]
        if len(confirmed) < LIVE_MIN_REPS:
            return []  # not the rhythm this exercise was done in
    return confirmed


def first_rep_on_axis(
    detector: TurnDetector,
    learnt: LearntSet,
    t_s: FloatArray,
    band: FloatArray,
    after_s: float,
    now: float,
) -> tuple[float | None, Turn | None]:
    """No set yet, and its exercise left a rep shape: is the newest certain maximum after
    ``after_s`` of the band-passed acceleration (``band`` at ``t_s``) along the rep's own axis the
    end of the set's first rep? (A jolt, the jump to the bar, turned the detector's axis;
    ``repcount.rep_axis``.) Returns the maximum checked (``None``: none) and, when it matches the
    learnt shape, the turn that ends the rep; the detector is then re-aligned on its cycle."""
    assert learnt.shape is not None
    assert learnt.line is not None
    axis = learnt.line
    if abs(float(detector.axis @ axis)) >= SHAPE_AXIS_COS:
        return None, None  # the detector measures along the rep's line: its own turns witness
    end = band_rep_end(t_s, band, axis, learnt.shape, after_s)
    if end is None:
        return None, None
    if not shape_match(t_s, band, end, learnt, min_corr=SHAPE_ALONE_CORR):
        return end, None
    cov = cycle_covariance(t_s, band, end - learnt.period_s, end)
    if cov is None:
        return end, None
    sign = detector.realign(axis, float(axis @ cov @ axis), end)
    along = sign * axis
    value = float(band[int(np.searchsorted(t_s, end))] @ along)
    return end, Turn(end, now, sign, value, (float(along[0]), float(along[1]), float(along[2])))
