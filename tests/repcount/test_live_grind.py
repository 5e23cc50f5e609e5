"""A set to failure fed live ends with its ground-out last rep counted, as offline (``live_grind``)."""

from __future__ import annotations

import pytest

from firmware_sim import RepScenario, simulate
from repcount import LiveCounter, RepCompleted, SetEnded, analyze_recording
from repcount.slow_end import slow_end_s
from repcount.types import Rep
from tests.repcount.simsets import feed_live


@pytest.mark.parametrize(
    ("exercise", "placement", "reps", "seed"),
    [("barbell_row", "bar", 5, 0), ("bench_press", "handle", 10, 0), ("dumbbell_row", "bar", 10, 0)],
)
def test_a_grind_under_the_gate_is_in_the_live_final_count(
    exercise: str, placement: str, reps: int, seed: int
) -> None:
    """The grind stays under the live gate too: the set closed a rest after the rep before it and
    its final analysis, on the gate's span, read one short where ``analyze_recording`` counted it.
    The rep the final analysis adds is announced before ``SetEnded``."""
    rec = simulate(RepScenario(exercise, reps, placement, seed=seed, grind_last=True), fs_hz=50)
    offline = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=50, exercise=exercise, placement=placement
    )
    assert offline.count == reps
    events = [e for _, e in feed_live(LiveCounter(fs_hz=50, exercise=exercise, placement=placement), rec)]
    ended = [e for e in events if isinstance(e, SetEnded) and e.analysis.count]
    assert [e.analysis.count for e in ended] == [reps]
    last_rep, true_last = ended[0].analysis.reps[-1], rec.truth["sets"][0]["reps"][-1]
    assert abs(last_rep.start_s - true_last["start_s"]) < 0.3
    assert abs(last_rep.end_s - true_last["end_s"]) < 1.0  # as offline's (``test_slow_end``)
    last = [i for i, e in enumerate(events) if isinstance(e, RepCompleted) and e.count == reps]
    assert last
    assert last[-1] < events.index(ended[0])


@pytest.mark.parametrize(("exercise", "seed"), [("dumbbell_row", 5), ("lat_pulldown", 2)])
def test_a_rerack_past_the_live_gate_is_not_a_rep(exercise: str, seed: int) -> None:
    """A heavy set counted from mid-rep to mid-rep: its re-rack at an ordinary rep's duration,
    past the set's window, is no slow rep live either."""
    reps = 5 if exercise == "dumbbell_row" else 10
    scenario = RepScenario(exercise, reps, "bar", seed=seed, tempo_s=(1.5, 0.3, 2.0, 0.0))
    rec = simulate(scenario, fs_hz=50)
    events = [e for _, e in feed_live(LiveCounter(fs_hz=50, exercise=exercise, placement="bar"), rec)]
    assert [e.analysis.count for e in events if isinstance(e, SetEnded) and e.analysis.count] == [reps]


def test_slow_end_s_is_the_longest_grind_past_the_last_rep() -> None:
    reps = [Rep(2.0 * i, 2.0 * i + 2.0, 1.0, 0.0, 1.0, 0.0) for i in range(4)]
    assert slow_end_s(reps, 1.0) == pytest.approx(8.0 + 1.9 * 2.0 + 1.0)
    assert slow_end_s(reps[:1], 1.0) is None


@pytest.mark.parametrize(
    ("exercise", "placement", "reps", "seed"),
    [("barbell_row", "bar", 5, 0), ("bench_press", "bar", 5, 1), ("dumbbell_row", "bar", 10, 0)],
)
def test_the_grind_is_announced_at_its_own_end(exercise: str, placement: str, reps: int, seed: int) -> None:
    """Not at the set's close, a rest after the rep before it (3-4 s after the grind's end): once
    the travel has turned back, within a second of the grind's true end; the set's final count and
    its close are as before."""
    rec = simulate(RepScenario(exercise, reps, placement, seed=seed, grind_last=True), fs_hz=50)
    timed = feed_live(LiveCounter(fs_hz=50, exercise=exercise, placement=placement), rec)
    true_end = rec.truth["sets"][0]["reps"][-1]["end_s"]
    (said_at,) = [t for t, e in timed if isinstance(e, RepCompleted) and e.count == reps]
    (ended,) = [(t, e) for t, e in timed if isinstance(e, SetEnded) and e.analysis.count]
    assert said_at - true_end < 1.0
    assert ended[1].analysis.count == reps
    assert ended[0] - said_at > 2.0
