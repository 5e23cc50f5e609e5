"""LiveHub: fans live events out to every watching phone through bounded queues.

Each event is encoded to JSON once and the same text goes to every subscriber. A slow
viewer never slows the sensor: when its queue is full its backlog is dropped and it gets
``LAGGED`` instead, upon which the WebSocket route sends it a fresh snapshot.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from types import TracebackType
from typing import Any

LAGGED = '{"type":"lagged"}'


class Subscription:
    """One viewer's queue; registered on creation, an async iterator of JSON texts."""

    def __init__(self, hub: LiveHub, maxsize: int) -> None:
        self._hub = hub
        self.queue: asyncio.Queue[str] = asyncio.Queue(maxsize)
        self.dropped = 0

    def offer(self, text: str) -> None:
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.dropped += self.queue.qsize()
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(LAGGED)

    def close(self) -> None:
        self._hub._subs.discard(self)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> str:
        return await self.queue.get()

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


class LiveHub:
    """Publish dict events; ``subscribe()`` to receive them as JSON text."""

    def __init__(self, *, clock: Callable[[], float], maxsize: int = 256) -> None:
        self.clock = clock
        self.maxsize = maxsize
        self._subs: set[Subscription] = set()
        self.published = 0

    @property
    def subscriber_count(self) -> int:
        return len(self._subs)

    def subscribe(self) -> Subscription:
        sub = Subscription(self, self.maxsize)
        self._subs.add(sub)
        return sub

    def publish(self, event: dict[str, Any]) -> str:
        """Stamp ``event`` with the hub clock (``at``), encode it once, offer it to everyone."""
        text = json.dumps({**event, "at": round(self.clock(), 4)}, separators=(",", ":"))
        self.published += 1
        for sub in tuple(self._subs):
            sub.offer(text)
        return text
