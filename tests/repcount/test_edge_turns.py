"""Cycles at a set's edges that turn the sensor far more than its reps (the walk-out, the
re-rack, the arms dropping after the set) are not reps."""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim import RepScenario, simulate
from repcount import analyze_recording
from repcount.edge_turns import drop_turning_edges, edge_turns, past_turns
from repcount.segment import RepSegments

FS = 50.0


@pytest.mark.parametrize(
    ("exercise", "fault", "seed", "reps"),
    [("squat", None, 5, 10), ("bench_press", "partial", 5, 8), ("overhead_press", "swing", 1, 10)],
)
def test_the_walk_out_and_re_rack_at_the_wrist_are_not_reps(
    exercise: str, fault: str | None, seed: int, reps: int
) -> None:
    """These sets read 13 of 10, 10 of 8 and 11 of 10: the walk-out before the set and the
    re-rack after it read as rep-sized cycles on the counting signal and were counted, while the
    gyro shows them turning the wrist 7-9 times as far as a rep."""
    faults = {} if fault is None else {4: fault, 8: fault}
    rec = simulate(RepScenario(exercise, 10, placement="wrist", faults=faults, seed=seed), fs_hz=FS)
    result = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=FS, exercise=exercise, placement="wrist"
    )
    assert [s.count for s in result.sets] == [len(rec.truth["sets"][0]["reps"])] == [reps]


@pytest.mark.parametrize(("fault", "seed"), [("jerky", 6), ("bounce", 6)])
def test_a_last_rep_that_shared_its_cycle_with_the_re_rack_is_found_again(fault: str, seed: int) -> None:
    """These wrist squats read their last rep and the re-rack as one phase cycle, which turns the
    wrist far more than a rep: dropped as a whole, the set read 9 of 10. Cut where that cycle has
    turned a rep's worth, the window segmented again has the last rep as a cycle of its own."""
    faults = {4: fault, 8: fault}
    rec = simulate(RepScenario("squat", 10, placement="wrist", faults=faults, seed=seed), fs_hz=FS)
    result = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=FS, exercise="squat", placement="wrist"
    )
    truth = [r["start_s"] for r in rec.truth["sets"][0]["reps"]]
    found = [r.start_s for s in result.sets for r in s.reps]
    assert len(found) == len(truth) == 10
    assert max(abs(f - t) for f, t in zip(found, truth, strict=True)) < 1.0


def _segments(n_reps: int, period: int) -> RepSegments:
    starts = np.arange(n_reps, dtype=np.intp) * period
    ends = starts + period
    return RepSegments(
        starts,
        starts + period // 2,
        ends,
        np.ones(n_reps),
        np.ones(n_reps, dtype=bool),
        period / FS,
        0.9,
        np.zeros(int(ends[-1]) + 1),
    )


def test_an_edge_cycle_turning_far_more_than_the_reps_is_dropped() -> None:
    """Six reps of 100 samples turning 1 rad/s; the last cycle turns 8 times as far: dropped. One
    turning 1.9 times as far (a real edge rep with the exit in it) stays, and without a gyro
    nothing changes."""
    seg = _segments(6, 100)
    gyro = np.zeros((601, 3))
    gyro[:, 0] = 1.0
    gyro[500:600, 0] = 8.0
    out = drop_turning_edges(seg, gyro, FS)
    np.testing.assert_array_equal(out.starts, seg.starts[:5])
    gyro[500:600, 0] = 1.9
    np.testing.assert_array_equal(drop_turning_edges(seg, gyro, FS).starts, seg.starts)
    assert drop_turning_edges(seg, None, FS) is seg


def test_up_to_two_cycles_from_each_edge_are_dropped() -> None:
    """The walk-out can fill two cycles before the set; a third, inside the set, is not looked at."""
    seg = _segments(9, 100)
    gyro = np.ones((901, 3))
    gyro[:300] = 10.0
    out = drop_turning_edges(seg, gyro, FS)
    np.testing.assert_array_equal(out.starts, seg.starts[2:])


def test_the_window_is_cut_where_a_turning_edge_cycle_has_turned_a_rep_s_worth() -> None:
    """The last cycle (samples 500-700) turns 0.5 rad/s for its first 100 samples, as far as each
    rep (the last rep), and 8 rad/s after (the re-rack): the window is cut at sample 600, where the
    cycle has turned a rep's worth, and not at all without a gyro."""
    seg = _segments(6, 100)
    seg = RepSegments(
        seg.starts,
        seg.turns,
        np.append(seg.ends[:-1], 700),
        seg.range_ms2,
        seg.counted,
        2.0,
        0.9,
        np.zeros(701),
    )
    gyro = np.zeros((701, 3))
    gyro[:, 0] = 0.5
    gyro[600:, 0] = 8.0
    lo, hi = past_turns(seg, gyro, FS)
    assert lo == 0
    assert abs((700 - hi) - 600) <= 1
    assert past_turns(seg, None, FS) == (0, 0)
    turns = edge_turns(seg, gyro, FS)  # built once, read by both rules: the same answers
    assert past_turns(seg, gyro, FS, turns=turns) == (lo, hi)
    np.testing.assert_array_equal(drop_turning_edges(seg, gyro, FS, turns=turns).starts, seg.starts[:5])
    assert edge_turns(seg, None, FS).turned_rad is None
