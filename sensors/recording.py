"""The canonical recording file: ``t,ax,ay,az[,gx,gy,gz]`` CSV (or ``.csv.gz``) plus a JSON sidecar.

``t`` is seconds from the start, acceleration is m/s² including gravity, angular rate is
rad/s. The sidecar ``<name>.json`` holds metadata (``sensor``, ``placement``, ``exercise``,
``fs_hz``) and, for labelled data, ``"truth"`` in the shape of ``repcount analyze --json``.
Real files have irregular timestamps, duplicates and holes: reading sorts by time, drops
duplicate timestamps and rows that are not finite, and reports what it dropped.
"""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from sensors.errors import RecordingError
from sensors.types import FloatArray, SampleBatch

ACCEL_COLUMNS = ("t", "ax", "ay", "az")
GYRO_COLUMNS = ("gx", "gy", "gz")


@dataclass(frozen=True, slots=True, eq=False)
class Recording:
    """A whole recording in memory, cleaned: strictly increasing ``t_s``."""

    t_s: FloatArray
    accel_ms2: FloatArray
    gyro_rads: FloatArray | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    dropped_rows: int = 0

    @property
    def fs_hz(self) -> float:
        """Sample rate: the sidecar's ``fs_hz`` if given, else the median step."""
        if "fs_hz" in self.meta:
            return float(self.meta["fs_hz"])
        return estimate_fs_hz(self.t_s)

    @property
    def truth(self) -> dict[str, Any] | None:
        """Ground truth from the sidecar, or ``None``."""
        truth = self.meta.get("truth")
        return truth if isinstance(truth, dict) else None

    def as_batch(self) -> SampleBatch:
        """The whole recording as one batch."""
        return SampleBatch(
            t_s=self.t_s,
            accel_ms2=self.accel_ms2,
            gyro_rads=self.gyro_rads,
            fs_hz=self.fs_hz,
            sensor=str(self.meta.get("sensor", "")),
            placement=str(self.meta.get("placement", "wrist")),
        )


def estimate_fs_hz(t_s: FloatArray) -> float:
    """Median sample rate of a time vector (Hz); raises on fewer than two samples."""
    if t_s.shape[0] < 2:
        raise RecordingError("need at least two samples to know the sample rate")
    step = float(np.median(np.diff(t_s)))
    if step <= 0:
        raise RecordingError("timestamps do not increase")
    return 1.0 / step


def sidecar_path(path: Path) -> Path:
    """``walk.csv`` and ``walk.csv.gz`` both have ``walk.json`` beside them."""
    name = path.name
    for suffix in (".csv.gz", ".csv"):
        if name.endswith(suffix):
            return path.with_name(name[: -len(suffix)] + ".json")
    return path.with_name(name + ".json")


def _open_text(path: Path, mode: str) -> IO[str]:
    if path.name.endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8", newline="")  # type: ignore[return-value]
    return open(path, mode, encoding="utf-8", newline="")


def read_recording(path: str | Path) -> Recording:
    """Read a canonical CSV (and its sidecar, if any) into a cleaned ``Recording``."""
    path = Path(path)
    if not path.exists():
        raise RecordingError(f"{path}: no such file")
    try:
        with _open_text(path, "r") as fh:
            header = fh.readline().strip().lower().replace(" ", "").split(",")
            body = fh.read()
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise RecordingError(f"{path}: cannot read ({exc})") from exc
    columns = tuple(header)
    if columns not in (ACCEL_COLUMNS, ACCEL_COLUMNS + GYRO_COLUMNS):
        raise RecordingError(
            f"{path}: header is {','.join(header)!r}; expected 't,ax,ay,az' or "
            "'t,ax,ay,az,gx,gy,gz' (use `repcount import` for other formats)"
        )
    data = _parse_rows(path, body, len(columns))
    meta = _read_sidecar(path)
    return recording_from_rows(data, meta, has_gyro=len(columns) == 7, source=str(path))


def _parse_rows(path: Path, body: str, ncols: int) -> FloatArray:
    rows: list[list[float]] = []
    bad = 0
    for line in body.splitlines():
        if not line.strip():
            continue
        parts = line.split(",")
        if len(parts) != ncols:
            bad += 1  # a truncated last line, most often
            continue
        try:
            rows.append([float(p) for p in parts])
        except ValueError:
            bad += 1
    if not rows:
        raise RecordingError(f"{path}: no readable sample rows ({bad} malformed)")
    data = np.asarray(rows, dtype=np.float64)
    return np.vstack([data, np.full((bad, ncols), np.nan)]) if bad else data


def _read_sidecar(path: Path) -> dict[str, Any]:
    side = sidecar_path(path)
    if not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RecordingError(f"{side}: sidecar is not valid JSON ({exc})") from exc
    if not isinstance(meta, dict):
        raise RecordingError(f"{side}: sidecar must be a JSON object")
    return meta


def recording_from_rows(
    data: FloatArray, meta: dict[str, Any], *, has_gyro: bool, source: str = "data"
) -> Recording:
    """Build a cleaned ``Recording`` from rows ``t, ax, ay, az[, gx, gy, gz]`` in canonical units.

    Rows that are not finite are dropped, rows are sorted by time, and repeated timestamps keep
    their first row; ``dropped_rows`` says how many went. Every importer ends here.
    """
    finite = np.all(np.isfinite(data), axis=1)
    data = data[finite]
    dropped = int((~finite).sum())
    if data.shape[0] < 2:
        raise RecordingError(f"{source}: fewer than two valid samples")
    order = np.argsort(data[:, 0], kind="stable")
    data = data[order]
    keep = np.concatenate([[True], np.diff(data[:, 0]) > 0])
    dropped += int((~keep).sum())
    data = data[keep]
    return Recording(
        t_s=np.ascontiguousarray(data[:, 0]),
        accel_ms2=np.ascontiguousarray(data[:, 1:4]),
        gyro_rads=np.ascontiguousarray(data[:, 4:7]) if has_gyro else None,
        meta=meta,
        dropped_rows=dropped,
    )


def resample_onto(t_s: FloatArray, t_src_s: FloatArray, values: FloatArray) -> FloatArray:
    """``values`` (n, 3) sampled at ``t_src_s`` linearly interpolated at ``t_s``.

    The source is sorted and repeated timestamps keep their first row; outside its span the
    nearest reading is held (a second sensor that starts late is no reason to lose samples).
    """
    order = np.argsort(t_src_s, kind="stable")
    t_src, v = t_src_s[order], values[order]
    keep = np.concatenate([[True], np.diff(t_src) > 0])
    t_src, v = t_src[keep], v[keep]
    return np.column_stack([np.interp(t_s, t_src, v[:, k]) for k in range(v.shape[1])])


def write_recording(path: str | Path, recording: Recording) -> Path:
    """Write ``recording`` as canonical CSV (gzip if the name ends in ``.gz``) plus sidecar."""
    path = Path(path)
    cols = [recording.t_s[:, None], recording.accel_ms2]
    header = list(ACCEL_COLUMNS)
    if recording.gyro_rads is not None:
        cols.append(recording.gyro_rads)
        header += GYRO_COLUMNS
    table = np.hstack(cols)
    buf = io.StringIO()
    buf.write(",".join(header) + "\n")
    np.savetxt(buf, table, fmt=["%.6f"] + ["%.5f"] * (table.shape[1] - 1), delimiter=",")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.name.endswith(".gz"):
            # mtime=0 and no stored name keep the bytes identical for a given seed
            with path.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
                gz.write(buf.getvalue().encode("utf-8"))
        else:
            path.write_text(buf.getvalue(), encoding="utf-8")
        if recording.meta:
            sidecar_path(path).write_text(
                json.dumps(recording.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )
    except OSError as exc:
        raise RecordingError(f"{path}: cannot write ({exc})") from exc
    return path
