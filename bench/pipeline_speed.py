"""Throughput, live latency and live memory of the repcount pipeline.

Run: ``.venv/bin/python -m bench.pipeline_speed [--fs 50] [--hours 2]``

* offline: samples/s of ``analyze_recording`` on a simulated default workout (one core).
* live latency: the simulated workout pushed in 40 ms batches (a BLE notification rate); for
  each ``RepCompleted``, the time of the newest sample pushed when it was emitted minus the
  rep's true end (sim truth).
* live memory: tracemalloc peak and final traced size of one ``LiveCounter`` fed a ``--hours``
  session (the workout repeated back to back on one clock) in 1 s batches.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from firmware_sim import default_workout_scenario, simulate
from repcount import LiveCounter, RepCompleted, analyze_recording


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fs", type=float, default=50.0)
    ap.add_argument("--hours", type=float, default=2.0)
    args = ap.parse_args()
    fs = args.fs
    rec = simulate(default_workout_scenario(seed=1, rest_s=60.0), fs_hz=fs)
    n = rec.t_s.size
    t0 = time.perf_counter()
    result = analyze_recording(rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=fs)
    dt = time.perf_counter() - t0
    truth = [r for s in rec.truth["sets"] for r in s["reps"]]
    print(
        f"offline: {n} samples ({n / fs / 60:.1f} min at {fs:.0f} Hz) in {dt:.3f} s = "
        f"{n / dt:,.0f} samples/s; "
        f"{result.count} reps found, {len(truth)} true"
    )

    # live latency: match each event to the true rep whose end is nearest its rep's end
    live = LiveCounter(fs_hz=fs)
    batch = max(1, int(0.04 * fs))
    ends = np.array([r["end_s"] for r in truth])
    lat = []
    t0 = time.perf_counter()
    for i in range(0, n, batch):
        for e in live.push(
            rec.t_s[i : i + batch], rec.accel_ms2[i : i + batch], rec.gyro_rads[i : i + batch]
        ):
            if isinstance(e, RepCompleted):
                k = int(np.argmin(np.abs(ends - e.rep.end_s)))
                if abs(ends[k] - e.rep.end_s) < 1.0:
                    lat.append(float(rec.t_s[min(n - 1, i + batch - 1)] - ends[k]))
    live.finish()
    wall = time.perf_counter() - t0
    p50, p95 = np.percentile(lat, [50, 95]) if lat else (float("nan"), float("nan"))
    print(
        f"live latency (true rep end → event, {batch}-sample batches): p50 {1000 * p50:.0f} ms, "
        f"p95 {1000 * p95:.0f} ms over {len(lat)} reps; live processing {n / wall:,.0f} samples/s "
        f"= {n / wall / fs:.0f}× real time"
    )

    # memory of one live stream over `hours`
    span = rec.t_s[-1] + 1.0 / fs
    repeats = int(np.ceil(args.hours * 3600 / span))
    live = LiveCounter(fs_hz=fs)
    step = int(fs)
    tracemalloc.start()
    marks = []
    for k in range(repeats):
        for i in range(0, n, step):
            live.push(
                rec.t_s[i : i + step] + k * span, rec.accel_ms2[i : i + step], rec.gyro_rads[i : i + step]
            )
        marks.append(tracemalloc.get_traced_memory()[0])
    live.finish()
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"live memory over {repeats * span / 3600:.1f} h: traced after each {span / 60:.0f}-min block "
        f"{', '.join(f'{m / 1e6:.2f}' for m in marks)} MB; peak {peak / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
