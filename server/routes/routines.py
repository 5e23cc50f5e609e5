"""Routines: the built-in back workout and the user's own, written as text, YAML or JSON."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from server.deps import StoreDep
from server.models import RoutineCreate, RoutinePublic, routine_public
from server.routine import RoutineError, parse_routine

router = APIRouter(prefix="/api/routines", tags=["routines"])


@router.get("")
def list_routines(store: StoreDep) -> list[RoutinePublic]:
    """Every routine, the built-in one first."""
    return [routine_public(r) for r in store.list_routines()]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_routine(body: RoutineCreate, store: StoreDep) -> RoutinePublic:
    """Parse and store a routine; 422 with the line and the fix when it does not validate."""
    try:
        routine = parse_routine(body.text, fmt=body.format, name=body.name)
    except RoutineError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from exc
    return routine_public(store.create_routine(routine, body.text))


@router.get("/{routine_id}")
def read_routine(routine_id: int, store: StoreDep) -> RoutinePublic:
    """One routine."""
    row = store.get_routine(routine_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no routine {routine_id}")
    return routine_public(row)


@router.delete("/{routine_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_routine(routine_id: int, store: StoreDep) -> None:
    """Delete a user routine (the built-in one stays)."""
    row = store.get_routine(routine_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no routine {routine_id}")
    if not store.delete_routine(routine_id):
        raise HTTPException(status.HTTP_409_CONFLICT, detail="the built-in routine cannot be deleted")
