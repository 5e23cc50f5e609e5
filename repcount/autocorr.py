"""The autocorrelation of a window (``estimate_period``) and its peaks, without numpy's and
scipy's per-call wrappers.

``segment_reps`` takes two or three per candidate window (and ``whole_rep`` one of the pose's
rows together, ``rows_autocorrelation``). ``np.fft.rfft`` and ``irfft`` check and
normalise their arguments in Python before calling the pocketfft ufuncs they wrap, and
``signal.find_peaks`` does the same before its one compiled search; called directly with the
arguments the wrappers pass them, those give the same values, bit for bit.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import signal

try:  # the ufuncs np.fft.rfft and irfft call
    from numpy.fft import _pocketfft_umath as _pfu  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another numpy layout
    _pfu = None
try:  # the search signal.find_peaks runs first
    from scipy.signal._peak_finding_utils import _local_maxima_1d
except ImportError:  # pragma: no cover - another scipy layout
    _local_maxima_1d = None

_AXES = [(0,), (), (0,)]


def circular_autocorrelation(x: NDArray[np.float64], nfft: int) -> NDArray[np.float64]:
    """``np.fft.irfft(s * np.conj(s), nfft)`` with ``s = np.fft.rfft(x, nfft)`` (``x`` 1-D float64,
    ``nfft`` even and at least its length): the first ``nfft`` lags of the circular
    autocorrelation of ``x`` zero-padded to ``nfft``."""
    if _pfu is None or nfft % 2 or x.ndim != 1 or x.dtype != np.float64:
        spec = np.fft.rfft(x, nfft)
        return np.asarray(np.fft.irfft(spec * np.conj(spec), nfft))
    spec = _pfu.rfft_n_even(x, 1, axes=_AXES, out=np.empty(nfft // 2 + 1, dtype=np.complex128))
    # irfft's default normalisation: 1 / nfft (np.fft passes it as the ufunc's factor)
    return np.asarray(_pfu.irfft(spec * np.conj(spec), 1 / nfft, axes=_AXES, out=np.empty(nfft)))


def rows_autocorrelation(rows: NDArray[np.float64], nfft: int) -> NDArray[np.float64]:
    """``np.fft.irfft((s.real**2 + s.imag**2).sum(axis=0), nfft)`` with ``s = np.fft.rfft(rows,
    nfft)`` (``rows`` (m, n) float64, ``nfft`` even and at least n): the first ``nfft`` lags of the
    rows' summed circular autocorrelations, zero-padded to ``nfft``."""
    if _pfu is None or nfft % 2 or rows.ndim != 2 or rows.dtype != np.float64:
        spec = np.fft.rfft(rows, nfft)
        return np.asarray(np.fft.irfft((spec.real**2 + spec.imag**2).sum(axis=0), nfft))
    out = np.empty((rows.shape[0], nfft // 2 + 1), dtype=np.complex128)
    spec = _pfu.rfft_n_even(rows, 1, axes=_ROW_AXES, out=out)
    power = (spec.real**2 + spec.imag**2).sum(axis=0)
    return np.asarray(_pfu.irfft(power, 1 / nfft, axes=_AXES, out=np.empty(nfft)))


_ROW_AXES = [(1,), (), (1,)]


def local_maxima(x: NDArray[np.float64]) -> NDArray[np.intp]:
    """``signal.find_peaks(x)[0]`` of a 1-D float64 array: every local maximum (the middle of a
    flat one)."""
    if _local_maxima_1d is None or x.ndim != 1 or x.dtype != np.float64:
        return np.asarray(signal.find_peaks(x)[0], dtype=np.intp)
    return np.asarray(_local_maxima_1d(np.ascontiguousarray(x))[0], dtype=np.intp)
