"""Whether reps come back to the pose they started from: a set's do, a gesture's do not.

A rep is a cycle: one period later the limb, and so the sensor's tilt, is where it was. Checking
the phone, drinking or wiping the face between sets is a raise, a hold of a few seconds and a
lower. On the counting signal (band-passed, so a change of tilt reads as a pulse) the raise and
the lower each look like a rep, and two such gestures in a row look like a 4-rep set. Each of
those "reps" leaves the sensor in a new pose. The pose here is the raw acceleration (gravity
included) low-passed at ``POSE_HZ``; a rep returns when its end pose is nearer its start pose than
``RETURN_FRAC`` of the farthest it went from it. On the simulator's gestures every "rep" reads
0.9-1.0; on the real wrist recordings the median rep reads 0.09 and 90 % read under 0.53, the
first and last of a set (walking up, re-racking) being the ones that do not return.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from repcount.filter import FloatArray, IntArray, design_sos, filtfilt

POSE_HZ = 1.0
"""Low-pass cut-off for the pose, Hz: keeps the tilt of a 0.8-10 s rep, drops tremor and impact."""
RETURN_FRAC = 0.8
"""A rep whose end pose is farther than this share of its excursion from its start does not return."""
MIN_RETURNING = 2
"""A window where fewer reps than this return is gestures, not a set."""
MAX_HELD_SHARE = 0.25
"""A rep held still away from its start pose for more of its time than this is a gesture's
raise-hold-lower (real reps: 99 % under 0.10; the simulator's phone checks: 0.3-0.75)."""
HOLD_SPEED_FRAC = 0.1
"""Held: the pose moves under this share of the rep's fastest."""


def pose(accel_ms2: FloatArray, fs_hz: float) -> FloatArray:
    """(n, 3) low-passed raw acceleration (the sensor's tilt, plus slow movement), m/s²."""
    a = np.asarray(accel_ms2, dtype=np.float64)
    sos = design_sos(2, (min(POSE_HZ, 0.4 * fs_hz),), "lowpass", fs_hz)
    if a.shape[0] <= 3 * (2 * sos.shape[0] + 1):
        return a.copy()
    return filtfilt(sos, a, axis=0)


def returns_to_pose(pose_ms2: FloatArray, starts: IntArray, ends: IntArray) -> NDArray[np.bool_]:
    """For each rep [start, end] (indices into ``pose_ms2``), whether it ends where it started."""
    out = np.zeros(starts.shape[0], dtype=bool)
    for k, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        away = np.linalg.norm(pose_ms2[s : e + 1] - pose_ms2[s], axis=1)
        out[k] = away[-1] <= RETURN_FRAC * float(away.max()) if away.max() > 0 else True
    return out


def held_share(pose_ms2: FloatArray, starts: IntArray, ends: IntArray, fs_hz: float) -> FloatArray:
    """For each rep, the share of its time spent held still far from its start pose (over half
    its excursion away, moving under ``HOLD_SPEED_FRAC`` of its fastest)."""
    out = np.zeros(starts.shape[0])
    for k, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        p = pose_ms2[s : e + 1]
        if p.shape[0] < 3:
            continue
        away = np.linalg.norm(p - p[0], axis=1)
        speed = np.linalg.norm(np.gradient(p, axis=0), axis=1) * fs_hz
        held = (away > 0.5 * away.max()) & (speed < HOLD_SPEED_FRAC * speed.max())
        out[k] = float(np.mean(held))
    return out


def moves_like_reps(
    pose_ms2: FloatArray, starts: IntArray, ends: IntArray, fs_hz: float
) -> NDArray[np.bool_]:
    """For each rep, whether it comes back to its pose without holding still away from it."""
    held = held_share(pose_ms2, starts, ends, fs_hz) > MAX_HELD_SHARE
    return np.asarray(returns_to_pose(pose_ms2, starts, ends) & ~held)


def is_gestures(pose_ms2: FloatArray, starts: IntArray, ends: IntArray, fs_hz: float) -> bool:
    """True when the reps of a window are gestures, not a set (see the module notes): fewer
    than ``MIN_RETURNING`` come back to their pose, or half of them are held poses."""
    held = held_share(pose_ms2, starts, ends, fs_hz) > MAX_HELD_SHARE
    returning = int(np.count_nonzero(returns_to_pose(pose_ms2, starts, ends)))
    return returning < MIN_RETURNING or int(np.count_nonzero(held)) >= 0.5 * starts.shape[0]
