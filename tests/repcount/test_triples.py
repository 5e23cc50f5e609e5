"""A heavy triple (3 reps) found in a recording is a set (``pipeline.MIN_SET_REPS``)."""

from __future__ import annotations

import pytest

from firmware_sim import RepScenario, simulate
from repcount import analyze_recording
from repcount.pipeline import MIN_SET_REPS

FS = 50.0


@pytest.mark.parametrize(
    ("exercise", "placement"),
    [
        ("barbell_row", "bar"),
        ("overhead_press", "handle"),
        ("deadlift", "bar"),
        ("squat", "bar"),
        ("dumbbell_row", "wrist"),
        ("push_up", "wrist"),
        ("hyperextension", "torso"),
    ],
)
def test_a_simulated_triple_is_found_with_its_three_reps(exercise: str, placement: str) -> None:
    """The simulator's 3-rep set, with its walk-up, set-up and walk-away, through
    ``analyze_recording``: one set of 3, the simulator's truth (with 4 reps asked of a set, a
    triple read no set at all)."""
    rec = simulate(RepScenario(exercise, 3, placement=placement, seed=1), fs_hz=FS)
    found = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=FS, exercise=exercise, placement=placement
    )
    truth = [len(s["reps"]) for s in rec.truth["sets"]]
    assert truth == [3]
    assert [s.count for s in found.sets] == truth


@pytest.mark.parametrize("exercise", ["barbell_row", None])
def test_two_reps_at_the_wrist_are_not_a_set(exercise: str | None) -> None:
    """Two rep-like cycles (what an unrack and a walk-out, or a shake of the hand, make) stay
    under ``MIN_SET_REPS``: the simulator's 2-rep barbell row at the wrist reads no set, with the
    lift known and for the generic counter."""
    rec = simulate(RepScenario("barbell_row", 2, placement="wrist", seed=1), fs_hz=FS)
    found = analyze_recording(rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=FS, exercise=exercise)
    assert MIN_SET_REPS > 2
    assert found.sets == ()
