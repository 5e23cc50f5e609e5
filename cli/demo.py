"""``repcount demo``: the server with a simulated sensor doing the back workout, to see it all work."""

from __future__ import annotations

import argparse
from typing import Any

from cli.errors import UserError
from cli.serve import add_common, build_settings, serve


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "demo",
        help="run the server with a simulated sensor doing the default routine",
        description="A simulated wrist sensor performs the 'Perfect back workout' (with some momentum "
        "reps and rests) at --speed × real time; watch it live on your phone.",
    )
    add_common(p, default_port=8000)
    p.add_argument("--speed", type=float, default=1.0, help="× real time (default 1; 20 = a set in seconds)")
    return p


def run(args: argparse.Namespace) -> int:
    if not 0 < args.speed <= 1000:
        raise UserError("--speed must be above 0 and at most 1000")
    from server.config import Settings

    data_dir = args.data_dir
    if data_dir is None and args.database_url is None:
        data_dir = str(Settings().data_dir / "demo")  # keep demo workouts out of your real history
    args.data_dir = data_dir
    settings = build_settings(args, default_port=8000, sensor="sim")
    return serve(settings, f"repcount demo — simulated sensor at {args.speed:g}× real time")
