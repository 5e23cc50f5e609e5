"""Butterworth filters as second-order sections: their designs, cached (``design_sos``), and
zero-phase filtering (``filtfilt``: ``signal.sosfiltfilt`` on scipy's own SOS kernel, the same
results to the last bit; ``zero_phase``: padded by one period of the pass band's low edge)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import signal

from repcount.butterworth import butter_sos
from repcount.sos_state import step_state

try:  # scipy's SOS kernel, without the per-call checks of signal.sosfilt (see filtfilt)
    from scipy.signal._sosfilt import _sosfilt as _sosfilt_kernel
except ImportError:  # pragma: no cover - another scipy layout
    _sosfilt_kernel = None


@lru_cache(maxsize=256)
def _design(order: int, cut_hz: tuple[float, ...], btype: str, fs_hz: float) -> NDArray[np.float64]:
    """``signal.butter(..., output="sos")`` to the last bit (``butterworth.butter_sos``)."""
    return butter_sos(order, cut_hz, btype, fs_hz)  # shared between calls: read, never written


def zero_phase(
    sos: NDArray[np.float64], x: NDArray[np.float64], *, fs_hz: float, low_hz: float, axis: int = 0
) -> NDArray[np.float64]:
    """Zero-phase filtering (``sosfiltfilt``) padded by one period of ``low_hz`` (odd extension).

    scipy's default pad (a few samples) leaves the filter's start-up transient inside the
    window: a rep that starts or ends at the window's edge then loses part of its amplitude and
    can be taken for a partial rep. One period of the lowest pass frequency covers the transient.
    """
    return filtfilt(sos, x, pad=max(3 * (2 * sos.shape[0] + 1), round(fs_hz / max(low_hz, 1e-6))), axis=axis)


_FEW_SIGNALS = 8
"""``filtfilt`` returns up to this many signals to columns one at a time (see there)."""


def filtfilt(
    sos: NDArray[np.float64],
    x: NDArray[np.float64],
    *,
    pad: int | None = None,
    axis: int = 0,
    offset: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """``signal.sosfiltfilt(sos, x, axis=axis, padlen=pad)`` (odd extension; scipy's default pad
    when ``pad`` is None), with the filter's initial state cached per design. ``offset`` (one
    value per signal) is subtracted first: ``filtfilt(sos, x - offset)`` without the temporary.

    The pipeline filters hundreds of short windows per recording, so scipy's per-call checks
    and layout changes cost more than the filtering: every signal becomes one row of a single
    C-ordered array, filtered in place forward and backward by scipy's own SOS kernel (same
    arithmetic as ``signal.sosfilt``, so the same results to the last bit)."""
    x = np.asarray(x, dtype=np.float64)
    last = axis % x.ndim == x.ndim - 1  # signals already in rows: no transposes
    if not last and axis % x.ndim:
        x = np.moveaxis(x, axis, 0)
    n = x.shape[-1] if last else x.shape[0]
    pad = min(n - 1, 3 * (2 * sos.shape[0] + 1) if pad is None else pad)
    rows = x.reshape(-1, n) if last else x.reshape(n, -1).T  # (signals, n)
    m, size = rows.shape[0], n + 2 * pad
    ext = np.empty((m, size))
    mid = ext[:, pad : pad + n]
    if offset is None:
        mid[...] = rows
    else:
        np.subtract(rows, np.reshape(offset, (m, 1)), out=mid)
    if pad:
        np.subtract(2 * mid[:, :1], mid[:, pad:0:-1], out=ext[:, :pad])
        np.subtract(2 * mid[:, -1:], mid[:, -2 : -pad - 2 : -1], out=ext[:, pad + n :])
    zi = _initial_state(sos)
    _sosfilt_rows(sos, ext, zi * ext[:, :1, None])
    # backward, the last ``pad`` samples (the front extension) are not kept: the filter is causal,
    # so it stops before them and the samples kept are the same
    back = ext[:, ::-1][:, : size - pad].copy()
    _sosfilt_rows(sos, back, zi * back[:, :1, None])
    out = back[:, size - pad - 1 : pad - 1 if pad else None : -1]
    if last:
        return np.ascontiguousarray(out).reshape(x.shape)
    if m <= _FEW_SIGNALS:  # back to columns one signal at a time: a transposing copy of a
        cols = np.empty((n, m))  # reversed view walks the few signals in its inner loop (slow)
        for i in range(m):
            cols[:, i] = out[i]
    else:
        cols = np.ascontiguousarray(out.T)
    y = cols.reshape(x.shape)
    return y if axis % y.ndim == 0 else np.moveaxis(y, 0, axis)


def _sosfilt_rows(sos: NDArray[np.float64], rows: NDArray[np.float64], zi: NDArray[np.float64]) -> None:
    """Filter each row of the C-ordered (m, n) ``rows`` in place from the C-ordered state ``zi``
    (m, sections, 2)."""
    if _sosfilt_kernel is not None:
        _sosfilt_kernel(sos, rows, zi)
    else:  # scipy moved its kernel: the public function, one copy more
        rows[...] = signal.sosfilt(sos, rows, axis=1, zi=np.moveaxis(zi, 0, 1))[0]


_ZI: dict[bytes, NDArray[np.float64]] = {}


def _initial_state(sos: NDArray[np.float64]) -> NDArray[np.float64]:
    """``sosfilt_zi`` of a design (``sos_state.step_state``, to the last bit), cached."""
    key = sos.tobytes()
    zi = _ZI.get(key)
    if zi is None:
        if len(_ZI) >= 256:
            _ZI.clear()
        zi = _ZI[key] = step_state(sos)
    return zi


_SOS: dict[tuple[int, tuple[float, ...], str, float], NDArray[np.float64]] = {}


def design_sos(order: int, cut_hz: tuple[float, ...], btype: str, fs_hz: float) -> NDArray[np.float64]:
    """Butterworth second-order sections, cached (cut-offs rounded to 4 significant digits).
    The exact arguments are looked up first: rounding them costs more than the look-up."""
    key = (order, cut_hz, btype, fs_hz)
    sos = _SOS.get(key)
    if sos is None:
        if len(_SOS) >= 1024:
            _SOS.clear()
        rounded = tuple(float(f"{c:.4g}") for c in cut_hz)
        sos = _SOS[key] = _design(order, rounded, btype, float(f"{fs_hz:.6g}"))
    return sos
