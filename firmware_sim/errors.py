"""What the emulated device raises at its GATT surface.

AttError(Exception)                 a request the device refuses (``code`` = ATT error code)
DeviceDisconnected(ConnectionError) the link is down; ``reconnect()`` first
"""

from __future__ import annotations


class AttError(Exception):
    """A GATT request the device refuses (the ATT error code is in ``code``)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"ATT error 0x{code:02X}: {message}")
        self.code = code


class DeviceDisconnected(ConnectionError):
    """The link is down: reconnect before talking to the device."""
