"""Stage 4: flag reps done with momentum, each flag with its reason.

Notes
-----
Each rep gets at most one momentum flag — the cue furthest past its threshold (a fast, jerky
or dropped rep also shows spikes that other cues see) — plus ``partial`` when its range is short.
Thresholds come from the exercise profile (``repcount.profiles``, where their sources are
documented). Timing flags compare with absolute bounds; signal flags compare the rep with the
*median rep of the same set*, so they are free of sensor units, gain and mounting:

* ``fast_concentric`` — concentric shorter than ``min_concentric_s``.
* ``dropped_eccentric`` — eccentric shorter than ``dropped_ratio`` × the rep's concentric, or
  raw acceleration magnitude near free fall (< 0.35 g) during the eccentric.
* ``jerky`` — high-frequency acceleration energy in the concentric above ``jerk_ratio`` × median.
* ``swing`` / ``kip`` — cross-axis (off the lift's principal axis) energy over the rep above
  ``swing_ratio`` × median: the body, not the muscle, drives the rep.
* ``bounce`` — acceleration spike at the bottom turn above ``bounce_ratio`` × median.
* ``partial`` — range below ``partial_frac`` × median range.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from repcount.filter import GRAVITY_MS2, FilteredMotion, FloatArray
from repcount.profiles import ExerciseProfile
from repcount.segment import RepSegments
from repcount.tempo import Tempo

FREE_FALL_FRAC = 0.35
"""Raw |a| below this share of g means the load (and the wrist) is falling, not lowered."""
MIN_SET_FOR_RATIOS = 3
FAST_RATIO = 0.5
"""Phase timing from a wrist sensor is good to a few tenths of a second, so the absolute bound
flags only concentrics under half the profile's ``min_concentric_s``; the usual sign of a fast
concentric is its drive: peak acceleration well above the lifter's own reps in the set."""
FAST_PEAK_RATIO = 1.6
"""Set-relative flags need at least this many reps to know what the set's median rep is."""


@dataclass(frozen=True, slots=True)
class MomentumFlags:
    """Per rep (aligned with the segments): flag ids and, in the same order, their reasons."""

    flags: tuple[tuple[str, ...], ...]
    reasons: tuple[tuple[str, ...], ...]


def _window_stat(x: np.ndarray, a: int, b: int, how: str) -> float:
    if b <= a:
        return 0.0
    seg = x[a:b]
    return float(np.sqrt(np.mean(seg**2))) if how == "rms" else float(np.max(seg))


def _above_median(
    value: float, median: float, ratio_limit: float, flag: str, what: str
) -> list[tuple[float, str, str]]:
    """A cue (how far past its limit, flag, reason) when ``value`` passes ``ratio_limit`` × the median."""
    if not (median > 0 and value > ratio_limit * median):
        return []
    ratio = value / median
    return [(ratio / ratio_limit, flag, f"{what} {ratio:.1f}× the set median (> {ratio_limit:.1f}×)")]


def flag_momentum(
    motion: FilteredMotion,
    segments: RepSegments,
    tempo: Tempo,
    *,
    profile: ExerciseProfile,
    gyro_rads: FloatArray | None = None,
) -> MomentumFlags:
    """Flag every rep candidate (see the module notes for each rule and its threshold).

    Parameters
    ----------
    motion : the filtered window (``filter_motion``).
    segments, tempo : outputs of ``segment_reps`` and ``measure_tempo`` on the same window.
    profile : thresholds of the exercise.

    Returns
    -------
    MomentumFlags, one tuple of flags (and of reasons) per rep candidate.
    """
    k = segments.turns.size
    fs = motion.fs_hz
    bottom = segments.turns if tempo.eccentric_first else segments.ends
    half = max(1, int(0.15 * fs))
    sway = np.array(
        [
            _window_stat(motion.cross_ms2, int(a), int(b) + 1, "rms")
            for a, b in zip(tempo.begin, tempo.finish, strict=True)
        ]
    )
    spike = np.array(
        [_window_stat(motion.hf_ms2, max(0, int(i) - half), int(i) + half + 1, "max") for i in bottom]
    )
    conc_a, conc_b = _concentric_spans(segments, tempo)
    jerk = np.array(
        [_window_stat(motion.hf_ms2, int(a), int(b) + 1, "rms") for a, b in zip(conc_a, conc_b, strict=True)]
    )
    ecc_a, ecc_b = _concentric_spans(segments, tempo, eccentric=True)
    low = np.array(
        [
            float(np.min(motion.magnitude_ms2[a : b + 1])) if b >= a else GRAVITY_MS2
            for a, b in zip(ecc_a, ecc_b, strict=True)
        ]
    )
    full = segments.counted
    ref = full if full.sum() >= MIN_SET_FOR_RATIOS else None
    med_range = float(np.median(segments.range_ms2[full])) if full.any() else 0.0

    def med(x: np.ndarray) -> float:
        return float(np.median(x[ref])) if ref is not None else 0.0

    drive = np.array(
        [
            _window_stat(np.abs(motion.motion_ms2), int(a), int(b) + 1, "max")
            for a, b in zip(conc_a, conc_b, strict=True)
        ]
    )
    med_sway, med_spike, med_jerk, med_drive = med(sway), med(spike), med(jerk), med(drive)
    out_f: list[tuple[str, ...]] = []
    out_r: list[tuple[str, ...]] = []
    for j in range(k):
        # (how far past its threshold, flag, reason); only the strongest momentum cue is kept
        cues: list[tuple[float, str, str]] = []
        conc, ecc = float(tempo.concentric_s[j]), float(tempo.eccentric_s[j])
        fast_s = FAST_RATIO * profile.min_concentric_s
        if conc < fast_s:
            cues.append(
                (fast_s / max(conc, 1e-3), "fast_concentric", f"concentric {conc:.2f} s < {fast_s:.2f} s")
            )
        cues += _above_median(
            drive[j], med_drive, FAST_PEAK_RATIO, "fast_concentric", "concentric peak acceleration"
        )
        cues += _above_median(
            jerk[j], med_jerk, profile.jerk_ratio, "jerky", "concentric high-frequency energy"
        )
        cues += _above_median(sway[j], med_sway, profile.swing_ratio, profile.swing_flag, "cross-axis sway")
        if ecc < profile.dropped_ratio * conc:
            cues.append(
                (
                    profile.dropped_ratio * conc / max(ecc, 1e-3),
                    "dropped_eccentric",
                    f"eccentric {ecc:.2f} s < {profile.dropped_ratio:.1f} × concentric {conc:.2f} s",
                )
            )
        if low[j] < FREE_FALL_FRAC * GRAVITY_MS2:
            cues.append(
                (
                    FREE_FALL_FRAC * GRAVITY_MS2 / max(low[j], 1e-3),
                    "dropped_eccentric",
                    f"|a| fell to {low[j] / GRAVITY_MS2:.2f} g in the eccentric "
                    f"(free fall < {FREE_FALL_FRAC} g)",
                )
            )
        cues += _above_median(spike[j], med_spike, profile.bounce_ratio, "bounce", "spike at the bottom")
        f: list[str] = []
        r: list[str] = []
        if cues:
            _, flag, reason = max(cues, key=lambda c: c[0])
            f.append(flag)
            r.append(reason)
        if med_range > 0 and segments.range_ms2[j] < profile.partial_frac * med_range:
            frac = segments.range_ms2[j] / med_range
            f.append("partial")
            r.append(f"range {frac:.0%} of the set median (< {profile.partial_frac:.0%})")
        out_f.append(tuple(f))
        out_r.append(tuple(r))
    return MomentumFlags(tuple(out_f), tuple(out_r))


def _concentric_spans(
    segments: RepSegments, tempo: Tempo, *, eccentric: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Index spans of each rep's concentric (or eccentric) half."""
    first_half = tempo.eccentric_first == eccentric
    if first_half:
        return tempo.begin, segments.turns
    return segments.turns, segments.ends
