"""Health: answers without a token once the server is ready."""

from __future__ import annotations

from fastapi import APIRouter, Request

from server.deps import SettingsDep
from server.models import Health

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health")
def read_health(settings: SettingsDep, request: Request) -> Health:
    """Server is up; says which sensor it reads."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("repcount")
    except PackageNotFoundError:  # running from a plain checkout
        v = "0+unknown"
    live = getattr(request.app.state, "stream_task", None) is not None
    return Health(version=v, sensor=settings.sensor, live=live)
