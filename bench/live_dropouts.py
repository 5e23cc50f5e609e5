"""A sensor that drops out mid-set, fed live and offline: is the set still one set, and whole?

Run: ``.venv/bin/python -m bench.live_dropouts [--seeds 2] [--fs 50] [--list]``

Sets of 10 reps of every exercise of the simulator's catalog, with the sensor at the wrist and
on the equipment (the bar, or the torso for hyperextensions), at the default tempo, two seeds.
From each recording a stretch of ``CUTS_S`` seconds is cut out (0 s is the control), starting
0.3 s into the second rep ("early": the live counter opens a set at its second rep), 0.3 s into
the fifth ("middle"), half-way through the last rep ("last rep") and 0.3 s after it ("after").
A real dropout reaches the counter the same way: the samples stop, and the next batch's
timestamps jump (``sensors.assembly`` keeps the device clock; ``LiveSamples`` fills the hole).
The cut recording is pushed into one ``LiveCounter`` in 40 ms batches with the exercise told,
as the server runs it, then ``finish()``; ``analyze_recording`` runs on the same cut recording.

Reported per cut length: how many live sets' final counts (``SetEnded`` with reps) are exactly
the true count and within one, the same for offline, sets split in two (more than one live set
with reps), sets lost (none), false starts (a live set closed with no reps), reps announced
beyond the final count, and the time from the first sample after the gap to the next announced
rep (``RepCompleted``; only where a true rep ends after the gap). Up to ``MAX_DROPOUT_S`` (8 s)
the reps done in the gap count (``inferred``). A dropout longer than the rest that closes a set
(``min_rest_s``, 8 s) may have hidden one: no reps are inferred across it, the set closes at the
gap with its reps, and the reps after the gap are a new set; for the 10 s cuts a count is
exact when the sum over the sets kept lies between the reps wholly outside the gap and the reps
at least partly outside it (a set that reads as split is then the expected outcome, not an
error).

Also two sets of one lift with a short rest between them (``REST_S``, varied ±33 % by the
simulator) and the dropout in the rest, 1 s after the first set's last rep and half-way through
the rest: the two sets must stay two, with their true counts (no reps invented across the gap).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from tqdm import tqdm

from bench.live_grinds import live_timed
from firmware_sim import SIM_EXERCISES, RepScenario, SetPlan, WorkoutScenario, placements_for, simulate
from repcount import RepCompleted, SetEnded, analyze_recording
from repcount.filter import MAX_DROPOUT_S
from repcount.types import LiveEvent

CUTS_S = (0.0, 1.5, 3.0, 6.5, 10.0)
"""Dropout lengths, seconds (0: the control)."""
POSITIONS = ("early", "middle", "last rep", "after")
REST_S = 20.0
"""Mean rest between the two sets of the rest case, seconds: short, so a gap in it is a large
part of it."""
REST_CUTS_S = (0.0, 3.0, 6.5, 10.0)
REPS = 10
LEAD_OUT_S = 14.0
"""Quiet after the set: a 10 s dropout just after the last rep still has real samples after it."""


def cut_out(rec: Any, at_s: float, length_s: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The recording without its samples in [at_s, at_s + length_s)."""
    keep = ~((rec.t_s >= at_s) & (rec.t_s < at_s + length_s))
    return rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep]


def cut_start_s(reps: list[dict[str, Any]], position: str) -> float:
    """Where a dropout at ``position`` (``POSITIONS``) starts, on the truth's clock."""
    last = reps[-1]
    return float(
        {
            "early": reps[1]["start_s"] + 0.3,
            "middle": reps[len(reps) // 2 - 1]["start_s"] + 0.3,
            "last rep": 0.5 * (last["start_s"] + last["end_s"]),
            "after": last["end_s"] + 0.3,
        }[position]
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    """One cut set, live and offline."""

    live: list[int]
    """The final counts of the live sets kept (``SetEnded`` with reps)."""
    offline: list[int]
    """``analyze_recording``'s set counts."""
    expected: int
    """The true count (for a dropout over ``MAX_DROPOUT_S``: the reps wholly outside it)..."""
    expected_hi: int
    """...up to the reps at least partly outside it."""
    false_starts: int
    beyond: int
    """Reps announced beyond their set's final count, summed over sets."""
    after_gap_s: float | None
    """From the first sample after the gap to the next ``RepCompleted`` (``nan``: none came);
    ``None`` when no true rep ends after the gap."""


def outcome(
    pushes: list[tuple[float, list[LiveEvent]]],
    offline: list[int],
    expected: tuple[int, int],
    gap: tuple[float, float] | None,
    rep_after_gap: bool,
) -> Outcome:
    live: list[int] = []
    false_starts = beyond = announced = 0
    first_after: float | None = None
    for now, events in pushes:
        for e in events:
            if isinstance(e, RepCompleted):
                announced = e.count
                if gap is not None and first_after is None and now >= gap[1]:
                    first_after = now
            elif isinstance(e, SetEnded):
                beyond += max(0, announced - e.analysis.count)
                announced = 0
                if e.analysis.count:
                    live.append(e.analysis.count)
                else:
                    false_starts += 1
    after: float | None = None
    if gap is not None and rep_after_gap:
        after = float("nan") if first_after is None else first_after - gap[1]
    return Outcome(live, offline, *expected, false_starts, beyond, after)


def set_jobs(seeds: int) -> Iterator[tuple[str, str, int, float, str]]:
    """(exercise, placement, seed, cut, position): the control once, every other cut at each position."""
    for ex in SIM_EXERCISES:
        kept = [p for p in placements_for(ex) if p == "wrist"][:1]
        kept += [p for p in placements_for(ex) if p != "wrist"][:1]
        for pl in kept:
            for seed in range(seeds):
                yield ex, pl, seed, 0.0, "none"
                for cut in CUTS_S[1:]:
                    for pos in POSITIONS:
                        yield ex, pl, seed, cut, pos


def run_set(ex: str, pl: str, seed: int, cut: float, pos: str, fs: float) -> Outcome:
    rec = simulate(RepScenario(ex, REPS, placement=pl, seed=seed, lead_out_s=LEAD_OUT_S), fs_hz=fs)
    reps = rec.truth["sets"][0]["reps"]
    expected, gap, after = (len(reps), len(reps)), None, False
    t, a, g = rec.t_s, rec.accel_ms2, rec.gyro_rads
    if cut > 0:
        at = cut_start_s(reps, pos)
        t, a, g = cut_out(rec, at, cut)
        i = int(np.searchsorted(t, at))
        gap = (float(t[i - 1]), float(t[i]))
        after = any(r["end_s"] >= at + cut for r in reps)
        if cut > MAX_DROPOUT_S:
            inside = sum(at <= r["start_s"] and r["end_s"] <= at + cut for r in reps)
            touched = sum(r["end_s"] > at and r["start_s"] < at + cut for r in reps)
            expected = (len(reps) - touched, len(reps) - inside)
    off = analyze_recording(t, a, g, fs_hz=fs, exercise=ex, placement=pl)
    return outcome(live_timed(t, a, g, fs, ex, pl), [s.count for s in off.sets], expected, gap, after)


def run_rest(ex: str, pl: str, seed: int, cut: float, where: str, fs: float) -> Outcome:
    """Two sets with the dropout in the rest between them (``where``: "after set" or "mid rest")."""
    side = "left" if ex == "dumbbell_row" else None
    plans = (SetPlan(ex, REPS, side=side), SetPlan(ex, REPS, side=side))
    w = WorkoutScenario(plans, placement=pl, rest_s=REST_S, seed=seed, lead_out_s=LEAD_OUT_S)
    rec = simulate(w, fs_hz=fs)
    first, second = rec.truth["sets"][0]["reps"], rec.truth["sets"][1]["reps"]
    end, begin = first[-1]["end_s"], second[0]["start_s"]
    at = end + 1.0 if where == "after set" else 0.5 * (end + begin) - cut / 2
    t, a, g = cut_out(rec, at, cut) if cut > 0 else (rec.t_s, rec.accel_ms2, rec.gyro_rads)
    off = analyze_recording(t, a, g, fs_hz=fs, exercise=ex, placement=pl)
    off_counts = [s.count for s in off.sets]
    return outcome(live_timed(t, a, g, fs, ex, pl), off_counts, (REPS, REPS), None, False)


def _pct(k: int, n: int) -> str:
    return f"{100 * k / max(n, 1):5.1f} %"


def _print_sets(by_cut: dict[float, list[Outcome]]) -> None:
    print(
        f"{'cut s':>6} {'sets':>5} {'live exact':>10} {'live ±1':>8} {'offline':>8} {'split':>6} "
        f"{'lost':>5} {'false st':>8} {'beyond':>6} {'next rep after gap p50 / p95 s, never':>38}"
    )
    for cut, outs in sorted(by_cut.items()):
        n = len(outs)
        if cut > MAX_DROPOUT_S:  # a set closed at the gap: the reps seen, over the sets kept
            exact = sum(o.expected <= sum(o.live) <= o.expected_hi for o in outs)
            near = sum(o.expected - 1 <= sum(o.live) <= o.expected_hi + 1 for o in outs)
            off = sum(o.expected <= sum(o.offline) <= o.expected_hi for o in outs)
        else:
            exact = sum(o.live == [o.expected] for o in outs)
            near = sum(len(o.live) == 1 and abs(o.live[0] - o.expected) <= 1 for o in outs)
            off = sum(o.offline == [o.expected] for o in outs)
        split = sum(len(o.live) > 1 for o in outs)
        lost = sum(not o.live for o in outs)
        after = np.array([o.after_gap_s for o in outs if o.after_gap_s is not None])
        seen = after[np.isfinite(after)]
        lat = (
            f"{np.percentile(seen, 50):6.2f} / {np.percentile(seen, 95):5.2f}, {after.size - seen.size:3d}"
            if seen.size
            else "-"
        )
        print(
            f"{cut:6.1f} {n:5d} {_pct(exact, n):>10} {_pct(near, n):>8} {_pct(off, n):>8} {split:6d} "
            f"{lost:5d} {sum(o.false_starts for o in outs):8d} {sum(o.beyond for o in outs):6d} {lat:>38}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--fs", type=float, default=50.0)
    ap.add_argument("--list", action="store_true", help="print every set not exact live or offline")
    ap.add_argument("--exercise", help="only this exercise")
    ap.add_argument("--no-rest", action="store_true", help="leave out the dropouts in a rest")
    args = ap.parse_args()
    by_cut: dict[float, list[Outcome]] = defaultdict(list)
    jobs = [j for j in set_jobs(args.seeds) if args.exercise in (None, j[0])]
    for ex, pl, seed, cut, pos in tqdm(jobs, desc="cut sets", unit="set"):
        o = run_set(ex, pl, seed, cut, pos, args.fs)
        by_cut[cut].append(o)
        if args.list and (o.live != [o.expected] or o.offline != [o.expected]):
            print(
                f"  {ex:18} {pl:6} seed {seed} cut {cut:4.1f} s {pos:8}: truth {o.expected} live {o.live} "
                f"offline {o.offline} false starts {o.false_starts} beyond {o.beyond}"
            )
    rest: dict[float, list[Outcome]] = defaultdict(list)
    rest_jobs = [
        (ex, pl, seed, cut, where)
        for ex, pl, seed, c, _ in jobs
        if c == 0.0
        for cut in REST_CUTS_S
        for where in ("after set", "mid rest")
        if not args.no_rest
    ]
    for ex, pl, seed, cut, where in tqdm(rest_jobs, desc="cut rests", unit="pair"):
        o = run_rest(ex, pl, seed, cut, where, args.fs)
        rest[cut].append(o)
        if args.list and (o.live != [REPS, REPS] or o.offline != [REPS, REPS]):
            print(
                f"  {ex:18} {pl:6} seed {seed} rest cut {cut:4.1f} s {where:9}: live {o.live} "
                f"offline {o.offline} false starts {o.false_starts}"
            )
    print(
        f"\nsets of {REPS} with a dropout ({args.seeds} seeds, {args.fs:.0f} Hz, 40 ms batches, exercise "
        f"told; positions {', '.join(POSITIONS)}; over {MAX_DROPOUT_S:.0f} s: the reps outside the gap)"
    )
    _print_sets(by_cut)
    if not rest:
        return
    print(f"\ntwo sets of {REPS}, about {REST_S:.0f} s rest, the dropout in the rest (1 s after, mid-rest)")
    print(
        f"{'cut s':>6} {'pairs':>5} {'live both exact':>15} {'offline':>8} {'joined':>6} {'lost':>5} "
        f"{'false st':>8}"
    )
    for cut, outs in sorted(rest.items()):
        n = len(outs)
        both = sum(o.live == [REPS, REPS] for o in outs)
        off = sum(o.offline == [REPS, REPS] for o in outs)
        # one live set for two: joined when it counts both sets' reps, else one of them lost
        joined = sum(len(o.live) == 1 and o.live[0] > 1.5 * REPS for o in outs)
        lost = sum(len(o.live) < 2 for o in outs) - joined
        fs_ = sum(o.false_starts for o in outs)
        print(f"{cut:6.1f} {n:5d} {_pct(both, n):>15} {_pct(off, n):>8} {joined:6d} {lost:5d} {fs_:8d}")


if __name__ == "__main__":
    main()
