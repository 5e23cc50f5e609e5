"""A ground-out last rep the proxy does not see is counted on its travel (``travel_tail``); a rep
stopped short, a move that does not come back, a twitch after a rest and one past the set are not."""

from __future__ import annotations

import numpy as np
import pytest

from bench.accuracy import HEAVY_TEMPOS
from firmware_sim import RepScenario, simulate
from repcount import analyze_recording
from repcount.segment import RepSegments
from repcount.travel_tail import count_travel_tail, tail_travel
from tests.repcount.simsets import grinding_set

REPS = 10
LEN = 100  # samples per rep
TILT_DEG = 40.0
FS = 50.0


def _wrist_set(kind: str, tail_len: float = 1.4) -> tuple[RepSegments, np.ndarray]:
    """10 counted reps that each tilt the wrist by ``TILT_DEG`` and back, then a tail of
    ``tail_len`` × their duration that the segmenter found no cycle in, then a rest: a ``grind``
    tilts as far and back; ``partial`` half as far; ``away`` tilts and stays; ``twitch`` rests
    and then tilts and back in a third of a rep."""
    n_tail = round(LEN * tail_len)
    starts = np.arange(REPS, dtype=np.intp) * LEN
    ends = starts + LEN - 1
    n = REPS * LEN + n_tail + 2 * LEN
    ang = np.zeros(n)
    cycle = (1 - np.cos(2 * np.pi * np.arange(LEN) / (LEN - 1))) / 2
    for s in starts:
        ang[s : s + LEN] = cycle
    a = REPS * LEN - 1
    u = np.arange(n_tail + 1) / n_tail
    if kind in ("grind", "partial"):
        ang[a : a + n_tail + 1] = (1 - np.cos(2 * np.pi * u)) / 2 * (0.5 if kind == "partial" else 1.0)
    elif kind == "away":
        ang[a : a + n_tail + 1] = np.sin(0.5 * np.pi * u)
        ang[a + n_tail + 1 :] = 1.0
    elif kind == "twitch":
        quick = LEN // 3
        ang[a + n_tail - quick : a + n_tail + 1] = (1 - np.cos(2 * np.pi * np.arange(quick + 1) / quick)) / 2
    ang *= np.radians(TILT_DEG)
    pose = np.column_stack([9.81 * np.sin(ang), np.zeros(n), 9.81 * np.cos(ang)])
    rng = np.ones(REPS)
    seg = RepSegments(starts, starts + LEN // 2, ends, rng, rng >= 0.72, LEN / FS, 0.9, np.zeros(n))
    return seg, pose


def _counted(kind: str, tail_len: float = 1.4) -> RepSegments:
    seg, pose = _wrist_set(kind, tail_len)
    return count_travel_tail(seg, pose, fs_hz=FS, placement="wrist", partial_frac=0.7)


def test_a_slow_whole_tilt_after_the_last_counted_rep_is_counted() -> None:
    out = _counted("grind")
    assert out.count == REPS + 1
    assert out.starts[-1] == REPS * LEN - 1  # from the last counted rep's end
    assert abs(int(out.ends[-1]) - (REPS * LEN - 1 + 1.4 * LEN)) <= 2  # to where it turned back


@pytest.mark.parametrize(
    ("kind", "tail_len"),
    [("partial", 1.4), ("away", 1.4), ("twitch", 1.4), ("grind", 2.2), ("grind", 1.0)],
)
def test_stopped_short_gone_a_twitch_past_the_set_or_not_slow_it_is_not(kind: str, tail_len: float) -> None:
    """Half the tilt; a new pose held (letting go); a rest, then a tilt faster than any rep; a
    slow move past ``MAX_TAIL_DURATION``; a move of an ordinary rep's duration (the proxy's to read)."""
    assert _counted(kind, tail_len).count == REPS


def test_the_tail_reads_its_halves_against_the_recent_reps() -> None:
    seg, pose = _wrist_set("grind")
    tail = tail_travel(seg, pose, fs_hz=FS, placement="wrist")
    assert tail is not None
    assert tail.end is not None
    assert tail.out_frac == pytest.approx(1.0, abs=0.05)
    assert tail.back_frac == pytest.approx(1.0, abs=0.05)
    assert tail.speed_ratio < 1.0
    assert tail_travel(seg, pose, fs_hz=FS, placement="torso") is None  # no travel read there


@pytest.mark.parametrize(
    ("exercise", "placement", "reps", "seed"),
    [
        ("barbell_row", "bar", 5, 1),  # the grind's cycle cut short by the re-rack
        ("deadlift", "bar", 10, 0),  # no cycle of the grind at all
        ("overhead_press", "handle", 10, 0),  # the grind read as two cycles
        ("pull_up", "wrist", 10, 1),  # no cycle after the last counted rep, then the let-go
        ("deadlift", "bar", 10, 2),  # the rep before the grind read short too (``whole_edges``)
        ("overhead_press", "handle", 10, 2),
    ],
)
def test_a_grind_the_proxy_misses_is_counted_on_its_travel(
    exercise: str, placement: str, reps: int, seed: int
) -> None:
    true_last, the_set = grinding_set(exercise, placement, reps, seed)
    assert the_set.count == reps
    assert abs(the_set.reps[-1].start_s - true_last["start_s"]) < 0.5


@pytest.mark.parametrize(
    ("exercise", "placement", "seed", "scenario"),
    [
        ("push_up", "wrist", 0, {"faults": {4: "dropped_eccentric", 8: "dropped_eccentric"}}),
        ("barbell_row", "wrist", 0, {"tempo_s": HEAVY_TEMPOS["grinding 1.5-0-2.5-0"]}),
    ],
)
def test_what_follows_a_set_is_not_a_grind(
    exercise: str, placement: str, seed: int, scenario: dict[str, object]
) -> None:
    """A rest and a shake of the hand after a push-up set (its fastest travel twice the reps');
    putting the bar down after a heavy row counted from mid-rep to mid-rep (it goes out and back
    only as far as half a rep, in an ordinary rep's time)."""
    rec = simulate(RepScenario(exercise, 10, placement, seed=seed, **scenario), fs_hz=FS)  # type: ignore[arg-type]
    found = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=FS, exercise=exercise, placement=placement
    )
    assert found.count == 10
