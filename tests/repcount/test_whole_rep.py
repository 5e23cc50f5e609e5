"""A rep whose way out and way back accelerate the wrist alike (an arc's centripetal pull peaks
twice per rep) is counted once: its pose repeats once per rep (``repcount.whole_rep``)."""

from __future__ import annotations

import numpy as np

from repcount import analyze_recording, process_set
from repcount.pose import pose
from repcount.rep_period import MIN_PERIODICITY
from repcount.whole_rep import whole_rep_period

FS = 50.0
REP_S = 3.0
QUIET_S = 6.0


def _arc_set(reps: int, *, tilt_rad: float = 0.25, pull_ms2: float = 8.0, seed: int = 0) -> np.ndarray:
    """(n, 3) acceleration of ``reps`` arm sweeps out and back, rest before and after: the wrist
    tilts out and back once per rep (gravity turns in x-z), and the arc's centripetal pull along
    y, ``pull_ms2`` × sin² of the rep's phase, peaks on the way out and on the way back."""
    rng = np.random.default_rng(seed)
    quiet = np.zeros(int(QUIET_S * FS))
    t = np.arange(int(reps * REP_S * FS)) / FS
    phase = 2 * np.pi * t / REP_S
    theta = np.concatenate([quiet, tilt_rad * (1 - np.cos(phase)), quiet])
    pull = np.concatenate([quiet, pull_ms2 * np.sin(phase) ** 2, quiet])
    a = np.column_stack([9.81 * np.sin(theta), pull, 9.81 * np.cos(theta)])
    return a + rng.normal(0.0, 0.05, a.shape)


def _rep_s(counting: np.ndarray, a: np.ndarray, period_s: float, *, max_rep_s: float = 10.0) -> float:
    return whole_rep_period(
        counting,
        pose(a, FS),
        fs_hz=FS,
        period=(period_s, 0.9),
        max_rep_s=max_rep_s,
        min_periodicity=MIN_PERIODICITY,
    )[0]


def test_a_sweep_out_and_back_is_one_rep() -> None:
    """The counting signal repeats at half the rep: each rep was counted twice (20 of 10)."""
    a = _arc_set(10)
    t = np.arange(a.shape[0]) / FS
    found = analyze_recording(t, a, None, fs_hz=FS)
    assert [s.count for s in found.sets] == [10]
    assert process_set(t, a, fs_hz=FS).count == 10


def test_the_pose_doubles_the_period_only_when_it_repeats_at_twice_it() -> None:
    a = _arc_set(10)
    pull = a[:, 1]
    assert _rep_s(pull, a, REP_S / 2) == REP_S
    # the period already a whole rep: the pose repeats there, twice it is no better
    assert _rep_s(pull, a, REP_S) == REP_S
    # a rep too long for the exercise, or a window too short for two of them, stays
    assert _rep_s(pull, a, REP_S / 2, max_rep_s=2.5) == REP_S / 2
    two = slice(int(QUIET_S * FS), int((QUIET_S + 2 * REP_S) * FS))
    assert _rep_s(pull[two], a[two], REP_S / 2) == REP_S / 2


def test_half_cycles_that_do_not_repeat_as_a_whole_keep_the_period() -> None:
    """The pose repeats once per two cycles, but the counting signal does not repeat there (a run
    of raise-hold-lower phone checks: the raise and the lower are separate moves)."""
    a = _arc_set(10)
    rng = np.random.default_rng(1)
    half = int(REP_S / 2 * FS)
    # each half-cycle a pulse of its own shape: a bump that peaks early or late at random
    skew = rng.uniform(0.1, 0.9, a.shape[0] // half + 1)
    u = (np.arange(a.shape[0]) % half) / half
    k = np.arange(a.shape[0]) // half
    pulses = np.exp(-(((u - skew[k]) / 0.08) ** 2))
    assert _rep_s(pulses, a, REP_S / 2) == REP_S / 2


def test_a_pose_that_turns_once_per_cycle_keeps_the_period() -> None:
    """Without the arc's pull, the tilt repeats at the counted period: nothing doubles."""
    a = _arc_set(10, pull_ms2=0.0)
    t = np.arange(a.shape[0]) / FS
    assert process_set(t, a, fs_hz=FS).count == 10
    assert _rep_s(a[:, 0], a, REP_S) == REP_S
