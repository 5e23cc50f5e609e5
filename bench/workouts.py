"""Whole simulated workouts through ``analyze_recording``: sets found, missed and made up.

Run: ``.venv/bin/python -m bench.workouts [--seeds 3] [--placement wrist] [--fs 50]``

Each seed is the built-in back workout (``default_workout_scenario``: 23 sets with walking,
unracking and fidgeting in 60 s rests) recorded at one placement and analysed with the generic
counter, as ``repcount analyze`` does on a file without an exercise. A found set matches the
true set whose reps it overlaps most. Reported: sets matched, missed and false (no true set
under it), exact % / ±1 % / MAE over matched sets, and reps counted in false sets.
"""

from __future__ import annotations

import argparse

import numpy as np
from tqdm import tqdm

from firmware_sim import default_workout_scenario, simulate
from repcount import analyze_recording


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--placement", default="wrist")
    ap.add_argument("--fs", type=float, default=50.0)
    args = ap.parse_args()
    err: list[int] = []
    true_sets = missed = false_sets = false_reps = 0
    for seed in tqdm(range(1, args.seeds + 1), desc="workouts", unit="workout"):
        scenario = default_workout_scenario(seed=seed, rest_s=60.0, placement=args.placement)
        rec = simulate(scenario, fs_hz=args.fs)
        truth = [(s["reps"][0]["start_s"], s["reps"][-1]["end_s"], len(s["reps"])) for s in rec.truth["sets"]]
        found = analyze_recording(rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=args.fs).sets
        true_sets += len(truth)
        hit = [0] * len(truth)
        for s in found:
            overlap = [max(0.0, min(s.end_s, b) - max(s.start_s, a)) for a, b, _ in truth]
            k = int(np.argmax(overlap))
            if overlap[k] <= 0:
                false_sets += 1
                false_reps += s.count
                continue
            hit[k] += 1
            err.append(s.count - truth[k][2])
        missed += sum(1 for h in hit if h == 0)
    e = np.array(err)
    print(
        f"\nworkouts ({args.seeds} seeds, {args.placement}, {args.fs:.0f} Hz, generic counter): "
        f"{true_sets} true sets, {len(e)} found on them, {missed} missed, {false_sets} false "
        f"({false_reps} reps)\n"
        f"matched sets: exact {100 * np.mean(e == 0):.1f} %, ±1 {100 * np.mean(np.abs(e) <= 1):.1f} %, "
        f"MAE {np.mean(np.abs(e)):.2f}"
    )


if __name__ == "__main__":
    main()
