"""The swing's angle (``SwingResidual.angle_rad``) on a synthetic gyro: one rotation path per rep,
a rep done faster on the same path, and reps with a body swing of known amplitude added."""

from __future__ import annotations

import numpy as np

from repcount.rep_boundaries import RepBoundaries
from repcount.swing import swing_residual

FS = 50.0
CONC_S, TOP_S, ECC_S, BOTTOM_S = 1.0, 0.3, 2.0, 0.5
PATH_RAD = 0.6
"""A pull-up's forearm turns about 0.6 rad (the simulator's 88 -> 122 degrees)."""


def _set(swings: dict[int, float], fast: int) -> tuple[np.ndarray, RepBoundaries]:
    """Angular rate (n, 3) of 8 reps (rotation on y) and their boundaries; rep ``fast`` lifts in
    half the time, rep ``j`` in ``swings`` adds a decaying body swing of that amplitude (rad)."""
    parts: list[np.ndarray] = [np.zeros(int(FS))]
    marks = []
    for j in range(8):
        conc = CONC_S / 2 if j == fast else CONC_S
        t0 = sum(p.size for p in parts)
        up = PATH_RAD * (1 - np.cos(np.linspace(0, np.pi, int(conc * FS)))) / 2
        down = PATH_RAD * (1 + np.cos(np.linspace(0, np.pi, int(ECC_S * FS)))) / 2
        rep = np.concatenate([up, np.full(int(TOP_S * FS), PATH_RAD), down, np.zeros(int(BOTTOM_S * FS))])
        if j in swings:  # starts with the pull, half periods of 0.65 s, each 0.75 of the last
            t = np.arange(rep.size) / FS
            rep = rep - swings[j] * np.sin(np.pi * t / 0.65) * 0.75 ** (t / 0.65) * np.sin(np.pi * t / t[-1])
        marks.append([t0, t0 + up.size, t0 + up.size + TOP_S * FS, t0 + up.size + TOP_S * FS + down.size])
        parts.append(rep)
    parts.append(np.zeros(int(FS)))
    angle = np.concatenate(parts)
    rate = np.gradient(angle) * FS
    gyro = np.column_stack([np.zeros_like(rate), rate, np.zeros_like(rate)])
    m = np.array(marks, dtype=np.float64).T
    k = m.shape[1]
    bounds = RepBoundaries(
        onset=m[0],
        turn_in=m[1],
        turn_out=m[2],
        settle=m[3],
        finish=np.append(m[0, 1:], m[3, -1] + BOTTOM_S * FS),
        velocity=rate,
        peak_first=np.ones(k),
        peak_second=np.ones(k),
        excursion=np.full(k, PATH_RAD),
        half_travel=np.full((2, k), PATH_RAD),
        source="gyro",
    )
    return gyro, bounds


def test_swing_angle_grows_with_the_swing_and_ignores_a_faster_lift() -> None:
    gyro, bounds = _set({5: 0.33, 6: 0.15}, fast=2)
    full = np.ones(8, dtype=bool)
    res = swing_residual(gyro, bounds, full, fs_hz=FS, eccentric_first=False, gyro=True)
    others = np.delete(res.angle_rad, [2, 5, 6])
    assert np.all(others < 0.02), res.angle_rad  # the set's own reps
    assert res.angle_rad[2] < 0.03, res.angle_rad  # same path in half the time: no swing
    # a kip and a sway: in proportion to the swing (the median rep takes up part of it)
    for j, amp in ((5, 0.33), (6, 0.15)):
        assert 0.3 < res.angle_rad[j] / amp < 1.0, res.angle_rad
    assert res.angle_rad[5] > 1.8 * res.angle_rad[6]


def test_swing_angle_is_zero_unless_the_channels_are_a_gyro() -> None:
    gyro, bounds = _set({5: 0.33}, fast=2)
    res = swing_residual(gyro, bounds, np.ones(8, dtype=bool), fs_hz=FS, eccentric_first=False)
    assert not res.angle_rad.any()
    assert res.whole[5] > 0
