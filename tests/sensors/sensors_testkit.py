"""Test-only helpers: a tiny *synthetic* OpenRep encoder written from the spec table.

It is deliberately independent of ``sensors.wire`` (STYLE §6): a bug in the decoder cannot
cancel itself out in round trips. ``firmware_sim`` has its own encoder for end-to-end tests.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

from dbus_fast import BusType
from dbus_fast.aio import MessageBus

CENTRAL, PERIPHERAL = "00:AA:01:00:00:01", "00:AA:01:00:00:02"
"""BlueZoo's two virtual adapters: hci0 (the central, where repcount runs) and hci1 (the sensor)."""
ZOO_ARGS = ["-v", "--scan-interval", "1", "-a", CENTRAL, "-a", PERIPHERAL]


def encode_openrep(seq: int, t_first_us: int, samples: Sequence[Sequence[int]], *, frame: int = 0) -> bytes:
    """Synthetic IMU Data packet: ``ver_type n seq t_first_us`` then int16 samples."""
    width = 3 if frame == 0 else 6
    body = b"".join(struct.pack(f"<{width}h", *s) for s in samples)
    return struct.pack("<BBHI", 0x10 | frame, len(samples), seq % 65536, t_first_us % (1 << 32)) + body


def still_packets(
    count: int, *, n: int = 10, fs_hz: float = 100.0, t0_us: int = 0, seq0: int = 0
) -> list[bytes]:
    """``count`` packets of a sensor lying flat (z = +1 g at 2048 LSB/g), x counting samples."""
    period_us = 1e6 / fs_hz
    out = []
    for k in range(count):
        first = k * n
        samples = [(first + i, 0, 2048) for i in range(n)]
        out.append(encode_openrep(seq0 + k, t0_us + round(first * period_us), samples))
    return out


async def disconnect_from_the_central_side(peripheral_address: str) -> None:
    """What ``bluetoothctl disconnect`` (or a radio fade reported by the controller) does."""
    bus = await MessageBus(bus_type=BusType.SYSTEM).connect()
    try:
        path = f"/org/bluez/hci0/dev_{peripheral_address.replace(':', '_')}"
        proxy = bus.get_proxy_object("org.bluez", path, await bus.introspect("org.bluez", path))
        await proxy.get_interface("org.bluez.Device1").call_disconnect()  # type: ignore[attr-defined]
    finally:
        bus.disconnect()


async def forget_device(address: str, adapter: str = "hci0") -> None:
    """Remove a device from an adapter's list, so the next scan reports it afresh.

    Needed with BlueZoo only: it never reports an already-known device again (real BlueZ does,
    on every advertisement, through RSSI updates).
    """
    bus = await MessageBus(bus_type=BusType.SYSTEM).connect()
    try:
        path = f"/org/bluez/{adapter}"
        proxy = bus.get_proxy_object("org.bluez", path, await bus.introspect("org.bluez", path))
        device_path = f"{path}/dev_{address.replace(':', '_')}"
        await proxy.get_interface("org.bluez.Adapter1").call_remove_device(device_path)  # type: ignore[attr-defined]
    finally:
        bus.disconnect()
