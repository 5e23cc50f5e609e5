"""``FirmwareDevice``: the OpenRep sensor, emulated byte for byte on a simulated clock.

Drive it like a GATT server::

    dev = FirmwareDevice(RepScenario("pull_up", 8, seed=1))
    dev.start_notify(IMU_DATA_UUID, on_packet)          # callback(uuid: str, data: bytes)
    dev.start_notify(CONTROL_POINT_UUID, on_response)   # indications 0x80 op status [payload]
    dev.write_char(CONTROL_POINT_UUID, bytes([OP_START]))
    dev.advance(1.0)                                    # emits everything due in that second

Time is the device's own: ``advance``/``run_until`` step it synchronously (tests), ``await
dev.run(speed)`` follows the wall clock (``speed`` × faster). Samples are taken at the
configured rate on the device clock (which drifts by ``clock_drift_ppm`` from true time);
a packet closes when full (``att_mtu``) or when its first sample is ``max_latency_ms`` old,
and closed packets leave in bursts of at most ``pdus_per_event`` at connection-event ticks
every ``conn_interval_ms``. A TX queue longer than ``fifo_packets`` overflows: the oldest
packet is dropped and counted in Status. The motion starts at the first START and then runs
on whether or not anyone listens, like a real lifter. Link faults come from ``LinkFaults``.
On disconnect the device stops streaming, empties its queue and forgets subscriptions; after
``reconnect()`` the host subscribes and sends START again (``seq`` restarts at 0).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from firmware_sim import packets as pk
from firmware_sim import uuids
from firmware_sim.errors import AttError, DeviceDisconnected
from firmware_sim.faults import LinkFaults, apply_link_faults
from firmware_sim.fifo import PacketFifo
from firmware_sim.scenario import RepScenario, WorkoutScenario
from firmware_sim.sensor import RANGES_G, SAMPLE_RATES_HZ, SimRecording
from firmware_sim.simulate import simulate

Callback = Callable[[str, bytes], None]


def _nearest(value: int, choices: tuple[int, ...]) -> int:
    return min(choices, key=lambda c: (abs(c - value), c))


class FirmwareDevice:
    """The emulated OpenRep sensor (see the module docstring for the model)."""

    def __init__(
        self,
        source: SimRecording | RepScenario | WorkoutScenario,
        *,
        name: str = "OpenRep-51M0",
        att_mtu: int = 247,
        conn_interval_ms: float = 30.0,
        pdus_per_event: int = 6,
        fifo_packets: int = 64,
        faults: LinkFaults | None = None,
        clock_drift_ppm: float = 0.0,
        boot_us: int = 0,
        battery_pct: float = 100.0,
        battery_drain_pct_per_h: float = 4.0,
        loop: bool = False,
    ) -> None:
        if not 23 <= att_mtu <= 517:
            raise ValueError(f"att_mtu must be 23..517, got {att_mtu}")
        if not 7.5 <= conn_interval_ms <= 4000:
            raise ValueError(f"conn_interval_ms must be 7.5..4000 ms, got {conn_interval_ms}")
        self.name = name
        self.att_mtu = att_mtu
        self.conn_interval_s = conn_interval_ms / 1000.0
        self.pdus_per_event = pdus_per_event
        self.fifo_packets = fifo_packets
        self.faults = faults or LinkFaults()
        self.loop = loop
        self._source = source
        self._fixed = source if isinstance(source, SimRecording) else None
        self._cache: dict[tuple[int, int], SimRecording] = {}
        self._drift = clock_drift_ppm * 1e-6
        self._boot_us = boot_us
        self._battery0 = battery_pct
        self._drain_per_s = battery_drain_pct_per_h / 3600.0
        self._rng = np.random.default_rng([self.faults.seed, 3])
        self._subs: dict[str, Callback] = {}
        self._disconnect_cbs: list[Callable[[], None]] = []
        rate, rng = (int(self._fixed.fs_hz), self._fixed.range_g) if self._fixed is not None else (100, 16)
        self.config = pk.DeviceConfig(sample_rate_hz=rate, range_g=rng)
        self.now_s = 0.0
        self.connected = True
        self.streaming = False
        self.identify_count = 0
        self.sent_packets = 0
        self._flags = 0
        self._motion: SimRecording | None = None
        self._motion_t0_dev_s = 0.0
        self._cursor = 0  # next motion sample index (absolute, may exceed len when looping)
        self.fifo = PacketFifo(fifo_packets)
        self._next_tick_s = self.conn_interval_s
        self._stop_run = False
        self._last_battery = self.battery_pct
        self._rows_key: tuple[int, int] | None = None
        self._rows_cache = np.empty((0, 6), np.int16)

    # ---- clock -------------------------------------------------------------------------
    def device_time_s(self, true_s: float | None = None) -> float:
        """Device clock (s since boot) at true time ``true_s`` (default: now)."""
        return (self.now_s if true_s is None else true_s) * (1.0 + self._drift)

    def t_us(self) -> int:
        """The device's u32 µs counter now (wraps every 71.6 min)."""
        return (self._boot_us + round(self.device_time_s() * 1e6)) & 0xFFFFFFFF

    @property
    def motion(self) -> SimRecording | None:
        """The recording being played (known after the first START)."""
        return self._motion

    @property
    def motion_t0_us(self) -> int:
        """Device µs (unwrapped) of motion sample 0: truth time ``s`` is at ``motion_t0_us + s·1e6``."""
        return self._boot_us + round(self._motion_t0_dev_s * 1e6)

    @property
    def dropped_samples_total(self) -> int:
        """Samples lost inside the device (FIFO overflow, disconnects), as Status reports."""
        return self.fifo.dropped_samples

    @property
    def seq(self) -> int:
        """The sequence number the next packet will carry."""
        return self.fifo.seq

    @property
    def battery_pct(self) -> int:
        return max(0, min(100, int(self._battery0 - self._drain_per_s * self.now_s)))

    @property
    def finished(self) -> bool:
        """The motion has run out (never when looping) and nothing is left to send."""
        m = self._motion
        done = m is not None and not self.loop and self._cursor >= len(m)
        return done and self.fifo.empty

    # ---- GATT surface ------------------------------------------------------------------
    def on_disconnect(self, callback: Callable[[], None]) -> None:
        self._disconnect_cbs.append(callback)

    def start_notify(self, uuid: str, callback: Callback) -> None:
        self._check_link()
        uuid = uuid.lower()
        if uuid not in uuids.NOTIFY_UUIDS:
            raise AttError(0x03, f"{uuid} cannot notify")
        self._subs[uuid] = callback

    def stop_notify(self, uuid: str) -> None:
        self._subs.pop(uuid.lower(), None)

    def read_char(self, uuid: str) -> bytes:
        self._check_link()
        uuid = uuid.lower()
        if uuid == uuids.CONFIG_UUID:
            return self.config.encode()
        if uuid == uuids.STATUS_UUID:
            data = self._status()
            self._flags &= ~pk.FLAG_CLIPPING
            self.fifo.overflowed = False
            return data
        if uuid == uuids.BATTERY_LEVEL_UUID:
            return bytes([self.battery_pct])
        info = {
            uuids.MANUFACTURER_NAME_UUID: "repcount",
            uuids.MODEL_NUMBER_UUID: "OpenRep-SIM",
            uuids.SERIAL_NUMBER_UUID: self.name.rsplit("-", 1)[-1],
            uuids.FIRMWARE_REVISION_UUID: "1.0.0-sim",
        }
        if uuid in info:
            return info[uuid].encode()
        raise AttError(0x02, f"{uuid} is not readable")

    def write_char(self, uuid: str, data: bytes, response: bool = True) -> None:
        self._check_link()
        uuid = uuid.lower()
        if uuid == uuids.CONFIG_UUID:
            self._write_config(bytes(data))
        elif uuid == uuids.CONTROL_POINT_UUID:
            self._control(bytes(data))
        else:
            raise AttError(0x03, f"{uuid} is not writable")

    def _check_link(self) -> None:
        if not self.connected:
            raise DeviceDisconnected(f"{self.name} is not connected; call reconnect() first")

    def _write_config(self, data: bytes) -> None:
        try:
            rate, rng, frame, latency = pk.decode_config_write(data)
        except ValueError as exc:
            raise AttError(0x0D, str(exc)) from exc
        if self.streaming:
            raise AttError(0x80, "send STOP before changing the configuration")
        if self._fixed is not None:  # a recording plays at the rate and range it was made with
            rate, rng = int(self._fixed.fs_hz), self._fixed.range_g
        self.config = replace(
            self.config,
            sample_rate_hz=_nearest(rate, SAMPLE_RATES_HZ),
            range_g=_nearest(rng, RANGES_G),
            frame_type=frame if frame in pk.SAMPLE_BYTES else self.config.frame_type,
            max_latency_ms=latency,
        )

    def _control(self, data: bytes) -> None:
        op = data[0] if data else 0
        status, payload = pk.CP_OK, b""
        if not data:
            status = pk.CP_INVALID_PARAMETER
        elif op == pk.OP_START:
            status = pk.CP_INVALID_PARAMETER if len(data) != 1 else self._start()
        elif op == pk.OP_STOP:
            self._stop()
        elif op == pk.OP_TIME_SYNC:
            payload = pk.encode_time_sync_payload(self.t_us())
        elif op == pk.OP_IDENTIFY:
            self.identify_count += 1
        else:
            status = pk.CP_UNSUPPORTED
        self._notify(uuids.CONTROL_POINT_UUID, pk.encode_cp_response(op, status, payload))

    def _start(self) -> int:
        if self.battery_pct == 0:
            return pk.CP_BUSY
        key = (self.config.sample_rate_hz, self.config.range_g)
        if self._motion is None or (
            self._fixed is None and key != (int(self._motion.fs_hz), self._motion.range_g)
        ):
            if self._fixed is not None:
                self._motion = self._fixed
            else:
                if key not in self._cache:
                    self._cache[key] = simulate(self._source, fs_hz=key[0], range_g=key[1])  # type: ignore[arg-type]
                self._motion = self._cache[key]
            self._motion_t0_dev_s = self.device_time_s()
            self._cursor = 0
        self.streaming = True
        self.fifo.restart()
        self._skip_to_now()
        self._notify_status()
        return pk.CP_OK

    def _stop(self) -> None:
        if self.streaming:
            self._acquire_until(self.now_s)
            self.fifo.close(self.config.frame_type)
            self.streaming = False
            self._notify_status()

    def _status(self) -> bytes:
        flags = self._flags | (pk.FLAG_FIFO_OVERFLOW if self.fifo.overflowed else 0)
        if self.battery_pct < 15:
            flags |= pk.FLAG_LOW_BATTERY
        state = pk.STATE_STREAMING if self.streaming else pk.STATE_IDLE
        interval = round(self.conn_interval_s / 0.00125)
        return pk.encode_status(
            state, flags, self.fifo.dropped_samples, interval, self.att_mtu, self.battery_pct
        )

    def _notify(self, uuid: str, data: bytes) -> None:
        cb = self._subs.get(uuid)
        if cb is not None and self.connected:
            cb(uuid, data)

    def _notify_battery(self) -> None:
        pct = self.battery_pct
        if pct != self._last_battery:
            self._last_battery = pct
            self._notify(uuids.BATTERY_LEVEL_UUID, bytes([pct]))

    def _notify_status(self) -> None:
        self._notify(uuids.STATUS_UUID, self._status())

    # ---- link ----------------------------------------------------------------------------
    def disconnect(self) -> None:
        """Drop the link now (as if the radio lost the central)."""
        if not self.connected:
            return
        self._acquire_until(self.now_s)
        self.fifo.discard()
        self.streaming = False
        self.connected = False
        self._subs.clear()
        for cb in list(self._disconnect_cbs):
            cb()

    def reconnect(self) -> None:
        """The central connects again; subscriptions must be renewed and START sent again."""
        self.connected = True

    # ---- time stepping -------------------------------------------------------------------
    def advance(self, dt_s: float) -> None:
        """Let ``dt_s`` seconds of true time pass, emitting every notification due."""
        self.run_until(self.now_s + dt_s)

    def run_until(self, t_s: float) -> None:
        """Step the device to true time ``t_s`` (no-op if already past it)."""
        cut = self.faults.disconnect_at_s
        while self._next_tick_s <= t_s:
            tick = self._next_tick_s
            if cut is not None and self.connected and self.now_s < cut <= tick:
                self._acquire_until(cut)
                self.now_s = cut
                self.disconnect()
            self._acquire_until(tick)
            self.now_s = tick
            self._deliver()
            self._notify_battery()
            self._next_tick_s += self.conn_interval_s
        if cut is not None and self.connected and self.now_s < cut <= t_s:
            self._acquire_until(cut)
            self.now_s = cut
            self.disconnect()
        self._acquire_until(t_s)
        self.now_s = max(self.now_s, t_s)

    async def run(self, speed: float = 1.0, *, until_s: float | None = None) -> None:
        """Follow the wall clock ``speed`` × faster until ``stop()``, ``until_s`` or the motion ends."""
        if speed <= 0:
            raise ValueError(f"speed must be > 0, got {speed}")
        self._stop_run = False
        wall0, dev0 = time.monotonic(), self.now_s
        while not self._stop_run and not self.finished:
            target = dev0 + (time.monotonic() - wall0) * speed
            if until_s is not None:
                target = min(target, until_s)
            self.run_until(target)
            if until_s is not None and self.now_s >= until_s:
                break
            await asyncio.sleep(min(self.conn_interval_s / speed, 0.05))

    def stop(self) -> None:
        """End ``run()`` at its next step."""
        self._stop_run = True

    # ---- sampling and packets ----------------------------------------------------------
    def _sample_dev_s(self, k: int) -> float:
        return self._motion_t0_dev_s + k / self.config.sample_rate_hz

    def _available(self, t_s: float) -> int:
        """Absolute index one past the last motion sample taken by true time ``t_s``."""
        m = self._motion
        if m is None:
            return 0
        k = (
            int(
                np.floor(
                    (self.device_time_s(t_s) - self._motion_t0_dev_s) * self.config.sample_rate_hz + 1e-9
                )
            )
            + 1
        )
        return k if self.loop else min(k, len(m))

    def _skip_to_now(self) -> None:
        self._cursor = max(self._cursor, self._available(self.now_s - 1e-9))

    def _acquire_until(self, t_s: float) -> None:
        m = self._motion
        if m is None:
            return
        end = self._available(t_s)
        if not self.streaming:
            self._cursor = max(self._cursor, end)
            return
        latency_s = self.config.max_latency_ms / 1000.0
        cap = pk.max_samples(self.att_mtu, self.config.frame_type)
        rows_all = self._rows(m)
        fifo, frame = self.fifo, self.config.frame_type
        while self._cursor < end:
            k = self._cursor
            t_k = self._sample_dev_s(k)
            first = fifo.open_first_dev_s
            if first is not None and latency_s > 0 and t_k >= first + latency_s - 1e-9:
                fifo.close(frame)
            if fifo.open_first_dev_s is None:
                fifo.begin(self._boot_us + round(t_k * 1e6), t_k)
                first = t_k
            have = fifo.open_count
            take = min(cap - have, end - k)
            if latency_s > 0 and first is not None:  # only samples before the deadline join this packet
                span = (first + latency_s - self._motion_t0_dev_s) * self.config.sample_rate_hz
                k_dead = int(np.ceil(span - 1e-6)) - 1
                take = max(1, min(take, k_dead - k + 1))
            chunk = rows_all[np.arange(k, k + take) % len(m)]
            if np.any((chunk[:, :3] == 32767) | (chunk[:, :3] == -32768)):
                self._flags |= pk.FLAG_CLIPPING
            fifo.append(chunk)
            self._cursor = k + take
            if have + take >= cap:
                fifo.close(frame)
        first = fifo.open_first_dev_s
        if first is not None and latency_s > 0 and self.device_time_s(t_s) >= first + latency_s - 1e-9:
            fifo.close(frame)

    def _rows(self, m: SimRecording) -> np.ndarray:
        key = (id(m), self.config.frame_type)
        if self._rows_key != key:
            self._rows_cache, self._rows_key = m.as_samples_int16(self.config.frame_type), key
        return self._rows_cache

    def _deliver(self) -> None:
        """One connection event: up to ``pdus_per_event`` packets leave, through the faulty link."""
        burst = self.fifo.pop_burst(self.pdus_per_event)
        self.sent_packets += len(burst)
        for data in apply_link_faults(burst, self.faults, self._rng):
            self._notify(uuids.IMU_DATA_UUID, data)
