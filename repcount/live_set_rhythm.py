"""The open set's rhythm: which turns of the turn detector end a rep (``repcount.live``, step 2).

``SetRhythm`` holds what the live counter learnt of the open set (the turn sign that ends a rep,
the period, the running excursion and the levels of the newest rep ends) and judges each turn
against it; the live counter announces the reps it finds (``repcount.live``).

A sensor dropout inside the set (``LiveSamples`` fills it) hides the turns of the reps done in
it, and the first turns after it lack their opposite extremes. Where the set's rhythm may have
gone on through it (``through_dropout``, the rule of ``gap_reps.through_gap``: it began and ended
within ``FLANK_STEPS`` periods of the reps either side), the rhythm restarts at the first turn
after it that ends a rep at the set's level, without a rep (that rep's start was not seen) and
with the set going on; the reps of the gap and that rep come with the final analysis.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from repcount.filter import FloatArray
from repcount.gap_reps import FLANK_STEPS
from repcount.live_rhythm import MAX_EXCURSION_FRAC, excursions, median_cycle_s
from repcount.profiles import ExerciseProfile
from repcount.set_memory import MIN_AXIS_COS
from repcount.turns import MIN_TURN_MS2, Turn
from repcount.types import Rep, SetAnalysis

REP_FRAC = 0.5
"""A rep's excursion (the span of the turns since the last rep end) is at least this share of the set's."""
MIN_GAP_FRAC = 0.7
"""Two rep ends are at least this share of the rep period apart (a harmonic's extreme is not)."""
MAX_CYCLE_FRAC = 1.6
"""...and at most this share (longer is a pause or walking off: the rhythm restarts)."""
SHORT_REP_FRAC, FULL_FRAC = 0.4, 0.8
"""A rep-ending turn from this share of the period on (up to ``MIN_GAP_FRAC``), of at least
``FULL_FRAC`` of the set's excursion at the set's level, may end a short rep (a dropped
eccentric: 1.55-1.84 s in sets of 3.1 s reps on simulated workouts): it counts at once where
the neighbourhood already sees it as one (``OpenSet._short_alone``), else when the next turn
ends a rep in the rhythm after it (``_short_and_next``)."""
RETIME_SPREAD, RESCALE_SPREAD = 0.35, 0.3
"""Two cycles in a row off the set's rhythm or size (longer than ``MAX_CYCLE_FRAC`` periods, or
an excursion over ``live_rhythm.MAX_EXCURSION_FRAC`` of the set's) and this alike in length and
excursion are the set's own rhythm: the period and scale are re-learnt and the second counts."""
LEVEL_FRAC = (0.5, 2.5)
"""A rep-ending turn lies within these shares of the median of the set's newest ones (signal
values times the rep-ending sign; simulated workouts, seeds 1-2: the set's reps 0.7-1.7 from
the 1st to the 99th percentile, the walk away and getting off the bar mostly below 0.6 or above
2.6)."""
FIT_BEFORE, FIT_AFTER = 0.35, 0.25
"""A turn marks an offline rep end when it lies from this share of the period before it to that
share after it (the rep-ending sign is the one that marks the most ends, then the closest)."""


@dataclass(frozen=True, slots=True)
class TurnVerdict:
    """What a rep-ending turn in the open set means (``SetRhythm.on_turn``)."""

    rep_start_s: float | None = None
    """A rep, begun then, ended at the turn..."""
    seen: bool = False
    """...which counts only where the neighbourhood's offline stages see it."""
    short: Turn | None = None
    """A short rep ended at this turn, counted with the rep the turn ends (``_short_and_next``)."""
    going_s: float | None = None
    """No rep, but the set goes on in its rhythm to here (s)."""


NO_REP = TurnVerdict()


def turn_fit(turns: Iterable[Turn], ends: FloatArray, sign: int, period_s: float) -> tuple[int, float]:
    """How well the ``turns`` of ``sign`` mark the rep ``ends`` in a set of ``period_s`` (bigger is
    better): how many ends have such a turn shortly before them (the offline end trails the
    movement's end by a dwell, the causal high-pass leads it), then how close those turns are."""
    # a turn on the wrong side of zero (a dip inside the rise) is a wiggle, not where a rep
    # ends: its closeness chose the wrong sign for a seated cable row set, and every rep came
    # 0.8 s late
    times = np.array([u.t_s for u in turns if u.sign == sign and sign * u.value_ms2 > 0])
    if times.size == 0 or ends.size == 0:
        return 0, -np.inf
    d = times[None, :] - ends[:, None]
    ok = (d >= -FIT_BEFORE * period_s) & (d <= FIT_AFTER * period_s)
    hits = int(np.count_nonzero(ok.any(axis=1)))
    near = np.where(ok, np.abs(d), np.inf).min(axis=1)
    return hits, -float(np.median(near[np.isfinite(near)])) if hits else -np.inf


class SetRhythm:
    """The open set's rhythm, learnt from its opening reps and kept up by its live reps.

    Parameters
    ----------
    recent : the turn detector's newest turns (shared with the live counter, which adds to it).
    gone_s : seconds of sensor dropouts between two times (``LiveSamples.gone_s``).
    """

    def __init__(self, recent: deque[Turn], gone_s: Callable[[float, float], float]) -> None:
        self._recent = recent
        self._gone_s = gone_s
        self.sign = 0  # the turn sign that ends a rep (0 until calibrated)
        self.period_s = 0.0
        self.bound_s = -np.inf  # the newest rep end, on the detector's clock
        self.skip_s = -np.inf  # a rep-ending turn up to then is the counted rep's (a sign change)
        # the last cycle off the set's rhythm or size and its excursion (``off_again``)
        self.off_cycle: tuple[float, float] | None = None
        self.opposite: float | None = None  # the most extreme opposite turn since then, m/s²
        self.excursion: float | None = None  # the set's running rep excursion, m/s²
        # the axis the opening reps' scale was measured along, until a live rep measures it
        self.scale_axis: tuple[float, float, float] | None = None
        self.levels: deque[float] = deque(maxlen=8)  # the newest rep-ending turns' values × sign
        self.after_far = False  # the rhythm restarted at a turn far off the set's level
        self.short: Turn | None = None  # a turn too soon to end a rep, but a full one's size

    def calibrate(self, reps: list[Rep], profile: ExerciseProfile) -> None:
        """Which turn sign ends a rep (the one nearest the offline rep ends), and the period."""
        ends = np.array([r.end_s for r in reps])
        period = median_cycle_s(reps)
        self.period_s = float(np.clip(period, profile.min_rep_s, profile.max_rep_s))
        self.sign = max((1, -1), key=lambda sign: self.fit(ends, sign))
        # the newest rep end, on the detector's clock: its turn if the detector saw one nearby
        lo, hi = ends[-1] - FIT_BEFORE * period, ends[-1] + FIT_AFTER * period
        near = [u.t_s for u in self._recent if u.sign == self.sign and lo <= u.t_s <= hi]
        self.bound_s = max(near) if near else float(ends[-1])
        self.opposite = self.opposite_since(self.bound_s)
        # the opening reps' excursions set the scale, if their turns lie along one axis: the jump
        # to the bar turns the detector's axis for seconds, and reps measured while it turns read
        # a third of their size or less; the next rep is then too big for the scale and is not
        # counted (the third rep of most pull-up sets). Else the detector's amplitude is the
        # scale until the first live rep measures it.
        window = [u for u in self._recent if reps[0].start_s <= u.t_s <= ends[-1] + 0.25 * self.period_s]
        axis = window[-1].axis if window else None
        one_axis = axis is not None and all(float(np.dot(u.axis, axis)) >= MIN_AXIS_COS for u in window)
        sizes = excursions(reps, self._recent, self.period_s) if one_axis else []
        known = [x for x in sizes if x is not None]
        self.excursion = float(np.median(known)) if known else None
        self.scale_axis = axis if known else None

    def recalibrate(
        self, near: SetAnalysis, end_s: float, set_start_s: float, profile: ExerciseProfile
    ) -> None:
        """The neighbourhood's reps (the set's first rep started at ``set_start_s``) re-learn the
        period, and the turn sign when the other sign's turns mark their ends better (``fit``): a
        set opened on a wrong guess corrects itself."""
        # the set's reps before this one: the newest may be cut by the window's edge, and the
        # neighbourhood of a set's first reps reaches back into the walk up to it, whose steps
        # would set the period (hyperextensions at the learnt first rep: 3 s became 0.8 s, and
        # no rep counted until the set closed and opened again)
        ends = np.array(
            [
                r.end_s
                for r in near.reps
                if set_start_s + 0.5 * self.period_s < r.end_s < end_s - 0.25 * self.period_s
            ]
        )
        if ends.size < 3:
            return
        self.period_s = float(np.clip(np.median(np.diff(ends)), profile.min_rep_s, profile.max_rep_s))
        other = -self.sign
        # the generic counter's polarity is decided per window (along gravity), so a short
        # neighbourhood may take the other one than the set's: only a known lift re-checks it
        known = profile.eccentric_first is not None
        # only when the other sign marks more of the ends: a short window's polarity can flip
        # while the turns' timing does not (closeness alone would follow it)
        if known and self.fit(ends[-3:], other)[0] > self.fit(ends[-3:], self.sign)[0]:
            self.sign = other  # the caller moves the rep boundary to the new sign

    def fit(self, ends: FloatArray, sign: int) -> tuple[int, float]:
        """How well the turns of ``sign`` mark the rep ``ends`` (bigger is better): how many ends
        have such a turn shortly before them (the offline end trails the movement's end by a dwell,
        the causal high-pass leads it), then how close those turns are."""
        return turn_fit(self._recent, ends, sign, self.period_s)

    def opposite_since(self, t_s: float) -> float | None:
        """The most extreme turn against the rep-ending sign after ``t_s`` (m/s²), if any."""
        values = [self.sign * u.value_ms2 for u in self._recent if u.sign != self.sign and u.t_s > t_s]
        return self.sign * min(values) if values else None

    def on_turn(self, turn: Turn, amplitude_ms2: float, profile: ExerciseProfile) -> TurnVerdict:
        """In a set: does this turn complete a rep? (``repcount.live``'s module notes, step 2;
        ``amplitude_ms2`` the detector's, the scale until a rep measures it)."""
        sign = self.sign
        if turn.t_s <= self.bound_s:
            return NO_REP
        if self.through_dropout(turn):
            # the reps done while the sensor was gone come with the set's final analysis
            # (``gap_reps``); the rhythm restarts at the first turn after it that ends a rep at
            # the set's level (that rep's start was not seen), and the set goes on
            if turn.sign != sign or sign * turn.value_ms2 <= 0 or not self.at_level(turn, 1.0):
                return NO_REP
            self.bound_s, self.opposite, self.short = turn.t_s, None, None
            return TurnVerdict(going_s=turn.t_s)
        if turn.sign != sign:
            if self.opposite is None or sign * (self.opposite - turn.value_ms2) > 0:
                self.opposite = turn.value_ms2
            return NO_REP
        if turn.t_s <= self.skip_s:
            # the newest counted rep's own turn of this sign, after the turn sign changed
            self.bound_s, self.opposite, self.skip_s = turn.t_s, None, -np.inf
            return NO_REP
        if self.opposite is None:
            return NO_REP
        # the rep's excursion: everything the signal covered since the last rep end (the turn that
        # ends a rep can be a small one after the eccentric's braking, not the rep's extreme)
        since = [u.value_ms2 for u in self._recent if self.bound_s < u.t_s < turn.t_s]
        excursion = max(
            sign * (turn.value_ms2 - self.opposite), max(since, default=0.0) - min(since, default=0.0)
        )
        # a scale measured along another axis says nothing of this turn's size: the jump to the bar
        # turns the detector's axis for seconds, and a pull-up's first reps, measured on the
        # jump's axis, read a third of their size; the next rep was then too big for that scale
        # and not counted (the third rep of most pull-up sets). Such a rep sets the scale anew.
        rescale = self.scale_axis is not None and float(np.dot(turn.axis, self.scale_axis)) < MIN_AXIS_COS
        ref = self.excursion if self.excursion is not None else 2.0 * amplitude_ms2
        # a dropout inside the cycle is not part of it: its reps come with the set's final analysis
        cycle = turn.t_s - self.bound_s - self._gone_s(self.bound_s, turn.t_s)
        # a rep done in less time than the period moves with more acceleration, (period / cycle)²
        # as much: a dropped eccentric is no gesture
        quick = max(1.0, (self.period_s / max(cycle, 1e-3)) ** 2)
        if excursion < REP_FRAC * ref or cycle < MIN_GAP_FRAC * self.period_s:
            if (
                cycle >= SHORT_REP_FRAC * self.period_s
                and sign * turn.value_ms2 > 0
                and FULL_FRAC * ref <= excursion <= MAX_EXCURSION_FRAC * ref * quick
                and self.at_level(turn, quick)
                and (self.short is None or sign * turn.value_ms2 > sign * self.short.value_ms2)
            ):
                self.short = turn  # a short full rep's end, or a harmonic: the next turn tells
            return NO_REP  # a wiggle or a harmonic's extreme: the rep goes on
        short, self.short = self.short, None
        if short is not None and self.after_short(short, turn, ref):
            return TurnVerdict(short=short)
        too_big = excursion > MAX_EXCURSION_FRAC * ref * quick and not rescale
        off = cycle > MAX_CYCLE_FRAC * self.period_s or too_big
        if not off:
            self.off_cycle = None
        elif self.off_again(cycle, excursion, profile):
            # the set's own rhythm and size, unlike what it opened with (the walk up to the bar
            # opened it): this cycle is a rep, and its neighbourhood re-learns the period
            self.period_s = float(np.clip(cycle, profile.min_rep_s, profile.max_rep_s))
            self.excursion, self.scale_axis = excursion, None
            start_s, self.bound_s, self.opposite = self.bound_s, turn.t_s, None
            return TurnVerdict(rep_start_s=start_s)
        if off:
            going = None
            # off the set's rhythm (a pause, walking off, re-racking): no rep, but the rhythm
            # restarts here
            if cycle <= MAX_CYCLE_FRAC * self.period_s and self.excursion is not None:
                # in rhythm but larger than the scale learnt from the opening reps: one such
                # turn is a one-off (unracking), a run of them is the scale to learn
                self.excursion, self.scale_axis = 0.5 * (self.excursion + excursion), None
            elif (
                cycle <= 2 * MAX_CYCLE_FRAC * self.period_s
                and excursion <= MAX_EXCURSION_FRAC * ref
                and len(self.levels) >= 3
                and abs(sign * turn.value_ms2 / float(np.median(self.levels)) - 1.0) < 0.2
            ):
                # a rep's size and level, about two periods after the last one (a short rep
                # between them was skipped): the set goes on, so it does not close for want of reps
                going = turn.t_s
            self.bound_s, self.opposite = turn.t_s, None
            return TurnVerdict(going_s=going)
        if rescale:
            self.levels.clear()  # ...and so are the levels of the turns that end reps
        at_level = self.at_level(turn, 1.0)
        self.levels.append(sign * turn.value_ms2)  # a run of turns at a new level becomes the usual one
        if not at_level:
            # the turn lies far off where the set's reps end (getting off the bar, putting the
            # weight down): the rhythm restarts here, without a rep, but in time with the set
            # (it does not close for want of reps while such turns keep its rhythm)
            self.bound_s, self.opposite = turn.t_s, None
            self.after_far = True
            return TurnVerdict(going_s=turn.t_s)
        # the cycle after such a turn is a rep only where the offline stages see one: getting off
        # the bar after the last pull-up made a turn far off the set's level, then one in its
        # rhythm, and the phone counted one rep more than the set's final count
        seen, self.after_far = self.after_far, False
        start_s, self.bound_s, self.opposite = self.bound_s, turn.t_s, None
        old = None if rescale else self.excursion
        self.excursion = excursion if old is None else 0.7 * old + 0.3 * excursion
        self.scale_axis = None  # measured live now, along the detector's axis as it turns
        cycle = float(np.clip(turn.t_s - start_s, profile.min_rep_s, profile.max_rep_s))
        self.period_s = 0.7 * self.period_s + 0.3 * cycle
        return TurnVerdict(rep_start_s=start_s, seen=seen)

    def through_dropout(self, turn: Turn) -> bool:
        """Whether the set's rhythm may have gone on through a sensor dropout between the newest
        rep end and ``turn`` (``gap_reps.through_gap``): the dropout begins within
        ``FLANK_STEPS`` periods of that rep end and ends within as much of ``turn``, and the two
        are at least ``1 + MIN_GAP_FRAC`` periods apart (a shorter gap inside a cycle hid no rep
        end, and the cycle is judged as any other)."""
        flank = FLANK_STEPS * self.period_s
        return (
            turn.t_s - self.bound_s >= (1.0 + MIN_GAP_FRAC) * self.period_s
            and self._gone_s(self.bound_s, self.bound_s + flank) > 0
            and self._gone_s(turn.t_s - flank, turn.t_s) > 0
        )

    def at_level(self, turn: Turn, quick: float) -> bool:
        """Whether the turn lies where the set's newest rep-ending turns lie (``LEVEL_FRAC``; the
        upper bound ``quick`` times as far for a quick rep)."""
        if len(self.levels) < 3:
            return True
        usual = float(np.median(self.levels))
        level = self.sign * turn.value_ms2
        return usual <= MIN_TURN_MS2 or LEVEL_FRAC[0] * usual <= level <= LEVEL_FRAC[1] * usual * quick

    def after_short(self, short: Turn, turn: Turn, ref: float) -> bool:
        """Whether ``turn`` ends a full rep in the set's rhythm after the short rep's ``short``."""
        cycle = turn.t_s - short.t_s - self._gone_s(short.t_s, turn.t_s)
        if not MIN_GAP_FRAC * self.period_s <= cycle <= MAX_CYCLE_FRAC * self.period_s:
            return False
        # from the short rep's end on, without it: its quick end is larger than a rep's
        values = [u.value_ms2 for u in self._recent if short.t_s < u.t_s <= turn.t_s]
        excursion = max(values) - min(values) if len(values) >= 2 else 0.0
        return REP_FRAC * ref <= excursion <= MAX_EXCURSION_FRAC * ref and self.at_level(turn, 1.0)

    def off_again(self, cycle: float, excursion: float, profile: ExerciseProfile) -> bool:
        """Whether this cycle, off the set's rhythm or size, is the second such in a row and like
        the first (cycle within ``RETIME_SPREAD``, excursion within ``RESCALE_SPREAD``): the set
        opened on the walk up to the bar, or on cycles of the wrong size, and learnt their period
        and scale; every rep after them was then off the rhythm, and the set closed after 8 s
        without a rep (a lat pulldown set of 12 was announced as 4, then 0, then 9)."""
        prev, self.off_cycle = self.off_cycle, (cycle, excursion)
        if prev is None or not profile.min_rep_s <= cycle <= profile.max_rep_s:
            return False
        if abs(cycle / prev[0] - 1.0) > RETIME_SPREAD or abs(excursion / prev[1] - 1.0) > RESCALE_SPREAD:
            return False
        self.off_cycle = None
        return True

    def restart_after_sign_change(self, end_s: float, counted: bool) -> None:
        """The turn sign changed at the rep that ended at ``end_s`` (``counted`` whether it was
        announced): where the rhythm restarts."""
        # every rep has one turn of each sign, and the counted rep's turn of the new sign is
        # the one nearest ``end_s``. Before it (within half a period), the rhythm restarts
        # there. After it, that turn must not count again: the rhythm restarts at it when it
        # comes (``skip_s``). Restarting at ``end_s`` instead and waiting for the next
        # opposite turn lost a rep whenever the new sign's turn came over half a period
        # after ``end_s``: the one after it then lay 1.7 periods away, off the rhythm, and a
        # barbell row set closed after 8 s without a rep. When the rep did not count, the
        # new sign's turn before it is where the rhythm restarts.
        half = 0.5 * self.period_s
        lo = end_s - (half if counted else self.period_s)
        before = [u.t_s for u in self._recent if u.sign == self.sign and lo < u.t_s < end_s]
        self.bound_s = max(before) if before else end_s
        if counted and not before:
            self.skip_s = end_s + half
        self.levels.clear()
        self.opposite = self.opposite_since(self.bound_s)
