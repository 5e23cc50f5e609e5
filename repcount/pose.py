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

from repcount.filter import FloatArray, IntArray
from repcount.sos_filters import design_sos, filtfilt

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


def pose_sos(fs_hz: float) -> FloatArray:
    """The pose's low-pass: order 2 at ``POSE_HZ`` (under Nyquist on slow streams)."""
    return design_sos(2, (min(POSE_HZ, 0.4 * fs_hz),), "lowpass", fs_hz)


def pose(accel_ms2: FloatArray, fs_hz: float) -> FloatArray:
    """(n, 3) low-passed raw acceleration (the sensor's tilt, plus slow movement), m/s²."""
    a = np.asarray(accel_ms2, dtype=np.float64)
    sos = pose_sos(fs_hz)
    if a.shape[0] <= 3 * (2 * sos.shape[0] + 1):
        return a.copy()
    return filtfilt(sos, a, axis=0)


def _around(
    pose_ms2: FloatArray, starts: IntArray, ends: IntArray
) -> tuple[list[FloatArray], NDArray[np.bool_]]:
    """Every rep's samples of each pose axis, from one before its start to one past the longest
    rep's length, left-aligned and clipped to the window ((k, w + 2) per axis), and the (k, w)
    mask of the samples inside each rep: one gather per axis serves the distances (``_away``)
    and the speeds (``_held_share``), with the same indices their own gathers would take
    (gathered column by column: a (k, w) gather is many times faster than a (k, w, 3) one)."""
    n = pose_ms2.shape[0]
    width = max(1, int((ends - starts).max()) + 1 if starts.size else 1)
    idx = np.minimum(np.maximum(starts[:, None] + np.arange(-1, width + 1), 0), n - 1)  # np.clip's, faster
    inside = np.arange(width) <= (ends - starts)[:, None]
    return [pose_ms2[:, c][idx] for c in range(3)], inside


def _away(cols: list[FloatArray], inside: NDArray[np.bool_]) -> FloatArray:
    """(k, w) distance of every rep's pose from its start pose, sample by sample (0 past each
    rep's end), from ``_around``. Element for element the arithmetic of
    ``np.linalg.norm(p - p[0], axis=1)`` on each rep alone."""
    d0, d1, d2 = (c[:, 1:-1] - c[:, 1:2] for c in cols)
    away = np.sqrt(d0 * d0 + d1 * d1 + d2 * d2)
    return np.where(inside, away, 0.0)


def returns_to_pose(pose_ms2: FloatArray, starts: IntArray, ends: IntArray) -> NDArray[np.bool_]:
    """For each rep [start, end] (indices into ``pose_ms2``), whether it ends where it started."""
    starts, ends = np.asarray(starts, dtype=np.intp), np.asarray(ends, dtype=np.intp)
    if starts.size == 0:
        return np.zeros(0, dtype=bool)
    return _returns(_away(*_around(pose_ms2, starts, ends)), starts, ends)


def excursion(pose_ms2: FloatArray, starts: IntArray, ends: IntArray) -> FloatArray:
    """For each rep [start, end], the farthest its pose goes from its start pose, m/s² (at the
    wrist, how far the forearm tilts: the rep's travel, whatever its speed)."""
    starts, ends = np.asarray(starts, dtype=np.intp), np.asarray(ends, dtype=np.intp)
    if starts.size == 0:
        return np.zeros(0)
    return np.asarray(_away(*_around(pose_ms2, starts, ends)).max(axis=1), dtype=np.float64)


def _returns(away: FloatArray, starts: IntArray, ends: IntArray) -> NDArray[np.bool_]:
    top = away.max(axis=1)
    last = away[np.arange(starts.size), ends - starts]
    return np.asarray((top <= 0) | (last <= RETURN_FRAC * top))


def held_share(pose_ms2: FloatArray, starts: IntArray, ends: IntArray, fs_hz: float) -> FloatArray:
    """For each rep, the share of its time spent held still far from its start pose (over half
    its excursion away, moving under ``HOLD_SPEED_FRAC`` of its fastest)."""
    starts, ends = np.asarray(starts, dtype=np.intp), np.asarray(ends, dtype=np.intp)
    if starts.size == 0:
        return np.zeros(0)
    cols, inside = _around(np.asarray(pose_ms2, dtype=np.float64), starts, ends)
    return _held_share(cols, starts, ends, fs_hz, _away(cols, inside), inside)


def _held_share(
    cols: list[FloatArray],
    starts: IntArray,
    ends: IntArray,
    fs_hz: float,
    away: FloatArray,
    inside: NDArray[np.bool_],
) -> FloatArray:
    # np.gradient of each rep alone: central differences inside, one-sided at its two ends
    rows = np.arange(starts.size)
    span = ends - starts
    last = np.maximum(span, 1)
    grads = []
    for c in cols:  # c[:, j + 1] is sample start + j (clipped to the window)
        g = (c[:, 2:] - c[:, :-2]) / 2.0
        g[:, 0] = c[:, 2] - c[:, 1]
        g[rows, last] = c[rows, span + 1] - c[rows, span]
        grads.append(g)
    g0, g1, g2 = grads
    speed = np.sqrt(g0 * g0 + g1 * g1 + g2 * g2)
    speed = np.where(inside, speed * fs_hz, 0.0)
    held = (away > 0.5 * away.max(axis=1)[:, None]) & (speed < HOLD_SPEED_FRAC * speed.max(axis=1)[:, None])
    size = span + 1
    share = np.add.reduce(held & inside, axis=1, dtype=np.intp) / size  # the count in each row
    return np.asarray(np.where(size < 3, 0.0, share), dtype=np.float64)


def _checks(
    pose_ms2: FloatArray, starts: IntArray, ends: IntArray, fs_hz: float
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Per rep: whether it returns to its pose (``returns_to_pose``) and whether it is held away
    from it (``held_share`` over ``MAX_HELD_SHARE``), from one gather of the reps' samples."""
    starts, ends = np.asarray(starts, dtype=np.intp), np.asarray(ends, dtype=np.intp)
    if starts.size == 0:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
    cols, inside = _around(np.asarray(pose_ms2, dtype=np.float64), starts, ends)
    away = _away(cols, inside)
    return _returns(away, starts, ends), _held_share(cols, starts, ends, fs_hz, away, inside) > MAX_HELD_SHARE


def moves_like_reps(
    pose_ms2: FloatArray, starts: IntArray, ends: IntArray, fs_hz: float
) -> NDArray[np.bool_]:
    """For each rep, whether it comes back to its pose without holding still away from it."""
    returning, held = _checks(pose_ms2, starts, ends, fs_hz)
    return np.asarray(returning & ~held)


def is_gestures(pose_ms2: FloatArray, starts: IntArray, ends: IntArray, fs_hz: float) -> bool:
    """True when the reps of a window are gestures, not a set (see the module notes): fewer
    than ``MIN_RETURNING`` come back to their pose, or half of them are held poses."""
    returning, held = _checks(pose_ms2, starts, ends, fs_hz)
    return (
        int(np.count_nonzero(returning)) < MIN_RETURNING
        or int(np.count_nonzero(held)) >= 0.5 * starts.shape[0]
    )
