"""Set-up moves next to a live set (the walk up, the reach, the sit-down, the let-go) end in a new
pose and are not announced as reps (``repcount.setup_moves``). Times are on the sample clock."""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim import SetPlan, WorkoutScenario, simulate
from repcount import LiveCounter, Rep, RepCompleted, SetEnded
from repcount.filter import GRAVITY_MS2
from repcount.setup_moves import ends_in_new_pose, past_setup_moves
from tests.repcount.simsets import feed_live

FS = 50.0


def _tilt(angles_rad: np.ndarray) -> np.ndarray:
    """Gravity seen by a wrist sensor tilted by ``angles_rad`` about its y axis (m/s²)."""
    return GRAVITY_MS2 * np.stack([np.sin(angles_rad), np.zeros_like(angles_rad), np.cos(angles_rad)], axis=1)


def _cycles() -> tuple[np.ndarray, np.ndarray]:
    """2 s still, three 2 s rep cycles (out to 0.8 rad and back), a 2 s tilt into a new pose (1.2
    rad, held), then three rep cycles from there and 2 s still: 20 s at ``FS``."""
    t = np.arange(int(20 * FS)) / FS
    angle = np.zeros_like(t)
    for k in range(3):
        s = (t - 2.0 - 2.0 * k) / 2.0
        angle += np.where((s >= 0) & (s < 1), 0.4 * (1 - np.cos(2 * np.pi * s)), 0.0)
    s = np.clip((t - 8.0) / 2.0, 0.0, 1.0)
    angle += 1.2 * (s * s * s * (10 - 15 * s + 6 * s * s))
    for k in range(3):
        s = (t - 10.0 - 2.0 * k) / 2.0
        angle += np.where((s >= 0) & (s < 1), 0.4 * (1 - np.cos(2 * np.pi * s)), 0.0)
    return t, _tilt(angle)


def _rep(start_s: float, end_s: float) -> Rep:
    half = 0.5 * (end_s - start_s)
    return Rep(start_s, end_s, half, 0.0, half, 0.0)


def test_the_opening_reps_start_after_the_last_cycle_that_ends_in_a_new_pose() -> None:
    t, a = _cycles()
    reps = [_rep(2.0 + 2.0 * k, 4.0 + 2.0 * k) for k in range(7)]  # the 4th is the tilt
    assert past_setup_moves(t, a, reps, "wrist", fs_hz=FS) == reps[4:]
    assert past_setup_moves(t, a, reps[:3], "wrist", fs_hz=FS) == reps[:3]
    # off the wrist the low-passed acceleration is no pose: nothing is dropped
    assert past_setup_moves(t, a, reps, "bar", fs_hz=FS) == reps


def test_a_cycle_into_a_new_pose_is_told_from_a_rep() -> None:
    t, a = _cycles()
    assert not ends_in_new_pose(t, a, 4.0, 6.0, "wrist", fs_hz=FS)
    assert ends_in_new_pose(t, a, 8.0, 10.0, "wrist", fs_hz=FS)
    assert not ends_in_new_pose(t, a, 12.0, 14.0, "wrist", fs_hz=FS)
    # only samples up to the turn (the live counter's newest sample soon after it)
    cut = t <= 10.2
    assert ends_in_new_pose(t[cut], a[cut], 8.0, 10.0, "wrist", fs_hz=FS)


@pytest.mark.parametrize(
    ("exercise", "reps", "side", "seed"),
    [
        ("lat_pulldown", 12, None, 5),  # the old counter announced 14
        ("seated_cable_row", 12, None, 3),  # 14: the sit-down opened the set
        ("seated_cable_row", 12, None, 5),  # the walk up and the sit-down opened a set that closed empty
        ("dumbbell_row", 10, "left", 1),  # 12: the let-go and the walk away after the set
    ],
)
def test_a_first_set_announces_no_rep_for_its_set_up_or_let_go(
    exercise: str, reps: int, side: str | None, seed: int
) -> None:
    """One set of an exercise not done before, fed live from the walk up to the walk away: the
    phone's count never runs ahead of the set's final count (it had counted the reach, the
    sit-down or the let-go as reps, and took them back at the set's end), and no rep is
    announced before the set's first rep began."""
    rec = simulate(WorkoutScenario((SetPlan(exercise, reps, side=side),), rest_s=60.0, seed=seed), fs_hz=FS)
    (true_set,) = rec.truth["sets"]
    events = [e for _, e in feed_live(LiveCounter(fs_hz=FS, exercise=exercise), rec)]
    finals = [e.analysis.count for e in events if isinstance(e, SetEnded)]
    announced = [e for e in events if isinstance(e, RepCompleted)]
    assert finals == [len(true_set["reps"])]
    assert max(e.count for e in announced) == finals[0]
    assert all(e.rep.end_s > true_set["reps"][0]["start_s"] for e in announced)
