"""Turn raw notifications into clean ``SampleBatch``es: the one place that knows about link faults.

``StreamAssembler.feed(payload, arrival_s)`` decodes one notification with the profile's pure
decoder and then, in this order:

1. drops and counts packets that do not decode (truncated ones separately);
2. drops and counts duplicates: packets whose samples are not later than the last sample
   delivered (bleak #2002 delivers callbacks twice after a reconnect; Polar has no sequence
   number at all), trimming a packet that only partly overlaps;
3. counts lost packets from the sequence number and reports holes in device time;
4. maps device time onto the host clock (``HostClock``) and emits a batch whose
   ``extra["arrival_s"]`` is the host time its newest packet arrived (for latency figures).

The simulator and every BLE profile share this code, so a fault is handled the same way
whatever the source.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from sensors.clock import HostClock
from sensors.errors import BadPacket
from sensors.types import FloatArray, SampleBatch
from sensors.wire import Packet

Decoder = Callable[[bytes], Packet]

_REBOOT_BACKSTEP_US = 2_000_000


@dataclass(frozen=True, slots=True)
class StreamCounts:
    """Totals since the stream started."""

    packets: int = 0
    samples: int = 0
    duplicates: int = 0
    truncated: int = 0
    malformed: int = 0
    lost_packets: int = 0
    overflowed: int = 0
    gaps: int = 0
    gap_s: float = 0.0

    @property
    def dropped_packets(self) -> int:
        """Every packet that did not reach a batch for a reason other than being a duplicate."""
        return self.lost_packets + self.truncated + self.malformed + self.overflowed


class StreamAssembler:
    """Decode, de-duplicate, count and time-stamp one sensor's notifications."""

    def __init__(
        self,
        decode: Decoder,
        *,
        sensor: str = "",
        placement: str = "wrist",
        clock: HostClock | None = None,
    ) -> None:
        self._decode = decode
        self._sensor = sensor
        self._placement = placement
        self._clock = clock or HostClock()
        self._counts = StreamCounts()
        self._last_seq: int | None = None
        self._last_dev_us: int | None = None  # unwrapped device time of the last delivered sample
        self._last_raw_us = 0
        self._last_first_us = 0
        self._last_host_s = -np.inf
        self._last_offset_s: float | None = None
        self._pending_dropped = 0
        self._pending_gap_s = 0.0
        self._recent: deque[tuple[float, int]] = deque(maxlen=64)

    @property
    def clock(self) -> HostClock:
        return self._clock

    @property
    def counts(self) -> StreamCounts:
        return self._counts

    @property
    def rate_hz(self) -> float:
        """Samples per second of host-mapped time over the recent batches."""
        if len(self._recent) < 2:
            return 0.0
        (t0, n0), (t1, n1) = self._recent[0], self._recent[-1]
        return (n1 - n0) / (t1 - t0) if t1 > t0 else 0.0

    def new_link(self) -> None:
        """A new connection: the device restarts ``seq`` at START, device time carries on."""
        self._last_seq = None

    def note_lost(self, packets: int) -> None:
        """Packets lost before they reached us (a full queue); reported on the next batch."""
        self._counts = _bump(self._counts, overflowed=packets)
        self._pending_dropped += packets

    def feed(self, payload: bytes, arrival_s: float) -> SampleBatch | None:
        """One notification in; a batch out, or ``None`` when the packet was dropped."""
        try:
            packet = self._decode(bytes(payload))
        except BadPacket as exc:
            truncated = str(exc).startswith("truncated")
            self._counts = _bump(self._counts, truncated=int(truncated), malformed=int(not truncated))
            self._pending_dropped += 1
            return None
        return self._accept(packet, arrival_s)

    def _accept(self, packet: Packet, arrival_s: float) -> SampleBatch | None:
        # seq counts lost packets; whether a packet is new is decided by device time below, so
        # a seq that restarts (START after a reconnect) or jumps can never silence a stream
        lost = 0
        if packet.seq is not None and self._last_seq is not None:
            step = (packet.seq - self._last_seq) % packet.seq_wrap
            if 0 < step <= packet.seq_wrap // 2:
                lost = step - 1
        if packet.seq is not None:
            self._last_seq = packet.seq
        n = len(packet)
        period_us = 1e6 / packet.fs_hz
        first_us = self._device_us(packet)
        offsets_us = np.arange(n) * period_us
        keep = slice(0, n)
        if self._last_dev_us is not None and first_us < self._last_dev_us - _REBOOT_BACKSTEP_US:
            # device time went far back: the sensor rebooted; start a new timeline
            self._last_dev_us = None
            self._clock.resync()
            first_us = packet.t_first_us
        if self._last_dev_us is not None:
            fresh = first_us + offsets_us > self._last_dev_us + 0.5 * period_us
            if not fresh.any():
                self._counts = _bump(self._counts, duplicates=1)
                return None
            keep = slice(int(np.argmax(fresh)), n)
        gap_s = 0.0
        if self._last_dev_us is not None:
            hole_us = first_us - (self._last_dev_us + period_us) if keep.start == 0 else 0.0
            if hole_us > 0.5 * period_us:
                gap_s = hole_us / 1e6
                if lost == 0:  # no sequence gap (a reconnect, a FIFO overflow, Polar): size the hole
                    lost = max(1, round(hole_us / (n * period_us)))
            else:
                lost = 0  # time is continuous: a sequence jump lost nothing
        self._remember(packet, first_us + offsets_us[-1])
        dev_s: FloatArray = np.asarray((first_us + offsets_us[keep]) / 1e6, dtype=np.float64)
        offset = self._clock.observe(float(dev_s[-1]), arrival_s)
        # ramp a change of offset across the packet, so sample spacing bends instead of stepping
        prev = offset if self._last_offset_s is None else self._last_offset_s
        ramp = np.arange(1, m + 1) / m if (m := dev_s.shape[0]) > 0 else np.ones(0)
        t_s = dev_s + prev + (offset - prev) * ramp
        self._last_offset_s = offset
        if t_s[0] <= self._last_host_s:  # the clock mapper re-anchored: never run backwards
            t_s = t_s + (self._last_host_s - t_s[0]) + 1e-6
        self._last_host_s = float(t_s[-1])
        m = t_s.shape[0]
        gaps = int(gap_s > 0)
        # packets we already counted (malformed, overflowed) also show up as a sequence gap
        unexplained = max(0, lost - self._pending_dropped)
        self._counts = _bump(
            self._counts, packets=1, samples=m, lost_packets=unexplained, gaps=gaps, gap_s=gap_s
        )
        dropped = self._pending_dropped + unexplained
        gap_total = self._pending_gap_s + gap_s
        self._pending_dropped = 0
        self._pending_gap_s = 0.0
        self._recent.append((float(t_s[-1]), self._counts.samples))
        return SampleBatch(
            t_s=t_s,
            accel_ms2=packet.accel_ms2[keep],
            gyro_rads=None if packet.gyro_rads is None else packet.gyro_rads[keep],
            fs_hz=packet.fs_hz,
            sensor=self._sensor,
            placement=self._placement,
            dropped_packets=dropped,
            gap_s=gap_total,
            extra={"arrival_s": arrival_s},
        )

    def _device_us(self, packet: Packet) -> int:
        """Unwrapped device time of the packet's first sample (µs)."""
        raw = packet.t_first_us
        if self._last_dev_us is None or packet.t_wrap_us is None:
            return raw
        wrap = packet.t_wrap_us
        delta = (raw - self._last_raw_us) % wrap
        if delta >= wrap // 2:
            delta -= wrap
        return self._last_first_us + delta

    def _remember(self, packet: Packet, last_sample_us: float) -> None:
        first_us = self._device_us(packet)
        self._last_raw_us = packet.t_first_us
        self._last_first_us = first_us
        self._last_dev_us = round(last_sample_us)


def _bump(counts: StreamCounts, **add: float) -> StreamCounts:
    values = {name: getattr(counts, name) + add.get(name, 0) for name in counts.__dataclass_fields__}
    return StreamCounts(**values)


def merge_batches(batches: Iterable[SampleBatch]) -> list[SampleBatch]:
    """Join consecutive batches with no loss or hole between them (fewer, larger batches)."""
    runs: list[list[SampleBatch]] = []
    for batch in batches:
        if runs and batch.dropped_packets == 0 and batch.gap_s == 0 and _same_kind(runs[-1][-1], batch):
            runs[-1].append(batch)
        else:
            runs.append([batch])
    return [_concat(run) for run in runs]


def _same_kind(a: SampleBatch, b: SampleBatch) -> bool:
    return (a.gyro_rads is None) == (b.gyro_rads is None) and a.fs_hz == b.fs_hz


def _concat(run: list[SampleBatch]) -> SampleBatch:
    if len(run) == 1:
        return run[0]
    first = run[0]
    gyro = None if first.gyro_rads is None else np.vstack([b.gyro_rads for b in run])  # type: ignore[misc]
    return SampleBatch(
        t_s=np.concatenate([b.t_s for b in run]),
        accel_ms2=np.vstack([b.accel_ms2 for b in run]),
        gyro_rads=gyro,
        fs_hz=first.fs_hz,
        sensor=first.sensor,
        placement=first.placement,
        dropped_packets=first.dropped_packets,
        gap_s=first.gap_s,
        extra={**first.extra, **run[-1].extra},
    )
