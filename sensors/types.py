"""The values every motion source produces: ``SampleBatch``, ``SourceKind`` and ``SensorSource``."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Protocol, Self

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

GRAVITY_MS2 = 9.80665
"""Standard gravity; converts g to m/s²."""


class SourceKind(enum.StrEnum):
    """Where motion data comes from. ``REPCOUNT_SOURCE`` may name one of these."""

    BLE = "ble"
    SIM = "sim"
    REPLAY = "replay"


@dataclass(frozen=True, slots=True, eq=False)
class SampleBatch:
    """A run of consecutive samples on one host-aligned clock.

    ``t_s`` is in seconds on the host clock (monotonic within a source), ``accel_ms2`` is
    the specific force in m/s² *including* gravity, shape ``(n, 3)``; ``gyro_rads`` is the
    angular rate in rad/s, shape ``(n, 3)``, or ``None`` when the sensor has no gyro.
    ``dropped_packets`` counts packets lost (sequence gaps, truncations, overflow) between
    the previous batch and this one, so the pipeline knows time is not continuous.
    """

    t_s: FloatArray
    accel_ms2: FloatArray
    gyro_rads: FloatArray | None = None
    fs_hz: float = 100.0
    sensor: str = ""
    placement: str = "wrist"
    dropped_packets: int = 0
    gap_s: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        t = np.asarray(self.t_s, dtype=np.float64)
        a = np.asarray(self.accel_ms2, dtype=np.float64).reshape(-1, 3)
        if t.ndim != 1 or t.shape[0] != a.shape[0]:
            raise ValueError(f"t_s has {t.shape} samples but accel_ms2 has {a.shape}")
        object.__setattr__(self, "t_s", t)
        object.__setattr__(self, "accel_ms2", a)
        if self.gyro_rads is not None:
            g = np.asarray(self.gyro_rads, dtype=np.float64).reshape(-1, 3)
            if g.shape != a.shape:
                raise ValueError(f"gyro_rads has {g.shape} but accel_ms2 has {a.shape}")
            object.__setattr__(self, "gyro_rads", g)
            g.flags.writeable = False
        t.flags.writeable = False
        a.flags.writeable = False

    def __len__(self) -> int:
        return int(self.t_s.shape[0])


class SensorSource(Protocol):
    """Anything that streams motion: BLE, the simulator, a replayed file.

    Use it as ``async with source: async for batch in source.batches(): ...``.
    """

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc: object) -> None: ...

    def batches(self) -> AsyncIterator[SampleBatch]: ...
