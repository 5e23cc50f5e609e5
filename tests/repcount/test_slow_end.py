"""A set whose ground-out last rep falls under the activity gate is counted whole (``slow_end``)."""

from __future__ import annotations

import pytest

from firmware_sim import RepScenario, simulate
from repcount import analyze_recording
from repcount.slow_end import ends_slow
from repcount.types import Rep
from tests.repcount.simsets import grinding_set


@pytest.mark.parametrize(
    ("exercise", "placement", "reps", "seed"),
    [("barbell_row", "bar", 5, 0), ("bench_press", "handle", 10, 0), ("dumbbell_row", "bar", 10, 0)],
)
def test_a_grind_under_the_activity_gate_is_counted(
    exercise: str, placement: str, reps: int, seed: int
) -> None:
    """The grind's moving RMS stays under the gate, so the set's active span ended at the rep
    before it and its window held no cycle of it: the set read one short."""
    true_last, the_set = grinding_set(exercise, placement, reps, seed)
    assert the_set.count == reps
    last = the_set.reps[-1]
    assert abs(last.start_s - true_last["start_s"]) < 0.3
    assert abs(last.end_s - true_last["end_s"]) < 1.0  # its closing pause read up to 0.9 s long
    assert the_set.summary is not None
    assert the_set.summary.last_rep_grind


@pytest.mark.parametrize(("exercise", "seed"), [("dumbbell_row", 5), ("lat_pulldown", 2)])
def test_a_rerack_past_the_gate_is_not_a_rep(exercise: str, seed: int) -> None:
    """A heavy set counted from mid-rep to mid-rep: the longer window counts its re-rack, at an
    ordinary rep's duration (1.02-1.03× the median), as one more rep; it is no slow rep."""
    reps = 5 if exercise == "dumbbell_row" else 10
    scenario = RepScenario(exercise, reps, "bar", seed=seed, tempo_s=(1.5, 0.3, 2.0, 0.0))
    rec = simulate(scenario, fs_hz=50)
    found = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=50, exercise=exercise, placement="bar"
    )
    assert found.count == reps


def _rep(start_s: float, end_s: float) -> Rep:
    return Rep(start_s, end_s, 1.0, 0.0, 1.0, 0.0)


def test_ends_slow_reads_the_last_rep_against_the_median_before_it() -> None:
    ordinary = [_rep(3.0 * i, 3.0 * i + 3.0) for i in range(4)]
    assert not ends_slow([*ordinary, _rep(12.0, 15.5)])  # 1.17x
    assert ends_slow([*ordinary, _rep(12.0, 16.0)])  # 1.33x
    assert not ends_slow([*ordinary[:1], _rep(3.0, 9.0)])  # too few reps to tell
