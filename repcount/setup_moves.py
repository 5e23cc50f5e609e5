"""Set-up moves next to a live set: one big excursion into a new pose, not a rep.

A rep returns to the pose it started from (``pose.py``: the raw acceleration low-passed at 1 Hz,
gravity's direction in the sensor's frame at the wrist). The moves around a set do not: the walk
up ends at the reach, the reach to a lat pulldown bar ends seated with the arms up holding it, the
sit-down at a cable row ends seated holding the handle, and the let-go after the set ends
standing with the arms down. On the band-passed counting signal each reads as one rep-sized
cycle, and live, before the set's final analysis can tell, the phone counted it: the reach and
the sit-down opened the first lat pulldown and seated cable row sets two "reps" early, and the
cycle that spans the let-go after a set's last rep was counted as one more rep; the set's final
count took them back.

The reps that open a set are asked the offline gesture rule (``pose.moves_like_reps``: the rep
ends nearer its start pose than ``pose.RETURN_FRAC`` of the farthest it went, and is not held away
from it; ``past_setup_moves``). A rep announced at its turn is asked whether it returns on the
pose low-passed causally (``ends_in_new_pose``): the turn is certain about 0.1 s after the rep's
end, where a zero-phase pose is bent by the window's edge, while a causal pose lags the start
and the end of the cycle alike. Simulated workouts 1-11 fed live (40 ms batches; the cycles the
old counter announced at their turns): 2 of the 2325 true reps read 0.8 or more (the second rep
after a first matched mid-way, cycles that start in the middle of a rep), 44 of the 55 cycles over
the let-go and the walk away after it.

Where the offline stages misread the reach itself (joined to the jump to a pull-up bar, or to a
rep), no cycle of theirs marks it, but the pose does: ``arrived_in_pose_s`` is when the sensor
last came into its current pose from one more than ``NEW_POSE_DEG`` away, which a set-up move
turns the limb by and a rep does not (on the simulator's wrist: the reach to a pull-up or lat
pulldown bar 150-170 degrees, the sit-down at a cable row 95; the reps 17-42 from their set's
pose). The live probe reads a set's first reps from there (``live_probe``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import signal

from repcount.filter import FloatArray
from repcount.pipeline import reps_that_move_like_reps
from repcount.pose import POSE_HZ, pose, pose_sos, returns_to_pose
from repcount.sos_state import step_state
from repcount.types import Rep

NEW_POSE_DEG = 90.0
"""A set-up move turns the limb into the pose the reps are done in by more than a right angle (the
reach to a pull-up or lat pulldown bar, arms from down to up: 150-170 degrees at the wrist on the
simulator; the sit-down at a cable row, 95), while a rep tilts it less than half that from the
set's pose (hyperextensions up to 42 degrees, lat pulldowns 27, pull-ups 17)."""
POSE_NOW_S = 1.0
"""The sensor's current pose: the mean over the newest second (seconds)."""

POSE_LEAD_S = 2.0 / POSE_HZ
"""Samples taken before a cycle's start for its pose: two periods of the pose's low-pass cut-off,
so the causal filter, started at rest on the first sample, has settled by the cycle's start."""


def last_setup_move(
    t_s: FloatArray, accel_ms2: FloatArray, reps: Sequence[Rep], placement: str, *, fs_hz: float
) -> int | None:
    """The index of the last of ``reps`` that does not move like a rep (a set-up move into a new
    pose: the reach, the sit-down), ``None`` when every one does."""
    like = reps_that_move_like_reps(t_s, accel_ms2, reps, placement, fs_hz=fs_hz)
    unlike = (~like).nonzero()[0]
    return int(unlike[-1]) if unlike.size else None


def past_setup_moves(
    t_s: FloatArray, accel_ms2: FloatArray, reps: Sequence[Rep], placement: str, *, fs_hz: float
) -> list[Rep]:
    """The opening ``reps`` after the last one that does not move like a rep: a set begins after
    its set-up, so a cycle that ends in a new pose (the reach, the sit-down) is not one of its reps,
    and neither is any cycle before it (the walk up)."""
    last = last_setup_move(t_s, accel_ms2, reps, placement, fs_hz=fs_hz)
    return list(reps) if last is None else list(reps[last + 1 :])


def ends_in_new_pose(
    t_s: FloatArray, accel_ms2: FloatArray, start_s: float, end_s: float, placement: str, *, fs_hz: float
) -> bool:
    """Whether the cycle from ``start_s`` to ``end_s`` ends farther from the pose it started in than
    ``pose.RETURN_FRAC`` of the farthest it went (at the wrist; ``t_s`` and ``accel_ms2`` from at
    least ``POSE_LEAD_S`` before it to its end or later), on the pose low-passed causally: the let-go
    after a set ends standing with the arms down."""
    if placement != "wrist" or t_s.size < 2 or end_s <= start_s:
        return False
    hi = int(np.searchsorted(t_s, end_s, side="right"))
    i0 = int(np.searchsorted(t_s, start_s))
    if hi - i0 < 2:
        return False
    a = np.asarray(accel_ms2[:hi], dtype=np.float64)
    sos = pose_sos(fs_hz)
    # the filter starts at rest at the first sample (its step response's state), not at zero
    p, _ = signal.sosfilt(sos, a, axis=0, zi=step_state(sos)[:, :, None] * a[0][None, None, :])
    return not bool(returns_to_pose(p, np.array([i0]), np.array([hi - 1]))[0])


def arrived_in_pose_s(t_s: FloatArray, accel_ms2: FloatArray, *, fs_hz: float) -> float | None:
    """When the sensor last came into its current pose (the mean over the newest ``POSE_NOW_S``)
    from one more than ``NEW_POSE_DEG`` away: where a set-up move into the pose the reps are done
    in ended (the reach to a pull-up bar after the walk up and the jump); ``None`` when the window
    holds no such pose."""
    if t_s.size < 2 or t_s[-1] - t_s[0] <= POSE_NOW_S:
        return None
    p = pose(accel_ms2, fs_hz)
    now = p[t_s >= t_s[-1] - POSE_NOW_S].mean(axis=0)
    cos = (p @ now) / np.maximum(np.linalg.norm(p, axis=1) * float(np.linalg.norm(now)), 1e-9)
    away = np.flatnonzero(cos < np.cos(np.radians(NEW_POSE_DEG)))
    if not away.size or away[-1] + 1 >= t_s.size:
        return None  # never away, or still moving into it
    return float(t_s[away[-1] + 1])
