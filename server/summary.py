"""After the workout: sets done against prescribed, volume, and overload advice per exercise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from server.routine import Routine
from server.verdict import SetRecord, advise_overload


class StoredSet(Protocol):
    """What a finished set row offers (``server.tables.SetRow`` fits)."""

    status: str
    item_index: int
    count: int
    partial_count: int
    momentum_count: int
    load_kg: float | None
    summary: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ExerciseSummary:
    exercise: str
    sets_done: int
    sets_prescribed: int
    reps: int
    volume_kg: float | None
    """Reps × load; ``None`` when no load was prescribed (body weight)."""
    advice: dict[str, Any]


def summarize_workout(routine: Routine, sets: Sequence[StoredSet]) -> list[dict[str, Any]]:
    """One summary per routine item, in routine order."""
    out = []
    for i, p in enumerate(routine.items):
        done = [s for s in sets if s.status == "done" and s.item_index == i]
        records = [
            SetRecord(
                count=s.count,
                momentum_count=s.momentum_count,
                partial_count=s.partial_count,
                slowdown_pct=float((s.summary or {}).get("slowdown_pct") or 0.0),
                # absent from sets stored before it was measured: not a grind
                last_rep_grind=bool((s.summary or {}).get("last_rep_grind", False)),
            )
            for s in done
        ]
        reps = sum(s.count for s in done)
        volume = (
            sum(s.count * s.load_kg for s in done if s.load_kg is not None) if p.load_kg is not None else None
        )
        out.append(
            asdict(
                ExerciseSummary(
                    exercise=p.exercise,
                    sets_done=len(done),
                    sets_prescribed=p.sets * (2 if p.per_side else 1),
                    reps=reps,
                    volume_kg=volume,
                    advice=advise_overload(p.exercise, p, records).to_dict(),
                )
            )
        )
    return out
