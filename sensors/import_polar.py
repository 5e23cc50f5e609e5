"""Import Polar Sensor Logger exports (Android app for Polar H10 / Verity Sense / OH1).

The app writes one semicolon-separated text file per stream, e.g. ``..._ACC.txt`` with the
header ``Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]`` and ``..._GYRO.txt`` with
``X [dps]`` columns. The sensor timestamp (ns, device clock) is the timeline; the phone
timestamp is ignored because it is the BLE arrival time, which comes in bursts. A gyroscope
file, when given, is interpolated onto the accelerometer's timeline.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

from sensors.errors import RecordingError
from sensors.import_generic import read_table
from sensors.recording import Recording, estimate_fs_hz, recording_from_rows, resample_onto
from sensors.types import GRAVITY_MS2, FloatArray

_UNITS = {
    "mg": GRAVITY_MS2 / 1000.0,
    "g": GRAVITY_MS2,
    "m/s2": 1.0,
    "m/s^2": 1.0,
    "dps": math.pi / 180.0,
    "deg/s": math.pi / 180.0,
    "rad/s": 1.0,
}
_AXIS = re.compile(r"^([xyz])\s*\[([^\]]+)\]$", re.IGNORECASE)


def _read_polar(path: Path) -> tuple[FloatArray, FloatArray, str]:
    header, rows = read_table(path)
    lowered = [h.lower() for h in header]
    try:
        t_col = next(i for i, h in enumerate(lowered) if h.startswith("sensor timestamp"))
    except StopIteration:
        raise RecordingError(
            f"{path}: not a Polar Sensor Logger export (no 'sensor timestamp [ns]' column; "
            f"header is {'; '.join(header)})"
        ) from None
    axes: dict[str, tuple[int, str]] = {}
    for i, h in enumerate(header):
        m = _AXIS.match(h.strip())
        if m:
            axes[m.group(1).lower()] = (i, m.group(2).strip().lower())
    if set(axes) != {"x", "y", "z"}:
        raise RecordingError(
            f"{path}: expected X [unit], Y [unit], Z [unit] columns; header is {'; '.join(header)}"
        )
    unit = axes["x"][1]
    if unit not in _UNITS:
        raise RecordingError(f"{path}: unknown unit {unit!r}; known: {', '.join(_UNITS)}")
    cols = [t_col, axes["x"][0], axes["y"][0], axes["z"][0]]
    values = np.full((len(rows), 4), np.nan)
    for k, row in enumerate(rows):
        try:
            values[k] = [float(row[c]) for c in cols]
        except (IndexError, ValueError):
            continue
    values = values[np.all(np.isfinite(values), axis=1)]
    if values.shape[0] < 2:
        raise RecordingError(f"{path}: fewer than two readable rows")
    return values[:, 0] * 1e-9, values[:, 1:] * _UNITS[unit], unit


def read_polar_logger(
    acc_path: str | Path, gyro_path: str | Path | None = None, *, placement: str = "wrist"
) -> Recording:
    """Read a Polar Sensor Logger ``ACC`` file (and optionally its ``GYRO`` twin)."""
    acc_path = Path(acc_path)
    t_abs, accel, unit = _read_polar(acc_path)
    if unit in ("dps", "deg/s", "rad/s"):
        raise RecordingError(f"{acc_path}: this is a gyroscope file; give the ACC file first")
    t0 = float(np.min(t_abs))
    columns = [(t_abs - t0)[:, None], accel]
    meta: dict[str, object] = {"sensor": "Polar", "placement": placement, "source": acc_path.name}
    if gyro_path is not None:
        gyro_path = Path(gyro_path)
        tg, gyro, _ = _read_polar(gyro_path)
        columns.append(resample_onto(t_abs, tg, gyro))
        meta["source_gyro"] = gyro_path.name
    rec = recording_from_rows(np.hstack(columns), meta, has_gyro=gyro_path is not None, source=str(acc_path))
    rec.meta["fs_hz"] = round(estimate_fs_hz(rec.t_s), 3)
    return rec
