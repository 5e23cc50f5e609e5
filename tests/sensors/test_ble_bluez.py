"""bleak's real BlueZ backend against BlueZoo: the simulator as a GATT peripheral on a second adapter.

A private ``dbus-daemon`` stands in for the system bus, BlueZoo serves ``org.bluez`` on it with
two virtual adapters, ``sensors.peripheral`` registers the emulated sensor on hci1 (the same code
that runs against the real bluetoothd on a Raspberry Pi), and ``BleSource`` connects from hci0.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from sensors_testkit import PERIPHERAL, disconnect_from_the_central_side, forget_device

from cli.main import main
from firmware_sim import FirmwareDevice, RepScenario
from sensors import SampleBatch, SensorDisconnected, read_recording
from sensors.ble import BleSource, scan_sensors
from sensors.peripheral import OpenRepPeripheral

pytestmark = pytest.mark.bluez


def _device(reps: int = 3) -> FirmwareDevice:
    return FirmwareDevice(RepScenario("pull_up", reps, seed=5, lead_in_s=1.0, lead_out_s=1.0))


async def test_scan_sees_the_peripheral(bluez_bus: Path) -> None:
    async with OpenRepPeripheral(_device(), adapter="hci1"):
        found = await scan_sensors(2.5, adapter="hci0")
    assert [(s.name, s.address, s.profile) for s in found] == [("OpenRep-51M0", PERIPHERAL, "openrep")]


@pytest.mark.slow
async def test_streams_100_hz_without_gaps(bluez_bus: Path) -> None:
    device = _device()
    batches: list[SampleBatch] = []
    async with OpenRepPeripheral(device, adapter="hci1"):
        src = BleSource(device.name, adapter="hci0", scan_timeout_s=5.0, max_attempts=1)
        async with src:
            async for batch in src.batches():
                batches.append(batch)
                if src.status.samples >= 300:
                    break
        status = src.status
    assert status.gaps == 0
    assert status.dropped_packets == 0
    assert status.duplicates == 0
    assert status.rate_hz == pytest.approx(100.0, rel=0.05)
    t = np.concatenate([b.t_s for b in batches])
    # device time, not burst arrival: the clock mapping only bends the spacing by its slew rate
    np.testing.assert_allclose(np.diff(t), 0.01, atol=1e-3)
    accel = np.vstack([b.accel_ms2 for b in batches])
    motion = device.motion
    assert motion is not None
    # byte for byte: what BlueZ delivered is a run of the device's own samples (the first
    # samples may have been taken before the stream was subscribed)
    lsb = np.rint(accel * motion.lsb_per_g / 9.80665).astype(np.int16)
    start = int(np.flatnonzero(np.all(motion.accel_lsb == lsb[0], axis=1))[0])
    np.testing.assert_array_equal(lsb, motion.accel_lsb[start : start + len(lsb)])


@pytest.mark.slow
async def test_forced_disconnect_is_seen_by_the_client(bluez_bus: Path) -> None:
    # BlueZoo 1.0.2 cannot connect a device a second time (see docs/sensors.md), so the
    # reconnect attempts fail and the loss must surface as SensorDisconnected; against a
    # real BlueZ the same code reconnects and resumes (the fake-backend tests cover that).
    device = _device(reps=6)
    async with OpenRepPeripheral(device, adapter="hci1"):
        src = BleSource(
            device.name,
            adapter="hci0",
            watchdog_s=30.0,  # long: the disconnect must be seen from BlueZ, not guessed from silence
            scan_timeout_s=1.0,
            connect_timeout_s=1.5,
            max_attempts=1,
            backoff_s=(0.1, 0.1),
        )
        dropped_at = seen_at = 0.0
        async with src:
            try:
                async for _ in src.batches():
                    if src.status.samples >= 200 and not dropped_at:
                        await disconnect_from_the_central_side(PERIPHERAL)
                        dropped_at = time.monotonic()
            except SensorDisconnected:
                seen_at = time.monotonic()
    assert dropped_at > 0
    assert seen_at > dropped_at
    assert seen_at - dropped_at < 10.0  # well before the 30 s watchdog


@pytest.mark.slow
def test_peripheral_command_then_scan_and_record_commands(
    bluez_bus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the Raspberry Pi demo path: `python -m sensors.peripheral` in one process, the CLI in another
    peripheral = subprocess.Popen(
        [sys.executable, "-m", "sensors.peripheral", "--adapter", "hci1", "--speed", "1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert peripheral.stdout is not None
        assert "advertising OpenRep-" in peripheral.stdout.readline()
        assert main(["scan", "--seconds", "2", "--adapter", "hci0"]) == 0
        assert PERIPHERAL in capsys.readouterr().out
        asyncio.run(forget_device(PERIPHERAL))  # BlueZoo only: see forget_device
        out = tmp_path / "ble.csv"
        argv = ["record", "--sensor", PERIPHERAL, "--adapter", "hci0", "--seconds", "1.5", "--out", str(out)]
        assert main(argv) == 0
    finally:
        peripheral.send_signal(signal.SIGINT)
        try:  # Ctrl+C stops it; generous on a loaded machine, and never leaked into later tests
            peripheral.wait(timeout=30)
        except subprocess.TimeoutExpired:
            peripheral.kill()
            peripheral.wait()
            pytest.fail("the peripheral did not stop within 30 s of SIGINT (Ctrl+C)")
        finally:
            if peripheral.stdout is not None:
                peripheral.stdout.close()
    rec = read_recording(out)
    assert rec.t_s[-1] >= 1.5
    assert rec.gyro_rads is not None
    assert rec.meta["gaps"] == 0
    np.testing.assert_allclose(np.diff(rec.t_s), 0.01, atol=1e-3)
