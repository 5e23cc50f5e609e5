"""One simulated 10-rep set through ``analyze_recording``: its true reps beside the reps found."""

from __future__ import annotations

from typing import Any

from firmware_sim import RepScenario, simulate
from repcount import Rep, analyze_recording

FS = 50.0


def simulated_set(
    exercise: str, placement: str, seed: int, *, gyro: bool = True, **scenario: Any
) -> tuple[list[dict[str, Any]], list[Rep]]:
    """The true reps (simulator truth) and the counted reps of every set found (``gyro=False``:
    accelerometer only). ``scenario`` goes to ``RepScenario`` (faults, tempo_s, ...)."""
    rec = simulate(RepScenario(exercise, 10, placement=placement, seed=seed, **scenario), fs_hz=FS)
    result = analyze_recording(
        rec.t_s,
        rec.accel_ms2,
        rec.gyro_rads if gyro else None,
        fs_hz=FS,
        exercise=exercise,
        placement=placement,
    )
    return rec.truth["sets"][0]["reps"], [r for s in result.sets for r in s.reps]
