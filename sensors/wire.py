"""OpenRep IMU profile v1 on the wire (specs/openrep-imu.md): UUIDs and pure decoders.

Every function here takes the bytes of one notification or read and returns a frozen value,
or raises ``BadPacket`` saying what is wrong. Nothing here knows about time on the host,
sequence history or radios: that is ``sensors.assembly``'s job.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

import numpy as np

from sensors.errors import BadPacket
from sensors.types import GRAVITY_MS2, FloatArray


def _openrep_uuid(short: int) -> str:
    return f"adfa{short:04x}-bf19-4177-a98e-ce80139097dd"


SERVICE_UUID = _openrep_uuid(0x0001)
DATA_UUID = _openrep_uuid(0x0002)
CONFIG_UUID = _openrep_uuid(0x0003)
CONTROL_UUID = _openrep_uuid(0x0004)
STATUS_UUID = _openrep_uuid(0x0005)
BATTERY_LEVEL_UUID = "00002a19-0000-1000-8000-00805f9b34fb"

PROTOCOL_VERSION = 1
HEADER_BYTES = 8
FRAME_ACCEL = 0
FRAME_ACCEL_GYRO = 1
_AXES = {FRAME_ACCEL: 3, FRAME_ACCEL_GYRO: 6}

OP_START = 0x01
OP_STOP = 0x02
OP_TIME_SYNC = 0x03
OP_IDENTIFY = 0x04
RESPONSE_CODE = 0x80

STATE_IDLE = 0
STATE_STREAMING = 1
STATE_ERROR = 2

T_WRAP_US = 1 << 32
SEQ_WRAP = 1 << 16


@dataclass(frozen=True, slots=True)
class OpenRepConfig:
    """The Config characteristic (10 bytes read, first 6 writable)."""

    sample_rate_hz: int = 100
    range_g: int = 16
    frame_type: int = FRAME_ACCEL
    max_latency_ms: int = 100
    lsb_per_g: int = 2048
    gyro_lsb_per_dps_x10: int = 0

    def to_bytes(self) -> bytes:
        """The 6 writable bytes, as a host writes them."""
        return struct.pack("<HBBH", self.sample_rate_hz, self.range_g, self.frame_type, self.max_latency_ms)


@dataclass(frozen=True, slots=True)
class OpenRepStatus:
    """The Status characteristic (9 bytes)."""

    state: int
    fifo_overflow: bool
    clipping: bool
    low_battery: bool
    charging: bool
    dropped_samples_total: int
    conn_interval_ms: float
    att_mtu: int
    battery_pct: int


@dataclass(frozen=True, slots=True)
class ControlResponse:
    """An indication on the Control Point: ``0x80 op status [payload]``."""

    opcode: int
    status: int
    payload: bytes

    @property
    def ok(self) -> bool:
        return self.status == 0


@dataclass(frozen=True, slots=True, eq=False)
class Packet:
    """One decoded IMU Data notification, in SI units, on the device clock."""

    seq: int | None
    """Packet counter (wraps at ``seq_wrap``); ``None`` for profiles without one."""
    t_first_us: int
    """Device timestamp of sample 0, µs (wraps at ``t_wrap_us`` when that is set)."""
    fs_hz: float
    """Sample rate the samples are spaced at, Hz."""
    accel_ms2: FloatArray
    """Specific force including gravity, m/s², shape (n, 3)."""
    gyro_rads: FloatArray | None = None
    """Angular rate, rad/s, shape (n, 3), or ``None``."""
    seq_wrap: int = SEQ_WRAP
    t_wrap_us: int | None = T_WRAP_US

    def __post_init__(self) -> None:
        self.accel_ms2.flags.writeable = False
        if self.gyro_rads is not None:
            self.gyro_rads.flags.writeable = False

    def __len__(self) -> int:
        return int(self.accel_ms2.shape[0])


def decode_config(payload: bytes) -> OpenRepConfig:
    """Decode the 10-byte Config read."""
    if len(payload) != 10:
        raise BadPacket(f"config is {len(payload)} bytes, expected 10")
    rate, rng, frame, latency, lsb, gyro = struct.unpack("<HBBHHH", payload)
    if rate == 0 or lsb == 0 or frame not in _AXES:
        raise BadPacket(f"config makes no sense: rate={rate} Hz, lsb_per_g={lsb}, frame_type={frame}")
    return OpenRepConfig(rate, rng, frame, latency, lsb, gyro)


def decode_status(payload: bytes) -> OpenRepStatus:
    """Decode the 9-byte Status read or notification."""
    if len(payload) != 9:
        raise BadPacket(f"status is {len(payload)} bytes, expected 9")
    state, flags, dropped, interval, mtu, battery = struct.unpack("<BBHHHB", payload)
    return OpenRepStatus(
        state=state,
        fifo_overflow=bool(flags & 1),
        clipping=bool(flags & 2),
        low_battery=bool(flags & 4),
        charging=bool(flags & 8),
        dropped_samples_total=dropped,
        conn_interval_ms=interval * 1.25,
        att_mtu=mtu,
        battery_pct=battery,
    )


def decode_control_response(payload: bytes) -> ControlResponse:
    """Decode a Control Point indication."""
    if len(payload) < 3 or payload[0] != RESPONSE_CODE:
        raise BadPacket(f"control response {payload.hex()} does not start with 0x80 op status")
    return ControlResponse(opcode=payload[1], status=payload[2], payload=bytes(payload[3:]))


def decode_packet(payload: bytes, config: OpenRepConfig = OpenRepConfig()) -> Packet:
    """Decode one IMU Data notification; raises ``BadPacket`` for anything malformed.

    ``config`` gives the sample rate and scale the device reported in its Config read.
    """
    size = len(payload)
    if size < HEADER_BYTES:
        raise BadPacket(f"truncated: {size} bytes is shorter than the 8-byte header")
    ver_type, n, seq, t_first_us = struct.unpack_from("<BBHI", payload)
    version, frame = ver_type >> 4, ver_type & 0x0F
    if version != PROTOCOL_VERSION:
        raise BadPacket(f"protocol version {version}, this host speaks {PROTOCOL_VERSION}")
    if frame not in _AXES:
        raise BadPacket(f"reserved frame type {frame}")
    if n == 0:
        raise BadPacket("packet with zero samples")
    axes = _AXES[frame]
    expected = HEADER_BYTES + n * axes * 2
    if size != expected:
        kind = "truncated" if size < expected else "overlong"
        raise BadPacket(f"{kind}: {size} bytes, header says {n} samples = {expected} bytes")
    raw = np.frombuffer(payload, dtype="<i2", offset=HEADER_BYTES).reshape(n, axes).astype(np.float64)
    accel = raw[:, :3] * (GRAVITY_MS2 / config.lsb_per_g)
    gyro = None
    if axes == 6:
        if config.gyro_lsb_per_dps_x10 <= 0:
            raise BadPacket("gyro frame but the config reports no gyro scale")
        gyro = raw[:, 3:] * (10.0 / config.gyro_lsb_per_dps_x10) * (math.pi / 180.0)
    return Packet(
        seq=seq,
        t_first_us=t_first_us,
        fs_hz=float(config.sample_rate_hz),
        accel_ms2=np.ascontiguousarray(accel),
        gyro_rads=None if gyro is None else np.ascontiguousarray(gyro),
    )
