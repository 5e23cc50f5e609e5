"""Polar PMD accelerometer frames from literal bytes (synthetic, written from the PMD frame layout)."""

import struct
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensors import GRAVITY_MS2, BadPacket, PolarProfile, SensorError, StreamAssembler
from sensors.polar import (
    PMD_CONTROL_UUID,
    PMD_DATA_UUID,
    decode_pmd_accel,
    decode_settings,
    start_accel_command,
)

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


@given(st.binary(max_size=60))
def test_random_bytes_decode_or_raise_bad_packet(payload: bytes) -> None:
    try:
        p = decode_pmd_accel(payload, fs_hz=52)
    except BadPacket:
        return
    assert len(p) >= 1
    assert np.all(np.isfinite(p.accel_ms2))


@given(
    st.integers(0, 1 << 62), st.lists(st.tuples(*[st.integers(-32768, 32767)] * 3), min_size=1, max_size=30)
)
def test_raw_frames_decode_exactly(t_ns: int, samples: list[tuple[int, int, int]]) -> None:
    payload = (
        bytes([2]) + struct.pack("<Q", t_ns) + b"\x01" + b"".join(struct.pack("<3h", *s) for s in samples)
    )
    p = decode_pmd_accel(payload, fs_hz=100)
    np.testing.assert_array_equal(p.accel_ms2, np.array(samples, dtype=float) * MG)
    assert p.t_first_us == t_ns // 1000 - round((len(samples) - 1) * 1e4)


class PolarLink:
    """A synthetic Polar sensor behind the ``GattLink`` protocol: answers the PMD start command."""

    def __init__(self, *, refuse: bool = False) -> None:
        self.subs: dict[str, Callable[[bytes], None]] = {}
        self.writes: list[bytes] = []
        self.refuse = refuse

    async def read(self, uuid: str) -> bytes:
        return b"\x57"  # battery 87 %

    async def write(self, uuid: str, data: bytes, *, response: bool = True) -> None:
        self.writes.append(data)
        error = 5 if self.refuse and data[0] == 2 else 0
        # synthetic H10-like settings: rates 25/50/100/200 Hz, 16 bit, ranges 2/4/8 g
        offered = b"\x00\x04\x19\x00\x32\x00\x64\x00\xc8\x00\x01\x01\x10\x00\x02\x03\x02\x00\x04\x00\x08\x00"
        body = offered if data[0] == 1 else b""
        self.subs[PMD_CONTROL_UUID](bytes([0xF0, data[0], data[1], error, 0]) + body)

    async def subscribe(self, uuid: str, callback: Callable[[bytes], None]) -> None:
        self.subs[uuid] = callback

    def has(self, uuid: str) -> bool:
        return True


async def test_polar_profile_starts_and_streams_through_the_assembler() -> None:
    link = PolarLink()
    profile = PolarProfile()  # asks for 52 Hz; this sensor offers 50
    got: list[bytes] = []
    await profile.start(link, got.append, lambda: None)
    assert link.writes == [b"\x01\x02", start_accel_command(fs_hz=50, range_g=8)]
    assert profile.fs_hz == 50
    assert profile.battery_pct == 87
    asm = StreamAssembler(profile.decode)
    # synthetic frames of 2 samples at 50 Hz, the stamp being the last sample's: 20 ms, 60 ms,
    # 60 ms again (a duplicate), then 140 ms (one frame missing)
    for k, last_ms in enumerate([20, 60, 60, 140]):
        frame = b"\x02" + struct.pack("<Q", last_ms * 1_000_000) + b"\x01" + b"\x00\x00\x00\x00\xe8\x03" * 2
        link.subs[PMD_DATA_UUID](frame)
        asm.feed(got[-1], 1.0 + k * 0.04)
    assert asm.counts.duplicates == 1
    assert asm.counts.lost_packets == 1
    assert asm.counts.gap_s == pytest.approx(0.04)


async def test_polar_refusal_is_a_sensor_error() -> None:
    with pytest.raises(SensorError, match="refused"):
        await PolarProfile().start(PolarLink(refuse=True), lambda _b: None, lambda: None)


def test_settings_records_and_a_cut_off_one() -> None:
    # synthetic: rates 52/104, channels 3, then a range record cut short
    data = b"\x00\x02\x34\x00\x68\x00" + b"\x04\x01\x03" + b"\x02\x02\x08\x00"
    assert decode_settings(data) == {0: [52, 104], 4: [3]}
