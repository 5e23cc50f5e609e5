"""Compare simulated wrist signals with the labelled real recordings, per exercise (prints a table).

    .venv/bin/python bench/sim_vs_real.py [--data ../shared/data]

For each set it measures, on the acceleration in g: ``amp`` = p95 − p5 of |a| (how hard the
lift accelerates), ``tilt`` = the largest p95 − p5 of one axis (how far the forearm rotates
through gravity), and ``period`` = the rep period from the first autocorrelation peak of |a|
(0.8–8 s). Real sets are whole files; simulated sets are the truth's set span, simulated at the
real sensor's rate, once at a 2.5 s rep tempo ("sim") and once at the real sets' median period
("sim@"). Medians over sets; the real data are read in place, never copied.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from firmware_sim import RepScenario, simulate

EBBELAAR = {
    "bench_press": "bench",
    "squat": "squat",
    "deadlift": "dead",
    "overhead_press": "ohp",
    "barbell_row": "row",
}
PEBBLE = {
    "lat_pulldown": "lat-pulldown-straight",
    "dumbbell_row": "dumbbell-row",
    "seated_cable_row": "leverage-high-row",
}


def features(acc_g: np.ndarray, fs_hz: float) -> tuple[float, float, float]:
    norm = np.linalg.norm(acc_g, axis=1)
    amp = float(np.percentile(norm, 95) - np.percentile(norm, 5))
    tilt = float(max(np.percentile(acc_g[:, i], 95) - np.percentile(acc_g[:, i], 5) for i in range(3)))
    x = norm - norm.mean()
    ac = np.correlate(x, x, mode="full")[x.size - 1 :]
    lo, hi = int(0.8 * fs_hz), min(int(8 * fs_hz), x.size - 1)
    if hi <= lo + 2:
        return amp, tilt, float("nan")
    seg = ac[lo:hi]
    peaks = [
        i for i in range(1, seg.size - 1) if seg[i] >= seg[i - 1] and seg[i] >= seg[i + 1] and seg[i] > 0
    ]
    period = (lo + peaks[0]) / fs_hz if peaks else float("nan")
    return amp, tilt, period


def real_sets(root: Path, exercise: str) -> tuple[list[tuple[float, float, float]], float]:
    out = []
    if exercise in EBBELAAR:
        for f in sorted(
            (root / "ebbelaar-barbell" / "data").glob(f"*-{EBBELAAR[exercise]}-*Accelerometer*.csv")
        ):
            data = np.loadtxt(f, delimiter=",", skiprows=1, usecols=(3, 4, 5))
            out.append(features(data, 12.5))
        return out, 12.5
    base = root / "muvr-pebble-wrist"
    with open(base / "labels.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["exercise"] == PEBBLE[exercise] and not r["flags"]]
    for r in rows:
        out.append(
            features(np.loadtxt(base / r["path"], delimiter=",", usecols=(0, 1, 2)), float(r["fs_est_hz"]))
        )
    return out, 47.0


def sim_sets(
    exercise: str, fs_real: float, period_s: float, seeds: int = 6
) -> list[tuple[float, float, float]]:
    out = []
    fs_sim, step = (25.0, 2) if fs_real < 20 else (50.0, 1)
    side = "left" if exercise == "dumbbell_row" else None
    for seed in range(seeds):
        k = period_s / 2.5
        tempo = (max(0.2, 1.2 * k), 0.1 * k, max(0.2, 0.9 * k), 0.3 * k)
        scen = RepScenario(exercise, 10, "wrist", tempo_s=tempo, fatigue=0.1, seed=seed, side=side)
        rec = simulate(scen, fs_hz=fs_sim)
        s = rec.truth["sets"][0]
        keep = (rec.t_s >= s["start_s"]) & (rec.t_s <= s["end_s"])
        out.append(features(rec.accel_ms2[keep][::step] / 9.80665, fs_sim / step))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    args = ap.parse_args()
    root = Path(args.data)
    print(f"{'exercise':17} {'source':5} {'sets':>4} {'amp g':>6} {'tilt g':>6} {'period s':>8}")
    for exercise in [*EBBELAAR, *PEBBLE]:
        real, fs = real_sets(root, exercise)
        period = float(np.nanmedian(np.asarray(real)[:, 2]))
        for name, rows in (
            ("real", real),
            ("sim", sim_sets(exercise, fs, 2.5)),
            ("sim@", sim_sets(exercise, fs, period)),
        ):
            m = np.nanmedian(np.asarray(rows), axis=0)
            print(f"{exercise:17} {name:5} {len(rows):4d} {m[0]:6.2f} {m[1]:6.2f} {m[2]:8.2f}")


if __name__ == "__main__":
    main()
