"""A set's first or last rep stopped short is reported as partial, not counted as a full rep.

The most common partial rep in training is the last: the lifter fails or stops short at the end
of a set. At a set's edge one half of a rep merges into the walk-up or the re-rack, so edge reps
were read on the half that faces the set alone, and a partial edge rep's slow eccentric reads
long there (0.73-0.83 of the set's on these sets): it was counted as a full rep.
"""

from __future__ import annotations

import pytest

from firmware_sim import RepScenario, simulate
from repcount import analyze_recording

FS = 50.0


@pytest.mark.parametrize(
    ("exercise", "placement", "rep", "seed"),
    [
        ("bench_press", "bar", 10, 0),
        ("squat", "handle", 10, 1),
        ("deadlift", "bar", 1, 1),
        ("barbell_row", "handle", 1, 1),
        ("overhead_press", "bar", 1, 1),
    ],
)
def test_a_partial_edge_rep_is_reported_not_counted(
    exercise: str, placement: str, rep: int, seed: int
) -> None:
    """Its whole travel (0.48-0.61 of the set's) and its outer half (0.42-0.53) both read
    partial, and it spans a rep's time; before, each of these sets read 10 with no partial rep."""
    faults = {rep: "partial"}
    rec = simulate(RepScenario(exercise, 10, placement=placement, faults=faults, seed=seed), fs_hz=FS)
    result = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=FS, exercise=exercise, placement=placement
    )
    truth = rec.truth["sets"][0]
    assert [s.count for s in result.sets] == [len(truth["reps"])] == [9]
    found = [r.start_s for r in result.sets[0].partial_reps]
    (want,) = (r["start_s"] for r in truth["partial_reps"])
    assert any(abs(f - want) < 1.0 for f in found)


@pytest.mark.parametrize(("exercise", "placement"), [("bench_press", "bar"), ("deadlift", "handle")])
def test_whole_edge_reps_still_count(exercise: str, placement: str) -> None:
    """A clean set's edge reps read whole on their whole travel: 10 of 10, no partial rep."""
    rec = simulate(RepScenario(exercise, 10, placement=placement, seed=0), fs_hz=FS)
    result = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=FS, exercise=exercise, placement=placement
    )
    assert [s.count for s in result.sets] == [10]
    assert result.sets[0].partial_reps == ()
