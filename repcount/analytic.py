"""The analytic signal of a window (``scipy.signal.hilbert``) without its per-call overhead.

``segment_reps`` takes one per candidate window (dozens per recording). ``signal.hilbert``
spends about as long in its array-API checks and ``scipy.fft``'s backend dispatch as in the two
FFTs themselves for windows of a few thousand samples; calling scipy's pocketfft binding with
the arguments ``scipy.fft.fft`` and ``ifft`` pass it gives the same transforms, bit for bit.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import signal

try:  # the binding scipy.fft's default backend calls
    from scipy.fft._pocketfft import pypocketfft as _pocketfft
except ImportError:  # pragma: no cover - another scipy layout
    _pocketfft = None

_FORWARD_NORM, _INVERSE_NORM = 0, 2
"""pocketfft's normalisations for ``norm="backward"``: none forward, 1/n inverse."""


def analytic_signal(y: NDArray[np.float64]) -> NDArray[np.complex128]:
    """``scipy.signal.hilbert(y)`` of a real 1-D signal: the FFT, the negative frequencies
    zeroed and the positive ones doubled, the inverse FFT (computed in place)."""
    y = np.ascontiguousarray(y, dtype=np.float64)
    n = y.shape[0]
    if _pocketfft is None or y.ndim != 1 or n == 0:
        return np.asarray(signal.hilbert(y))
    xf: NDArray[np.complex128] = _pocketfft.c2c(y, (0,), True, _FORWARD_NORM, None, 1)
    half = (n + 1) // 2  # the doubled bins are 1 .. half - 1; from half (even n: half + 1) zero
    xf[1:half] *= 2.0
    xf[half + (n % 2 == 0) :] = 0.0
    return np.asarray(_pocketfft.c2c(xf, (0,), False, _INVERSE_NORM, xf, 1))
