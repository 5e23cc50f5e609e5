"""A bar or handle sensor's velocity as the phone shows it live: each rep's mean concentric
velocity when the rep is announced, and the set's velocity loss from its best rep.

Run: ``.venv/bin/python -m bench.live_velocity [--seeds 2] [--fs 50]``

Sets of 10 reps of every exercise the simulator draws on a bar or handle, at the default tempo
and with the simulator's fatigue, pushed into one ``LiveCounter`` in 40 ms batches with the
exercise told (as the server runs it; ``bench.live_grinds.live_pushes``). Each announced rep
(``RepCompleted``) and each rep of the set's final analysis (``SetEnded``) is matched to the
true rep whose end is nearest, within a third of the median true rep; its velocity is compared
with the simulator's (the rep's range over its concentric's duration, as ``bench.accuracy``).
The velocity loss the page shows after the set's last announced rep (the best announced rep's
velocity against the last one's) is compared with the true loss over the same reps, in
percentage points; the final analysis's ``velocity_loss_pct`` likewise.
"""

from __future__ import annotations

import argparse

import numpy as np
from tqdm import tqdm

from bench.live_grinds import live_pushes
from repcount import RepCompleted, SetEnded


def _loss_pct(v: list[float]) -> float:
    """Velocity loss of the last rep from the best, in % of the best."""
    return 100.0 * (max(v) - v[-1]) / max(v)


def main() -> None:
    from firmware_sim import SIM_EXERCISES, RepScenario, placements_for, simulate

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--fs", type=float, default=50.0)
    args = ap.parse_args()
    jobs = [
        (ex, pl, seed)
        for ex in SIM_EXERCISES
        for pl in ("bar", "handle")
        if pl in placements_for(ex)
        for seed in range(1, args.seeds + 1)
    ]
    err: dict[str, list[float]] = {"live": [], "final": []}
    loss_err: dict[str, list[float]] = {"live": [], "final": []}
    matched = {"live": 0, "final": 0}
    announced = {"live": 0, "final": 0}
    for ex, pl, seed in tqdm(jobs, desc="live velocity", unit="set"):
        rec = simulate(RepScenario(ex, 10, placement=pl, seed=seed), fs_hz=args.fs)
        truth = [r for s in rec.truth["sets"] for r in s["reps"]]
        true_v = np.array([t["rom_m"] / t["concentric_s"] for t in truth])
        true_end = np.array([t["end_s"] for t in truth])
        tol = np.median([t["end_s"] - t["start_s"] for t in truth]) / 3
        events = [e for p in live_pushes(rec, args.fs, ex, pl) for e in p]
        reps = {
            "live": [e.rep for e in events if isinstance(e, RepCompleted)],
            "final": [r for e in events if isinstance(e, SetEnded) for r in e.analysis.reps],
        }
        for kind, rs in reps.items():
            shown, true_shown = [], []
            for r in rs:
                announced[kind] += 1
                j = int(np.argmin(np.abs(true_end - r.end_s)))
                if r.mean_concentric_velocity_ms is None or abs(true_end[j] - r.end_s) > tol:
                    continue
                matched[kind] += 1
                err[kind].append(100 * abs(r.mean_concentric_velocity_ms - true_v[j]) / true_v[j])
                shown.append(r.mean_concentric_velocity_ms)
                true_shown.append(float(true_v[j]))
            if len(shown) >= 2:
                loss_err[kind].append(abs(_loss_pct(shown) - _loss_pct(true_shown)))
    print(f"{len(jobs)} sets of 10 reps (bar and handle, {args.seeds} seeds, {args.fs:g} Hz, 40 ms batches)")
    print(f"{'':24} reps matched   velocity error, % of true   loss error, pp")
    print(f"{'':24} {'':12}   p50    p95                  p50   p95")
    for kind, label in (("live", "announced live"), ("final", "set's final analysis")):
        e, le = np.percentile(err[kind], [50, 95]), np.percentile(loss_err[kind], [50, 95])
        print(
            f"  {label:22} {matched[kind]:4} of {announced[kind]:4}   {e[0]:5.1f}  {e[1]:5.1f}"
            f"                {le[0]:5.1f} {le[1]:5.1f}"
        )


if __name__ == "__main__":
    main()
