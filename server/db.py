"""The store: one SQLAlchemy engine (SQLite file by default, PostgreSQL by URL), short transactions.

Every rep and every finished set is committed the moment it happens, so a restart loses
no finished set. Reads return detached rows with their children loaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, inspect, select, text, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from repcount import Rep
from server.routine import Routine, default_routine
from server.tables import Base, RepRow, RoutineRow, SetRow, WorkoutRow, utcnow
from server.workout import Slot, Workout


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(conn: Any, _record: Any) -> None:
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    """All reads and writes of routines, workouts, sets and reps."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        Base.metadata.create_all(self.engine)
        add_missing_columns(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._seed_default()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as s:
            yield s

    def _seed_default(self) -> None:
        with self.session() as s:
            if s.scalar(select(RoutineRow.id).where(RoutineRow.builtin.is_(True))) is None:
                r = default_routine()
                s.add(RoutineRow(name=r.name, source="", spec=r.to_dict(), builtin=True))

    # ---- routines ------------------------------------------------------------------------
    def list_routines(self) -> Sequence[RoutineRow]:
        with self.session() as s:
            return s.scalars(select(RoutineRow).order_by(RoutineRow.id)).all()

    def get_routine(self, routine_id: int) -> RoutineRow | None:
        with self.session() as s:
            return s.get(RoutineRow, routine_id)

    def create_routine(self, routine: Routine, source: str) -> RoutineRow:
        with self.session() as s:
            row = RoutineRow(name=routine.name, source=source, spec=routine.to_dict())
            s.add(row)
            s.flush()
            return row

    def delete_routine(self, routine_id: int) -> bool:
        with self.session() as s:
            row = s.get(RoutineRow, routine_id)
            if row is None or row.builtin:
                return False
            s.delete(row)
            return True

    # ---- workouts ------------------------------------------------------------------------
    def start_workout(self, routine_id: int | None, workout: Workout) -> int:
        with self.session() as s:
            s.execute(
                update(WorkoutRow)
                .where(WorkoutRow.status == "active")
                .values(status="done", ended_at=utcnow())
            )
            row = WorkoutRow(
                routine_id=routine_id,
                routine_name=workout.routine.name,
                spec=workout.routine.to_dict(),
                position=workout.position.to_dict(),
            )
            s.add(row)
            s.flush()
            return row.id

    def active_workout(self) -> tuple[int, Workout] | None:
        with self.session() as s:
            row = s.scalars(
                select(WorkoutRow).where(WorkoutRow.status == "active").order_by(WorkoutRow.id.desc())
            ).first()
            if row is None:
                return None
            return row.id, Workout.from_dict(row.spec, row.position)

    def save_workout(self, workout_id: int, workout: Workout, *, done: bool = False) -> None:
        with self.session() as s:
            values: dict[str, Any] = {
                "spec": workout.routine.to_dict(),
                "position": workout.position.to_dict(),
            }
            if done:
                values |= {"status": "done", "ended_at": utcnow()}
            s.execute(update(WorkoutRow).where(WorkoutRow.id == workout_id).values(**values))

    def list_workouts(self, *, limit: int = 50, offset: int = 0) -> Sequence[WorkoutRow]:
        with self.session() as s:
            q = select(WorkoutRow).order_by(WorkoutRow.id.desc()).limit(limit).offset(offset)
            return s.scalars(q.options(selectinload(WorkoutRow.sets))).all()

    def get_workout(self, workout_id: int) -> WorkoutRow | None:
        with self.session() as s:
            q = select(WorkoutRow).where(WorkoutRow.id == workout_id)
            q = q.options(selectinload(WorkoutRow.sets).selectinload(SetRow.reps))
            return s.scalars(q).first()

    # ---- sets and reps -------------------------------------------------------------------
    def open_set(self, workout_id: int, slot: Slot, start_s: float) -> int:
        with self.session() as s:
            seq = len(s.scalars(select(SetRow.id).where(SetRow.workout_id == workout_id)).all()) + 1
            p = slot.prescription
            row = SetRow(
                workout_id=workout_id,
                seq=seq,
                exercise=p.exercise,
                item_index=slot.item,
                set_number=slot.set_number,
                set_total=p.sets,
                side=slot.side,
                min_reps=p.min_reps,
                max_reps=p.max_reps,
                load_kg=p.load_kg,
                start_s=start_s,
            )
            s.add(row)
            s.flush()
            return row.id

    def add_rep(self, set_id: int, number: int, rep: Rep, *, counted: bool = True) -> None:
        with self.session() as s:
            s.add(_rep_row(set_id, number, rep, counted))
            if counted:
                s.execute(update(SetRow).where(SetRow.id == set_id).values(count=number))

    def close_set(
        self,
        set_id: int,
        *,
        end_s: float,
        fields: dict[str, Any],
        reps: Sequence[Rep] | None = None,
        partial_reps: Sequence[Rep] = (),
    ) -> None:
        """Mark a set done with its verdict and summary; the final reps replace the live ones."""
        with self.session() as s:
            values = {"status": "done", "end_s": end_s} | fields
            s.execute(update(SetRow).where(SetRow.id == set_id).values(**values))
            if reps is not None:
                s.execute(delete(RepRow).where(RepRow.set_id == set_id))
                s.add_all(_rep_row(set_id, i, r, True) for i, r in enumerate(reps, start=1))
                s.add_all(_rep_row(set_id, 0, r, False) for r in partial_reps)

    def abort_open_sets(self, workout_id: int) -> int:
        with self.session() as s:
            res = s.execute(
                update(SetRow)
                .where(SetRow.workout_id == workout_id, SetRow.status == "open")
                .values(status="aborted")
            )
            return int(getattr(res, "rowcount", 0) or 0)

    def get_set(self, set_id: int) -> SetRow | None:
        with self.session() as s:
            return s.scalars(
                select(SetRow).where(SetRow.id == set_id).options(selectinload(SetRow.reps))
            ).first()


def _rep_row(set_id: int, number: int, rep: Rep, counted: bool) -> RepRow:
    return RepRow(
        set_id=set_id,
        number=number,
        counted=counted,
        start_s=rep.start_s,
        end_s=rep.end_s,
        eccentric_s=rep.eccentric_s,
        pause_bottom_s=rep.pause_bottom_s,
        concentric_s=rep.concentric_s,
        pause_top_s=rep.pause_top_s,
        flags=",".join(rep.flags),
        reasons="\n".join(r.replace("\n", " ") for r in rep.reasons),
        range_frac=rep.range_frac,
        peak_accel_ms2=rep.peak_accel_ms2,
        mean_concentric_velocity_ms=rep.mean_concentric_velocity_ms,
    )


def add_missing_columns(engine: Engine) -> list[str]:
    """Add the columns a newer release has to a database an older one made; returns them.

    ``create_all`` makes missing tables but never alters one, so a column added to a table
    since (``reps.reasons``) would make every read of an older database fail. Such columns
    carry a server-side default, so the rows already stored read as they did.
    """
    added = []
    names = inspect(engine)
    for table in Base.metadata.sorted_tables:
        have = {c["name"] for c in names.get_columns(table.name)}
        for col in table.columns:
            if col.name in have:
                continue
            kind = col.type.compile(dialect=engine.dialect)
            default = getattr(col.default, "arg", None) if col.default is not None else None
            if default is None and col.nullable:  # an optional value: older rows have none
                with engine.begin() as conn:
                    conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{col.name}" {kind}'))
                added.append(f"{table.name}.{col.name}")
                continue
            if default is None or callable(default):
                raise RuntimeError(f"{table.name}.{col.name} was added without a default: give it one")
            if isinstance(default, bool):
                literal = "TRUE" if default else "FALSE"
            elif isinstance(default, str):
                literal = "'" + default.replace("'", "''") + "'"
            else:
                literal = repr(default)
            sql = f'ALTER TABLE {table.name} ADD COLUMN "{col.name}" {kind} NOT NULL DEFAULT {literal}'
            with engine.begin() as conn:
                conn.execute(text(sql))
            added.append(f"{table.name}.{col.name}")
    return added
