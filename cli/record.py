"""``repcount record``: stream a sensor (or the simulator) into the canonical recording file."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.errors import UserError

if TYPE_CHECKING:
    from sensors import MonitoredSource, SampleBatch


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "record",
        help="record a sensor (or the simulator) to a CSV file",
        description="Connect to a sensor by name or address (see `repcount scan`), or use 'sim' for "
        "the simulated sensor, and record until --seconds have passed, the stream ends or you "
        "press Ctrl-C. Whatever was received is written, even when the link is lost.",
    )
    p.add_argument("--sensor", required=True, help="sensor name or address, or 'sim'")
    p.add_argument("--out", type=Path, required=True, help="recording to write (.csv or .csv.gz)")
    p.add_argument("--seconds", type=float, default=None, help="stop after this much sensor time")
    p.add_argument("--profile", choices=("openrep", "polar"), default="openrep", help="BLE profile")
    p.add_argument("--adapter", default=None, help="Bluetooth adapter to use, e.g. hci1 (Linux)")
    p.add_argument("--placement", default="wrist", help="where the sensor is worn (default wrist)")
    p.add_argument("--exercise", default=None, help="exercise id to note in the sidecar")
    p.add_argument("--speed", type=float, default=1.0, help="sim only: × real time (0 = as fast as possible)")
    p.add_argument("--seed", type=int, default=0, help="sim only: workout seed")
    return p


def _progress(status: Any) -> str:
    battery = "?" if status.battery_pct is None else f"{status.battery_pct}%"
    return (
        f"\r{status.samples:>8} samples  {status.rate_hz:6.1f} Hz  gaps {status.gaps}  "
        f"dropped {status.dropped_packets}  dup {status.duplicates}  battery {battery}  "
    )


async def _record(source: MonitoredSource, seconds: float | None, got: list[SampleBatch]) -> None:
    shown = 0.0
    async with source:
        async for batch in source.batches():
            got.append(batch)
            now = time.monotonic()
            if now - shown > 0.25:
                print(_progress(source.status), end="", file=sys.stderr, flush=True)
                shown = now
            if seconds is not None and batch.t_s[-1] - got[0].t_s[0] >= seconds:
                break


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if not out.name.endswith((".csv", ".csv.gz")):
        raise UserError(f"--out {out} should end in .csv or .csv.gz")
    if args.seconds is not None and args.seconds <= 0:
        raise UserError("--seconds must be above 0")
    if args.speed < 0:
        raise UserError("--speed must be 0 (as fast as possible) or above")
    import numpy as np

    from sensors import Recording, SensorError, open_source, write_recording

    if args.sensor.lower() == "sim":
        source = open_source("sim", speed=args.speed, seed=args.seed, placement=args.placement)
    else:
        source = open_source(
            "ble", address=args.sensor, profile=args.profile, placement=args.placement, adapter=args.adapter
        )
    got: list[SampleBatch] = []
    failure: str | None = None
    try:
        asyncio.run(_record(source, args.seconds, got))
    except KeyboardInterrupt:
        pass  # Ctrl-C ends the recording; keep what arrived
    except SensorError as exc:
        failure = str(exc)
    print(_progress(source.status), file=sys.stderr)
    if sum(len(b) for b in got) < 2:
        raise UserError(f"nothing recorded from {args.sensor}" + (f": {failure}" if failure else ""))
    t = np.concatenate([b.t_s for b in got])
    accel = np.vstack([b.accel_ms2 for b in got])
    has_gyro = all(b.gyro_rads is not None for b in got)
    gyro = np.vstack([b.gyro_rads for b in got if b.gyro_rads is not None]) if has_gyro else None
    status = source.status
    meta: dict[str, Any] = {
        "sensor": status.sensor,
        "placement": args.placement,
        "fs_hz": got[0].fs_hz,
        "host_t0_s": float(t[0]),
        "dropped_packets": status.dropped_packets,
        "gaps": status.gaps,
        "reconnects": status.reconnects,
    }
    if args.exercise:
        meta["exercise"] = args.exercise
    try:
        write_recording(out, Recording(t_s=t - t[0], accel_ms2=accel, gyro_rads=gyro, meta=meta))
    except SensorError as exc:
        raise UserError(f"{exc} (nothing was lost yet: fix the path and record again)") from exc
    print(
        f"{out}: {len(t)} samples, {t[-1] - t[0]:.1f} s, {status.gaps} gaps, {status.dropped_packets} dropped"
    )
    if failure:
        print(
            f"repcount record: the link was lost: {failure} (the samples before it are saved)",
            file=sys.stderr,
        )
        return 1
    return 0
