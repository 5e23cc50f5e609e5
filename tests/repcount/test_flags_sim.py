"""Momentum flags on simulated sets with a known injected fault (``firmware_sim`` ground truth).

Found reps are matched to true reps by start time, not by order, so a counting change elsewhere
does not shift which rep is checked.
"""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim import RepScenario, simulate
from repcount import FLAGS, Rep, analyze_recording
from tests.repcount.simsets import simulated_set

FS = 50.0
FAULTY = (4, 8)
MOMENTUM = tuple(f for f in FLAGS if f != "partial")


def _matched(exercise: str, placement: str, faults: dict[int, str], seed: int, *, gyro: bool = True):
    truth, found = simulated_set(exercise, placement, seed, gyro=gyro, faults=faults)
    assert found, "the set was not found"
    starts = np.array([r.start_s for r in found])
    pairs: list[tuple[dict, Rep]] = []
    for t in truth:
        i = int(np.argmin(np.abs(starts - t["start_s"])))
        if abs(starts[i] - t["start_s"]) < 0.3:
            pairs.append((t, found[i]))
    assert len(pairs) >= len(truth) - 1, "most true reps must have a found rep starting near them"
    return pairs


CASES = [
    ("fast_concentric", "barbell_row", "bar", 0),
    ("fast_concentric", "pull_up", "wrist", 1),
    ("jerky", "lat_pulldown", "bar", 0),
    ("jerky", "seated_cable_row", "wrist", 1),
    ("swing", "barbell_row", "wrist", 0),
    ("swing", "lat_pulldown", "bar", 1),
    ("kip", "pull_up", "wrist", 1),
    ("dropped_eccentric", "seated_cable_row", "wrist", 0),
    ("dropped_eccentric", "squat", "bar", 1),
    ("bounce", "barbell_row", "bar", 0),
    ("bounce", "bench_press", "bar", 1),
]


@pytest.mark.parametrize(("fault", "exercise", "placement", "seed"), CASES)
def test_injected_fault_is_flagged_on_its_reps_only(
    fault: str, exercise: str, placement: str, seed: int
) -> None:
    pairs = _matched(exercise, placement, dict.fromkeys(FAULTY, fault), seed)
    faulty = [f for t, f in pairs if t["rep"] in FAULTY]
    clean = [f for t, f in pairs if t["rep"] not in FAULTY]
    assert faulty, "the faulty reps were not found"
    for rep in faulty:
        assert fault in rep.flags, f"{fault} missing: {rep.flags} {rep.reasons}"
    for rep in clean:
        assert fault not in rep.flags, f"{fault} on a clean rep: {rep.reasons}"


@pytest.mark.parametrize("seed", [3, 5, 6])
def test_a_weak_stutter_is_jerky_against_the_reps_own_motion(seed: int) -> None:
    """Wrist barbell rows whose stutters raised the concentric's high frequencies only 3-5× the
    set's (under ``jerk_ratio``) were not flagged; against the rep's own motion they stand out,
    while a fast smooth drive raises every frequency."""
    pairs = _matched("barbell_row", "wrist", dict.fromkeys(FAULTY, "jerky"), seed)
    faulty = [f for t, f in pairs if t["rep"] in FAULTY]
    assert len(faulty) == 2
    for rep in faulty:
        assert "jerky" in rep.flags, rep.reasons
    for rep in (f for t, f in pairs if t["rep"] not in FAULTY):
        assert "jerky" not in rep.flags, rep.reasons


@pytest.mark.parametrize(
    ("fault", "seed"),
    [("kip", 0), ("kip", 3), ("swing", 4), ("fast_concentric", 2)],
)
def test_pull_up_kip_swing_and_fast_concentric_told_apart_by_the_swing_angle(fault: str, seed: int) -> None:
    """A kip swings the body far (0.28-0.38 rad in the simulator), a swing a little (0.12-0.18),
    and a fast concentric not at all. Against the set's median rep the whole-rep residual read a
    kip at 4.5-6.5x (flagged ``swing``), a swing at 8.4x and a fast concentric at 9-10x (both
    flagged ``kip``, ``kip_ratio`` 7.0); the swing's angle tells them apart. (Matched in order:
    a kip's start moves by more than ``_matched`` allows.)"""
    truth, found = simulated_set("pull_up", "wrist", seed, faults=dict.fromkeys(FAULTY, fault))
    assert len(found) == len(truth)
    faulty = [f for t, f in zip(truth, found, strict=True) if t["rep"] in FAULTY]
    for rep in faulty:
        assert fault in rep.flags, rep.reasons
        assert not {"kip", "swing", "fast_concentric"} - {fault} & set(rep.flags), rep.reasons


@pytest.mark.parametrize(
    ("fault", "seed"), [("fast_concentric", 1), ("jerky", 2), ("swing", 3), ("bounce", 2)]
)
def test_last_wrist_squat_cut_by_the_rerack_is_not_fast(fault: str, seed: int) -> None:
    """At the wrist the re-rack merges into the last squat's concentric: it was timed at
    0.41-0.64x the set's median concentric and flagged fast, though it moved at 0.3-0.6x the
    set's speed (its travel shrank with its time). A fast concentric moves faster."""
    truth, found = simulated_set("squat", "wrist", seed, faults=dict.fromkeys(FAULTY, fault))
    assert len(found) == len(truth)
    assert "fast_concentric" not in found[-1].flags, found[-1].reasons
    assert "fast_concentric" not in truth[-1]["flags"]


def test_kip_reason_gives_the_swing_angle() -> None:
    truth, found = simulated_set("pull_up", "wrist", 1, faults=dict.fromkeys(FAULTY, "kip"))
    assert len(found) == len(truth)
    reasons = [r for t, f in zip(truth, found, strict=True) if t["rep"] in FAULTY for r in f.reasons]
    assert reasons
    assert all(r.startswith("body swung") and "°" in r for r in reasons), reasons


@pytest.mark.parametrize(
    ("exercise", "placement"),
    [("pull_up", "wrist"), ("barbell_row", "bar"), ("dumbbell_row", "wrist"), ("squat", "bar")],
)
def test_clean_set_has_no_momentum_flags(exercise: str, placement: str) -> None:
    for _t, rep in _matched(exercise, placement, {}, 2):
        assert not set(rep.flags) & set(MOMENTUM), rep.reasons


def test_every_flag_has_its_reason() -> None:
    pairs = _matched("barbell_row", "wrist", {4: "swing", 6: "dropped_eccentric", 8: "jerky"}, 3)
    for _t, rep in pairs:
        assert len(rep.flags) == len(rep.reasons)
        assert all(f in FLAGS for f in rep.flags)


@pytest.mark.parametrize(
    ("fault", "exercise", "placement"),
    [
        ("dropped_eccentric", "barbell_row", "bar"),
        ("fast_concentric", "lat_pulldown", "bar"),
        ("swing", "lat_pulldown", "bar"),
        ("bounce", "squat", "bar"),
    ],
)
def test_accel_only_still_flags(fault: str, exercise: str, placement: str) -> None:
    """Without a gyro: velocity from the accelerometer, swing from the acceleration's residual."""
    pairs = _matched(exercise, placement, dict.fromkeys(FAULTY, fault), 0, gyro=False)
    faulty = [f for t, f in pairs if t["rep"] in FAULTY]
    assert faulty
    assert all(fault in rep.flags for rep in faulty), [r.reasons for r in faulty]
    clean = [f for t, f in pairs if t["rep"] not in FAULTY]
    assert sum(fault in rep.flags for rep in clean) <= 1


def test_partial_only_on_short_reps() -> None:
    """The counted reps of a set with one short rep are not flagged partial; the short one is."""
    rec = simulate(RepScenario("barbell_row", 10, placement="bar", faults={6: "partial"}, seed=0), fs_hz=FS)
    result = analyze_recording(
        rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=FS, exercise="barbell_row", placement="bar"
    )
    assert all("partial" not in r.flags for s in result.sets for r in s.reps)
    assert all("partial" in r.flags for s in result.sets for r in s.partial_reps)
