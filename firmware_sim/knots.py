"""Piecewise minimum-jerk channels: the smooth building block of every simulated movement.

A channel is a list of knots ``(t_s, value)``; between two knots the value follows the
quintic minimum-jerk profile ``v0 + (v1 - v0)·(10s³ − 15s⁴ + 6s⁵)``, so velocity and
acceleration are zero at every knot, as in a human reaching movement (Flash & Hogan 1985).
A segment may be time-warped (``shape``) so its peak velocity comes early (a drive off the
chest, ``shape > 1``) or late (a dropped load caught at the bottom, ``shape < 1``); the warp
keeps zero velocity and acceleration at both ends. Evaluation is vectorised over any array of
times with one ``searchsorted``.
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
    shape: FloatArray | None = None
    """Per segment (``len(t_s) - 1``): 1 = symmetric, > 1 early peak velocity, < 1 late."""

    def __post_init__(self) -> None:
        if self.shape is not None and self.shape.shape != (max(0, self.t_s.size - 1),):
            raise ValueError("one shape per segment")
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
        s = np.clip((t_s - t0) / (self.t_s[i + 1] - t0), 0.0, 1.0)
        if self.shape is not None:
            k = self.shape[i]
            early = k > 1.0
            late = k < 1.0
            s = np.where(early, 1.0 - (1.0 - s) ** np.where(early, k, 1.0), s)
            s = np.where(late, s ** np.where(late, 1.0 / np.where(late, k, 1.0), 1.0), s)
        v0 = self.value[i]
        return v0 + (self.value[i + 1] - v0) * min_jerk(s)


class KnotWriter:
    """Appends knots in time order; ``move`` and ``hold`` skip degenerate (zero-length) steps."""

    def __init__(self, t0_s: float = 0.0, v0: float = 0.0) -> None:
        self._t: list[float] = [t0_s]
        self._v: list[float] = [v0]
        self._k: list[float] = []

    @property
    def t_s(self) -> float:
        return self._t[-1]

    @property
    def value(self) -> float:
        return self._v[-1]

    def move(self, duration_s: float, to: float, shape: float = 1.0) -> float:
        """Move to value ``to`` over ``duration_s`` (``shape`` as in ``Knots``); returns the end time."""
        if duration_s <= 1e-6:
            if to != self._v[-1]:  # an instant jump is unphysical: spend one millisecond
                duration_s = 1e-3
            else:
                return self._t[-1]
        self._t.append(self._t[-1] + duration_s)
        self._v.append(float(to))
        self._k.append(float(shape))
        return self._t[-1]

    def hold(self, duration_s: float) -> float:
        """Stay at the current value for ``duration_s``."""
        return self.move(duration_s, self._v[-1])

    def hold_until(self, t_s: float) -> float:
        return self.hold(t_s - self._t[-1])

    def build(self) -> Knots:
        shape = np.asarray(self._k, dtype=np.float64) if any(k != 1.0 for k in self._k) else None
        return Knots(np.asarray(self._t, dtype=np.float64), np.asarray(self._v, dtype=np.float64), shape)
