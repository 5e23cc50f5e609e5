"""Runs of reps a rest apart in one active span are two sets, however alike."""

from __future__ import annotations

import pytest

from firmware_sim import default_workout_scenario, simulate
from repcount import analyze_recording


@pytest.mark.parametrize("seed", [3, 9])
def test_the_sides_of_one_arm_rows_stay_apart_offline(seed: int) -> None:
    """The dumbbell rows of the simulated workout (left, right, three times; the sensor moved to
    the working arm between sides, 15-21 s apart, which keeps the activity going): with their
    reps alike, the two sides read as one set of 20 (or three as 30). Runs of reps a rest apart
    (``min_rest_s`` with no rep) are not one set, and each is found: the window's other run is
    segmented on its own."""
    rec = simulate(default_workout_scenario(seed=seed, rest_s=60.0), fs_hz=50.0)
    rows = [s for s in rec.truth["sets"] if s["exercise"] == "dumbbell_row"]
    first, last = rows[0]["reps"][0]["start_s"], rows[-1]["reps"][-1]["end_s"]
    keep = (rec.t_s >= first - 30.0) & (rec.t_s <= last + 20.0)
    found = analyze_recording(rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep], fs_hz=50.0).sets
    assert found
    assert max(s.count for s in found) <= max(len(s["reps"]) for s in rows) + 1
    assert len(found) == len(rows)
