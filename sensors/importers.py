"""Importers for other sensors' exports into a canonical ``Recording``.

MetaMotion (MbientLab MetaWear app): one CSV per sensor, columns ``epoch (ms), time, elapsed (s),
x-axis (g|deg/s), y-axis, z-axis``. The accelerometer is the timeline; the gyroscope (often at
another rate) is aligned on ``epoch (ms)`` and linearly interpolated onto it. Samples outside
the gyroscope's span get the nearest gyro reading: a sensor warming up is not a reason to lose
acceleration.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from sensors.errors import RecordingError
from sensors.recording import Recording, estimate_fs_hz, recording_from_rows, resample_onto
from sensors.types import GRAVITY_MS2, FloatArray

_UNIT_SCALE = {"g": GRAVITY_MS2, "m/s^2": 1.0, "m/s2": 1.0, "deg/s": math.pi / 180.0, "rad/s": 1.0}


def _read_metamotion_csv(path: Path, expect: tuple[str, ...]) -> tuple[FloatArray, FloatArray]:
    """Epoch milliseconds and the three axes in SI units from one MetaMotion CSV."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            rows = list(reader)
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordingError(f"{path}: cannot read ({exc})") from exc
    if header is None or len(header) < 6 or not header[0].strip().startswith("epoch"):
        raise RecordingError(f"{path}: not a MetaMotion export (first column should be 'epoch (ms)')")
    unit = header[3].strip().rsplit("(", 1)[-1].rstrip(")").strip()
    if unit not in expect:
        raise RecordingError(f"{path}: axis unit {unit!r}, expected one of {', '.join(expect)}")
    values = np.full((len(rows), 4), np.nan)
    for i, row in enumerate(rows):
        if len(row) < 6:
            continue  # a truncated last line
        try:
            values[i] = [float(row[0]), float(row[3]), float(row[4]), float(row[5])]
        except ValueError:
            continue
    values = values[np.all(np.isfinite(values), axis=1)]
    if values.shape[0] < 2:
        raise RecordingError(f"{path}: fewer than two readable rows")
    return values[:, 0], values[:, 1:] * _UNIT_SCALE[unit]


def read_metamotion(
    accel_csv: str | Path, gyro_csv: str | Path | None = None, *, placement: str = "wrist"
) -> Recording:
    """Read a MetaMotion accelerometer export (and optionally its gyroscope twin)."""
    accel_path = Path(accel_csv)
    t_epoch, accel = _read_metamotion_csv(accel_path, ("g", "m/s^2", "m/s2"))
    order = np.argsort(t_epoch, kind="stable")
    t_epoch, accel = t_epoch[order], accel[order]
    t0 = float(t_epoch[0])
    columns = [(t_epoch[:, None] - t0) / 1000.0, accel]
    meta: dict[str, object] = {
        "sensor": "MetaMotion",
        "placement": placement,
        "source": accel_path.name,
        "start_epoch_s": t0 / 1000.0,
    }
    if gyro_csv is not None:
        gyro_path = Path(gyro_csv)
        tg, gyro = _read_metamotion_csv(gyro_path, ("deg/s", "rad/s"))
        columns.append(resample_onto(t_epoch, tg, gyro))
        meta["source_gyro"] = gyro_path.name
    rec = recording_from_rows(np.hstack(columns), meta, has_gyro=gyro_csv is not None, source=str(accel_path))
    rec.meta["fs_hz"] = round(estimate_fs_hz(rec.t_s), 3)
    return rec
