"""Errors raised by ``sensors``. Foreign exceptions (bleak, OS) stop here.

::

    SensorError
    ├── SensorNotFound(SensorError, LookupError)
    ├── SensorTimeout(SensorError, TimeoutError)
    ├── SensorDisconnected(SensorError, ConnectionError)
    ├── BadPacket(SensorError, ValueError)
    └── RecordingError(SensorError, ValueError)
"""

from __future__ import annotations


class SensorError(Exception):
    """Base of every error ``sensors`` raises."""


class SensorNotFound(SensorError, LookupError):
    """No sensor answered to the name or address asked for."""


class SensorTimeout(SensorError, TimeoutError):
    """The sensor did not answer in time."""


class SensorDisconnected(SensorError, ConnectionError):
    """The link to the sensor was lost and could not be recovered."""


class BadPacket(SensorError, ValueError):
    """A notification payload that does not decode (wrong length, version or type)."""


class RecordingError(SensorError, ValueError):
    """A recording file that cannot be read or written: says which file and what to fix."""
