"""Server test helpers: a ten-line SensorSource over arrays, a scripted counter, app factories."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any, Self

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from repcount import Rep, RepCompleted, SetAnalysis, SetEnded, SetStarted, SetSummary
from sensors import SampleBatch
from server.config import Settings
from server.main import create_app
from tests.server.pg import fresh_database, pg_bin, throwaway_postgres

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class ArraySource:
    """Yields 1 s batches of a still sensor from 0 to ``duration_s``, once ``gate()`` says go."""

    def __init__(
        self, duration_s: float, gate: Callable[[], bool] = lambda: True, fs_hz: float = 50.0
    ) -> None:
        self.duration_s, self.gate, self.fs_hz = duration_s, gate, fs_hz

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def batches(self) -> AsyncIterator[SampleBatch]:
        while not self.gate():  # noqa: ASYNC110 - the gate is a plain predicate on the hub
            await asyncio.sleep(0.01)
        n = int(self.fs_hz)
        for k in range(int(self.duration_s)):
            t = k + np.arange(n) / self.fs_hz
            yield SampleBatch(
                t_s=t, accel_ms2=np.tile([0.0, 0.0, 9.81], (n, 1)), fs_hz=self.fs_hz, sensor="array"
            )
            await asyncio.sleep(0.002)


class ScriptedCounter:
    """Stands in for repcount's LiveCounter in server unit tests: replays events by time."""

    def __init__(self, script: list[Any]) -> None:
        self.script = list(script)
        self.exercises: list[str | None] = []

    def push(self, t_s: Any, accel_ms2: Any, gyro_rads: Any = None) -> list[Any]:
        now = float(t_s[-1])
        out = [e for e in self.script if e.t_s <= now]
        self.script = [e for e in self.script if e.t_s > now]
        return out

    def set_exercise(self, exercise: str | None) -> None:
        self.exercises.append(exercise)

    def finish(self) -> list[Any]:
        out, self.script = self.script, []
        return out


def make_set(
    t0: float,
    n: int,
    *,
    exercise: str = "pull_up",
    index: int = 0,
    flags: dict[int, tuple[str, ...]] | None = None,
) -> list[Any]:
    """Events of one set of ``n`` 3-second reps starting at ``t0``."""
    flags = flags or {}
    reps = tuple(
        Rep(t0 + 3 * i, t0 + 3 * i + 3, 1.5, 0.2, 1.0, 0.3, flags=flags.get(i + 1, ())) for i in range(n)
    )
    summary = SetSummary(n, 0, len(flags), 3.0, 1.5, 1.0, 3.0 * n, 5.0)
    analysis = SetAnalysis(exercise, t0, t0 + 3 * n, reps, summary=summary)
    events: list[Any] = [SetStarted(t0, index, exercise)]
    events += [RepCompleted(r.end_s, index, i + 1, r) for i, r in enumerate(reps)]
    events.append(SetEnded(t0 + 3 * n + 0.5, index, analysis))
    return events


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, token=TOKEN)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a PostgreSQL server: ``REPCOUNT_TEST_PG_URL``, or a throw-away one started here."""
    env = os.environ.get("REPCOUNT_TEST_PG_URL")
    if env:
        yield env
        return
    if pg_bin() is None:
        pytest.skip(
            "PostgreSQL binaries not found: install Debian's `postgresql` or set REPCOUNT_TEST_PG_URL"
        )
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    base = request.getfixturevalue("pg_server")
    return fresh_database(base, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def any_settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(data_dir=tmp_path, token=TOKEN, database_url=db_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as c:
        yield c


def live_app(settings: Settings, script: list[Any], duration_s: float) -> tuple[FastAPI, ScriptedCounter]:
    """An app whose sensor waits for a first viewer, then plays ``duration_s`` and the script."""
    counter = ScriptedCounter(script)
    holder: dict[str, FastAPI] = {}

    def gate() -> bool:
        return holder["app"].state.hub.subscriber_count > 0

    app = create_app(
        settings,
        source_factory=lambda: ArraySource(duration_s, gate),
        counter_factory=lambda **_: counter,
    )
    holder["app"] = app
    return app, counter
