"""A second count of the real sets, from the pose, to tell label errors from counter misses.

Run: ``.venv/bin/python -m bench.pose_check [--data DIR] [--list K]``

For every labelled real set found as one set by ``analyze_recording``, the wrist pose
(``pose.pose``: raw acceleration low-passed at 1 Hz, the sensor's tilt) is projected on its
principal axis and its prominent peaks (≥ 40 % of its 5-95 % spread, at least half the set's
median rep apart) are counted in both polarities. Where the two polarities agree within one, the
larger is the pose count: an independent reading of the visible cycles, through a different
signal and method than the counter's. The table crosses the counter's error against the label
with whether the pose count agrees with the counter or with the label. With ``--list K``, every
set the counter gets K or more off (also those found as no set or several, which the table
leaves out) is listed first with its label, count and pose count ("-" where the polarities
disagree or no rep gives the pose count its spacing).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import signal

from bench.datasets import DEFAULT_DATA, RealSet, load_all
from repcount import SessionAnalysis, analyze_recording
from repcount.pose import pose

PROMINENCE = 0.4
"""Peak prominence, as a share of the pose's 5-95 % spread."""


def pose_count(accel_ms2: np.ndarray, fs_hz: float, rep_s: float) -> int | None:
    """Cycles of the pose's principal axis, or None when its two polarities disagree."""
    p = pose(accel_ms2, fs_hz)
    p = p - p.mean(axis=0)
    y = p @ np.linalg.svd(p, full_matrices=False)[2][0]
    spread = float(np.percentile(y, 95) - np.percentile(y, 5))
    dist = max(1, int(0.5 * rep_s * fs_hz))
    counts = [
        signal.find_peaks(s * y, prominence=PROMINENCE * spread, distance=dist)[0].size for s in (1, -1)
    ]
    return max(counts) if abs(counts[0] - counts[1]) <= 1 else None


def _list_miss(s: RealSet, an: SessionAnalysis) -> None:
    """One line for a set counted far off: name, exercise, label, count, sets found, pose count."""
    reps = [r for st in an.sets for r in st.reps]
    rep_s = float(np.median([r.end_s - r.start_s for r in reps])) if reps else 0.0
    pc = pose_count(s.accel_ms2, s.fs_hz, rep_s) if reps else None
    print(
        f"{s.dataset:9} {s.name:45} {s.label:26} label {s.expected_reps:3d}  count {an.count:3d}"
        f"  sets {len(an.sets)}  pose {'-' if pc is None else pc}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--list", type=int, default=None, metavar="K", help="list the sets K or more off")
    args = ap.parse_args()
    table: dict[str, Counter[tuple[int, str]]] = {}
    for s in load_all(args.data):
        if s.expected_reps == 0:
            continue
        an = analyze_recording(s.t_s, s.accel_ms2, s.gyro_rads, fs_hz=s.fs_hz, exercise=s.exercise)
        if args.list is not None and abs(an.count - s.expected_reps) >= args.list:
            _list_miss(s, an)
        if len(an.sets) != 1 or not an.sets[0].reps:
            continue
        rep_s = float(np.median([r.end_s - r.start_s for r in an.sets[0].reps]))
        pc = pose_count(s.accel_ms2, s.fs_hz, rep_s)
        if pc is None:
            continue
        err = max(-2, min(2, an.count - s.expected_reps))
        side = (
            "both"
            if pc == an.count == s.expected_reps
            else ("counter" if pc == an.count else "label" if pc == s.expected_reps else "neither")
        )
        table.setdefault(s.dataset, Counter())[(err, side)] += 1
    print(f"{'dataset':9} {'counter-label':>13}  pose agrees with: both counter label neither")
    for ds, c in table.items():
        for err in sorted({e for e, _ in c}):
            row = " ".join(f"{c[(err, k)]:>7}" for k in ("both", "counter", "label", "neither"))
            print(f"{ds:9} {err:>+13d}  {row}")


if __name__ == "__main__":
    main()
