"""The IMU chip: mounting, bias, noise, range clipping, int16 quantisation, clock drift and jitter.

``SimRecording`` is what a simulated sensor produced: the timestamps the device wrote (its
own, drifting clock, plus jitter), the readings after quantisation (so the CSV carries the
same numbers the firmware sends), the raw LSB, and the ground truth on the same clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from firmware_sim.kinematics import G0_MS2

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int16]

SAMPLE_RATES_HZ = (25, 50, 100, 200, 400)
"""Output data rates the device supports (the spec's Config table)."""
RANGES_G = (2, 4, 8, 16)
GYRO_RANGE_DPS = 2000
GYRO_LSB_PER_DPS = 16.4
"""Gyro sensitivity at ±2000 dps (reported as ``gyro_lsb_per_dps_x10`` = 164)."""


@dataclass(frozen=True, slots=True)
class SensorSpec:
    """Imperfections of the simulated chip. Standard deviations unless said otherwise."""

    bias_g: float = 0.02
    """Per-axis accelerometer zero-g offset (g)."""
    gyro_noise_rads: float = 0.005
    gyro_bias_rads: float = 0.01
    drift_ppm: float = 50.0
    """The sample clock runs fast or slow by up to this much (uniform ±)."""
    jitter_s: float = 2e-4
    """Timestamp jitter (s), kept below a third of a sample step."""
    mount_deg: float = 25.0
    """Random tilt of the case on the strap or clip around its nominal mounting (deg); 180 = any."""


def lsb_per_g(range_g: int) -> int:
    """Sensitivity of an int16 reading at ±``range_g`` (e.g. 2048 at ±16 g)."""
    return 32768 // range_g


def random_rotation(rng: np.random.Generator, max_deg: float) -> FloatArray:
    """A rotation by a random angle ≤ ``max_deg`` about a random axis (Rodrigues)."""
    axis = rng.normal(size=3)
    axis /= np.linalg.norm(axis)
    angle = np.deg2rad(rng.uniform(0.0, max_deg))
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    rot: FloatArray = np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * (k @ k)
    return rot


def quantise(values: FloatArray, lsb_per_unit: float) -> tuple[IntArray, int]:
    """Round to int16 LSB with saturation; returns the raw values and how many saturated."""
    raw = np.rint(values * lsb_per_unit)
    clipped = int(np.count_nonzero((raw > 32767) | (raw < -32768)))
    return np.clip(raw, -32768, 32767).astype(np.int16), clipped


@dataclass(frozen=True, slots=True, eq=False)
class SimRecording:
    """A simulated recording with its ground truth (all times on the device clock)."""

    t_s: FloatArray
    """Sample timestamps (s) as the device wrote them."""
    accel_ms2: FloatArray
    """Specific force incl. gravity in the sensor frame (m/s²), after quantisation, (n, 3)."""
    gyro_rads: FloatArray
    """Angular rate in the sensor frame (rad/s), after quantisation, (n, 3)."""
    accel_lsb: IntArray
    gyro_lsb: IntArray
    position_m: FloatArray
    """True position of the sensor in the world frame (m), for physics checks."""
    fs_hz: float
    range_g: int
    placement: str
    truth: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for arr in (self.t_s, self.accel_ms2, self.gyro_rads, self.accel_lsb, self.gyro_lsb, self.position_m):
            arr.flags.writeable = False

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    @property
    def lsb_per_g(self) -> int:
        return lsb_per_g(self.range_g)

    @property
    def duration_s(self) -> float:
        return float(self.t_s[-1] - self.t_s[0]) if len(self) else 0.0

    def as_samples_int16(self, frame_type: int = 1) -> IntArray:
        """Raw LSB rows as the firmware sends them: (n, 3) for frame 0, (n, 6) accel+gyro for frame 1."""
        if frame_type == 0:
            return self.accel_lsb
        if frame_type == 1:
            return np.concatenate([self.accel_lsb, self.gyro_lsb], axis=1)
        raise ValueError(f"unknown frame type {frame_type}; choose 0 (accel) or 1 (accel+gyro)")

    def sidecar(self) -> dict[str, Any]:
        """The JSON sidecar: metadata and ``"truth"``."""
        return {**self.meta, "fs_hz": self.fs_hz, "placement": self.placement, "truth": self.truth}


def apply_sensor(
    f_ms2: FloatArray,
    w_rads: FloatArray,
    *,
    spec: SensorSpec,
    noise_g: float,
    range_g: int,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray, IntArray, IntArray, dict[str, Any]]:
    """Mount, bias, noise, clip, quantise. Returns readings (SI), raw LSB and what happened."""
    n = f_ms2.shape[0]
    mount = random_rotation(rng, spec.mount_deg)
    acc_g = f_ms2 @ mount / G0_MS2  # Mᵀ f for each row
    gyr = w_rads @ mount
    acc_g += rng.normal(0.0, spec.bias_g, 3) + rng.normal(0.0, noise_g, (n, 3))
    gyr += rng.normal(0.0, spec.gyro_bias_rads, 3) + rng.normal(0.0, spec.gyro_noise_rads, (n, 3))
    a_lsb, clipped = quantise(acc_g, lsb_per_g(range_g))
    g_lsb, g_clipped = quantise(np.rad2deg(gyr), GYRO_LSB_PER_DPS)
    accel = a_lsb.astype(np.float64) * (G0_MS2 / lsb_per_g(range_g))
    gyro = np.deg2rad(g_lsb.astype(np.float64) / GYRO_LSB_PER_DPS)
    info = {
        "clipped_samples": clipped,
        "gyro_clipped_samples": g_clipped,
        "mount_matrix": mount.round(6).tolist(),
    }
    return accel, gyro, a_lsb, g_lsb, info
