"""Stage 4: flag reps done with momentum, each flag with its reason.

Notes
-----
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

from repcount.filter import GRAVITY_MS2, FilteredMotion
from repcount.profiles import ExerciseProfile
from repcount.segment import RepSegments
from repcount.tempo import Tempo

FREE_FALL_FRAC = 0.35
"""Raw |a| below this share of g means the load (and the wrist) is falling, not lowered."""
MIN_SET_FOR_RATIOS = 3
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


def flag_momentum(
    motion: FilteredMotion, segments: RepSegments, tempo: Tempo, *, profile: ExerciseProfile
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

    med_sway, med_spike, med_jerk = med(sway), med(spike), med(jerk)
    out_f: list[tuple[str, ...]] = []
    out_r: list[tuple[str, ...]] = []
    for j in range(k):
        f: list[str] = []
        r: list[str] = []
        conc, ecc = float(tempo.concentric_s[j]), float(tempo.eccentric_s[j])
        if profile.min_concentric_s > 0 and conc < profile.min_concentric_s:
            f.append("fast_concentric")
            r.append(f"concentric {conc:.2f} s < {profile.min_concentric_s:.2f} s")
        if med_jerk > 0 and jerk[j] > profile.jerk_ratio * med_jerk:
            f.append("jerky")
            r.append(
                f"concentric high-frequency energy {jerk[j] / med_jerk:.1f}× the set median "
                f"(> {profile.jerk_ratio:.1f}×)"
            )
        if med_sway > 0 and sway[j] > profile.swing_ratio * med_sway:
            f.append(profile.swing_flag)
            r.append(
                f"cross-axis sway {sway[j] / med_sway:.1f}× the set median (> {profile.swing_ratio:.1f}×)"
            )
        if ecc < profile.dropped_ratio * conc:
            f.append("dropped_eccentric")
            r.append(f"eccentric {ecc:.2f} s < {profile.dropped_ratio:.1f} × concentric {conc:.2f} s")
        elif low[j] < FREE_FALL_FRAC * GRAVITY_MS2:
            f.append("dropped_eccentric")
            r.append(
                f"|a| fell to {low[j] / GRAVITY_MS2:.2f} g in the eccentric (free fall < {FREE_FALL_FRAC} g)"
            )
        if med_spike > 0 and spike[j] > profile.bounce_ratio * med_spike:
            f.append("bounce")
            r.append(
                f"spike at the bottom {spike[j] / med_spike:.1f}× the set median "
                f"(> {profile.bounce_ratio:.1f}×)"
            )
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
