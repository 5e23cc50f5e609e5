"""``create_app``: the FastAPI app, its routers, and a lifespan that owns store, hub and sensor task."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from sensors import SensorSource
from server.auth import AuthMiddleware, install_log_filter
from server.config import Settings
from server.counting import CounterFactory, default_counter_factory
from server.db import Store
from server.hub import LiveHub
from server.routes import export, health, live, routines, workouts
from server.runner import WorkoutRunner

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("repcount.server")


def create_app(
    settings: Settings | None = None,
    *,
    source_factory: Callable[[], SensorSource] | None = None,
    counter_factory: CounterFactory = default_counter_factory,
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """Build the app. Without ``source_factory``, ``settings.sensor`` picks the source (or none)."""
    settings = settings or Settings()
    token = settings.resolved_token()
    if source_factory is None and settings.sensor:
        from server.sources import source_factory_for

        source_factory = source_factory_for(settings.sensor, speed=settings.speed)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        install_log_filter()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        store = Store(settings.resolved_database_url())
        hub = LiveHub(clock=clock)
        runner = WorkoutRunner(store, hub, counter_factory=counter_factory, clock=clock)
        app.state.store, app.state.hub, app.state.runner = store, hub, runner
        app.state.stream_task = None
        if source_factory is not None:
            app.state.stream_task = asyncio.create_task(
                _run_stream(runner, source_factory, settings.sensor_retry_s), name="sensor-stream"
            )
        try:
            yield
        finally:
            task = app.state.stream_task
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            store.close()

    app = FastAPI(title="repcount", lifespan=lifespan)
    app.state.settings, app.state.token = settings, token
    for module in (health, routines, workouts, export, live):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def read_page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"cache-control": "no-cache"})

    @app.get("/history", include_in_schema=False)
    def read_history_page() -> FileResponse:
        return FileResponse(STATIC / "history.html", headers={"cache-control": "no-cache"})

    app.add_middleware(AuthMiddleware, token=token, max_body_bytes=settings.max_body_bytes)
    return app


async def _run_stream(runner: WorkoutRunner, factory: Callable[[], SensorSource], retry_s: float) -> None:
    try:
        await runner.run(factory, retry_s=retry_s)
        log.info("sensor stream ended")
    except asyncio.CancelledError:
        raise
    except Exception:  # keep serving history even if the live part breaks; the log says why
        log.exception("live stream failed")
        runner.sensor["error"] = "live stream failed; see the server log"
