"""The real BleakClient/BleakScanner, through bleak's ``backend=`` seam, against firmware_sim devices."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from fake_bleak import FakeAir

from firmware_sim import FirmwareDevice, LinkFaults, RepScenario
from sensors import SampleBatch, SensorDisconnected, SensorNotFound
from sensors.ble import BleSource, scan_sensors

SPEED = 25.0


def _device(faults: LinkFaults | None = None, *, reps: int = 3) -> FirmwareDevice:
    scenario = RepScenario("pull_up", reps, seed=4, lead_in_s=1.0, lead_out_s=1.0)
    return FirmwareDevice(scenario, faults=faults, conn_interval_ms=30.0)


def _source(air: FakeAir, target: str = "OpenRep-51M0", **kw: object) -> BleSource:
    options: dict[str, object] = {"watchdog_s": 1.0, "backoff_s": (0.02, 0.1), "scan_timeout_s": 2.0}
    options.update(kw)
    return BleSource(
        target,
        client_backend=air.client_backend,
        scanner_backend=air.scanner_backend,
        **options,  # type: ignore[arg-type]
    )


async def _drain(src: BleSource) -> list[SampleBatch]:
    async with src:
        return [b async for b in src.batches()]


async def test_scan_lists_name_address_rssi_profile() -> None:
    air = FakeAir([_device()])
    found = await scan_sensors(0.2, scanner_backend=air.scanner_backend)
    assert [(s.name, s.address, s.rssi, s.profile) for s in found] == [
        ("OpenRep-51M0", "F0:00:00:00:00:00", -58, "openrep")
    ]


async def test_clean_stream_matches_the_device_truth() -> None:
    device = _device()
    air = FakeAir([device], speed=SPEED)
    try:
        batches = await _drain(_source(air, "F0:00:00:00:00:00"))
    finally:
        await air.close()
    t = np.concatenate([b.t_s for b in batches])
    accel = np.vstack([b.accel_ms2 for b in batches])
    motion = device.motion
    assert motion is not None
    assert accel.shape[0] == len(motion)  # every sample, none twice
    np.testing.assert_allclose(accel, motion.accel_lsb * (9.80665 / motion.lsb_per_g))
    assert np.all(np.diff(t) > 0)
    assert all(b.gyro_rads is not None for b in batches)


async def test_faults_are_counted_and_time_stays_ordered() -> None:
    faults = LinkFaults(loss_p=0.03, duplicate_p=0.05, truncate_p=0.03, seed=11)
    device = _device(faults, reps=4)
    air = FakeAir([device], speed=SPEED)
    src = _source(air)
    try:
        batches = await _drain(src)
    finally:
        await air.close()
    st = src.status
    assert st.duplicates > 0
    assert st.truncated > 0
    assert st.dropped_packets >= st.truncated
    assert sum(b.dropped_packets for b in batches) == st.dropped_packets
    t = np.concatenate([b.t_s for b in batches])
    assert np.all(np.diff(t) > 0)
    motion = device.motion
    assert motion is not None
    assert st.samples < len(motion)  # what was lost is lost, and said so
    assert st.gaps > 0


async def test_link_loss_mid_set_reconnects_and_resumes_without_duplicates() -> None:
    device = _device(LinkFaults(disconnect_at_s=3.0))
    air = FakeAir([device], speed=SPEED)
    air.double_after_reconnect = True  # bleak #2002
    src = _source(air)
    try:
        batches = await _drain(src)
    finally:
        await air.close()
    st = src.status
    assert st.reconnects == 1
    assert st.duplicates > 0  # every doubled callback was caught
    t = np.concatenate([b.t_s for b in batches])
    assert np.all(np.diff(t) > 0)
    gap_batches = [b for b in batches if b.gap_s > 0]
    assert len(gap_batches) == 1
    assert gap_batches[0].dropped_packets >= 1


async def test_silent_link_trips_the_watchdog_and_recovers() -> None:
    device = _device()
    air = FakeAir([device], speed=SPEED)
    src = _source(air, watchdog_s=0.3)
    seen = 0
    try:
        async with src:
            async for b in src.batches():
                seen += len(b)
                if seen > 300 and src.status.reconnects == 0 and not air.mute:
                    air.mute = True  # the link stays up but nothing arrives
    finally:
        await air.close()
    assert src.status.reconnects == 1
    assert src.status.gaps >= 1


async def test_unrecoverable_loss_raises_sensor_disconnected() -> None:
    device = _device()
    air = FakeAir([device], speed=SPEED)
    src = _source(air, max_attempts=2, scan_timeout_s=0.3)

    async def cut_for_good() -> None:
        async for _ in src.batches():
            if device.connected:
                air.reachable = False
                device.disconnect()

    try:
        async with src:
            with pytest.raises(SensorDisconnected, match="2 reconnect attempts failed"):
                await cut_for_good()
    finally:
        await air.close()


async def test_unknown_sensor_is_not_found() -> None:
    air = FakeAir([_device()])
    with pytest.raises(SensorNotFound, match="repcount scan"):
        await _drain(_source(air, "OpenRep-NOPE", scan_timeout_s=0.2))


async def test_a_slow_consumer_overflows_the_bounded_queue_and_is_told() -> None:
    device = _device(reps=4)
    air = FakeAir([device], speed=SPEED)
    src = _source(air, queue_size=4)
    batches: list[SampleBatch] = []
    try:
        async with src:
            async for b in src.batches():
                batches.append(b)
                if len(batches) == 2:
                    await asyncio.sleep(0.4)  # the phone page stalls; the wristband does not wait
    finally:
        await air.close()
    assert src.status.dropped_packets > 0
    assert any(b.dropped_packets > 0 and b.gap_s > 0 for b in batches[2:])
    t = np.concatenate([b.t_s for b in batches])
    assert np.all(np.diff(t) > 0)
