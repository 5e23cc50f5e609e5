"""The live activity gate: the moving RMS of the causal band-pass and the rest level it is judged by.

Like ``find_active_spans`` offline (``repcount.activity``): the same threshold rule over a bounded
history, whose percentile is recomputed only when the history grows, once per ``WINDOW_S``.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from repcount.activity import MAX_ON_MS2, MIN_ON_MS2, ON_FACTOR, REST_PERCENTILE, WINDOW_S
from repcount.filter import FloatArray
from repcount.live_buffer import RowRing

HISTORY_S = 600.0
"""Activity history kept to learn the rest level (one value per ``WINDOW_S``)."""


class ActivityGate:
    """The stream's activity (m/s²) and the threshold that opens the gate."""

    def __init__(self, *, fs_hz: float) -> None:
        self._power = RowRing(1)
        self._win = max(1, round(WINDOW_S * fs_hz))
        self._history: deque[float] = deque(maxlen=int(HISTORY_S / WINDOW_S))
        self.threshold_ms2 = MIN_ON_MS2
        self._hist_acc = 0.0
        self._hist_n = 0
        self._history_t = -np.inf

    def push(self, band: FloatArray) -> None:
        """One batch of the band-passed (n, 3) acceleration."""
        self._power.append(np.einsum("ij,ij->i", band, band)[:, None])

    def activity(self, now: float) -> float:
        """The RMS over the newest ``WINDOW_S``; it grows the rest history (the threshold changes
        only when the history does)."""
        p = self._power.data[max(0, self._power.n - self._win) : self._power.n, 0]
        act = float(np.sqrt(p.mean())) if p.size else 0.0
        self._hist_acc += act
        self._hist_n += 1
        if now - self._history_t >= WINDOW_S:
            self._history.append(self._hist_acc / self._hist_n)
            self._hist_acc, self._hist_n = 0.0, 0
            self._history_t = now
            rest = float(np.percentile(np.fromiter(self._history, float), REST_PERCENTILE))
            self.threshold_ms2 = float(np.clip(ON_FACTOR * rest, MIN_ON_MS2, MAX_ON_MS2))
        return act

    def trim(self) -> None:
        """Forget the power no window needs any more."""
        if self._power.n > 4 * self._win:
            self._power.drop(self._power.n - 2 * self._win)
