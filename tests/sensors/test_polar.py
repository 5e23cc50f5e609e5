"""Polar PMD accelerometer frames from literal bytes (synthetic, written from the PMD frame layout)."""

import numpy as np
import pytest

from sensors import GRAVITY_MS2, BadPacket
from sensors.polar import decode_pmd_accel, start_accel_command

MG = GRAVITY_MS2 / 1000
TS_1S = b"\x00\xca\x9a\x3b\x00\x00\x00\x00"  # 1_000_000_000 ns, timestamp of the last sample
# synthetic: ACC, raw int16 frame, (0,0,1000) (1000,-1000,0) mG
RAW16 = b"\x02" + TS_1S + b"\x01" + b"\x00\x00\x00\x00\xe8\x03" + b"\xe8\x03\x18\xfc\x00\x00"
# synthetic: ACC, delta frame, ref (0,0,1000), one block of 4-bit deltas (1,-1,2) (-2,0,7)
DELTA = b"\x02" + TS_1S + b"\x80" + b"\x00\x00\x00\x00\xe8\x03" + b"\x04\x02" + b"\xf1\xe2\x70"


def test_raw_frame() -> None:
    p = decode_pmd_accel(RAW16, fs_hz=50)
    assert p.seq is None
    assert p.t_wrap_us is None
    assert p.t_first_us == 1_000_000 - 20_000  # the stamp is the last sample's
    np.testing.assert_allclose(p.accel_ms2, np.array([[0, 0, 1000], [1000, -1000, 0]]) * MG)


def test_delta_frame() -> None:
    p = decode_pmd_accel(DELTA, fs_hz=52)
    np.testing.assert_allclose(p.accel_ms2, np.array([[0, 0, 1000], [1, -1, 1002], [-1, -1, 1009]]) * MG)
    assert p.t_first_us == 1_000_000 - round(2 * 1e6 / 52)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (RAW16[:9], "shorter than the 10-byte"),
        (RAW16[:-1], "truncated"),
        (DELTA[:-1], "truncated"),
        (DELTA[:-4], "truncated"),
        (b"\x01" + RAW16[1:], "measurement type 1"),
        (RAW16[:9] + b"\x05" + RAW16[10:], "frame type 0x5"),
    ],
)
def test_bad_frames(payload: bytes, message: str) -> None:
    with pytest.raises(BadPacket, match=message):
        decode_pmd_accel(payload, fs_hz=52)


def test_start_command_bytes() -> None:
    # H10's documented start: 200 Hz, 16 bit, ±8 g
    assert start_accel_command(fs_hz=200, range_g=8).hex() == "02020001c80001011000020108 00".replace(" ", "")
