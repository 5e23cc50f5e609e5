"""The closed-form Butterworth designs and step states are scipy's over many cut-offs, orders and
sampling rates.

On the machines this was written on they are scipy's to the last bit (the speed round's
identity check over 1451 analyses), but that rests on how numpy's ``tan`` and the bundled
LAPACK round on the CPU at hand (``sos_state`` copies OpenBLAS's fused multiply-add), so the
tests hold them to scipy within a few units in the last place: a wrong formula is off by far
more, and another CPU's rounding is not a failure of this code."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import signal

from repcount.butterworth import butter_sos
from repcount.sos_filters import design_sos
from repcount.sos_state import _fma, step_state

RATES_HZ = (12.5, 25.0, 31.25, 50.0, 52.0, 100.0, 200.0)
"""The simulator's and the datasets' rates (muvr 50 Hz, ebbelaar 12.5 Hz) and a few others."""


def _as_scipys(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to within rounding (see the module notes): relative 1e-12, or 1e-15 near zero."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-12, atol=1e-15))


def _scipy(order: int, cut_hz: tuple[float, ...], btype: str, fs_hz: float) -> np.ndarray:
    cut = cut_hz[0] if len(cut_hz) == 1 else list(cut_hz)
    return np.asarray(signal.butter(order, cut, btype=btype, fs=fs_hz, output="sos"), dtype=np.float64)


def _cases(seed: int, n: int) -> list[tuple[int, tuple[float, ...], str, float]]:
    """Random designs of every covered kind: cut-offs log-uniform from 0.1 % of Nyquist to just
    under it, some rounded to 4 digits as ``design_sos`` rounds them."""
    rng = np.random.default_rng(seed)
    out: list[tuple[int, tuple[float, ...], str, float]] = []
    for _ in range(n):
        fs = float(rng.choice(RATES_HZ)) if rng.random() < 0.5 else float(rng.uniform(10.0, 400.0))
        nyq = fs / 2
        lo, hi = np.sort(np.exp(rng.uniform(np.log(1e-3 * nyq), np.log(0.98 * nyq), 2)))
        if rng.random() < 0.3:
            lo, hi = float(f"{lo:.4g}"), float(f"{hi:.4g}")
        out += [(2, (float(lo),), "lowpass", fs), (2, (float(hi),), "highpass", fs)]
        out.append((1, (float(lo),), "highpass", fs))
        if lo < hi:
            out.append((2, (float(lo), float(hi)), "bandpass", fs))
    return out


def test_the_designs_are_scipys() -> None:
    for case in _cases(0, 250):
        assert _as_scipys(butter_sos(*case), _scipy(*case)), case


def test_the_stages_designs_are_scipys() -> None:
    """The cut-offs the stages ask for (``design_sos``'s callers) at the usual rates."""
    for fs in RATES_HZ:
        for case in [
            (2, (0.2, min(4.0, 0.45 * fs)), "bandpass", fs),
            (2, (min(3.0, 0.4 * fs),), "lowpass", fs),
            (2, (min(8.0, 0.4 * fs),), "highpass", fs),
            (1, (0.1,), "highpass", fs),
            *[(2, (lo, 3 * lo), "bandpass", fs) for lo in (0.15, 0.2, 0.33, 0.5, 0.8, 1.2)],
        ]:
            assert _as_scipys(butter_sos(*case), _scipy(*case)), case
            order, cut, btype, _ = case  # design_sos rounds the cut-offs to 4 digits
            rounded = tuple(float(f"{c:.4g}") for c in cut)
            assert _as_scipys(design_sos(*case), _scipy(order, rounded, btype, fs)), case


@pytest.mark.parametrize(
    "case",
    [
        (3, (2.0,), "lowpass", 50.0),  # an order the closed form does not cover
        (1, (1.0, 4.0), "bandpass", 50.0),
        (2, (1.0, 4.0), "bandstop", 50.0),
        (1, (15.0,), "highpass", 50.0),  # above fs / 4: zpk2sos pairs the padded pole otherwise
        (1, (2.0,), "lowpass", 50.0),
    ],
)
def test_other_designs_are_left_to_scipy(case: tuple[int, tuple[float, ...], str, float]) -> None:
    assert _as_scipys(butter_sos(*case), _scipy(*case))


def test_a_cut_off_outside_the_band_is_refused_as_scipy_refuses_it() -> None:
    bad = [(2, (30.0,), "lowpass", 50.0), (2, (2.0, 1.0), "bandpass", 50.0), (2, (0.0,), "highpass", 50.0)]
    for case in bad:
        with pytest.raises(ValueError, match=r"frequencies|Wn"):
            butter_sos(*case)


def test_the_step_states_are_scipys() -> None:
    for case in _cases(1, 250):
        sos = _scipy(*case)
        assert _as_scipys(step_state(sos), signal.sosfilt_zi(sos)), case


def test_a_section_not_normalised_goes_to_scipy() -> None:
    sos = np.array([[0.2, 0.4, 0.2, 2.0, -0.5, 0.25]])
    assert _as_scipys(step_state(sos), signal.sosfilt_zi(sos))


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(-1e12, 1e12, allow_nan=False),
)
def test_the_fused_multiply_add_rounds_once(a: float, b: float, c: float) -> None:
    assert _fma(a, b, c) == float(Fraction(a) * Fraction(b) + Fraction(c))
    assert _fma(a, b, -a * b) == float(Fraction(a) * Fraction(b) - Fraction(a * b))
