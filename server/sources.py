"""Which sensor to read: ``sim``, a recording file, or a BLE name/address (via ``sensors``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sensors import SensorSource, SourceKind


def source_factory_for(sensor: str, *, speed: float = 1.0, seed: int = 7) -> Callable[[], SensorSource]:
    """A zero-argument factory (the runner re-opens the source after a sensor error)."""
    import sensors

    open_source = sensors.open_source

    if sensor == "sim":
        from firmware_sim import default_workout_scenario

        def make_sim() -> SensorSource:
            src: SensorSource = open_source(
                SourceKind.SIM, scenario=default_workout_scenario(), speed=speed, seed=seed
            )
            return src

        return make_sim
    if Path(sensor).suffix in (".csv", ".gz") or Path(sensor).exists():
        path = Path(sensor)

        def make_replay() -> SensorSource:
            src: SensorSource = open_source(SourceKind.REPLAY, path=path, speed=speed)
            return src

        return make_replay

    def make_ble() -> SensorSource:
        src: SensorSource = open_source(SourceKind.BLE, address=sensor)
        return src

    return make_ble
