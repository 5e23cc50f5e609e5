"""A sensor that drops out mid-set: time is kept, and the reps done while it was gone count."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from firmware_sim import RepScenario, simulate
from repcount import analyze_recording, process_set
from repcount.filter import fill_gaps


def test_fill_gaps_puts_samples_back_on_the_clock() -> None:
    t = np.array([0.0, 0.1, 0.2, 0.9, 1.0])
    a = np.tile(np.arange(5.0)[:, None], (1, 3))
    tt, aa, gg, observed = fill_gaps(t, a, None, fs_hz=10.0)
    assert gg is None
    assert observed is not None
    np.testing.assert_allclose(tt, np.arange(11) / 10.0, atol=1e-12)
    assert observed.tolist() == [True] * 3 + [False] * 6 + [True] * 2
    np.testing.assert_allclose(aa[3:9, 0], 2.0 + np.arange(1, 7) / 7.0)  # straight line, no motion


def test_fill_gaps_leaves_jitter_alone() -> None:
    rng = np.random.default_rng(0)
    t = np.cumsum(0.02 + rng.uniform(-0.005, 0.005, 500))
    a = rng.normal(size=(500, 3))
    tt, aa, _, observed = fill_gaps(t, a, None, fs_hz=50.0)
    assert observed is None
    assert tt is t
    assert aa is a


@pytest.mark.parametrize("cut_s", [1.5, 3.0, 6.5])
@pytest.mark.parametrize(("exercise", "placement"), [("bench_press", "bar"), ("squat", "wrist")])
def test_reps_done_during_a_dropout_are_counted(exercise: str, placement: str, cut_s: float) -> None:
    """Before: every dropout cost the reps in it, and a long one split the set in two."""
    rec = simulate(RepScenario(exercise, 10, placement=placement, seed=0), fs_hz=50.0)
    reps = rec.truth["sets"][0]["reps"]
    lost = reps[4]["start_s"] + 0.3
    keep = (rec.t_s < lost) | (rec.t_s > lost + cut_s)
    args = (rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep])
    found = analyze_recording(*args, fs_hz=50.0, exercise=exercise, placement=placement)
    assert [s.count for s in found.sets] == [10]
    assert process_set(*args, fs_hz=50.0, exercise=exercise, placement=placement).count == 10


def test_a_clock_jump_neither_fills_days_nor_invents_reps() -> None:
    """A 10-day jump in the timestamps: the gap is filled with a bounded quiet stretch, and no
    reps are inferred across it (a dropout that long could hide a rest)."""
    rec = simulate(RepScenario("barbell_row", 8, placement="bar", seed=0), fs_hz=50.0)
    t = rec.t_s.copy()
    t[t.size // 2 :] += 10 * 86400.0
    filled, _, _, observed = fill_gaps(t, rec.accel_ms2, None, fs_hz=50.0)
    assert observed is not None
    assert filled.size <= t.size + 60 * 50 + 1
    for fn in (analyze_recording, process_set):
        assert fn(t, rec.accel_ms2, fs_hz=50.0, exercise="barbell_row", placement="bar").count <= 8


def test_reps_counted_across_a_dropout_say_so() -> None:
    """They are marked inferred, carry the set's typical tempo and no flags (nothing was measured)."""
    rec = simulate(RepScenario("bench_press", 10, placement="bar", seed=0), fs_hz=50.0)
    lost = rec.truth["sets"][0]["reps"][4]["start_s"] + 0.3
    keep = (rec.t_s < lost) | (rec.t_s > lost + 3.0)
    found = process_set(
        rec.t_s[keep], rec.accel_ms2[keep], fs_hz=50.0, exercise="bench_press", placement="bar"
    )
    inferred = [r for r in found.reps if r.inferred]
    measured = [r for r in found.reps if not r.inferred]
    assert found.count == 10
    assert len(inferred) >= 1
    assert not any("partial" in r.flags for r in found.reps)  # cut by the gap, not short
    for r in inferred:
        assert lost - 3.0 < r.start_s < lost + 3.0 + 3.0
        assert r.flags == ()
        typical = float(np.median([m.concentric_s for m in measured]))
        assert r.concentric_s == pytest.approx(typical)


@pytest.mark.parametrize("cut_s", [1.5, 3.0, 6.5])
def test_live_counter_rides_out_a_dropout(cut_s: float) -> None:
    """Live, the dropout passes as time without motion (no rest that was not seen): the set stays
    one set, and its final analysis counts the reps done while the sensor was gone. Before, a
    3 s dropout closed the set after 4 reps and opened a second one."""
    from repcount import LiveCounter, SetEnded

    rec = simulate(RepScenario("bench_press", 10, placement="bar", seed=0), fs_hz=50.0)
    lost = rec.truth["sets"][0]["reps"][4]["start_s"] + 0.3
    keep = (rec.t_s < lost) | (rec.t_s > lost + cut_s)
    t, a, g = rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep]
    live = LiveCounter(fs_hz=50.0, exercise="bench_press", placement="bar")
    events = []
    for i in range(0, t.size, 5):
        events += live.push(t[i : i + 5], a[i : i + 5], g[i : i + 5])
    events += live.finish()
    assert [e.analysis.count for e in events if isinstance(e, SetEnded)] == [10]


def test_a_rep_cut_by_a_dropout_is_not_called_partial(tmp_path: Path) -> None:
    """The rep just before the gap travels less in the data than it did (its end is missing)."""
    from sensors import Recording, read_recording, write_recording

    faults = {3: "swing", 7: "dropped_eccentric"}
    rec = simulate(RepScenario("barbell_row", 10, placement="bar", faults=faults, seed=0), fs_hz=50.0)
    lost = rec.truth["sets"][0]["reps"][4]["start_s"] + 0.3
    keep = (rec.t_s < lost) | (rec.t_s > lost + 3.0)
    path = tmp_path / "row.csv"  # as `repcount analyze` reads it
    write_recording(
        path, Recording(rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep], meta=rec.sidecar())
    )
    back = read_recording(path)
    found = analyze_recording(
        back.t_s, back.accel_ms2, back.gyro_rads, fs_hz=back.fs_hz, exercise="barbell_row", placement="bar"
    )
    assert found.count == 10
    assert [r for s in found.sets for r in s.reps if "partial" in r.flags] == []


def test_overlapping_lobes_next_to_a_dropout_do_not_crash_the_timing() -> None:
    """A bar row with 6.5 s cut out 0.3 s into rep 5: the next rep's first velocity peak came
    before this rep's second, and timing the joint between them raised ValueError (an empty
    search); the joint is now halfway between the two peaks."""
    rec = simulate(RepScenario("barbell_row", 10, placement="bar", seed=0), fs_hz=50.0)
    cut_at = rec.truth["sets"][0]["reps"][4]["start_s"] + 0.3
    keep = ~((rec.t_s >= cut_at) & (rec.t_s < cut_at + 6.5))
    result = analyze_recording(
        rec.t_s[keep],
        rec.accel_ms2[keep],
        rec.gyro_rads[keep],
        fs_hz=50.0,
        exercise="barbell_row",
        placement="bar",
    )
    assert 9 <= result.count <= 10


def _cut(
    exercise: str, placement: str, cut_s: float, at: str, *, seed: int = 0, lead_out_s: float = 14.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A simulated set of 10 with ``cut_s`` of its samples cut out 0.3 s into its 5th rep
    (``at="middle"``), or 0.3 s after its last (``at="after"``), as ``bench.live_dropouts``."""
    rec = simulate(
        RepScenario(exercise, 10, placement=placement, seed=seed, lead_out_s=lead_out_s), fs_hz=50.0
    )
    reps = rec.truth["sets"][0]["reps"]
    lost = reps[4]["start_s"] + 0.3 if at == "middle" else reps[-1]["end_s"] + 0.3
    keep = (rec.t_s < lost) | (rec.t_s >= lost + cut_s)
    return rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep]


def _live_counts(t: np.ndarray, a: np.ndarray, g: np.ndarray, exercise: str, placement: str) -> list[int]:
    """The final counts of the sets a live counter fed in 40 ms batches ended (false starts too)."""
    from repcount import LiveCounter, SetEnded

    live = LiveCounter(fs_hz=50.0, exercise=exercise, placement=placement)
    events = []
    for i in range(0, t.size, 2):
        events += live.push(t[i : i + 2], a[i : i + 2], g[i : i + 2])
    events += live.finish()
    return [e.analysis.count for e in events if isinstance(e, SetEnded)]


@pytest.mark.parametrize("lead_out_s", [6.0, 14.0])
def test_a_row_at_the_wrist_with_6_5_s_cut_out_stays_one_set(lead_out_s: float) -> None:
    """Before: live, the rhythm did not pick up after the gap (the turns right after it lack
    their opposite extremes, and the next rep end read as a cycle off the rhythm), the set closed
    for want of reps and the rest of it opened as a second set ([4, 6]) or, with the walk away
    in its window, as none ([4] and a false start); offline, the piece after the gap was
    segmented alone, the walk away in it, and lost ([4])."""
    t, a, g = _cut("seated_cable_row", "wrist", 6.5, "middle", lead_out_s=lead_out_s)
    assert _live_counts(t, a, g, "seated_cable_row", "wrist") == [10]
    found = analyze_recording(t, a, g, fs_hz=50.0, exercise="seated_cable_row", placement="wrist")
    assert [s.count for s in found.sets] == [10]


def test_a_squat_at_the_wrist_with_3_s_cut_out_counts_the_rep_in_the_gap() -> None:
    """Before: 9 live and offline."""
    t, a, g = _cut("squat", "wrist", 3.0, "middle")
    assert _live_counts(t, a, g, "squat", "wrist") == [10]
    found = analyze_recording(t, a, g, fs_hz=50.0, exercise="squat", placement="wrist")
    assert [s.count for s in found.sets] == [10]


def test_no_reps_are_invented_in_a_dropout_after_the_set() -> None:
    """The samples seen after the gap are at rest (the lifter stopped before it): before, the
    rhythm placed 3 reps between the last rep and the re-rack 12 s later across a 1.5 s gap, and
    the re-rack counted too (14 of 10)."""
    t, a, g = _cut("barbell_row", "wrist", 1.5, "after")
    found = analyze_recording(t, a, g, fs_hz=50.0, exercise="barbell_row", placement="wrist")
    assert [s.count for s in found.sets] == [10]
    assert not any(r.inferred for s in found.sets for r in s.reps)


def test_reps_inferred_in_a_dropout_lie_in_it() -> None:
    """Before, an inferred rep took its start from the phase boundaries found on the filled-in
    samples, and two landed 14 s after the gap, out of order."""
    t, a, g = _cut("seated_cable_row", "wrist", 6.5, "middle")
    found = process_set(t, a, g, fs_hz=50.0, exercise="seated_cable_row", placement="wrist")
    gap = np.flatnonzero(np.diff(t) > 1.0)[0]
    inferred = [r for r in found.reps if r.inferred]
    assert inferred
    for r in inferred:
        # done while the sensor was gone
        assert r.start_s < t[gap + 1]
        assert r.end_s > t[gap]
    starts = [r.start_s for r in found.reps]
    assert starts == sorted(starts)


@pytest.mark.parametrize("cut_s", [3.0, 6.5])
def test_a_dropout_just_after_a_set_neither_joins_the_next_nor_invents_reps(cut_s: float) -> None:
    """Two bar rows ~20 s apart, the sensor gone from 1 s after the first set's last rep: the
    set's reps went on up to the gap, so what follows it is looked at with the set, but the two
    sets joined lose the second's reps (one set of 10 read in the joined window), so they stay
    two, and no rep is placed in the gap (the samples after it are at rest)."""
    from firmware_sim import SetPlan, WorkoutScenario

    plans = (SetPlan("barbell_row", 10), SetPlan("barbell_row", 10))
    rec = simulate(WorkoutScenario(plans, placement="bar", rest_s=20.0, seed=0, lead_out_s=14.0), fs_hz=50.0)
    lost = rec.truth["sets"][0]["reps"][-1]["end_s"] + 1.0
    keep = (rec.t_s < lost) | (rec.t_s >= lost + cut_s)
    t, a, g = rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep]
    found = analyze_recording(t, a, g, fs_hz=50.0, exercise="barbell_row", placement="bar")
    assert [s.count for s in found.sets] == [10, 10]
    assert not any(r.inferred for s in found.sets for r in s.reps)
    assert _live_counts(t, a, g, "barbell_row", "bar") == [10, 10]
