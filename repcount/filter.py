"""Stage 1: validate raw samples and turn them into orientation-free motion signals.

The counting signal is the projection of the band-passed acceleration on its principal axis
(PCA over the window), so the sensor's mounting orientation does not matter. Gravity is
removed by the high-pass edge of the band; slow forearm tilt (which moves gravity between the
axes) stays in the band and is part of the signal, which is what a wrist sensor sees best.
The filters are designed and run by ``repcount.sos_filters`` and the axis is found by
``repcount.principal_axis``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from repcount.principal_axis import principal_axis
from repcount.sos_filters import design_sos as design_sos  # re-exported: live_buffer reads it here
from repcount.sos_filters import filtfilt
from repcount.stats import column_means, row_norm

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

GRAVITY_MS2 = 9.80665
BAND_HZ = (0.2, 4.0)
"""Rep motion lives between 0.2 Hz (a 5 s rep) and a few harmonics of a 1 s rep."""
GAP_STEPS = 3.0
MIN_GAP_S = 0.1
"""A step between samples longer than both of these is a gap in the data (``gap_s``)."""
MAX_FILL_S = 60.0
MAX_DROPOUT_S = 8.0
"""Reps are counted across a dropout up to this long: a longer one could hide a rest."""
HF_HZ = 4.0
"""Above this, acceleration is tremor, impact and jerk rather than the lift itself."""


@dataclass(frozen=True, slots=True, eq=False)
class FilteredMotion:
    """Orientation-free signals of one window (all arrays have the input's length)."""

    t_s: FloatArray
    """Sample times, seconds."""
    fs_hz: float
    """Sample rate, Hz."""
    band_ms2: FloatArray
    """(n, 3) band-passed acceleration, m/s² (gravity removed)."""
    motion_ms2: FloatArray
    """Projection of ``band_ms2`` on its principal axis, m/s² (the counting signal)."""
    cross_ms2: FloatArray
    """Magnitude of ``band_ms2`` orthogonal to the principal axis, m/s² (sway, swing)."""
    hf_ms2: FloatArray
    """Magnitude of acceleration above ``HF_HZ``, m/s² (jerk, impacts)."""
    magnitude_ms2: FloatArray
    """Magnitude of the raw acceleration, m/s² (≈ 9.81 at rest, ≈ 0 in free fall)."""
    axis: FloatArray
    """Unit principal axis in the sensor frame."""
    mean_ms2: FloatArray
    """Mean raw acceleration of the window (≈ gravity), m/s²; orients the axis."""
    observed: NDArray[np.bool_] | None = None
    """False where a sample was filled in across a gap in the data (``fill_gaps``); None: all real."""

    def __post_init__(self) -> None:
        if self.observed is not None:
            self.observed.flags.writeable = False
        for arr in (
            self.t_s,
            self.band_ms2,
            self.motion_ms2,
            self.cross_ms2,
            self.hf_ms2,
            self.magnitude_ms2,
            self.axis,
            self.mean_ms2,
        ):
            arr.flags.writeable = False

    def window(self, lo: int, hi: int, *, mean_ms2: FloatArray | None = None) -> FilteredMotion:
        """The samples [lo, hi) with their own principal axis (a set inside a recording)."""
        return _projected(self, lo, hi, self.mean_ms2 if mean_ms2 is None else mean_ms2)


@dataclass(frozen=True, slots=True, eq=False)
class Bands:
    """A recording's filtered signals before any projection (``filter_bands``): what
    ``find_active_spans`` reads, and ``window`` gives each span's ``FilteredMotion`` on its own
    principal axis. ``analyze_recording`` projects every candidate set on its own axis, so the
    whole recording's projection (a percentile and a PCA over every sample) would go unused."""

    t_s: FloatArray
    fs_hz: float
    band_ms2: FloatArray
    """(n, 3) band-passed acceleration, m/s² (``FilteredMotion.band_ms2``)."""
    hf_ms2: FloatArray
    magnitude_ms2: FloatArray
    mean_ms2: FloatArray
    observed: NDArray[np.bool_] | None = None

    def window(self, lo: int, hi: int, *, mean_ms2: FloatArray | None = None) -> FilteredMotion:
        """``FilteredMotion.window`` of the same samples (the same arrays, bit for bit)."""
        return _projected(self, lo, hi, self.mean_ms2 if mean_ms2 is None else mean_ms2)


def _projected(src: FilteredMotion | Bands, lo: int, hi: int, ref: FloatArray) -> FilteredMotion:
    """The samples [lo, hi) of ``src`` projected on their own principal axis (sign along ``ref``)."""
    band = src.band_ms2[lo:hi]
    axis = principal_axis(band, reference=ref)
    motion = band @ axis
    off = [band[:, i] - motion * axis[i] for i in range(3)]  # band minus its projection
    cross = np.sqrt(off[0] * off[0] + off[1] * off[1] + off[2] * off[2])
    return FilteredMotion(
        src.t_s[lo:hi],
        src.fs_hz,
        band,
        motion,
        cross,
        src.hf_ms2[lo:hi],
        src.magnitude_ms2[lo:hi],
        axis,
        np.asarray(ref, dtype=np.float64),
        None if src.observed is None else src.observed[lo:hi],
    )


def validate_motion(
    t_s: FloatArray, accel_ms2: FloatArray, gyro_rads: FloatArray | None, *, fs_hz: float
) -> tuple[FloatArray, FloatArray, FloatArray | None]:
    """Check shapes, finiteness and units; return float64 copies. Raises ``ValueError``."""
    if not np.isfinite(fs_hz) or fs_hz <= 0:
        raise ValueError(f"fs_hz must be a positive sample rate in Hz, got {fs_hz!r}")
    t = np.asarray(t_s, dtype=np.float64)
    a = np.asarray(accel_ms2, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 3:
        raise ValueError(f"accel_ms2 must have shape (n, 3), got {a.shape}")
    if t.shape != (a.shape[0],):
        raise ValueError(f"t_s must have shape ({a.shape[0]},) to match accel_ms2, got {t.shape}")
    if not (np.isfinite(a).all() and np.isfinite(t).all()):
        raise ValueError(
            "samples contain NaN or infinity; drop those rows first (sensors.read_recording does)"
        )
    if t.shape[0] > 1 and (t[1:] <= t[:-1]).any():
        raise ValueError("t_s must increase strictly; sort the samples and drop duplicate timestamps")
    g = None
    if gyro_rads is not None:
        g = np.asarray(gyro_rads, dtype=np.float64)
        if g.shape != a.shape:
            raise ValueError(f"gyro_rads must have shape {a.shape} like accel_ms2, got {g.shape}")
        if not np.isfinite(g).all():
            raise ValueError("gyro_rads contains NaN or infinity; drop those rows first")
    if a.shape[0] >= 3 and not _median_surely_within(row_norm(a), 0.25 * GRAVITY_MS2, 4.0 * GRAVITY_MS2):
        level = float(np.median(row_norm(a)))
        if level < 0.25 * GRAVITY_MS2 or level > 4.0 * GRAVITY_MS2:
            hint = " (it looks like g: multiply by 9.80665)" if 0.5 < level < 2.0 else ""
            raise ValueError(
                f"acceleration must be in m/s² including gravity; its median magnitude is {level:.3g}{hint}"
            )
    return t, a, g


def _median_surely_within(x: FloatArray, lo: float, hi: float) -> bool:
    """Whether ``lo <= np.median(x) <= hi`` for certain, from two counts instead of a partition
    of the whole recording: the middle value (or both middle values: their mean lies between
    them) is in [lo, hi] when fewer than half of the samples lie on either side. False means
    "not sure": the median decides."""
    half = (int(x.shape[0]) - 1) // 2  # values that may lie outside on either side
    return int(np.count_nonzero(x < lo)) <= half and int(np.count_nonzero(x > hi)) <= half


def gap_s(fs_hz: float) -> float:
    """The longest step between samples that is not a gap in the data, seconds."""
    return max(GAP_STEPS / fs_hz, MIN_GAP_S)


def fill_gaps(
    t_s: FloatArray, accel_ms2: FloatArray, gyro_rads: FloatArray | None, *, fs_hz: float
) -> tuple[FloatArray, FloatArray, FloatArray | None, NDArray[np.bool_] | None]:
    """Put samples back on the clock across gaps in the data (a sensor that dropped out).

    The filters treat samples as evenly spaced, so a 2 s hole would otherwise join the motion
    before and after it as if no time had passed. Every step longer than ``gap_s`` is filled
    with evenly spaced samples, linearly interpolated (no motion); a gap longer than
    ``MAX_FILL_S`` gets that many seconds of samples, spread over it (memory stays bounded when
    a clock jumps by days). Returns the filled ``t, accel, gyro`` and the ``observed`` mask
    (False for the filled samples), or the inputs and None when there is no gap.
    """
    if t_s.shape[0] < 2:
        return t_s, accel_ms2, gyro_rads, None
    dt = np.diff(t_s)
    gap = dt > gap_s(fs_hz)
    if not gap.any():
        return t_s, accel_ms2, gyro_rads, None
    # a long gap (the sensor off between sets) only needs to read as a long quiet stretch
    extra = np.where(gap, np.minimum(np.rint(dt * fs_hz) - 1, MAX_FILL_S * fs_hz), 0).astype(np.intp)
    # each original sample i is followed by extra[i] filled ones; positions on the new axis
    where = np.concatenate([[0], np.cumsum(1 + extra)])
    n = int(where[-1]) + 1
    observed = np.zeros(n, dtype=bool)
    observed[where] = True
    # fractional source index of every new sample: i + k / (extra[i] + 1)
    src = np.interp(np.arange(n), where, np.arange(t_s.shape[0], dtype=np.float64))
    t = np.interp(src, np.arange(t_s.shape[0]), t_s)

    def fill(x: FloatArray) -> FloatArray:
        return np.column_stack([np.interp(src, np.arange(x.shape[0]), x[:, k]) for k in range(3)])

    return t, fill(accel_ms2), None if gyro_rads is None else fill(gyro_rads), observed


def _min_len(sos: FloatArray) -> int:
    return 3 * (2 * int(sos.shape[0]) + 1) + 1


def filter_motion(
    t_s: FloatArray,
    accel_ms2: FloatArray,
    gyro_rads: FloatArray | None = None,
    *,
    fs_hz: float,
    observed: NDArray[np.bool_] | None = None,
) -> FilteredMotion:
    """Band-pass, project on the principal axis, and derive sway, jerk and magnitude.

    Parameters
    ----------
    t_s : (n,) sample times in seconds, strictly increasing.
    accel_ms2 : (n, 3) acceleration in m/s² including gravity, any sensor orientation.
    gyro_rads : (n, 3) angular rate in rad/s, optional.
    fs_hz : sample rate in Hz.
    observed : (n,) False for samples filled in across data gaps (``fill_gaps``), optional.

    Returns
    -------
    FilteredMotion with arrays of length n. Windows too short to filter give zero signals.

    Notes
    -----
    Order: validate → zero-phase Butterworth band-pass (2nd order, ``BAND_HZ``, capped below
    Nyquist) → PCA of the band-passed 3-axis signal → projection; the axis sign is chosen so
    that it points along mean gravity (deterministic for any mounting).
    """
    t, a, _ = validate_motion(t_s, accel_ms2, gyro_rads, fs_hz=fs_hz)
    return filter_valid_motion(t, a, fs_hz=fs_hz, observed=observed)


def filter_valid_motion(
    t: FloatArray, a: FloatArray, *, fs_hz: float, observed: NDArray[np.bool_] | None = None
) -> FilteredMotion:
    """``filter_motion`` of samples ``validate_motion`` has already checked (float64 arrays; the
    pipeline validates once, before ``fill_gaps``)."""
    bands = filter_bands(t, a, fs_hz=fs_hz, observed=observed)
    n = a.shape[0]
    if n < _min_len(_band_sos(fs_hz)):  # too short to filter: zero signals, no axis
        zeros = bands.hf_ms2
        return FilteredMotion(
            t,
            fs_hz,
            bands.band_ms2,
            zeros.copy(),
            zeros.copy(),
            zeros,
            bands.magnitude_ms2,
            np.array([0.0, 0.0, 1.0]),
            bands.mean_ms2,
            bands.observed,
        )
    return bands.window(0, n)


def filter_bands(
    t: FloatArray, a: FloatArray, *, fs_hz: float, observed: NDArray[np.bool_] | None = None
) -> Bands:
    """The band-passed acceleration, its high-frequency magnitude and the raw magnitude of
    validated samples (``filter_valid_motion`` before the projection; windows too short to
    filter give zero signals)."""
    n = a.shape[0]
    if observed is not None:
        observed = np.asarray(observed, dtype=bool)
        if observed.shape != (n,):
            raise ValueError(f"observed must have shape ({n},) to match t_s, got {observed.shape}")
        observed.flags.writeable = False
    magnitude = row_norm(a) if n else np.zeros(0)
    sos = _band_sos(fs_hz)
    mean = column_means(a) if n else np.array([0.0, 0.0, GRAVITY_MS2])
    if n < _min_len(sos):
        band, hf = np.zeros((n, 3)), np.zeros(n)
    else:
        band = filtfilt(sos, a, offset=mean)  # a - mean, filtered
        if fs_hz > 2.5 * HF_HZ:
            hp = design_sos(2, (HF_HZ,), "highpass", fs_hz)
            hf = row_norm(filtfilt(hp, a.T, axis=1).T)  # filtered as rows, added up as columns
        else:
            hf = np.abs(np.gradient(magnitude)) * 0.25
    for arr in (t, band, hf, magnitude, mean):
        arr.flags.writeable = False
    return Bands(t, fs_hz, band, hf, magnitude, mean, observed)


def _band_sos(fs_hz: float) -> FloatArray:
    """The counting band-pass (``BAND_HZ``, its top capped below Nyquist)."""
    return design_sos(2, (BAND_HZ[0], min(BAND_HZ[1], 0.45 * fs_hz)), "bandpass", fs_hz)
