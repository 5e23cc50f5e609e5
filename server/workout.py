"""The workout state machine: walks a routine slot by slot (exercise, set k of n, side).

Pure and synchronous; ``WorkoutRunner`` persists the position after every change, so a
restarted server resumes at the same slot with ``Workout.from_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from repcount import check_exercise
from server.routine import Prescription, Routine, routine_from_doc

SIDES = ("left", "right")


@dataclass(frozen=True, slots=True)
class Position:
    """Where the workout is: routine item, 1-based set number, side index (0 unless per side)."""

    item: int = 0
    set_number: int = 1
    side: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"item": self.item, "set_number": self.set_number, "side": self.side}


@dataclass(frozen=True, slots=True)
class Slot:
    """The set the user should do now."""

    item: int
    prescription: Prescription
    set_number: int
    side: str | None

    @property
    def exercise(self) -> str:
        return self.prescription.exercise

    def to_dict(self) -> dict[str, Any]:
        p = self.prescription
        return {
            "item": self.item,
            "exercise": p.exercise,
            "set_number": self.set_number,
            "set_total": p.sets,
            "side": self.side,
            "min_reps": p.min_reps,
            "max_reps": p.max_reps,
            "tempo_s": list(p.tempo_s) if p.tempo_s else None,
            "rest_s": p.rest_s,
            "load_kg": p.load_kg,
        }


class Workout:
    """A routine plus a position in it. Methods move the position; ``current`` reads it."""

    def __init__(self, routine: Routine, position: Position | None = None) -> None:
        self.routine = routine
        self.position = position or Position()

    @property
    def finished(self) -> bool:
        return self.position.item >= len(self.routine.items)

    def current(self) -> Slot | None:
        if self.finished:
            return None
        pos = self.position
        p = self.routine.items[pos.item]
        return Slot(pos.item, p, pos.set_number, SIDES[pos.side] if p.per_side else None)

    def advance(self) -> Slot | None:
        """The current set is done (or skipped): move to the next side, set or exercise."""
        if self.finished:
            return None
        pos = self.position
        p = self.routine.items[pos.item]
        if p.per_side and pos.side == 0:
            self.position = replace(pos, side=1)
        elif pos.set_number < p.sets:
            self.position = Position(pos.item, pos.set_number + 1, 0)
        else:
            self.position = Position(pos.item + 1, 1, 0)
        return self.current()

    skip = advance

    def repeat(self) -> Slot | None:
        """Go back one slot, to do the previous set again."""
        pos = self.position
        if pos.side == 1:
            self.position = replace(pos, side=0)
        elif pos.set_number > 1 or pos.item >= len(self.routine.items):
            if pos.item >= len(self.routine.items):
                last = len(self.routine.items) - 1
                p = self.routine.items[last]
                self.position = Position(last, p.sets, 1 if p.per_side else 0)
            else:
                p = self.routine.items[pos.item]
                self.position = Position(pos.item, pos.set_number - 1, 1 if p.per_side else 0)
        elif pos.item > 0:
            p = self.routine.items[pos.item - 1]
            self.position = Position(pos.item - 1, p.sets, 1 if p.per_side else 0)
        return self.current()

    def change(self, exercise: str) -> Slot | None:
        """Jump to ``exercise``; one the routine lacks is added as 3×8–12 at the end."""
        check_exercise(exercise)
        for i, p in enumerate(self.routine.items):
            if p.exercise == exercise:
                self.position = Position(i, 1, 0)
                return self.current()
        extra = Prescription(exercise=exercise, sets=3, min_reps=8, max_reps=12)
        self.routine = Routine(self.routine.name, (*self.routine.items, extra))
        self.position = Position(len(self.routine.items) - 1, 1, 0)
        return self.current()

    def finish(self) -> None:
        self.position = Position(len(self.routine.items), 1, 0)

    def to_dict(self) -> dict[str, Any]:
        return {"routine": self.routine.to_dict(), "position": self.position.to_dict()}

    @classmethod
    def from_dict(cls, spec: dict[str, Any], position: dict[str, Any]) -> Workout:
        routine = routine_from_spec(spec)
        return cls(
            routine, Position(int(position["item"]), int(position["set_number"]), int(position["side"]))
        )


def routine_from_spec(spec: dict[str, Any]) -> Routine:
    """Rebuild a ``Routine`` from its stored ``to_dict`` form."""
    items = []
    for e in spec["exercises"]:
        tempo = e.get("tempo_s")
        items.append(
            Prescription(
                exercise=e["exercise"],
                sets=int(e["sets"]),
                min_reps=int(e["min_reps"]),
                max_reps=int(e["max_reps"]),
                per_side=bool(e.get("per_side", False)),
                tempo_s=tuple(float(x) for x in tempo) if tempo else None,  # type: ignore[arg-type]
                rest_s=float(e.get("rest_s", 90.0)),
                load_kg=None if e.get("load_kg") is None else float(e["load_kg"]),
            )
        )
    if not items:
        return routine_from_doc(spec)
    return Routine(str(spec.get("name", "")), tuple(items))
