"""Every source of motion as one async stream of ``SampleBatch``: BLE, simulator, replay, imports."""

from sensors.assembly import StreamAssembler, StreamCounts, merge_batches
from sensors.clock import HostClock
from sensors.errors import (
    BadPacket,
    RecordingError,
    SensorDisconnected,
    SensorError,
    SensorNotFound,
    SensorTimeout,
)
from sensors.factory import open_source
from sensors.import_generic import parse_column_map, read_generic_csv
from sensors.import_polar import read_polar_logger
from sensors.importers import read_metamotion
from sensors.profiles import GattLink, OpenRepProfile, PolarProfile, SensorProfile, make_profile
from sensors.recording import (
    Recording,
    estimate_fs_hz,
    read_recording,
    recording_from_rows,
    write_recording,
)
from sensors.replay import ReplaySource
from sensors.sim import DeviceLink, SimSource
from sensors.status import MonitoredSource, SensorStatus
from sensors.types import GRAVITY_MS2, SampleBatch, SensorSource, SourceKind
from sensors.wire import OpenRepConfig, OpenRepStatus, Packet, decode_packet

__all__ = [
    "GRAVITY_MS2",
    "BadPacket",
    "DeviceLink",
    "GattLink",
    "HostClock",
    "MonitoredSource",
    "OpenRepConfig",
    "OpenRepProfile",
    "OpenRepStatus",
    "Packet",
    "PolarProfile",
    "Recording",
    "RecordingError",
    "ReplaySource",
    "SampleBatch",
    "SensorDisconnected",
    "SensorError",
    "SensorNotFound",
    "SensorProfile",
    "SensorSource",
    "SensorStatus",
    "SensorTimeout",
    "SimSource",
    "SourceKind",
    "StreamAssembler",
    "StreamCounts",
    "decode_packet",
    "estimate_fs_hz",
    "make_profile",
    "merge_batches",
    "open_source",
    "parse_column_map",
    "read_generic_csv",
    "read_metamotion",
    "read_polar_logger",
    "read_recording",
    "recording_from_rows",
    "write_recording",
]
