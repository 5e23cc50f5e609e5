"""The live counter's open set: its state from the gate opening to its close, and announcing its reps.

``LiveCounter`` (``repcount.live``) keeps what outlives a set (the gate, the samples, the turn
detector, the learnt sets, the set index) and coordinates; an ``OpenSet`` holds what one set
needs and is replaced by a fresh one when the set closes: whether it opened, its announced and
partial counts, its newest rep's times, its announced rep ends, its rhythm (``SetRhythm``), the
detector's axis at its newest rep, the learnt-set opening's bookkeeping (``first_rep_on_axis``),
the generic counter's sign checks left (``generic_sign``) and a cycle held back in a new pose
(``setup_moves``). Announcing a rep updates the counts and times, which the stall and close rules
read. In the set, the counter hands each turn to ``OpenSet.on_turn`` (the module notes of
``repcount.live``, step 2): whether it completes a rep (``SetRhythm.on_turn``), the rep timed,
flagged and judged on its neighbourhood (``live_judge``), a short rep counted alone where the
neighbourhood sees it (``live_judge.short_rep_alone``) or else paired with the next, the
generic counter's sign checks and a cycle into a new pose held back. What those read of the
counter (its detector, samples, gate, offline stages, profile, and where the set's window opens)
comes in a ``SetContext``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from repcount.filter import FloatArray
from repcount.generic_sign import GENERIC_REFITS, start_position_sign
from repcount.live_gate import ActivityGate
from repcount.live_judge import judge_rep, short_rep_alone
from repcount.live_offline import OfflineStages
from repcount.live_rhythm import settled_s
from repcount.live_samples import LiveSamples
from repcount.live_set_rhythm import SetRhythm
from repcount.profiles import ExerciseProfile
from repcount.setup_moves import POSE_LEAD_S, ends_in_new_pose
from repcount.turns import Turn, TurnDetector
from repcount.types import LiveEvent, PartialRep, Rep, RepCompleted, SetAnalysis

NEIGHBOURHOOD_PERIODS = 4.0
"""Periods of signal (back from the newest sample) analysed to time and flag a new rep..."""
NEIGHBOURHOOD_MIN_S = 12.0
"""...and at least this many seconds."""


@dataclass(frozen=True, slots=True, eq=False)
class SetContext:
    """What an open set's live reps read of the counter: its turn detector, samples, activity gate
    (its rest level), offline stages and exercise profile, and where the set's window opens."""

    detector: TurnDetector
    samples: LiveSamples
    gate: ActivityGate
    stages: OfflineStages
    profile: ExerciseProfile
    open_at: float

    def analyse(self, t1: float, *, held_ends_s: FloatArray | None = None) -> SetAnalysis:
        """The offline stages on the open set's window up to ``t1`` (``OfflineStages.analyse``)."""
        return self.stages.analyse(
            self.samples.window(self.open_at, t1),
            t1,
            threshold_ms2=self.gate.threshold_ms2,
            coarse=False,
            held_ends_s=held_ends_s,
        )


class OpenSet:
    """One live set's state, from the gate opening (before the set is known) to its close.

    Parameters
    ----------
    recent : the counter's recent turns (shared with the set's ``SetRhythm``).
    gone_s : time lost to dropouts between two times (``LiveSamples.gone_s``).
    """

    def __init__(self, recent: deque[Turn], gone_s: Callable[[float, float], float]) -> None:
        self.axis: FloatArray | None = None  # the detector's axis at the open set's newest rep
        self.index = -1  # the set's index once it opened
        self.announced = 0
        self.partials = 0
        self.started = False
        self.start_s = -np.inf  # when the open set's first rep started
        self.last_rep_s = -np.inf  # when the open set's newest rep ended
        self.prev_end_s = -np.inf  # the end the newest announced rep was reported with
        self.prev_start_s = -np.inf  # ...and its start
        self.rhythm = SetRhythm(recent, gone_s)
        self.axis_after_s = -np.inf  # rep-axis maxima up to here were checked (``rep_axis``)
        self.jolt_until_s = -np.inf  # the jolt before a set opened along the rep's axis
        self.ends: deque[float] = deque(maxlen=8)  # the open set's announced rep ends
        self.refits = GENERIC_REFITS  # the generic counter's sign checks left (``generic_sign``)
        self.held: tuple[Rep, bool] | None = None  # a cycle into a new pose, and whether partial

    def open(self, start_s: float, index: int) -> None:
        """The set opens (its ``index``) with its first rep starting at ``start_s``."""
        self.started = True
        self.index = index
        self.start_s = start_s

    def first(self, rep: Rep, now: float) -> RepCompleted:
        """Announce ``rep``, found by the offline stages before a set opened on a learnt rep."""
        self.announced += 1
        self.prev_start_s, self.prev_end_s = rep.start_s, rep.end_s
        self.last_rep_s = max(self.last_rep_s, settled_s(rep))
        return RepCompleted(now, self.index, self.announced, rep)

    def count(self, rep: Rep, partial: bool, now: float) -> list[LiveEvent]:
        """Announce ``rep`` (a ``PartialRep`` if ``partial``)."""
        self.prev_start_s, self.prev_end_s = rep.start_s, rep.end_s
        if not partial:
            self.ends.append(rep.end_s)
        if partial:
            self.partials += 1
            return [PartialRep(now, self.index, rep)]
        self.announced += 1
        return [RepCompleted(now, self.index, self.announced, rep)]

    def announce(
        self, reps: Sequence[Rep], analysis: SetAnalysis, now: float, *, confirm_s: float
    ) -> list[LiveEvent]:
        """Announce the reps of an offline analysis not announced yet, and its partial reps settled
        ``confirm_s`` before ``now``."""
        events: list[LiveEvent] = []
        for rep in reps[self.announced :]:
            self.announced += 1
            self.prev_start_s, self.prev_end_s = rep.start_s, rep.end_s
            self.ends.append(rep.end_s)
            events.append(RepCompleted(now, self.index, self.announced, rep))
        if reps:
            self.last_rep_s = max(self.last_rep_s, settled_s(reps[-1]))
        partial = [r for r in analysis.partial_reps if settled_s(r) <= now - confirm_s]
        for rep in partial[self.partials :]:
            self.partials += 1
            events.append(PartialRep(now, self.index, rep))
        return events

    def on_turn(self, ctx: SetContext, turn: Turn, now: float) -> list[LiveEvent]:
        """In a set: does this turn complete a rep? (module notes, step 2; ``SetRhythm.on_turn``)."""
        verdict = self.rhythm.on_turn(turn, ctx.detector.amplitude_ms2, ctx.profile)
        if verdict.going_s is not None:
            self.last_rep_s = max(self.last_rep_s, verdict.going_s)
        if verdict.short is not None:
            return self._short_and_next(ctx, verdict.short, turn, now)
        if verdict.rep_start_s is not None:
            return self.live_rep(ctx, verdict.rep_start_s, turn.t_s, now, seen=verdict.seen)
        if self.rhythm.short is turn:
            return self._short_alone(ctx, turn, now)
        return []

    def _short_alone(self, ctx: SetContext, short: Turn, now: float) -> list[LiveEvent]:
        """A short full rep (a dropped eccentric) counted at its own turn when the neighbourhood
        already sees it as one (``live_judge.short_rep_alone``); else the next turn tells
        (``_short_and_next``), one period later."""
        if self.rhythm.after_far or self.held is not None:
            return []  # after a turn off the set's level or a cycle into a new pose: not alone
        start_s = self.rhythm.bound_s
        near = self._neighbourhood(ctx, now)
        if not short_rep_alone(near, start_s, short.t_s, period_s=self.rhythm.period_s):
            return []
        self.rhythm.short = None
        self.rhythm.levels.append(self.rhythm.sign * short.value_ms2)
        self.rhythm.bound_s = short.t_s
        self.rhythm.opposite = self.rhythm.opposite_since(short.t_s)
        return self.live_rep(ctx, start_s, short.t_s, now, paired=True)

    def _short_and_next(self, ctx: SetContext, short: Turn, turn: Turn, now: float) -> list[LiveEvent]:
        """A short full rep (a dropped eccentric) and the rep after it, counted together at the
        second's turn. Alone, the short one read as a harmonic's extreme (too soon after the
        last rep end); then the next turn came 1.5 periods after that, where the neighbourhood
        (which cannot yet see either rep) said the set's rhythm had ended: two reps were lost
        live, in most sets with a dropped eccentric."""
        sign, start_s = self.rhythm.sign, self.rhythm.bound_s
        self.rhythm.bound_s, self.rhythm.opposite = short.t_s, None
        events = self.live_rep(ctx, start_s, short.t_s, now, paired=True)
        if self.rhythm.sign != sign:
            return events  # the set's turn sign changed: the rhythm restarts (``_live_rep``)
        self.rhythm.levels.append(sign * turn.value_ms2)
        self.rhythm.bound_s, self.rhythm.opposite = turn.t_s, None
        return events + self.live_rep(ctx, short.t_s, turn.t_s, now, paired=True)

    def live_rep(
        self,
        ctx: SetContext,
        start_s: float,
        end_s: float,
        now: float,
        *,
        trusted: bool = False,
        seen: bool = False,
        paired: bool = False,
    ) -> list[LiveEvent]:
        """Announce the rep that ended at ``end_s``, timed and flagged on its neighbourhood (which
        may veto it unless it is ``trusted``: a set's first rep, matched with the previous set;
        must see it if it is to be ``seen``; and cannot yet see the rhythm go on if it is a short
        rep ``paired`` with the next)."""
        self.axis = ctx.detector.axis
        sign = self.rhythm.sign
        self._generic_sign(ctx, end_s, now)
        near = self._neighbourhood(ctx, now)
        self.rhythm.recalibrate(near, end_s, self.start_s, ctx.profile)
        events = self._judge(ctx, near, start_s, end_s, now, trusted=trusted, seen=seen, paired=paired)
        if self.rhythm.sign != sign:
            self.rhythm.restart_after_sign_change(end_s, bool(events))
        return events

    def _judge(
        self,
        ctx: SetContext,
        near: SetAnalysis,
        start_s: float,
        end_s: float,
        now: float,
        *,
        trusted: bool,
        seen: bool,
        paired: bool,
    ) -> list[LiveEvent]:
        """The rep that ended at ``end_s`` as the neighbourhood's offline stages see it, if any
        (``live_judge.judge_rep``)."""
        # a cycle into a new pose, held back (``_unless_new_pose``)
        held, self.held = self.held, None
        verdict = judge_rep(
            near,
            start_s,
            end_s,
            period_s=self.rhythm.period_s,
            prev_end_s=self.prev_end_s,
            trusted=trusted,
            seen=seen,
            paired=paired,
        )
        if verdict.in_rhythm:
            self.last_rep_s = end_s  # the set goes on, whether or not this rep counts
        elif verdict.unseen and held is not None:
            # no rep seen after a cycle held back in a new pose, but in the set's rhythm: the set
            # goes on (a real bench press set of 5 closed after its 2nd rep and read as no set)
            self.last_rep_s = max(self.last_rep_s, end_s)
        rep = verdict.rep
        if rep is None:
            return []
        if trusted or ctx.profile.eccentric_first is None:
            return self.count(rep, verdict.partial, now)
        return self._unless_new_pose(ctx, rep, verdict.partial, held, now)

    def _unless_new_pose(
        self, ctx: SetContext, rep: Rep, partial: bool, held: tuple[Rep, bool] | None, now: float
    ) -> list[LiveEvent]:
        """Count ``rep`` unless its cycle ends in a new pose (``setup_moves``: the let-go after the
        set's last rep). Such a cycle is held back: it counts with the next rep when that one
        brings the sensor back to the pose it started from (a rep whose end pose drifted: real
        wrist sets), and is dropped otherwise; the cycle after it counts only where the offline
        stages see a rep, as after a turn far off the set's level."""
        if held is not None and not self._new_pose(ctx, held[0].start_s, rep.end_s):
            return self.count(*held, now) + self.count(rep, partial, now)
        if not self._new_pose(ctx, rep.start_s, rep.end_s):
            return self.count(rep, partial, now)
        self.held, self.rhythm.after_far = (rep, partial), True
        return []

    def _new_pose(self, ctx: SetContext, start_s: float, end_s: float) -> bool:
        """Whether the sensor's pose at ``end_s`` is a new one, not the one at ``start_s``
        (``setup_moves.ends_in_new_pose``)."""
        t, a, _ = ctx.samples.window(start_s - POSE_LEAD_S, end_s)
        return ends_in_new_pose(t, a, start_s, end_s, ctx.stages.placement, fs_hz=ctx.stages.fs_hz)

    def _neighbourhood(self, ctx: SetContext, now: float) -> SetAnalysis:
        """The offline stages on the last ``NEIGHBOURHOOD_PERIODS`` periods (at least
        ``NEIGHBOURHOOD_MIN_S``) of the open set."""
        span = max(NEIGHBOURHOOD_PERIODS * self.rhythm.period_s, NEIGHBOURHOOD_MIN_S)
        # the set's second rep after a first found along the rep's axis: the jolt before it (the
        # jump to the bar) read as a rep in its neighbourhood, and the second as partial against it
        edge = max(ctx.open_at, self.jolt_until_s) if self.announced <= 1 else ctx.open_at
        start = max(edge, ctx.samples.seen_from(now, span))
        # the generic counter holds the window to the polarity its set was counted in
        held = None
        if ctx.profile.eccentric_first is None:
            held = np.array([e for e in self.ends if e > start])
        return ctx.stages.process(
            ctx.samples.window(start, now), now, set_edges=start == edge, held_ends_s=held
        )

    def _generic_sign(self, ctx: SetContext, end_s: float, now: float) -> None:
        """The generic counter, at the open set's first live reps: the rep-ending sign turns where
        the set's start position says so (``generic_sign``)."""
        if ctx.profile.eccentric_first is not None or self.refits <= 0:
            return
        whole = ctx.analyse(now, held_ends_s=np.array(self.ends))
        sign = start_position_sign(self.rhythm, whole, self.start_s, end_s)
        if sign is None:
            return
        self.refits -= 1
        if sign != self.rhythm.sign:
            self.rhythm.sign = sign  # the caller moves the rep boundary to the new sign
            self.ends.clear()
