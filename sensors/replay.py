"""Replay a recording as a live stream, at real time or faster.

The replayed timeline starts at the host clock's reading when streaming starts, so at
``speed=1`` its timestamps line up with the host like a live sensor's. At other speeds the
samples keep their recorded spacing (the pipeline sees the true sample rate) and only the
pacing changes. Holes in the file (longer than 1.5 sample periods) start a new batch that
reports them in ``gap_s``.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Self

import numpy as np

from sensors.recording import Recording, read_recording
from sensors.status import SensorStatus
from sensors.types import SampleBatch


class ReplaySource:
    """A ``SensorSource`` over a canonical recording file (or an in-memory ``Recording``)."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        recording: Recording | None = None,
        speed: float = 1.0,
        batch_s: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if (path is None) == (recording is None):
            raise ValueError("give exactly one of path= or recording=")
        if speed < 0 or batch_s <= 0:
            raise ValueError("speed must be ≥ 0 (0 = as fast as possible) and batch_s > 0")
        self._path = None if path is None else Path(path)
        self._recording = recording
        self._speed = speed
        self._batch_s = batch_s
        self._clock = clock
        self._sleep = sleep
        self._open = False
        self._samples = 0
        self._gaps = 0
        self._gap_s = 0.0

    @property
    def status(self) -> SensorStatus:
        rec = self._recording
        return SensorStatus(
            connected=self._open,
            sensor=str(rec.meta.get("sensor", self._path.name if self._path else "replay")) if rec else "",
            samples=self._samples,
            rate_hz=rec.fs_hz if rec is not None and self._samples else 0.0,
            gaps=self._gaps,
            gap_s=self._gap_s,
        )

    async def __aenter__(self) -> Self:
        if self._recording is None:
            assert self._path is not None
            self._recording = await asyncio.to_thread(read_recording, self._path)
        self._open = True
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._open = False

    async def batches(self) -> AsyncIterator[SampleBatch]:
        rec = self._recording
        if rec is None or not self._open:
            raise RuntimeError("use the source inside `async with` before iterating batches()")
        fs_hz = rec.fs_hz
        rel_s = rec.t_s - rec.t_s[0]
        start_host = self._clock()
        for lo, hi, gap_s in _slices(rel_s, self._batch_s, fs_hz):
            if not self._open:
                return
            if self._speed > 0:
                due = start_host + rel_s[hi - 1] / self._speed
                await self._sleep(max(0.0, due - self._clock()))
            else:
                await self._sleep(0)
            self._samples += hi - lo
            if gap_s > 0:
                self._gaps += 1
                self._gap_s += gap_s
            yield SampleBatch(
                t_s=start_host + rel_s[lo:hi],
                accel_ms2=rec.accel_ms2[lo:hi],
                gyro_rads=None if rec.gyro_rads is None else rec.gyro_rads[lo:hi],
                fs_hz=fs_hz,
                sensor=str(rec.meta.get("sensor", "")),
                placement=str(rec.meta.get("placement", "wrist")),
                gap_s=gap_s,
            )


def _slices(rel_s: np.ndarray, batch_s: float, fs_hz: float) -> list[tuple[int, int, float]]:
    """``(start, stop, gap_before_s)`` index ranges: fixed time slots, cut again at holes."""
    period = 1.0 / fs_hz
    holes = np.flatnonzero(np.diff(rel_s) > 1.5 * period) + 1
    # slot edges half a sample before each multiple of batch_s, clear of rounding in the file
    bounds = np.arange(batch_s, rel_s[-1] + batch_s, batch_s) - 0.5 * period
    slot_edges = np.searchsorted(rel_s, bounds, side="left")
    edges = np.unique(np.concatenate([[0], slot_edges, holes, [rel_s.shape[0]]]))
    hole_set = set(holes.tolist())
    out = []
    for lo, hi in itertools.pairwise(edges):
        if hi <= lo:
            continue
        gap = float(rel_s[lo] - rel_s[lo - 1] - period) if lo in hole_set else 0.0
        out.append((int(lo), int(hi), gap))
    return out
