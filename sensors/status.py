"""``SensorStatus``: what a source can say about its link at any moment (for progress lines and the UI)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sensors.types import SensorSource


@dataclass(frozen=True, slots=True)
class SensorStatus:
    """A snapshot of a source's health; all counts are totals since the source opened."""

    connected: bool = False
    """True while samples can arrive (link up, file open, simulator running)."""
    sensor: str = ""
    """Sensor name (BLE name, file name or ``"sim"``)."""
    battery_pct: int | None = None
    """Battery level in percent, when the sensor reports it."""
    samples: int = 0
    """Samples delivered in batches."""
    dropped_packets: int = 0
    """Packets lost: sequence gaps, truncated or malformed payloads, queue overflow."""
    duplicates: int = 0
    """Packets seen twice (same sequence number or device time) and dropped."""
    truncated: int = 0
    """Packets shorter than their header says, dropped (also counted in ``dropped_packets``)."""
    reconnects: int = 0
    """Times the link was re-established after a loss."""
    rate_hz: float = 0.0
    """Samples per second over the last few seconds of sensor time."""
    gaps: int = 0
    """Holes in the sample timeline (any length) reported to the pipeline."""
    gap_s: float = 0.0
    """Total length of those holes, s."""


class MonitoredSource(SensorSource, Protocol):
    """A ``SensorSource`` that also reports its health (every source ``open_source`` returns)."""

    @property
    def status(self) -> SensorStatus: ...
