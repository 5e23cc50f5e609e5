"""A slow last rep (the same travel, taken 1.3× longer) is counted; a twitch after the set is not."""

from __future__ import annotations

import numpy as np

from repcount import analyze_recording, process_set
from repcount.pose import pose
from repcount.segment import RepSegments
from repcount.slow_tail import count_slow_tail

FS = 50.0


def _cycle(period_s: float, travel: float) -> np.ndarray:
    """Acceleration of one rep from rest to rest: for the same travel it falls with 1/period²."""
    u = np.arange(0.0, period_s, 1 / FS) / period_s
    return travel / period_s**2 * np.sin(2 * np.pi * u) * np.sin(np.pi * u)


def _set(periods: list[float], seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    quiet = np.zeros(int(8 * FS))
    motion = np.concatenate([quiet, *(_cycle(p, 36.0) for p in periods), quiet])
    accel = np.column_stack([motion, 0.2 * motion, np.full(motion.size, 9.81)])
    accel += rng.normal(0.0, 0.05, accel.shape)
    return np.arange(motion.size) / FS, accel


def test_a_slow_last_rep_is_counted() -> None:
    """Taken 1.4× as long, its acceleration is 1/1.4² of the others': the range rule read it as
    a partial rep."""
    t, a = _set([3.0] * 6 + [4.2])
    result = analyze_recording(t, a, None, fs_hz=FS)
    assert [s.count for s in result.sets] == [7]
    assert result.sets[0].partial_reps == ()
    assert process_set(t, a, fs_hz=FS).count == 7


def _last_rep(
    range_frac: float, slow: float, *, moves_away: bool = False, before: list[float] | None = None
) -> bool:
    """Whether ``count_slow_tail`` counts a last rep of ``range_frac`` of the median range taking
    ``slow`` × the median duration (10 reps of 100 samples before it, the last of them of
    ``before`` × the median range)."""
    k = 11
    starts = np.arange(k, dtype=np.intp) * 100
    ends = starts + 99
    ends[-1] = starts[-1] + round(99 * slow)
    rng = np.ones(k)
    if before:
        rng[k - 1 - len(before) : k - 1] = before
    rng[-1] = range_frac
    n = int(ends[-1]) + 1
    seg = RepSegments(starts, starts + 50, ends, rng, rng >= 0.72, 2.0, 0.9, np.zeros(n))
    still = np.tile([0.0, 0.0, 9.81], (n, 1))
    if moves_away:  # the last "rep" turns the sensor by 40° and stays
        ang = np.radians(np.clip(np.arange(n) - starts[-1], 0, 50) / 50 * 40)
        still = np.column_stack([9.81 * np.sin(ang), np.zeros(n), 9.81 * np.cos(ang)])
    return bool(count_slow_tail(seg, still, 0.72).counted[-1])


def test_slow_explains_short_only_within_the_cap_and_back_in_the_pose() -> None:
    assert _last_rep(0.6, 1.2)  # 0.6 × 1.2² = 0.86
    assert not _last_rep(0.6, 1.0)  # short, not slow
    assert not _last_rep(0.5, 1.12)  # 0.5 × 1.25 = 0.63
    assert not _last_rep(0.5, 2.0)  # past MAX_TAIL_DURATION: past the set
    assert not _last_rep(0.6, 1.2, moves_away=True)  # letting go of the handle
    assert pose(np.tile([0.0, 0.0, 9.81], (10, 1)), FS).shape == (10, 3)


def test_a_fading_set_measures_its_last_rep_against_the_reps_before_it() -> None:
    """Range fading rep by rep (fatigue): 0.62 of the fresh reps, but 0.78 of the three before it."""
    fading = [0.9, 0.8, 0.8, 0.75]
    assert _last_rep(0.62, 1.0, before=fading)
    assert not _last_rep(0.62, 1.0)  # a sudden drop in a steady set stays partial
    assert not _last_rep(0.45, 1.0, before=fading)  # stopped short: under the fading reps too
    assert not _last_rep(0.62, 1.0, before=fading, moves_away=True)  # a twitch into a new pose


def test_a_ground_out_last_rep_is_counted_past_the_range_cap_when_its_duration_explains_it() -> None:
    """A last rep at failure takes up to about twice the median (``MAX_TAIL_DURATION``); past
    ``MAX_SLOW_DOWN`` its range, scaled by the whole square of its duration, must be one rep's."""
    assert _last_rep(0.5, 1.6)  # 0.5 × 1.6² = 1.28 of a rep: a grind (not counted before)
    assert _last_rep(0.42, 1.69)  # a simulated deadlift's grind on a bar: 1.20
    assert not _last_rep(0.67, 1.52)  # 1.55 of a rep: more than a slow rep (a bar put down)
    assert not _last_rep(0.3, 1.6)  # 0.3 × 1.4² = 0.59: short even so
