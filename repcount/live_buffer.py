"""The live counter's buffers: the causal band-pass of the activity gate and a ring of rows."""

from __future__ import annotations

import numpy as np
from scipy import signal

from repcount.filter import BAND_HZ, FloatArray, design_sos
from repcount.turns import sosfilt_batch


class LiveFilter:
    """Causal band-pass of 3-axis acceleration with state carried from batch to batch."""

    def __init__(self, *, fs_hz: float) -> None:
        hi = min(BAND_HZ[1], 0.45 * fs_hz)
        self._sos = design_sos(2, (BAND_HZ[0], hi), "bandpass", fs_hz)
        self._zi: FloatArray | None = None

    def push(self, accel_ms2: FloatArray) -> FloatArray:
        """Band-passed (n, 3) acceleration for one batch."""
        if accel_ms2.shape[0] == 0:
            return np.zeros((0, 3))
        if self._zi is None:
            zi = signal.sosfilt_zi(self._sos)
            self._zi = zi[:, :, None] * accel_ms2[0][None, None, :]
        out, self._zi = sosfilt_batch(self._sos, accel_ms2, self._zi)
        return out


class RowRing:
    """Growable buffer of rows that drops its oldest rows on demand (amortised O(1) append)."""

    def __init__(self, width: int) -> None:
        self.data = np.zeros((256, width))
        self.n = 0

    def append(self, rows: FloatArray) -> None:
        need = self.n + rows.shape[0]
        if need > self.data.shape[0]:
            grown = np.zeros((max(need, 2 * self.data.shape[0]), self.data.shape[1]))
            grown[: self.n] = self.data[: self.n]
            self.data = grown
        self.data[self.n : need] = rows
        self.n = need

    def drop(self, k: int) -> None:
        k = min(k, self.n)
        if k > 0:
            self.data[: self.n - k] = self.data[k : self.n]
            self.n -= k
        if self.data.shape[0] > 1024 and self.n < self.data.shape[0] // 4:
            self.data = self.data[: max(256, 2 * self.n)].copy()

    def view(self) -> FloatArray:
        return self.data[: self.n]
