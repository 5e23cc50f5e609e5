"""Hand-made signals: counts, orientation, scaling, silence and garbage in."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repcount import (
    analyze_recording,
    exercise_profile,
    filter_motion,
    process_set,
    segment_reps,
)

FS = 50.0
G = np.array([0.0, 0.0, 9.80665])


def _reps(n_reps: int, *, period_s: float = 2.5, amp_ms2: float = 3.0, rest_s: float = 2.0) -> tuple:
    """Rest, ``n_reps`` smooth cycles along one axis, rest; gravity on z."""
    t_rep = np.arange(int(n_reps * period_s * FS)) / FS
    wave = amp_ms2 * (1 - np.cos(2 * np.pi * t_rep / period_s)) / 2
    pad = np.zeros(int(rest_s * FS))
    x = np.concatenate([pad, wave, pad])
    t = np.arange(x.size) / FS
    a = np.tile(G, (x.size, 1))
    a[:, 0] += x
    return t, a


def _rotation(seed: int) -> np.ndarray:
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(3, 3)))
    return q * np.sign(np.diag(r))


@pytest.mark.parametrize("n_reps", [3, 5, 8, 12])
def test_smooth_cycles_are_counted_exactly(n_reps: int) -> None:
    t, a = _reps(n_reps)
    assert process_set(t, a, fs_hz=FS).count == n_reps


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sensor_orientation_does_not_matter(seed: int) -> None:
    t, a = _reps(7)
    rotated = a @ _rotation(seed).T
    assert process_set(t, rotated, fs_hz=FS).count == 7


def test_micro_case_turn_indices() -> None:
    """Three cycles of period 2 s at 50 Hz: turns at 1, 3 and 5 s after the 2 s rest."""
    t, a = _reps(3, period_s=2.0)
    motion = filter_motion(t, a, fs_hz=FS)
    seg = segment_reps(motion.motion_ms2, fs_hz=FS, profile=exercise_profile(None))
    assert seg.count == 3
    np.testing.assert_allclose(t[seg.turns], [3.0, 5.0, 7.0], atol=0.15)
    assert abs(seg.period_s - 2.0) < 0.1


def test_half_reps_are_partial_not_counted() -> None:
    t, a = _reps(6)
    # make the 4th cycle reach only 45 % of the range
    period_n = int(2.5 * FS)
    lo = int(2.0 * FS) + 3 * period_n
    a[lo : lo + period_n, 0] = G[0] + 0.45 * (a[lo : lo + period_n, 0] - G[0])
    result = process_set(t, a, fs_hz=FS)
    assert result.count == 5
    assert len(result.partial_reps) == 1
    assert "partial" in result.partial_reps[0].flags


def test_phases_add_up_to_the_rep() -> None:
    t, a = _reps(6)
    for rep in process_set(t, a, fs_hz=FS, exercise="barbell_row").reps:
        total = rep.eccentric_s + rep.pause_bottom_s + rep.concentric_s + rep.pause_top_s
        assert total == pytest.approx(rep.duration_s, abs=0.05)
        assert min(rep.eccentric_s, rep.concentric_s) > 0


@settings(max_examples=25, deadline=None)
@given(scale=st.floats(0.3, 5.0), n_reps=st.integers(3, 10))
def test_scaling_amplitude_does_not_change_count(scale: float, n_reps: int) -> None:
    t, a = _reps(n_reps)
    scaled = G + scale * (a - G)
    assert process_set(t, scaled, fs_hz=FS).count == process_set(t, a, fs_hz=FS).count == n_reps


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 400), noise=st.floats(0.0, 0.05))
def test_filter_keeps_length_and_silence_gives_no_reps(n: int, noise: float) -> None:
    rng = np.random.default_rng(n)
    t = np.arange(n) / FS
    a = G + noise * rng.normal(size=(n, 3))
    motion = filter_motion(t, a, fs_hz=FS)
    assert motion.motion_ms2.shape == (n,)
    result = process_set(t, a, fs_hz=FS)
    assert result.count == 0
    starts = [r.start_s for r in result.reps]
    assert starts == sorted(starts)


def test_segments_are_ordered_and_disjoint() -> None:
    t, a = _reps(9)
    reps = process_set(t, a, fs_hz=FS).reps
    for prev, nxt in itertools.pairwise(reps):
        assert prev.start_s < prev.end_s <= nxt.start_s + 1e-9


def test_session_with_two_sets_and_rest() -> None:
    _t1, a1 = _reps(5, rest_s=3.0)
    _t2, a2 = _reps(8, rest_s=3.0)
    rest = np.tile(G, (int(15 * FS), 1))
    a = np.vstack([a1, rest, a2])
    t = np.arange(a.shape[0]) / FS
    result = analyze_recording(t, a, fs_hz=FS)
    assert [s.count for s in result.sets] == [5, 8]
    assert result.sets[0].end_s < result.sets[1].start_s


# ---- garbage in ------------------------------------------------------------------------


def test_nan_is_a_clear_error() -> None:
    t, a = _reps(4)
    a[10, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        process_set(t, a, fs_hz=FS)


def test_g_units_are_a_clear_error() -> None:
    t, a = _reps(4)
    with pytest.raises(ValueError, match="looks like g"):
        analyze_recording(t, a / 9.80665, fs_hz=FS)


@pytest.mark.parametrize("n", [0, 1, 3])
def test_tiny_inputs_give_zero_reps(n: int) -> None:
    t = np.arange(n) / FS
    a = np.tile(G, (n, 1))
    assert process_set(t, a, fs_hz=FS).count == 0
    assert analyze_recording(t, a, fs_hz=FS).count == 0


def test_constant_signal_gives_zero_reps() -> None:
    a = np.tile(G, (2000, 1))
    assert analyze_recording(np.arange(2000) / FS, a, fs_hz=FS).count == 0


def test_clipped_sensor_does_not_crash_or_invent_reps() -> None:
    t, a = _reps(6, amp_ms2=30.0)
    clipped = np.clip(a, -2 * 9.80665, 2 * 9.80665)
    assert process_set(t, clipped, fs_hz=FS).count == 6


def test_bad_shapes_and_names() -> None:
    t, a = _reps(3)
    with pytest.raises(ValueError, match=r"shape \(n, 3\)"):
        process_set(t, a[:, :2], fs_hz=FS)
    with pytest.raises(ValueError, match="increase"):
        process_set(t[::-1].copy(), a, fs_hz=FS)
    with pytest.raises(ValueError, match="unknown exercise"):
        process_set(t, a, fs_hz=FS, exercise="zumba")
    with pytest.raises(ValueError, match="positive sample rate"):
        process_set(t, a, fs_hz=0.0)


def test_an_impact_does_not_turn_the_counting_axis() -> None:
    """Reps along x and one brief jolt along y, larger in energy than all the reps: the counting
    signal stays on x (a plain PCA turned it to y)."""
    fs = 50.0
    t = np.arange(0, 30, 1 / fs)
    a = np.zeros((t.size, 3))
    a[:, 2] = 9.81
    a[:, 0] += np.sin(2 * np.pi * t / 2.5)
    a[(t >= 15.0) & (t < 15.1), 1] += 40.0
    motion = filter_motion(t, a, fs_hz=fs)
    assert abs(motion.axis[0]) > 0.95
