"""The streaming counter: batches in, live events out, with bounded memory and latency.

Notes
-----
``LiveFilter`` is the causal twin of the offline band-pass (``sosfilt`` with its ``zi`` state
carried across batches); its moving RMS gates activity like ``find_active_spans`` does offline,
with the same threshold rule over a bounded history. While a set is open, the set's window is
re-analysed with the *offline* ``process_set`` at most every ``update_s`` seconds, so live and
offline run the same stages and agree; a rep is announced once its end lies ``confirm_s``
before the newest sample (the signal has left it). The set opens (``SetStarted``) when its first
``LIVE_MIN_REPS`` reps are confirmed (fewer than offline's ``MIN_SET_REPS``, so the first reps
are announced quickly; a short gesture sequence can therefore open a live set that the offline
analysis drops) and closes after ``min_rest_s`` of quiet, on ``end_set()``,
on ``finish()``, or when it reaches ``max_set_s`` (memory bound); ``SetEnded`` carries the final
analysis of the whole set. Samples older than the open set (or than ``min_rest_s`` when idle)
are dropped.
"""

from __future__ import annotations

import numpy as np
from scipy import signal

from repcount.activity import (
    MAX_ON_MS2,
    MIN_ON_MS2,
    OFF_FRAC,
    ON_FACTOR,
    REST_PERCENTILE,
    WINDOW_S,
    find_active_spans,
)
from repcount.filter import BAND_HZ, GRAVITY_MS2, FloatArray, filter_motion
from repcount.pipeline import MIN_SET_REPS, SET_PAD_S, process_set
from repcount.profiles import exercise_profile
from repcount.types import LiveEvent, PartialRep, Rep, RepCompleted, SetAnalysis, SetEnded, SetStarted

LEAD_S = 2 * WINDOW_S + SET_PAD_S + 2.0
"""Samples kept before the gate opens, so the set's first rep and its filter run-in are whole."""
LIVE_MIN_REPS = 2
STEP_S = 1.0
"""Longest stretch of a batch handled in one step (seconds)."""
HISTORY_S = 600.0
"""Activity history kept to learn the rest level (one value per ``WINDOW_S``)."""


def _settled_s(rep: Rep) -> float:
    """When the rep's movement ended: its end minus its closing pause (which may still be going on)."""
    return rep.end_s - max(rep.pause_top_s, rep.pause_bottom_s)


class LiveFilter:
    """Causal band-pass of 3-axis acceleration with state carried from batch to batch."""

    def __init__(self, *, fs_hz: float) -> None:
        hi = min(BAND_HZ[1], 0.45 * fs_hz)
        self._sos = signal.butter(2, [BAND_HZ[0], hi], btype="bandpass", fs=fs_hz, output="sos")
        self._zi: FloatArray | None = None

    def push(self, accel_ms2: FloatArray) -> FloatArray:
        """Band-passed (n, 3) acceleration for one batch."""
        if accel_ms2.shape[0] == 0:
            return np.zeros((0, 3))
        if self._zi is None:
            zi = signal.sosfilt_zi(self._sos)
            self._zi = zi[:, :, None] * accel_ms2[0][None, None, :]
        out, self._zi = signal.sosfilt(self._sos, accel_ms2, axis=0, zi=self._zi)
        return np.asarray(out)


class _Ring:
    """Growable buffer of rows that drops its oldest rows on demand (amortised O(1) append)."""

    def __init__(self, width: int) -> None:
        self.data = np.zeros((256, width))
        self.n = 0

    def append(self, rows: FloatArray) -> None:
        need = self.n + rows.shape[0]
        if need > self.data.shape[0]:
            grown = np.zeros((max(need, 2 * self.data.shape[0]), self.data.shape[1]))
            grown[: self.n] = self.data[: self.n]
            self.data = grown
        self.data[self.n : need] = rows
        self.n = need

    def drop(self, k: int) -> None:
        k = min(k, self.n)
        if k > 0:
            self.data[: self.n - k] = self.data[k : self.n]
            self.n -= k
        if self.data.shape[0] > 1024 and self.n < self.data.shape[0] // 4:
            self.data = self.data[: max(256, 2 * self.n)].copy()

    def view(self) -> FloatArray:
        return self.data[: self.n]


class LiveCounter:
    """Count reps from a live stream, batch by batch (see the module notes).

    Parameters
    ----------
    fs_hz : nominal sample rate, Hz.
    exercise : catalog id or ``None`` (generic); ``set_exercise`` changes it for the next set.
    placement : sensor placement.
    min_rest_s : quiet this long closes the set, seconds.
    max_set_s : a set is closed when it gets this long (bounds memory), seconds.
    update_s : re-analyse the open set at most this often, seconds.
    confirm_s : announce a rep once its end is this far behind the newest sample, seconds.
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
        exercise_profile(exercise, placement)
        if not np.isfinite(fs_hz) or fs_hz <= 0:
            raise ValueError(f"fs_hz must be a positive sample rate in Hz, got {fs_hz!r}")
        self.fs_hz = float(fs_hz)
        self.placement = placement
        self._exercise = exercise
        self._next_exercise = exercise
        self.min_rest_s, self.max_set_s = min_rest_s, max_set_s
        self.update_s, self.confirm_s = update_s, confirm_s
        self._filter = LiveFilter(fs_hz=fs_hz)
        self._buf = _Ring(7)  # t, ax, ay, az, gx, gy, gz
        self._power = _Ring(1)
        self._history: list[float] = []
        self._has_gyro = False
        self._units_checked = False
        self._set_index = -1
        self._open_at: float | None = None  # time the activity gate opened
        self._last_active: float = -np.inf
        self._announced = 0
        self._partials = 0
        self._started = False
        self._last_update = -np.inf
        self._last_rep_s = -np.inf  # when the open set's newest rep settled
        self._hist_acc = 0.0
        self._hist_n = 0
        self._history_t = -np.inf

    # ---- public -------------------------------------------------------------------------

    @property
    def in_set(self) -> bool:
        """True while the activity gate is open (a set may be under way)."""
        return self._open_at is not None

    def set_exercise(self, exercise: str | None) -> None:
        """Use ``exercise`` from the next set on (``ValueError`` if unknown)."""
        exercise_profile(exercise, self.placement)
        self._next_exercise = exercise
        if self._open_at is None:
            self._exercise = exercise

    def push(
        self, t_s: FloatArray, accel_ms2: FloatArray, gyro_rads: FloatArray | None = None
    ) -> list[LiveEvent]:
        """Feed one batch (times increasing); return the events it completes.

        Rows that are not finite, or not later than the previous sample, are dropped (a live
        stream must not stop on one bad packet).
        """
        t = np.asarray(t_s, dtype=np.float64).reshape(-1)
        a = np.asarray(accel_ms2, dtype=np.float64).reshape(-1, 3)
        if t.shape[0] != a.shape[0]:
            raise ValueError(f"t_s has {t.shape[0]} samples but accel_ms2 has {a.shape[0]}")
        g = None if gyro_rads is None else np.asarray(gyro_rads, dtype=np.float64).reshape(-1, 3)
        if g is not None and g.shape != a.shape:
            raise ValueError(f"gyro_rads must have shape {a.shape} like accel_ms2, got {g.shape}")
        ok = np.isfinite(t) & np.all(np.isfinite(a), axis=1)
        if g is not None:
            ok &= np.all(np.isfinite(g), axis=1)
        last = self._buf.view()[-1, 0] if self._buf.n else -np.inf
        ok &= t > last
        ok[1:] &= np.diff(t) > 0
        t, a = t[ok], a[ok]
        g = g[ok] if g is not None else None
        if t.size == 0:
            return []
        self._has_gyro = self._has_gyro or g is not None
        rows = np.column_stack([t, a, g if g is not None else np.zeros_like(a)])
        # a long batch (a client that fell behind sends what queued up) is stepped through in
        # pieces of at most STEP_S, so the gate and the set edges do not depend on batch size
        cuts = np.searchsorted(t, np.arange(t[0] + STEP_S, t[-1], STEP_S), side="right")
        events: list[LiveEvent] = []
        for piece in np.split(rows, cuts):
            if piece.shape[0]:
                events += self._push_rows(piece)
        return events

    def _push_rows(self, rows: FloatArray) -> list[LiveEvent]:
        self._buf.append(rows)
        if not self._units_checked and self._buf.n >= self.fs_hz:
            self._check_units()
        band = self._filter.push(rows[:, 1:4])
        self._power.append(np.sum(band**2, axis=1, keepdims=True))
        return self._step(float(rows[-1, 0]))

    def end_set(self) -> list[LiveEvent]:
        """The user says the set is done: close the open set now."""
        if self._open_at is None:
            return []
        return self._close(self._buf.view()[-1, 0], by_user=True)

    def finish(self) -> list[LiveEvent]:
        """The stream ended: close any open set (by the same rule as an automatic close)."""
        if self._open_at is None:
            return []
        return self._close(self._buf.view()[-1, 0])

    # ---- internals ----------------------------------------------------------------------

    def _check_units(self) -> None:
        """Once, over the first second: acceleration in m/s² with gravity, or a clear error."""
        self._units_checked = True
        level = float(np.median(np.linalg.norm(self._buf.view()[:, 1:4], axis=1)))
        if not 0.25 * GRAVITY_MS2 <= level <= 4.0 * GRAVITY_MS2:
            hint = " (it looks like g: multiply by 9.80665)" if 0.5 < level < 2.0 else ""
            raise ValueError(
                "acceleration must be in m/s² including gravity; the stream's median magnitude "
                f"is {level:.3g}{hint}"
            )

    def _activity(self) -> float:
        win = max(1, round(WINDOW_S * self.fs_hz))
        p = self._power.view()[-win:, 0]
        return float(np.sqrt(p.mean())) if p.size else 0.0

    def _threshold(self) -> float:
        if not self._history:
            return MIN_ON_MS2
        rest = float(np.percentile(self._history, REST_PERCENTILE))
        return float(np.clip(ON_FACTOR * rest, MIN_ON_MS2, MAX_ON_MS2))

    def _step(self, now: float) -> list[LiveEvent]:
        act = self._activity()
        self._hist_acc += act
        self._hist_n += 1
        if now - self._history_t >= WINDOW_S:
            self._history.append(self._hist_acc / self._hist_n)
            self._hist_acc, self._hist_n = 0.0, 0
            self._history_t = now
            if len(self._history) > HISTORY_S / WINDOW_S:
                del self._history[0]
        thr = self._threshold()
        events: list[LiveEvent] = []
        if act > OFF_FRAC * thr and (self._open_at is not None or act > thr):
            self._last_active = now
            if self._open_at is None:
                self._open_at = now - LEAD_S
        if self._open_at is not None:
            if now - self._last_active >= self.min_rest_s:
                events += self._close(self._last_active + WINDOW_S / 2 + SET_PAD_S)
            elif now - self._open_at >= self.max_set_s:
                events += self._close(now)
            else:
                quiet_for_rest = self._started and now - self._last_rep_s >= self.min_rest_s
                if quiet_for_rest or now - self._last_update >= self.update_s:
                    # (re-analyse before judging the set over: one batch may hold new reps)
                    self._last_update = now
                    if not self._started:
                        # no set yet: look back no further than a set's first reps need
                        self._open_at = max(self._open_at, now - (self.min_rest_s + LEAD_S))
                    events += self._update(now)
                if self._started and now - self._last_rep_s >= self.min_rest_s:
                    # still moving (walking away, fidgeting) but no rep for a rest's length:
                    # the set is over; what follows starts a fresh window
                    cut = self._last_rep_s + SET_PAD_S
                    events += self._close(cut)
                    self._open_at = cut
        self._trim(now)
        return events

    def _window(self, t0: float, t1: float) -> tuple[FloatArray, FloatArray, FloatArray | None]:
        v = self._buf.view()
        sel = (v[:, 0] >= t0) & (v[:, 0] <= t1)
        w = v[sel]
        return w[:, 0], w[:, 1:4], (w[:, 4:7] if self._has_gyro else None)

    def _analyse(self, t1: float) -> SetAnalysis:
        """The offline stages on the open set's window: active span(s) → ``process_set``."""
        assert self._open_at is not None
        t, a, g = self._window(self._open_at, t1)
        lo, hi = 0, t.shape[0]
        if hi > 0:
            spans = find_active_spans(
                filter_motion(t, a, g, fs_hz=self.fs_hz),
                min_rest_s=self.min_rest_s,
                min_set_s=0.0,
                threshold_ms2=self._threshold(),
            )
            if spans.starts.size:
                pad = int(SET_PAD_S * self.fs_hz)
                lo, hi = max(0, int(spans.starts[0]) - pad), min(hi, int(spans.stops[-1]) + pad)
        try:
            return process_set(
                t[lo:hi],
                a[lo:hi],
                None if g is None else g[lo:hi],
                fs_hz=self.fs_hz,
                exercise=self._exercise,
                placement=self.placement,
            )
        except ValueError:
            # units were checked on the first second; a window that still fails validation (a
            # long free fall, a saturated sensor) has no countable reps, and the stream goes on
            t0 = float(t[0]) if t.size else t1
            return SetAnalysis(self._exercise, t0, t1, (), (), None, self.placement)

    def _update(self, now: float) -> list[LiveEvent]:
        analysis = self._analyse(now)
        confirmed = [r for r in analysis.reps if _settled_s(r) <= now - self.confirm_s]
        return self._announce(confirmed, analysis, now)

    def _announce(self, reps: list[Rep], analysis: SetAnalysis, now: float) -> list[LiveEvent]:
        events: list[LiveEvent] = []
        if not self._started:
            if len(reps) < LIVE_MIN_REPS:
                return events
            self._started = True
            self._set_index += 1
            events.append(SetStarted(reps[0].start_s, self._set_index, self._exercise))
        for rep in reps[self._announced :]:
            self._announced += 1
            events.append(RepCompleted(now, self._set_index, self._announced, rep))
        if reps:
            self._last_rep_s = max(self._last_rep_s, _settled_s(reps[-1]))
        partial = [r for r in analysis.partial_reps if _settled_s(r) <= now - self.confirm_s]
        for rep in partial[self._partials :]:
            self._partials += 1
            events.append(PartialRep(now, self._set_index, rep))
        return events

    def _close(self, t1: float, *, by_user: bool = False) -> list[LiveEvent]:
        analysis = self._analyse(t1)
        now = float(self._buf.view()[-1, 0])
        events = self._announce(list(analysis.reps), analysis, now)
        if self._started:
            if analysis.count < MIN_SET_REPS and not by_user:
                # the offline rule: fewer full reps than a set needs is a gesture, not a set
                analysis = SetAnalysis(
                    analysis.exercise, analysis.start_s, analysis.end_s, (), (), None, analysis.placement
                )
            events.append(SetEnded(now, self._set_index, analysis))
        self._open_at = None
        self._started = False
        self._announced = self._partials = 0
        self._last_rep_s = -np.inf
        self._exercise = self._next_exercise
        self._last_update = -np.inf
        return events

    def _trim(self, now: float) -> None:
        keep_from = self._open_at if self._open_at is not None else now - LEAD_S
        v = self._buf.view()
        k = int(np.searchsorted(v[:, 0], keep_from))
        self._buf.drop(k)
        win = max(1, round(WINDOW_S * self.fs_hz))
        self._power.drop(max(0, self._power.n - 2 * win))
