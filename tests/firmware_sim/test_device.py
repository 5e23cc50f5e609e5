"""The emulated OpenRep device: GATT surface, packet stream, timing, status and injected faults."""

import asyncio
import itertools
import struct

import numpy as np
import pytest

from firmware_sim import (
    AttError,
    DeviceDisconnected,
    FirmwareDevice,
    LinkFaults,
    RepScenario,
    simulate,
    uuids,
)
from firmware_sim import packets as pk

START, STOP, SYNC = bytes([pk.OP_START]), bytes([pk.OP_STOP]), bytes([pk.OP_TIME_SYNC])
SCEN = RepScenario("bench_press", 3, "bar", seed=7)


def parse(data: bytes) -> tuple[int, int, int, int, np.ndarray]:
    """Test-side reading of a packet, straight from the spec table (synthetic packets)."""
    ver_type, n, seq, t_us = struct.unpack_from("<BBHI", data)
    width = 3 if ver_type & 0x0F == 0 else 6
    rows = np.frombuffer(data, dtype="<i2", offset=8).reshape(-1, width)
    assert ver_type >> 4 == 1
    assert rows.shape[0] == n
    return ver_type & 0x0F, n, seq, t_us, rows


class Host:
    """A minimal central: records every notification with the device time it arrived."""

    def __init__(self, dev: FirmwareDevice) -> None:
        self.dev = dev
        self.packets: list[tuple[float, bytes]] = []
        self.cp: list[bytes] = []
        self.status: list[bytes] = []
        self.subscribe()

    def subscribe(self) -> None:
        self.dev.start_notify(uuids.IMU_DATA_UUID, lambda u, b: self.packets.append((self.dev.now_s, b)))
        self.dev.start_notify(uuids.CONTROL_POINT_UUID, lambda u, b: self.cp.append(b))
        self.dev.start_notify(uuids.STATUS_UUID, lambda u, b: self.status.append(b))

    def start(self) -> None:
        self.dev.write_char(uuids.CONTROL_POINT_UUID, START)

    def seqs(self) -> list[int]:
        return [struct.unpack_from("<H", b, 2)[0] for _, b in self.packets]


def test_never_streams_on_subscription_alone() -> None:
    dev = FirmwareDevice(SCEN)
    host = Host(dev)
    dev.advance(3.0)
    assert host.packets == []
    assert dev.read_char(uuids.STATUS_UUID)[0] == pk.STATE_IDLE


def test_start_streams_every_sample_in_order_with_device_timestamps() -> None:
    dev = FirmwareDevice(SCEN)
    host = Host(dev)
    host.start()
    assert host.cp == [b"\x80\x01\x00"]
    assert host.status[-1][0] == pk.STATE_STREAMING
    dev.advance(5.0)
    parsed = [parse(b) for _, b in host.packets]
    assert [p[2] for p in parsed] == list(range(len(parsed)))
    assert all(len(b) == 8 + p[1] * 12 for (_, b), p in zip(host.packets, parsed, strict=True))
    rows = np.concatenate([p[4] for p in parsed])
    rec = dev.motion
    assert rec is not None
    np.testing.assert_array_equal(rows, rec.as_samples_int16(1)[: rows.shape[0]])
    assert rows.shape[0] >= 5.0 * 100 - 20  # all but the last unflushed packet
    starts = np.cumsum([0] + [p[1] for p in parsed[:-1]])
    t_us = np.array([p[3] for p in parsed])
    np.testing.assert_allclose(t_us - t_us[0], starts * 1e6 / 100, atol=1)


def test_latency_deadline_sets_the_packet_size() -> None:
    dev = FirmwareDevice(SCEN)
    host = Host(dev)
    host.start()
    dev.advance(2.0)
    assert {parse(b)[1] for _, b in host.packets} == {10}  # 100 ms at 100 Hz: 128-byte packets
    dev.write_char(uuids.CONTROL_POINT_UUID, STOP)
    dev.advance(0.1)  # what was queued before STOP drains
    dev.write_char(uuids.CONFIG_UUID, struct.pack("<HBBH", 100, 16, 0, 0))  # accel only, fill the MTU
    host.packets.clear()
    host.start()
    dev.advance(3.0)
    sizes = [len(b) for _, b in host.packets]
    assert set(sizes) == {8 + 39 * 6} == {242}


def test_small_mtu_gives_two_samples_per_20_byte_packet() -> None:
    dev = FirmwareDevice(SCEN, att_mtu=23)
    dev.write_char(uuids.CONFIG_UUID, struct.pack("<HBBH", 100, 16, 0, 100))
    host = Host(dev)
    host.start()
    dev.advance(1.0)
    assert {len(b) for _, b in host.packets} == {20}


def test_packets_leave_in_bursts_at_connection_events() -> None:
    dev = FirmwareDevice(SCEN, att_mtu=23, conn_interval_ms=50.0, pdus_per_event=4)
    dev.write_char(uuids.CONFIG_UUID, struct.pack("<HBBH", 100, 16, 0, 0))
    host = Host(dev)
    host.start()
    dev.advance(2.0)
    times = np.array([t for t, _ in host.packets])
    ticks = times / 0.05
    np.testing.assert_allclose(ticks, np.round(ticks), atol=1e-6)
    _, per_event = np.unique(np.round(ticks), return_counts=True)
    assert per_event.max() == 3  # 50 packets/s at 20 per second of events: bursts of 2-3, never more than 4
    assert per_event.min() >= 2


def test_sequence_wraps_at_65536() -> None:
    rec = simulate(RepScenario("deadlift", 1, "bar", seed=1, lead_in_s=1.0, lead_out_s=1.0), fs_hz=400)
    dev = FirmwareDevice(rec, att_mtu=23, conn_interval_ms=7.5, pdus_per_event=6, loop=True)
    seen: list[int] = []
    dev.start_notify(uuids.IMU_DATA_UUID, lambda u, b: seen.append(struct.unpack_from("<H", b, 2)[0]))
    dev.write_char(uuids.CONTROL_POINT_UUID, START)  # frame 1 at MTU 23: one sample, one packet
    dev.advance(65600 / 400 + 0.5)
    assert len(seen) > 65536
    assert seen[65535] == 65535
    assert seen[65536] == 0
    assert np.all(np.diff(seen) % 65536 == 1)
    assert dev.dropped_samples_total == 0


def test_timestamps_wrap_and_time_sync_reports_the_drifting_clock() -> None:
    dev = FirmwareDevice(SCEN, boot_us=2**32 - 300_000, clock_drift_ppm=100.0)
    host = Host(dev)
    host.start()
    dev.advance(1.0)
    t_us = [parse(b)[3] for _, b in host.packets]
    assert t_us[0] > 2**32 - 400_000
    assert t_us[-1] < 1_000_000
    assert np.all(np.diff(t_us) % 2**32 == 100_000)
    dev.advance(99.0)
    dev.write_char(uuids.CONTROL_POINT_UUID, SYNC)
    op, status, payload = host.cp[-1][1], host.cp[-1][2], host.cp[-1][3:]
    assert (op, status) == (pk.OP_TIME_SYNC, pk.CP_OK)
    (t_sync,) = struct.unpack("<I", payload)
    assert t_sync == (2**32 - 300_000 + round(100.0 * (1 + 100e-6) * 1e6)) % 2**32


def test_stop_flushes_then_goes_quiet() -> None:
    dev = FirmwareDevice(SCEN)
    host = Host(dev)
    host.start()
    dev.advance(1.05)
    dev.write_char(uuids.CONTROL_POINT_UUID, STOP)
    assert host.cp[-1] == b"\x80\x02\x00"
    dev.advance(0.2)
    n = len(host.packets)
    total = sum(parse(b)[1] for _, b in host.packets)
    assert total == 106  # samples at 0.00 .. 1.05 s, the last partial packet flushed by STOP
    dev.advance(2.0)
    assert len(host.packets) == n
    assert dev.read_char(uuids.STATUS_UUID)[0] == pk.STATE_IDLE


def test_config_echoes_supported_values_and_refuses_bad_writes() -> None:
    dev = FirmwareDevice(SCEN)
    dev.write_char(uuids.CONFIG_UUID, struct.pack("<HBBH", 150, 12, 1, 50))
    rate, rng, frame, latency, lsb, gyro = struct.unpack("<HBBHHH", dev.read_char(uuids.CONFIG_UUID))
    assert (rate in (100, 200), rng in (8, 16), frame, latency) == (True, True, 1, 50)
    assert lsb == 32768 // rng
    assert gyro == 164
    with pytest.raises(AttError, match="0x0D"):
        dev.write_char(uuids.CONFIG_UUID, b"\x64")
    dev.write_char(uuids.CONTROL_POINT_UUID, START)
    with pytest.raises(AttError, match="STOP"):
        dev.write_char(uuids.CONFIG_UUID, struct.pack("<HBBH", 50, 16, 1, 50))
    with pytest.raises(AttError):
        dev.write_char(uuids.STATUS_UUID, b"\x00")


def test_a_scenario_is_simulated_at_the_configured_rate() -> None:
    dev = FirmwareDevice(SCEN)
    dev.write_char(uuids.CONFIG_UUID, struct.pack("<HBBH", 200, 8, 0, 100))
    host = Host(dev)
    host.start()
    dev.advance(1.0)
    assert dev.motion is not None
    assert dev.motion.fs_hz == 200
    assert dev.motion.range_g == 8
    assert {parse(b)[1] for _, b in host.packets} == {20}


def test_control_point_errors_and_identify() -> None:
    dev = FirmwareDevice(SCEN)
    host = Host(dev)
    dev.write_char(uuids.CONTROL_POINT_UUID, b"\x09")
    dev.write_char(uuids.CONTROL_POINT_UUID, b"")
    dev.write_char(uuids.CONTROL_POINT_UUID, b"\x04")
    assert host.cp == [b"\x80\x09\x01", b"\x80\x00\x02", b"\x80\x04\x00"]
    assert dev.identify_count == 1


def test_device_information_and_battery() -> None:
    dev = FirmwareDevice(SCEN, battery_pct=16.0, battery_drain_pct_per_h=3600.0)
    assert dev.read_char(uuids.MANUFACTURER_NAME_UUID) == b"repcount"
    assert dev.read_char(uuids.FIRMWARE_REVISION_UUID).startswith(b"1.")
    assert dev.read_char(uuids.BATTERY_LEVEL_UUID) == bytes([16])
    dev.advance(3.0)
    assert dev.read_char(uuids.BATTERY_LEVEL_UUID) == bytes([13])
    status = dev.read_char(uuids.STATUS_UUID)
    assert status[1] & pk.FLAG_LOW_BATTERY
    assert status[8] == 13
    assert struct.unpack_from("<HH", status, 4) == (24, 247)


def test_battery_notifies_when_its_level_changes() -> None:
    dev = FirmwareDevice(SCEN, battery_pct=50.0, battery_drain_pct_per_h=3600.0)
    levels: list[bytes] = []
    dev.start_notify(uuids.BATTERY_LEVEL_UUID, lambda u, b: levels.append(b))
    dev.advance(2.5)
    assert levels == [bytes([49]), bytes([48]), bytes([47])]  # 1 %/s: floor(50 - t)


def test_gatt_table_covers_every_readable_and_writable_characteristic() -> None:
    dev = FirmwareDevice(SCEN)
    for _service, char, props in uuids.GATT_TABLE:
        if "read" in props:
            assert dev.read_char(char)
        else:
            with pytest.raises(AttError):
                dev.read_char(char)
        if "notify" in props or "indicate" in props:
            dev.start_notify(char, lambda u, b: None)
    assert uuids.ADVERTISED_SERVICE_UUIDS == (uuids.SERVICE_UUID,)


def test_fifo_overflow_is_counted_in_status() -> None:
    dev = FirmwareDevice(SCEN, att_mtu=23, conn_interval_ms=100.0, pdus_per_event=1, fifo_packets=8)
    dev.write_char(uuids.CONFIG_UUID, struct.pack("<HBBH", 100, 16, 1, 0))
    host = Host(dev)
    host.start()
    dev.advance(2.0)
    status = dev.read_char(uuids.STATUS_UUID)
    dropped = struct.unpack_from("<H", status, 2)[0]
    assert status[1] & pk.FLAG_FIFO_OVERFLOW
    assert dropped == dev.dropped_samples_total > 100
    assert not dev.read_char(uuids.STATUS_UUID)[1] & pk.FLAG_FIFO_OVERFLOW  # cleared by the read
    got = sum(parse(b)[1] for _, b in host.packets)
    assert got + dropped + len(dev.fifo) == 201  # nothing vanishes unaccounted


def _stream(faults: LinkFaults, seconds: float = 20.0) -> Host:
    dev = FirmwareDevice(SCEN, faults=faults)
    host = Host(dev)
    host.start()
    dev.advance(seconds)
    return host


def test_injected_loss_leaves_sequence_gaps() -> None:
    host = _stream(LinkFaults(loss_p=0.2, seed=1))
    seqs = host.seqs()
    lost = sum((b - a) % 65536 - 1 for a, b in itertools.pairwise(seqs))
    assert 0.1 < lost / (lost + len(seqs)) < 0.3


def test_injected_duplicates_repeat_a_sequence_number() -> None:
    seqs = _stream(LinkFaults(duplicate_p=0.2, seed=2)).seqs()
    assert 0 < len(seqs) - len(set(seqs)) < len(seqs) * 0.35
    assert sorted(set(seqs)) == list(range(len(set(seqs))))


def test_injected_truncation_breaks_the_length_rule() -> None:
    host = _stream(LinkFaults(truncate_p=0.2, seed=3))
    bad = 0
    for _, b in host.packets:
        n = b[1] if len(b) > 1 else 0
        if len(b) != 8 + n * 12:
            bad += 1
    assert 0.1 < bad / len(host.packets) < 0.3


def test_injected_reordering_swaps_neighbours() -> None:
    dev = FirmwareDevice(SCEN, conn_interval_ms=200.0, faults=LinkFaults(reorder_p=0.3, seed=4))
    host = Host(dev)
    host.start()
    dev.advance(10.0)
    seqs = host.seqs()
    assert sorted(seqs) == list(range(len(seqs)))
    assert seqs != sorted(seqs)


def test_same_fault_seed_same_bytes() -> None:
    f = LinkFaults(loss_p=0.1, duplicate_p=0.1, truncate_p=0.1, reorder_p=0.1, seed=5)
    a = [b for _, b in _stream(f, 5.0).packets]
    b = [b for _, b in _stream(f, 5.0).packets]
    assert a == b


def test_disconnect_is_observable_and_start_resets_seq_after_reconnect() -> None:
    dev = FirmwareDevice(SCEN, faults=LinkFaults(disconnect_at_s=2.0))
    events: list[float] = []
    dev.on_disconnect(lambda: events.append(dev.now_s))
    host = Host(dev)
    host.start()
    dev.advance(4.0)
    assert events == [2.0]
    assert not dev.connected
    assert max(t for t, _ in host.packets) <= 2.0
    with pytest.raises(DeviceDisconnected, match="reconnect"):
        dev.read_char(uuids.STATUS_UUID)
    before = len(host.packets)
    dev.reconnect()
    dev.advance(1.0)
    assert len(host.packets) == before  # subscriptions are gone and nothing streams
    host.subscribe()
    dev.advance(1.0)
    assert len(host.packets) == before  # still waiting for START
    host.start()
    dev.advance(1.0)
    new = host.packets[before:]
    assert struct.unpack_from("<H", new[0][1], 2)[0] == 0
    t_new = parse(new[0][1])[3]
    assert t_new >= 6.0e6  # the motion kept running while the link was down


def test_invalid_link_faults_are_refused() -> None:
    with pytest.raises(ValueError, match="loss_p"):
        LinkFaults(loss_p=1.5)
    with pytest.raises(ValueError, match="disconnect_at_s"):
        LinkFaults(disconnect_at_s=-1.0)


async def test_async_run_follows_a_sped_up_clock() -> None:
    dev = FirmwareDevice(RepScenario("squat", 1, "bar", seed=2, lead_in_s=1.0, lead_out_s=1.0))
    host = Host(dev)
    host.start()
    await asyncio.wait_for(dev.run(speed=200.0), timeout=30)
    assert dev.finished
    total = sum(parse(b)[1] for _, b in host.packets)
    assert dev.motion is not None
    assert total == len(dev.motion)


def test_packet_fifo_counts_what_it_drops() -> None:
    from firmware_sim.fifo import PacketFifo

    fifo = PacketFifo(capacity=2)
    for i in range(4):
        fifo.begin(t_first_us=i * 10_000, first_dev_s=i * 0.01)
        fifo.append(np.zeros((3, 3), np.int16))
        fifo.close(frame_type=0)
    assert len(fifo) == 2
    assert fifo.dropped_samples == 6
    assert fifo.overflowed
    assert [parse(b)[2] for b in fifo.pop_burst(5)] == [2, 3]
    fifo.begin(0, 0.0)
    fifo.append(np.zeros((2, 3), np.int16))
    fifo.discard()
    assert fifo.dropped_samples == 8
    assert fifo.empty
    fifo.restart()
    assert fifo.seq == 0
