"""The probe: before a set is known, the offline stages on the gate's window open it (module notes
of ``repcount.live``, step 1).

Once the offline stages find ``LIVE_MIN_REPS`` reps in one rhythm (``live_opening.opening_reps``),
from the first that moves like a rep and, for a named lift, after the last set-up move into a new
pose (``setup_moves.past_setup_moves``; for the generic counter too, after the last that does not
move like a rep), and they are not the sway of an arm hanging between sets (``live_sway``: less
active than the gate asks, or turning like an arm swinging free), the set opens: those reps are
announced, the set's rhythm is calibrated on them (``SetRhythm.calibrate``), and the turns since the
newest of them are replayed (the next rep may already be complete). Where they do not yet, because
the newest rep has not settled (the stages place its end at the window's edge), it may be taken to
end at its own rep-ending turn (``live_opening.newest_at_turn``): a set that opens at its second rep
announces it at its turn. Where the reps do not open a set and a set-up move into a new pose (the
reach to a pull-up bar after the walk up) lies more than ``SET_PAD_S`` inside the window, the stages
run again on the window from ``SET_PAD_S`` before its end: the walk and the jump in the window bent
the first reps' period, and the first pull-up sets opened at their third rep. Where the stages
misread the reach too (joined to the jump or a rep: no set-up move among their reps), the pose still
marks it: the stages run again from where the wrist last came into its current pose from one more
than a right angle away (``setup_moves.arrived_in_pose_s``), and the reps they find there open the
set when one turn sign marks all their ends (a window that starts at the first rep can misread its
newest). On a fast stream the stages run at half the rate first (most probes find no set) and again
at the full rate, whose reps are announced, only when that finds one (``live_offline.COARSE_HZ``).

The counter's state these read and change comes in: the open set (``OpenSet``), what it reads
of the counter (``SetContext``) and a callable that opens the set under its next index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from repcount.live_offline import COARSE_HZ
from repcount.live_opening import LIVE_MIN_REPS, newest_at_turn, opening_reps
from repcount.live_rhythm import median_cycle_s
from repcount.live_samples import BAND
from repcount.live_set import OpenSet, SetContext
from repcount.live_set_rhythm import turn_fit
from repcount.live_sway import moving, swaying
from repcount.pipeline import SET_PAD_S
from repcount.set_memory import LearntSet
from repcount.setup_moves import arrived_in_pose_s, last_setup_move, past_setup_moves
from repcount.turns import Turn
from repcount.types import LiveEvent, Rep, SetAnalysis, SetStarted


@dataclass(frozen=True, slots=True)
class Probe:
    """What one probe did: the events it emits (a set opened, its reps) and, when its reps would
    open a set once the newest has settled, when to look again (``None`` otherwise)."""

    events: list[LiveEvent]
    """``SetStarted`` and the opening reps, or nothing."""
    recheck_s: float | None
    """Stream time to probe again at, seconds."""


def probe(
    ctx: SetContext,
    opened: OpenSet,
    open_set: Callable[[float], SetStarted],
    recent: Sequence[Turn],
    learnt: LearntSet | None,
    now: float,
    *,
    confirm_s: float,
) -> Probe:
    """No set yet: the offline stages on the gate's window; a set opens at ``LIVE_MIN_REPS`` reps
    (the module notes). ``learnt``: the named exercise's previous set, whose period the opening
    reps must keep."""
    fs_hz = ctx.stages.fs_hz
    analysis = _analyse(ctx, now, coarse=True)
    confirmed, recheck_s = _opening(ctx, analysis, recent, learnt, now, confirm_s=confirm_s)
    if confirmed and fs_hz >= COARSE_HZ:
        analysis, confirmed, recheck_s = _full_rate(ctx, recent, learnt, now, recheck_s, confirm_s=confirm_s)
    if not confirmed:
        analysis, confirmed, recheck_s = _past_setup(
            ctx, analysis, recent, learnt, now, recheck_s, confirm_s=confirm_s
        )
        if not confirmed:
            return Probe([], recheck_s)
    events: list[LiveEvent] = [open_set(confirmed[0].start_s)]
    events += opened.announce(confirmed, analysis, now, confirm_s=confirm_s)
    opened.rhythm.calibrate(confirmed, ctx.profile)
    opened.last_rep_s = max(opened.last_rep_s, float(confirmed[-1].end_s))
    opened.axis = ctx.detector.axis
    # turns since the newest offline rep end may already complete the next rep
    opened.rhythm.opposite = None
    for turn in list(recent):
        events += opened.on_turn(ctx, turn, now)
    return Probe(events, recheck_s)


def _past_setup(
    ctx: SetContext,
    analysis: SetAnalysis,
    recent: Sequence[Turn],
    learnt: LearntSet | None,
    now: float,
    recheck_s: float | None,
    *,
    confirm_s: float,
) -> tuple[SetAnalysis, list[Rep], float | None]:
    """The probe found no set: the stages again on the window after the set-up (the module notes),
    from ``SET_PAD_S`` before the newest set-up move among its reps, else from where the wrist came
    into the pose the reps are done in. Returns the analysis, the reps that open a set (``[]``:
    none) and when to look again."""
    # the set begins after its set-up (``setup_moves``): with the walk up and the jump to a
    # pull-up bar in its window, the stages read them into the first reps' period and the set
    # opened at its third rep; the window from the reach on, as an offline set's margin, reads
    # the reps that follow it
    confirmed: list[Rep] = []
    moved_s = _setup_move_end(ctx, analysis, now)
    if moved_s is not None:
        moved = replace(ctx, open_at=moved_s - SET_PAD_S)
        analysis, confirmed, recheck_s = _full_rate(
            moved, recent, learnt, now, recheck_s, confirm_s=confirm_s
        )
    if confirmed:
        return analysis, confirmed, recheck_s
    # the stages can misread the reach itself (its cycle joined to the jump or a rep), and then no
    # set-up move among their reps marks it: the pose still does
    arrived_s = _arrived_s(ctx, now)
    if arrived_s is None or (moved_s is not None and abs(arrived_s - (moved_s - SET_PAD_S)) < SAME_WINDOW_S):
        return analysis, [], recheck_s
    arrived = replace(ctx, open_at=arrived_s)
    analysis, confirmed, recheck_s = _full_rate(arrived, recent, learnt, now, recheck_s, confirm_s=confirm_s)
    # a window that starts right at the first rep reads its newest rep less surely: its rep ends
    # must all be marked by turns of one sign, as every rep of a set ends with the same move
    # (a first pull-up set opened on a "rep" read from the top of one rep to the middle of the
    # next, and the live rhythm, calibrated on it, missed the two reps after it)
    return analysis, (confirmed if _one_sign(confirmed, recent) else []), recheck_s


def _setup_move_end(ctx: SetContext, analysis: SetAnalysis, now: float) -> float | None:
    """Where the newest set-up move among the probe's reps ends (a cycle of at least a rep's
    shortest length, inside the window, into a new pose: ``pipeline.reps_that_move_like_reps``),
    if the window reaches back more than ``SET_PAD_S`` before it; ``None`` for a lift not named
    (as ``setup_moves.past_setup_moves``) or none found."""
    if ctx.profile.eccentric_first is None or not analysis.reps:
        return None
    t, a, _ = ctx.samples.window(ctx.open_at, now)
    lo, hi, shortest = (t[0], t[-1], ctx.profile.min_rep_s) if t.size else (np.inf, -np.inf, 0.0)
    reps = [r for r in analysis.reps if lo <= r.start_s and r.end_s <= hi and r.duration_s >= shortest]
    if not reps:
        return None
    last = last_setup_move(t, a, reps, ctx.stages.placement, fs_hz=ctx.stages.fs_hz)
    if last is None:
        return None
    end = float(reps[last].end_s)
    return end if end - SET_PAD_S > ctx.open_at else None


SAME_WINDOW_S = 0.5
"""Two windows that start this close hold the same reps (seconds): the stages do not run twice."""


def _arrived_s(ctx: SetContext, now: float) -> float | None:
    """For a named lift at the wrist: when the sensor last came into its current pose from one
    more than ``setup_moves.NEW_POSE_DEG`` away (the reach to the bar ended), if inside the
    window; ``None`` otherwise."""
    if ctx.profile.eccentric_first is None or ctx.stages.placement != "wrist":
        return None
    t, a, _ = ctx.samples.window(ctx.open_at, now)
    return arrived_in_pose_s(t, a, fs_hz=ctx.stages.fs_hz)


def _one_sign(reps: list[Rep], recent: Sequence[Turn]) -> bool:
    """Whether one turn sign marks every rep's end (``turn_fit``): every rep of a set ends with the
    same move, and the set's rhythm is calibrated on that sign (``SetRhythm.calibrate``)."""
    if len(reps) < 2:
        return False
    ends = np.array([r.end_s for r in reps])
    period = median_cycle_s(reps)
    return max(turn_fit(recent, ends, s, period)[0] for s in (1, -1)) == ends.size


def _full_rate(
    ctx: SetContext,
    recent: Sequence[Turn],
    learnt: LearntSet | None,
    now: float,
    recheck_s: float | None,
    *,
    confirm_s: float,
) -> tuple[SetAnalysis, list[Rep], float | None]:
    """The stages at the full rate on ``ctx``'s window, the reps that open a set from them, and
    when to look again (theirs, else ``recheck_s``)."""
    analysis = _analyse(ctx, now, coarse=False)
    confirmed, again_s = _opening(ctx, analysis, recent, learnt, now, confirm_s=confirm_s)
    return analysis, confirmed, again_s if again_s is not None else recheck_s


def _analyse(ctx: SetContext, now: float, *, coarse: bool) -> SetAnalysis:
    window = ctx.samples.window(ctx.open_at, now)
    return ctx.stages.analyse(window, now, threshold_ms2=ctx.gate.threshold_ms2, coarse=coarse)


def _opening(
    ctx: SetContext,
    analysis: SetAnalysis,
    recent: Sequence[Turn],
    learnt: LearntSet | None,
    now: float,
    *,
    confirm_s: float,
) -> tuple[list[Rep], float | None]:
    """The reps of a probe's analysis that open a set now, if any (``opening_reps``), after the
    last that does not move like a rep (a set-up move into a new pose,
    ``setup_moves.past_setup_moves``), unless they are an arm's sway (``sway``); and when to look
    again."""
    min_rep_s = ctx.profile.min_rep_s
    confirmed, recheck_s = opening_reps(
        analysis, now, confirm_s=confirm_s, min_rep_s=min_rep_s, recent=recent, learnt=learnt
    )
    confirmed = _like_reps(ctx, confirmed, now)
    if len(confirmed) < LIVE_MIN_REPS:
        # the newest rep may have ended at its turn, while the stages still place its end at the
        # window's edge (``newest_at_turn``): a set that opens at its second rep announces it then
        at_turn = newest_at_turn(
            analysis,
            now,
            confirm_s=confirm_s,
            min_rep_s=min_rep_s,
            recent=recent,
            learnt=learnt,
        )
        confirmed = _like_reps(ctx, at_turn, now)
        if len(confirmed) < LIVE_MIN_REPS or confirmed[-1] is not at_turn[-1]:
            return [], recheck_s
    if sway(ctx, confirmed, now):
        return [], recheck_s
    return confirmed, recheck_s


def sway(ctx: SetContext, reps: list[Rep], now: float) -> bool:
    """Whether the opening ``reps`` are an arm's sway between sets, not a set's reps: less active
    than the gate asks, or turning like an arm swinging free (``live_sway``)."""
    v = ctx.samples.view()
    if not moving(reps, v[:, 0], v[:, BAND], ctx.gate.threshold_ms2):
        return True
    t, a, g = ctx.samples.window(ctx.open_at, now)
    return swaying(reps, t, a, g, fs_hz=ctx.stages.fs_hz)


def _like_reps(ctx: SetContext, reps: list[Rep], now: float) -> list[Rep]:
    """The opening ``reps`` after the last that does not move like a rep (a set-up move into a new
    pose, ``setup_moves.past_setup_moves``; with the generic counter too: sitting between sets,
    the hand moved from pose to pose and three such moves opened a generic set)."""
    if not reps:
        return reps
    window = ctx.samples.window(ctx.open_at, now)
    t, a, _ = window
    return past_setup_moves(t, a, reps, ctx.stages.placement, fs_hz=ctx.stages.fs_hz)
