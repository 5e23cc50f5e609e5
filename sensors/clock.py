"""Map a sensor's device clock onto the host's monotonic clock, without trusting arrival times.

Notifications arrive in bursts (one per connection event, 30–50 ms), so the arrival time of a
packet is its device time plus a delay that is never negative and often large. The smallest
``arrival − device`` seen over a sliding window is therefore the best estimate of the clock
offset; the window lets it follow a crystal drifting by ±100 ppm. The offset actually applied
slews toward that estimate at a bounded rate, so host timestamps never run backwards.
"""

from __future__ import annotations

from collections import deque

_RESYNC_JUMP_S = 60.0


class HostClock:
    """Device seconds in, host seconds out; one per stream, kept across reconnects."""

    def __init__(self, *, window_s: float = 10.0, slew: float = 0.01, warmup_slew: float = 0.05) -> None:
        if window_s <= 0 or not 0 < slew < 1 or not 0 < warmup_slew < 1:
            raise ValueError("window_s must be > 0 and slew rates in (0, 1)")
        self._window_s = window_s
        self._slew = slew
        self._warmup_slew = warmup_slew
        self._mins: deque[tuple[float, float]] = deque()  # (device_s, offset_s), offsets increasing
        self._offset_s: float | None = None
        self._device0_s = 0.0
        self._last_device_s = 0.0
        self._resync = False

    @property
    def offset_s(self) -> float | None:
        """The offset applied now (host = device + offset), or ``None`` before the first packet."""
        return self._offset_s

    def resync(self) -> None:
        """The device clock restarted (a reboot): re-anchor on the next packet, never going back."""
        self._resync = True

    def observe(self, device_last_s: float, arrival_s: float) -> float:
        """Take a packet whose last sample has ``device_last_s`` and arrived at ``arrival_s``.

        Returns the offset to add to this packet's device times.
        """
        raw = arrival_s - device_last_s
        if (
            self._offset_s is None
            or self._resync
            or abs(device_last_s - self._last_device_s) > _RESYNC_JUMP_S
        ):
            self._resync = False
            self._mins.clear()
            self._mins.append((device_last_s, raw))
            self._device0_s = device_last_s
            self._offset_s = raw if self._offset_s is None else max(raw, self._offset_s)
            self._last_device_s = device_last_s
            return self._offset_s
        while self._mins and self._mins[-1][1] >= raw:
            self._mins.pop()
        self._mins.append((device_last_s, raw))
        while self._mins[0][0] < device_last_s - self._window_s:
            self._mins.popleft()
        target = self._mins[0][1]
        elapsed = max(device_last_s - self._last_device_s, 0.0)
        slew = self._warmup_slew if device_last_s - self._device0_s < self._window_s else self._slew
        step = max(-slew * elapsed, min(slew * elapsed, target - self._offset_s))
        self._offset_s += step
        self._last_device_s = max(self._last_device_s, device_last_s)
        return self._offset_s
