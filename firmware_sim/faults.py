"""Link faults the emulated radio injects into IMU Data notifications, seeded."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class LinkFaults:
    """Per-packet probabilities (0..1) and an optional disconnect time (s of device uptime).

    ``loss_p``: the packet never arrives (the host sees a ``seq`` gap). ``duplicate_p``: it
    arrives twice. ``truncate_p``: it arrives cut short (at least one byte missing).
    ``reorder_p``: it swaps places with the packet after it. ``disconnect_at_s``: the link
    drops at that time; the device stops streaming and forgets its subscriptions.
    """

    loss_p: float = 0.0
    duplicate_p: float = 0.0
    truncate_p: float = 0.0
    reorder_p: float = 0.0
    disconnect_at_s: float | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("loss_p", "duplicate_p", "truncate_p", "reorder_p"):
            p = getattr(self, name)
            if not (isinstance(p, int | float) and 0.0 <= p <= 1.0):
                raise ValueError(f"{name} is a probability between 0 and 1, got {p!r}")
        if self.disconnect_at_s is not None and not (
            math.isfinite(self.disconnect_at_s) and self.disconnect_at_s >= 0
        ):
            raise ValueError(f"disconnect_at_s must be a time ≥ 0 s, got {self.disconnect_at_s!r}")


def apply_link_faults(burst: list[bytes], faults: LinkFaults, rng: np.random.Generator) -> list[bytes]:
    """What arrives of one connection event's packets: lost, truncated, duplicated, reordered."""
    out: list[bytes] = []
    for data in burst:
        if rng.random() < faults.loss_p:
            continue
        if rng.random() < faults.truncate_p:
            data = data[: int(rng.integers(1, len(data)))]
        out.append(data)
        if rng.random() < faults.duplicate_p:
            out.append(data)
    for i in range(len(out) - 1):
        if rng.random() < faults.reorder_p:
            out[i], out[i + 1] = out[i + 1], out[i]
    return out
