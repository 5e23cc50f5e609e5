"""A simulated set whose last rep grinds out reads as a grind; the same set without it does not."""

from __future__ import annotations

import pytest

from firmware_sim import RepScenario, simulate
from repcount import analyze_recording
from repcount.summary import GRIND_RATIO
from tests.repcount.simsets import grinding_set


@pytest.mark.parametrize(
    ("exercise", "placement"), [("squat", "bar"), ("pull_up", "wrist"), ("barbell_row", "wrist")]
)
def test_a_ground_out_last_rep_reads_as_a_grind(exercise: str, placement: str) -> None:
    for grind in (False, True):
        rec = simulate(RepScenario(exercise, 5, placement, seed=0, grind_last=grind), fs_hz=50)
        found = analyze_recording(
            rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=50, exercise=exercise, placement=placement
        )
        (the_set,) = found.sets
        assert the_set.count == 5
        summary = the_set.summary
        assert summary is not None
        assert summary.last_rep_slowdown_pct is not None
        assert summary.last_rep_grind is grind
        if grind:
            assert summary.last_rep_slowdown_pct >= 100 * (GRIND_RATIO - 1)
        else:
            assert abs(summary.last_rep_slowdown_pct) < 30.0


@pytest.mark.parametrize(("exercise", "seed"), [("lat_pulldown", 0), ("deadlift", 1)])
def test_a_pull_first_grind_is_timed_whole_not_as_a_fast_concentric(exercise: str, seed: int) -> None:
    """Pull-first, the grind is the last rep's first half. With the last rep over 1.4× the median
    left to the edge stages, the rep before it took the slow concentric's start, and the last rep
    read a 0.06-0.5 s concentric flagged ``fast_concentric`` (``slow_tail.MAX_TAIL_DURATION``)."""
    reps = 5 if exercise == "lat_pulldown" else 10
    rec = simulate(RepScenario(exercise, reps, "bar", seed=seed, grind_last=True), fs_hz=50)
    true_last = rec.truth["sets"][0]["reps"][-1]
    found = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=50, exercise=exercise, placement="bar"
    )
    (the_set,) = found.sets
    assert the_set.count == reps
    last = the_set.reps[-1]
    assert "fast_concentric" not in last.flags
    assert abs(last.concentric_s - true_last["concentric_s"]) < 0.2
    assert the_set.summary is not None
    assert the_set.summary.last_rep_grind


@pytest.mark.parametrize(
    ("exercise", "placement", "reps"),
    [
        ("lat_pulldown", "bar", 5),
        ("deadlift", "handle", 5),
        ("overhead_press", "bar", 5),
        ("lat_pulldown", "handle", 10),
    ],
)
def test_a_grind_counted_on_its_travel_is_timed_with_it_counted(
    exercise: str, placement: str, reps: int
) -> None:
    """A pull-first grind that only its travel counts (``whole_edges``, after the boundaries): on
    a bar or handle the phases are timed on the counted reps' drift anchors, so the boundaries are
    timed again with it counted. Timed as uncounted, its velocity drifted and it read a 0.1-0.3 s
    concentric flagged ``fast_concentric``, starting 0.7 s late."""
    true_last, the_set = grinding_set(exercise, placement, reps, 1)
    assert the_set.count == reps
    last = the_set.reps[-1]
    assert "fast_concentric" not in last.flags
    assert abs(last.start_s - true_last["start_s"]) < 0.3
    assert abs(last.concentric_s - true_last["concentric_s"]) < 0.2 * true_last["concentric_s"]
    assert the_set.summary is not None
    assert the_set.summary.last_rep_grind
