"""Butterworth second-order sections of the orders the stages use, in closed form.

``scipy.signal.butter(N, cut, btype, fs=fs, output="sos")`` builds the analog prototype, warps
the cut-offs, moves poles and zeros (``lp2lp_zpk`` / ``lp2hp_zpk`` / ``lp2bp_zpk``), applies the
bilinear transform (``bilinear_zpk``) and pairs poles with zeros (``zpk2sos``): 0.2-0.4 ms a
design on this machine, nearly all of it argument handling, sorting and array-namespace
look-ups around a dozen complex operations. The segmenter's band follows each window's rep
period, so a real recording needs new designs all along (291 designs for 910 filter calls over
80 recordings).

For a 1st-order high-pass and 2nd-order low-, high- and band-passes the pairing is known in
advance: each section is one conjugate pair of poles (the band-pass has two pairs), whose zeros
the bilinear transform puts at z = -1 (low-pass), z = 1 (high-pass) or both (band-pass), and the
odd order's real pole is padded with a pole and a zero at 0. ``butter_sos`` does the same
arithmetic as scipy on plain Python numbers, in the same order and with numpy's rounding where
numpy's differs from Python's (``_div``; the tangent and the band-pass's complex square go
through numpy itself), so its sections are scipy's to the last bit:
``tests/repcount/test_butterworth.py`` compares them as integers over many cut-offs and rates.
Any other order or type goes to scipy.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from scipy import signal

FloatArray = NDArray[np.float64]

_FS2 = 4.0
"""``iirfilter`` designs at fs = 2 (Nyquist = 1): the warp is 2 fs tan(π Wn / fs) and the
bilinear transform's 2 fs is 4."""


def _prototype(order: int) -> tuple[complex, ...]:
    """``buttap``'s poles, computed as scipy computes them: -exp(jπm/2N), m = -N+1, -N+3, ..., N-1."""
    m = np.arange(-order + 1, order, 2, dtype=np.float64)
    return tuple(complex(p) for p in -np.exp(1j * np.pi * m / (2 * order)))


_POLES = {1: _prototype(1), 2: _prototype(2)}


def butter_sos(order: int, cut_hz: tuple[float, ...], btype: str, fs_hz: float) -> FloatArray:
    """``signal.butter(order, cut_hz, btype=btype, fs=fs_hz, output="sos")``, bit for bit.

    Parameters
    ----------
    order : int
        Filter order (a band-pass has twice as many poles, as in scipy).
    cut_hz : tuple of float
        One cut-off (low- or high-pass) or the band's two edges (Hz), inside (0, ``fs_hz`` / 2).
    btype : str
        ``"lowpass"``, ``"highpass"`` or ``"bandpass"``.
    fs_hz : float
        Sampling rate (Hz).

    Returns
    -------
    ndarray
        Second-order sections, shape (sections, 6), float64.

    Notes
    -----
    The steps are scipy's (1.17): cut-offs over Nyquist (``Wn``), pre-warped to
    ``4 tan(π Wn / 2)``; the prototype's poles scaled (low-pass), inverted (high-pass) or split
    around the band's centre (band-pass); the bilinear transform ``(4 + p) / (4 - p)``; the gain
    from the transforms' products; each section's denominator ``[1, -2 Re p, Re p² + Im p²]`` as
    ``np.poly`` builds it, the pole nearest the unit circle in the last section, the gain on the
    first. A case this does not cover (or a 1st-order high-pass at or above fs / 4, whose pole
    ``zpk2sos`` pairs otherwise) goes to scipy.
    """
    design = _CASES.get((order, len(cut_hz), btype))
    wn = [c / (fs_hz / 2) for c in cut_hz]
    sos = None
    if design is not None and all(0 < w < 1 for w in wn) and (len(wn) == 1 or wn[0] < wn[1]):
        # numpy's tangent (vectorised) can round otherwise than math.tan: scipy's is numpy's
        warped = [2 * 2.0 * t for t in np.tan([math.pi * w / 2.0 for w in wn]).tolist()]
        sos = design(warped)
    if sos is None:
        cut: float | list[float] = cut_hz[0] if len(cut_hz) == 1 else list(cut_hz)
        sos = signal.butter(order, cut, btype=btype, fs=fs_hz, output="sos")
    return np.asarray(sos, dtype=np.float64)


def _div(a: complex, b: complex) -> complex:
    """a / b as numpy divides complex numbers (Smith's method, times the reciprocal of the
    denominator; Python divides by it, which can round otherwise)."""
    if abs(b.real) >= abs(b.imag):
        rat = b.imag / b.real
        scl = 1.0 / (b.real + b.imag * rat)
        return complex((a.real + a.imag * rat) * scl, (a.imag - a.real * rat) * scl)
    rat = b.real / b.imag
    scl = 1.0 / (b.imag + b.real * rat)
    return complex((a.real * rat + a.imag) * scl, (a.imag * rat - a.real) * scl)


def _bilinear(poles: list[complex], zeros: list[float], k: float) -> tuple[list[complex], float]:
    """``bilinear_zpk``'s poles and gain (its products are numpy's, left to right)."""
    num = 1.0
    for z in zeros:
        num *= _FS2 - z
    den = complex(1.0)
    for i, p in enumerate(poles):
        den = _FS2 - p if i == 0 else den * (_FS2 - p)
    return [_div(_FS2 + p, _FS2 - p) for p in poles], k * _div(complex(num), den).real


def _section(pole: complex, zero: float) -> list[float]:
    """One section: a double zero at ``zero`` (±1) and the pole with its conjugate, as
    ``np.poly`` writes them (a sum of two equal terms and a sum of two squares, each rounded)."""
    re, im = pole.real, pole.imag
    return [1.0, -2.0 * zero, 1.0, 1.0, -re + -re, re * re + im * im]


def _upper(poles: list[complex]) -> list[complex]:
    """``_cplxreal``: each upper-half pole averaged with its partner's conjugate, sorted by real part."""
    up = sorted((p for p in poles if p.imag > 0), key=lambda p: (p.real, abs(p.imag)))
    down = sorted((p for p in poles if p.imag < 0), key=lambda p: (p.real, abs(p.imag)))
    return [complex((u.real + d.real) * 0.5, (u.imag - d.imag) * 0.5) for u, d in zip(up, down, strict=True)]


def _lowpass2(warped: list[float]) -> list[list[float]]:
    wo = warped[0]
    p = [complex(wo * q.real, wo * q.imag) for q in _POLES[2]]  # lp2lp_zpk
    pz, gain = _bilinear(p, [], 1.0 * wo**2)
    s = _section(_upper(pz)[0], -1.0)
    return [[gain * c for c in s[:3]] + s[3:]]


def _highpass2(warped: list[float]) -> list[list[float]]:
    wo = warped[0]
    proto = _POLES[2]
    p = [_div(complex(wo), q) for q in proto]  # lp2hp_zpk: two zeros at s = 0
    k = 1.0 * _div(complex(1.0), -proto[0] * -proto[1]).real
    pz, gain = _bilinear(p, [0.0, 0.0], k)
    s = _section(_upper(pz)[0], 1.0)
    return [[gain * c for c in s[:3]] + s[3:]]


def _bandpass2(warped: list[float]) -> list[list[float]]:
    bw = warped[1] - warped[0]
    wo = math.sqrt(warped[0] * warped[1])
    p_lp = [complex(q.real * bw * 0.5, q.imag * bw * 0.5) for q in _POLES[2]]  # lp2bp_zpk
    squares = (np.asarray(p_lp, dtype=np.complex128) ** 2).tolist()  # numpy's square (fused)
    roots = [cmath.sqrt(s - wo**2) for s in squares]
    p = [q + r for q, r in zip(p_lp, roots, strict=True)] + [q - r for q, r in zip(p_lp, roots, strict=True)]
    pz, gain = _bilinear(p, [0.0, 0.0], 1.0 * bw**2)
    pairs = _upper(pz)
    # zpk2sos: the pole nearest the unit circle goes last, with the zeros nearest it (-1 first
    # on a tie); numpy's complex abs rounds otherwise than Python's, so it decides
    dist = np.abs(np.asarray([*pairs, -1.0 - pairs[0], 1.0 - pairs[0], -1.0 - pairs[1], 1.0 - pairs[1]]))
    d = dist.tolist()
    last = 0 if abs(1 - d[0]) <= abs(1 - d[1]) else 1
    zero = -1.0 if d[2 + 2 * last] <= d[3 + 2 * last] else 1.0
    first = _section(pairs[1 - last], -zero)
    return [[gain * c for c in first[:3]] + first[3:], _section(pairs[last], zero)]


def _highpass1(warped: list[float]) -> list[list[float]] | None:
    wo = warped[0]
    p = _div(complex(wo), _POLES[1][0])  # lp2hp_zpk: one real pole, its zero at s = 0
    k = 1.0 * _div(complex(1.0), -_POLES[1][0]).real
    pz, gain = _bilinear([p], [0.0], k)
    pole = pz[0].real
    if not 0 < pole < 1:  # zpk2sos would sort and pair the pole it pads with (at 0) otherwise
        return None
    # padded with a pole and a zero at 0: b = (1 - z⁻¹)(1 - 0 z⁻¹), a = (1 - pole z⁻¹)(1 - 0 z⁻¹)
    return [[gain * 1.0, gain * -1.0, gain * 0.0, 1.0, -pole, 0.0]]


_CASES: dict[tuple[int, int, str], Callable[[list[float]], list[list[float]] | None]] = {
    (2, 1, "lowpass"): _lowpass2,
    (2, 1, "highpass"): _highpass2,
    (2, 2, "bandpass"): _bandpass2,
    (1, 1, "highpass"): _highpass1,
}
