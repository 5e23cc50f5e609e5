"""The simulated OpenRep sensor as a real BlueZ GATT peripheral, over D-Bus (dbus-fast).

``OpenRepPeripheral`` registers a GATT application and an LE advertisement with BlueZ's
``GattManager1`` / ``LEAdvertisingManager1`` on one adapter and serves a
``firmware_sim.FirmwareDevice`` through it, byte for byte. Against the real ``bluetoothd`` it
turns a Raspberry Pi or a laptop into a sensor any phone or ``repcount record`` can connect to::

    python -m sensors.peripheral --adapter hci0 --speed 1

In tests it runs against BlueZoo (a user-space BlueZ mock) on a second virtual adapter.
The system bus is used, so ``DBUS_SYSTEM_BUS_ADDRESS`` chooses which one.
"""

import argparse
import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from dbus_fast import BusType, DBusError, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusSignature
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property

if TYPE_CHECKING:
    from firmware_sim import FirmwareDevice

Bytes = Annotated[bytes, DBusSignature("ay")]
Options = Annotated[dict[str, Variant], DBusSignature("a{sv}")]
Str = Annotated[str, DBusSignature("s")]
Path = Annotated[str, DBusSignature("o")]
StrList = Annotated[list[str], DBusSignature("as")]
Bool = Annotated[bool, DBusSignature("b")]

_BATTERY_SERVICE = "0000180f-0000-1000-8000-00805f9b34fb"
UNREGISTER_TIMEOUT_S = 5.0  # Ctrl+C waits this long at most for bluetoothd to drop the registrations


def _gatt_table() -> list[tuple[str, list[tuple[str, list[str]]]]]:
    from firmware_sim import uuids

    return [
        (
            uuids.SERVICE_UUID,
            [
                (uuids.IMU_DATA_UUID, ["notify"]),
                (uuids.CONFIG_UUID, ["read", "write"]),
                (uuids.CONTROL_POINT_UUID, ["write", "indicate"]),
                (uuids.STATUS_UUID, ["read", "notify"]),
            ],
        ),
        (_BATTERY_SERVICE, [(uuids.BATTERY_LEVEL_UUID, ["read", "notify"])]),
    ]


class _Service(ServiceInterface):
    def __init__(self, uuid: str) -> None:
        super().__init__("org.bluez.GattService1")
        self._uuid = uuid

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> Str:
        return self._uuid

    @dbus_property(access=PropertyAccess.READ)
    def Primary(self) -> Bool:
        return True


class _Characteristic(ServiceInterface):
    def __init__(self, owner: "OpenRepPeripheral", uuid: str, service_path: str, flags: list[str]) -> None:
        super().__init__("org.bluez.GattCharacteristic1")
        self._owner = owner
        self._uuid = uuid
        self._service_path = service_path
        self._flags = flags
        self._value = b""
        self._notifying = False

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> Str:
        return self._uuid

    @dbus_property(access=PropertyAccess.READ)
    def Service(self) -> Path:
        return self._service_path

    @dbus_property(access=PropertyAccess.READ)
    def Flags(self) -> StrList:
        return self._flags

    @dbus_property(access=PropertyAccess.READ)
    def Value(self) -> Bytes:
        return self._value

    @dbus_property(access=PropertyAccess.READ)
    def Notifying(self) -> Bool:
        return self._notifying

    @dbus_method()
    def ReadValue(self, options: Options) -> Bytes:
        self._value = self._owner.request(lambda d: d.read_char(self._uuid))
        return self._value

    @dbus_method()
    def WriteValue(self, value: Bytes, options: Options) -> None:
        self._owner.request(lambda d: d.write_char(self._uuid, bytes(value)))

    @dbus_method()
    def StartNotify(self) -> None:
        self._owner.request(lambda d: d.start_notify(self._uuid, self._on_value))
        self._notifying = True

    @dbus_method()
    def StopNotify(self) -> None:
        self._notifying = False
        self._owner.request(lambda d: d.stop_notify(self._uuid))

    @dbus_method()
    def Confirm(self) -> None:
        """BlueZ(oo) confirms indications; nothing to do."""

    def _on_value(self, _uuid: str, data: bytes) -> None:
        self._value = bytes(data)
        if self._notifying:
            self.emit_properties_changed({"Value": self._value})


class _Advertisement(ServiceInterface):
    def __init__(self, name: str, service_uuid: str) -> None:
        super().__init__("org.bluez.LEAdvertisement1")
        self._name = name
        self._service_uuid = service_uuid

    @dbus_property(access=PropertyAccess.READ)
    def Type(self) -> Str:
        return "peripheral"

    @dbus_property(access=PropertyAccess.READ)
    def ServiceUUIDs(self) -> StrList:
        return [self._service_uuid]

    @dbus_property(access=PropertyAccess.READ)
    def LocalName(self) -> Str:
        return self._name

    @dbus_property(access=PropertyAccess.READ)
    def Discoverable(self) -> Bool:
        return True

    @dbus_method()
    def Release(self) -> None:
        """BlueZ dropped the advertisement."""


class OpenRepPeripheral:
    """Serve ``device`` as a BLE peripheral on ``adapter`` until closed; ``async with`` it."""

    def __init__(
        self,
        device: "FirmwareDevice",
        *,
        adapter: str = "hci0",
        speed: float = 1.0,
        root: str = "/org/repcount/openrep",
    ) -> None:
        self.device = device
        self.adapter_path = f"/org/bluez/{adapter}"
        self._speed = speed
        self._root = root
        self._bus: MessageBus | None = None
        self._pump: asyncio.Task[None] | None = None

    def request(self, call: Callable[["FirmwareDevice"], Any]) -> Any:
        """Run one GATT request on the device; a request from a central means a link is up."""
        from firmware_sim import AttError

        if not self.device.connected:
            self.device.reconnect()
        try:
            return call(self.device)
        except AttError as exc:
            raise DBusError("org.bluez.Error.Failed", str(exc)) from exc

    async def __aenter__(self) -> "OpenRepPeripheral":
        from firmware_sim import uuids

        bus = await MessageBus(bus_type=BusType.SYSTEM).connect()
        self._bus = bus
        for s, (service_uuid, chars) in enumerate(_gatt_table()):
            service_path = f"{self._root}/service{s}"
            bus.export(service_path, _Service(service_uuid))
            for c, (char_uuid, flags) in enumerate(chars):
                bus.export(f"{service_path}/char{c}", _Characteristic(self, char_uuid, service_path, flags))
        bus.export(f"{self._root}/adv0", _Advertisement(self.device.name, uuids.SERVICE_UUID))
        gatt = await self._interface("org.bluez.GattManager1")
        await gatt.call_register_application(self._root, {})
        adv = await self._interface("org.bluez.LEAdvertisingManager1")
        await adv.call_register_advertisement(f"{self._root}/adv0", {})
        self._pump = asyncio.get_running_loop().create_task(self._run())
        return self

    async def _run(self) -> None:
        from firmware_sim import AttError, DeviceDisconnected, uuids

        await self.device.run(self._speed)
        if self.device.connected and self.device.streaming:
            # the motion ran out: stop like a real sensor whose wearer pressed stop, so the
            # central sees Status go idle and ends its stream cleanly
            with contextlib.suppress(AttError, DeviceDisconnected):
                self.device.write_char(uuids.CONTROL_POINT_UUID, b"\x02")

    async def __aexit__(self, *exc: object) -> None:
        self.device.stop()
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump
        if self._bus is not None:
            # BlueZ drops a closed connection's registrations itself: unregistering is a
            # courtesy, bounded so that Ctrl+C stops the sensor even when bluetoothd is slow
            with contextlib.suppress(DBusError, TimeoutError):
                async with asyncio.timeout(UNREGISTER_TIMEOUT_S):
                    adv = await self._interface("org.bluez.LEAdvertisingManager1")
                    await adv.call_unregister_advertisement(f"{self._root}/adv0")
                    gatt = await self._interface("org.bluez.GattManager1")
                    await gatt.call_unregister_application(self._root)
            self._bus.disconnect()
            self._bus = None

    async def _interface(self, name: str) -> Any:
        assert self._bus is not None
        introspection = await self._bus.introspect("org.bluez", self.adapter_path)
        proxy = self._bus.get_proxy_object("org.bluez", self.adapter_path, introspection)
        return proxy.get_interface(name)

    async def drop_links(self) -> int:
        """Disconnect every central (as a radio fade would); returns how many were connected."""
        assert self._bus is not None
        introspection = await self._bus.introspect("org.bluez", self.adapter_path)
        dropped = 0
        for node in introspection.nodes:
            path = f"{self.adapter_path}/{node.name}"
            node_intro = await self._bus.introspect("org.bluez", path)
            dev = self._bus.get_proxy_object("org.bluez", path, node_intro).get_interface("org.bluez.Device1")
            if await dev.get_connected():  # type: ignore[attr-defined]
                await dev.call_disconnect()  # type: ignore[attr-defined]
                dropped += 1
        self.device.disconnect()
        return dropped


async def _serve(adapter: str, speed: float, seed: int) -> None:
    from firmware_sim import FirmwareDevice, default_workout_scenario

    device = FirmwareDevice(default_workout_scenario(seed=seed), loop=True)
    async with OpenRepPeripheral(device, adapter=adapter, speed=speed):
        print(f"advertising {device.name} on {adapter}; Ctrl-C to stop", flush=True)  # noqa: T201
        await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description="Act as a simulated OpenRep sensor over BlueZ.")
    parser.add_argument("--adapter", default="hci0", help="BlueZ adapter to advertise on (default hci0)")
    parser.add_argument("--speed", type=float, default=1.0, help="× real time (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="workout seed")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.adapter, args.speed, args.seed))


if __name__ == "__main__":
    main()
