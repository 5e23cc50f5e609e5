"""Opening a live set: which reps of a probe open it, and a later set's first rep found along the
rep's own axis (module notes of ``repcount.live``, step 1).

Pure functions over the offline stages' reps, the turn detector's turns and the learnt set
(``repcount.set_memory``); the live counter (``repcount.live``) holds the state and opens the set.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from repcount.filter import FloatArray
from repcount.live_rhythm import alike, rhythm, settled_s
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
    # a rep whose end is the window's edge may not have ended yet (the filters cannot tell)
    edge = now - confirm_s
    settled = [r for r in analysis.reps if r.end_s <= edge and settled_s(r) <= edge]
    confirmed = alike(rhythm(settled, min_rep_s), recent)
    if len(confirmed) < LIVE_MIN_REPS:
        unsettled = analysis.reps[len(settled) :]
        if unsettled and len(alike(rhythm(list(analysis.reps), min_rep_s), recent)) >= LIVE_MIN_REPS:
            # they would open a set once the newest has settled: look again then, not at the
            # next probe (up to ``PROBE_S`` later; a set's second rep came 0.3-0.45 s late)
            return [], unsettled[0].end_s + confirm_s
        return [], None
    cycle = confirmed[-1].end_s - confirmed[-2].end_s
    if now - confirmed[-1].end_s > STALE_CYCLES * cycle:
        return [], None  # a rhythm that stopped a while ago is not a set starting now (fidgeting)
    if learnt is not None:
        # every cycle in the rhythm this exercise was done in, not only the newest: the walk
        # up to the bar (strides of 1.8-1.9 s, then the jump, 2.6 s) opened a pull-up set
        # whose three "reps" the set's end took back
        ends = np.array([r.end_s for r in confirmed])
        ratio = np.diff(ends) / learnt.period_s
        off = np.flatnonzero((ratio < PERIOD_FRAC[0]) | (ratio > PERIOD_FRAC[1]))
        if off.size:
            confirmed = confirmed[int(off[-1]) + 1 :]
        if len(confirmed) < LIVE_MIN_REPS:
            return [], None  # not the rhythm this exercise was done in
    return confirmed, None


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
