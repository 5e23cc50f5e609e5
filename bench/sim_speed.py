"""How fast the simulator and the device emulator run (prints figures; not a test).

.venv/bin/python bench/sim_speed.py [--hours 2] [--fs 100]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
import tracemalloc

from firmware_sim import FirmwareDevice, WorkoutScenario, default_workout_scenario, simulate
from firmware_sim.uuids import CONTROL_POINT_UUID, IMU_DATA_UUID


def _session(hours: float) -> WorkoutScenario:
    """The default routine, repeated and with rests stretched, until it lasts about ``hours``."""
    base = default_workout_scenario(seed=1, rest_s=90.0)
    one = simulate(base, fs_hz=25).duration_s
    repeats = max(1, round(hours * 3600 / one))
    return dataclasses.replace(base, sets=base.sets * repeats)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hours", type=float, default=2.0)
    ap.add_argument("--fs", type=float, default=100.0)
    args = ap.parse_args()
    scen = _session(args.hours)
    tracemalloc.start()
    t0 = time.perf_counter()
    rec = simulate(scen, fs_hz=args.fs)
    dt = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n_reps = sum(len(s["reps"]) for s in rec.truth["sets"])
    print(
        f"simulate: {rec.duration_s / 3600:.2f} h session, {len(rec.truth['sets'])} sets, {n_reps} reps, "
        f"{len(rec)} samples at {args.fs:g} Hz in {dt:.2f} s "
        f"({len(rec) / dt / 1e6:.2f} M samples/s, {rec.duration_s / dt:.0f}x real time, "
        f"peak {peak / 2**20:.0f} MiB)"
    )
    dev = FirmwareDevice(rec)
    count = [0, 0]

    def on_packet(_uuid: str, data: bytes) -> None:
        count[0] += 1
        count[1] += data[1]

    dev.start_notify(IMU_DATA_UUID, on_packet)
    dev.write_char(CONTROL_POINT_UUID, b"\x01")
    span = min(rec.duration_s, 1800.0)
    t0 = time.perf_counter()
    dev.run_until(span)
    dt = time.perf_counter() - t0
    print(
        f"device: {span:.0f} s of streaming ({count[0]} packets, {count[1]} samples) in {dt:.2f} s "
        f"({count[1] / dt / 1e3:.0f} k samples/s, {span / dt:.0f}x real time)"
    )


if __name__ == "__main__":
    main()
