"""``open_source``: the one front door to every motion source, chosen by kind, imported lazily.

Only the chosen source's module is imported, so replay and simulation work where bleak
cannot load. ``REPCOUNT_SOURCE`` names the kind when the caller gives none (one CI job can
run the server against ``sim``).
"""

from __future__ import annotations

import os
from typing import Any

from sensors.status import MonitoredSource
from sensors.types import SourceKind

ENV_VAR = "REPCOUNT_SOURCE"


def open_source(kind: SourceKind | str | None = None, **options: Any) -> MonitoredSource:
    """A new, unopened source; use it as ``async with open_source(...) as src``.

    Options by kind: ``sim``: ``scenario``, ``speed``, ``fs_hz``, ``faults``, ``seed``;
    ``replay``: ``path``, ``speed``, ``batch_s``; ``ble``: ``address`` (address or name),
    ``profile`` (``"openrep"`` or ``"polar"``), ``watchdog_s``, ``max_attempts`` and the
    other ``BleSource`` settings.
    """
    if kind is None:
        kind = os.environ.get(ENV_VAR, "")
        if not kind:
            raise ValueError(f"say which source to open, or set {ENV_VAR} to one of: {_kinds()}")
    try:
        kind = SourceKind(str(kind).lower())
    except ValueError:
        raise ValueError(f"unknown source kind {kind!r}; choose one of: {_kinds()}") from None
    match kind:
        case SourceKind.REPLAY:
            from sensors.replay import ReplaySource

            return ReplaySource(**options)
        case SourceKind.SIM:
            from sensors.sim import SimSource

            return SimSource(**options)
        case SourceKind.BLE:
            from sensors.ble import BleSource

            if "address" not in options:
                raise ValueError("a BLE source needs address= (the sensor's address or name)")
            return BleSource(options.pop("address"), **options)
    raise AssertionError(kind)  # pragma: no cover


def _kinds() -> str:
    return ", ".join(k.value for k in SourceKind)
