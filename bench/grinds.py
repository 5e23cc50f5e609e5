"""A ground-out last rep on the simulator: found as a grind, and its slow-down against the truth.

Run as part of ``.venv/bin/python -m bench.accuracy`` (the "grinding last rep" lines). Sets of 5
and 10 reps of every exercise and placement at the default tempo, each drawn twice per seed:
with its last rep ground out (``RepScenario(grind_last=True)``: the concentric stretched 1.6-2.5×,
its range full) and without. A set reads as a grind when ``SetSummary.last_rep_grind``; precision
and recall are over the exactly counted sets (one set found), where the last counted rep is the
last true one. The last rep's slow-down (``last_rep_slowdown_pct``) is compared with the truth's:
its last concentric against the median of the concentrics before it, over the reps no momentum
sped up (``summary.DRIVEN_BY_MOMENTUM``), as the summary reads it; on a bar or handle, the last
rep's velocity loss against the best rep before it (``last_rep_velocity_loss_pct``) with the
truth's (each rep's range over its concentric time), over every exactly counted set.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from tqdm import tqdm

from repcount import analyze_recording
from repcount.summary import DRIVEN_BY_MOMENTUM


def true_last_rep_slowdown_pct(reps: list[dict[str, Any]]) -> float | None:
    """The truth's last concentric against the median of the controlled ones before it, in %."""
    before = [r["concentric_s"] for r in reps[:-1] if not DRIVEN_BY_MOMENTUM.intersection(r["flags"])]
    if len(before) < 2 or not reps:
        return None
    return 100.0 * (reps[-1]["concentric_s"] / float(np.median(before)) - 1.0)


def true_last_rep_velocity_loss_pct(reps: list[dict[str, Any]]) -> float | None:
    """The truth's last mean concentric velocity (range over concentric time) against the best of
    the controlled reps before it, in %."""
    v = [r["rom_m"] / r["concentric_s"] for r in reps]
    before = [
        x for x, r in zip(v[:-1], reps[:-1], strict=True) if not DRIVEN_BY_MOMENTUM.intersection(r["flags"])
    ]
    if len(before) < 2:
        return None
    return 100.0 * (1.0 - v[-1] / max(before))


def grind_jobs(seeds: int) -> list[tuple[str, str, int, bool, int]]:
    """Every exercise and placement, sets of 5 and 10, without and with a grinding last rep."""
    from firmware_sim import SIM_EXERCISES, placements_for

    return [
        (ex, pl, reps, grind, seed)
        for ex in SIM_EXERCISES
        for pl in placements_for(ex)
        for reps in (5, 10)
        for grind in (False, True)
        for seed in range(seeds)
    ]


def grinds(fs_hz: float, seeds: int) -> None:
    """Print the grind lines: counts, precision / recall, and the slow-down's error (p50 / p95)."""
    from firmware_sim import RepScenario, simulate

    exact: dict[bool, list[bool]] = defaultdict(list)
    tp = fp = fn = tn = 0
    err: dict[str, list[float]] = defaultdict(list)
    v_err: dict[str, list[float]] = defaultdict(list)
    jobs = grind_jobs(seeds)
    for ex, pl, reps, grind, seed in tqdm(jobs, desc="grinds", unit="set"):
        rec = simulate(RepScenario(ex, reps, placement=pl, seed=seed, grind_last=grind), fs_hz=fs_hz)
        truth = [r for s in rec.truth["sets"] for r in s["reps"]]
        found = analyze_recording(
            rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=fs_hz, exercise=ex, placement=pl
        )
        ok = found.count == len(truth) and len(found.sets) == 1
        exact[grind].append(ok)
        if not ok:
            continue
        summary = found.sets[0].summary
        assert summary is not None
        said = summary.last_rep_grind
        tp += said and grind
        fp += said and not grind
        fn += grind and not said
        tn += not (said or grind)
        true_loss = true_last_rep_velocity_loss_pct(truth)
        if summary.last_rep_velocity_loss_pct is not None and true_loss is not None:
            v_err["bar and handle: last rep's velocity loss vs the best before it"].append(
                abs(summary.last_rep_velocity_loss_pct - true_loss)
            )
        true_pct = true_last_rep_slowdown_pct(truth)
        if summary.last_rep_slowdown_pct is not None and true_pct is not None:
            err["sets with a grinding last rep" if grind else "sets without"].append(
                abs(summary.last_rep_slowdown_pct - true_pct)
            )
    print(f"\ngrinding last rep (fs {fs_hz:.0f} Hz, {seeds} seeds, sets of 5 and 10)")
    for grind, name in ((True, "with a grinding last rep"), (False, "without")):
        print(f"  sets {name:28} {len(exact[grind]):4}  counted exactly {100 * np.mean(exact[grind]):5.1f} %")
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec_ = tp / (tp + fn) if tp + fn else float("nan")
    print(
        f"  grind found (exactly counted sets): precision {prec:.2f} recall {rec_:.2f}  "
        f"(tp {tp}, fp {fp}, fn {fn}, tn {tn})"
    )
    print("  last rep's slow-down, error against the truth (percentage points)   p50   p95")
    for name, errs in [*sorted(err.items()), *v_err.items()]:
        p = np.percentile(errs, [50, 95])
        print(f"    {name:64} {p[0]:4.0f} {p[1]:5.0f}")
