"""The simulated sensor as a source: ``firmware_sim``'s device bytes through the real decode path.

``SimSource`` drives a ``firmware_sim.FirmwareDevice`` through ``DeviceLink`` (the ``GattLink``
the OpenRep profile talks to), so the start sequence, the decoder, the duplicate/loss handling
and the clock mapping are the very code a BLE sensor goes through; only bleak is left out, so
the simulator runs where bleak cannot load. Link faults (``firmware_sim.LinkFaults``) reach the
assembler as they would over the air; after a link loss the source reconnects, like the BLE one.

Time: the device runs on simulated true time. The host timeline is ``host_t0_s`` (the host
clock when streaming starts) plus that true time, so at ``speed=1`` it is the host's own
clock and at other speeds a virtual one with the same sample spacing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any, Self

from sensors.assembly import StreamAssembler, merge_batches
from sensors.errors import SensorDisconnected, SensorError
from sensors.profiles import Callback, OpenRepProfile
from sensors.status import SensorStatus
from sensors.types import SampleBatch
from sensors.wire import FRAME_ACCEL_GYRO, OpenRepConfig

if TYPE_CHECKING:
    from firmware_sim import FirmwareDevice, LinkFaults, RepScenario, WorkoutScenario


class DeviceLink:
    """``GattLink`` over an in-process ``FirmwareDevice``; its refusals become ``SensorError``."""

    def __init__(self, device: FirmwareDevice) -> None:
        self._device = device

    async def read(self, uuid: str) -> bytes:
        return bytes(self._call(self._device.read_char, uuid))

    async def write(self, uuid: str, data: bytes, *, response: bool = True) -> None:
        self._call(self._device.write_char, uuid, data, response)

    async def subscribe(self, uuid: str, callback: Callback) -> None:
        self._call(self._device.start_notify, uuid, lambda _uuid, data: callback(bytes(data)))

    def has(self, uuid: str) -> bool:
        from firmware_sim import uuids

        return uuid.lower() in {v for k, v in vars(uuids).items() if k.endswith("_UUID")}

    @staticmethod
    def _call(fn: Callable[..., Any], *args: Any) -> Any:
        from firmware_sim import AttError, DeviceDisconnected

        try:
            return fn(*args)
        except DeviceDisconnected as exc:
            raise SensorDisconnected(str(exc)) from exc
        except AttError as exc:
            raise SensorError(str(exc)) from exc


class SimSource:
    """A ``SensorSource`` playing a ``firmware_sim`` scenario through the OpenRep decode path.

    ``scenario`` defaults to ``default_workout_scenario(seed=seed)`` (``seed`` is used for
    nothing else); ``speed`` is × real time, 0 = as fast as possible; ``faults`` are the
    radio's (``firmware_sim.LinkFaults``); ``device`` replaces all three with a ready
    ``FirmwareDevice``. After a link loss the source reconnects ``reconnect_after_s`` later
    (simulated time). ``clock`` and ``sleep`` are the test seams for pacing.
    """

    def __init__(
        self,
        scenario: RepScenario | WorkoutScenario | None = None,
        *,
        speed: float = 1.0,
        fs_hz: int = 100,
        faults: LinkFaults | None = None,
        seed: int = 0,
        device: FirmwareDevice | None = None,
        placement: str | None = None,
        reconnect_after_s: float = 1.0,
        step_s: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if speed < 0:
            raise ValueError("speed must be ≥ 0 (1 = real time, 0 = as fast as possible)")
        if device is None:
            from firmware_sim import FirmwareDevice, default_workout_scenario

            if scenario is None:
                scenario = default_workout_scenario(seed=seed)
            device = FirmwareDevice(scenario, faults=faults)
        self.device = device
        """The emulated sensor (its ``motion`` holds the ground truth once streaming)."""
        self._speed = speed
        self._step_s = step_s
        self._reconnect_after_s = reconnect_after_s
        self._clock = clock
        self._sleep = sleep
        plc = placement or getattr(scenario, "placement", None) or "wrist"
        self._profile = OpenRepProfile(
            config=OpenRepConfig(sample_rate_hz=fs_hz, frame_type=FRAME_ACCEL_GYRO)
        )
        self._link = DeviceLink(device)
        self._assembler = StreamAssembler(self._profile.decode, sensor=device.name, placement=plc)
        self._inbox: list[tuple[float, bytes]] = []
        self.host_t0_s = 0.0
        """Host time at device true time 0."""
        self._open = False
        self._ended = False
        self._reconnects = 0
        self._lost_at_s: float | None = None

    @property
    def status(self) -> SensorStatus:
        c = self._assembler.counts
        return SensorStatus(
            connected=self._open and self.device.connected,
            sensor=self.device.name,
            battery_pct=self._profile.battery_pct,
            samples=c.samples,
            dropped_packets=c.dropped_packets,
            duplicates=c.duplicates,
            truncated=c.truncated,
            reconnects=self._reconnects,
            rate_hz=round(self._assembler.rate_hz, 2),
            gaps=c.gaps,
            gap_s=c.gap_s,
        )

    def truth_to_host_s(self, truth_s: float) -> float:
        """Host time of a ground-truth time (s from the motion's start, device clock)."""
        offset = self._assembler.clock.offset_s
        if offset is None:
            raise RuntimeError("no samples yet: the clock mapping is not known")
        return self.device.motion_t0_us / 1e6 + truth_s + offset

    async def __aenter__(self) -> Self:
        self.host_t0_s = self._clock() - self.device.now_s
        self.device.on_disconnect(self._on_disconnect)
        await self._start()
        self._open = True
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._open and self.device.connected and self.device.streaming:
            try:
                await self._profile.stop(self._link)
            except SensorError:
                pass
        self._open = False

    async def _start(self) -> None:
        self._assembler.new_link()
        await self._profile.start(self._link, self._on_data, self._on_stopped)

    def _on_data(self, payload: bytes) -> None:
        self._inbox.append((self.host_t0_s + self.device.now_s, payload))

    def _on_stopped(self) -> None:
        self._ended = True

    def _on_disconnect(self) -> None:
        self._lost_at_s = self.device.now_s

    async def batches(self) -> AsyncIterator[SampleBatch]:
        if not self._open:
            raise RuntimeError("use the source inside `async with` before iterating batches()")
        dev = self.device
        wall0, dev0 = self._clock(), dev.now_s
        while self._open and not self._ended and not dev.finished:
            if self._speed > 0:
                await self._sleep(self._step_s / self._speed)
                dev.run_until(dev0 + (self._clock() - wall0) * self._speed)
            else:
                await self._sleep(0)
                dev.run_until(dev.now_s + self._step_s * 20)
            if self._lost_at_s is not None and dev.now_s >= self._lost_at_s + self._reconnect_after_s:
                self._lost_at_s = None
                dev.reconnect()
                await self._start()
                self._reconnects += 1
            inbox, self._inbox = self._inbox, []
            fed = [self._assembler.feed(payload, arrival) for arrival, payload in inbox]
            for batch in merge_batches(b for b in fed if b is not None):
                yield batch
