"""``simulate``: scenario → motion → IMU readings with ground truth, vectorised and seeded."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from firmware_sim.choreography import choreograph
from firmware_sim.kinematics import imu_truth
from firmware_sim.scenario import RepScenario, WorkoutScenario
from firmware_sim.sensor import RANGES_G, SensorSpec, SimRecording, apply_sensor

_TIME_KEYS = ("start_s", "end_s", "eccentric_s", "pause_bottom_s", "concentric_s", "pause_top_s")


def _check(fs_hz: float, range_g: int) -> None:
    if not (math.isfinite(fs_hz) and 25.0 <= fs_hz <= 400.0):
        raise ValueError(f"fs_hz must be between 25 and 400 Hz, got {fs_hz!r}")
    if range_g not in RANGES_G:
        raise ValueError(f"range_g must be one of: {', '.join(map(str, RANGES_G))}, got {range_g!r}")


def _scale_truth(truth: dict[str, Any], k: float) -> dict[str, Any]:
    """Re-express true seconds on the device clock (which runs ``k`` times as fast)."""

    def rep(r: dict[str, Any]) -> dict[str, Any]:
        return {key: (round(v * k, 6) if key in _TIME_KEYS else v) for key, v in r.items()}

    sets = []
    for s in truth["sets"]:
        out = {key: (round(v * k, 6) if key in _TIME_KEYS else v) for key, v in s.items()}
        out["reps"] = [rep(r) for r in s["reps"]]
        out["partial_reps"] = [rep(r) for r in s["partial_reps"]]
        for r in out["reps"] + out["partial_reps"]:
            r["rom_m"] = round(r["rom_m"], 4)
        sets.append(out)
    return {"sets": sets}


def simulate(
    scenario: RepScenario | WorkoutScenario,
    *,
    fs_hz: float = 100.0,
    range_g: int = 16,
    seed: int | None = None,
    sensor: SensorSpec | None = None,
) -> SimRecording:
    """Simulate ``scenario`` as sampled by an IMU at ``fs_hz`` with a ±``range_g`` accelerometer.

    ``seed`` overrides the scenario's seed for the sensor imperfections (noise, bias, mounting,
    drift); the motion itself always follows the scenario's seed. Same inputs, same output.
    Truth times are on the device clock, like ``t_s``.
    """
    _check(fs_hz, range_g)
    workout = scenario.workout() if isinstance(scenario, RepScenario) else scenario
    spec = sensor if sensor is not None else SensorSpec()
    chor = choreograph(workout, np.random.default_rng([workout.seed, 1]))
    rng = np.random.default_rng([workout.seed if seed is None else seed, 2])
    drift = float(rng.uniform(-spec.drift_ppm, spec.drift_ppm)) * 1e-6
    k = 1.0 + drift
    n = int(chor.duration_s * k * fs_hz)
    t_dev = np.arange(n) / fs_hz
    f, w, p = imu_truth(chor, t_dev / k, fs_hz)
    accel, gyro, a_lsb, g_lsb, info = apply_sensor(
        f, w, spec=spec, noise_g=workout.noise_g, range_g=range_g, rng=rng
    )
    jitter = np.clip(rng.normal(0.0, spec.jitter_s, n), -0.3 / fs_hz, 0.3 / fs_hz)
    jitter[:1] = 0.0  # the first sample defines t = 0
    t_s = np.round(t_dev + jitter, 6)
    exercises = sorted({s.exercise for s in workout.sets})
    meta = {
        "sensor": "firmware_sim",
        "exercise": exercises[0] if len(exercises) == 1 else None,
        "range_g": range_g,
        "seed": workout.seed,
        "drift_ppm": round(drift * 1e6, 3),
        **info,
    }
    truth = _scale_truth(chor.truth, k)
    return SimRecording(
        t_s, accel, gyro, a_lsb, g_lsb, p, float(fs_hz), range_g, workout.placement, truth, meta
    )
