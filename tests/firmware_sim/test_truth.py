"""Ground truth: counts, order, phase sums, faults where asked, and the default workout."""

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firmware_sim import (
    SIM_EXERCISES,
    RepScenario,
    SetPlan,
    WorkoutScenario,
    default_workout_scenario,
    placements_for,
    simulate,
)
from repcount.exercises import DEFAULT_ROUTINE, FLAGS

PHASES = ("eccentric_s", "pause_bottom_s", "concentric_s", "pause_top_s")


def _all_reps(s: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(s["reps"] + s["partial_reps"], key=lambda r: r["start_s"])


def _check_set(s: dict[str, Any]) -> None:
    reps = _all_reps(s)
    assert s["start_s"] == pytest.approx(reps[0]["start_s"])
    assert s["end_s"] == pytest.approx(reps[-1]["end_s"])
    for a, b in itertools.pairwise(reps):
        assert a["end_s"] <= b["start_s"] + 1e-6
    for r in reps:
        assert r["end_s"] > r["start_s"]
        assert sum(r[p] for p in PHASES) == pytest.approx(r["end_s"] - r["start_s"], abs=1e-5)
        assert all(r[p] >= 0 for p in PHASES)
        assert set(r["flags"]) <= set(FLAGS)


@pytest.mark.parametrize("exercise", SIM_EXERCISES)
def test_every_exercise_and_placement_gives_consistent_truth(exercise: str) -> None:
    for placement in placements_for(exercise):
        side = "right" if exercise == "dumbbell_row" else None
        rec = simulate(
            RepScenario(exercise, 6, placement, faults={5: "partial"}, seed=3, side=side), fs_hz=50
        )
        (s,) = rec.truth["sets"]
        assert s["exercise"] == exercise
        assert len(s["reps"]) == 5
        assert [r["rep"] for r in s["partial_reps"]] == [5]
        assert s["partial_reps"][0]["flags"] == ["partial"]
        _check_set(s)
        assert rec.t_s[0] < s["start_s"] < s["end_s"] < rec.t_s[-1]


def test_faults_land_on_the_named_reps() -> None:
    faults = {2: "kip", 4: "swing", 5: "dropped_eccentric", 6: "jerky", 7: "fast_concentric", 8: "bounce"}
    rec = simulate(RepScenario("pull_up", 9, faults=faults, seed=42))
    reps = rec.truth["sets"][0]["reps"]
    assert len(reps) == 9
    assert {r["rep"]: r["flags"] for r in reps if r["flags"]} == {k: [v] for k, v in faults.items()}
    clean_conc = [r["concentric_s"] for r in reps if not r["flags"]]
    assert reps[6]["concentric_s"] < min(clean_conc)  # fast concentric
    assert reps[4]["eccentric_s"] <= 0.6  # dropped eccentric


def test_lower_first_lifts_start_with_the_eccentric() -> None:
    rec = simulate(RepScenario("bench_press", 2, "bar", tempo_s=(2.0, 0.5, 1.0, 0.0), seed=1, fatigue=0.0))
    rep = rec.truth["sets"][0]["reps"][0]
    assert rep["eccentric_s"] == pytest.approx(2.0, rel=0.15)
    assert rep["pause_bottom_s"] == pytest.approx(0.5, rel=0.15)


def test_fatigue_slows_the_concentric() -> None:
    rec = simulate(RepScenario("barbell_row", 10, "bar", fatigue=1.0, seed=9))
    reps = rec.truth["sets"][0]["reps"]
    assert reps[-1]["concentric_s"] > reps[0]["concentric_s"]
    assert reps[-1]["rom_m"] < reps[0]["rom_m"]


def test_default_workout_follows_the_routine() -> None:
    scen = default_workout_scenario(seed=4)
    rec = simulate(scen, fs_hz=25)
    sets = rec.truth["sets"]
    expected = []
    for exercise, n_sets, lo, hi, per_side in DEFAULT_ROUTINE:
        expected += [(exercise, lo, hi)] * (n_sets * (2 if per_side else 1))
    assert [s["exercise"] for s in sets] == [e for e, _, _ in expected]
    for s, (_, lo, hi) in zip(sets, expected, strict=True):
        _check_set(s)
        assert lo <= len(s["reps"]) + len(s["partial_reps"]) <= hi
    assert [s["side"] for s in sets if s["exercise"] == "dumbbell_row"] == ["left", "right"] * 3
    for a, b in itertools.pairwise(sets):
        gap = b["start_s"] - a["end_s"]
        assert gap > (
            5 if a["exercise"] == b["exercise"] == "dumbbell_row" and a["side"] != b["side"] else 40
        )
    flagged = [f for s in sets for r in s["reps"] for f in r["flags"]]
    assert flagged, "a few momentum reps are sprinkled in"


def test_default_workout_rest_scales() -> None:
    short = simulate(default_workout_scenario(seed=1, rest_s=10.0), fs_hz=25)
    long = simulate(default_workout_scenario(seed=1, rest_s=90.0), fs_hz=25)
    assert short.duration_s < long.duration_s / 2


def test_bar_workout_skips_lifts_without_a_bar() -> None:
    scen = default_workout_scenario(seed=1, placement="bar")
    assert {p.exercise for p in scen.sets} == {
        "barbell_row",
        "dumbbell_row",
        "lat_pulldown",
        "seated_cable_row",
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"exercise": "curl"}, "choose one of: barbell_row"),
        ({"placement": "bar"}, "choose one of: wrist"),
        ({"reps": 0}, "reps must be"),
        ({"faults": {3: "cheat"}}, "choose one of: fast_concentric"),
        ({"reps": 5, "faults": {6: "kip"}}, "reps 1..5"),
        ({"tempo_s": (2, 0, 0.1, 0)}, "at least 0.2 s"),
        ({"side": "up"}, "choose one of: left, right"),
        ({"fatigue": 2.0}, "fatigue"),
    ],
)
def test_bad_scenarios_say_what_is_valid(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RepScenario(**kwargs)


def test_workout_validation() -> None:
    with pytest.raises(ValueError, match="at least one set"):
        WorkoutScenario(())
    with pytest.raises(ValueError, match="side="):
        SetPlan("dumbbell_row", 10)
    with pytest.raises(ValueError, match="does not fit pull_up"):
        WorkoutScenario((SetPlan("pull_up", 8),), placement="bar")


@settings(max_examples=15, deadline=None)
@given(
    exercise=st.sampled_from(SIM_EXERCISES),
    reps=st.integers(1, 6),
    fault=st.sampled_from(FLAGS),
    tempo=st.tuples(st.floats(0.2, 3), st.floats(0, 1), st.floats(0.2, 3), st.floats(0, 1)),
    fatigue=st.floats(0, 1),
    seed=st.integers(0, 2**16),
)
def test_truth_invariants_hold_for_any_plan(
    exercise: str, reps: int, fault: str, tempo: tuple[float, float, float, float], fatigue: float, seed: int
) -> None:
    placement = placements_for(exercise)[-1]
    side = "left" if exercise == "dumbbell_row" else None
    scen = RepScenario(exercise, reps, placement, tempo, {reps: fault}, fatigue, seed=seed, side=side)
    (s,) = simulate(scen, fs_hz=25).truth["sets"]
    _check_set(s)
    assert len(s["reps"]) + len(s["partial_reps"]) == reps
    assert len(s["partial_reps"]) == (fault == "partial")


def test_scenarios_are_immutable_values() -> None:
    a = RepScenario("pull_up", 5, faults={2: "kip"}, seed=1)
    b = RepScenario("pull_up", 5, faults={2: "kip"}, seed=1)
    assert a == b
    assert {a: "x"}[b] == "x"
    assert hash(default_workout_scenario(1)) == hash(default_workout_scenario(1))
    with pytest.raises(TypeError):
        a.faults[3] = "swing"  # type: ignore[index]


def test_sensor_moved_to_the_working_arm_moves_as_much_on_both_sides() -> None:
    from firmware_sim import SetPlan, WorkoutScenario, default_workout_scenario, simulate

    plans = (SetPlan("dumbbell_row", 8, side="left"), SetPlan("dumbbell_row", 8, side="right"))
    rec = simulate(WorkoutScenario(plans, rest_s=20.0, sensor_side="working", seed=3), fs_hz=50.0)
    spread = []
    for s in rec.truth["sets"]:
        inside = (rec.t_s >= s["start_s"]) & (rec.t_s <= s["end_s"])
        spread.append(float(np.std(np.linalg.norm(rec.accel_ms2[inside], axis=1))))
    assert min(spread) > 0.5 * max(spread)
    default = default_workout_scenario(seed=1)
    for plan in default.sets:
        if plan.side is not None:
            assert default.wrist_for(plan) == plan.side


def test_a_grinding_last_rep_is_slow_full_and_in_the_truth() -> None:
    plain = simulate(RepScenario("squat", 5, "bar", seed=4), fs_hz=50)
    ground = simulate(RepScenario("squat", 5, "bar", seed=4, grind_last=True), fs_hz=50)
    (p,), (g,) = plain.truth["sets"], ground.truth["sets"]
    assert "grind_last" not in p
    assert g["grind_last"] is True
    assert [r.get("grind") for r in g["reps"][:-1]] == [None] * 4
    stretch = g["reps"][-1]["grind"]
    assert 1.6 <= stretch <= 2.5
    assert g["reps"][-1]["concentric_s"] == pytest.approx(stretch * p["reps"][-1]["concentric_s"], rel=1e-6)
    assert g["reps"][-1]["rom_m"] == pytest.approx(p["reps"][-1]["rom_m"])  # still the whole range
    _check_set(g)
    for a, b in zip(p["reps"][:-1], g["reps"][:-1], strict=True):  # every rep before it as without
        assert a == b
