"""Gestures between sets (raise, hold, lower) are not reps; reps come back to their pose."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pytest

from firmware_sim import default_workout_scenario, simulate
from repcount import analyze_recording
from repcount.pose import is_gestures, pose, returns_to_pose

FS = 50.0
G = 9.81


def _tilt_recording(angles_deg: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A wrist sensor whose only motion is tilt: gravity seen at ``angles_deg`` (one per sample)."""
    rng = np.random.default_rng(seed)
    th = np.radians(angles_deg)
    accel = np.column_stack([G * np.sin(th), 0.3 * np.sin(th), G * np.cos(th)])
    accel += rng.normal(0.0, 0.05, accel.shape)
    return np.arange(angles_deg.size) / FS, accel


def _ramp(a: float, b: float, seconds: float) -> np.ndarray:
    u = np.linspace(0.0, 1.0, int(seconds * FS), endpoint=False)
    return a + (b - a) * (10 * u**3 - 15 * u**4 + 6 * u**5)


@cache
def _workout() -> Any:
    return simulate(default_workout_scenario(seed=1, rest_s=60.0, placement="wrist"), fs_hz=FS)


def _curls(reps: int) -> np.ndarray:
    """Rest, then ``reps`` curls of 80° (1 s up, 1.5 s down, 0.3 s pauses), rest."""
    parts = [np.zeros(int(20 * FS))]
    for _ in range(reps):
        parts += [_ramp(0, 80, 1.0), np.full(int(0.3 * FS), 80.0), _ramp(80, 0, 1.5), np.zeros(int(0.3 * FS))]
    parts.append(np.zeros(int(20 * FS)))
    return np.concatenate(parts)


def test_a_curl_returns_and_a_raise_does_not() -> None:
    _t, a = _tilt_recording(np.concatenate([_ramp(0, 80, 1.0), _ramp(80, 0, 1.0), _ramp(0, 80, 1.0)]))
    p = pose(a, FS)
    n = int(FS)
    starts = np.array([0, 2 * n], dtype=np.intp)
    ends = np.array([2 * n - 1, 3 * n - 1], dtype=np.intp)
    assert returns_to_pose(p, starts, ends).tolist() == [True, False]
    assert is_gestures(p, starts[1:], ends[1:])
    assert not is_gestures(p, np.array([0, 0]), np.array([2 * n - 1, 2 * n - 1]))


@pytest.mark.parametrize(("start_s", "stop_s"), [(390.0, 440.0), (495.0, 540.0), (1615.0, 1660.0)])
def test_phone_checks_between_sets_are_not_a_set(start_s: float, stop_s: float) -> None:
    """Rests of a simulated workout where the lifter checks the phone or drinks: each raise and
    each lower read as a rep on the band-passed signal, and these made 4- and 5-rep "sets"."""
    rec = _workout()
    m = (rec.t_s >= start_s) & (rec.t_s < stop_s)
    assert analyze_recording(rec.t_s[m], rec.accel_ms2[m], rec.gyro_rads[m], fs_hz=FS).sets == ()


def test_a_set_of_the_same_tilt_is_still_counted() -> None:
    t, a = _tilt_recording(_curls(8))
    result = analyze_recording(t, a, None, fs_hz=FS)
    assert [s.count for s in result.sets] == [8]
