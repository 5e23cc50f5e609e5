"""The firmware's own encoder for every OpenRep byte layout (little-endian, ``struct``).

Written from ``specs/openrep-imu.md`` alone and deliberately not shared with ``sensors/``,
so a bug in one codec cannot hide a bug in the other in round-trip tests.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

PROTOCOL_VERSION: Final = 1
HEADER_BYTES: Final = 8
FRAME_ACCEL: Final = 0
FRAME_ACCEL_GYRO: Final = 1
SAMPLE_BYTES: Final = {FRAME_ACCEL: 6, FRAME_ACCEL_GYRO: 12}

OP_START: Final = 0x01
OP_STOP: Final = 0x02
OP_TIME_SYNC: Final = 0x03
OP_IDENTIFY: Final = 0x04
RESPONSE_CODE: Final = 0x80
CP_OK: Final = 0
CP_UNSUPPORTED: Final = 1
CP_INVALID_PARAMETER: Final = 2
CP_BUSY: Final = 3

STATE_IDLE: Final = 0
STATE_STREAMING: Final = 1
STATE_ERROR: Final = 2
FLAG_FIFO_OVERFLOW: Final = 0x01
FLAG_CLIPPING: Final = 0x02
FLAG_LOW_BATTERY: Final = 0x04
FLAG_CHARGING: Final = 0x08

_HEADER = struct.Struct("<BBHI")
_CONFIG = struct.Struct("<HBBHHH")
_CONFIG_WRITE = struct.Struct("<HBBH")
_STATUS = struct.Struct("<BBHHHB")


def max_samples(att_mtu: int, frame_type: int) -> int:
    """How many samples fit one notification (``ATT_MTU − 3`` bytes of value)."""
    n = (att_mtu - 3 - HEADER_BYTES) // SAMPLE_BYTES[frame_type]
    if n < 1:
        raise ValueError(f"ATT MTU {att_mtu} cannot carry one frame-{frame_type} sample")
    return min(n, 255)


def encode_imu_packet(frame_type: int, seq: int, t_first_us: int, samples: npt.NDArray[np.int16]) -> bytes:
    """One IMU Data notification: header + ``n × (3 or 6)`` int16 LSB, x y z [gx gy gz]."""
    width = SAMPLE_BYTES[frame_type] // 2
    rows = np.asarray(samples, dtype="<i2")
    if rows.ndim != 2 or rows.shape[1] != width or not 1 <= rows.shape[0] <= 255:
        raise ValueError(f"frame {frame_type} needs 1..255 rows of {width} int16, got shape {rows.shape}")
    header = _HEADER.pack(
        (PROTOCOL_VERSION << 4) | frame_type, rows.shape[0], seq & 0xFFFF, t_first_us & 0xFFFFFFFF
    )
    return header + rows.tobytes()


@dataclass(frozen=True, slots=True)
class DeviceConfig:
    """The Config characteristic (10 bytes when read; the first 6 are writable)."""

    sample_rate_hz: int = 100
    range_g: int = 16
    frame_type: int = FRAME_ACCEL_GYRO
    max_latency_ms: int = 100
    gyro_lsb_per_dps_x10: int = 164
    """0 when the device has no gyro."""

    @property
    def lsb_per_g(self) -> int:
        return 32768 // self.range_g

    def encode(self) -> bytes:
        return _CONFIG.pack(
            self.sample_rate_hz,
            self.range_g,
            self.frame_type,
            self.max_latency_ms,
            self.lsb_per_g,
            self.gyro_lsb_per_dps_x10,
        )


def decode_config_write(data: bytes) -> tuple[int, int, int, int]:
    """``(sample_rate_hz, range_g, frame_type, max_latency_ms)`` from a Config write of 6 (or 10) bytes."""
    if len(data) not in (_CONFIG_WRITE.size, _CONFIG.size):
        raise ValueError(f"a Config write is 6 bytes (or the 10 read back), got {len(data)}")
    rate, rng, frame, latency = _CONFIG_WRITE.unpack_from(data)
    return int(rate), int(rng), int(frame), int(latency)


def encode_status(
    state: int,
    flags: int,
    dropped_samples_total: int,
    conn_interval_1250us: int,
    att_mtu: int,
    battery_pct: int,
) -> bytes:
    """The 9-byte Status characteristic; the drop counter saturates at 65535."""
    return _STATUS.pack(
        state, flags & 0xFF, min(dropped_samples_total, 0xFFFF), conn_interval_1250us, att_mtu, battery_pct
    )


def encode_cp_response(op: int, status: int, payload: bytes = b"") -> bytes:
    """A Control Point indication: ``0x80 op status [payload]``."""
    return bytes((RESPONSE_CODE, op & 0xFF, status)) + payload


def encode_time_sync_payload(t_us: int) -> bytes:
    return struct.pack("<I", t_us & 0xFFFFFFFF)
