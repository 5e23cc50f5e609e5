"""The live counter against the simulator's truth: when each rep is announced, on the sample clock.

Latency here is the time of the newest sample pushed when a ``RepCompleted`` came out minus the
true end of the rep it announces (``firmware_sim`` truth); no wall-clock time is measured.
"""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim import RepScenario, SetPlan, WorkoutScenario, simulate
from repcount import LiveCounter, PartialRep, RepCompleted, SetEnded, SetStarted, process_set
from repcount.live import LIVE_MIN_REPS
from repcount.turns import TurnDetector
from tests.repcount.simsets import feed_live, pull_up_replays

FS = 50.0

# (exercise, placement) pairs across pull-first and lower-first lifts, bar and wrist
CASES = [
    ("barbell_row", "bar"),
    ("lat_pulldown", "bar"),
    ("bench_press", "bar"),
    ("squat", "bar"),
    ("hyperextension", "wrist"),
    ("dumbbell_row", "wrist"),
    ("barbell_row", "wrist"),
]


def _timed_events(
    rec: object, keep: np.ndarray, exercise: str, *, finish: bool
) -> list[tuple[float, object]]:
    """The samples ``keep`` of a simulated workout fed live in 2-sample batches, as the server
    feeds a routine's exercise: each event with the time of the newest sample pushed."""
    t, a, g = rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep]  # type: ignore[attr-defined]
    live = LiveCounter(fs_hz=FS, exercise=exercise)
    events: list[tuple[float, object]] = []
    for i in range(0, t.size, 2):
        now = float(t[min(i + 1, t.size - 1)])
        events += [(now, e) for e in live.push(t[i : i + 2], a[i : i + 2], g[i : i + 2])]
    if finish:
        events += [(float(t[-1]), e) for e in live.finish()]
    return events


@pytest.mark.parametrize(("exercise", "placement"), CASES)
def test_reps_after_the_opening_ones_come_within_half_a_second(exercise: str, placement: str) -> None:
    """The set opens once its first reps are certain; every later rep comes out at its turn."""
    rec = simulate(RepScenario(exercise, 10, placement=placement, seed=3), fs_hz=FS)
    true_ends = np.array([r["end_s"] for r in rec.truth["sets"][0]["reps"]])
    live = LiveCounter(fs_hz=FS, exercise=exercise, placement=placement)
    events = feed_live(live, rec, batch=2)
    reps = [(t, e) for t, e in events if isinstance(e, RepCompleted)]
    assert len(reps) >= len(true_ends) - 1
    late = []
    for t, e in reps:
        k = int(np.argmin(np.abs(true_ends - e.rep.end_s)))
        if e.count <= LIVE_MIN_REPS or abs(true_ends[k] - e.rep.end_s) > 1.0 or k == len(true_ends) - 1:
            # the opening reps; re-racking after the set (the final analysis drops it); and the
            # set's last rep, whose closing turn needs the motion after it (it may come with
            # the set's end: bench.pipeline_speed reports it in the all-reps figure)
            continue
        assert e.rep.end_s <= t  # a rep never ends after it was announced
        late.append(t - true_ends[k])
    assert len(late) >= len(true_ends) - LIVE_MIN_REPS - 2
    assert max(late) <= 0.5, late
    assert float(np.median(late)) <= 0.25, late


@pytest.mark.parametrize("batch", [2, 10, 500])
@pytest.mark.parametrize(("exercise", "placement"), CASES)
def test_live_count_matches_the_offline_count(exercise: str, placement: str, batch: int) -> None:
    """Reps announced live = the final analysis = offline ``process_set`` on the set (±1 live)."""
    rec = simulate(RepScenario(exercise, 10, placement=placement, seed=5), fs_hz=FS)
    offline = process_set(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=FS, exercise=exercise, placement=placement
    ).count
    events = [
        e for _, e in feed_live(LiveCounter(fs_hz=FS, exercise=exercise, placement=placement), rec, batch)
    ]
    ended = [e for e in events if isinstance(e, SetEnded) and e.analysis.count]
    assert [e.analysis.count for e in ended] == [offline]
    announced = [e for e in events if isinstance(e, RepCompleted) and e.set_index == ended[0].set_index]
    assert [e.count for e in announced] == list(range(1, len(announced) + 1))
    assert abs(len(announced) - offline) <= 1


@pytest.mark.parametrize("batch", [2, 25, 500])
def test_count_does_not_depend_on_batch_size(batch: int) -> None:
    rec = simulate(RepScenario("lat_pulldown", 9, placement="bar", seed=11), fs_hz=FS)
    live = LiveCounter(fs_hz=FS, exercise="lat_pulldown", placement="bar")
    events = [e for _, e in feed_live(live, rec, batch)]
    assert sum(isinstance(e, RepCompleted) for e in events) == 9
    assert [e.analysis.count for e in events if isinstance(e, SetEnded)] == [9]


def test_rest_and_fidgeting_between_sets_raise_no_events() -> None:
    """The rest of a simulated workout (walking, fidgeting, standing) fed alone: silence."""
    plans = (SetPlan("barbell_row", 8), SetPlan("barbell_row", 8))
    rec = simulate(WorkoutScenario(plans, rest_s=90.0, seed=4), fs_hz=FS)
    first, second = rec.truth["sets"]
    keep = (rec.t_s > first["end_s"] + 5.0) & (rec.t_s < second["start_s"] - 5.0)
    assert keep.sum() > 60 * FS
    live = LiveCounter(fs_hz=FS, exercise="barbell_row")
    t, a = rec.t_s[keep], rec.accel_ms2[keep]
    events = []
    for i in range(0, t.size, 5):
        events += live.push(t[i : i + 5], a[i : i + 5])
    events += live.finish()
    assert not [e for e in events if isinstance(e, SetStarted | RepCompleted | PartialRep)]


def test_stillness_raises_no_turns_and_no_events() -> None:
    rng = np.random.default_rng(1)
    n = int(120 * FS)
    t = np.arange(n) / FS
    a = np.array([0.3, -0.2, 9.8]) + 0.02 * 9.81 * rng.normal(size=(n, 3))
    live = LiveCounter(fs_hz=FS)
    events = []
    for i in range(0, n, 4):
        events += live.push(t[i : i + 4], a[i : i + 4])
    assert events == []
    assert live.finish() == []
    detector = TurnDetector(fs_hz=FS)
    assert len(detector.push(t, a)) <= 2  # the filters' run-in at most


def test_turns_do_not_depend_on_orientation_or_batching() -> None:
    """The detector's turns on a rotated sensor, pushed in other pieces, are the same turns."""
    rec = simulate(RepScenario("barbell_row", 6, placement="bar", seed=2), fs_hz=FS)
    c, s = np.cos(0.9), np.sin(0.9)
    rot = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]]) @ np.array(
        [[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]]
    )
    whole = TurnDetector(fs_hz=FS).push(rec.t_s, rec.accel_ms2)
    det = TurnDetector(fs_hz=FS)
    pieces = []
    for i in range(0, rec.t_s.size, 7):
        pieces += det.push(rec.t_s[i : i + 7], rec.accel_ms2[i : i + 7] @ rot.T)
    big = [u.t_s for u in whole if abs(u.value_ms2) > 1.0]
    big_rot = [u.t_s for u in pieces if abs(u.value_ms2) > 1.0]
    assert len(big) > 10
    # the axis adapts batch by batch: the same extremes within a sample or two
    matched = sum(min(abs(x - y) for y in big_rot) <= 2.5 / FS for x in big)
    assert matched >= 0.9 * len(big)


def test_memory_is_bounded_while_a_set_goes_on() -> None:
    """A set longer than ``max_set_s`` is closed, so the buffer never outgrows it."""
    rec = simulate(RepScenario("barbell_row", 40, placement="bar", seed=1), fs_hz=FS)
    live = LiveCounter(fs_hz=FS, exercise="barbell_row", placement="bar", max_set_s=60.0)
    most = 0
    for i in range(0, rec.t_s.size, 10):
        live.push(rec.t_s[i : i + 10], rec.accel_ms2[i : i + 10])
        most = max(most, live._samples.ring.n)
    assert most <= (60.0 + 2.0) * FS


def test_a_stream_that_begins_in_a_set_ends_with_the_offline_count() -> None:
    """A simulated barbell row set whose stream begins in its third rep: the set was counted live
    (7 reps announced), but it closed with an empty analysis, as the offline rules, asked whether
    its window held a set, found none: a window with no quiet before the set and only a second
    after it set the rest level within the set."""
    from repcount import analyze_recording

    rec = simulate(RepScenario("barbell_row", 10, placement="bar", seed=1), fs_hz=FS)
    reps = rec.truth["sets"][0]["reps"]
    m = rec.t_s >= 0.5 * (reps[2]["start_s"] + reps[2]["end_s"])
    t, a = rec.t_s[m], rec.accel_ms2[m]
    offline = analyze_recording(t, a, fs_hz=FS, exercise="barbell_row", placement="bar").count
    live = LiveCounter(fs_hz=FS, exercise="barbell_row", placement="bar")
    events = []
    for i in range(0, t.size, 2):
        events += live.push(t[i : i + 2], a[i : i + 2])
    events += live.finish()
    assert offline == 7
    assert [e.analysis.count for e in events if isinstance(e, SetEnded)] == [offline]


def test_memory_is_bounded_when_the_stream_begins_in_a_set() -> None:
    """A stream that begins in a set is analysed from its start (``LiveCounter._from_stream_start``), but
    the buffer still holds no more than ``max_set_s``."""
    rec = simulate(RepScenario("barbell_row", 40, placement="bar", seed=1), fs_hz=FS)
    reps = rec.truth["sets"][0]["reps"]
    m = rec.t_s >= 0.5 * (reps[1]["start_s"] + reps[1]["end_s"])
    t, a = rec.t_s[m], rec.accel_ms2[m]
    live = LiveCounter(fs_hz=FS, exercise="barbell_row", placement="bar", max_set_s=60.0)
    most, began = 0, False
    for i in range(0, t.size, 10):
        live.push(t[i : i + 10], a[i : i + 10])
        most = max(most, live._samples.ring.n)
        began = began or (live.in_set and live._from_stream_start())
    assert began
    assert most <= (60.0 + 2.0) * FS


def test_batch_filter_is_sosfilt_with_its_state() -> None:
    """The live filters' section-by-section runner gives ``sosfilt``'s output and state."""
    from scipy import signal

    from repcount.turns import sosfilt_batch

    rng = np.random.default_rng(3)
    sos = signal.butter(2, [0.2, 4.0], btype="bandpass", fs=100.0, output="sos")
    x = rng.normal(size=(1000, 3)) + np.array([0.0, 0.0, 9.81])
    zi = signal.sosfilt_zi(sos)[:, :, None] * x[0][None, None, :]
    want, want_z = signal.sosfilt(sos, x, axis=0, zi=zi)
    parts, z = [], zi
    for i in range(0, x.shape[0], 7):
        y, z = sosfilt_batch(sos, x[i : i + 7], z)
        parts.append(y)
    np.testing.assert_allclose(np.concatenate(parts), want, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(z, want_z, rtol=1e-9, atol=1e-12)


def test_a_set_is_not_closed_and_reopened_midway_whatever_the_batching() -> None:
    """A pull-up set at 100 Hz in uneven batches: the first reps' scale was learnt too small on
    some batchings, every later rep then looked like unracking, and the set closed after 8 s
    without a rep and opened again (the phone's count restarted at 1 in the middle)."""
    for events in pull_up_replays():
        assert sum(isinstance(e, SetStarted) for e in events) == 1
        final = [e.analysis.count for e in events if isinstance(e, SetEnded)]
        assert final == [9]


def test_a_routine_workouts_reps_are_announced_on_time_from_each_sets_third() -> None:
    """The 32-minute workout of ``bench.pipeline_speed`` fed live as the server runs it (the
    routine's exercise, moved on at each set's end): from each set's third rep, 95 % of the reps
    are announced within 250 ms of their true end (stream time). A rep's neighbourhood is a
    window cut from inside the set; its cut first rep read as a half rep once, which turned the
    polarity there, and lat pulldown reps came 1-4 s late (p95 1024 ms)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.pipeline_speed import _live_latency
    from firmware_sim import default_workout_scenario

    rec = simulate(default_workout_scenario(seed=1, rest_s=60.0), fs_hz=50.0)
    _, _, _, third, _, _, _ = _live_latency(rec, 50.0, [st["exercise"] for st in rec.truth["sets"]])
    assert len(third) >= 190
    assert float(np.percentile(third, 95)) <= 0.25


@pytest.mark.parametrize(
    ("exercise", "seed"),
    [("hyperextension", 0), ("hyperextension", 2), ("barbell_row", 1), ("lat_pulldown", 0)],
)
def test_three_sets_of_twelve_each_open_once_and_keep_every_rep(exercise: str, seed: int) -> None:
    """Three sets of 12 at the wrist with a minute's rest, fed live as the server runs them.
    No set closes mid-way, and each final count is the true count. Before: a later set's first rep
    matched the learnt one and its neighbourhood, reaching back into the walk up, re-learnt a
    0.8 s period from the steps (hyperextensions); a change of the rep-ending turn sign waited
    for an opposite turn and lost the next rep (barbell rows); a set opened on two quick cycles
    of the walk up kept their period (lat pulldowns, once the period was no longer re-learnt
    from the walk up). Each time no rep counted for 8 s, the set closed mid-way and opened
    again: 12 read as 0 and 11, or 5 and 7, or 4, 0 and 9."""
    plans = tuple(SetPlan(exercise, 12) for _ in range(3))
    rec = simulate(WorkoutScenario(plans, rest_s=60.0, seed=seed), fs_hz=FS)
    events = [e for _, e in feed_live(LiveCounter(fs_hz=FS, exercise=exercise), rec, batch=2)]
    finals = [e.analysis.count for e in events if isinstance(e, SetEnded)]
    assert [c for c in finals if c] == [12, 12, 12]
    # at most one false start: the walk up to the bar read as two reps, closed with no set
    assert finals.count(0) <= 1


@pytest.mark.parametrize("seed", [3, 5])
def test_the_sides_of_one_arm_rows_stay_apart_live(seed: int) -> None:
    """The dumbbell rows of a routine workout (left, right, three times; the sensor moved to the
    working arm between sides, 15-21 s apart) fed live: six sets of 10. Moving the sensor made
    turns in the set's rhythm that kept the left side's set going without a rep until the right
    side's reps came, and two sides read as one set of 20."""
    from firmware_sim import default_workout_scenario

    rec = simulate(default_workout_scenario(seed=seed, rest_s=60.0), fs_hz=FS)
    rows = [s for s in rec.truth["sets"] if s["exercise"] == "dumbbell_row"]
    first, last = rows[0]["reps"][0]["start_s"], rows[-1]["reps"][-1]["end_s"]
    keep = (rec.t_s >= first - 30.0) & (rec.t_s <= last + 20.0)
    live = LiveCounter(fs_hz=FS, exercise="dumbbell_row")
    t, a, g = rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep]
    events = []
    for i in range(0, t.size, 2):
        events += live.push(t[i : i + 2], a[i : i + 2], g[i : i + 2])
    events += live.finish()
    finals = [e.analysis.count for e in events if isinstance(e, SetEnded) and e.analysis.count]
    assert finals == [len(s["reps"]) for s in rows]


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_a_later_seated_cable_row_set_opens_at_its_first_rep(seed: int) -> None:
    """The seated cable rows of a routine workout fed live: each later set's first rep is
    recognised by what the first set taught. It starts from stillness, so its drop from the
    opposite extreme reads 0.4-0.7 of the learnt one, under ``DROP_FRAC``: the set opened only at
    its second rep and its first came 3.5-4.5 s late. Its cycle's shape (3-axis, sensor frame)
    is the learnt set's, and that now lets the smaller drop count (``set_memory.shape_match``).
    Where the first rep's end is the first of two turns at the top (seed 1) no opposite extreme
    lies within the learnt lag before it, and a closer shape alone counts; its rep's scale is
    then the detector's running amplitude, not the learnt excursion (measured along another axis
    it had kept the set's next reps from counting)."""
    from firmware_sim import default_workout_scenario

    rec = simulate(default_workout_scenario(seed=seed, rest_s=60.0), fs_hz=FS)
    rows = [s for s in rec.truth["sets"] if s["exercise"] == "seated_cable_row"]
    first, last = rows[0]["reps"][0]["start_s"], rows[-1]["reps"][-1]["end_s"]
    keep = (rec.t_s >= first - 30.0) & (rec.t_s <= last + 20.0)
    events = _timed_events(rec, keep, "seated_cable_row", finish=False)
    for st in rows[1:]:
        end = st["reps"][0]["end_s"]
        at = [now for now, e in events if isinstance(e, RepCompleted) and abs(e.rep.end_s - end) < 1.0]
        assert at, end
        assert at[0] - end < 0.25, (end, at[0] - end)


@pytest.mark.parametrize("seed", [1, 4, 5, 7])
def test_a_later_pull_up_set_opens_at_its_first_rep_after_the_jump(seed: int) -> None:
    """The pull-up sets of a routine workout fed live. The jump to the bar turns the turn
    detector's axis to the jump's line and inflates its amplitude, so the first rep's end reads
    small along it, of either sign, and no turn of the learnt sign opened the set: it opened at
    the second rep, its first rep 3.0-6.3 s late. The first rep is now found along the rep's own
    axis (the learnt shape's principal axis, ``repcount.rep_axis``), and the detector re-aligned
    on its cycle counts the reps after it at their turns (both within 250 ms here; on the old
    counter the second came 0.15-3.2 s late). The second rep's neighbourhood starts at the set's
    first rep: with the jump in it (read as a rep) the second read as partial and was not
    announced live (workouts 4 and 7)."""
    from firmware_sim import default_workout_scenario

    rec = simulate(default_workout_scenario(seed=seed, rest_s=60.0), fs_hz=FS)
    rows = [s for s in rec.truth["sets"] if s["exercise"] == "pull_up"]
    keep = rec.t_s <= rows[-1]["reps"][-1]["end_s"] + 20.0
    events = _timed_events(rec, keep, "pull_up", finish=True)
    for st in rows[1:]:
        for rep in st["reps"][:2]:
            end = rep["end_s"]
            at = [now for now, e in events if isinstance(e, RepCompleted) and abs(e.rep.end_s - end) < 1.0]
            assert at, end
            assert at[0] - end < 0.25, (end, at[0] - end)


def test_a_set_opened_at_its_second_rep_by_the_learnt_shape_announces_its_first() -> None:
    """The routine workout (seed 4) fed as the server runs it. The second lat pulldown set's
    first rep starts from the sit-down and is unlike the learnt shape; its second is matched at
    its turn and opened the set, and the first was never announced live (only the final count
    held it). A rep the offline stages find one learnt period before the matched one is now the
    set's first, announced with it."""
    from firmware_sim import default_workout_scenario

    rec = simulate(default_workout_scenario(seed=4, rest_s=60.0), fs_hz=FS)
    sets = rec.truth["sets"]
    routine = [st["exercise"] for st in sets]
    live = LiveCounter(fs_hz=FS, exercise=routine[0])
    announced: list[float] = []
    done = 0
    for i in range(0, rec.t_s.size, 2):
        for e in live.push(rec.t_s[i : i + 2], rec.accel_ms2[i : i + 2], rec.gyro_rads[i : i + 2]):
            if isinstance(e, RepCompleted):
                announced.append(e.rep.end_s)
            elif isinstance(e, SetEnded) and e.analysis.count:
                done += 1
                live.set_exercise(routine[min(done, len(routine) - 1)])
    pulldowns = [st for st in sets if st["exercise"] == "lat_pulldown"]
    first = pulldowns[1]["reps"][0]["end_s"]
    assert any(abs(end - first) < 1.0 for end in announced)


@pytest.mark.parametrize(
    ("exercise", "seed"),
    [
        ("hyperextension", 1),
        ("barbell_row", 2),
        ("seated_cable_row", 1),
        ("seated_cable_row", 2),
        ("pull_up", 1),
        ("dumbbell_row", 2),
    ],
)
def test_a_dropped_eccentric_mid_set_is_announced_with_the_rep_after_it(exercise: str, seed: int) -> None:
    """A dropped eccentric (the 4th of 10 reps, done in about half the period) was taken for a
    harmonic's extreme, or for a gesture by its size, and the rep after it came 1.5 periods after
    the last rep end, where the neighbourhood could not yet see the set go on: both were lost
    live, and the phone's count stood still until the set's end. Now the short rep comes out
    with the one after it at the latest, by one period late, and every other rep at its turn."""
    rec = simulate(RepScenario(exercise, 10, faults={4: "dropped_eccentric"}, seed=seed), fs_hz=FS)
    reps = rec.truth["sets"][0]["reps"]
    assert reps[3]["flags"] == ["dropped_eccentric"]
    events = feed_live(LiveCounter(fs_hz=FS, exercise=exercise), rec, batch=2)
    (closed,) = [t for t, e in events if isinstance(e, SetEnded)]
    for k, r in enumerate(reps[2:], start=2):  # the opening reps come later (the set opens at two)
        t = [t for t, e in events if isinstance(e, RepCompleted) and abs(e.rep.end_s - r["end_s"]) < 1.0]
        assert t, (k, r)
        assert t[0] < closed, (k, r)
        period = reps[k + 1]["end_s"] - r["end_s"] if k == 3 else 0.0
        assert t[0] - r["end_s"] < period + 0.5, (k, t[0] - r["end_s"])


@pytest.mark.parametrize(
    ("exercise", "seed", "rep"),
    [
        ("lat_pulldown", 2, 4),
        ("barbell_row", 1, 4),
        ("seated_cable_row", 1, 7),
        ("dumbbell_row", 2, 7),
        ("hyperextension", 1, 4),
    ],
)
def test_a_dropped_eccentric_the_neighbourhood_sees_counts_at_its_own_turn(
    exercise: str, seed: int, rep: int
) -> None:
    """A dropped eccentric's short rep waited for the turn of the rep after it, about 3 s late
    (27 of the 154 reps later than 250 ms over the simulated workouts 1-11). Where the
    neighbourhood's offline stages already see it at its turn (a rep of the set's size spanning
    the short cycle, flagged ``dropped_eccentric``), it now counts then: within 250 ms, the rep
    after it on time too, and no rep announced beyond the final count."""
    rec = simulate(RepScenario(exercise, 10, faults={rep: "dropped_eccentric"}, seed=seed), fs_hz=FS)
    reps = rec.truth["sets"][0]["reps"]
    assert reps[rep - 1]["flags"] == ["dropped_eccentric"]
    events = feed_live(LiveCounter(fs_hz=FS, exercise=exercise), rec, batch=2)
    (final,) = [e.analysis.count for _, e in events if isinstance(e, SetEnded)]
    announced = [e for _, e in events if isinstance(e, RepCompleted)]
    assert final == 10
    assert max(e.count for e in announced) == final
    for r in reps[rep - 1 : rep + 1]:
        t = [t for t, e in events if isinstance(e, RepCompleted) and abs(e.rep.end_s - r["end_s"]) < 1.0]
        assert t, r
        assert t[0] - r["end_s"] <= 0.25, (r, t[0] - r["end_s"])


@pytest.mark.parametrize(("exercise", "seed"), [("dumbbell_row", 3), ("hyperextension", 2)])
def test_the_rep_that_opens_a_set_comes_within_250_ms(exercise: str, seed: int) -> None:
    """A set opens when the offline stages see its second rep settled (``confirm_s`` behind the
    newest sample); the next look came at the next probe, up to ``PROBE_S`` later, and the second
    rep 0.27-0.34 s after its true end. The look is now due when the rep will have settled, and
    the rep is taken to end at its own rep-ending turn once that is certain
    (``live_opening.newest_at_turn``): like the set's later reps, it may come slightly before its
    true end (the causal high-pass leads the movement's end)."""
    rec = simulate(RepScenario(exercise, 10, placement="wrist", seed=seed), fs_hz=FS)
    second = rec.truth["sets"][0]["reps"][1]["end_s"]
    events = feed_live(LiveCounter(fs_hz=FS, exercise=exercise), rec, batch=2)
    (t,) = [t for t, e in events if isinstance(e, RepCompleted) and abs(e.rep.end_s - second) < 1.0]
    assert abs(t - second) <= 0.25


@pytest.mark.parametrize(
    ("exercise", "seed"), [("lat_pulldown", 1), ("lat_pulldown", 3), ("seated_cable_row", 2)]
)
def test_a_first_set_opened_at_its_second_rep_announces_it_at_its_turn(exercise: str, seed: int) -> None:
    """An exercise's first set in a routine workout, from the rest before it. The reach to the bar
    and the sit-down are set-up moves, not reps, so the set opens at its second rep; the offline
    stages place that rep's end at the window's edge, 0.5-0.8 s past its true end, and the set
    waited for it to settle: the second rep came 0.39-0.95 s late (the third too, once). It is
    now taken to end at its own rep-ending turn (``live_opening.newest_at_turn``)."""
    from firmware_sim import default_workout_scenario

    rec = simulate(default_workout_scenario(seed=seed, rest_s=60.0), fs_hz=FS)
    st = next(s for s in rec.truth["sets"] if s["exercise"] == exercise)
    reps = st["reps"]
    keep = (rec.t_s >= reps[0]["start_s"] - 40.0) & (rec.t_s <= reps[-1]["end_s"] + 10.0)
    events = _timed_events(rec, keep, exercise, finish=True)
    for rep in reps[1:4]:
        end = rep["end_s"]
        at = [now for now, e in events if isinstance(e, RepCompleted) and abs(e.rep.end_s - end) < 1.0]
        assert at, end
        assert at[0] - end <= 0.25, (end, at[0] - end)


@pytest.mark.parametrize("seed", [3, 4])
def test_a_first_pull_up_set_reads_its_reps_past_the_reach(seed: int) -> None:
    """A routine workout's first set, pull-ups, from the walk up to the bar. With the walk and the
    jump in the probe's window the stages read them into the first reps' period, and the set opened
    at its third rep: the second came 2.9-3.2 s late. The window from the reach (a set-up move into
    a new pose) on reads the reps that follow it (``live_probe``), so the second comes within
    about one rep-ending turn's wait, and the first rep is announced with it."""
    from firmware_sim import default_workout_scenario

    rec = simulate(default_workout_scenario(seed=seed, rest_s=60.0), fs_hz=FS)
    reps = rec.truth["sets"][0]["reps"]
    keep = rec.t_s <= reps[4]["end_s"] + 1.0
    events = _timed_events(rec, keep, "pull_up", finish=False)
    end = reps[1]["end_s"]
    at = [now for now, e in events if isinstance(e, RepCompleted) and abs(e.rep.end_s - end) < 1.0]
    assert at, end
    assert at[0] - end <= 0.25, (end, at[0] - end)
    counts = [e.count for _, e in events if isinstance(e, RepCompleted)]
    assert counts == list(range(1, len(counts) + 1))  # the walk and the jump are not counted


@pytest.mark.parametrize("seed", [15, 20])
def test_a_first_pull_up_set_reads_its_reps_from_the_hang(seed: int) -> None:
    """A routine workout's first set, pull-ups, where the probe's window holds the walk up and the
    jump and the stages misread the reach, so no set-up move among their reps marks where the set
    begins: the set opened at its third rep, the second 2.7-2.8 s late. The window from where the
    wrist came into the pose the reps are done in (arms up, from arms down: more than a right
    angle, ``live_probe.NEW_POSE_DEG``) reads the reps that follow the reach, so the second comes
    at its turn and the first with it. (Workouts 15 and 20 were neither tuned on nor held out.)"""
    from firmware_sim import default_workout_scenario

    rec = simulate(default_workout_scenario(seed=seed, rest_s=60.0), fs_hz=FS)
    reps = rec.truth["sets"][0]["reps"]
    keep = rec.t_s <= reps[4]["end_s"] + 1.0
    events = _timed_events(rec, keep, "pull_up", finish=False)
    for rep in reps[1:4]:
        end = rep["end_s"]
        at = [now for now, e in events if isinstance(e, RepCompleted) and abs(e.rep.end_s - end) < 1.0]
        assert at, end
        assert at[0] - end <= 0.25, (end, at[0] - end)
    counts = [e.count for _, e in events if isinstance(e, RepCompleted)]
    assert counts == list(range(1, len(counts) + 1))  # the walk and the jump are not counted
