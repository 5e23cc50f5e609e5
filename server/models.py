"""Wire models, one per direction. Routes convert store rows and repcount results into these."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from server.routine import RoutineFormat


class RoutineCreate(BaseModel):
    """A routine written by the user as text, YAML or JSON."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=20_000)
    format: RoutineFormat = "auto"


class PrescriptionPublic(BaseModel):
    exercise: str
    sets: int
    min_reps: int
    max_reps: int
    per_side: bool
    tempo_s: list[float] | None
    rest_s: float
    load_kg: float | None


class RoutinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    builtin: bool
    source: str
    exercises: list[PrescriptionPublic]
    created_at: datetime


class WorkoutCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    routine_id: int = Field(ge=1)


class WorkoutAction(BaseModel):
    """What the phone asks: skip this set, repeat the last one, change exercise, or finish."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["skip", "repeat", "change", "finish"]
    exercise: str | None = Field(default=None, max_length=40)


class RepPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    counted: bool
    start_s: float
    end_s: float
    eccentric_s: float
    pause_bottom_s: float
    concentric_s: float
    pause_top_s: float
    flags: list[str]
    reasons: list[str]
    """Why each flag was raised, in the order of ``flags``."""
    range_frac: float
    mean_concentric_velocity_ms: float | None = None
    """Bar or handle sensors: the rep's mean concentric velocity (m/s)."""


class SetPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    workout_id: int
    seq: int
    status: str
    exercise: str | None
    set_number: int
    set_total: int
    side: str | None
    min_reps: int
    max_reps: int
    load_kg: float | None
    start_s: float
    end_s: float | None
    count: int
    partial_count: int
    momentum_count: int
    rest_taken_s: float | None
    verdict: dict[str, Any] | None
    summary: dict[str, Any] | None
    reps: list[RepPublic] | None = None


class WorkoutPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    routine_id: int | None
    routine_name: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    sets_done: int


class WorkoutDetail(WorkoutPublic):
    sets: list[SetPublic]
    summary: list[dict[str, Any]]


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    sensor: str | None
    live: bool


def routine_public(row: Any) -> RoutinePublic:
    return RoutinePublic(
        id=row.id,
        name=row.name,
        builtin=row.builtin,
        source=row.source,
        exercises=[PrescriptionPublic.model_validate(e) for e in row.spec["exercises"]],
        created_at=row.created_at,
    )


def rep_public(row: Any) -> RepPublic:
    return RepPublic(
        number=row.number,
        counted=row.counted,
        start_s=row.start_s,
        end_s=row.end_s,
        eccentric_s=row.eccentric_s,
        pause_bottom_s=row.pause_bottom_s,
        concentric_s=row.concentric_s,
        pause_top_s=row.pause_top_s,
        flags=[f for f in row.flags.split(",") if f],
        reasons=[r for r in (row.reasons or "").split("\n") if r],
        range_frac=row.range_frac,
        mean_concentric_velocity_ms=row.mean_concentric_velocity_ms,
    )


def set_public(row: Any, *, with_reps: bool = False) -> SetPublic:
    fields = {k: getattr(row, k) for k in SetPublic.model_fields if k != "reps"}
    return SetPublic(**fields, reps=[rep_public(r) for r in row.reps] if with_reps else None)


def workout_public(row: Any) -> WorkoutPublic:
    return WorkoutPublic(
        id=row.id,
        routine_id=row.routine_id,
        routine_name=row.routine_name,
        status=row.status,
        started_at=row.started_at,
        ended_at=row.ended_at,
        sets_done=sum(1 for s in row.sets if s.status == "done"),
    )
