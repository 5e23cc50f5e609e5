"""Polar Measurement Data (PMD) accelerometer stream: Verity Sense, H10, OH1. Pure decoders.

A PMD data notification is ``meas_type u8 | timestamp u64 ns | frame_type u8 | data``.
The timestamp is that of the *last* sample in the frame (ns since 2000-01-01, device clock).
``frame_type`` bit 7 marks a delta-compressed frame: one reference sample at the full
resolution, then blocks of ``delta_bits u8, count u8`` followed by ``count × 3`` signed deltas
packed LSB-first. Accelerometer values are milli-g. There is no sequence number: duplicates and
holes are found from the timestamps.
"""

from __future__ import annotations

import struct

import numpy as np

from sensors.errors import BadPacket
from sensors.types import GRAVITY_MS2
from sensors.wire import Packet

PMD_SERVICE_UUID = "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
PMD_CONTROL_UUID = "fb005c81-02e7-f387-1cad-8acd2d8df0c8"
PMD_DATA_UUID = "fb005c82-02e7-f387-1cad-8acd2d8df0c8"

MEAS_ACC = 0x02
_OP_START = 0x02
_OP_STOP = 0x03
_HEADER = 10
_RAW_BYTES = {0: 1, 1: 2, 2: 3}
_MG_TO_MS2 = GRAVITY_MS2 / 1000.0


def start_accel_command(*, fs_hz: int = 52, range_g: int = 8, resolution_bits: int = 16) -> bytes:
    """Control-point write that starts the accelerometer stream with these settings."""
    return bytes([_OP_START, MEAS_ACC]) + struct.pack(
        "<BBHBBHBBH", 0x00, 1, fs_hz, 0x01, 1, resolution_bits, 0x02, 1, range_g
    )


SETTING_RATE = 0x00
SETTING_RESOLUTION = 0x01
SETTING_RANGE = 0x02
SETTING_CHANNELS = 0x04


def settings_command() -> bytes:
    """Control-point write asking which accelerometer settings the sensor supports."""
    return bytes([0x01, MEAS_ACC])


def decode_settings(data: bytes) -> dict[int, list[int]]:
    """``type u8, count u8, values`` records (u16, channels u8) from a settings answer's payload."""
    out: dict[int, list[int]] = {}
    pos = 0
    while pos + 2 <= len(data):
        kind, count = data[pos], data[pos + 1]
        width = 1 if kind == SETTING_CHANNELS else 2
        end = pos + 2 + count * width
        if end > len(data):
            break  # a cut-off record: keep what was whole
        out[kind] = [int.from_bytes(data[i : i + width], "little") for i in range(pos + 2, end, width)]
        pos = end
    return out


def stop_accel_command() -> bytes:
    """Control-point write that stops the accelerometer stream."""
    return bytes([_OP_STOP, MEAS_ACC])


def _sign_extend(values: np.ndarray, bits: int) -> np.ndarray:
    sign = 1 << (bits - 1)
    return (values ^ sign) - sign


def _decode_raw(data: bytes, width: int) -> np.ndarray:
    if len(data) == 0 or len(data) % (3 * width):
        raise BadPacket(
            f"truncated: {len(data)} data bytes is not a whole number of {3 * width}-byte samples"
        )
    if width == 3:
        b = np.frombuffer(data, dtype=np.uint8).reshape(-1, 3).astype(np.int64)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        return _sign_extend(v, 24).reshape(-1, 3)
    return np.frombuffer(data, dtype="<i1" if width == 1 else "<i2").reshape(-1, 3).astype(np.int64)


def _decode_delta(data: bytes, width: int) -> np.ndarray:
    ref_bytes = 3 * width
    if len(data) < ref_bytes:
        raise BadPacket("truncated: delta frame shorter than its reference sample")
    samples = [_decode_raw(data[:ref_bytes], width)[0]]
    pos = ref_bytes
    while pos < len(data):
        if pos + 2 > len(data):
            raise BadPacket("truncated: delta block header cut off")
        bits, count = data[pos], data[pos + 1]
        pos += 2
        if not 1 <= bits <= 32 or count == 0:
            raise BadPacket(f"delta block with {bits} bits × {count} samples")
        nbytes = (bits * 3 * count + 7) // 8
        if pos + nbytes > len(data):
            raise BadPacket("truncated: delta block shorter than it says")
        as_int = int.from_bytes(data[pos : pos + nbytes], "little")
        pos += nbytes
        mask = (1 << bits) - 1
        deltas = np.array([(as_int >> (k * bits)) & mask for k in range(3 * count)], dtype=np.int64)
        deltas = _sign_extend(deltas, bits).reshape(count, 3)
        samples.extend(samples[-1] + np.cumsum(deltas, axis=0))
    return np.vstack(samples)


def decode_pmd_accel(payload: bytes, *, fs_hz: float, resolution_bits: int = 16) -> Packet:
    """Decode one PMD accelerometer notification into a ``Packet`` on the device clock (µs)."""
    if len(payload) < _HEADER:
        raise BadPacket(f"truncated: {len(payload)} bytes is shorter than the 10-byte PMD header")
    meas, t_last_ns, frame_type = struct.unpack_from("<BQB", payload)
    if meas != MEAS_ACC:
        raise BadPacket(f"PMD measurement type {meas}, expected accelerometer ({MEAS_ACC})")
    data = bytes(payload[_HEADER:])
    if frame_type & 0x80:
        mg = _decode_delta(data, (resolution_bits + 7) // 8)
    elif frame_type in _RAW_BYTES:
        mg = _decode_raw(data, _RAW_BYTES[frame_type])
    else:
        raise BadPacket(f"unknown PMD accelerometer frame type {frame_type:#x}")
    n = mg.shape[0]
    t_first_us = t_last_ns // 1000 - round((n - 1) * 1e6 / fs_hz)
    return Packet(
        seq=None,
        t_first_us=int(t_first_us),
        fs_hz=float(fs_hz),
        accel_ms2=np.ascontiguousarray(mg.astype(np.float64) * _MG_TO_MS2),
        t_wrap_us=None,
    )
