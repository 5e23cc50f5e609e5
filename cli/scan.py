"""``repcount scan``: list BLE sensors in range (name, address, RSSI, profile)."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from cli.errors import UserError


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "scan",
        help="list Bluetooth LE sensors in range",
        description="Scan for Bluetooth LE motion sensors: OpenRep (our profile) and Polar (PMD). "
        "Use the name or address shown with `repcount record --sensor`.",
    )
    p.add_argument("--seconds", type=float, default=5.0, help="how long to listen (default 5)")
    p.add_argument("--all", action="store_true", help="also list devices with no known sensor profile")
    p.add_argument("--adapter", default=None, help="Bluetooth adapter to scan with, e.g. hci1 (Linux)")
    return p


def run(args: argparse.Namespace) -> int:
    if not 0 < args.seconds <= 120:
        raise UserError("--seconds must be above 0 and at most 120")
    from sensors import SensorError
    from sensors.ble import scan_sensors

    try:
        found = asyncio.run(scan_sensors(args.seconds, all_devices=args.all, adapter=args.adapter))
    except SensorError as exc:
        raise UserError(f"cannot scan: {exc} (check `bluetoothctl show`: Powered: yes)") from exc
    if not found:
        print(
            f"no sensors found in {args.seconds:g} s. Wake the sensor (move it), check it is charged "
            "and not connected to a phone, or try --all / a longer --seconds."
        )
        return 1
    print(f"{'NAME':<24} {'ADDRESS':<20} {'RSSI':>5}  PROFILE")
    for s in found:
        rssi = "" if s.rssi is None else str(s.rssi)
        print(f"{s.name or '?':<24} {s.address:<20} {rssi:>5}  {s.profile or '-'}")
    return 0
