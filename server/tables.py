"""SQLAlchemy 2 tables: routines, workouts, sets, reps. Same schema on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: DateTime(timezone=True)}


class RoutineRow(Base):
    __tablename__ = "routines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, default="")
    spec: Mapped[dict[str, Any]]
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkoutRow(Base):
    __tablename__ = "workouts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    routine_id: Mapped[int | None] = mapped_column(ForeignKey("routines.id", ondelete="SET NULL"))
    routine_name: Mapped[str] = mapped_column(String(200))
    spec: Mapped[dict[str, Any]]
    """The routine as it was when the workout started (exercises may be added on the way)."""
    position: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    sets: Mapped[list[SetRow]] = relationship(back_populates="workout", order_by="SetRow.seq")


class SetRow(Base):
    __tablename__ = "sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workout_id: Mapped[int] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open")
    """"open" while reps arrive, "done" when the set ended, "aborted" if the server stopped mid-set."""
    exercise: Mapped[str | None] = mapped_column(String(40))
    item_index: Mapped[int] = mapped_column(Integer)
    set_number: Mapped[int] = mapped_column(Integer)
    set_total: Mapped[int] = mapped_column(Integer)
    side: Mapped[str | None] = mapped_column(String(8))
    min_reps: Mapped[int] = mapped_column(Integer)
    max_reps: Mapped[int] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float)
    start_s: Mapped[float] = mapped_column(Float)
    end_s: Mapped[float | None] = mapped_column(Float, default=None)
    count: Mapped[int] = mapped_column(Integer, default=0)
    partial_count: Mapped[int] = mapped_column(Integer, default=0)
    momentum_count: Mapped[int] = mapped_column(Integer, default=0)
    rest_taken_s: Mapped[float | None] = mapped_column(Float, default=None)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    verdict: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    workout: Mapped[WorkoutRow] = relationship(back_populates="sets")
    reps: Mapped[list[RepRow]] = relationship(
        back_populates="set", order_by="RepRow.start_s", cascade="all, delete-orphan"
    )


class RepRow(Base):
    __tablename__ = "reps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("sets.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    """1-based count within the set; 0 for a partial rep (reported, not counted)."""
    counted: Mapped[bool] = mapped_column(Boolean, default=True)
    start_s: Mapped[float] = mapped_column(Float)
    end_s: Mapped[float] = mapped_column(Float)
    eccentric_s: Mapped[float] = mapped_column(Float)
    pause_bottom_s: Mapped[float] = mapped_column(Float)
    concentric_s: Mapped[float] = mapped_column(Float)
    pause_top_s: Mapped[float] = mapped_column(Float)
    flags: Mapped[str] = mapped_column(String(200), default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    """Each flag's reason, one per line in the order of ``flags`` (added after the first
    release: older databases get the column, empty, when the store opens them)."""
    range_frac: Mapped[float] = mapped_column(Float, default=1.0)
    peak_accel_ms2: Mapped[float] = mapped_column(Float, default=0.0)
    mean_concentric_velocity_ms: Mapped[float | None] = mapped_column(Float, default=None, nullable=True)
    """A bar or handle sensor's mean concentric velocity (m/s); none at the wrist (added after
    the first releases: older databases get the column, empty, when the store opens them)."""
    set: Mapped[SetRow] = relationship(back_populates="reps")
