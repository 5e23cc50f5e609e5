"""The set summary's fatigue figure: the concentric's trend, not one rep's timing."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from repcount.summary import slowdown_pct, summarise_set
from repcount.types import Rep


def _set(concentric_s: list[float]) -> list[Rep]:
    reps, t = [], 0.0
    for c in concentric_s:
        reps.append(Rep(t, t + 1.5 + c, 1.5, 0.0, c, 0.0))
        t += 1.5 + c + 0.5
    return reps


def test_a_steady_slow_down_reads_its_size_against_the_typical_rep() -> None:
    # 1.0 s -> 1.4 s over five reps: 0.4 s of slow-down, the median concentric 1.2 s.
    assert slowdown_pct(np.linspace(1.0, 1.4, 5)) == pytest.approx(100 * 0.4 / 1.2)
    assert summarise_set(_set([1.0, 1.1, 1.2, 1.3, 1.4])).slowdown_pct == pytest.approx(100 * 0.4 / 1.2)


def test_a_last_concentric_cut_short_does_not_read_as_a_faster_set() -> None:
    # A real bench set whose recording stopped at the last lockout: the last concentric reads
    # 0.21 s. First-third against last-third read -77 %; the reps before it slow down.
    summary = summarise_set(_set([0.87, 1.01, 1.07, 1.09, 0.21]))
    assert 0.0 < summary.slowdown_pct < 30.0


def test_one_mistimed_first_rep_does_not_read_as_a_grind() -> None:
    assert abs(slowdown_pct(np.array([0.15, 1.27, 0.93, 1.23, 1.15, 1.1, 1.14, 1.2, 1.15]))) < 15.0


@pytest.mark.parametrize("conc", [[], [1.2], [1.0, 1.0, 1.0, 1.0], [0.0, 0.0]])
def test_no_trend_reads_zero(conc: list[float]) -> None:
    assert slowdown_pct(np.array(conc)) == 0.0


def test_velocity_loss_is_read_on_the_reps_no_momentum_sped_up() -> None:
    # a barbell row whose 4th rep was swung up: 0.55 m/s against the controlled reps' 0.31-0.36
    vel = [0.31, 0.35, 0.34, 0.55, 0.32, 0.36, 0.33, 0.32, 0.28]
    reps = [
        Rep(
            2.0 * i,
            2.0 * i + 1.8,
            1.0,
            0.0,
            0.8,
            0.0,
            ("swing",) if v == 0.55 else (),
            mean_concentric_velocity_ms=v,
        )
        for i, v in enumerate(vel)
    ]
    assert summarise_set(reps).velocity_loss_pct == pytest.approx(100 * (0.36 - 0.28) / 0.36)


def test_a_last_rep_ground_out_reads_against_the_reps_before_it() -> None:
    # the trend leaves one slow rep out on purpose (an ebbelaar heavy squat: -11 %); the last rep's
    # own slow-down reads it: 3.8 s against the median 1.66 s of the four before it
    summary = summarise_set(_set([1.74, 1.73, 1.59, 1.21, 3.8]))
    assert summary.slowdown_pct < 0.0
    assert summary.last_rep_slowdown_pct == pytest.approx(100 * (3.8 / 1.66 - 1))
    assert summary.last_rep_grind
    steady = summarise_set(_set([1.0, 1.05, 1.1, 1.15, 1.2]))
    assert steady.last_rep_slowdown_pct == pytest.approx(100 * (1.2 / 1.075 - 1))
    assert not steady.last_rep_grind


def test_no_last_rep_slow_down_for_a_partial_swung_or_inferred_last_rep() -> None:
    reps = _set([1.0, 1.0, 1.0, 2.5])
    for last in (
        replace(reps[-1], flags=("partial",)),
        replace(reps[-1], flags=("swing",)),
        replace(reps[-1], inferred=True),
    ):
        summary = summarise_set([*reps[:-1], last])
        assert summary.last_rep_slowdown_pct is None
        assert not summary.last_rep_grind
    assert summarise_set(reps[2:]).last_rep_slowdown_pct is None  # one rep before it: no reference


def test_the_reference_leaves_out_reps_momentum_sped_up() -> None:
    # two kipped reps at 0.4 s would make the median 0.7 s and a 1.2 s last rep a grind
    reps = _set([1.0, 0.4, 1.0, 0.4, 1.2])
    reps = [replace(r, flags=("kip",)) if r.concentric_s == 0.4 else r for r in reps]
    summary = summarise_set(reps)
    assert summary.last_rep_slowdown_pct == pytest.approx(20.0)
    assert not summary.last_rep_grind


def test_last_rep_velocity_loss_against_the_best_rep_before_it() -> None:
    vel = [0.45, 0.5, 0.48, 0.2]
    reps = [replace(r, mean_concentric_velocity_ms=v) for r, v in zip(_set([1.0] * 4), vel, strict=True)]
    assert summarise_set(reps).last_rep_velocity_loss_pct == pytest.approx(60.0)
    assert summarise_set(_set([1.0] * 4)).last_rep_velocity_loss_pct is None  # no bar sensor


def test_a_last_rep_as_slow_as_the_first_is_edge_timing_not_a_grind() -> None:
    # a muvr chest fly at the wrist: its first and last concentrics both read 1.6× the reps between
    # (the set-up and the let-go timed into the edge reps); the first rep cannot be ground out
    summary = summarise_set(_set([2.56, 1.59, 1.52, 1.54, 1.54, 1.61, 1.54, 1.69, 1.6, 1.5, 2.5]))
    assert summary.last_rep_slowdown_pct is not None
    assert summary.last_rep_slowdown_pct > 50.0
    assert not summary.last_rep_grind
    assert summarise_set(_set([1.6, 1.59, 1.52, 1.54, 1.54, 1.61, 1.54, 1.69, 1.6, 1.5, 2.5])).last_rep_grind
