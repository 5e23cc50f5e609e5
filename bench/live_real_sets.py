"""Later sets on real wrist data, fed live: one person's sets of one lift, one after another.

Run: ``.venv/bin/python -m bench.live_real_sets [--rest 60] [--data PATH] [--generic] [--rests-only]``

Each ebbelaar recording holds one set, so the live counter never sees an exercise's second set
there. Here the sets of one participant and lift (sorted by recording name) are joined into one
stream with ``--rest`` seconds of stillness between them (the last sample held, with 0.05 m/s²
and 0.01 rad/s of noise, a fixed seed) and fed live in 2-sample batches with the lift named, as
the server runs a routine. The offline analysis of the same joined stream is the reference (there
are no rep-time labels). Reported for every set after the first of its stream (the ones the
counter may recognise from the set before, ``repcount.set_memory``): the time from the offline
analysis' first rep end in that set to the first ``RepCompleted`` of the live set (its first
announced rep); and for every set, whether the live set's final count equals the offline count
there, and whether each equals the label. ``--generic``: live and offline with no exercise named
(the generic counter, which learns from the set before whatever it was).

Then ebbelaar's two rest recordings (standing and sitting, no reps) are fed live the same way, once
with each catalog lift named and once with none: the reps announced (``RepCompleted``) and the
sets opened (``SetStarted``) there, each a rep the phone showed that the lifter did not do (the
target is 0; the sets' final counts are reported too). ``--rests-only`` runs this part alone.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np
from tqdm import tqdm

from bench.datasets import DEFAULT_DATA, RealSet, load_ebbelaar
from repcount import (
    EXERCISE_IDS,
    LiveCounter,
    LiveEvent,
    RepCompleted,
    SetEnded,
    SetStarted,
    analyze_recording,
)

TARGET_S = 0.25


def _chain(
    sets: list[RealSet], rest_s: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[float, float]]]:
    """The sets joined with ``rest_s`` of stillness after each: times, accel, gyro and each set's
    (start, end) on the joined clock."""
    fs = sets[0].fs_hz
    ts, acc, gyr, spans = [], [], [], []
    t0 = 0.0
    for rs in sets:
        t = rs.t_s - rs.t_s[0] + t0
        ts.append(t)
        acc.append(rs.accel_ms2)
        gyr.append(rs.gyro_rads if rs.gyro_rads is not None else np.zeros_like(rs.accel_ms2))
        spans.append((float(t[0]), float(t[-1])))
        n = int(rest_s * fs)
        quiet = t[-1] + np.arange(1, n + 1) / fs
        ts.append(quiet)
        acc.append(rs.accel_ms2[-1] + rng.normal(0.0, 0.05, (n, 3)))
        gyr.append(rng.normal(0.0, 0.01, (n, 3)))
        t0 = float(quiet[-1]) + 1.0 / fs
    return np.concatenate(ts), np.concatenate(acc), np.concatenate(gyr), spans


def _fed_live(rs: RealSet, exercise: str | None) -> list[LiveEvent]:
    """The recording pushed into a ``LiveCounter`` in 2-sample batches, then ``finish()``."""
    live = LiveCounter(fs_hz=rs.fs_hz, exercise=exercise)
    t, a, g = rs.t_s, rs.accel_ms2, rs.gyro_rads
    events: list[LiveEvent] = []
    for i in range(0, t.size, 2):
        events += live.push(t[i : i + 2], a[i : i + 2], None if g is None else g[i : i + 2])
    return events + live.finish()


def rests_live(root: Path) -> list[str]:
    """One line per rest recording: reps announced and sets opened live, generic and per lift."""
    lines = []
    for rs in load_ebbelaar(root):
        if rs.expected_reps:
            continue
        minutes = (rs.t_s[-1] - rs.t_s[0]) / 60
        named: dict[str, tuple[int, int, int]] = {}
        for exercise in (None, *EXERCISE_IDS):
            events = _fed_live(rs, exercise)
            named[exercise or "generic"] = (
                sum(isinstance(e, RepCompleted) for e in events),
                sum(isinstance(e, SetStarted) for e in events),
                sum(e.analysis.count for e in events if isinstance(e, SetEnded)),
            )
        gen = named.pop("generic")
        reps, sets, final = (sum(v[k] for v in named.values()) for k in range(3))
        which = ", ".join(f"{ex} {v[0]}" for ex, v in named.items() if v[0]) or "none"
        lines.append(
            f"{rs.label} ({minutes:.1f} min) fed live: generic {gen[0]} reps announced in {gen[1]} sets "
            f"opened (final counts {gen[2]}); {len(named)} lifts named {reps} reps announced in {sets} "
            f"sets opened (final counts {final}; reps by lift: {which})"
        )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rest", type=float, default=60.0, help="stillness between sets, seconds")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--generic", action="store_true", help="no exercise named, live and offline")
    ap.add_argument("--rests-only", action="store_true", help="only the rest recordings fed live")
    args = ap.parse_args()
    if not (args.data / "ebbelaar-barbell").is_dir():
        raise SystemExit(f"no ebbelaar recordings under {args.data}: pass --data with the shared data folder")
    if args.rests_only:
        print("\n".join(rests_live(args.data)))
        return
    groups: dict[tuple[str, str | None], list[RealSet]] = defaultdict(list)
    for rs in load_ebbelaar(args.data, include_rest=False):
        groups[(rs.name[0], rs.exercise)].append(rs)
    rng = np.random.default_rng(0)
    firsts: list[float] = []
    never = agree = total = false_starts = live_right = offline_right = 0
    streams = [sorted(g, key=lambda r: r.name) for _, g in sorted(groups.items()) if len(g) >= 2]
    for sets in tqdm(streams, desc="streams", unit="stream"):
        t, a, g, spans = _chain(sets, args.rest, rng)
        fs, exercise = sets[0].fs_hz, None if args.generic else sets[0].exercise
        offline = analyze_recording(t, a, g, fs_hz=fs, exercise=exercise).sets
        live = LiveCounter(fs_hz=fs, exercise=exercise)
        events = []
        for i in range(0, t.size, 2):
            now = float(t[min(i + 1, t.size - 1)])
            events += [(now, e) for e in live.push(t[i : i + 2], a[i : i + 2], g[i : i + 2])]
        events += [(float(t[-1]), e) for e in live.finish()]
        ended = [(e.analysis.start_s, e.analysis.count) for _, e in events if isinstance(e, SetEnded)]
        false_starts += sum(1 for _, c in ended if c == 0)
        for k, ((lo, hi), rs) in enumerate(zip(spans, sets, strict=True)):
            total += 1
            here = [s for s in offline if lo - 5.0 <= s.start_s <= hi]
            counts = [c for s0, c in ended if lo - 5.0 <= s0 <= hi and c]
            agree += counts == [s.count for s in here]
            live_right += counts == [rs.expected_reps]
            offline_right += [s.count for s in here] == [rs.expected_reps]
            if k == 0 or not here or not here[0].reps:
                continue
            first_end = here[0].reps[0].end_s
            at = [now for now, e in events if isinstance(e, RepCompleted) and lo - 5.0 <= e.rep.end_s <= hi]
            if at:
                firsts.append(at[0] - first_end)
            else:
                never += 1
    f = np.array(firsts)
    print(
        f"ebbelaar sets chained per participant and lift ({len(streams)} streams, {args.rest:.0f} s "
        f"rest, 2-sample batches{', generic counter' if args.generic else ''}): {f.size + never} "
        f"later sets; their first announced rep "
        f"after offline's first rep end: within {1000 * TARGET_S:.0f} ms {int(np.sum(f <= TARGET_S))}, "
        f"within 1 s {int(np.sum(f <= 1.0))}, median {np.median(f):.2f} s, none announced {never}; "
        f"live final counts equal to offline's on the same stream on {agree} of {total} sets "
        f"(the label: live {live_right}, offline {offline_right}); {false_starts} sets opened and "
        f"closed with no reps"
    )
    print("\n".join(rests_live(args.data)))


if __name__ == "__main__":
    main()
