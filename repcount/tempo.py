"""Stage 3: time each rep's phases (tempo E-P-C-P) from its boundaries.

Notes
-----
With ``boundaries`` (``repcount.boundaries.find_boundaries``, what the pipeline uses) the phases
are movement, not signal shape: the first half runs from the rep's motion onset to where it
stops at the turn, the turn pause until the second half starts moving, the second half until it
stops, and the closing pause until the next rep starts (the last rep's closing pause is the set's
median one: rest after the set is not tempo). Without them (the fallback), on the smoothed
counting signal (turns are maxima) a rep runs start-extreme → turn → end-extreme, and around
each extreme the signal *dwells* while it stays within ``DWELL_FRAC`` of the rep's range: that is
a pause. The first moving half is the eccentric for lower-first lifts and the concentric for
pull-first lifts; for the generic counter the faster half of the set's median rep is the
concentric.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from repcount.filter import FloatArray, IntArray
from repcount.profiles import ExerciseProfile
from repcount.rep_boundaries import RepBoundaries
from repcount.segment import RepSegments
from repcount.stats import median

DWELL_FRAC = 0.1
"""Share of the rep's range within which the signal counts as still at an extreme."""


@dataclass(frozen=True, slots=True, eq=False)
class Tempo:
    """Per-rep phase durations (seconds) and rep spans (sample indices), aligned with the segments."""

    begin: IntArray
    """Index where each rep begins (leaves its start dwell)."""
    finish: IntArray
    """Index where each rep ends (leaves its end dwell, capped)."""
    eccentric_s: FloatArray
    pause_bottom_s: FloatArray
    concentric_s: FloatArray
    pause_top_s: FloatArray
    eccentric_first: bool
    """Whether the first moving half of each rep was the eccentric."""
    begin_idx: FloatArray
    """Fractional index where each rep begins (``begin`` before rounding)."""
    finish_idx: FloatArray
    """Fractional index where each rep ends."""
    boundaries: RepBoundaries | None = None
    """The velocity-based boundaries the phases were timed on (``None``: the proxy dwell method)."""

    def __post_init__(self) -> None:
        for arr in (
            self.begin,
            self.finish,
            self.begin_idx,
            self.finish_idx,
            self.eccentric_s,
            self.pause_bottom_s,
            self.concentric_s,
            self.pause_top_s,
        ):
            arr.flags.writeable = False


def _dwell(y: FloatArray, i: int, level: float, lo: int, hi: int, *, above: bool) -> tuple[int, int]:
    """Span [a, b] around ``i`` (within [lo, hi]) where y stays beyond ``level``."""
    a = i
    while a > lo and ((y[a - 1] >= level) if above else (y[a - 1] <= level)):
        a -= 1
    b = i
    while b < hi and ((y[b + 1] >= level) if above else (y[b + 1] <= level)):
        b += 1
    return a, b


def measure_tempo(
    segments: RepSegments,
    *,
    fs_hz: float,
    profile: ExerciseProfile,
    boundaries: RepBoundaries | None = None,
    dwell_empty: bool = False,
) -> Tempo:
    """Time the phases of every rep in ``segments`` (see the module notes).

    Parameters
    ----------
    segments : output of ``segment_reps`` for the window.
    fs_hz : sample rate, Hz.
    profile : gives which half comes first (``eccentric_first``).
    boundaries : ``find_boundaries`` on the same window; when given, the phases are the
        velocity lobes and the gaps between them (the module notes of ``repcount.boundaries``),
        otherwise the dwell method on the position proxy.
    dwell_empty : a rep the velocity lobes leave no span (its onset at its finish) is timed on
        the dwells instead (a set found in a recording, whose counted reps are reported); the
        live counter's probes keep it empty, as a sign the cycle is no rep.

    Returns
    -------
    Tempo with one entry per rep candidate.
    """
    if boundaries is not None and boundaries.onset.size == segments.turns.size:
        return _tempo_from_boundaries(
            segments, boundaries, fs_hz=fs_hz, profile=profile, dwell_empty=dwell_empty
        )
    begin, finish, first, turn_pause, second, end_pause = _dwell_phases(
        segments, fs_hz, np.arange(segments.turns.size)
    )
    spans = (begin, finish, begin.astype(np.float64), finish.astype(np.float64))
    return _package(*spans, first, turn_pause, second, end_pause, segments, profile, None)


def _dwell_phases(
    segments: RepSegments, fs_hz: float, reps: IntArray
) -> tuple[IntArray, IntArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """The dwell method's begin, finish (samples) and four phases (s) of the reps ``reps``."""
    y = segments.position
    k = reps.size
    begin = np.zeros(k, dtype=np.intp)
    finish = np.zeros(k, dtype=np.intp)
    first = np.zeros(k)
    turn_pause = np.zeros(k)
    second = np.zeros(k)
    end_pause = np.zeros(k)
    cap = max(1, int(0.5 * segments.period_s * fs_hz))
    n = y.shape[0]
    for i, j in enumerate(reps.tolist()):
        s, t, e = int(segments.starts[j]), int(segments.turns[j]), int(segments.ends[j])
        rng = float(segments.range_ms2[j])
        _sd0, sd1 = _dwell(y, s, y[s] + DWELL_FRAC * rng, max(0, s - cap), t, above=False)
        td0, td1 = _dwell(y, t, y[t] - DWELL_FRAC * rng, s, e, above=True)
        ed0, ed1 = _dwell(y, e, y[e] + DWELL_FRAC * rng, t, min(n - 1, e + cap), above=False)
        # on a flat rep the dwells can overlap: keep the four boundaries in order
        td0 = max(td0, sd1)
        td1 = max(td1, td0)
        ed0 = max(ed0, td1)
        ed1 = max(ed1, ed0)
        begin[i], finish[i] = sd1, ed1
        first[i] = (td0 - sd1) / fs_hz
        turn_pause[i] = (td1 - td0) / fs_hz
        second[i] = (ed0 - td1) / fs_hz
        end_pause[i] = (ed1 - ed0) / fs_hz
    return begin, finish, first, turn_pause, second, end_pause


def _tempo_from_boundaries(
    segments: RepSegments, b: RepBoundaries, *, fs_hz: float, profile: ExerciseProfile, dwell_empty: bool
) -> Tempo:
    turn_in, turn_out, settle = b.turn_in, b.turn_out, b.settle
    if b.moving_settle is not None:
        settle = np.where(np.isnan(b.moving_settle), b.settle, np.minimum(b.moving_settle, b.finish))
    if b.moving_turn is not None:
        # the sensor moves on between the lobes: no turn pause (``repcount.lobes.moving_turns``)
        moving = ~np.isnan(b.moving_turn)
        turn_in = np.where(moving, np.clip(b.moving_turn, b.onset, settle), b.turn_in)
        turn_out = np.where(moving, turn_in, b.turn_out)
    first = (turn_in - b.onset) / fs_hz
    turn_pause = (turn_out - turn_in) / fs_hz
    second = (settle - turn_out) / fs_hz
    end_pause = (b.finish - settle) / fs_hz
    last = max(0, segments.position.shape[0] - 1)
    begin = np.clip(np.rint(b.onset), 0, last).astype(np.intp)
    finish = np.clip(np.rint(b.finish), 0, last).astype(np.intp)
    begin_idx, finish_idx = b.onset.copy(), b.finish.copy()
    # A rep the velocity lobes leave no span (its onset at its finish: an edge rep whose lobes
    # the window's edge or a neighbour took) is timed on the position proxy's dwells instead, as
    # when no boundaries are given: a set found in a recording never reports a counted rep with
    # zero duration. (Live, such a span tells a probe the cycle is no rep: timed on the dwells,
    # a cycle of getting off a pull-up bar opened a set that closed with none.)
    empty = (finish_idx - begin_idx < 1.0).nonzero()[0] if dwell_empty else np.zeros(0, np.intp)
    if empty.size:
        begin[empty], finish[empty], first[empty], turn_pause[empty], second[empty], end_pause[empty] = (
            _dwell_phases(segments, fs_hz, empty)
        )
        begin_idx[empty], finish_idx[empty] = begin[empty], finish[empty]
    return _package(
        begin,
        finish,
        begin_idx,
        finish_idx,
        first,
        turn_pause,
        second,
        end_pause,
        segments,
        profile,
        b,
    )


def _package(
    begin: IntArray,
    finish: IntArray,
    begin_idx: FloatArray,
    finish_idx: FloatArray,
    first: FloatArray,
    turn_pause: FloatArray,
    second: FloatArray,
    end_pause: FloatArray,
    segments: RepSegments,
    profile: ExerciseProfile,
    b: RepBoundaries | None,
) -> Tempo:
    """Name the halves: which one is the eccentric comes from the profile (or the set's timing)."""
    k = begin.size
    ecc_first = profile.eccentric_first
    if ecc_first is None:
        full = segments.counted if segments.counted.any() else np.ones(k, dtype=bool)
        ecc_first = bool(k == 0 or median(first[full]) >= median(second[full]))
    if ecc_first:
        return Tempo(begin, finish, first, turn_pause, second, end_pause, True, begin_idx, finish_idx, b)
    return Tempo(begin, finish, second, end_pause, first, turn_pause, False, begin_idx, finish_idx, b)
