"""OpenRep decoding from literal bytes (synthetic packets, written by hand from the spec table)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sensors_testkit import encode_openrep

from sensors import GRAVITY_MS2, BadPacket, OpenRepConfig, decode_packet
from sensors.wire import (
    decode_config,
    decode_control_response,
    decode_status,
)

# synthetic: v1 accel, n=2, seq=0x0102, t_first_us=1_000_000, samples (0,0,2048) (-2048,1024,0)
ACCEL_2 = b"\x10\x02\x02\x01\x40\x42\x0f\x00\x00\x00\x00\x00\x00\x08\x00\xf8\x00\x04\x00\x00"
# synthetic: v1 accel+gyro, n=1, seq=7, t=0, accel (2048,0,0), gyro (164,0,-164) at 16.4 LSB/dps
GYRO_1 = b"\x11\x01\x07\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00\x00\xa4\x00\x00\x00\x5c\xff"


def test_accel_packet_decodes_exactly() -> None:
    p = decode_packet(ACCEL_2)
    assert (p.seq, p.t_first_us, p.fs_hz, len(p)) == (0x0102, 1_000_000, 100.0, 2)
    np.testing.assert_allclose(p.accel_ms2, [[0, 0, GRAVITY_MS2], [-GRAVITY_MS2, GRAVITY_MS2 / 2, 0]])
    assert p.gyro_rads is None
    assert not p.accel_ms2.flags.writeable


def test_gyro_packet_uses_config_scale() -> None:
    cfg = OpenRepConfig(sample_rate_hz=200, frame_type=1, gyro_lsb_per_dps_x10=164)
    p = decode_packet(GYRO_1, cfg)
    assert p.seq == 7
    assert p.fs_hz == 200.0
    np.testing.assert_allclose(p.accel_ms2, [[GRAVITY_MS2, 0, 0]])
    assert p.gyro_rads is not None
    np.testing.assert_allclose(p.gyro_rads, [[math.radians(10), 0, -math.radians(10)]])


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (ACCEL_2[:19], "truncated: 19 bytes"),
        (ACCEL_2[:5], "truncated: 5 bytes is shorter"),
        (ACCEL_2 + b"\x00", "overlong"),
        (b"\x20" + ACCEL_2[1:], "protocol version 2"),
        (b"\x1f" + ACCEL_2[1:], "reserved frame type 15"),
        (b"\x10\x00" + ACCEL_2[2:8], "zero samples"),
        (GYRO_1, "no gyro scale"),
    ],
)
def test_bad_packets_say_what_is_wrong(payload: bytes, message: str) -> None:
    with pytest.raises(BadPacket, match=message):
        decode_packet(payload)


def test_config_status_and_control_response() -> None:
    # synthetic: 100 Hz, ±16 g, accel, 100 ms, 2048 LSB/g, no gyro
    cfg = decode_config(b"\x64\x00\x10\x00\x64\x00\x00\x08\x00\x00")
    assert cfg == OpenRepConfig()
    assert cfg.to_bytes() == b"\x64\x00\x10\x00\x64\x00"
    # synthetic: streaming, overflow+low battery, 3 dropped, 24×1.25 ms, MTU 247, 81 %
    st_ = decode_status(b"\x01\x05\x03\x00\x18\x00\xf7\x00\x51")
    assert (st_.state, st_.fifo_overflow, st_.clipping, st_.low_battery) == (1, True, False, True)
    assert (st_.dropped_samples_total, st_.conn_interval_ms, st_.att_mtu, st_.battery_pct) == (
        3,
        30.0,
        247,
        81,
    )
    resp = decode_control_response(b"\x80\x03\x00\x10\x27\x00\x00")
    assert resp.ok
    assert resp.opcode == 3
    assert resp.payload == b"\x10\x27\x00\x00"
    with pytest.raises(BadPacket):
        decode_control_response(b"\x01\x03\x00")
    with pytest.raises(BadPacket):
        decode_config(b"\x00" * 10)


@given(st.binary(max_size=80))
def test_random_bytes_decode_or_raise_bad_packet(payload: bytes) -> None:
    try:
        p = decode_packet(payload)
    except BadPacket:
        return
    assert len(payload) == 8 + 6 * len(p)


samples_st = st.lists(st.tuples(*[st.integers(-32768, 32767)] * 3), min_size=1, max_size=39)


@given(st.integers(0, 65535), st.integers(0, (1 << 32) - 1), samples_st)
def test_valid_packets_decode_exactly(seq: int, t_us: int, samples: list[tuple[int, int, int]]) -> None:
    p = decode_packet(encode_openrep(seq, t_us, samples))
    assert (p.seq, p.t_first_us) == (seq, t_us)
    np.testing.assert_array_equal(p.accel_ms2, np.array(samples, dtype=float) * (GRAVITY_MS2 / 2048))
