"""The FastAPI app: routines, workouts, the live hub and the phone page. No signal math here."""

from server.config import Settings
from server.db import Store
from server.hub import LiveHub
from server.main import create_app
from server.routine import Prescription, Routine, RoutineError, default_routine, parse_routine
from server.runner import WorkoutRunner
from server.verdict import OverloadAdvice, SetVerdict, advise_overload, judge_set
from server.workout import Slot, Workout

__all__ = [
    "LiveHub",
    "OverloadAdvice",
    "Prescription",
    "Routine",
    "RoutineError",
    "SetVerdict",
    "Settings",
    "Slot",
    "Store",
    "Workout",
    "WorkoutRunner",
    "advise_overload",
    "create_app",
    "default_routine",
    "judge_set",
    "parse_routine",
]
