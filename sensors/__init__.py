"""Every source of motion as one async stream of ``SampleBatch``: BLE, simulator, replay, imports."""

from sensors.errors import (
    BadPacket,
    RecordingError,
    SensorDisconnected,
    SensorError,
    SensorNotFound,
    SensorTimeout,
)
from sensors.importers import read_metamotion
from sensors.recording import (
    Recording,
    estimate_fs_hz,
    read_recording,
    recording_from_rows,
    write_recording,
)
from sensors.types import GRAVITY_MS2, SampleBatch, SensorSource, SourceKind

__all__ = [
    "GRAVITY_MS2",
    "BadPacket",
    "Recording",
    "RecordingError",
    "SampleBatch",
    "SensorDisconnected",
    "SensorError",
    "SensorNotFound",
    "SensorSource",
    "SensorTimeout",
    "SourceKind",
    "estimate_fs_hz",
    "read_metamotion",
    "read_recording",
    "recording_from_rows",
    "write_recording",
]
