"""Simulated sets shared by the tests: one 10-rep set through ``analyze_recording`` (its true reps
beside the reps found), and a pull-up set replayed live in uneven batches."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from firmware_sim import RepScenario, simulate
from repcount import Rep, SetAnalysis, analyze_recording

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


def grinding_set(exercise: str, placement: str, reps: int, seed: int) -> tuple[dict[str, Any], SetAnalysis]:
    """A simulated set of ``reps`` whose last rep grinds out: its true last rep and the one set
    ``analyze_recording`` finds (asserted to be one)."""
    rec = simulate(RepScenario(exercise, reps, placement, seed=seed, grind_last=True), fs_hz=FS)
    found = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=FS, exercise=exercise, placement=placement
    )
    (the_set,) = found.sets
    return rec.truth["sets"][0]["reps"][-1], the_set


@cache
def _pull_up_recording() -> Any:
    return simulate(RepScenario(exercise="pull_up", reps=9, faults={5: "kip"}, seed=3))


def pull_up_set() -> dict[str, Any]:
    """The true set that ``pull_up_replays`` replays (the simulator's truth)."""
    sets: list[dict[str, Any]] = _pull_up_recording().truth["sets"]
    return sets[0]


@cache
def pull_up_replays(batchings: int = 12) -> tuple[tuple[object, ...], ...]:
    """The live events of a 9-rep pull-up set (a kip on rep 5, 100 Hz) replayed into a fresh
    ``LiveCounter`` in ``batchings`` different uneven batchings (1-59 samples each, seeded)."""
    from repcount import LiveCounter

    rec = _pull_up_recording()
    rng = np.random.default_rng(0)
    out = []
    for _ in range(batchings):
        live = LiveCounter(fs_hz=100.0, exercise="pull_up")
        events: list[object] = []
        i, n = 0, rec.t_s.size
        while i < n:
            j = min(n, i + int(rng.integers(1, 60)))
            events += live.push(rec.t_s[i:j], rec.accel_ms2[i:j], rec.gyro_rads[i:j])
            i = j
        out.append(tuple(events + live.finish()))
    return tuple(out)


def feed_live(live: Any, rec: Any, batch: int = 2) -> list[tuple[float, object]]:
    """Push a simulated recording into a ``LiveCounter`` ``batch`` samples at a time: all events,
    each with the time of the newest sample pushed when it came out."""
    out: list[tuple[float, object]] = []
    n = rec.t_s.size
    for i in range(0, n, batch):
        j = min(n, i + batch)
        events = live.push(rec.t_s[i:j], rec.accel_ms2[i:j], rec.gyro_rads[i:j])
        out += [(float(rec.t_s[j - 1]), e) for e in events]
    return out + [(float(rec.t_s[-1]), e) for e in live.finish()]
