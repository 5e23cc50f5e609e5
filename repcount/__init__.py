"""Pure computation: sets, reps, tempo and momentum flags from acceleration. No I/O here.

Offline: ``analyze_recording`` (finds the sets) and ``process_set`` (one known set). Live:
``LiveCounter`` (batches in, ``LiveEvent`` out). The stages are public for tests and tools:
``filter_motion`` → ``segment_reps`` → ``measure_tempo`` → ``flag_momentum`` → ``summarise_set``.
"""

from repcount.activity import ActiveSpans, find_active_spans
from repcount.exercises import (
    DEFAULT_ROUTINE,
    EXERCISE_IDS,
    FLAGS,
    PLACEMENTS,
    check_exercise,
    check_placement,
)
from repcount.filter import FilteredMotion, filter_motion
from repcount.known_set import count_reps, process_set
from repcount.live import LiveCounter
from repcount.live_buffer import LiveFilter
from repcount.momentum import MomentumFlags, flag_momentum
from repcount.pipeline import analyze_recording
from repcount.profiles import ExerciseProfile, exercise_profile
from repcount.segment import RepSegments, segment_reps
from repcount.summary import summarise_set
from repcount.tempo import Tempo, measure_tempo
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
    "ActiveSpans",
    "ExerciseProfile",
    "FilteredMotion",
    "LiveCounter",
    "LiveEvent",
    "LiveFilter",
    "MomentumFlags",
    "PartialRep",
    "Rep",
    "RepCompleted",
    "RepSegments",
    "SessionAnalysis",
    "SetAnalysis",
    "SetEnded",
    "SetStarted",
    "SetSummary",
    "Tempo",
    "analyze_recording",
    "check_exercise",
    "check_placement",
    "count_reps",
    "exercise_profile",
    "filter_motion",
    "find_active_spans",
    "flag_momentum",
    "measure_tempo",
    "process_set",
    "segment_reps",
    "summarise_set",
]
