"""The firmware's encoder against the byte tables of specs/openrep-imu.md (literal bytes)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from firmware_sim import packets as pk
from firmware_sim import uuids


def test_uuids_follow_the_profile_base() -> None:
    assert uuids.SERVICE_UUID == "adfa0001-bf19-4177-a98e-ce80139097dd"
    assert uuids.IMU_DATA_UUID == "adfa0002-bf19-4177-a98e-ce80139097dd"
    assert uuids.CONFIG_UUID == "adfa0003-bf19-4177-a98e-ce80139097dd"
    assert uuids.CONTROL_POINT_UUID == "adfa0004-bf19-4177-a98e-ce80139097dd"
    assert uuids.STATUS_UUID == "adfa0005-bf19-4177-a98e-ce80139097dd"
    assert uuids.BATTERY_LEVEL_UUID == "00002a19-0000-1000-8000-00805f9b34fb"


def test_accel_packet_bytes() -> None:
    rows = np.array([[1, -1, 256], [-32768, 32767, 0]], dtype=np.int16)
    data = pk.encode_imu_packet(0, 0x0102, 0x0A0B0C0D, rows)
    assert data == (
        b"\x10\x02\x02\x01\x0d\x0c\x0b\x0a"  # ver 1 / frame 0, n = 2, seq, t_first_us (LE)
        b"\x01\x00\xff\xff\x00\x01"
        b"\x00\x80\xff\x7f\x00\x00"
    )
    assert len(data) == 20  # the spec's "20 B = 8 + 2×6" at MTU 23


def test_accel_gyro_packet_bytes() -> None:
    rows = np.array([[1, 2, 3, -4, -5, -6]], dtype=np.int16)
    data = pk.encode_imu_packet(1, 7, 1_000_000, rows)
    assert data == b"\x11\x01\x07\x00\x40\x42\x0f\x00" + b"\x01\x00\x02\x00\x03\x00\xfc\xff\xfb\xff\xfa\xff"


def test_seq_and_timestamp_wrap_in_the_header() -> None:
    rows = np.zeros((1, 3), dtype=np.int16)
    assert pk.encode_imu_packet(0, 65536, 2**32 + 5, rows)[2:8] == b"\x00\x00\x05\x00\x00\x00"
    assert pk.encode_imu_packet(0, 65535, 2**32 - 1, rows)[2:8] == b"\xff\xff\xff\xff\xff\xff"


@pytest.mark.parametrize(
    ("mtu", "frame", "expected"),
    [(23, 0, 2), (23, 1, 1), (247, 0, 39), (247, 1, 19), (517, 0, 84)],
)
def test_samples_per_notification(mtu: int, frame: int, expected: int) -> None:
    n = pk.max_samples(mtu, frame)
    assert n == expected
    assert 8 + n * pk.SAMPLE_BYTES[frame] <= mtu - 3


def test_packet_rejects_wrong_shapes() -> None:
    with pytest.raises(ValueError, match="frame 1 needs"):
        pk.encode_imu_packet(1, 0, 0, np.zeros((2, 3), dtype=np.int16))
    with pytest.raises(ValueError, match="frame 0 needs"):
        pk.encode_imu_packet(0, 0, 0, np.zeros((0, 3), dtype=np.int16))


def test_config_bytes_default_and_echo() -> None:
    assert pk.DeviceConfig().encode() == b"\x64\x00\x10\x01\x64\x00\x00\x08\xa4\x00"
    cfg = pk.DeviceConfig(
        sample_rate_hz=400, range_g=2, frame_type=0, max_latency_ms=0, gyro_lsb_per_dps_x10=0
    )
    assert cfg.encode() == b"\x90\x01\x02\x00\x00\x00\x00\x40\x00\x00"
    assert pk.decode_config_write(b"\xc8\x00\x08\x00\x32\x00") == (200, 8, 0, 50)
    assert pk.decode_config_write(cfg.encode()) == (400, 2, 0, 0)
    with pytest.raises(ValueError, match="6 bytes"):
        pk.decode_config_write(b"\x64\x00")


def test_status_and_control_point_bytes() -> None:
    status = pk.encode_status(1, pk.FLAG_FIFO_OVERFLOW | pk.FLAG_LOW_BATTERY, 70000, 24, 247, 87)
    assert status == b"\x01\x05\xff\xff\x18\x00\xf7\x00\x57"
    assert len(status) == 9
    assert pk.encode_cp_response(pk.OP_START, pk.CP_OK) == b"\x80\x01\x00"
    assert pk.encode_cp_response(0x09, pk.CP_UNSUPPORTED) == b"\x80\x09\x01"
    sync = pk.encode_cp_response(pk.OP_TIME_SYNC, pk.CP_OK, pk.encode_time_sync_payload(0x12345678))
    assert sync == b"\x80\x03\x00\x78\x56\x34\x12"


@settings(max_examples=60, deadline=None)
@given(
    frame=st.sampled_from([0, 1]),
    seq=st.integers(0, 2**20),
    t_us=st.integers(0, 2**40),
    data=st.data(),
)
def test_any_packet_follows_the_table(frame: int, seq: int, t_us: int, data: st.DataObject) -> None:
    width = 3 if frame == 0 else 6
    n = data.draw(st.integers(1, 40))
    rows = data.draw(arrays(np.int16, (n, width)))
    packet = pk.encode_imu_packet(frame, seq, t_us, rows)
    assert len(packet) == 8 + n * width * 2
    assert packet[0] == 0x10 | frame
    assert packet[1] == n
    assert int.from_bytes(packet[2:4], "little") == seq % 65536
    assert int.from_bytes(packet[4:8], "little") == t_us % 2**32
    for i in range(n):
        for j in range(width):
            off = 8 + 2 * (i * width + j)
            assert int.from_bytes(packet[off : off + 2], "little", signed=True) == rows[i, j]
