"""Assemble ``Rep`` results from the stage outputs of one window (no signal math beyond velocity)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from repcount.filter import FilteredMotion
from repcount.kept_reps import axis_share
from repcount.momentum import MomentumFlags
from repcount.rep_boundaries import BAR_PLACEMENTS
from repcount.segment import RepSegments
from repcount.spans import gather
from repcount.stats import median
from repcount.tempo import Tempo
from repcount.types import Rep

PARTIAL_AXIS_MARGIN = 0.1
"""A partial rep's share of energy on the set's axis is at most this much under the least on-axis
counted rep's. The simulator's partial reps (every exercise and placement, 2 seeds) read at most
0.04 under it; the cycles of sitting down to a seated cable row with the handle 0.15-0.21 under
and the arms let drop after a wrist deadlift 0.34 under, and they were reported as partial reps
(their range 0.35-0.38 of a rep's, where the simulator's partial reps read 0.39-0.6)."""


def _mean_velocity(accel_ms2: np.ndarray, fs_hz: float) -> float:
    """Mean |velocity| over a phase that starts and ends at rest (linear drift removed), m/s."""
    if accel_ms2.size < 2:
        return 0.0
    v = np.cumsum(accel_ms2) / fs_hz
    v = v - np.linspace(0.0, v[-1], v.size)
    return float(np.mean(np.abs(v)))


def _times_at(t_s: np.ndarray, idx: np.ndarray, fs_hz: float) -> list[float]:
    """Times at fractional sample indices; past either end of the window, at the sample rate
    (a rep whose last eccentric the window cut short ends after the window)."""
    last = t_s.size - 1
    inside = np.interp(idx, np.arange(t_s.size), t_s) if t_s.size else np.zeros(idx.shape)
    after = t_s[last] + (idx - last) / fs_hz if t_s.size else idx
    before = t_s[0] + idx / fs_hz if t_s.size else idx
    return np.where(idx > last, after, np.where(idx < 0, before, inside)).tolist()  # type: ignore[no-any-return]


def _peaks(x: np.ndarray, begin: np.ndarray, finish: np.ndarray) -> list[float]:
    """max |x| over each span of samples [begin, finish] (inclusive, non-empty)."""
    if begin.size == 0:
        return []
    return np.max(gather(np.abs(x), begin, finish, 0.0), axis=1).tolist()  # type: ignore[no-any-return]


def setup_cycles_off_axis(motion: FilteredMotion, segments: RepSegments) -> np.ndarray:
    """Which uncounted cycles before the set's first counted rep or after its last move off the
    set's axis: sitting down with a cable handle, reaching for the bar, letting the arms drop.

    A rep cut short is the same movement as the set's reps, stopped early, so the share of its
    band-passed energy on the set's principal axis is as high as theirs; a cycle whose share is
    more than ``PARTIAL_AXIS_MARGIN`` below the least on-axis counted rep's is the setup, not a
    partial rep (the segmenter drops such cycles from the set's edges for the same reason,
    ``kept_reps._on_axis_core``)."""
    counted = segments.counted
    out = np.zeros(counted.size, dtype=bool)
    if not counted.any() or motion.band_ms2.shape[0] != motion.motion_ms2.shape[0]:
        return out
    share = axis_share(motion.motion_ms2, motion.band_ms2)(segments.starts, segments.ends)
    idx = counted.nonzero()[0]
    at = np.arange(counted.size)
    outside = (at < idx[0]) | (at > idx[-1])
    return np.asarray(outside & (share < float(np.min(share[counted])) - PARTIAL_AXIS_MARGIN))


def build_reps(
    motion: FilteredMotion,
    segments: RepSegments,
    tempo: Tempo,
    flags: MomentumFlags,
    *,
    placement: str,
    set_edges: bool = True,
    setup: np.ndarray | None = None,
) -> tuple[tuple[Rep, ...], tuple[Rep, ...]]:
    """Counted reps and partial reps, on the window's own clock (``motion.t_s``); ``set_edges``
    as in ``process_set``; the uncounted cycles ``setup`` marks (``setup_cycles_off_axis``) are
    neither."""
    t = motion.t_s
    full: list[Rep] = []
    partial: list[Rep] = []
    bounds = tempo.boundaries
    timed = bounds is not None and bounds.excursion.size == segments.turns.size
    inferred = segments.inferred if segments.inferred is not None else np.zeros(segments.turns.size, bool)
    seen = segments.counted & ~inferred
    # a rep done during a sensor dropout gets the set's typical tempo (nothing was measured)
    typical = [
        median(x[seen]) if seen.any() else 0.0
        for x in (tempo.eccentric_s, tempo.pause_bottom_s, tempo.concentric_s, tempo.pause_top_s)
    ]
    # A rep whose travel is partial is not counted where the travel measures the range: on a bar
    # or handle (the bar's own path, no tilt mixed in; what velocity-based devices count on) or
    # on the gyro (the limb's angle). At the set's first and last rep, where one half's travel
    # merges into the walk-up or the re-rack, the flag reads the half that faces the set
    # (``edge_travel.edge_travel``): a cycle of the setup or the reach travels on its outer half only.
    travel_decides: set[int] = set()
    if bounds is not None and timed and bounds.measures_range(placement):
        travel_decides = set(
            segments.counted.nonzero()[0][slice(None) if set_edges else slice(1, -1)].tolist()
        )
    starts = _times_at(t, tempo.begin_idx, motion.fs_hz)
    ends = _times_at(t, tempo.finish_idx, motion.fs_hz)
    peaks = _peaks(motion.motion_ms2, tempo.begin, tempo.finish)
    phases = [
        x.tolist() for x in (tempo.eccentric_s, tempo.pause_bottom_s, tempo.concentric_s, tempo.pause_top_s)
    ]
    # range: as the partial cue read it (``MomentumFlags.range_frac``)
    k = segments.turns.size
    fracs = list(flags.range_frac) if len(flags.range_frac) == k else [1.0] * k
    counted, gone = segments.counted.tolist(), inferred.tolist()
    for j in range(segments.turns.size):
        velocity = None
        if placement in BAR_PLACEMENTS:
            a, b = (
                (int(tempo.begin[j]), int(segments.turns[j]))
                if not tempo.eccentric_first
                else (int(segments.turns[j]), int(segments.ends[j]))
            )
            if bounds is not None and timed:
                span = (
                    (bounds.onset, bounds.turn_in)
                    if not tempo.eccentric_first
                    else (bounds.turn_out, bounds.settle)
                )
                a, b = max(0, round(span[0][j])), min(motion.t_s.size - 1, round(span[1][j]))
            velocity = _mean_velocity(motion.motion_ms2[a : b + 1], motion.fs_hz)
        rep = Rep(
            start_s=starts[j],
            end_s=ends[j],
            eccentric_s=phases[0][j],
            pause_bottom_s=phases[1][j],
            concentric_s=phases[2][j],
            pause_top_s=phases[3][j],
            flags=flags.flags[j],
            reasons=flags.reasons[j],
            range_frac=fracs[j],
            peak_accel_ms2=peaks[j],
            mean_concentric_velocity_ms=velocity,
        )
        if gone[j]:
            # placed by the set's rhythm (``gap_reps``): the phase boundaries found on the
            # filled-in samples mean nothing
            ecc, p_bottom, conc, p_top = typical
            start = float(t[min(int(segments.starts[j]), t.size - 1)])
            rep = replace(
                rep,
                start_s=start,
                end_s=start + ecc + p_bottom + conc + p_top,
                eccentric_s=ecc,
                pause_bottom_s=p_bottom,
                concentric_s=conc,
                pause_top_s=p_top,
                flags=(),
                reasons=(),
                range_frac=1.0,
                peak_accel_ms2=0.0,
                mean_concentric_velocity_ms=None,
                inferred=True,
            )
        if counted[j] and not (j in travel_decides and "partial" in rep.flags):
            full.append(rep)
        elif setup is None or not setup[j]:
            partial.append(rep)
    return tuple(full), tuple(partial)
