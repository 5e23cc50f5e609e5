"""``repcount.rep_axis`` on hand-made signals, and the turn detector's re-alignment."""

from __future__ import annotations

import numpy as np

from repcount.rep_axis import band_rep_end, cycle_covariance, rep_axis
from repcount.turns import TurnDetector


def _cycle(axis: np.ndarray, n: int = 32) -> np.ndarray:
    """One rep cycle along ``axis``: from a maximum (the last rep's end) to the next."""
    x = np.cos(np.linspace(0.0, 2.0 * np.pi, n))
    return x[:, None] * axis[None, :]


def test_the_rep_axis_points_to_where_the_cycle_ends() -> None:
    axis = np.array([0.0, 0.6, 0.8])
    np.testing.assert_allclose(rep_axis(_cycle(axis)), axis, atol=1e-12)
    # the same line, the cycle ending at the other extreme: the axis turns round
    np.testing.assert_allclose(rep_axis(-_cycle(axis)), -axis, atol=1e-12)


def test_a_maximum_counts_once_the_signal_is_back_from_it() -> None:
    axis = np.array([1.0, 0.0, 0.0])
    shape = 3.0 * _cycle(axis)  # peak 3 m/s² along the axis: certain 0.36 m/s² below it
    t = np.arange(0.0, 3.0, 0.02)
    band = 3.0 * np.sin(2.0 * np.pi * t / 3.0)[:, None] * axis[None, :]  # maximum at 0.75 s
    upto = int(np.searchsorted(t, 0.76))
    assert band_rep_end(t[:upto], band[:upto], axis, shape, -1.0) is None  # not back yet
    upto = int(np.searchsorted(t, 1.2))
    end = band_rep_end(t[:upto], band[:upto], axis, shape, -1.0)
    assert end is not None
    assert abs(end - 0.75) <= 0.02
    assert band_rep_end(t[:upto], band[:upto], axis, shape, end) is None  # once
    assert band_rep_end(t[:upto], -band[:upto], axis, shape, -1.0) is None  # a minimum is not one


def test_cycle_covariance_is_the_mean_outer_product() -> None:
    t = np.arange(0.0, 1.0, 0.02)
    band = np.stack([np.sin(2 * np.pi * t), np.zeros_like(t), np.zeros_like(t)], axis=1)
    cov = cycle_covariance(t, band, -1.0, 2.0)
    assert cov is not None
    np.testing.assert_allclose(cov[0, 0], 0.5, atol=1e-9)
    assert cycle_covariance(t, band, 0.0, 0.1) is None


def test_realign_keeps_the_detectors_sign_and_waits_for_the_opposite_turn() -> None:
    fs = 50.0
    det = TurnDetector(fs_hz=fs)
    t = np.arange(0.0, 6.0, 1.0 / fs)
    a = np.zeros((t.size, 3))
    a[:, 2] = 9.81 + 2.0 * np.sin(2.0 * np.pi * t / 2.0)  # moves along z (gravity's line)
    det.push(t[:150], a[:150])
    assert float(det.axis[2]) > 0.9
    line = np.array([0.0, 0.0, -1.0])  # the same line, pointing the other way
    sign = det.realign(line, 2.0, float(t[149]))
    assert sign == -1  # a maximum along ``line`` is a minimum in the detector's frame
    np.testing.assert_allclose(det.axis, [0.0, 0.0, 1.0])
    turns = det.push(t[150:], a[150:])
    assert turns
    assert turns[0].sign == 1  # the opposite turn comes first
