"""A last rep short on the acceleration but whole on the wrist's tilt is counted; one stopped
short, one into a new pose (letting go) and one past the set are not."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from repcount import known_set
from repcount.profiles import exercise_profile
from repcount.segment import RepSegments
from repcount.slow_tail import count_slow_tail
from repcount.tilt_tail import count_tilted_tail

REPS = 11
LEN = 100  # samples per rep
TILT_DEG = 40.0


def _segments_and_pose(
    tilt_frac: float, *, slow: float = 1.0, range_frac: float = 0.5, moves_away: bool = False
) -> tuple[RepSegments, np.ndarray]:
    """10 reps that each tilt the wrist by ``TILT_DEG`` and back, then a last one of
    ``range_frac`` of their range on the counting proxy, ``slow`` × their duration, tilting
    ``tilt_frac`` as far (and staying there if ``moves_away``)."""
    starts = np.arange(REPS, dtype=np.intp) * LEN
    ends = starts + LEN - 1
    ends[-1] = starts[-1] + round((LEN - 1) * slow)
    rng = np.ones(REPS)
    rng[-1] = range_frac
    n = int(ends[-1]) + 1
    ang = np.zeros(n)
    for k, (s, e) in enumerate(zip(starts, ends, strict=True)):
        u = np.arange(e - s + 1) / (e - s)
        last = k == REPS - 1
        shape = np.sin(0.5 * np.pi * u) if moves_away and last else (1 - np.cos(2 * np.pi * u)) / 2
        ang[s : e + 1] = np.radians(TILT_DEG) * (tilt_frac if last else 1.0) * shape
    pose = np.column_stack([9.81 * np.sin(ang), np.zeros(n), 9.81 * np.cos(ang)])
    seg = RepSegments(starts, starts + LEN // 2, ends, rng, rng >= 0.72, 2.0, 0.9, np.zeros(n))
    return seg, pose


def _counts_last(tilt_frac: float, **kw: float | bool) -> bool:
    seg, pose = _segments_and_pose(tilt_frac, **kw)  # type: ignore[arg-type]
    return bool(count_tilted_tail(seg, pose, 0.72).counted[-1])


def test_a_fading_last_rep_that_tilts_the_wrist_as_far_is_counted() -> None:
    seg, pose = _segments_and_pose(0.95)
    assert not count_slow_tail(seg, pose, 0.72).counted[-1]  # not slow: the range rule reads it partial
    assert count_tilted_tail(seg, pose, 0.72).counted[-1]
    assert count_tilted_tail(seg, pose, 0.72).count == REPS


def test_stopped_short_moved_away_past_the_set_or_without_tilt_it_is_not() -> None:
    assert not _counts_last(0.5)  # a rep stopped short tilts the forearm less
    assert not _counts_last(1.0, moves_away=True)  # letting go: a new pose
    assert not _counts_last(1.0, slow=1.6)  # past the set
    seg, _ = _segments_and_pose(1.0)
    still = np.tile([0.0, 0.0, 9.81], (seg.position.size, 1))
    assert not count_tilted_tail(seg, still, 0.72).counted[-1]  # no tilt to read: the range decides


@pytest.mark.parametrize(
    ("placement", "set_edges", "counted"),
    [("wrist", True, True), ("bar", True, False), ("wrist", False, False)],
)
def test_the_pipeline_counts_it_at_the_wrist_on_a_window_that_holds_the_sets_end(
    monkeypatch: pytest.MonkeyPatch, placement: str, set_edges: bool, counted: bool
) -> None:
    """On a bar the low-passed acceleration is the load's movement, not a tilt; a window cut from
    inside a set (the live counter's neighbourhood of a rep) does not hold the set's last rep."""
    seg, pose = _segments_and_pose(0.95)
    monkeypatch.setattr(known_set, "segment_reps", lambda *a, **k: seg)
    motion = SimpleNamespace(motion_ms2=np.zeros(pose.shape[0]), fs_hz=50.0, band_ms2=None, observed=None)
    profile = exercise_profile(None, placement)
    out = known_set.segment_window(motion, profile, pose, set_edges=set_edges)  # type: ignore[arg-type]
    assert bool(out.counted[-1]) is counted
