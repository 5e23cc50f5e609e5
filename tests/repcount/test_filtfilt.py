"""``repcount.sos_filters.filtfilt`` is scipy's ``sosfiltfilt`` (odd pad), however it gets there."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

from repcount import sos_filters as filt


def _cases() -> list[tuple[np.ndarray, np.ndarray, int | None]]:
    rng = np.random.default_rng(7)
    out = []
    for i in range(40):
        btype = ("lowpass", "highpass", "bandpass")[i % 3]
        cut = (0.2, float(rng.uniform(1.0, 9.0))) if btype == "bandpass" else (float(rng.uniform(0.3, 9.0)),)
        sos = filt.design_sos(int(rng.integers(1, 5)), cut, btype, 50.0)
        n = int(rng.integers(30, 400))
        shape = (n,) if i % 2 else (n, int(rng.integers(1, 7)))
        pad = None if i % 4 < 2 else int(rng.integers(0, n))
        out.append((sos, rng.normal(size=shape) * 10 ** rng.uniform(-3, 3), pad))
    return out


@pytest.mark.parametrize("kernel", [True, False], ids=["scipy-kernel", "public-sosfilt"])
def test_filtfilt_matches_scipy_sosfiltfilt(kernel: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not kernel:  # the fallback for a scipy without the private kernel
        monkeypatch.setattr(filt, "_sosfilt_kernel", None)
    for sos, x, pad in _cases():
        padlen = 3 * (2 * sos.shape[0] + 1) if pad is None else pad
        want = signal.sosfiltfilt(sos, x, axis=0, padlen=padlen)
        got = filt.filtfilt(sos, x, pad=pad)
        assert got.shape == x.shape
        assert got.flags.c_contiguous
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12 * float(np.abs(x).max()))
        rows = filt.filtfilt(sos, x.T, pad=pad, axis=-1)  # signals as rows: the transpose-free path
        assert rows.flags.c_contiguous
        np.testing.assert_array_equal(rows, got.T)


def test_filtfilt_is_the_same_on_any_axis_and_leaves_its_input_alone() -> None:
    rng = np.random.default_rng(3)
    sos = filt.design_sos(2, (4.0,), "highpass", 50.0)
    x = rng.normal(size=(200, 3))
    before = x.copy()
    np.testing.assert_array_equal(filt.filtfilt(sos, x.T, axis=1), filt.filtfilt(sos, x).T)
    np.testing.assert_array_equal(
        filt.filtfilt(sos, x), np.column_stack([filt.filtfilt(sos, x[:, k]) for k in range(3)])
    )
    np.testing.assert_array_equal(x, before)
