"""``repcount import``: turn other sensors' exports into the canonical recording file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.errors import UserError

FORMATS = ("metamotion", "polar", "generic")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="convert MetaMotion, Polar Sensor Logger or any CSV export to a recording",
        description="Convert another app's export to the canonical recording (t,ax,ay,az[,gx,gy,gz] "
        "in s, m/s², rad/s) plus its JSON sidecar. Rows out of order are sorted, duplicate "
        "timestamps and unreadable rows are dropped and counted.",
        epilog="examples:\n"
        "  repcount import metamotion A_Accelerometer.csv A_Gyroscope.csv --out a.csv\n"
        "  repcount import polar Polar_ACC.txt Polar_GYRO.txt --out b.csv\n"
        "  repcount import generic phone.csv --map t=time,ax=accX,ay=accY,az=accZ "
        "--time-unit ms --accel-unit g --out c.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("format", choices=FORMATS, help="what produced the file")
    p.add_argument(
        "files", nargs="+", type=Path, help="accelerometer file, then optionally the gyroscope file"
    )
    p.add_argument("--out", type=Path, required=True, help="recording to write (.csv or .csv.gz)")
    p.add_argument("--placement", default="wrist", help="where the sensor was worn (default wrist)")
    p.add_argument("--exercise", default=None, help="exercise id to note in the sidecar")
    p.add_argument(
        "--map", dest="column_map", default=None, help="generic: t=COL,ax=COL,ay=COL,az=COL[,gx=,gy=,gz=]"
    )
    p.add_argument("--time-unit", default="s", help="generic: s, ms, us, ns or iso (default s)")
    p.add_argument("--accel-unit", default="m/s2", help="generic: g, mg or m/s2 (default m/s2)")
    p.add_argument("--gyro-unit", default="rad/s", help="generic: rad/s, deg/s or mdps (default rad/s)")
    return p


def run(args: argparse.Namespace) -> int:
    from sensors import (
        RecordingError,
        parse_column_map,
        read_generic_csv,
        read_metamotion,
        read_polar_logger,
        write_recording,
    )

    out: Path = args.out
    if not out.name.endswith((".csv", ".csv.gz")):
        raise UserError(f"--out {out} should end in .csv or .csv.gz")
    for f in args.files:
        if not f.is_file():
            raise UserError(f"{f}: no such file")
    if len(args.files) > 2 or (args.format == "generic" and len(args.files) != 1):
        raise UserError("give the accelerometer file and at most one gyroscope file (generic: one file)")
    if out.resolve() in {f.resolve() for f in args.files}:
        raise UserError(f"--out {out} would overwrite an input file; choose another name")
    gyro = args.files[1] if len(args.files) == 2 else None
    try:
        if args.format == "metamotion":
            rec = read_metamotion(args.files[0], gyro, placement=args.placement)
        elif args.format == "polar":
            rec = read_polar_logger(args.files[0], gyro, placement=args.placement)
        else:
            if not args.column_map:
                raise UserError("generic import needs --map, e.g. --map t=time,ax=accX,ay=accY,az=accZ")
            rec = read_generic_csv(
                args.files[0],
                columns=parse_column_map(args.column_map),
                time_unit=args.time_unit,
                accel_unit=args.accel_unit,
                gyro_unit=args.gyro_unit,
                placement=args.placement,
            )
        if args.exercise:
            rec.meta["exercise"] = args.exercise
        write_recording(out, rec)
    except RecordingError as exc:
        raise UserError(str(exc)) from exc
    duration = float(rec.t_s[-1] - rec.t_s[0])
    gyro_note = "with gyro" if rec.gyro_rads is not None else "no gyro"
    print(
        f"{out}: {len(rec.t_s)} samples, {duration:.1f} s at {rec.fs_hz:.2f} Hz ({gyro_note}); "
        f"{rec.dropped_rows} bad or duplicate rows dropped"
    )
    return 0
