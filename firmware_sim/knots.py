"""Piecewise minimum-jerk channels: the smooth building block of every simulated movement.

A channel is a list of knots ``(t_s, value)``; between two knots the value follows the
quintic minimum-jerk profile ``v0 + (v1 - v0)·(10s³ − 15s⁴ + 6s⁵)``, so velocity and
acceleration are zero at every knot, as in a human reaching movement (Flash & Hogan 1985).
Evaluation is vectorised over any array of times with one ``searchsorted``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def min_jerk(s: FloatArray) -> FloatArray:
    """The minimum-jerk shape on ``s`` in [0, 1] (clipped): 0 → 1 with zero end velocity and acceleration."""
    s = np.clip(s, 0.0, 1.0)
    return s * s * s * (10.0 + s * (-15.0 + 6.0 * s))


@dataclass(frozen=True, slots=True, eq=False)
class Knots:
    """A piecewise minimum-jerk channel; constant before the first and after the last knot."""

    t_s: FloatArray
    """Knot times (s), strictly increasing."""
    value: FloatArray
    """Channel value at each knot (unit of the channel)."""

    def __post_init__(self) -> None:
        if self.t_s.shape != self.value.shape or self.t_s.ndim != 1 or self.t_s.size == 0:
            raise ValueError("knot times and values must be 1-D arrays of the same non-zero length")
        if np.any(np.diff(self.t_s) <= 0):
            raise ValueError("knot times must increase strictly")
        self.t_s.flags.writeable = False
        self.value.flags.writeable = False

    def at(self, t_s: FloatArray) -> FloatArray:
        """The channel's value at each time in ``t_s``."""
        if self.t_s.size == 1:
            return np.full(np.shape(t_s), self.value[0])
        i = np.clip(np.searchsorted(self.t_s, t_s, side="right") - 1, 0, self.t_s.size - 2)
        t0 = self.t_s[i]
        s = (t_s - t0) / (self.t_s[i + 1] - t0)
        v0 = self.value[i]
        return v0 + (self.value[i + 1] - v0) * min_jerk(s)


class KnotWriter:
    """Appends knots in time order; ``move`` and ``hold`` skip degenerate (zero-length) steps."""

    def __init__(self, t0_s: float = 0.0, v0: float = 0.0) -> None:
        self._t: list[float] = [t0_s]
        self._v: list[float] = [v0]

    @property
    def t_s(self) -> float:
        return self._t[-1]

    @property
    def value(self) -> float:
        return self._v[-1]

    def move(self, duration_s: float, to: float) -> float:
        """Move to value ``to`` over ``duration_s``; returns the end time."""
        if duration_s <= 1e-6:
            if to != self._v[-1]:  # an instant jump is unphysical: spend one millisecond
                duration_s = 1e-3
            else:
                return self._t[-1]
        self._t.append(self._t[-1] + duration_s)
        self._v.append(float(to))
        return self._t[-1]

    def hold(self, duration_s: float) -> float:
        """Stay at the current value for ``duration_s``."""
        return self.move(duration_s, self._v[-1])

    def hold_until(self, t_s: float) -> float:
        return self.hold(t_s - self._t[-1])

    def build(self) -> Knots:
        return Knots(np.asarray(self._t, dtype=np.float64), np.asarray(self._v, dtype=np.float64))
