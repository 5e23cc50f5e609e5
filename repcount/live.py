"""The streaming counter: batches in, live events out, with bounded memory and latency.

Notes
-----
``LiveFilter`` (``live_buffer``) is the causal twin of the offline band-pass (``sosfilt`` with
its ``zi`` state carried across batches); its moving RMS gates activity like
``find_active_spans`` does offline (``live_gate``), and the samples are kept with it
(``live_samples``). Reps are announced by a causal turn detector (``repcount.turns``): the
extremes of the principal-axis acceleration, each certain about 0.1 s after it happens.
Evaluation order while the activity gate is open:

1. *Before the set is known*, if this exercise was done before (a finished set of it taught the
   counter its axis, rep-ending turn, period, excursion, the drop and lag of its rep-ending
   turns and the shape of its rep cycle; ``live_learnt``, ``repcount.set_memory``), every turn
   is checked against that: the first whose axis, lag, drop and cycle shape match opens the set
   and is announced as its first rep, at its turn. While a jolt (the jump to the bar) holds the
   detector's axis more than 45° off the rep's own line, the maxima along that line are checked
   against the shape instead, and the one that matches opens the set and re-aligns the detector
   on its cycle (``live_opening.first_rep_on_axis``). With no exercise named (the generic
   counter) the last finished set, whatever it was, stands in, only with its rep shape
   (``generic_memory``). Otherwise, or until then, the offline stages (``process_set`` on the
   gate's window, as offline; at half the rate first on fast streams, ``live_offline``) run when
   a turn arrives (at most every ``update_s``, once the window holds the turns of
   ``LIVE_MIN_REPS`` reps) and every ``PROBE_S`` for ``PROBE_AFTER_TURN_S`` after it: new
   evidence is what they need; and when reps that would open a set are found, again as soon as
   the newest has settled. Once they find ``LIVE_MIN_REPS`` reps in one rhythm (fewer than
   offline's ``MIN_SET_REPS``, so a short gesture sequence can open a live set that the final
   analysis drops; ``live_opening``; none of them may be a set-up move into a new pose,
   ``setup_moves``; together they must move as the activity gate asks and not turn like an arm
   swinging free, ``live_sway``: the sway of an arm hanging between sets; the newest, while the
   stages still place its end at the window's edge, may end at its own rep-ending turn,
   ``live_opening.newest_at_turn``) the set opens
   (``SetStarted``), those reps are announced, the detector is calibrated on them
   (``SetRhythm.calibrate``) and the turns since are replayed (``live_probe``).
2. *In the set* (``live_set``, ``live_set_rhythm``), every turn of that sign that follows an opposite turn by
   at least ``REP_FRAC`` of the set's running rep excursion, and the previous rep end by
   ``MIN_GAP_FRAC`` to ``MAX_CYCLE_FRAC`` periods, at a level like the set's newest rep ends
   (``LEVEL_FRAC``), completes a rep: ``RepCompleted`` is emitted at once (no re-analysis of the
   whole set). A turn off the rhythm restarts it without a rep; two such cycles in a row that
   are alike are the set's own rhythm, learnt wrong at the opening (``SetRhythm.off_again``),
   and the second counts. After a turn off the set's level (getting off the bar) the next cycle
   counts only where the neighbourhood sees a rep. A quick cycle may be larger by (period /
   cycle)²; a full-size turn too soon after the last rep end may end a short rep (a dropped
   eccentric), which counts at once where the neighbourhood already sees it as one
   (``live_judge.short_rep_alone``), else with the rep after it (``SHORT_REP_FRAC``). The
   opening's scale holds only along the axis its turns were measured on (the jump to the bar
   turns the detector's axis for seconds); a turn along another axis sets it anew. The rep's
   tempo and flags come from the offline stages run on just its neighbourhood
   (``NEIGHBOURHOOD_PERIODS`` periods back from the newest sample), which also re-learn the
   period and re-check the turn sign (after a change of sign the rhythm restarts at the
   announced rep's end, so it does not count twice), and may veto the rep when theirs at the
   turn is unlike the set's (``live_judge``: the walk away after a set); a rep the neighbourhood
   calls partial is a ``PartialRep``. The generic counter, which knows no phase order, holds
   each neighbourhood to the polarity the set was counted in (where its announced reps ended,
   ``held_polarity``), and at the set's first live reps re-checks the turn sign on the set's
   window where its start position tells (``generic_sign``). For a named lift, a cycle that
   ends in a new pose (the let-go after the set's last rep, ``setup_moves``) is held back: it
   counts with the next rep when that one returns to the pose it started from.
   The routine's next exercise (``set_exercise``) applies at once unless a set is open.
3. The set closes after ``min_rest_s`` of quiet, or ``min_rest_s`` without a new rep (turns in
   the set's rhythm keep it going, but not past ``STALL_RESTS`` rests without an announced
   rep), on ``end_set()``, on ``finish()``, or when it reaches ``max_set_s`` (memory bound).
   A set closed for want of reps is analysed one period past its newest rep; after a false
   start of a known lift the next window starts with the false set's last "rep". ``SetEnded``
   carries the final analysis: the offline ``process_set`` run once on the whole set, so the
   final count is the offline count. It is authoritative: reps it found that were not announced
   are announced just before it; when the live count ran ahead of it, consumers take the final
   analysis (the server replaces its live reps with it). A set closed automatically with fewer
   than ``MIN_SET_REPS`` reps, or that ``analyze_recording`` finds no set in, ends with an empty
   analysis (a gesture, not a set) and none of its reps is announced at the close; a set that
   never opened live opens at its close only on reps that are not an arm's sway. When the stream
   began in the set (the gate opened before ``LEAD_S`` of it had passed: a recording cut at the
   set), the final analysis starts where the stream does, as offline's, not where the probes had
   moved the window's start on to: the set's first reps, cut short by the stream's start, were
   not yet in one rhythm when the set opened. Whether it was a set is then asked with the quiet
   that closed it in the window (the offline rules need some rest to learn its level from).

Samples older than the open set (or than ``LEAD_S`` when idle; or than the stream's start within
``max_set_s`` when the stream began in the set) are dropped.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from repcount.activity import (
    OFF_FRAC,
    WINDOW_S,
)
from repcount.filter import (
    FloatArray,
)
from repcount.generic_memory import recall, remember
from repcount.live_buffer import LiveFilter
from repcount.live_gate import ActivityGate
from repcount.live_grind import grind_before_close, with_slow_end
from repcount.live_learnt import first_rep, first_rep_along_axis, learnt_from
from repcount.live_offline import OfflineStages, Window
from repcount.live_opening import LIVE_MIN_REPS
from repcount.live_probe import probe, sway
from repcount.live_rhythm import rhythm
from repcount.live_samples import LiveSamples
from repcount.live_set import OpenSet, SetContext
from repcount.pipeline import (
    MIN_SET_REPS,
    SET_PAD_S,
)
from repcount.profiles import exercise_profile
from repcount.set_memory import (
    LearntSet,
)
from repcount.turns import Turn, TurnDetector
from repcount.types import LiveEvent, SetAnalysis, SetEnded, SetStarted

LEAD_S = 2 * WINDOW_S + SET_PAD_S + 2.0
"""Samples kept before the gate opens, so the set's first rep and its filter run-in are whole."""
STEP_S = 1.0
"""Longest stretch of a batch handled in one step (seconds)."""
PROBE_S = 0.4
PROBE_AFTER_TURN_S = 0.5
"""Before a set is known, the offline stages run on each turn (at
most every ``update_s``) and then every ``PROBE_S`` for ``PROBE_AFTER_TURN_S`` after it: new
evidence is what they need, and each run costs about the same whatever the window's length
(the stages' fixed cost per call dominates), so the number of runs is the cost. One re-run
0.4 s after the turn catches a rep end that trails its turn; a second one (up to 1 s, as
before) opened no set sooner on the simulated workouts."""
STALL_RESTS = 2.0
"""An open set closes when no rep was announced for this many ``min_rest_s``, even while turns
in its rhythm keep it going."""


class LiveCounter:
    """Count reps from a live stream, batch by batch (see the module notes).

    Parameters
    ----------
    fs_hz : nominal sample rate, Hz.
    exercise : catalog id or ``None`` (generic); ``set_exercise`` changes it for the next set.
    placement : sensor placement.
    min_rest_s : quiet this long closes the set, seconds.
    max_set_s : a set is closed when it gets this long (bounds memory), seconds.
    update_s : before a set is known, run the offline stages at most this often, seconds.
    confirm_s : before a set is known, a rep the offline stages found counts once its end is
        this far behind the newest sample, seconds.
    """

    def __init__(
        self,
        *,
        fs_hz: float,
        exercise: str | None = None,
        placement: str = "wrist",
        min_rest_s: float = 8.0,
        max_set_s: float = 300.0,
        update_s: float = 0.1,
        confirm_s: float = 0.15,
    ) -> None:
        self._profile = exercise_profile(exercise, placement)
        if not np.isfinite(fs_hz) or fs_hz <= 0:
            raise ValueError(f"fs_hz must be a positive sample rate in Hz, got {fs_hz!r}")
        self.fs_hz = float(fs_hz)
        self.placement = placement
        self._exercise = exercise
        self._next_exercise = exercise
        self.min_rest_s, self.max_set_s = min_rest_s, max_set_s
        self.update_s, self.confirm_s = update_s, confirm_s
        self._filter = LiveFilter(fs_hz=fs_hz)
        self._detector = TurnDetector(fs_hz=fs_hz)
        self._recent: deque[Turn] = deque(maxlen=128)  # a long set's turns, for ``_learn``
        # per exercise: its previous set; and the last set, the generic counter's (``generic_memory``)
        self._learnt: dict[str | None, LearntSet] = {}
        self._samples = LiveSamples(fs_hz=self.fs_hz)
        self._gate = ActivityGate(fs_hz=self.fs_hz)
        self._set_index = -1
        self._open_at: float | None = None  # time the activity gate opened
        self._floor_s = -np.inf  # ...before the probes moved it on (a set's look-back stops here)
        self._last_active: float = -np.inf
        self._last_update = -np.inf
        self._grind_probe_s = -np.inf
        self._last_turn_s = -np.inf
        self._recheck_s = np.inf  # a probe's reps would open a set once the newest has settled
        self._set = OpenSet(self._recent, self._samples.gone_s)

    # ---- public -------------------------------------------------------------------------

    @property
    def in_set(self) -> bool:
        """True while the activity gate is open (a set may be under way)."""
        return self._open_at is not None

    def set_exercise(self, exercise: str | None) -> None:
        """Use ``exercise`` from the next set on (``ValueError`` if unknown)."""
        exercise_profile(exercise, self.placement)
        self._next_exercise = exercise
        # at once unless a set is open: a set that closed for want of reps while the wearer still
        # moved leaves the gate open, and the next set (the routine's next exercise) would be
        # counted as the one before it
        if not self._set.started:
            self._use_exercise(exercise)

    def push(
        self, t_s: FloatArray, accel_ms2: FloatArray, gyro_rads: FloatArray | None = None
    ) -> list[LiveEvent]:
        """Feed one batch (times increasing); return the events it completes.

        Rows that are not finite, or not later than the previous sample, are dropped (a live
        stream must not stop on one bad packet; ``LiveSamples.rows``).
        """
        rows = self._samples.rows(t_s, accel_ms2, gyro_rads)
        if rows is None:
            return []
        t = rows[:, 0]
        if t[-1] - t[0] < STEP_S:
            return self._push_rows(rows)
        # a long batch (a client that fell behind sends what queued up) is stepped through in
        # pieces of at most STEP_S, so the gate and the set edges do not depend on batch size
        cuts = np.searchsorted(t, np.arange(t[0] + STEP_S, t[-1], STEP_S), side="right")
        events: list[LiveEvent] = []
        for piece in np.split(rows, cuts):
            if piece.shape[0]:
                events += self._push_rows(piece)
        return events

    def end_set(self) -> list[LiveEvent]:
        """The user says the set is done: close the open set now."""
        if self._open_at is None:
            return []
        return self._close(self._samples.newest_s(), by_user=True)

    def finish(self) -> list[LiveEvent]:
        """The stream ended: close any open set (by the same rule as an automatic close)."""
        if self._open_at is None:
            return []
        return self._close(self._samples.newest_s())

    # ---- internals ----------------------------------------------------------------------

    def _use_exercise(self, exercise: str | None) -> None:
        self._exercise = exercise
        self._profile = exercise_profile(exercise, self.placement)

    def _push_rows(self, rows: FloatArray) -> list[LiveEvent]:
        band = self._filter.push(rows[:, 1:4])
        self._samples.append(rows, band)
        self._gate.push(band)
        turns = self._detector.push(rows[:, 0], rows[:, 1:4])
        self._recent.extend(turns)
        return self._step(float(rows[-1, 0]), turns)

    def _step(self, now: float, turns: list[Turn]) -> list[LiveEvent]:
        act = self._gate.activity(now)
        thr = self._gate.threshold_ms2
        events: list[LiveEvent] = []
        if act > OFF_FRAC * thr and (self._open_at is not None or act > thr):
            self._last_active = now
            if self._open_at is None:
                self._open_at = self._floor_s = now - LEAD_S
        if self._open_at is not None:
            if now - self._last_active >= self.min_rest_s:
                events += self._close(self._last_active + WINDOW_S / 2 + SET_PAD_S)
            elif now - self._open_at >= self.max_set_s:
                events += self._close(now)
            else:
                if turns:
                    self._last_turn_s = now
                # the offline stages run again only on new evidence: a turn not long ago
                fresh = now - self._last_turn_s <= PROBE_AFTER_TURN_S
                due = fresh and now - self._last_update >= (self.update_s if turns else PROBE_S)
                due = due or now >= self._recheck_s
                learnt = recall(self._learnt, self._exercise)
                for turn in turns:
                    if self._set.started:
                        events += self._set.on_turn(self._context(), turn, now)
                    elif learnt is not None:
                        ctx = self._context()
                        events += first_rep(ctx, self._set, self._open_set, self._recent, turn, learnt, now)
                if not self._set.started and learnt is not None and learnt.shape is not None:
                    events += first_rep_along_axis(self._context(), self._set, self._open_set, learnt, now)
                if not self._set.started and due:
                    # no set yet: look back no further than a set's first reps need
                    self._last_update, self._recheck_s = now, np.inf
                    self._open_at = max(self._open_at, self._samples.seen_from(now, self.min_rest_s + LEAD_S))
                    # each rep turns both ways: fewer turns than that cannot hold the reps that
                    # open a set, and the offline stages cost a filter pass over the window
                    opening = self._open_at
                    if sum(u.t_s >= opening for u in self._recent) >= 2 * LIVE_MIN_REPS - 1:
                        events += self._probe(now)
                gone_s = self._samples.gone_s
                no_rep = now - self._set.last_rep_s - gone_s(self._set.last_rep_s, now) >= self.min_rest_s
                # turns in the set's rhythm keep it going without a rep (``_last_rep_s``), but not
                # for long without one announced: moving the sensor to the other wrist between
                # the sides of one-arm rows made such turns one after another, and the two sides
                # read as one live set of 20
                prev_end_s = self._set.prev_end_s
                stalled = now - prev_end_s - gone_s(prev_end_s, now) >= STALL_RESTS * self.min_rest_s
                if self._set.started and not (no_rep or stalled) and now - self._grind_probe_s >= PROBE_S:
                    events += self._grind(now)
                if self._set.started and (no_rep or stalled):
                    # still moving (walking away, fidgeting) but no rep for a rest's length:
                    # the set is over; what follows starts a fresh window. The final analysis
                    # looks one period past the newest live rep: a last rep the live counter
                    # missed (its closing turn never came) stays in the final count
                    newest = self._set.last_rep_s if no_rep else self._set.prev_end_s
                    cut = newest + self._set.rhythm.period_s + SET_PAD_S
                    last_start = self._set.prev_start_s
                    closing = self._close(cut)
                    events += closing
                    false_start = any(isinstance(e, SetEnded) and not e.analysis.count for e in closing)
                    # after a false start (the walk up and the jump to the bar read as reps) the
                    # set may have begun inside its last "rep": the next window starts with that
                    # "rep", or the set's first rep is cut off its final count. Only for a known
                    # lift, which re-checks its rep-ending turn sign in the set (``_recalibrate``):
                    # with the jump in its window the generic counter kept the wrong sign for the
                    # whole set (pull-ups: every rep 1.1 s late)
                    known = self._profile.eccentric_first is not None
                    self._open_at = min(cut, last_start - SET_PAD_S) if false_start and known else cut
                    self._floor_s = self._open_at
        self._trim(now)
        return events

    def _stages(self) -> OfflineStages:
        return OfflineStages(self.fs_hz, self._exercise, self.placement, self.min_rest_s)

    def _set_window(self, t1: float) -> Window:
        """The open set's real samples up to ``t1``."""
        assert self._open_at is not None
        return self._samples.window(self._open_at, t1)

    def _analyse(
        self, t1: float, *, coarse: bool = False, held_ends_s: FloatArray | None = None
    ) -> SetAnalysis:
        """The offline stages on the open set's window (``OfflineStages.analyse``)."""
        return self._stages().analyse(
            self._set_window(t1),
            t1,
            threshold_ms2=self._gate.threshold_ms2,
            coarse=coarse,
            held_ends_s=held_ends_s,
        )

    def _context(self) -> SetContext:
        """What the open set's live reps read of the counter (``OpenSet.on_turn``)."""
        assert self._open_at is not None
        stages = self._stages()
        return SetContext(self._detector, self._samples, self._gate, stages, self._profile, self._open_at)

    def _probe(self, now: float) -> list[LiveEvent]:
        """No set yet: the offline stages on the gate's window (``live_probe.probe``)."""
        learnt = self._learnt.get(self._exercise) if self._exercise is not None else None
        found = probe(
            self._context(), self._set, self._open_set, self._recent, learnt, now, confirm_s=self.confirm_s
        )
        if found.recheck_s is not None:
            self._recheck_s = found.recheck_s
        return found.events

    def _open_set(self, start_s: float) -> SetStarted:
        """A set opens with its first rep starting at ``start_s``."""
        self._set_index += 1
        self._set.open(start_s, self._set_index)
        return SetStarted(start_s, self._set_index, self._exercise)

    def _learn(self, analysis: SetAnalysis) -> None:
        """Remember what the finished set taught about its exercise (``live_learnt.learnt_from``)."""
        learnt = learnt_from(self._set, analysis, self._profile, self._recent, self._samples)
        if learnt is not None:
            remember(self._learnt, self._exercise, learnt)

    def _from_stream_start(self) -> bool:
        """Whether the gate opened before ``LEAD_S`` of the stream had passed: the stream began in
        the set (a recording cut at the set, a sensor connected mid-set), with no quiet before it
        to tell a walk up from the set's first reps, which the stream's start cuts short (so they
        keep neither the set's period nor its size). Its final analysis then starts where the
        stream does, as offline's does on the same recording (``_close``)."""
        return self._floor_s < self._samples.first_s

    def _close(self, t1: float, *, by_user: bool = False) -> list[LiveEvent]:
        assert self._open_at is not None
        if self._set.started and self._from_stream_start():
            # the set's first reps may lie before where the probes moved the window's start on
            self._open_at = min(self._open_at, self._floor_s)
        analysis = self._analyse(t1)
        now = self._samples.newest_s()
        # a ground-out last rep can fall under the gate, past the set's window (``live_grind``)
        analysis = with_slow_end(
            analysis, self._stages(), self._set_window, now, threshold_ms2=self._gate.threshold_ms2
        )
        events: list[LiveEvent] = []
        # a set not opened yet opens now only if it is one: a user's, or enough reps in rhythm
        # that are not an arm's sway (``live_sway``, as the probe asks)
        enough = by_user or analysis.count >= MIN_SET_REPS
        if (
            not self._set.started
            and enough
            and len(rhythm(list(analysis.reps), self._profile.min_rep_s)) >= LIVE_MIN_REPS
            and (by_user or not sway(self._context(), list(analysis.reps), now))
        ):
            events.append(self._open_set(analysis.reps[0].start_s))
        if self._set.started:
            # a stream that began in the set has no quiet before it to learn the rest level from:
            # the offline rules see the quiet that closed the set too
            until = self._samples.newest_s() if self._from_stream_start() else t1
            if not by_user and (
                analysis.count < MIN_SET_REPS
                or not self._stages().finds_a_set(self._set_window(until), min_rep_s=self._profile.min_rep_s)
            ):
                # the offline rules decide whether a set that closed by itself was one: fewer
                # full reps than a set needs, the walk up and the jump to the bar, or phone
                # checks are not a set, and nothing is learnt from them for the next set (nor
                # are the reps its final analysis found announced: the phone would show them
                # only for the set's end to take them back)
                analysis = SetAnalysis(
                    analysis.exercise, analysis.start_s, analysis.end_s, (), (), None, analysis.placement
                )
            events += self._set.announce(list(analysis.reps), analysis, now, confirm_s=self.confirm_s)
            self._learn(analysis)
            events.append(SetEnded(now, self._set_index, analysis))
        self._open_at = None
        self._set = OpenSet(self._recent, self._samples.gone_s)
        self._use_exercise(self._next_exercise)
        self._last_update = -np.inf
        return events

    def _grind(self, now: float) -> list[LiveEvent]:
        """A ground-out last rep announced at its own end, not at the set's close (``live_grind``)."""
        self._grind_probe_s = now
        s = self._set
        found = grind_before_close(
            s.announced,
            s.prev_end_s,
            s.rhythm.period_s,
            self._stages(),
            self._set_window,
            now,
            threshold_ms2=self._gate.threshold_ms2,
        )
        if found is None:
            return []
        # the set closes as it would have (its final analysis looks past the gate for the grind,
        # ``with_slow_end``): a close a rest after the grind cut its window on the re-rack
        last_rep_s = s.last_rep_s
        events = s.announce(list(found.reps), found, now, confirm_s=self.confirm_s)
        s.last_rep_s = last_rep_s
        return events

    def _trim(self, now: float) -> None:
        if self._open_at is None:
            keep_from = now - LEAD_S
        elif self._from_stream_start():
            # the set's final analysis starts where the stream does (``_close``), but the
            # buffer holds no more than a set's longest (``max_set_s``)
            keep_from = min(self._open_at, max(self._floor_s, now - self.max_set_s))
        else:
            keep_from = self._open_at
        self._samples.drop_before(keep_from)
        self._gate.trim()
