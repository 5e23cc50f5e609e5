"""The exercise catalog: ids (snake_case, a contract), placements and the default routine."""

from __future__ import annotations

from typing import Final, Literal

ExerciseId = Literal[
    "pull_up",
    "barbell_row",
    "dumbbell_row",
    "lat_pulldown",
    "seated_cable_row",
    "hyperextension",
    "bench_press",
    "squat",
    "deadlift",
    "overhead_press",
    "push_up",
    "lunge",
    "crunch",
    "jumping_jack",
    "biceps_curl",
]

EXERCISE_IDS: Final[tuple[str, ...]] = ExerciseId.__args__  # type: ignore[attr-defined]
"""Every exercise id the catalog knows, in catalog order."""

Placement = Literal["wrist", "bar", "handle", "torso"]
PLACEMENTS: Final[tuple[str, ...]] = Placement.__args__  # type: ignore[attr-defined]

FLAGS: Final[tuple[str, ...]] = (
    "fast_concentric",
    "jerky",
    "swing",
    "kip",
    "dropped_eccentric",
    "bounce",
    "partial",
)
"""Per-rep form flags. ``partial`` marks a movement short of full range: not counted as a rep
where the sensor measures the range (a bar or handle, the gyro's angle); at the wrist, where the
range proxy cannot tell a short rep from a full one, the rep counts and carries the flag."""

DEFAULT_ROUTINE: Final[tuple[tuple[str, int, int, int, bool], ...]] = (
    # exercise, sets, min reps, max reps, per side
    ("pull_up", 4, 8, 10, False),
    ("barbell_row", 4, 8, 10, False),
    ("dumbbell_row", 3, 10, 10, True),
    ("lat_pulldown", 3, 12, 12, False),
    ("seated_cable_row", 3, 10, 12, False),
    ("hyperextension", 3, 15, 15, False),
)
"""The brief's "Perfect back workout"."""


def check_exercise(exercise: str | None) -> str | None:
    """Return ``exercise`` if the catalog knows it (``None`` means generic); else ``ValueError``."""
    if exercise is None or exercise in EXERCISE_IDS:
        return exercise
    raise ValueError(f"unknown exercise {exercise!r}; choose one of: {', '.join(EXERCISE_IDS)}")


def check_placement(placement: str) -> str:
    """Return ``placement`` if known; else ``ValueError`` listing the valid ones."""
    if placement in PLACEMENTS:
        return placement
    raise ValueError(f"unknown placement {placement!r}; choose one of: {', '.join(PLACEMENTS)}")
