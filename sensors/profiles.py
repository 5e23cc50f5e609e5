"""Sensor profiles: the UUIDs, start sequence and pure decoder of each kind of BLE sensor.

A profile talks to the device only through ``GattLink`` (read, write, subscribe by UUID), which
``sensors.ble`` implements on top of bleak, so profiles stay free of radio code and are
tested against any object with those four methods.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Protocol

from sensors import polar, wire
from sensors.errors import BadPacket, SensorError, SensorTimeout
from sensors.wire import Packet

Callback = Callable[[bytes], None]

_RESPONSE_TIMEOUT_S = 3.0


class GattLink(Protocol):
    """The four GATT operations a profile needs, by characteristic UUID."""

    async def read(self, uuid: str) -> bytes: ...

    async def write(self, uuid: str, data: bytes, *, response: bool = True) -> None: ...

    async def subscribe(self, uuid: str, callback: Callback) -> None: ...

    def has(self, uuid: str) -> bool: ...


class SensorProfile(Protocol):
    """What the BLE source needs to know about one kind of sensor."""

    name: str
    service_uuid: str
    data_uuid: str
    battery_pct: int | None

    async def start(self, link: GattLink, on_data: Callback, on_stopped: Callable[[], None]) -> None: ...

    async def stop(self, link: GattLink) -> None: ...

    def decode(self, payload: bytes) -> Packet: ...


async def _read_battery(link: GattLink) -> int | None:
    if not link.has(wire.BATTERY_LEVEL_UUID):
        return None
    value = await link.read(wire.BATTERY_LEVEL_UUID)
    return int(value[0]) if value else None


class OpenRepProfile:
    """Our own profile (specs/openrep-imu.md): read Config, subscribe, write START, stream."""

    name = "openrep"
    service_uuid = wire.SERVICE_UUID
    data_uuid = wire.DATA_UUID

    def __init__(self, *, config: wire.OpenRepConfig | None = None) -> None:
        self._wanted = config
        self.config = wire.OpenRepConfig()
        self.battery_pct: int | None = None
        self.status: wire.OpenRepStatus | None = None
        self._responses: asyncio.Queue[wire.ControlResponse] = asyncio.Queue()
        self._streaming = False
        self._on_stopped: Callable[[], None] = lambda: None

    def decode(self, payload: bytes) -> Packet:
        return wire.decode_packet(payload, self.config)

    async def start(self, link: GattLink, on_data: Callback, on_stopped: Callable[[], None]) -> None:
        self._on_stopped = on_stopped
        self._streaming = False
        if self._wanted is not None:
            await link.write(wire.CONFIG_UUID, self._wanted.to_bytes())
        self.config = wire.decode_config(await link.read(wire.CONFIG_UUID))
        self.battery_pct = await _read_battery(link)
        self._responses = asyncio.Queue()
        await link.subscribe(wire.CONTROL_UUID, self._on_control)
        if link.has(wire.STATUS_UUID):
            await link.subscribe(wire.STATUS_UUID, self._on_status)
        await link.subscribe(wire.DATA_UUID, on_data)
        await self._command(link, wire.OP_START)
        self._streaming = True

    async def stop(self, link: GattLink) -> None:
        self._streaming = False
        await self._command(link, wire.OP_STOP)

    async def _command(self, link: GattLink, opcode: int) -> wire.ControlResponse:
        await link.write(wire.CONTROL_UUID, bytes([opcode]))
        try:
            async with asyncio.timeout(_RESPONSE_TIMEOUT_S):
                while True:
                    response = await self._responses.get()
                    if response.opcode == opcode:
                        break
        except TimeoutError as exc:
            raise SensorTimeout(
                f"no answer to control opcode {opcode:#04x} within {_RESPONSE_TIMEOUT_S} s"
            ) from exc
        if not response.ok:
            raise SensorError(f"sensor refused control opcode {opcode:#04x} (status {response.status})")
        return response

    def _on_control(self, payload: bytes) -> None:
        try:
            self._responses.put_nowait(wire.decode_control_response(payload))
        except BadPacket:
            pass  # a malformed indication cannot be answered; the command times out instead

    def _on_status(self, payload: bytes) -> None:
        try:
            status = wire.decode_status(payload)
        except BadPacket:
            return
        self.status = status
        self.battery_pct = status.battery_pct
        if status.state == wire.STATE_IDLE and self._streaming:
            self._streaming = False
            self._on_stopped()


class PolarProfile:
    """Polar PMD accelerometer (Verity Sense, H10): start by control-point command, mG frames."""

    name = "polar"
    service_uuid = polar.PMD_SERVICE_UUID
    data_uuid = polar.PMD_DATA_UUID

    def __init__(self, *, fs_hz: int = 52, range_g: int = 8) -> None:
        self.fs_hz = fs_hz
        self.range_g = range_g
        self.battery_pct: int | None = None
        self._responses: asyncio.Queue[bytes] = asyncio.Queue()

    def decode(self, payload: bytes) -> Packet:
        return polar.decode_pmd_accel(payload, fs_hz=self.fs_hz)

    async def start(self, link: GattLink, on_data: Callback, on_stopped: Callable[[], None]) -> None:
        del on_stopped  # a PMD stream only ends when we stop it or the link drops
        self.battery_pct = await _read_battery(link)
        self._responses = asyncio.Queue()
        await link.subscribe(polar.PMD_CONTROL_UUID, self._responses.put_nowait)
        await link.subscribe(polar.PMD_DATA_UUID, on_data)
        # ask what this model supports (H10: 25–200 Hz, Verity Sense: 52–416 Hz) and take the nearest
        await link.write(polar.PMD_CONTROL_UUID, polar.settings_command())
        answer = await self._answer(0x01, "settings request")
        if answer[3] == 0:
            offered = polar.decode_settings(answer[5:])
            self.fs_hz = _nearest(self.fs_hz, offered.get(polar.SETTING_RATE, []))
            self.range_g = _nearest(self.range_g, offered.get(polar.SETTING_RANGE, []))
        command = polar.start_accel_command(fs_hz=self.fs_hz, range_g=self.range_g)
        await link.write(polar.PMD_CONTROL_UUID, command)
        answer = await self._answer(0x02, "start command")
        if answer[3] != 0:
            raise SensorError(f"the Polar sensor refused to start the accelerometer (error {answer[3]})")

    async def _answer(self, opcode: int, what: str) -> bytes:
        try:
            async with asyncio.timeout(_RESPONSE_TIMEOUT_S):
                while True:
                    answer = await self._responses.get()
                    if len(answer) >= 4 and answer[0] == 0xF0 and answer[1] == opcode:
                        return answer
        except TimeoutError as exc:
            raise SensorTimeout(f"the Polar sensor did not answer the {what}") from exc

    async def stop(self, link: GattLink) -> None:
        await link.write(polar.PMD_CONTROL_UUID, polar.stop_accel_command())


def _nearest(wanted: int, offered: list[int]) -> int:
    return min(offered, key=lambda v: (abs(v - wanted), v)) if offered else wanted


PROFILES: dict[str, Callable[[], SensorProfile]] = {
    "openrep": OpenRepProfile,
    "polar": functools.partial(PolarProfile),
}


def make_profile(name: str) -> SensorProfile:
    """A fresh profile object by name; ``ValueError`` lists the known ones."""
    try:
        return PROFILES[name]()
    except KeyError:
        raise ValueError(
            f"unknown sensor profile {name!r}; choose one of {', '.join(sorted(PROFILES))}"
        ) from None


def profile_for_services(service_uuids: list[str]) -> str | None:
    """Which profile an advertisement's service list announces, if any."""
    lowered = {u.lower() for u in service_uuids}
    for name, factory in PROFILES.items():
        if factory().service_uuid in lowered:
            return name
    return None
