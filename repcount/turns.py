"""Causal turn detection for the live counter: the extremes of the counting signal as they happen.

Notes
-----
The raw acceleration is high-passed (1st order at ``HP_HZ``: gravity out, with only a few
degrees of phase lead at rep rates) and low-passed (2nd order at ``LP_HZ``: tremor and impacts
out, about 0.15 s of delay), both causal with their state carried from batch to batch. The
3-axis result is projected on its running principal axis (covariance weighted with time constant
``AXIS_TAU_S``, so the mounting orientation does not matter); the axis keeps its sign from batch
to batch, so a flip can never invent a turn. A maximum (minimum) is reported once the signal has
come back ``TURN_FRAC`` of the running amplitude below (above) it, and at least ``MIN_TURN_MS2``:
noise and tremor do not turn, a rep does, about 0.1 s after its extreme. Turns alternate in sign.
Which turns end reps is the live counter's business (``repcount.live``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal

from repcount.filter import FloatArray
from repcount.sos_filters import design_sos

HP_HZ = 0.2
LP_HZ = 1.5
AXIS_TAU_S = 4.0
"""Memory of the running principal axis and amplitude, seconds."""
AXIS_EVERY_S = 0.5
"""The axis (an eigen-decomposition) is updated this often; it moves on a scale of seconds."""
TURN_FRAC = 0.12
"""A turn is certain once the signal is back this share of the running peak amplitude."""
CLIP_FACTOR = 3.0
"""Samples beyond this multiple of the running amplitude are clipped before they update it."""
MIN_TURN_MS2 = 0.25
"""...and back at least this much (m/s²): the floor for rest, where the amplitude is noise."""


def sosfilt_batch(sos: FloatArray, x: FloatArray, zi: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``scipy.signal.sosfilt(sos, x, axis=0, zi=zi)`` for the short batches of a live stream.

    The same cascade of second-order sections with the same state, run section by section with
    ``lfilter`` (the same transposed direct form II per section): for a 10-sample batch its
    per-call overhead is a sixth of ``sosfilt``'s, which dominates a live stream's cost.
    """
    zo = np.empty_like(zi)
    y = x
    for k in range(sos.shape[0]):
        y, zo[k] = signal.lfilter(sos[k, :3], sos[k, 3:], y, axis=0, zi=zi[k])
    return np.asarray(y), zo


@dataclass(frozen=True, slots=True)
class Turn:
    """One extreme of the counting signal."""

    t_s: float
    """When the extreme was, seconds (sensor clock)."""
    detected_s: float
    """Time of the sample at which it became certain, seconds."""
    sign: int
    """+1 for a maximum, -1 for a minimum (along the running axis, which points along gravity
    when the detector starts)."""
    value_ms2: float
    """The signal at the extreme, m/s²."""
    axis: tuple[float, float, float]
    """The running axis it was measured along (unit vector, sensor frame): a value measured along
    another axis than today's is not on today's scale."""


class TurnDetector:
    """Causal extremes of the principal-axis acceleration (see the module notes)."""

    def __init__(self, *, fs_hz: float) -> None:
        self.fs_hz = float(fs_hz)
        hp = design_sos(1, (HP_HZ,), "highpass", self.fs_hz)
        lp = design_sos(2, (min(LP_HZ, 0.45 * self.fs_hz),), "lowpass", self.fs_hz)
        self._sos = np.vstack([hp, lp])  # one cascade: one call per batch
        self._zi: FloatArray | None = None
        self._cov = np.zeros((3, 3))
        self._axis: FloatArray | None = None
        self._since_axis = 0  # samples since the axis was last updated
        self._power = 0.0
        self._mode = 0  # +1 following a maximum, -1 a minimum, 0 not yet moving
        self._ext = 0.0
        self._ext_t = 0.0
        self._y_last = np.zeros(3)  # the newest filtered sample

    @property
    def amplitude_ms2(self) -> float:
        """Running peak amplitude of the counting signal (√2 × RMS), m/s²."""
        return float(np.sqrt(2.0 * self._power))

    @property
    def axis(self) -> FloatArray:
        """The running principal axis (unit vector, sensor frame); the turns' signs are along it."""
        return np.array([0.0, 0.0, 1.0]) if self._axis is None else self._axis.copy()

    def push(self, t_s: FloatArray, accel_ms2: FloatArray) -> list[Turn]:
        """Feed one batch of (n,) times and (n, 3) raw acceleration; return the turns it makes certain."""
        n = accel_ms2.shape[0]
        if n == 0:
            return []
        if self._zi is None:  # start at rest on the first sample (no step through the filters)
            self._zi = signal.sosfilt_zi(self._sos)[:, :, None] * accel_ms2[0][None, None, :]
        y, self._zi = sosfilt_batch(self._sos, accel_ms2, self._zi)
        self._y_last = y[-1]
        keep = float(np.exp(-n / (AXIS_TAU_S * self.fs_hz)))
        self._cov = keep * self._cov + (1.0 - keep) * (y.T @ y) / n
        self._since_axis += n
        if self._axis is None or self._since_axis >= AXIS_EVERY_S * self.fs_hz:
            self._since_axis = 0
            self._axis = self._principal_axis(accel_ms2)
        axis = self._axis
        x = np.asarray(y @ axis)
        # one jolt (jumping up to the bar, a dropped weight) must not deafen the detector for
        # seconds: the amplitude grows at most threefold per batch
        amp = self.amplitude_ms2
        xc = np.clip(x, -CLIP_FACTOR * amp, CLIP_FACTOR * amp) if amp > MIN_TURN_MS2 else x
        self._power = keep * self._power + (1.0 - keep) * float(np.mean(xc * xc))
        hyst = max(MIN_TURN_MS2, TURN_FRAC * self.amplitude_ms2)
        return self._turns(t_s.tolist(), x.tolist(), hyst, (float(axis[0]), float(axis[1]), float(axis[2])))

    def realign(self, line: FloatArray, power_ms2: float, t_s: float) -> int:
        """Measure along ``line`` (unit vector) from now on, with running power ``power_ms2``
        (m²/s⁴), an extreme along it having been made at ``t_s``: a maximum along ``line``, which
        is a turn of the returned sign in this detector's frame (its axis keeps its sign, so a
        re-alignment cannot flip every later turn's). The next turn reported is the opposite one.
        The live counter found a rep's end along the rep's own line while a jolt had turned this
        detector's axis (``repcount.rep_axis``)."""
        line = np.asarray(line, dtype=np.float64)
        sign = 1 if self._axis is None or float(line @ self._axis) >= 0.0 else -1
        self._axis = sign * line
        self._cov = power_ms2 * np.outer(line, line)
        self._power = power_ms2
        self._mode, self._ext, self._ext_t = -sign, float(self._y_last @ self._axis), t_s
        return sign

    def _principal_axis(self, accel_ms2: FloatArray) -> FloatArray:
        if not np.any(self._cov):
            return self._axis if self._axis is not None else np.array([0.0, 0.0, 1.0])
        _, vecs = np.linalg.eigh(self._cov)
        axis = np.asarray(vecs[:, -1])
        # the first axis points along gravity; later ones keep the sign of the one before
        ref = accel_ms2.mean(axis=0) if self._axis is None else self._axis
        if float(axis @ ref) < 0:
            axis = -axis
        self._axis = axis
        return axis

    def _turns(
        self, t: list[float], x: list[float], hyst: float, axis: tuple[float, float, float]
    ) -> list[Turn]:
        out: list[Turn] = []
        mode, ext, ext_t = self._mode, self._ext, self._ext_t
        for ti, xi in zip(t, x, strict=True):
            if mode == 0:
                if abs(xi) > hyst:
                    mode, ext, ext_t = (1 if xi > 0 else -1), xi, ti
            elif mode * (xi - ext) > 0:
                ext, ext_t = xi, ti
            elif mode * (ext - xi) > hyst:
                out.append(Turn(ext_t, ti, mode, ext, axis))
                mode, ext, ext_t = -mode, xi, ti
        self._mode, self._ext, self._ext_t = mode, ext, ext_t
        return out
