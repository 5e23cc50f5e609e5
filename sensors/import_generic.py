"""Import any CSV of motion samples through a column map and units.

``read_generic_csv(path, columns={"t": "time", "ax": "accX", ...}, time_unit="ms",
accel_unit="g")``. The delimiter is sniffed (comma, semicolon, tab). Timestamps may be
numbers in s/ms/µs/ns or ISO 8601 date-times; they are made relative to the first sample.
Rows that do not parse are dropped and counted, then ``recording_from_rows`` sorts by time and
drops repeated timestamps, like every importer.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import numpy as np

from sensors.errors import RecordingError
from sensors.recording import Recording, estimate_fs_hz, recording_from_rows
from sensors.types import GRAVITY_MS2

TIME_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "iso": 1.0}
ACCEL_UNITS = {"g": GRAVITY_MS2, "mg": GRAVITY_MS2 / 1000.0, "m/s2": 1.0, "m/s^2": 1.0}
GYRO_UNITS = {"rad/s": 1.0, "deg/s": math.pi / 180.0, "dps": math.pi / 180.0, "mdps": math.pi / 180000.0}
ACCEL_KEYS = ("ax", "ay", "az")
GYRO_KEYS = ("gx", "gy", "gz")


def _pick(units: Mapping[str, float], unit: str, what: str) -> float:
    try:
        return units[unit.lower()]
    except KeyError:
        raise RecordingError(f"unknown {what} unit {unit!r}; use one of {', '.join(units)}") from None


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a delimited text file, delimiter sniffed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordingError(f"{path}: cannot read ({exc})") from exc
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2:
        raise RecordingError(f"{path}: needs a header row and at least one data row")
    counts = {d: lines[0].count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    rows = list(csv.reader(lines, delimiter=delimiter))
    return [h.strip() for h in rows[0]], rows[1:]


def _parse_time(cell: str, unit: str) -> float:
    if unit == "iso":
        return datetime.fromisoformat(cell.strip()).timestamp()
    return float(cell)


def read_generic_csv(
    path: str | Path,
    *,
    columns: Mapping[str, str],
    time_unit: str = "s",
    accel_unit: str = "m/s2",
    gyro_unit: str = "rad/s",
    placement: str = "wrist",
    sensor: str = "",
) -> Recording:
    """Read a CSV whose columns ``columns`` maps to ``t, ax, ay, az`` (and optionally ``gx, gy, gz``)."""
    path = Path(path)
    missing = [k for k in ("t", *ACCEL_KEYS) if k not in columns]
    if missing:
        raise RecordingError(
            f"the column map needs {', '.join(missing)} (e.g. t=time,ax=accX,ay=accY,az=accZ)"
        )
    unknown = sorted(set(columns) - {"t", *ACCEL_KEYS, *GYRO_KEYS})
    if unknown:
        raise RecordingError(f"the column map has unknown keys {', '.join(unknown)}; use t, ax..az, gx..gz")
    has_gyro = all(k in columns for k in GYRO_KEYS)
    if not has_gyro and any(k in columns for k in GYRO_KEYS):
        raise RecordingError("map all three of gx, gy, gz or none of them")
    t_scale = _pick(TIME_UNITS, time_unit, "time")
    a_scale = _pick(ACCEL_UNITS, accel_unit, "acceleration")
    g_scale = _pick(GYRO_UNITS, gyro_unit, "angular rate") if has_gyro else 1.0
    header, rows = read_table(path)
    keys = ["t", *ACCEL_KEYS, *(GYRO_KEYS if has_gyro else ())]
    try:
        index = [header.index(columns[k]) for k in keys]
    except ValueError:
        absent = [columns[k] for k in keys if columns[k] not in header]
        raise RecordingError(
            f"{path}: no column named {', '.join(map(repr, absent))}; the header has {', '.join(header)}"
        ) from None
    data = np.full((len(rows), len(keys)), np.nan)
    for i, row in enumerate(rows):
        try:
            values = [row[j] for j in index]
            data[i, 0] = _parse_time(values[0], time_unit.lower())
            data[i, 1:] = [float(v) for v in values[1:]]
        except (IndexError, ValueError):
            continue  # stays NaN: dropped and counted below
    data[:, 0] *= t_scale
    data[:, 1:4] *= a_scale
    if has_gyro:
        data[:, 4:7] *= g_scale
    t0 = np.nanmin(data[:, 0]) if np.isfinite(data[:, 0]).any() else 0.0
    data[:, 0] -= t0
    meta: dict[str, object] = {"sensor": sensor or path.stem, "placement": placement, "source": path.name}
    rec = recording_from_rows(data, meta, has_gyro=has_gyro, source=str(path))
    rec.meta["fs_hz"] = round(estimate_fs_hz(rec.t_s), 3)
    return rec


def parse_column_map(text: str) -> dict[str, str]:
    """``"t=time,ax=accX,ay=accY,az=accZ"`` → a column map."""
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, name = part.partition("=")
        if not sep or not name.strip():
            raise RecordingError(f"column map entry {part!r} should look like ax=accX")
        out[key.strip().lower()] = name.strip()
    return out
