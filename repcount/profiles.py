"""Per-exercise profiles: plausible rep duration, which phase comes first, and form thresholds.

Every threshold here is a *documented prior*, not a value fitted to the development recordings:

* Rep duration bounds come from resistance-training tempo prescriptions: a controlled rep lasts
  about 1.5-6 s (e.g. 2-0-1-0 = 3 s; ACSM position stand 2009, "Progression models in
  resistance training for healthy adults", recommends 1-2 s concentric and 1-2 s eccentric
  for novice/intermediate lifters). ``min_rep_s`` = 0.8 s excludes walking cadence (1.6-2.2
  steps/s) from being counted as reps, ``max_rep_s`` = 10 s allows slow eccentrics with pauses.
* ``min_concentric_s``: a concentric much faster than ~0.5 s on pulls and rows is the classic
  sign of momentum (ballistic intent); presses and squats are faster by nature (velocity-based
  training reports mean concentric times around 0.4-0.8 s at 70-85 % 1RM), so their bound is
  lower. Bands like these are standard coaching cues, not fitted values.
* ``dropped_ratio`` = 0.4: an eccentric shorter than 40 % of the concentric is "dropped"
  (uncontrolled lowering); with a prescribed 2-0-1-0 tempo the ratio is 2.0.
* Partial range: the coaching rule is "flag below ~70 % of the usual range, do not count below
  ~60 %". Counting uses the segmenter's range proxy (band-passed acceleration at the rep rate),
  which compresses range differences: in the physics simulator (``firmware_sim``) a rep at
  40-60 % of the range of motion reads 59-76 % of the median, so ``count_frac`` = 0.72 on the
  proxy (a calibration of the measurement, not a fit to the scored sets). The ``partial`` flag
  uses each rep's *travel* (its integrated velocity, ``repcount.boundaries``), a true distance or
  angle, so it takes the coaching value directly: ``partial_frac`` = 0.7 (training practice).
* Set-relative cues compare a rep with the median rep of its own set (robust, scale-free, free
  of the sensor's units and mounting). Sources, in the order of ``repcount.momentum``:
  - ``fast_ratio`` = 0.66 (calibration on the simulator, consistent with coaching): a
    concentric in two thirds of the lifter's own time or less is ballistic. Clean reps of a set
    vary by ±12 % and fatigue slows the last ones by up to 40 %; injected fast concentrics
    measure 0.52-0.61 of the median, stuttering (jerky) ones 0.6-0.9.
  - ``dropped_set_ratio`` = 0.45 (training practice and physics): a lowering in under half of
    the set's usual eccentric time is not controlled; a load falling freely through a 0.4 m row
    needs only ~0.3 s (√(2h/g)). On the simulator dropped eccentrics measure 0.22-0.30 of the
    median, everything else ≥ 0.47.
  - ``swing_ratio`` = 3.0 and ``kip_ratio`` = 7.0 (calibration on the simulator): the residual
    of a rep against the set's median rep (``repcount.swing``; eccentric core for swing, the
    whole rep for kip). Clean reps stay under 1.5× (never compared with less than 4 % of the
    lift's own signal); swings measure 3.5-15×, kips on pull-ups 6.5-12.6×, while the swings
    there measure 2.8-8.4× — kip and swing overlap, so ``kip`` is only looked for on hanging
    lifts, where a hip drive is defined, and with a gyro it is told from a swing by its angle.
  - ``kip_swing_rad`` = 0.15 (physics, the line calibrated on the simulator): on a gyro, a swing
    (the eccentric cue above) is a kip when the body swung at least this far off the set's
    median rep (``SwingResidual.angle_rad``, half the peak-to-peak). Hanging from the bar, the
    body and the forearm swing about the hands as one, so the wrist's rotation off the lift's
    own path is the body's swing. A kip's hip drive throws the body from the hollow to the arch,
    tens of degrees; a sway is a few degrees. The simulator draws kips of 0.28-0.38 rad and
    swings of 0.12-0.18 rad (a rep's own rotation path, 0.6 rad, is what both are measured
    against), which read 0.18-0.26 and 0.05-0.12 rad at 10 seeds (the set's median rep,
    shifted and scaled to each rep, takes up part of a swing that starts with the rep); clean,
    fast, jerky, bounced and dropped reps read ≤ 0.06. 0.15 rad (8.6°) is the middle of the
    gap. It is an angle, not a ratio to the set's other reps, so it does not move with how
    still they were.
  - ``jerk_ratio`` = 5.0 (calibration on the simulator): energy above 8 Hz in the concentric;
    clean reps stay under 1.6×, stutters reach 5-17×, a fast but smooth drive 2-6×.
  - ``bounce_ratio`` = 4.0 and ``bounce_ecc_ratio`` = 0.93 (calibration on the simulator and
    coaching): a bounce is a sharp reversal (a > 4 Hz spike 6-9× the set median) at the end of
    an eccentric cut short to use the stretch reflex; a clean bottom stays under ~2×.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from repcount.exercises import check_exercise, check_placement


@dataclass(frozen=True, slots=True)
class ExerciseProfile:
    """What a rep of one exercise looks like to the counter (all durations in seconds)."""

    exercise: str | None
    placement: str = "wrist"
    min_rep_s: float = 0.8
    """Shortest plausible rep; faster periodic motion (walking, fidgeting) is not a set."""
    max_rep_s: float = 10.0
    """Longest plausible rep."""
    eccentric_first: bool | None = None
    """Rep starts with the eccentric (bench, squat); False for pull-first lifts (rows, pull-ups);
    ``None`` (generic) decides per set: the faster half of the median rep is the concentric."""
    min_concentric_s: float = 0.45
    """Concentric faster than this is flagged ``fast_concentric``."""
    dropped_ratio: float = 0.4
    """Eccentric shorter than this share of the concentric is ``dropped_eccentric``."""
    partial_frac: float = 0.7
    """Travel (integrated velocity) below this share of the set median is flagged ``partial``."""
    count_frac: float = 0.72
    """Range below this share of the set median is not counted (reported as a partial rep)."""
    swing_ratio: float = 3.0
    """Eccentric-half residual from the set's median rep (``repcount.swing``) above this multiple
    of the set median: the body swings."""
    kip_ratio: float | None = None
    """Hanging lifts only, without a gyro: whole-rep residual above this multiple of the set
    median is a ``kip``."""
    kip_swing_rad: float | None = None
    """Hanging lifts only, with a gyro: a swing through at least this angle (rad) is a ``kip``."""
    bounce_ratio: float = 4.0
    """High-frequency spike at the end of the eccentric above this multiple of the set median: bounce."""
    bounce_ecc_ratio: float = 0.93
    """...on an eccentric shorter than this share of the set's median eccentric."""
    jerk_ratio: float = 5.0
    """High-frequency energy during the concentric above this multiple of the set median: jerky."""
    fast_ratio: float = 0.66
    """Concentric shorter than this share of the set's median concentric: ``fast_concentric``."""
    dropped_set_ratio: float = 0.45
    """Eccentric shorter than this share of the set's median eccentric: ``dropped_eccentric``."""


_GENERIC = ExerciseProfile(exercise=None)

# Pull-first lifts start the rep with the concentric (hang → pull, floor → lift).
_PROFILES: Final[dict[str, ExerciseProfile]] = {
    "pull_up": replace(
        _GENERIC, eccentric_first=False, min_concentric_s=0.5, kip_ratio=7.0, kip_swing_rad=0.15
    ),
    "barbell_row": replace(_GENERIC, eccentric_first=False, min_concentric_s=0.5),
    "dumbbell_row": replace(_GENERIC, eccentric_first=False, min_concentric_s=0.5),
    "lat_pulldown": replace(_GENERIC, eccentric_first=False, min_concentric_s=0.5),
    "seated_cable_row": replace(_GENERIC, eccentric_first=False, min_concentric_s=0.5),
    "hyperextension": replace(_GENERIC, eccentric_first=False, min_concentric_s=0.5),
    "bench_press": replace(_GENERIC, eccentric_first=True, min_concentric_s=0.35),
    "squat": replace(_GENERIC, eccentric_first=True, min_concentric_s=0.4),
    "deadlift": replace(_GENERIC, eccentric_first=False, min_concentric_s=0.4),
    "overhead_press": replace(_GENERIC, eccentric_first=False, min_concentric_s=0.35),
    "push_up": replace(_GENERIC, eccentric_first=True, min_concentric_s=0.35),
    "lunge": replace(_GENERIC, eccentric_first=True, min_concentric_s=0.4),
    "crunch": replace(_GENERIC, eccentric_first=False, min_concentric_s=0.4),
    "jumping_jack": replace(_GENERIC, min_rep_s=0.5, eccentric_first=False, min_concentric_s=0.0),
    "biceps_curl": replace(_GENERIC, eccentric_first=False, min_concentric_s=0.45),
}


def exercise_profile(exercise: str | None = None, placement: str = "wrist") -> ExerciseProfile:
    """The profile of ``exercise`` (``None`` = generic counter) at ``placement``.

    Raises ``ValueError`` naming the valid choices for an unknown exercise or placement.
    """
    exercise = check_exercise(exercise)
    placement = check_placement(placement)
    base = _GENERIC if exercise is None else _PROFILES[exercise]
    return replace(base, exercise=exercise, placement=placement)
