"""WorkoutRunner without HTTP: events in, store and hub out; sets the counter takes back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from repcount import RepCompleted, SetAnalysis, SetEnded, SetStarted
from sensors import SampleBatch
from server.db import Store
from server.hub import LiveHub
from server.routine import parse_routine
from server.runner import WorkoutRunner
from tests.server.conftest import ScriptedCounter, make_set


def _batch(t0: float, t1: float) -> SampleBatch:
    t = np.arange(t0, t1, 0.02)
    return SampleBatch(t_s=t, accel_ms2=np.zeros((len(t), 3)), fs_hz=50.0)


def _runner(tmp_path: Path, script: list[Any]) -> tuple[WorkoutRunner, Any, ScriptedCounter]:
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    hub = LiveHub(clock=lambda: 0.0)
    counter = ScriptedCounter(script)
    runner = WorkoutRunner(store, hub, counter_factory=lambda **_: counter, clock=lambda: 0.0)
    return runner, hub.subscribe(), counter


def _drain(sub: Any) -> list[dict[str, Any]]:
    out = []
    while not sub.queue.empty():
        out.append(json.loads(sub.queue.get_nowait()))
    return out


def test_a_set_taken_back_by_the_counter_keeps_the_previous_verdict_and_rest(tmp_path: Path) -> None:
    first = make_set(1.0, 8)
    ghost_rep = first[1].rep
    ghost = [
        SetStarted(60.0, 1, "pull_up"),
        RepCompleted(61.0, 1, 1, ghost_rep),
        SetEnded(62.0, 1, SetAnalysis("pull_up", 60.0, 62.0, ())),
    ]
    runner, sub, _ = _runner(tmp_path, first + ghost)
    runner.feed(_batch(0, 40))
    verdict = runner.last_verdict
    assert verdict is not None
    assert runner.rest_from_s == 25.0
    runner.feed(_batch(40, 70))
    msgs = _drain(sub)
    assert [m for m in msgs if m["type"] == "set_end"][-1]["discarded"] is True
    assert runner.last_verdict == verdict
    assert runner.rest_from_s == 25.0
    assert runner.snapshot()["count"] == 8  # the page shows the last real set again
    assert runner.snapshot()["slot"]["set_number"] == 2  # the workout did not move
    row = runner.store.get_workout(runner.workout_id)
    assert row is not None
    assert [(s.status, s.count) for s in row.sets] == [("done", 8), ("discarded", 0)]


def test_counter_is_told_the_exercise_of_each_slot(tmp_path: Path) -> None:
    runner, _, counter = _runner(tmp_path, [])
    runner.feed(_batch(0, 1))
    runner.act("change", "lat_pulldown")
    runner.act("skip")
    assert counter.exercises == ["lat_pulldown", "lat_pulldown"]


def test_events_before_a_set_start_open_the_set(tmp_path: Path) -> None:
    events = make_set(1.0, 3)[1:]  # no SetStarted
    runner, sub, _ = _runner(tmp_path, events)
    runner.feed(_batch(0, 20))
    kinds = [m["type"] for m in _drain(sub)]
    assert kinds.index("set_start") < kinds.index("rep")
    assert runner.store.get_set(1) is not None


def test_finishing_the_routine_publishes_the_summary(tmp_path: Path) -> None:
    runner, sub, _ = _runner(tmp_path, [])
    runner.start(1, parse_routine("Pull-ups 1x3"))
    runner.counter = ScriptedCounter(make_set(1.0, 3))
    runner.feed(_batch(0, 20))
    msgs = _drain(sub)
    end = next(m for m in msgs if m["type"] == "workout_end")
    assert end["summary"][0]["exercise"] == "pull_up"
    assert end["summary"][0]["advice"]["action"] == "increase"
    assert runner.snapshot()["finished"] is True


def test_changing_exercise_mid_set_judges_the_set_as_begun_and_keeps_the_new_choice(tmp_path: Path) -> None:
    events = make_set(1.0, 9)
    runner, _, _ = _runner(tmp_path, events)
    runner.feed(_batch(0, 10))  # the set has begun, a few reps in
    runner.act("change", "lat_pulldown")
    runner.feed(_batch(10, 40))
    row = runner.store.get_workout(runner.workout_id)
    assert row is not None
    assert [(s.exercise, s.count, s.status) for s in row.sets] == [("pull_up", 9, "done")]
    assert runner.last_verdict is not None
    assert runner.last_verdict["range"] == "in"
    # the verdict names the set it judged, not the slot the workout moved on to
    assert runner.last_verdict["slot"]["exercise"] == "pull_up"
    slot = runner.workout.current()
    assert slot is not None
    assert (slot.exercise, slot.set_number) == ("lat_pulldown", 1)


def test_a_rep_ending_on_the_detecting_sample_is_not_detected_before_it_ends(tmp_path: Path) -> None:
    from dataclasses import replace

    t_last = 0.0236  # a rep whose end is the batch's last sample, on a clock that rounds up
    events = make_set(-3.0, 1)
    rep = replace(events[1].rep, end_s=t_last)
    runner, sub, _ = _runner(tmp_path, [events[0], RepCompleted(t_last, 0, 1, rep)])
    runner.feed(SampleBatch(t_s=np.array([0.0, t_last]), accel_ms2=np.zeros((2, 3)), fs_hz=50.0))
    reps = [m for m in _drain(sub) if m["type"] == "rep"]
    assert len(reps) == 1
    assert reps[0]["detected_t_s"] >= reps[0]["end_s"]
