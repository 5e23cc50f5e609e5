"""How the server calls repcount's live counter: the protocol, the default factory, payloads."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from repcount import Rep
from sensors import SampleBatch

INLINE_PUSH_S = 0.002
"""Counter calls cheaper than this (running average) stay on the event loop."""


class Counter(Protocol):
    """repcount's ``LiveCounter`` as the runner uses it."""

    def push(self, t_s: Any, accel_ms2: Any, gyro_rads: Any = None) -> Sequence[object]: ...
    def set_exercise(self, exercise: str | None) -> None: ...
    def finish(self) -> Sequence[object] | None: ...


CounterFactory = Callable[..., Counter]


def default_counter_factory(*, fs_hz: float, exercise: str | None, placement: str) -> Counter:
    from repcount import LiveCounter

    counter: Counter = LiveCounter(fs_hz=fs_hz, exercise=exercise, placement=placement)
    return counter


def timed_push(counter: Counter, batch: SampleBatch) -> tuple[Sequence[object], float]:
    t0 = time.perf_counter()
    events = counter.push(batch.t_s, batch.accel_ms2, batch.gyro_rads)
    return events, time.perf_counter() - t0


def rep_payload(rep: Rep) -> dict[str, Any]:
    return {
        "start_s": round(rep.start_s, 3),
        "end_s": round(rep.end_s, 3),
        "tempo": [
            round(x, 2) for x in (rep.eccentric_s, rep.pause_bottom_s, rep.concentric_s, rep.pause_top_s)
        ],
        "flags": list(rep.flags),
        "reasons": list(rep.reasons),
        "range_frac": round(rep.range_frac, 2),
        "mean_concentric_velocity_ms": (
            None if rep.mean_concentric_velocity_ms is None else round(rep.mean_concentric_velocity_ms, 3)
        ),
    }
