"""GATT UUIDs of the OpenRep IMU profile v1 (``specs/openrep-imu.md``), as lower-case strings."""

from __future__ import annotations

from typing import Final


def _openrep(short: int) -> str:
    return f"adfa{short:04x}-bf19-4177-a98e-ce80139097dd"


def _sig(short: int) -> str:
    return f"0000{short:04x}-0000-1000-8000-00805f9b34fb"


SERVICE_UUID: Final = _openrep(0x0001)
IMU_DATA_UUID: Final = _openrep(0x0002)
CONFIG_UUID: Final = _openrep(0x0003)
CONTROL_POINT_UUID: Final = _openrep(0x0004)
STATUS_UUID: Final = _openrep(0x0005)

BATTERY_SERVICE_UUID: Final = _sig(0x180F)
BATTERY_LEVEL_UUID: Final = _sig(0x2A19)
DEVICE_INFO_SERVICE_UUID: Final = _sig(0x180A)
MANUFACTURER_NAME_UUID: Final = _sig(0x2A29)
MODEL_NUMBER_UUID: Final = _sig(0x2A24)
SERIAL_NUMBER_UUID: Final = _sig(0x2A25)
FIRMWARE_REVISION_UUID: Final = _sig(0x2A26)
GENERIC_ATTRIBUTE_SERVICE_UUID: Final = _sig(0x1801)
SERVICE_CHANGED_UUID: Final = _sig(0x2A05)

NOTIFY_UUIDS: Final = frozenset({IMU_DATA_UUID, CONTROL_POINT_UUID, STATUS_UUID, BATTERY_LEVEL_UUID})
"""Characteristics a client may subscribe to (notify or indicate)."""

GATT_TABLE: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    (SERVICE_UUID, IMU_DATA_UUID, ("notify",)),
    (SERVICE_UUID, CONFIG_UUID, ("read", "write")),
    (SERVICE_UUID, CONTROL_POINT_UUID, ("write", "indicate")),
    (SERVICE_UUID, STATUS_UUID, ("read", "notify")),
    (BATTERY_SERVICE_UUID, BATTERY_LEVEL_UUID, ("read", "notify")),
    (DEVICE_INFO_SERVICE_UUID, MANUFACTURER_NAME_UUID, ("read",)),
    (DEVICE_INFO_SERVICE_UUID, MODEL_NUMBER_UUID, ("read",)),
    (DEVICE_INFO_SERVICE_UUID, SERIAL_NUMBER_UUID, ("read",)),
    (DEVICE_INFO_SERVICE_UUID, FIRMWARE_REVISION_UUID, ("read",)),
)
"""Every characteristic the device serves: (service, characteristic, bleak-style property names)."""
ADVERTISED_SERVICE_UUIDS: Final = (SERVICE_UUID,)
"""The 128-bit service list in the advertisement (the local name goes in the scan response)."""
