"""One window known to be a set: ``process_set``, and the set-level stages ``analyze_recording``
shares with it (``segment_window``: the reps and their slow and fading last ones counted;
``finish_set``: boundaries, tempo, flags, reps and summary of a segmented window)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from repcount.boundaries import find_boundaries
from repcount.edge_turns import EdgeTurns, drop_turning_edges
from repcount.filter import (
    FilteredMotion,
    FloatArray,
    IntArray,
    fill_gaps,
    filter_motion,
    filter_valid_motion,
    validate_motion,
)
from repcount.gc_pause import gc_paused
from repcount.grinding import count_grinding_reps
from repcount.momentum import flag_momentum
from repcount.pose import pose
from repcount.profiles import ExerciseProfile, exercise_profile
from repcount.reps import build_reps, setup_cycles_off_axis
from repcount.segment import RepSegments, segment_reps
from repcount.slow_tail import count_slow_tail
from repcount.summary import summarise_set
from repcount.tempo import measure_tempo
from repcount.tilt_tail import count_tilted_tail
from repcount.travel_tail import count_travel_tail
from repcount.types import SetAnalysis
from repcount.whole_edges import count_whole_edges


@gc_paused
def process_set(
    t_s: FloatArray,
    accel_ms2: FloatArray,
    gyro_rads: FloatArray | None = None,
    *,
    fs_hz: float,
    exercise: str | None = None,
    placement: str = "wrist",
    set_edges: bool = True,
    held_ends_s: FloatArray | None = None,
) -> SetAnalysis:
    """Count, time and flag the reps of a window known to be one set.

    Parameters
    ----------
    t_s : (n,) sample times, seconds, strictly increasing.
    accel_ms2 : (n, 3) acceleration in m/s² including gravity, any orientation.
    gyro_rads : (n, 3) angular rate in rad/s, optional.
    fs_hz : sample rate, Hz.
    exercise : catalog id, or ``None`` for the generic counter.
    placement : ``"wrist"``, ``"bar"``, ``"handle"`` or ``"torso"``.
    set_edges : the window holds the set's first and last rep (False for a window cut from
        inside a set, such as the live counter's neighbourhood of a rep: the edge reps then say
        nothing about where reps start, and a known lift's phase order alone decides).
    held_ends_s : times (s) where reps of this set counted before ended (the live counter's
        announced reps); the generic counter counts the window in the polarity whose rep ends
        lie there (``held_polarity``), as a known lift's phase order holds it.

    Returns
    -------
    SetAnalysis with counted reps, partial reps and the summary.

    Notes
    -----
    fill_gaps → filter_motion → segment_reps → find_boundaries → measure_tempo → flag_momentum →
    build_reps → summarise_set.

    Examples
    --------
    >>> from firmware_sim import RepScenario, simulate
    >>> rec = simulate(RepScenario(exercise="barbell_row", reps=8, seed=1), fs_hz=50.0)
    >>> process_set(rec.t_s, rec.accel_ms2, fs_hz=50.0, exercise="barbell_row").count
    8
    """
    profile = exercise_profile(exercise, placement)
    t, a, g, observed = fill_gaps(*validate_motion(t_s, accel_ms2, gyro_rads, fs_hz=fs_hz), fs_hz=fs_hz)
    motion = _filter(t, a, g, fs_hz, observed)
    held = None if held_ends_s is None else np.searchsorted(t, np.asarray(held_ends_s, dtype=np.float64))
    if held is not None:
        held = held[(held > 0) & (held < t.size)]
    segments = segment_window(motion, profile, pose(a, fs_hz), set_edges=set_edges, held_ends=held)
    return finish_set(motion, segments, profile, a, g, set_edges=set_edges)


def _filter(
    t: FloatArray, a: FloatArray, g: FloatArray | None, fs_hz: float, observed: NDArray[np.bool_] | None
) -> FilteredMotion:
    """``filter_motion`` of samples validated before ``fill_gaps``: checked again only where
    samples were filled in (the filled ones are new)."""
    if observed is not None:
        return filter_motion(t, a, g, fs_hz=fs_hz, observed=observed)
    return filter_valid_motion(t, a, fs_hz=fs_hz)


def segment_window(
    motion: FilteredMotion,
    profile: ExerciseProfile,
    tilt: FloatArray,
    *,
    set_edges: bool = True,
    rest_s: float | None = None,
    held_ends: IntArray | None = None,
) -> RepSegments:
    """The reps of a window, its slow reps counted (``grinding``, ``slow_tail``; ``tilt``: its pose)
    and, on a window holding the set's end, a fading last rep at the wrist (``tilt_tail``) and a
    ground-out one on its travel (``travel_tail``)."""
    seg = segment_reps(
        motion.motion_ms2,
        fs_hz=motion.fs_hz,
        profile=profile,
        band_ms2=motion.band_ms2,
        observed=motion.observed,
        set_edges=set_edges,
        pose_ms2=tilt,
        rest_s=rest_s,
        held_ends=held_ends,
    )
    seg = count_grinding_reps(seg, tilt, profile.count_frac)
    seg = count_slow_tail(seg, tilt, profile.count_frac)
    if set_edges and profile.placement == "wrist":
        seg = count_tilted_tail(seg, tilt, profile.count_frac)
    if set_edges:
        place, frac = profile.placement, profile.partial_frac
        seg = count_travel_tail(seg, tilt, fs_hz=motion.fs_hz, placement=place, partial_frac=frac)
    return seg


def finish_set(
    motion: FilteredMotion,
    segments: RepSegments,
    profile: ExerciseProfile,
    accel_ms2: FloatArray | None,
    gyro_rads: FloatArray | None,
    *,
    set_edges: bool = True,
    turns: EdgeTurns | None = None,
    in_recording: bool = False,
) -> SetAnalysis:
    """boundaries → tempo → momentum → reps → summary of a segmented set window (``set_edges``
    as in ``process_set``; ``turns``: the window's ``edge_turns``, if already built;
    ``in_recording``: a set found in a recording, whose setup cycles off the set's axis are not
    partial reps — ``process_set`` keeps them for the live counter, as
    ``pipeline._without_twitches`` says)."""
    fs_hz = motion.fs_hz
    if set_edges:
        segments = drop_turning_edges(segments, gyro_rads, fs_hz, turns=turns)
    bounds = find_boundaries(
        motion,
        segments,
        accel_ms2,
        gyro_rads,
        eccentric_first=profile.eccentric_first,
        placement=profile.placement,
    )
    if set_edges:
        whole = count_whole_edges(
            segments, bounds, placement=profile.placement, partial_frac=profile.partial_frac
        )
        if not np.array_equal(whole.counted, segments.counted):
            if accel_ms2 is not None:
                # the rep counted on its travel was the last before a grind (``travel_tail``)
                place, frac = profile.placement, profile.partial_frac
                tilt = pose(np.asarray(accel_ms2, dtype=np.float64), fs_hz)
                whole = count_travel_tail(whole, tilt, fs_hz=fs_hz, placement=place, partial_frac=frac)
            # on a bar or handle the phases are timed on the counted reps' drift anchors: an edge
            # rep just counted on its travel (a slow pull-first grind) was timed on a velocity
            # left drifting there, and read a sliver of a concentric
            bounds = find_boundaries(
                motion,
                whole,
                accel_ms2,
                gyro_rads,
                eccentric_first=profile.eccentric_first,
                placement=profile.placement,
            )
        segments = whole
    tempo = measure_tempo(segments, fs_hz=fs_hz, profile=profile, boundaries=bounds, dwell_empty=in_recording)
    flags = flag_momentum(
        motion,
        segments,
        tempo,
        profile=profile,
        accel_ms2=accel_ms2,
        gyro_rads=gyro_rads,
        set_edges=set_edges,
    )
    setup = setup_cycles_off_axis(motion, segments) if in_recording else None
    reps, partial = build_reps(
        motion, segments, tempo, flags, placement=profile.placement, set_edges=set_edges, setup=setup
    )
    t0, t1 = (float(motion.t_s[0]), float(motion.t_s[-1])) if motion.t_s.size else (0.0, 0.0)
    start, end = (reps[0].start_s, reps[-1].end_s) if reps else (t0, t1)
    summary = summarise_set(reps, partial)
    return SetAnalysis(profile.exercise, start, end, reps, partial, summary, profile.placement)


def count_reps(accel_ms2: FloatArray, *, fs_hz: float, exercise: str | None = None) -> int:
    """Shortcut: reps in a window known to be one set (timestamps made up from ``fs_hz``)."""
    a = np.asarray(accel_ms2, dtype=np.float64)
    return process_set(np.arange(a.shape[0]) / fs_hz, a, fs_hz=fs_hz, exercise=exercise).count
