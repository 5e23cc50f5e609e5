"""A set to failure fed live: is its ground-out last rep in the live set's final count?

Run: ``.venv/bin/python -m bench.live_grinds [--seeds 2] [--fs 50]``

Sets of 5 and 10 reps of every exercise and placement at the default tempo, each drawn twice per
seed: with its last rep ground out (``RepScenario(grind_last=True)``, as ``bench.grinds``) and
without (the control). Each recording is pushed into one ``LiveCounter`` in 40 ms batches (2
samples at 50 Hz) with the exercise told, as the server runs it, then ``finish()``. A set is
exact live when the live counter kept one set (``SetEnded`` with reps) and its final count is the
true count; offline when ``analyze_recording`` on the same recording finds one set of the true
count; the two agree when the live final counts equal offline's set counts. For the sets with
the grind: whether the last rep was announced (a ``RepCompleted`` numbered as the true count)
and how long after the rep's true end, and whether that announcement came with the set's close
(in the same push as ``SetEnded``).
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import numpy as np
from tqdm import tqdm

from bench.grinds import grind_jobs
from repcount import LiveCounter, RepCompleted, SetEnded, analyze_recording
from repcount.types import LiveEvent


def live_timed(
    t: np.ndarray, a: np.ndarray, g: np.ndarray | None, fs: float, exercise: str | None, placement: str
) -> list[tuple[float, list[LiveEvent]]]:
    """Push a recording live in 40 ms batches, then ``finish()``: (newest sample pushed, events)
    of each push that returned any."""
    live = LiveCounter(fs_hz=fs, exercise=exercise, placement=placement)
    batch = max(1, round(0.04 * fs))
    out = []
    for i in range(0, t.size, batch):
        piece = slice(i, i + batch)
        events = live.push(t[piece], a[piece], None if g is None else g[piece])
        if events:
            out.append((float(t[min(i + batch, t.size) - 1]), events))
    events = live.finish()
    if events:
        out.append((float(t[-1]), events))
    return out


def live_pushes(rec: object, fs: float, ex: str, pl: str) -> list[list[LiveEvent]]:
    """The live counter's events, one list per push that returned any (``live_timed``)."""
    t, a, g = rec.t_s, rec.accel_ms2, rec.gyro_rads  # type: ignore[attr-defined]
    return [events for _, events in live_timed(t, a, g, fs, ex, pl)]


def main() -> None:
    from firmware_sim import RepScenario, simulate

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--fs", type=float, default=50.0)
    ap.add_argument("--list", action="store_true", help="print every set live and offline disagree on")
    args = ap.parse_args()
    jobs = grind_jobs(args.seeds)
    live_ok: dict[bool, list[bool]] = defaultdict(list)
    off_ok: dict[bool, list[bool]] = defaultdict(list)
    agree: dict[bool, list[bool]] = defaultdict(list)
    announced: list[bool] = []
    at_close: list[bool] = []
    late: list[float] = []
    for ex, pl, reps, grind, seed in tqdm(jobs, desc="live grinds", unit="set"):
        rec = simulate(RepScenario(ex, reps, placement=pl, seed=seed, grind_last=grind), fs_hz=args.fs)
        truth = [r for s in rec.truth["sets"] for r in s["reps"]]
        n = len(truth)
        pushes = live_pushes(rec, args.fs, ex, pl)
        live_counts = [
            e.analysis.count for p in pushes for e in p if isinstance(e, SetEnded) and e.analysis.count
        ]
        off = analyze_recording(
            rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=args.fs, exercise=ex, placement=pl
        )
        off_counts = [s.count for s in off.sets]
        live_ok[grind].append(live_counts == [n])
        off_ok[grind].append(off_counts == [n])
        agree[grind].append(live_counts == off_counts)
        if args.list and live_counts != off_counts:
            print(
                f"  {ex:18} {pl:6} {reps:2} grind={grind!s:5} seed {seed}: "
                f"truth {n} live {live_counts} offline {off_counts}"
            )
        if not grind or live_counts != [n]:
            continue
        last = [(e, p) for p in pushes for e in p if isinstance(e, RepCompleted) and e.count == n]
        announced.append(bool(last))
        if last:
            e, p = last[-1]
            late.append(e.t_s - truth[-1]["end_s"])
            at_close.append(any(isinstance(x, SetEnded) for x in p))
    print(
        f"\nlive grinds (fs {args.fs:.0f} Hz, {args.seeds} seeds, sets of 5 and 10, "
        "40 ms batches, exercise told)"
    )
    for grind, name in ((True, "with a grinding last rep"), (False, "without")):
        k = len(live_ok[grind])
        print(
            f"  sets {name:26} {k:4}  exact live {100 * np.mean(live_ok[grind]):5.1f} %  "
            f"offline {100 * np.mean(off_ok[grind]):5.1f} %  live = offline {sum(agree[grind])} of {k}"
        )
    if late:
        p = np.percentile(late, [50, 95])
        print(
            f"  grinding sets exact live: last rep announced {sum(announced)} of {len(announced)}, "
            f"{sum(at_close)} of them at the set's close; "
            f"after its true end p50 {p[0]:.1f} s p95 {p[1]:.1f} s"
        )


if __name__ == "__main__":
    main()
