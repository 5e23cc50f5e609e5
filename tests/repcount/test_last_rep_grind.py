"""A simulated set whose last rep grinds out reads as a grind; the same set without it does not."""

from __future__ import annotations

import pytest

from firmware_sim import RepScenario, simulate
from repcount import analyze_recording
from repcount.summary import GRIND_RATIO


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
