"""Stage 2b: place each rep's phase boundaries on a velocity track (motion onset, turns, settle).

The result, ``RepBoundaries``, and what its travel measures are in ``repcount.rep_boundaries``.

Notes
-----
``segment_reps`` places reps on a band-passed acceleration proxy, whose extremes lag or lead
the true turn points by a few tenths of a second. Phases are defined by *movement*: a phase
runs from the instant the load leaves rest (velocity leaves zero) to the instant it stops
again, and a pause is the time it stays stopped. So this stage builds a velocity track and
times the two velocity lobes of every rep (one per half), in this order:

1. Candidates, each made only from the window's own samples:
   ``"gyro"`` — angular rate on the gyro's principal axis, bias removed (the segment rotates
   with the lift at the wrist, on the torso, and whenever the lift path is an arc);
   ``"accel"`` — the principal-axis acceleration integrated once, its drift first removed by a
   zero-phase high-pass at ``DRIFT_CYCLES`` × the rep rate;
   ``"tilt"`` — the time derivative of the principal-axis acceleration (at the wrist without a
   gyro the counting signal is mostly gravity tilting with the forearm, i.e. a position).
2. The candidate kept is the one whose sign best follows the rep's halves (each half of a rep
   is one-signed in true velocity; an acceleration has two lobes per half and a position is
   one-signed across a whole rep): the ``purity`` ``(Σv₁ − Σv₂) / (Σ|v₁| + Σ|v₂|)``, median
   over the full reps. A gyro below ``MIN_GYRO_RADS`` (a rigid bar) is not a candidate.
3. (``repcount.lobes``, every rep at once.) Each half's lobe is its velocity peak (within
   ``REACH_PERIODS`` of the other half's). Each flank is timed where |v| crosses ``EDGE_FRAC``
   and ``SHAPE_FRAC`` of the peak (steep there, so noise moves them little) and extrapolated to
   zero velocity with the minimum-jerk profile of a human point-to-point movement (Flash &
   Hogan 1985), each flank on its own. A flank cut by the window's edge mirrors the other one.
4. Between two lobes: a gap of ``MIN_PAUSE_S`` or more is a pause; a shorter one is a joint,
   placed at the start of the following lobe (onsets are sharp; the end of a drive has a long
   low-velocity tail). A bump and dip of velocity between the lobes is a rebound off the bottom
   (``repcount.lobes._rebound``): the eccentric ends where the velocity changes sign. A closing
   gap longer than ``MAX_PAUSE_FRAC`` of the period ends the set (or a run of reps), and that
   rep, like the last, gets the set's median closing pause.
   A turn gap in which |v| comes back to ``lobes.MOVING_FRAC`` of the smaller peak is no pause
   for the tempo (the body's swing carries the sensor on): ``moving_turn``, where the first
   lobe's fall ends, and such a rep's closing gap that moves ends at the next onset
   (``moving_settle``; ``repcount.lobes.moving_turns``).
5. ``"accel"`` only, second pass: the raw principal-axis acceleration (no band-pass edge to
   bend a slow last eccentric) integrated once, its drift removed piecewise-linearly through the
   middle of every pause or joint (both ends of a rebound) and the stillest 0.2 s before the
   first and after the last rep (``drift_anchors.drift_anchors``); then step 3-4 again.
6. ``"accel"`` only, the travel (``excursion``): the same drift removal with each joint's
   anchor moved to where the velocity changes sign (``drift_anchors.joints_at_zero``), read with the drift
   removed through its two neighbouring anchors. The phases and the edge reps' halves
   (``half_travel``) stay on the velocity of step 5 (timed on the moved anchors, the phase
   boundaries' p95 grew by 20-25 ms; the edge halves read so took heavy sets on a bar from
   71.4 / 75.9 / 68.8 to 66.1 / 74.1 / 63.4 % exact). A rep ends where it started (the bar
   back on the floor, the handle back at the stack), so its travel is the range of the path
   integrated over the rep (onset to settle) with the linear trend that brings it back to its
   start taken off (``_returning_range``): a constant velocity offset left by the drift removal
   (an anchor pinned where the next rep's drive is already under way) drifts the path linearly
   and is taken off whole. The mean of the two halves' travel cancels such an offset only when
   the halves last alike: a partial rep's 1.8 s eccentric read 0.37-0.49 m where it and its
   0.9 s concentric moved 0.27-0.33 m (simulator), and the rep 0.70-0.71 of the set's.
7. ``unturned``: a gyro was read and the set's median rep peaks under ``MIN_GYRO_RADS`` on its
   principal axis. The sensor then moves without turning (a bar; at the wrist, a deadlift's
   hanging arms: 0.07 rad/s in the simulator, 0.3 for a squat's), gravity's share of the
   accelerometer's axis holds still, and the accelerometer's travel is the sensor's path, as on
   a bar (``travel_measures_range``).
8. ``"accel"`` on a bar or handle (or ``unturned``, note 7) only, the phases (not the travel,
   the edge halves or the velocity returned, which stay on steps 5-6) are timed again on the
   counted reps' own anchors: an uncounted cycle at the set's edge (the unrack, the re-rack) is
   no rep, and its joint with the set is not where the load stopped; after the last rep, on the
   first still 0.2 s (``STILL_NOISE``). Simulator: the last rep's second half ended 0.1-0.34 s
   early on squats, bench presses and rows.
9. Then, there too, the first counted rep's turn when it is a joint: nothing before the set
   anchors the first pass's drift (its zero-phase high-pass pulls the rest before the first rep
   off zero), so that joint is placed early and, pinned there, the first half ends early
   (simulator: 0.1-0.18 s on pull-first lifts and presses on a bar). Its anchor moves to the
   velocity's sign change as in note 6 and the phases are timed once more. At the wrist neither
   runs (the integrated acceleration carries the forearm's tilt, its sign change is not the
   load's turn: a squat's second rep read as swung, and the live counter's false starts rose),
   unless the reps do not turn the sensor (``unturned``, note 7: a deadlift's hanging arms), whose
   accelerometer then reads the load's path as on a bar. Simulator, 6 seeds: the wrist
   deadlifts' first half ended 0.12-0.23 s early on their first rep; 23 of the 39 reps read more
   than 0.1 s off are now within it (first half ends p95 99 -> 97 ms, second half starts 101 ->
   99 ms), no other set moved. A re-timing that leaves a counted rep's half a sliver
   (``SLIVER_FRAC``) is not kept.
10. Last (``repcount.lobes.settle_tails``), on the track the phases were timed on, for lower-first
    lifts (the second half is the concentric): a rep followed by a pause (the set's last rep) has
    its second half's end extrapolated with the set's own deceleration tail, measured on its reps
    joined to the next one, where that tail is longer than the minimum-jerk one (lifters drive
    off the bottom and coast to lockout; a lowering is braked to its stop). Only the phases move:
    the travel and the edge halves are read before it. Simulator, 6 seeds: the second half's end
    p95 102 -> 94 ms, the rep end 105 -> 98 ms (clean sets 86 -> 78, 91 -> 84); on every lift,
    pull-ups' last eccentric ran into the let-go (swing fp 1 -> 6, kip fp 0 -> 2 at 2 seeds).

References
----------
T. Flash and N. Hogan, "The coordination of arm movements", J. Neurosci. 5(7), 1985.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from repcount.drift_anchors import JOINT_REACH_PERIODS, counted_span, drift_anchors, joints_at_zero
from repcount.filter import FilteredMotion, FloatArray
from repcount.lobes import moving_turns, settle_tails, time_lobes
from repcount.principal_axis import top_eigenvector
from repcount.rep_boundaries import BAR_PLACEMENTS, RepBoundaries, Source
from repcount.segment import RepSegments
from repcount.sos_filters import design_sos, filtfilt
from repcount.spans import gather
from repcount.stats import column_means, median, percentile

MIN_GYRO_RADS = 0.1
"""A gyro whose rep-rate peaks stay under this (≈ 6 °/s) sees no lift rotation: a rigid bar."""
DRIFT_CYCLES = 0.3
"""High-pass of the integrated acceleration, in multiples of the rep rate."""
MIN_PAUSE_S = 0.2
"""A gap between two lobes shorter than this is not a pause: a drive off the bottom decelerates
with a long low-velocity tail that the extrapolation (note 3) cuts short by up to ~0.1 s, and
tempo prescriptions count pauses in whole seconds. The boundary is then the velocity's sign change."""
MAX_PAUSE_FRAC = 0.5
"""A closing pause longer than this share of the rep period is the end of the set (or of a run of
reps), not tempo: the rep then ends after the set's median closing pause, like the last rep."""
SLIVER_FRAC = 0.15
"""Re-timed on the counted reps' own anchors (notes 8-9), a counted rep's half shorter than this
share of the set's median of that half is no lift's: the fastest simulated half is a dropped
eccentric's fall, 0.45 s of a 2 s lowering (0.22×). The anchors then did not sit at the load's
turns (a wrist deadlift placed half a rep off: its first rep's concentric read 0.14 s, 0.07×, and
was flagged fast) and the timing as placed is kept for the set."""
SMOOTH_HZ = 8.0
"""Low-pass of every candidate: a 0.4 s movement has no velocity content above it."""


def _lowpass(x: FloatArray, fs_hz: float, cut_hz: float, *, axis: int = 0) -> FloatArray:
    sos = design_sos(2, (min(cut_hz, 0.4 * fs_hz),), "lowpass", fs_hz)
    if x.shape[axis] <= 3 * (2 * sos.shape[0] + 1):
        return x
    return np.asarray(filtfilt(sos, x, axis=axis))


def _highpass(x: FloatArray, fs_hz: float, cut_hz: float) -> FloatArray:
    sos = design_sos(2, (cut_hz,), "highpass", fs_hz)
    if x.shape[0] <= 3 * (2 * sos.shape[0] + 1):
        return np.asarray(x - x.mean())
    return np.asarray(filtfilt(sos, x))


def _gyro_spin(gyro_rads: FloatArray, lo: int, hi: int, fs_hz: float) -> FloatArray | None:
    """Angular rate on the principal axis of rotation, bias removed (mean over the reps), not yet
    low-passed (``find_boundaries`` smooths it with its other tracks, in one filter call); None
    when the rotation has no axis."""
    g = np.asarray(gyro_rads, dtype=np.float64)
    g = g - column_means(g[lo : hi + 1])
    core = _lowpass(g[lo : hi + 1], fs_hz, SMOOTH_HZ)  # the axis of the lift, not of the noise
    if not core.any():
        return None
    return np.asarray(g @ top_eigenvector(core.T @ core))


def _gradient(x: FloatArray) -> FloatArray:
    """``np.gradient(x)`` of a 1-D float64 array of 2 or more samples, bit for bit: central
    differences halved inside, one-sided differences at the two ends (numpy divides them by a
    spacing of 1.0), without its generic argument handling."""
    out = np.empty_like(x)
    np.subtract(x[2:], x[:-2], out=out[1:-1])
    out[1:-1] /= 2.0
    out[0], out[-1] = x[1] - x[0], x[-1] - x[-2]
    return out


def _purity(v: FloatArray, seg: RepSegments, full: np.ndarray) -> FloatArray:
    """How well the sign of each row of ``v`` (c, n) follows the rep halves (1 = a velocity,
    ≈ 0 = not one): per row, the median over the full reps (0 without any)."""
    j = full.nonzero()[0]
    s, t, e = seg.starts[j], seg.turns[j], seg.ends[j]
    c, n = v.shape
    cum = np.zeros((c, n + 1))
    mag = np.zeros((c, n + 1))
    np.cumsum(v, axis=1, out=cum[:, 1:])
    np.cumsum(np.abs(v), axis=1, out=mag[:, 1:])
    first, second = cum[:, t + 1] - cum[:, s], cum[:, e + 1] - cum[:, t]  # (c, reps)
    total = (mag[:, t + 1] - mag[:, s]) + (mag[:, e + 1] - mag[:, t])
    out = np.zeros(c)
    for i in range(c):
        ok = total[i] > 0
        if ok.any():
            out[i] = median((first[i, ok] - second[i, ok]) / total[i, ok])
    return out


def find_boundaries(
    motion: FilteredMotion,
    segments: RepSegments,
    accel_ms2: FloatArray | None = None,
    gyro_rads: FloatArray | None = None,
    *,
    eccentric_first: bool | None = None,
    placement: str | None = None,
) -> RepBoundaries:
    """Time the movement of every rep candidate in ``segments`` (see the module notes).

    Parameters
    ----------
    motion : the filtered window (``filter_motion``): principal axis and sample rate.
    segments : ``segment_reps`` on the same window (rep order and rough turns).
    accel_ms2 : (n, 3) raw acceleration of the same window in m/s², optional; integrated
        without the band-pass's high-pass edge, which bends a slow last eccentric into rest.
    gyro_rads : (n, 3) angular rate of the same window in rad/s, optional.
    eccentric_first : whether a rep's turn is its bottom (lower-first lifts: a rebound there
        starts the concentric); ``None`` when unknown.
    placement : where the sensor sits (``"bar"``, ``"handle"``, ``"wrist"``, ``"torso"``), or
        ``None``; on the load's path (bar, handle, or ``unturned``) the phases are timed as in
        notes 8-9.

    Returns
    -------
    RepBoundaries with one entry per rep candidate (fractional sample indices).
    """
    fs_hz = motion.fs_hz
    x = np.asarray(motion.motion_ms2, dtype=np.float64)
    n, k = x.shape[0], segments.turns.size
    if k == 0 or n < 8 or segments.period_s <= 0:
        e = np.zeros(0)
        # empty and read-only: one array serves every per-rep field
        return RepBoundaries(e, e, e, e, e, np.zeros(n), e, e, e, np.zeros((2, 0)), "none")
    lo, hi = int(segments.starts[0]), int(segments.ends[-1])
    full = segments.counted if segments.counted.any() else np.ones(k, dtype=bool)
    rate = 1.0 / segments.period_s
    tracks = [_highpass(np.cumsum(x) / fs_hz, fs_hz, DRIFT_CYCLES * rate), _gradient(x) * fs_hz]
    spin = _gyro_spin(gyro_rads, lo, hi, fs_hz) if gyro_rads is not None else None
    if spin is not None:
        tracks.append(spin)
    smooth = _lowpass(np.array(tracks), fs_hz, SMOOTH_HZ, axis=1)  # one filter call, a track per row
    candidates: dict[Source, FloatArray] = {"accel": smooth[0], "tilt": smooth[1]}
    # a gyro whose rep-rate peaks stay low sees no lift rotation (a rigid bar)
    if spin is not None and percentile(np.abs(smooth[2][lo : hi + 1]), 95) >= MIN_GYRO_RADS:
        candidates["gyro"] = smooth[2]
    scored = dict(
        zip(
            candidates,
            _purity(np.array(list(candidates.values())), segments, full).tolist(),
            strict=True,
        )
    )
    source = max(scored, key=lambda name: abs(scored[name]))
    v = candidates[source] * (1.0 if scored[source] >= 0 else -1.0)
    margin = max(1, int(0.5 * segments.period_s * fs_hz))
    min_gap = MIN_PAUSE_S * fs_hz
    max_pause = MAX_PAUSE_FRAC * segments.period_s * fs_hz
    bottom_turn = eccentric_first is True
    b = time_lobes(v, segments, margin, min_gap, max_pause, fs_hz, bottom_turn)
    unturned = False
    if spin is not None:
        # the set's median rep's peak rate (note 7): two swung reps turn the wrist of a
        # deadlift's hanging arms past MIN_GYRO_RADS at the window's 95th percentile, its reps do not
        j = full.nonzero()[0]
        peaks = np.max(gather(np.abs(smooth[2]), segments.starts[j], segments.ends[j], 0.0), axis=1)
        unturned = median(peaks) < MIN_GYRO_RADS
    v_travel = v
    b_timed: FloatArray | None = None
    v_phases = v  # the track the phases end up timed on
    if source == "accel":
        # second pass: velocity is zero at every boundary between two lobes; remove the drift
        # through them; outside the set, through the stillest moment before the first rep and
        # after the last (an edge boundary itself, if placed early, would pin itself). The raw
        # acceleration on the set's axis is smoothed only here, where it is read.
        x_raw = x
        if accel_ms2 is not None and np.shape(accel_ms2) == (x.shape[0], 3):
            raw = np.asarray(accel_ms2, dtype=np.float64)
            x_raw = _lowpass(np.asarray((raw - column_means(raw)) @ motion.axis), fs_hz, SMOOTH_HZ)
        v_raw = np.cumsum(x_raw) / fs_hz * (1.0 if scored[source] >= 0 else -1.0)
        reach = 0.5 * segments.period_s * fs_hz
        anchors, joints = drift_anchors(b, x_raw, (0, k - 1), min_gap, reach, fs_hz, on_path=False)
        b1 = b  # the first pass's lobes, which place the anchors
        v = _pinned(v_raw, anchors, fs_hz)
        b = time_lobes(v, segments, margin, min_gap, max_pause, fs_hz, bottom_turn)
        # the travel only: the phases stay timed on the velocity pinned at the joints as placed
        reach_n = JOINT_REACH_PERIODS * segments.period_s * fs_hz
        moved = joints_at_zero(v_raw, v, anchors, joints, reach_n)
        v_travel = _pinned(v_raw, moved, fs_hz)
        if (placement in BAR_PLACEMENTS or unturned) and segments.counted.any():
            # notes 8 and 9: on the load's path (a bar or handle, or a sensor the reps do not
            # turn, note 7), the phases (not the travel) on the counted reps' anchors, then the
            # first rep's turn joint at the velocity's sign change
            span = counted_span(segments.counted)
            timed, _ = drift_anchors(b1, x_raw, span, min_gap, reach, fs_hz, on_path=True)
            v_timed = _pinned(v_raw, timed, fs_hz)
            b_timed = time_lobes(v_timed, segments, margin, min_gap, max_pause, fs_hz, bottom_turn)
            fc = span[0]
            if b_timed[7, fc] == 0 and b_timed[2, fc] - b_timed[1, fc] < min_gap:
                first_joint = np.array([0.5 * (b_timed[1, fc] + b_timed[2, fc])])
                moved_first = joints_at_zero(v_raw, v_timed, timed, first_joint, reach_n)
                if not np.array_equal(moved_first, timed):
                    v_timed = _pinned(v_raw, moved_first, fs_hz)
                    b_timed = time_lobes(v_timed, segments, margin, min_gap, max_pause, fs_hz, bottom_turn)
    b[:5] = np.maximum.accumulate(b[:5], axis=0)  # a degenerate lobe must not reorder a rep
    first, second = _travel(v, b[[0, 2]], b[[1, 3]], fs_hz)  # both halves of every rep at once
    excursion = 0.5 * (first + second)
    if v_travel is not v:
        excursion = _returning_range(v_travel, b[0], b[3], fs_hz)
    if b_timed is not None and not _sliver_half(b_timed, b, segments.counted):
        # the travel above stays on the anchors as placed (notes 6-9)
        b, v_phases = b_timed, v_timed
        b[:5] = np.maximum.accumulate(b[:5], axis=0)
    if bottom_turn:  # note 10: the second half is the concentric, which coasts to lockout
        b = settle_tails(v_phases, b)
    moving = moving_turns(v, b, min_gap)
    halves = np.array([first, second])
    return RepBoundaries(
        b[0], b[1], b[2], b[3], b[4], v, b[5], b[6], excursion, halves, source, moving[0], moving[1], unturned
    )


def _sliver_half(timed: FloatArray, placed: FloatArray, counted: NDArray[np.bool_]) -> bool:
    """Whether re-timing the phases (notes 8-9) left a counted rep's half under ``SLIVER_FRAC``
    of the set's median of that half where the timing as placed did not."""
    j = counted.nonzero()[0]
    if j.size < 3:
        return False
    for lo, hi in ((0, 1), (2, 3)):
        new, old = timed[hi, j] - timed[lo, j], placed[hi, j] - placed[lo, j]
        if ((new < SLIVER_FRAC * median(new)) & (old >= SLIVER_FRAC * median(old))).any():
            return True
    return False


def _returning_range(v: FloatArray, a: FloatArray, z: FloatArray, fs_hz: float) -> FloatArray:
    """Range (max - min) of the path integrated from ``v`` over each span of samples [a, z]
    (fractional indices, clipped to the window), its linear trend taken off so that it ends
    where it started (note 6); 0 for a span under 3 samples."""
    cum = np.concatenate([[0.0], np.cumsum(v)]) / fs_hz
    lo = np.clip(np.ceil(a), 0, cum.size - 1).astype(np.intp)
    hi = np.clip(np.floor(z), 0, cum.size - 1).astype(np.intp)
    span = np.maximum(hi - lo, 0)
    if lo.size == 0:
        return np.zeros(0)
    step = np.arange(int(span.max()) + 1)
    idx = np.minimum(lo[:, None] + step, cum.size - 1)
    frac = step / np.maximum(span, 1)[:, None]
    path = cum[idx] - cum[lo][:, None] - frac * (cum[hi] - cum[lo])[:, None]
    inside = step <= span[:, None]
    rng = np.max(np.where(inside, path, -np.inf), axis=1) - np.min(np.where(inside, path, np.inf), axis=1)
    return np.where(span >= 2, rng, 0.0)


def _pinned(v_raw: FloatArray, anchors: FloatArray, fs_hz: float) -> FloatArray:
    """``v_raw`` with its drift removed piecewise-linearly through ``anchors`` (fractional
    indices, sorted), smoothed."""
    idx = np.arange(v_raw.size, dtype=np.float64)
    return _lowpass(v_raw - np.interp(idx, anchors, np.interp(anchors, idx, v_raw)), fs_hz, SMOOTH_HZ)


def _travel(v: FloatArray, a: FloatArray, z: FloatArray, fs_hz: float) -> FloatArray:
    """|∫ v| over each span [a, z] (fractional indices, any shape), in the unit of ``v`` × s."""
    cum = np.concatenate([[0.0], np.cumsum(v)]) / fs_hz
    idx = np.arange(cum.size, dtype=np.float64)
    return np.asarray(np.abs(np.interp(z + 0.5, idx, cum) - np.interp(a + 0.5, idx, cum)))
