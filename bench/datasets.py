"""Loaders for the real labelled recordings in ``../shared/data`` (read in place, never copied).

Each loader yields ``RealSet`` items: one labelled recording with its expected rep count. Rows
that the folder's ``labels.csv`` marks as doubtful (``suspect`` notes in ebbelaar, any ``flags``
in muvr, unknown counts) are skipped, as the data READMEs ask.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sensors import GRAVITY_MS2, read_metamotion

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

# ebbelaar exercise names → catalog ids
_EBBELAAR_EXERCISE = {
    "bench": "bench_press",
    "squat": "squat",
    "dead": "deadlift",
    "ohp": "overhead_press",
    "row": "barbell_row",
    "rest": None,
}


@dataclass(frozen=True, slots=True, eq=False)
class RealSet:
    """One labelled real recording."""

    dataset: str
    name: str
    label: str
    """Exercise as the dataset names it."""
    exercise: str | None
    """Catalog id when one fits, else ``None`` (the generic counter)."""
    expected_reps: int
    t_s: np.ndarray
    accel_ms2: np.ndarray
    gyro_rads: np.ndarray | None
    fs_hz: float


def load_ebbelaar(root: Path = DEFAULT_DATA, *, include_rest: bool = True) -> Iterator[RealSet]:
    """Ebbelaar's MetaMotion wrist sets (skips ``suspect`` rows and form-demo sets without a count)."""
    folder = root / "ebbelaar-barbell"
    with (folder / "labels.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if "suspect" in row["note"] or row["expected_reps"].strip() == "":
            continue
        if row["exercise"] == "rest" and not include_rest:
            continue
        rec = read_metamotion(folder / row["acc_file"], folder / row["gyro_file"])
        yield RealSet(
            dataset="ebbelaar",
            name=row["recording_id"],
            label=row["exercise"] if row["exercise"] != "rest" else f"rest-{row['category']}",
            exercise=_EBBELAAR_EXERCISE[row["exercise"]],
            expected_reps=int(row["expected_reps"]),
            t_s=rec.t_s,
            accel_ms2=rec.accel_ms2,
            gyro_rads=rec.gyro_rads,
            fs_hz=rec.fs_hz,
        )


def _muvr_exercise(label: str) -> str | None:
    if "pulldown" in label and "crunch" not in label:
        return "lat_pulldown"
    if label == "dumbbell-row":
        return "dumbbell_row"
    if "biceps-curl" in label:
        return "biceps_curl"
    if label in ("barbell-press", "dumbbell-press"):
        return "overhead_press"
    if label in ("dumbbell-chest-press", "angle-chest-press"):
        return "bench_press"
    return None


def load_muvr(root: Path = DEFAULT_DATA) -> Iterator[RealSet]:
    """muvr Pebble wrist sets whose ``flags`` column is empty (the README's evaluation set)."""
    folder = root / "muvr-pebble-wrist"
    with (folder / "labels.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["flags"].strip() or int(row["reps"]) <= 0:
            continue
        fs_hz = float(row["fs_est_hz"])
        xyz = np.loadtxt(folder / row["path"], delimiter=",", usecols=(0, 1, 2), ndmin=2)
        t_s = np.arange(xyz.shape[0]) / fs_hz
        yield RealSet(
            dataset="muvr",
            name=row["path"],
            label=row["exercise"],
            exercise=_muvr_exercise(row["exercise"]),
            expected_reps=int(row["reps"]),
            t_s=t_s,
            accel_ms2=xyz * GRAVITY_MS2,
            gyro_rads=None,
            fs_hz=fs_hz,
        )


def load_all(root: Path = DEFAULT_DATA) -> list[RealSet]:
    """Every usable real set, ebbelaar first."""
    return [*load_ebbelaar(root), *load_muvr(root)]
