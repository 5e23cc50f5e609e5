"""Pure computation: sets, reps, tempo and momentum flags from acceleration. No I/O here."""

from repcount.exercises import (
    DEFAULT_ROUTINE,
    EXERCISE_IDS,
    FLAGS,
    PLACEMENTS,
    check_exercise,
    check_placement,
)
from repcount.types import (
    LiveEvent,
    PartialRep,
    Rep,
    RepCompleted,
    SessionAnalysis,
    SetAnalysis,
    SetEnded,
    SetStarted,
    SetSummary,
)

__all__ = [
    "DEFAULT_ROUTINE",
    "EXERCISE_IDS",
    "FLAGS",
    "PLACEMENTS",
    "LiveEvent",
    "PartialRep",
    "Rep",
    "RepCompleted",
    "SessionAnalysis",
    "SetAnalysis",
    "SetEnded",
    "SetStarted",
    "SetSummary",
    "check_exercise",
    "check_placement",
]
