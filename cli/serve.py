"""``repcount serve``: the live server for the phone, reading a BLE sensor, the simulator or a file."""

from __future__ import annotations

import argparse
import socket
from typing import Any

from cli.errors import UserError


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="run the live server and phone page",
        description="Run the server: it reads the sensor, counts reps live and serves the phone page. "
        "Prints a URL and a QR code that carry the access token.",
    )
    add_common(p, default_port=8000)
    p.add_argument(
        "--sensor",
        metavar="NAME|ADDRESS|sim|FILE",
        help="BLE sensor name or address, 'sim' for the simulator, or a recording file to replay "
        "(default: REPCOUNT_SENSOR; none = history only)",
    )
    p.add_argument(
        "--speed", type=float, default=None, help="replay/simulation speed × real time (default 1)"
    )
    return p


def add_common(p: argparse.ArgumentParser, *, default_port: int) -> None:
    p.add_argument(
        "--host", default=None, help="address to listen on (default 0.0.0.0: reachable on the LAN)"
    )
    p.add_argument("--port", type=int, default=None, help=f"port (default {default_port}; 0 = any free one)")
    p.add_argument("--data-dir", default=None, help="where the database and token live (REPCOUNT_DATA_DIR)")
    p.add_argument(
        "--database-url", default=None, help="SQLAlchemy URL, e.g. postgresql+psycopg://... (default: SQLite)"
    )


def build_settings(args: argparse.Namespace, *, default_port: int, **extra: Any) -> Any:
    from pydantic import ValidationError

    from server.config import Settings

    overrides: dict[str, Any] = {k: v for k, v in extra.items() if v is not None}
    for key in ("host", "port", "data_dir", "database_url", "sensor", "speed"):
        value = getattr(args, key, None)
        if value is not None:
            overrides[key] = value
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        hint = f"check the option or REPCOUNT_{where.upper()}"
        raise UserError(f"bad setting {where}: {first['msg']} ({hint})") from None
    if "port" not in overrides and settings.port == 8000:
        settings.port = default_port
    if settings.port == 0:
        settings.port = free_port(settings.host)
    return settings


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host if host != "0.0.0.0" else "", 0))
        return int(s.getsockname()[1])


def lan_address() -> str:
    """The address a phone on the same network can reach (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def print_banner(settings: Any, token: str, title: str) -> None:
    import segno

    host = lan_address() if settings.host in ("0.0.0.0", "::") else settings.host
    url = f"http://{host}:{settings.port}/?token={token}"
    print(f"{title}\n\nOpen on your phone (same network) — the link carries the access token:\n  {url}\n")
    segno.make(url).terminal(compact=True)
    print(
        f"\nHealth: http://{host}:{settings.port}/api/health   History: http://{host}:{settings.port}/history?token={token}"
    )
    print(f"Data: {settings.resolved_database_url().split('?')[0]}   Stop with Ctrl+C.", flush=True)


def serve(settings: Any, title: str) -> int:
    import uvicorn

    from server.main import create_app

    try:
        app = create_app(settings)
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot start: {exc}") from exc
    token = settings.resolved_token()
    print_banner(settings, token, title)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        ws="websockets-sansio",
        timeout_graceful_shutdown=3,
        ws_max_size=settings.max_body_bytes,
    )
    uvicorn.Server(config).run()
    return 0


def run(args: argparse.Namespace) -> int:
    settings = build_settings(args, default_port=8000)
    if args.speed is not None and args.speed <= 0:
        raise UserError("--speed must be above 0")
    what = f"sensor {settings.sensor}" if settings.sensor else "no sensor (history only; try --sensor sim)"
    return serve(settings, f"repcount server — {what}")
