"""One contract for every ``SensorSource``: simulated BLE, the simulator, replay, and real hardware.

Every kind is held to the same assertions (STYLE §19): ``batches()`` only inside ``async with``,
timestamps strictly increasing across batches, a clean close (also when the consumer stops
early), and a lost link either recovered or raised as ``SensorDisconnected``.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from fake_bleak import FakeAir
from sensors_testkit import PERIPHERAL, disconnect_from_the_central_side

from firmware_sim import FirmwareDevice, RepScenario, simulate
from sensors import MonitoredSource, Recording, SensorDisconnected, open_source, write_recording
from sensors.peripheral import OpenRepPeripheral

SCENARIO = RepScenario("barbell_row", 3, seed=2, lead_in_s=1.0, lead_out_s=1.0)


@dataclass
class Rig:
    source: MonitoredSource
    cut_link: Callable[[], object] | None  # drop the link once, mid-stream (None: no link to drop)


def _sim_rig() -> AbstractAsyncContextManager[Rig]:
    @asynccontextmanager
    async def rig() -> AsyncIterator[Rig]:
        src = open_source("sim", scenario=SCENARIO, speed=0, reconnect_after_s=0.5)
        yield Rig(src, src.device.disconnect)  # type: ignore[attr-defined]

    return rig()


def _replay_rig(tmp_path: Path) -> AbstractAsyncContextManager[Rig]:
    sim = simulate(SCENARIO)
    path = write_recording(
        tmp_path / "sim.csv",
        Recording(t_s=sim.t_s, accel_ms2=sim.accel_ms2, gyro_rads=sim.gyro_rads, meta=sim.sidecar()),
    )

    @asynccontextmanager
    async def rig() -> AsyncIterator[Rig]:
        yield Rig(open_source("replay", path=path, speed=0), None)

    return rig()


def _ble_fake_rig() -> AbstractAsyncContextManager[Rig]:
    @asynccontextmanager
    async def rig() -> AsyncIterator[Rig]:
        device = FirmwareDevice(SCENARIO)
        air = FakeAir([device], speed=25.0)
        src = open_source(
            "ble",
            address=device.name,
            client_backend=air.client_backend,
            scanner_backend=air.scanner_backend,
            backoff_s=(0.02, 0.1),
            scan_timeout_s=2.0,
        )
        try:
            yield Rig(src, device.disconnect)
        finally:
            await air.close()

    return rig()


def _ble_bluez_rig() -> AbstractAsyncContextManager[Rig]:
    @asynccontextmanager
    async def rig() -> AsyncIterator[Rig]:
        device = FirmwareDevice(SCENARIO)
        async with OpenRepPeripheral(device, adapter="hci1", speed=2.0):
            src = open_source(
                "ble",
                address=device.name,
                adapter="hci0",
                scan_timeout_s=5.0,
                connect_timeout_s=1.5,
                max_attempts=1,
                backoff_s=(0.1, 0.1),
            )
            yield Rig(src, lambda: disconnect_from_the_central_side(PERIPHERAL))

    return rig()


def _ble_hardware_rig(address: str) -> AbstractAsyncContextManager[Rig]:
    @asynccontextmanager
    async def rig() -> AsyncIterator[Rig]:
        yield Rig(open_source("ble", address=address), None)

    return rig()


RigFactory = Callable[[], AbstractAsyncContextManager[Rig]]

KINDS = [
    "sim",
    "replay",
    "ble-fake",
    pytest.param("ble-bluez", marks=[pytest.mark.bluez, pytest.mark.slow]),
    pytest.param("ble-hardware", marks=pytest.mark.hardware),
]


@pytest.fixture(params=KINDS)
def make_rig(request: pytest.FixtureRequest, tmp_path: Path) -> RigFactory:
    kind = request.param
    if kind == "sim":
        return _sim_rig
    if kind == "replay":
        return lambda: _replay_rig(tmp_path)
    if kind == "ble-fake":
        return _ble_fake_rig
    if kind == "ble-bluez":
        request.getfixturevalue("bluez_bus")
        return _ble_bluez_rig
    address = request.getfixturevalue("sensor_address")
    return lambda: _ble_hardware_rig(address)


async def test_batches_only_inside_async_with(
    make_rig: RigFactory,
) -> None:
    async with make_rig() as rig:
        with pytest.raises(RuntimeError, match="async with"):
            await anext(rig.source.batches())


async def test_ordered_timestamps_and_clean_early_close(
    make_rig: RigFactory,
) -> None:
    async with make_rig() as rig:
        last, samples = -np.inf, 0
        async with rig.source as src:
            assert src.status.connected
            async for batch in src.batches():
                assert batch.accel_ms2.shape == (len(batch), 3)
                assert np.all(np.isfinite(batch.accel_ms2))
                assert batch.t_s[0] > last
                assert np.all(np.diff(batch.t_s) > 0)
                last = batch.t_s[-1]
                samples += len(batch)
                if samples >= 250:
                    break  # the consumer leaves early: the source must still close cleanly
        assert samples >= 250
        assert not rig.source.status.connected
        assert rig.source.status.samples >= 250


async def test_link_loss_is_recovered_or_raised(
    make_rig: RigFactory,
) -> None:
    async with make_rig() as rig:
        if rig.cut_link is None:
            pytest.skip("this source has no link to lose")
        last, cut = -np.inf, False
        async with rig.source as src:
            try:
                async for batch in src.batches():
                    assert batch.t_s[0] > last
                    last = batch.t_s[-1]
                    if not cut and src.status.samples > 200:
                        done = rig.cut_link()
                        if inspect.isawaitable(done):
                            await done
                        cut = True
            except SensorDisconnected:
                return  # raised as our error: allowed by the contract
        assert cut
        assert src.status.reconnects == 1
        assert src.status.gaps >= 1
