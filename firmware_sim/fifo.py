"""The device's packet assembly and TX FIFO: int16 sample rows in, encoded notifications out."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from firmware_sim import packets as pk


@dataclass(slots=True)
class _Open:
    seq: int
    t_first_us: int
    first_dev_s: float
    rows: list[np.ndarray] = field(default_factory=list)
    count: int = 0


class PacketFifo:
    """One packet being filled plus a bounded queue of closed, encoded packets.

    ``seq`` is the next packet's sequence number (+1 per packet, wraps at 65536). When the
    queue holds more than ``capacity`` packets the oldest is dropped: ``dropped_samples``
    grows and ``overflowed`` is set until the owner clears it.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.seq = 0
        self.dropped_samples = 0
        self.overflowed = False
        self._open: _Open | None = None
        self._queue: deque[tuple[bytes, int]] = deque()

    @property
    def empty(self) -> bool:
        return self._open is None and not self._queue

    @property
    def open_first_dev_s(self) -> float | None:
        """Device time of the open packet's first sample, or ``None`` if no packet is open."""
        return None if self._open is None else self._open.first_dev_s

    @property
    def open_count(self) -> int:
        return 0 if self._open is None else self._open.count

    def __len__(self) -> int:
        return len(self._queue)

    def begin(self, t_first_us: int, first_dev_s: float) -> None:
        """Open a packet whose sample 0 was taken at ``t_first_us`` (device µs)."""
        self._open = _Open(self.seq, t_first_us, first_dev_s)
        self.seq = (self.seq + 1) & 0xFFFF

    def append(self, rows: np.ndarray) -> None:
        assert self._open is not None, "begin() a packet first"
        self._open.rows.append(rows)
        self._open.count += rows.shape[0]

    def close(self, frame_type: int) -> None:
        """Encode the open packet (if it has samples) and queue it."""
        packet, self._open = self._open, None
        if packet is None or packet.count == 0:
            return
        data = pk.encode_imu_packet(frame_type, packet.seq, packet.t_first_us, np.concatenate(packet.rows))
        self._queue.append((data, packet.count))
        while len(self._queue) > self.capacity:
            _, lost = self._queue.popleft()
            self.dropped_samples += lost
            self.overflowed = True

    def pop_burst(self, max_packets: int) -> list[bytes]:
        """Up to ``max_packets`` queued packets, oldest first."""
        return [self._queue.popleft()[0] for _ in range(min(max_packets, len(self._queue)))]

    def restart(self) -> None:
        """START: forget the open packet and number from 0 again (queued packets still leave)."""
        self._open = None
        self.seq = 0

    def discard(self) -> None:
        """The link is gone: everything buffered is lost and counted."""
        self.dropped_samples += sum(n for _, n in self._queue) + self.open_count
        self._queue.clear()
        self._open = None
