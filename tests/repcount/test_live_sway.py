"""The reps that open a live set are not an arm's sway (``repcount.live_sway``): synthetic
wrist signals with their physics written out (gravity turning in the sensor's frame)."""

from __future__ import annotations

import numpy as np
import pytest

from repcount.filter import GRAVITY_MS2
from repcount.live_sway import ARM_SWING_S, moving, swaying
from repcount.types import Rep

FS_HZ = 50.0
CYCLE_S = 2.5
"""The "reps" the offline stages found: two 2.5 s cycles from 2 s on."""
REPS = [Rep(2.0, 4.5, 1.0, 0.0, 1.0, 0.5), Rep(4.5, 7.0, 1.0, 0.0, 1.0, 0.5)]


def _turning(angle_rad: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Acceleration (m/s²) and gyro (rad/s) of a still sensor turning about its x axis: gravity
    turns in its frame, nothing else moves."""
    accel = GRAVITY_MS2 * np.column_stack([np.zeros_like(t), np.sin(angle_rad), np.cos(angle_rad)])
    gyro = np.column_stack([np.gradient(angle_rad, t), np.zeros_like(t), np.zeros_like(t)])
    return accel, gyro


def test_the_arm_swing_is_a_hanging_arms_pendulum() -> None:
    assert 1.3 < ARM_SWING_S < 1.45  # an adult arm swinging from the shoulder


@pytest.mark.parametrize(
    ("hz", "sway"), [(1.0, True), (1.0 / ARM_SWING_S * 1.2, True), (1.0 / CYCLE_S, False)]
)
def test_a_tilt_faster_than_the_arms_swing_is_sway(hz: float, sway: bool) -> None:
    """A tilt of 0.1 rad back and forth: at 1 Hz (the arm swinging while the lifter stands) and
    just faster than the arm's own swing it is sway; at the reps' own rhythm (a curl's turn, in
    small) it is not."""
    t = np.arange(0.0, 9.0, 1.0 / FS_HZ)
    accel, gyro = _turning(0.1 * np.sin(2 * np.pi * hz * t), t)
    assert swaying(REPS, t, accel, gyro, fs_hz=FS_HZ) is sway


def test_a_translation_or_a_large_turn_at_the_reps_rhythm_is_not_sway() -> None:
    t = np.arange(0.0, 9.0, 1.0 / FS_HZ)
    # the load moved up and down, the wrist held (a row, a press): the gyro reads only noise
    rng = np.random.default_rng(0)
    accel = np.column_stack(
        [3.0 * np.sin(2 * np.pi * t / CYCLE_S), np.zeros_like(t), np.full_like(t, GRAVITY_MS2)]
    )
    assert not swaying(REPS, t, accel, rng.normal(0.0, 0.02, (t.size, 3)), fs_hz=FS_HZ)
    # the forearm turned through 2 rad once per rep (a curl)
    accel, gyro = _turning(1.0 - np.cos(2 * np.pi * t / CYCLE_S), t)
    assert not swaying(REPS, t, accel, gyro, fs_hz=FS_HZ)
    # no gyro: nothing to tell
    assert not swaying(REPS, t, accel, None, fs_hz=FS_HZ)


def test_reps_under_the_gates_threshold_are_not_moving() -> None:
    t = np.arange(0.0, 9.0, 1.0 / FS_HZ)
    band = np.column_stack([np.sin(2 * np.pi * t / CYCLE_S), np.zeros_like(t), np.zeros_like(t)])
    # an RMS of 1/sqrt(2) over the reps' span
    assert moving(REPS, t, band, 0.7)
    assert not moving(REPS, t, band, 0.72)
    assert not moving([], t, band, 0.5)
