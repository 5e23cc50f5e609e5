"""Stage 4: flag reps done with momentum, each flag with its reason.

Notes
-----
Every cue is checked on its own and a rep keeps every flag whose cue fires, except where one
fault *explains* another's cue: a concentric sped up by a swing or kip is that swing or kip
(not also ``fast_concentric``), a spike at the bottom of a dropped eccentric is the catch of the
drop (not also ``bounce``), a spike at the bottom that opens a jerky or fast concentric is that
concentric's, a kip's whole-rep swing overrides the phase times it bends (unless the eccentric
is clearly a drop), a swing or kip explains high frequencies out of proportion to the rep's own
motion (``JERK_OWN_RATIO``), and a jerky concentric must be clearly short to be fast too.
Thresholds come from the exercise profile (``repcount.profiles``, where their sources are
documented). Set-relative cues compare the rep with the *median rep of the same set*, so they
are free of sensor units, gain and mounting; phase times come from the velocity-timed
boundaries (``repcount.boundaries``):

* ``fast_concentric`` — concentric shorter than ``fast_ratio`` × the set's median concentric
  and, when the boundaries were timed, moving at least ``FAST_MIN_SPEED`` × the set's median
  speed (its travel over its time: a faster lift covers the same range), or shorter than half
  the profile's ``min_concentric_s`` (absolute).
* ``dropped_eccentric`` — eccentric shorter than ``dropped_set_ratio`` × the set's median
  eccentric, or than ``dropped_ratio`` × the rep's own concentric, or raw |a| near free fall
  (< 0.35 g over 0.1 s) during the eccentric.
* ``jerky`` — energy above ``JERK_HZ`` in the concentric, after its first ``DRIVE_SKIP_S``
  (the drive off the bottom), above ``jerk_ratio`` × the set median; on the raw accelerometer
  and, when present, the gyro (whichever is further past); or the accelerometer's energy above
  ``JERK_HZ`` over the same window's on-axis motion above ``JERK_OWN_RATIO`` × the set median
  (a weak stutter on a slow rep), where the energy above ``JERK_HZ`` is at least
  ``JERK_OWN_HF_MIN`` × the set median and not on the set's first or last rep.
* ``swing`` / ``kip`` — the eccentric half's residual from the set's median rep
  (``repcount.swing``; gyro when present, else the band-passed acceleration) above
  ``swing_ratio`` × the set median; on hanging lifts (a profile with ``kip_swing_rad``) such a
  swing is a ``kip`` when the body swung through at least that angle (``SwingResidual.angle_rad``,
  gyro only: a hip drive swings the body far, a sway does not, and a fast concentric without a
  swing leaves no angle); without a gyro, ``kip`` when the whole rep's residual passes
  ``kip_ratio``. The first and last full rep need ``EDGE_SWING_FACTOR`` × the ratio thresholds
  (the walk-up and the re-rack border them).
* ``bounce`` — a spike (accelerometer above 4 Hz, gyro above ``JERK_HZ``) within
  ``BOTTOM_WINDOW_S`` of the end of the eccentric above
  ``bounce_ratio`` × the set median, on an eccentric shorter than ``bounce_ecc_ratio`` × the set
  median (a bounce uses the stretch reflex instead of a controlled stop).
* ``partial`` — a rep the segmenter did not count (its range proxy fell short), or whose
  travel (``RepBoundaries.excursion``: integrated velocity, a true distance or angle, where the
  segmenter's band-passed proxy compresses range differences) is below ``partial_frac`` × the
  set's median travel (not when a sensor dropout cut the rep: its travel is missing, not short);
  the set's first and last reps' travel is read as ``repcount.edge_travel`` says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from repcount.edge_travel import edge_travel
from repcount.filter import GRAVITY_MS2, FilteredMotion, FloatArray
from repcount.profiles import ExerciseProfile
from repcount.segment import RepSegments
from repcount.sos_filters import design_sos, filtfilt
from repcount.spans import span_level, span_lowest
from repcount.stats import median, row_norm
from repcount.swing import swing_residual
from repcount.tempo import Tempo

FREE_FALL_FRAC = 0.35
"""Raw |a| below this share of g means the load (and the wrist) is falling, not lowered."""
FREE_FALL_S = 0.1
"""...for at least this long (mean over the window): any drop worth the name (≥ 5 cm) takes
√(2h/g) ≥ 0.1 s, while the reversal of a bounce or a jerk dips |a| for a sample or two."""
MIN_SET_FOR_RATIOS = 3
"""Set-relative flags need at least this many reps to know what the set's median rep is."""
ABS_FAST_FRAC = 0.5
"""The absolute bound flags concentrics under this share of the profile's ``min_concentric_s``."""
DRIVE_SKIP_S = 0.2
"""The start of a concentric (the drive off the bottom, a rebound) is not counted as jerk."""
BOTTOM_WINDOW_S = (0.1, 0.15)
"""The bottom spike is looked for from this long before to this long after the eccentric ends."""
RESIDUAL_FLOOR = 0.04
"""Swing residuals are compared with the set median, but never with less than this share of the
lift's own signal: clean reps of a smooth set can match their median rep to 1 %, and a rep that
strays by 5 % of its path is not swinging."""
BOUNCE_EXPLAINS_SWING = 2.0
"""A bounce distorts the eccentric's timing: with one, a swing must be this many times further past."""
EXPLAINS_BOUNCE = 3.0
"""A following concentric with jerk energy this far above the set median explains a bottom spike."""
SURE_DROP = 0.8
"""An eccentric this far under the dropped threshold is a drop even when the rep is also far off
the set's median rep (a kip's swing can make the eccentric look short, never this short)."""
FAST_MIN_SPEED = 1.0
"""A concentric short in time is ``fast_concentric`` only if it moved at least this share of the
set's median concentric speed (its travel, integrated velocity, over its time): the same range in
less time is a faster lift, while a half whose travel shrank with its time is a short or
mis-timed half. At a set's edge the re-rack or the walk-out merges into the edge rep's outer half
and cuts it (simulator, 6 seeds: the wrist squat's last rep and a wrist deadlift's first, and a
rep beside a partial one, 0.28-0.89× the set's speed), while fast concentrics move 1.54-2.02×
the set's speed. The line is physics, not a fit: faster than usual."""
JERKY_FAST_SCALE = 0.85
"""With a jerky concentric, ``fast_ratio`` is scaled by this."""
JERK_OWN_RATIO = 3.0
"""A concentric whose energy above ``JERK_HZ`` over its own on-axis motion (RMS, the same window)
is this many times the set median's is jerky even when its high frequencies alone stay under
``jerk_ratio``: a faster drive raises every frequency, a stutter only the high ones. Simulator,
6 seeds, reps matched by time: stutters read 2.5 / 2.9 / 5.6 at their 1st / 5th / 50th
percentile, fast smooth concentrics 2.3 / 3.5 at their 95th / 99th, clean reps at most 1.6; the
high frequencies alone read 4.3-5.0 for the weakest stutters and up to 6.4 for fast drives, so
``jerk_ratio`` can catch neither those stutters nor leave the fastest drives."""
JERK_OWN_HF_MIN = 2.0
"""``JERK_OWN_RATIO`` reads only concentrics whose high frequencies alone are at least this
multiple of the set median's: a stutter adds them (the simulator's weakest read 3.5), while on a
rep with little motion the sensor's own noise reads large against it (real muvr wrist sets: seven
inner reps at 0.3-0.8 of the set's range read 3.2-6.3 over their motion with their high
frequencies under 2× the set's)."""
JERK_HZ = 8.0
"""Jerk is measured above this: the lift itself, even a 0.5 s concentric, has little energy
there, while tremor and stutter (steps of 50-100 ms) have most of theirs."""
EDGE_SWING_FACTOR = 2.0
"""The first and last full rep must be this much further past the swing thresholds: their outer
boundaries border the walk-up and the re-rack, which the set's median rep does not explain."""


@dataclass(frozen=True, slots=True)
class MomentumFlags:
    """Per rep (aligned with the segments): flag ids and, in the same order, their reasons."""

    flags: tuple[tuple[str, ...], ...]
    reasons: tuple[tuple[str, ...], ...]
    range_frac: tuple[float, ...] = ()
    """Each rep's range as a share of the set's median, as the ``partial`` cue read it: the travel
    (the inner half's at a set's edges, ``edge_travel``) when the rep boundaries were timed, else
    the segmenter's band-passed proxy."""


def _ratio(x: FloatArray, ref: NDArray[np.bool_] | None, floor: float = 0.0) -> FloatArray:
    """Each value over the median of the reference reps, or over ``floor`` when that is larger
    (zeros without a reference)."""
    if ref is None:
        return np.zeros_like(x)
    med = max(median(x[ref]), floor)
    return np.asarray(x / med) if med > 0 else np.zeros_like(x)


def _hf(
    x: FloatArray | None, y: FloatArray | None, n: int, fs_hz: float, cut_hz: float
) -> tuple[FloatArray | None, FloatArray | None]:
    """Magnitude of each (n, 3) signal above ``cut_hz`` (its unit), or ``None`` (one filter call)."""
    ok = [z is not None and np.shape(z) == (n, 3) and fs_hz > 2.5 * cut_hz and n >= 16 for z in (x, y)]
    if not any(ok):
        return None, None
    sos = design_sos(2, (cut_hz,), "highpass", fs_hz)
    rows = np.concatenate([np.asarray(z).T for z, use in zip((x, y), ok, strict=True) if use])
    both = filtfilt(sos, rows, axis=1)  # one signal per row
    mags = iter([row_norm(both[i : i + 3].T) for i in range(0, both.shape[0], 3)])
    return next(mags) if ok[0] else None, next(mags) if ok[1] else None


def _cue(ratio: float, limit: float, flag: str, what: str) -> tuple[str, str] | None:
    if not (limit > 0 and ratio > limit):
        return None
    return flag, f"{what} {ratio:.1f}× the set median (> {limit:.1f}×)"


def flag_momentum(
    motion: FilteredMotion,
    segments: RepSegments,
    tempo: Tempo,
    *,
    profile: ExerciseProfile,
    accel_ms2: FloatArray | None = None,
    gyro_rads: FloatArray | None = None,
    set_edges: bool = True,
) -> MomentumFlags:
    """Flag every rep candidate (see the module notes for each rule and its threshold).

    Parameters
    ----------
    motion : the filtered window (``filter_motion``).
    segments, tempo : outputs of ``segment_reps`` and ``measure_tempo`` on the same window.
    profile : thresholds of the exercise.
    accel_ms2 : (n, 3) raw acceleration of the window in m/s², optional (jerk above ``JERK_HZ``;
        without it, the filter's > 4 Hz magnitude).
    gyro_rads : (n, 3) angular rate of the window in rad/s, optional (swing, kip, jerk, bounce).
    set_edges : the window holds the set's first and last rep, whose travel is read on the half
        that faces the set (``edge_travel``); False for a window cut from inside a set.

    Returns
    -------
    MomentumFlags, one tuple of flags (and of reasons) per rep candidate.
    """
    k = segments.turns.size
    fs = motion.fs_hz
    n = motion.t_s.shape[0]
    b = tempo.boundaries
    full = segments.counted
    ref = full if full.sum() >= MIN_SET_FOR_RATIOS else None
    # phase spans (fractional indices): concentric and eccentric of each rep
    if b is not None and b.onset.size == k:
        first = (b.onset, b.turn_in)
        second = (b.turn_out, b.settle)
    else:
        first = (tempo.begin.astype(np.float64), segments.turns.astype(np.float64))
        second = (segments.turns.astype(np.float64), segments.ends.astype(np.float64))
    conc_span, ecc_span = (second, first) if tempo.eccentric_first else (first, second)
    skip = DRIVE_SKIP_S * fs
    g_hf, a_jerk = _hf(gyro_rads, accel_ms2, n, fs, JERK_HZ)  # rotation: jerk and the bottom spike alike
    jerk = np.zeros(k)
    drive = conc_span[0] + skip
    chans = np.column_stack([h for h in (motion.hf_ms2 if a_jerk is None else a_jerk, g_hf) if h is not None])
    drive_end = np.maximum(drive, conc_span[1])
    energy = span_level(chans, drive, drive_end, peak=False)  # column 0: the accelerometer's
    for e in energy.T:
        jerk = np.maximum(jerk, _ratio(e, ref))
    # the same high frequencies over the concentric's own motion: a stutter adds only them, a
    # faster drive raises every frequency (``JERK_OWN_RATIO``)
    hf_own = energy[:, 0]
    lf_own = span_level(motion.motion_ms2, drive, drive_end, peak=False)
    jerk_own = _ratio(np.divide(hf_own, lf_own, out=np.zeros(k), where=lf_own > 0), ref)
    # only where the stutter raised the high frequencies themselves (a small rep's sensor noise
    # reads large over its motion) and not at the set's edges (the unrack and the re-rack share
    # the first and last rep's window)
    jerk_own[jerk < JERK_OWN_HF_MIN] = 0.0
    if full.any():
        jerk_own[full.nonzero()[0][[0, -1]]] = 0.0
    spike = np.zeros(k)
    pre, post = BOTTOM_WINDOW_S[0] * fs, BOTTOM_WINDOW_S[1] * fs
    chans = np.column_stack([h for h in (motion.hf_ms2, g_hf) if h is not None])
    for e in span_level(chans, ecc_span[1] - pre, ecc_span[1] + post, peak=True).T:
        spike = np.maximum(spike, _ratio(e, ref))
    # the concentric that follows each bottom: the rep's own (lower-first) or the next rep's
    conc_r = _ratio(tempo.concentric_s, ref)
    speed_r = None
    if b is not None and b.onset.size == k:
        travel = b.half_travel[1 if tempo.eccentric_first else 0]
        speed = np.divide(travel, tempo.concentric_s, out=np.zeros(k), where=tempo.concentric_s > 0)
        if ref is not None and median(speed[ref]) > 0:
            speed_r = _ratio(speed, ref)
    follow_jerk = jerk.copy() if tempo.eccentric_first else np.append(jerk[1:], 0.0)
    follow_fast = conc_r.copy() if tempo.eccentric_first else np.append(conc_r[1:], 1.0)
    w = max(1, round(FREE_FALL_S * fs))
    level = np.convolve(motion.magnitude_ms2, np.ones(w) / w, mode="same") if n >= w else motion.magnitude_ms2
    low = span_lowest(level, *ecc_span, GRAVITY_MS2)
    if b is not None and b.onset.size == k:
        has_gyro = gyro_rads is not None and np.shape(gyro_rads) == (n, 3)
        chans = np.asarray(gyro_rads) if has_gyro else motion.band_ms2
        res = swing_residual(chans, b, full, fs_hz=fs, eccentric_first=tempo.eccentric_first, gyro=has_gyro)
        angle = res.angle_rad if has_gyro else None
        swing_r = _ratio(res.eccentric, ref, RESIDUAL_FLOOR)
        kip_r = _ratio(res.whole, ref, RESIDUAL_FLOOR)
        if full.any():  # the set's edges are least sure of their boundaries (walk-up, re-rack)
            edge = full.nonzero()[0][[0, -1]]
            swing_r[edge] /= EDGE_SWING_FACTOR
            kip_r[edge] /= EDGE_SWING_FACTOR
        swing_what = "eccentric motion off the set's median rep" + (" (gyro)" if has_gyro else "")
    else:
        sway = span_level(
            motion.cross_ms2, tempo.begin.astype(np.float64), tempo.finish.astype(np.float64), peak=False
        )
        swing_r = kip_r = _ratio(sway, ref)
        swing_what = "cross-axis sway"
        angle = None
    ecc_r = _ratio(tempo.eccentric_s, ref)
    timed = b is not None and b.onset.size == k
    rng = b.excursion if b is not None and timed else segments.range_ms2
    med_range = median(rng[full]) if full.any() else 0.0
    fracs = np.asarray(rng) / med_range if med_range > 0 else np.ones(k)
    if b is not None and timed and set_edges and full.sum() >= MIN_SET_FOR_RATIOS:
        span = (segments.ends - segments.starts).astype(np.float64)
        measures = b.measures_range(profile.placement)
        fracs = edge_travel(b, full, fracs, span if measures else None, profile.partial_frac)
    # a rep cut by a sensor dropout travels less in the data than it did: its travel says nothing
    seen = motion.observed
    cut = np.zeros(k, dtype=bool)
    if seen is not None:
        unseen = np.concatenate([[0], np.cumsum(~seen)])
        cut = unseen[np.maximum(tempo.begin, tempo.finish + 1)] > unseen[tempo.begin]
    out_f: list[tuple[str, ...]] = []
    out_r: list[tuple[str, ...]] = []
    # the rep loop reads Python floats (the same values; numpy scalars are slow to index and compare)
    ecc_rl, kip_rl, swing_rl, spike_l, jerk_l, low_l, conc_rl, follow_jerk_l, follow_fast_l, own_l = (
        np.asarray(x).tolist()
        for x in (ecc_r, kip_r, swing_r, spike, jerk, low, conc_r, follow_jerk, follow_fast, jerk_own)
    )
    frac_l, full_l, cut_l = fracs.tolist(), full.tolist(), np.asarray(cut).tolist()
    angle_l = None if angle is None else np.asarray(angle).tolist()
    speed_l = None if speed_r is None else speed_r.tolist()
    proxy_l = segments.range_ms2.tolist()
    med_proxy = median(segments.range_ms2[full]) if full.any() else 0.0
    conc_l, ecc_l = tempo.concentric_s.tolist(), tempo.eccentric_s.tolist()
    for j in range(k):
        cues: list[tuple[str, str]] = []
        conc, ecc = float(conc_l[j]), float(ecc_l[j])
        # a kip throws the whole rep off its path, phase times included: it comes first
        kip = None
        clearly_dropped = 0 < ecc_rl[j] < SURE_DROP * profile.dropped_set_ratio
        if not clearly_dropped:
            kip = _kip(swing_rl[j], kip_rl[j], None if angle_l is None else angle_l[j], profile)
        dropped = _dropped(ecc_rl[j], ecc, conc, low_l[j], profile) if kip is None else None
        if dropped is not None:
            cues.append(dropped)
        bounce = None
        explained = follow_jerk_l[j] >= EXPLAINS_BOUNCE or 0 < follow_fast_l[j] < profile.fast_ratio
        if kip is None and dropped is None and ecc_rl[j] < profile.bounce_ecc_ratio and not explained:
            bounce = _cue(spike_l[j], profile.bounce_ratio, "bounce", "spike at the bottom")
        body = kip
        if body is None and dropped is None:  # a dropped eccentric is off the median rep by itself
            scale = BOUNCE_EXPLAINS_SWING if bounce is not None else 1.0
            body = _cue(swing_rl[j], scale * profile.swing_ratio, "swing", swing_what)
        if body is not None:
            cues.append(body)
        is_jerky = _cue(jerk_l[j], profile.jerk_ratio, "jerky", "concentric high-frequency energy")
        if is_jerky is None and body is None:  # a swing or kip whips the sensor off its own motion
            what = "concentric high-frequency energy over its own motion"
            is_jerky = _cue(own_l[j], JERK_OWN_RATIO, "jerky", what)
        if is_jerky is not None:
            cues.append(is_jerky)
        if bounce is not None:
            cues.append(bounce)
        if body is None:
            fast_s = ABS_FAST_FRAC * profile.min_concentric_s
            # a stutter slows nothing down but shortens the concentric a little: with a jerky
            # rep, only a clearly short concentric is also fast
            limit = profile.fast_ratio * (JERKY_FAST_SCALE if is_jerky is not None else 1.0)
            fast = _below(conc_rl[j], limit, "fast_concentric", "concentric", conc)
            if fast is not None and speed_l is not None and speed_l[j] < FAST_MIN_SPEED:
                fast = None  # short, not fast: the half's travel shrank with its time
            if fast is None and conc < fast_s:
                fast = ("fast_concentric", f"concentric {conc:.2f} s < {fast_s:.2f} s")
            if fast is not None:
                cues.append(fast)
        frac = frac_l[j]
        if not full_l[j]:
            # the segmenter's range proxy decided (a travel near the median can still come with
            # it: at a set's edge the re-rack adds travel)
            proxy = proxy_l[j] / med_proxy if med_proxy > 0 else 0.0
            need = f"< {profile.count_frac:.0%} to count as a rep"
            cues.append(("partial", f"range {proxy:.0%} of the set median ({need})"))
        elif frac < profile.partial_frac and not cut_l[j]:
            # whole percent rounded down: 69.6 % must not read "70% (< 70%)"
            pct = int(frac * 100)
            cues.append(("partial", f"range {pct}% of the set median (< {profile.partial_frac:.0%})"))
        out_f.append(tuple(c[0] for c in cues))
        out_r.append(tuple(c[1] for c in cues))
    return MomentumFlags(tuple(out_f), tuple(out_r), tuple(frac_l))


def _kip(swing_r: float, kip_r: float, angle_rad: float | None, p: ExerciseProfile) -> tuple[str, str] | None:
    """The ``kip`` cue of a hanging lift: a swing (the eccentric off the set's median rep) through
    at least ``kip_swing_rad`` on a gyro, else the whole rep's residual past ``kip_ratio``."""
    if angle_rad is not None and p.kip_swing_rad is not None:
        if not (swing_r > p.swing_ratio and angle_rad >= p.kip_swing_rad):
            return None
        deg, limit = np.degrees(angle_rad), np.degrees(p.kip_swing_rad)
        return "kip", f"body swung {deg:.0f}° off the set's median rep (≥ {limit:.0f}°: a hip drive)"
    if p.kip_ratio is None:
        return None
    return _cue(kip_r, p.kip_ratio, "kip", "whole-rep motion off the set's median rep")


def _below(ratio: float, limit: float, flag: str, phase: str, seconds: float) -> tuple[str, str] | None:
    """A cue when a phase lasts less than ``limit`` × the set's median of that phase."""
    if not (0 < ratio < limit):
        return None
    return flag, f"{phase} {seconds:.2f} s = {ratio:.2f}× the set median (< {limit:.2f}×)"


def _dropped(ecc_r: float, ecc: float, conc: float, low: float, p: ExerciseProfile) -> tuple[str, str] | None:
    """The first ``dropped_eccentric`` cue that fires: set-relative time, own concentric, free fall."""
    cue = _below(ecc_r, p.dropped_set_ratio, "dropped_eccentric", "eccentric", ecc)
    if cue is None and ecc < p.dropped_ratio * conc:
        cue = (
            "dropped_eccentric",
            f"eccentric {ecc:.2f} s < {p.dropped_ratio:.1f} × concentric {conc:.2f} s",
        )
    if cue is None and low < FREE_FALL_FRAC * GRAVITY_MS2:
        g = low / GRAVITY_MS2
        cue = (
            "dropped_eccentric",
            f"|a| fell to {g:.2f} g in the eccentric (free fall < {FREE_FALL_FRAC} g)",
        )
    return cue
