"""The offline stages as the live counter runs them: on windows of its samples, never raising.

A window is (t, accel, gyro or ``None``) of real samples (``LiveSamples.window``). A window
that fails validation (a long free fall, a saturated sensor) has no countable reps: the stream
goes on (units were checked on the stream's first second).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from repcount.activity import find_active_spans
from repcount.filter import FloatArray, filter_bands, validate_motion
from repcount.live_rhythm import slower_than_walking
from repcount.pipeline import SET_PAD_S, analyze_recording, process_set, reps_that_move_like_reps
from repcount.types import Rep, SetAnalysis

Window = tuple[FloatArray, FloatArray, FloatArray | None]
"""Times (s), acceleration (m/s²) and gyro rates (rad/s, or ``None``) of a window's real samples."""

COARSE_HZ = 80.0
"""From this sample rate on, the offline stages run at half the rate before a set is known and
on each rep's neighbourhood (their cost is proportional to the samples); never for the set's
final analysis."""


@dataclass(frozen=True, slots=True)
class OfflineStages:
    """The offline stages for the live counter's exercise, placement and rest."""

    fs_hz: float
    exercise: str | None
    placement: str
    min_rest_s: float

    def process(
        self,
        window: Window,
        t1: float,
        *,
        coarse: bool = False,
        set_edges: bool = True,
        held_ends_s: FloatArray | None = None,
    ) -> SetAnalysis:
        """``process_set`` on a window; ``coarse`` at half the rate when the stream is fast
        (``COARSE_HZ``): the probe and each rep's neighbourhood, not the set's final analysis;
        ``set_edges`` False for a window cut from inside the set (a rep's neighbourhood);
        ``held_ends_s`` where the set's announced reps ended (the generic counter's polarity,
        ``held_polarity``)."""
        t, a, g = window
        fs = self.fs_hz
        if coarse and fs >= COARSE_HZ and t.size >= 2:
            # two samples averaged into one (a 2-tap low-pass, then half the rate): the offline
            # stages' bands end at 4 Hz and their flag cues at 8 Hz, far below the new Nyquist
            m = t.size - t.size % 2
            t = 0.5 * (t[0:m:2] + t[1:m:2])
            a = 0.5 * (a[0:m:2] + a[1:m:2])
            g = None if g is None else 0.5 * (g[0:m:2] + g[1:m:2])
            fs = fs / 2
        try:
            return process_set(
                t,
                a,
                g,
                fs_hz=fs,
                exercise=self.exercise,
                placement=self.placement,
                set_edges=set_edges,
                held_ends_s=held_ends_s,
            )
        except ValueError:
            t0 = float(t[0]) if t.size else t1
            return SetAnalysis(self.exercise, t0, t1, (), (), None, self.placement)

    def analyse(
        self,
        window: Window,
        t1: float,
        *,
        threshold_ms2: float,
        coarse: bool = False,
        held_ends_s: FloatArray | None = None,
        through_s: float | None = None,
    ) -> SetAnalysis:
        """The offline stages on the open set's window: active span(s) (at the live gate's
        ``threshold_ms2``) → ``process_set`` (``held_ends_s`` as ``process``); the span's end runs
        on to ``through_s`` at least (a ground-out last rep under the gate, ``live_grind``)."""
        t, a, g = window
        lo, hi = 0, t.shape[0]
        if hi > 0:
            spans = find_active_spans(
                filter_bands(*validate_motion(t, a, g, fs_hz=self.fs_hz)[:2], fs_hz=self.fs_hz),
                min_rest_s=self.min_rest_s,
                min_set_s=0.0,
                threshold_ms2=threshold_ms2,
            )
            if spans.starts.size:
                pad = int(SET_PAD_S * self.fs_hz)
                lo, hi = max(0, int(spans.starts[0]) - pad), min(hi, int(spans.stops[-1]) + pad)
            if through_s is not None:
                hi = max(hi, int(np.searchsorted(t, through_s, side="right")))
        return self.process(
            (t[lo:hi], a[lo:hi], None if g is None else g[lo:hi]), t1, coarse=coarse, held_ends_s=held_ends_s
        )

    def finds_a_set(self, window: Window, *, min_rep_s: float) -> bool:
        """Whether ``analyze_recording`` finds a set in the open set's window (its rules for what
        is a set: activity, ``MIN_SET_REPS`` reps, one rhythm, reps that move like reps at the
        wrist) whose reps are slower than walking (``live_rhythm.slower_than_walking``)."""
        t, a, g = window
        if t.size < 2:
            return False
        try:
            found = analyze_recording(
                t,
                a,
                g,
                fs_hz=self.fs_hz,
                exercise=self.exercise,
                placement=self.placement,
                min_rest_s=self.min_rest_s,
            )
        except ValueError:
            return False
        # ...slower than walking, as a live set must open
        return any(slower_than_walking(s.reps, min_rep_s) for s in found.sets)

    def from_first_rep_like(self, window: Window, reps: list[Rep]) -> list[Rep]:
        """``reps`` from the first that moves like a rep (``pipeline.reps_that_move_like_reps``):
        a raise before a hold (reaching up to the bar, checking the phone) is not a set's rep."""
        t, a, _ = window
        like = reps_that_move_like_reps(t, a, reps, self.placement, fs_hz=self.fs_hz)
        return reps[int(np.argmax(like)) :] if like.any() else []
