"""Later sets on real wrist data, fed live: one person's sets of one lift, one after another.

Run: ``.venv/bin/python -m bench.live_real_sets [--rest 60] [--data PATH]``

Each ebbelaar recording holds one set, so the live counter never sees an exercise's second set
there. Here the sets of one participant and lift (sorted by recording name) are joined into one
stream with ``--rest`` seconds of stillness between them (the last sample held, with 0.05 m/s²
and 0.01 rad/s of noise, a fixed seed) and fed live in 2-sample batches with the lift named, as
the server runs a routine. Reported for every set after the first of its stream (the ones the
counter may recognise from the set before, ``repcount.set_memory``): the time from the first
rep end the offline analysis of that set alone finds to the first ``RepCompleted`` of the live
set (its first announced rep), and whether the live set's final count equals the offline
count of the set alone. There are no rep-time labels: offline's rep ends are the reference.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np
from tqdm import tqdm

from bench.datasets import DEFAULT_DATA, RealSet, load_ebbelaar
from repcount import LiveCounter, RepCompleted, SetEnded, analyze_recording

TARGET_S = 0.25


def _chain(sets: list[RealSet], rest_s: float, rng: np.random.Generator) -> tuple:
    """The sets joined with ``rest_s`` of stillness after each: times, accel, gyro, each set's
    (start, end) on the joined clock, and each set's offline (count, first rep end) there."""
    fs = sets[0].fs_hz
    ts, acc, gyr, spans, offline = [], [], [], [], []
    t0 = 0.0
    for rs in sets:
        t = rs.t_s - rs.t_s[0] + t0
        gyro = rs.gyro_rads if rs.gyro_rads is not None else np.zeros_like(rs.accel_ms2)
        ts.append(t)
        acc.append(rs.accel_ms2)
        gyr.append(gyro)
        off = analyze_recording(rs.t_s, rs.accel_ms2, rs.gyro_rads, fs_hz=fs, exercise=rs.exercise)
        ends = [r.end_s - rs.t_s[0] + t0 for s in off.sets for r in s.reps]
        offline.append((off.count, ends[0] if ends else None))
        spans.append((float(t[0]), float(t[-1])))
        n = int(rest_s * fs)
        quiet = t[-1] + np.arange(1, n + 1) / fs
        ts.append(quiet)
        acc.append(rs.accel_ms2[-1] + rng.normal(0.0, 0.05, (n, 3)))
        gyr.append(rng.normal(0.0, 0.01, (n, 3)))
        t0 = float(quiet[-1]) + 1.0 / fs
    return np.concatenate(ts), np.concatenate(acc), np.concatenate(gyr), spans, offline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rest", type=float, default=60.0, help="stillness between sets, seconds")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()
    if not (args.data / "ebbelaar-barbell").is_dir():
        raise SystemExit(f"no ebbelaar recordings under {args.data}: pass --data with the shared data folder")
    groups: dict[tuple[str, str | None], list[RealSet]] = defaultdict(list)
    for rs in load_ebbelaar(args.data, include_rest=False):
        groups[(rs.name[0], rs.exercise)].append(rs)
    rng = np.random.default_rng(0)
    firsts: list[float] = []
    never = agree = total = false_starts = 0
    streams = [sorted(g, key=lambda r: r.name) for _, g in sorted(groups.items()) if len(g) >= 2]
    for sets in tqdm(streams, desc="streams", unit="stream"):
        t, a, g, spans, offline = _chain(sets, args.rest, rng)
        live = LiveCounter(fs_hz=sets[0].fs_hz, exercise=sets[0].exercise)
        events = []
        for i in range(0, t.size, 2):
            now = float(t[min(i + 1, t.size - 1)])
            events += [(now, e) for e in live.push(t[i : i + 2], a[i : i + 2], g[i : i + 2])]
        events += [(float(t[-1]), e) for e in live.finish()]
        ended = [(e.analysis.start_s, e.analysis.count) for _, e in events if isinstance(e, SetEnded)]
        false_starts += sum(1 for _, c in ended if c == 0)
        for k, ((lo, hi), (count, first_end)) in enumerate(zip(spans, offline, strict=True)):
            total += 1
            agree += [c for s0, c in ended if lo - 5.0 <= s0 <= hi and c] == [count]
            if k == 0 or first_end is None:
                continue
            at = [now for now, e in events if isinstance(e, RepCompleted) and lo - 5.0 <= e.rep.end_s <= hi]
            if at:
                firsts.append(at[0] - first_end)
            else:
                never += 1
    f = np.array(firsts)
    print(
        f"ebbelaar sets chained per participant and lift ({len(streams)} streams, {args.rest:.0f} s "
        f"rest, 2-sample batches): {f.size + never} later sets; their first announced rep "
        f"after offline's first rep end: within {1000 * TARGET_S:.0f} ms {int(np.sum(f <= TARGET_S))}, "
        f"within 1 s {int(np.sum(f <= 1.0))}, median {np.median(f):.2f} s, none announced {never}; "
        f"live final count equal to offline's on {agree} of {total} sets; {false_starts} sets "
        f"opened and closed with no reps"
    )


if __name__ == "__main__":
    main()
