"""WorkoutRunner: sensor batches → repcount's live counter → workout state, store and hub.

No signal math here: every number comes from ``repcount``. The runner only routes events,
compares finished sets with the routine (``verdict``), commits as it goes and publishes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from typing import Any

from repcount import PartialRep, RepCompleted, SetAnalysis, SetEnded, SetStarted
from sensors import SampleBatch, SensorError, SensorSource, merge_batches
from server.counting import (
    INLINE_PUSH_S,
    Counter,
    CounterFactory,
    default_counter_factory,
    rep_payload,
    timed_push,
)
from server.db import Store
from server.hub import LiveHub
from server.routine import Routine
from server.summary import summarize_workout
from server.verdict import judge_set
from server.workout import Position, Slot, Workout, routine_from_spec

log = logging.getLogger("repcount.server")
STATUS_EVERY_S = 0.25


class WorkoutRunner:
    """Owns the current workout; ``run(source_factory)`` drives it from a sensor stream."""

    def __init__(
        self,
        store: Store,
        hub: LiveHub,
        *,
        counter_factory: CounterFactory = default_counter_factory,
        clock: Callable[[], float],
    ) -> None:
        self.store, self.hub, self.clock = store, hub, clock
        self.counter_factory = counter_factory
        self.counter: Counter | None = None
        resumed = store.active_workout()
        if resumed is None:
            routine_row = store.list_routines()[0]  # the built-in routine is seeded first
            self.workout = Workout(routine_from_spec(routine_row.spec))
            self.workout_id = store.start_workout(routine_row.id, self.workout)
        else:
            self.workout_id, self.workout = resumed
            store.abort_open_sets(self.workout_id)
        self.set_id: int | None = None
        self.reps: list[dict[str, Any]] = []
        self.partials = 0
        self.last_verdict: dict[str, Any] | None = None
        self.rest_from_s: float | None = None
        self.rest_prev_s: float | None = None
        self.sensor: dict[str, Any] = {"connected": False, "dropped_packets": 0}
        self.t_s: float | None = None
        self._status_at = -1e9
        self.summary: list[dict[str, Any]] | None = None
        self._busy = False
        self._push_ema_s = 0.0
        self._set_slot: Slot | None = None
        self._set_position: Position | None = None
        self._before: tuple[float | None, dict[str, Any] | None, list[dict[str, Any]]] = (None, None, [])
        self._exercise_pending: tuple[str | None] | None = None
        if resumed is not None:
            self.last_verdict = self._stored_verdict()

    def _stored_verdict(self) -> dict[str, Any] | None:
        """After a restart mid-workout the phone shows the last finished set's verdict again."""
        row = self.store.get_workout(self.workout_id)
        done = [s for s in row.sets if s.status == "done" and s.verdict] if row else []
        if not done:
            return None
        last = max(done, key=lambda s: s.seq)
        slot = {k: getattr(last, k) for k in ("exercise", "set_number", "set_total", "side")}
        return {"set_id": last.id, "slot": slot, **(last.verdict or {})}

    # ---- state -------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        slot = self.workout.current()
        return {
            "type": "state",
            "workout_id": self.workout_id,
            "routine": self.workout.routine.name,
            "exercises": [p.exercise for p in self.workout.routine.items],
            "slot": slot.to_dict() if slot else None,
            "finished": self.workout.finished,
            "set_id": self.set_id,
            "count": len(self.reps),
            "reps": self.reps,
            "partials": self.partials,
            "verdict": self.last_verdict,
            "rest_from_s": self.rest_from_s,
            "t_s": self.t_s,
            "sensor": self.sensor,
            "summary": self.summary,
        }

    def _moved(self) -> None:
        self.store.save_workout(self.workout_id, self.workout, done=self.workout.finished)
        if self.workout.finished and self.summary is None:
            row = self.store.get_workout(self.workout_id)
            self.summary = summarize_workout(self.workout.routine, row.sets if row else [])
            self.hub.publish({"type": "workout_end", "summary": self.summary})
        if self.counter is not None:
            slot = self.workout.current()
            exercise = slot.exercise if slot else None
            if self._busy:  # the counter is in a worker thread: tell it after this push
                self._exercise_pending = (exercise,)
            else:
                self.counter.set_exercise(exercise)
        self.hub.publish(self.snapshot())

    # ---- user actions --------------------------------------------------------------------
    def act(self, action: str, exercise: str | None = None) -> dict[str, Any]:
        """Skip, repeat, change exercise or finish; returns the new state."""
        if action == "skip":
            self.workout.skip()
        elif action == "repeat":
            self.workout.repeat()
        elif action == "change":
            self.workout.change(str(exercise))
        elif action == "finish":
            self.workout.finish()
        else:
            raise ValueError(f"unknown action {action!r}; use skip, repeat, change or finish")
        if action != "finish":
            self.summary = None
        self._moved()
        return self.snapshot()

    def start(self, routine_id: int, routine: Routine) -> dict[str, Any]:
        """Begin a new workout (the active one, if any, is closed)."""
        self.workout = Workout(routine)
        self.workout_id = self.store.start_workout(routine_id, self.workout)
        self.set_id, self.reps, self.partials, self.last_verdict = None, [], 0, None
        self.rest_from_s = self.rest_prev_s = None
        self.summary = None
        self._moved()
        return self.snapshot()

    # ---- the stream ----------------------------------------------------------------------
    async def run(self, source_factory: Callable[[], SensorSource], *, retry_s: float = 5.0) -> None:
        """Consume sources until one ends cleanly; a sensor error is reported and retried."""
        while True:
            try:
                source = source_factory()
                async with source:
                    self._status(connected=True, force=True, source=source)
                    await self._pump(source)
                self.finish_stream()
                return
            except SensorError as exc:
                log.warning("sensor: %s; retrying in %.0f s", exc, retry_s)
                self._status(connected=False, force=True, error=str(exc))
                await asyncio.sleep(retry_s)

    async def _pump(self, source: SensorSource) -> None:
        """Read batches as they come; count them in a worker thread, merged while it is busy.

        The counter's cost is mostly per call, so batches that pile up during one call are
        joined into the next: the event loop stays free for the phones and the server keeps
        up with a fast source (or many) at the price of a little latency only under load.
        """
        pending: list[SampleBatch] = []
        wake = asyncio.Event()
        done = False

        async def read() -> None:
            nonlocal done
            try:
                async for batch in source.batches():
                    pending.append(batch)
                    wake.set()
            finally:
                done = True
                wake.set()

        reader = asyncio.create_task(read())
        try:
            while True:
                await wake.wait()
                wake.clear()
                batches, pending[:] = list(pending), []
                for batch in merge_batches(batches):
                    await self.feed_async(batch, source=source)
                if done and not pending:
                    break
            await reader  # re-raise a sensor error from the reader
        finally:
            reader.cancel()

    def _prepare(self, batch: SampleBatch) -> Counter:
        if self.counter is None:
            slot = self.workout.current()
            self.counter = self.counter_factory(
                fs_hz=batch.fs_hz, exercise=slot.exercise if slot else None, placement=batch.placement
            )
        self.sensor["dropped_packets"] = self.sensor.get("dropped_packets", 0) + batch.dropped_packets
        if batch.gap_s:
            self.sensor["last_gap_s"] = round(batch.gap_s, 2)
        self.sensor["name"] = batch.sensor
        return self.counter

    def feed(self, batch: SampleBatch, *, source: object = None) -> None:
        """Count one batch now, in this thread."""
        if len(batch) == 0:
            return
        counter = self._prepare(batch)
        events = counter.push(batch.t_s, batch.accel_ms2, batch.gyro_rads)
        self._after_push(batch, events, source)

    async def feed_async(self, batch: SampleBatch, *, source: object = None) -> None:
        """Count one batch; events are handled on the event loop.

        A counter that takes more than ``INLINE_PUSH_S`` per call runs in a worker thread so the
        loop stays free for the phones; a cheap one runs inline, as the thread hand-off would
        then cost more than the counting (it limits a process to ~150 streams).
        """
        if len(batch) == 0:
            return
        counter = self._prepare(batch)
        if self._push_ema_s < INLINE_PUSH_S:
            events, took = timed_push(counter, batch)
        else:
            self._busy = True
            try:
                events, took = await asyncio.to_thread(timed_push, counter, batch)
            finally:
                self._busy = False
        self._push_ema_s = 0.8 * self._push_ema_s + 0.2 * took
        self._after_push(batch, events, source)

    def _after_push(self, batch: SampleBatch, events: Sequence[object], source: object) -> None:
        self.t_s = float(batch.t_s[-1])
        for ev in events:
            self.handle(ev)
        if self._exercise_pending is not None and self.counter is not None:
            self.counter.set_exercise(self._exercise_pending[0])
            self._exercise_pending = None
        self._status(connected=True, source=source, force=batch.dropped_packets > 0)

    def finish_stream(self) -> None:
        if self.counter is not None:
            for ev in self.counter.finish() or ():
                self.handle(ev)
        self._status(connected=False, force=True)

    def _status(
        self, *, connected: bool, force: bool = False, source: object = None, error: str = ""
    ) -> None:
        now = self.clock()
        if not force and now - self._status_at < STATUS_EVERY_S:
            return
        self._status_at = now
        self.sensor["connected"] = connected
        if error:
            self.sensor["error"] = error
        extra = getattr(source, "status", None)
        if extra is not None:
            info = asdict(extra) if is_dataclass(extra) and not isinstance(extra, type) else extra
            if isinstance(info, dict):
                self.sensor.update({k: v for k, v in info.items() if isinstance(v, str | int | float | bool)})
        self.hub.publish({"type": "status", "t_s": self.t_s, "rest_from_s": self.rest_from_s, **self.sensor})

    # ---- live events ---------------------------------------------------------------------
    def handle(self, ev: object) -> None:
        if isinstance(ev, SetStarted):
            self._open_set(ev.t_s)
        elif isinstance(ev, RepCompleted):
            if self.set_id is None:
                self._open_set(ev.rep.start_s)
            self._rep(ev)
        elif isinstance(ev, PartialRep):
            self.partials += 1
            self.hub.publish({"type": "partial", "t_s": ev.t_s, **rep_payload(ev.rep)})
        elif isinstance(ev, SetEnded):
            self._close_set(ev.analysis)

    def _open_set(self, t_s: float) -> None:
        slot = self.workout.current()
        self._set_slot, self._set_position = slot, self.workout.position
        self._before = (self.rest_from_s, self.last_verdict, self.reps)
        self.reps, self.partials = [], 0
        self.last_verdict = None
        if self.rest_from_s is not None:
            self.rest_prev_s = t_s - self.rest_from_s
        self.rest_from_s = None
        self.set_id = self.store.open_set(self.workout_id, slot, t_s) if slot is not None else None
        self.hub.publish(
            {"type": "set_start", "t_s": t_s, "set_id": self.set_id, "slot": slot.to_dict() if slot else None}
        )

    def _rep(self, ev: RepCompleted) -> None:
        number = len(self.reps) + 1
        slot = self._set_slot
        payload = {
            "number": number,
            **rep_payload(ev.rep),
            "detected_t_s": None if self.t_s is None else round(self.t_s, 3),
        }
        self.reps.append(payload)
        if self.set_id is not None:
            self.store.add_rep(self.set_id, number, ev.rep)
        target = slot.prescription.max_reps if slot else None
        self.hub.publish(
            {
                "type": "rep",
                "t_s": ev.t_s,
                "set_id": self.set_id,
                "target_reached": number == target,
                **payload,
            }
        )

    def _close_set(self, analysis: SetAnalysis) -> None:
        slot = self._set_slot  # judged against what was asked when the set began
        set_id, self.set_id = self.set_id, None
        self.rest_from_s = analysis.end_s
        if slot is None or set_id is None:
            self.hub.publish(
                {"type": "set_end", "set_id": None, "count": analysis.count, "t_s": analysis.end_s}
            )
            return
        if analysis.count == 0:  # the counter took its reps back: not a set, the rest goes on
            self.store.close_set(set_id, end_s=analysis.end_s, fields={"status": "discarded", "count": 0})
            # the page goes back to the last real set: its reps, verdict and rest timer
            self.rest_from_s, self.last_verdict, self.reps = self._before
            self.hub.publish(
                {"type": "set_end", "set_id": set_id, "count": 0, "t_s": analysis.end_s, "discarded": True}
            )
            self.hub.publish(self.snapshot())
            return
        verdict = judge_set(analysis, slot.prescription, rest_taken_s=self.rest_prev_s)
        self.store.close_set(
            set_id,
            end_s=analysis.end_s,
            fields={
                "count": analysis.count,
                "partial_count": verdict.partial_count,
                "momentum_count": verdict.momentum_count,
                "rest_taken_s": self.rest_prev_s,
                "summary": asdict(analysis.summary) if analysis.summary is not None else None,
                "verdict": verdict.to_dict(),
            },
            reps=analysis.reps,
            partial_reps=analysis.partial_reps,
        )
        # the phone shows which set this was: by now its header names the next one
        self.last_verdict = {"set_id": set_id, "slot": slot.to_dict(), **verdict.to_dict()}
        # the final analysis is authoritative: phones that look now see its reps, not the live guesses
        self.reps = [{"number": i, **rep_payload(r)} for i, r in enumerate(analysis.reps, start=1)]
        self.partials = len(analysis.partial_reps)
        if self.workout.position == self._set_position:  # unless the user moved on meanwhile
            self.workout.advance()
        nxt = self.workout.current()
        self.hub.publish(
            {
                "type": "set_end",
                "set_id": set_id,
                "count": analysis.count,
                "t_s": analysis.end_s,
                "rest_s": slot.prescription.rest_s,
                "next": nxt.to_dict() if nxt else None,
            }
        )
        self.hub.publish({"type": "verdict", **self.last_verdict})
        self._moved()
