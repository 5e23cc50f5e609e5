"""The generic counter's rep boundaries sit at the set's start position: the pose held before the
first rep and after the last (``start_pose``)."""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim import RepScenario, simulate
from repcount import analyze_recording
from repcount.start_pose import start_pose_polarity

LEN = 100  # samples per rep
REPS = 6
HOLD = 60  # samples held in the start position before and after the set


def _pose_and_options(
    *, tilt: float = 8.0
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """A pose held at the start position, ``REPS`` reps that tilt it by ``tilt`` and back, held
    again; and the two polarities: boundaries at the start position (index 0) or at the far end
    (index 1, counted from mid-rep to mid-rep)."""
    phase = np.linspace(0.0, 2 * np.pi * REPS, REPS * LEN, endpoint=False)
    away = 0.5 * (1 - np.cos(phase))  # 0 at the start position, 1 at the turn
    away = np.concatenate([np.zeros(HOLD), away, np.zeros(HOLD)])
    pose = np.column_stack([tilt * away, np.zeros_like(away), 9.81 - 0.5 * tilt * away])
    starts = HOLD + np.arange(REPS) * LEN
    right = (starts, starts + LEN // 2, starts + LEN - 1)
    wrong = (starts[:-1] + LEN // 2, starts[1:], starts[1:] + LEN // 2)
    return pose, [right, wrong]


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_boundaries_at_the_held_pose(order: tuple[int, int]) -> None:
    pose, options = _pose_and_options()
    picked = start_pose_polarity(pose, [options[i] for i in order])
    assert picked is not None
    assert order[picked] == 0


def test_a_set_that_ends_in_another_pose_says_nothing() -> None:
    """Held before the set in one pose and after it in another (the walk up, a let-go, another
    set in the window): not one start position."""
    pose, options = _pose_and_options()
    pose[-HOLD:] += np.array([0.0, 6.0, 0.0])
    assert start_pose_polarity(pose, options) is None


def test_a_window_that_starts_in_the_set_says_nothing() -> None:
    pose, options = _pose_and_options()
    assert start_pose_polarity(pose[HOLD:], [tuple(x - HOLD for x in o) for o in options]) is None


def test_polarities_two_reps_apart_say_nothing() -> None:
    """Counted half a rep off, a set reads one rep more or fewer; two apart, one polarity holds
    cycles the other does not (a walk away after a barbell row set read 11 of 9)."""
    pose, options = _pose_and_options()
    starts, turns, ends = options[1]
    wrong = (starts[:-1], turns[:-1], ends[:-1])
    assert start_pose_polarity(pose, [options[0], wrong]) is None


def test_a_pose_that_does_not_tilt_says_nothing() -> None:
    pose, options = _pose_and_options(tilt=0.0)
    assert start_pose_polarity(pose, options) is None


@pytest.mark.parametrize("exercise", ["seated_cable_row", "lat_pulldown", "barbell_row"])
def test_generic_rep_ends_at_the_start_position(exercise: str) -> None:
    """Without an exercise, a wrist row or pulldown was counted right but from mid-rep to
    mid-rep (every rep end half a rep late: 0.65 of a rep)."""
    rec = simulate(RepScenario(exercise, 10, placement="wrist", seed=0), fs_hz=50.0)
    truth = [r for s in rec.truth["sets"] for r in s["reps"]]
    found = [
        r
        for s in analyze_recording(rec.t_s, rec.accel_ms2, fs_hz=50.0, placement="wrist").sets
        for r in s.reps
    ]
    assert len(found) == len(truth)
    period = np.median([t["end_s"] - t["start_s"] for t in truth])
    off = np.median([abs(f.end_s - t["end_s"]) for f, t in zip(found, truth, strict=True)])
    assert off < 0.25 * period
