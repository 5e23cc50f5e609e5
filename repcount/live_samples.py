"""The live counter's samples: the stream's rows as they come, their dropouts filled, and windows of them.

Each row holds t, ax, ay, az, gx, gy, gz, observed (0: filled across a gap), and the gate's causal
band-pass of ax, ay, az (a learnt set's rep shape, ``set_memory``). The live counter
(``repcount.live``) decides how far back they are kept (``drop_before``).
"""

from __future__ import annotations

from collections import deque
from itertools import pairwise

import numpy as np

from repcount.filter import GRAVITY_MS2, MAX_DROPOUT_S, FloatArray, fill_gaps, gap_s
from repcount.live_buffer import RowRing

RAW_COLUMNS = 8
"""t, 3 accelerometer axes, 3 gyro axes and the observed mark; the band-pass follows."""
BAND = slice(RAW_COLUMNS, RAW_COLUMNS + 3)
"""The columns of the gate's causal band-pass of the acceleration."""


class LiveSamples:
    """The stream's rows, oldest first (see the module notes)."""

    def __init__(self, *, fs_hz: float) -> None:
        self.fs_hz = fs_hz
        self.ring = RowRing(RAW_COLUMNS + 3)
        self.gaps: deque[tuple[float, float]] = deque(maxlen=16)  # recent dropouts (from, to), s
        self.has_gyro = False
        self.first_s = np.inf  # the stream's first sample
        self._units_checked = False

    def newest_s(self) -> float:
        """The newest sample's time (the buffer must hold one)."""
        return float(self.ring.data[self.ring.n - 1, 0])

    def view(self) -> FloatArray:
        return self.ring.view()

    def rows(self, t_s: FloatArray, accel_ms2: FloatArray, gyro_rads: FloatArray | None) -> FloatArray | None:
        """One batch as rows (without the band-pass), its dropouts filled; ``None`` when no row is
        usable. Rows that are not finite, or not later than the previous sample, are dropped (a
        live stream must not stop on one bad packet)."""
        t = np.asarray(t_s, dtype=np.float64).reshape(-1)
        a = np.asarray(accel_ms2, dtype=np.float64).reshape(-1, 3)
        if t.shape[0] != a.shape[0]:
            raise ValueError(f"t_s has {t.shape[0]} samples but accel_ms2 has {a.shape[0]}")
        g = None if gyro_rads is None else np.asarray(gyro_rads, dtype=np.float64).reshape(-1, 3)
        if g is not None and g.shape != a.shape:
            raise ValueError(f"gyro_rads must have shape {a.shape} like accel_ms2, got {g.shape}")
        ok = np.isfinite(t) & np.all(np.isfinite(a), axis=1)
        if g is not None:
            ok &= np.all(np.isfinite(g), axis=1)
        last = self.ring.data[self.ring.n - 1, 0] if self.ring.n else -np.inf
        ok &= t > last
        ok[1:] &= np.diff(t) > 0
        if not ok.all():
            t, a = t[ok], a[ok]
            g = g[ok] if g is not None else None
        if t.size == 0:
            return None
        self.has_gyro = self.has_gyro or g is not None
        rows = np.empty((t.size, RAW_COLUMNS))
        rows[:, 0], rows[:, 1:4] = t, a
        rows[:, 4:7] = 0.0 if g is None else g
        rows[:, 7] = 1.0
        step = np.diff(np.concatenate([[last], t])) if self.ring.n else np.diff(t, prepend=t[0])
        if np.any(step > gap_s(self.fs_hz)):
            # the sensor dropped out: the time it was gone passes as samples without motion (so
            # the gate sees no rest that was not there); the set's final analysis gets the real
            # samples only and counts the reps of the gap from the set's rhythm (``fill_gaps``)
            rows = self._fill(rows)
        return rows

    def append(self, rows: FloatArray, band: FloatArray) -> None:
        """Keep ``rows`` with their band-passed acceleration; the units are checked once, on the
        first second."""
        self.first_s = min(self.first_s, float(rows[0, 0]))
        self.ring.append(np.hstack([rows, band]))
        if not self._units_checked and self.ring.n >= self.fs_hz:
            self._check_units()

    def drop_before(self, t_s: float) -> None:
        """Forget the samples older than ``t_s``."""
        v = self.ring.view()
        if v.shape[0] and v[0, 0] < t_s:
            self.ring.drop(int(np.searchsorted(v[:, 0], t_s)))

    def window(self, t0: float, t1: float) -> tuple[FloatArray, FloatArray, FloatArray | None]:
        """The real samples in [t0, t1] (the offline stages fill a dropout themselves)."""
        v = self.ring.view()
        w = v[int(np.searchsorted(v[:, 0], t0)) : int(np.searchsorted(v[:, 0], t1, side="right"))]
        w = w[w[:, 7] > 0]
        return w[:, 0], w[:, 1:4], (w[:, 4:7] if self.has_gyro else None)

    def gone_s(self, t0: float, t1: float) -> float:
        """Seconds of sensor dropouts (up to ``MAX_DROPOUT_S`` each) between ``t0`` and ``t1``."""
        gone = 0.0
        for a, b in self.gaps:
            if b - a <= MAX_DROPOUT_S:
                gone += max(0.0, min(b, t1) - max(a, t0))
        return gone

    def seen_from(self, t_s: float, seen_s: float) -> float:
        """The time ``seen_s`` seconds of samples back from ``t_s``, dropouts (up to
        ``MAX_DROPOUT_S`` each) not counted: a look-back keeps the set's reps it would hold
        without the dropout (a gap is neither rest nor motion)."""
        t0 = t_s - seen_s
        for a, b in reversed(self.gaps):
            if b - a <= MAX_DROPOUT_S and a < t_s and b > t0:
                t0 -= min(b, t_s) - max(a, t0)
        return t0

    def _check_units(self) -> None:
        """Once, over the first second: acceleration in m/s² with gravity, or a clear error."""
        self._units_checked = True
        level = float(np.median(np.linalg.norm(self.ring.view()[:, 1:4], axis=1)))
        if not 0.25 * GRAVITY_MS2 <= level <= 4.0 * GRAVITY_MS2:
            hint = " (it looks like g: multiply by 9.80665)" if 0.5 < level < 2.0 else ""
            raise ValueError(
                "acceleration must be in m/s² including gravity; the stream's median magnitude "
                f"is {level:.3g}{hint}"
            )

    def _fill(self, rows: FloatArray) -> FloatArray:
        """``rows`` with the dropouts before and inside them filled (``fill_gaps``), the filled
        rows marked unobserved; the dropouts are remembered (``gone_s``)."""
        prev = self.ring.data[self.ring.n - 1 : self.ring.n, :RAW_COLUMNS]
        ext = np.vstack([prev, rows])
        t, a, g, observed = fill_gaps(ext[:, 0], ext[:, 1:4], ext[:, 4:7], fs_hz=self.fs_hz)
        if observed is None:
            return rows
        real = observed.nonzero()[0]
        for i, j in pairwise(real):
            if j > i + 1:
                self.gaps.append((float(t[i]), float(t[j])))
        out = np.zeros((t.size, RAW_COLUMNS))
        out[:, 0], out[:, 1:4] = t, a
        out[:, 4:7] = 0.0 if g is None else g
        out[:, 7] = observed
        return out[prev.shape[0] :]
