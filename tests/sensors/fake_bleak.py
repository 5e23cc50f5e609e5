"""A bleak backend over ``firmware_sim``'s emulated sensors, for bleak's public ``backend=`` seam.

The real ``BleakClient`` and ``BleakScanner`` run unchanged on top; only the OS layer is
replaced. ``FakeAir`` is the radio: it advertises its devices, advances their simulated time
(``speed`` × real time), and injects the faults a real link has on top of the device's own
``LinkFaults``: a link that stays up but goes silent (``mute``), a device that stops answering
(``reachable``), and bleak #2002's doubled callbacks after a reconnect (``double_after_reconnect``).
When a device's motion runs out it sends STOP to itself, so the stream ends cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, BaseBleakScanner
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakDeviceNotFoundError, BleakError

from firmware_sim import AttError, DeviceDisconnected, FirmwareDevice, uuids

_GATT = [
    (
        uuids.SERVICE_UUID,
        [
            (uuids.IMU_DATA_UUID, ["notify"]),
            (uuids.CONFIG_UUID, ["read", "write"]),
            (uuids.CONTROL_POINT_UUID, ["write", "indicate"]),
            (uuids.STATUS_UUID, ["read", "notify"]),
        ],
    ),
    (uuids.BATTERY_SERVICE_UUID, [(uuids.BATTERY_LEVEL_UUID, ["read", "notify"])]),
]


class FakeAir:
    """The emulated radio neighbourhood: devices by address, and the faults of the air between."""

    def __init__(self, devices: list[FirmwareDevice], *, speed: float = 20.0) -> None:
        self.devices = {f"F0:00:00:00:00:{i:02X}": d for i, d in enumerate(devices)}
        self.speed = speed
        self.mute = False
        self.reachable = True
        self.double_after_reconnect = False
        self.connects = 0
        self.clients: dict[str, FakeClient | None] = dict.fromkeys(self.devices)
        self._pumps: dict[str, asyncio.Task[None]] = {}
        for address, device in self.devices.items():
            device.on_disconnect(lambda a=address: self._lost(a))
        air = self

        class Client(FakeClient):
            pass

        class Scanner(FakeScanner):
            pass

        Client.air = Scanner.air = air
        self.client_backend: type[BaseBleakClient] = Client
        self.scanner_backend: type[BaseBleakScanner] = Scanner

    def _lost(self, address: str) -> None:
        client = self.clients.get(address)
        if client is not None:
            client.link_lost()

    def pump(self, address: str) -> None:
        """Start advancing a device's time (once; it keeps running while the link is down)."""
        if address in self._pumps:
            return
        self._pumps[address] = asyncio.get_running_loop().create_task(self._run(self.devices[address]))

    async def _run(self, device: FirmwareDevice) -> None:
        await device.run(self.speed)
        await asyncio.sleep(0.05)
        if device.connected and device.streaming:
            with contextlib.suppress(DeviceDisconnected, AttError):
                device.write_char(uuids.CONTROL_POINT_UUID, b"\x02")

    async def close(self) -> None:
        for device in self.devices.values():
            device.stop()
        for task in self._pumps.values():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


class FakeScanner(BaseBleakScanner):
    air: FakeAir

    def __init__(
        self,
        detection_callback: Any,
        service_uuids: list[str] | None,
        scanning_mode: str = "active",
        **kwargs: Any,
    ) -> None:
        super().__init__(detection_callback, service_uuids)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.seen_devices = {}
        self._task = asyncio.get_running_loop().create_task(self._advertise())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _advertise(self) -> None:
        while True:
            for address, device in self.air.devices.items():
                if not self.air.reachable or self.air.clients.get(address) is not None:
                    continue  # a connected peripheral stops advertising
                adv = AdvertisementData(device.name, {}, {}, [uuids.SERVICE_UUID], None, -58, ())
                if self.is_allowed_uuid(adv.service_uuids):
                    bd = self.create_or_update_device(address, address, device.name, None, adv)
                    self.call_detection_callbacks(bd, adv)
            await asyncio.sleep(0.02)


class FakeClient(BaseBleakClient):
    air: FakeAir

    def __init__(self, address_or_ble_device: BLEDevice | str, **kwargs: Any) -> None:
        super().__init__(
            address_or_ble_device,
            disconnected_callback=kwargs.get("disconnected_callback"),
            timeout=kwargs.get("timeout", 10.0),
        )
        if self.address not in self.air.devices:
            raise BleakDeviceNotFoundError(self.address)
        self.device = self.air.devices[self.address]
        self._connected = False
        self._reconnected = False

    @property
    def name(self) -> str:
        return self.device.name

    @property
    def mtu_size(self) -> int:
        return self.device.att_mtu

    @property
    def is_connected(self) -> bool:
        return self._connected and self.device.connected

    async def connect(self, pair: bool, **kwargs: Any) -> None:
        await asyncio.sleep(0.01)
        if not self.air.reachable:
            raise BleakError(f"{self.address}: le-connection-abort-by-local")
        self._reconnected = self.air.connects > 0
        self.air.connects += 1
        self.air.mute = False
        self.device.reconnect()
        self.services = _services(self.device.att_mtu)
        self._connected = True
        self.air.clients[self.address] = self
        self.air.pump(self.address)

    def link_lost(self) -> None:
        if not self._connected:
            return
        self._connected = False
        self.air.clients[self.address] = None
        if self._disconnected_callback is not None:
            self._disconnected_callback()

    async def disconnect(self) -> None:
        if not self._connected:
            return
        self._connected = False  # a disconnect we asked for: no callback
        self.air.clients[self.address] = None
        self.device.disconnect()

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        raise BleakError("the OpenRep profile uses no pairing")

    async def unpair(self) -> None:
        raise BleakError("the OpenRep profile uses no pairing")

    def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        if not self.is_connected:
            raise BleakError("Not connected")
        try:
            return fn(*args)
        except DeviceDisconnected as exc:
            raise BleakError("Not connected") from exc
        except AttError as exc:
            raise BleakError(str(exc)) from exc

    async def read_gatt_char(self, characteristic: BleakGATTCharacteristic, **kwargs: Any) -> bytearray:
        return bytearray(self._call(self.device.read_char, characteristic.uuid))

    async def read_gatt_descriptor(self, descriptor: Any, **kwargs: Any) -> bytearray:
        raise BleakError("no descriptors in the emulated GATT table")

    async def write_gatt_char(
        self, characteristic: BleakGATTCharacteristic, data: Any, response: bool
    ) -> None:
        self._call(self.device.write_char, characteristic.uuid, bytes(data), response)

    async def write_gatt_descriptor(self, descriptor: Any, data: Any) -> None:
        raise BleakError("no descriptors in the emulated GATT table")

    async def start_notify(
        self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback, **kwargs: Any
    ) -> None:
        air, doubled = self.air, self._reconnected and self.air.double_after_reconnect

        def deliver(_uuid: str, data: bytes) -> None:
            if air.mute and characteristic.uuid == uuids.IMU_DATA_UUID:
                return
            callback(bytearray(data))
            if doubled and characteristic.uuid == uuids.IMU_DATA_UUID:
                callback(bytearray(data))

        self._call(self.device.start_notify, characteristic.uuid, deliver)

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        self.device.stop_notify(characteristic.uuid)


def _services(att_mtu: int) -> BleakGATTServiceCollection:
    services = BleakGATTServiceCollection()
    handle = 1
    for service_uuid, chars in _GATT:
        service = BleakGATTService(None, handle, service_uuid)
        services.add_service(service)
        for char_uuid, props in chars:
            handle += 2
            char = BleakGATTCharacteristic(
                None,
                handle,
                char_uuid,
                props,
                lambda: att_mtu - 3,
                service,  # type: ignore[arg-type]
            )
            services.add_characteristic(char)
        handle += 1
    return services
