"""Workouts and sets: start one, act on the current one from the phone, read the history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, status

from server.deps import RunnerDep, StoreDep
from server.models import (
    SetPublic,
    WorkoutAction,
    WorkoutCreate,
    WorkoutDetail,
    WorkoutPublic,
    set_public,
    workout_public,
)
from server.summary import summarize_workout
from server.workout import routine_from_spec

router = APIRouter(prefix="/api", tags=["workouts"])


@router.get("/workouts")
def list_workouts(
    store: StoreDep, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)
) -> list[WorkoutPublic]:
    """Workouts, newest first."""
    return [workout_public(w) for w in store.list_workouts(limit=limit, offset=offset)]


@router.post("/workouts", status_code=status.HTTP_201_CREATED)
def create_workout(body: WorkoutCreate, store: StoreDep, runner: RunnerDep) -> dict[str, Any]:
    """Start a new workout on a routine; the active one is closed."""
    row = store.get_routine(body.routine_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no routine {body.routine_id}")
    return runner.start(row.id, routine_from_spec(row.spec))


@router.get("/workouts/current")
def read_current_workout(runner: RunnerDep) -> dict[str, Any]:
    """The live state: exercise, set k of n, reps so far, last verdict, rest, sensor."""
    return runner.snapshot()


@router.post("/workouts/current/actions")
def act_on_current_workout(body: WorkoutAction, runner: RunnerDep) -> dict[str, Any]:
    """Skip the set, repeat the last one, change exercise or finish."""
    if body.action == "change":
        from repcount import EXERCISE_IDS

        if body.exercise not in EXERCISE_IDS:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail=f"unknown exercise {body.exercise!r}; choose one of: {', '.join(EXERCISE_IDS)}",
            )
    return runner.act(body.action, body.exercise)


@router.get("/workouts/{workout_id}")
def read_workout(workout_id: int, store: StoreDep) -> WorkoutDetail:
    """One workout with its sets and, per exercise, done against prescribed and overload advice."""
    row = store.get_workout(workout_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no workout {workout_id}")
    summary = summarize_workout(routine_from_spec(row.spec), row.sets)
    return WorkoutDetail(
        **workout_public(row).model_dump(),
        sets=[set_public(s) for s in row.sets],
        summary=summary,
    )


@router.get("/sets/{set_id}")
def read_set(set_id: int, store: StoreDep) -> SetPublic:
    """One set with its reps (partial reps have number 0)."""
    row = store.get_set(set_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no set {set_id}")
    return set_public(row, with_reps=True)


@router.get("/workouts/{workout_id}/sets")
def list_workout_sets(workout_id: int, store: StoreDep) -> list[SetPublic]:
    """A workout's sets in order, each with its reps."""
    row = store.get_workout(workout_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no workout {workout_id}")
    return [set_public(s, with_reps=True) for s in row.sets]


@router.get("/workouts/{workout_id}/sets/{set_id}")
def read_workout_set(workout_id: int, set_id: int, store: StoreDep) -> SetPublic:
    """One set of a workout with its reps."""
    row = store.get_set(set_id)
    if row is None or row.workout_id != workout_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no set {set_id} in workout {workout_id}")
    return set_public(row, with_reps=True)
