"""The BLE source on bleak: scan, connect, stream, and survive real radios. The only bleak importer.

Link life: scan for the sensor, connect with the ``BLEDevice`` found (a new ``BleakClient`` per
connection), run the profile's start sequence, and stream. The notify callback only stamps the
arrival time and queues the payload; ``batches()`` decodes through ``StreamAssembler``. When the
link drops, or stays up but goes silent for ``watchdog_s`` (a watchdog), the source reconnects with
exponential backoff; the assembler then drops the duplicates a reconnect can bring (bleak #2002)
and reports the hole. Beyond ``max_attempts`` failed reconnects it raises ``SensorDisconnected``.

bleak's ``backend=`` seam is exposed as ``client_backend=`` / ``scanner_backend=``, so tests run
the real ``BleakClient`` and ``BleakScanner`` against an emulated device.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Self

from bleak import BleakClient, BleakScanner
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData
from bleak.exc import BleakDeviceNotFoundError, BleakError

from sensors.assembly import StreamAssembler, merge_batches
from sensors.errors import SensorDisconnected, SensorError, SensorNotFound, SensorTimeout
from sensors.profiles import Callback, SensorProfile, make_profile, profile_for_services
from sensors.status import SensorStatus
from sensors.types import SampleBatch
from sensors.wire import Packet

_LOST = "lost"
_STOPPED = "stopped"


@contextlib.contextmanager
def _bleak_errors(what: str) -> Iterator[None]:
    """bleak's and the OS's exceptions become ours here, and nowhere else."""
    try:
        yield
    except SensorError:
        raise
    except BleakDeviceNotFoundError as exc:
        raise SensorNotFound(f"{what}: {exc}") from exc
    except TimeoutError as exc:
        raise SensorTimeout(f"{what}: timed out") from exc
    except (BleakError, EOFError) as exc:
        raise SensorDisconnected(f"{what}: {exc}") from exc
    except OSError as exc:  # no D-Bus socket, no adapter, no permission
        raise SensorError(
            f"{what}: cannot reach the Bluetooth stack ({exc}); is there an adapter and is "
            "bluetoothd running (`sudo systemctl start bluetooth`)?"
        ) from exc


def _backend(backend: type[Any] | None, adapter: str | None = None) -> dict[str, Any]:
    """bleak's ``backend=`` seam (tests) and BlueZ adapter choice, passed only when set."""
    kwargs: dict[str, Any] = {} if backend is None else {"backend": backend}
    if adapter is not None:
        kwargs["bluez"] = {"adapter": adapter}
    return kwargs


@dataclass(frozen=True, slots=True)
class FoundSensor:
    """One advertiser seen by ``scan_sensors``."""

    name: str
    address: str
    rssi: int | None
    profile: str | None
    """``"openrep"``, ``"polar"`` or ``None`` when the advertisement names no known service."""


async def scan_sensors(
    timeout_s: float = 5.0,
    *,
    all_devices: bool = False,
    adapter: str | None = None,
    scanner_backend: type[Any] | None = None,
) -> list[FoundSensor]:
    """Scan for ``timeout_s``; sensors with a known profile first, then by signal strength."""
    with _bleak_errors("scan"):
        found = await BleakScanner.discover(
            timeout=timeout_s, return_adv=True, **_backend(scanner_backend, adapter)
        )
    out = []
    for device, adv in found.values():
        profile = profile_for_services(adv.service_uuids)
        if profile is None and not all_devices:
            continue
        out.append(FoundSensor(adv.local_name or device.name or "", device.address, adv.rssi, profile))
    return sorted(out, key=lambda s: (s.profile is None, -(s.rssi if s.rssi is not None else -999)))


class _BleakLink:
    """``GattLink`` on one connected ``BleakClient``."""

    def __init__(self, client: BleakClient) -> None:
        self._client = client

    async def read(self, uuid: str) -> bytes:
        with _bleak_errors(f"read {uuid}"):
            return bytes(await self._client.read_gatt_char(uuid))

    async def write(self, uuid: str, data: bytes, *, response: bool = True) -> None:
        with _bleak_errors(f"write {uuid}"):
            await self._client.write_gatt_char(uuid, data, response=response)

    async def subscribe(self, uuid: str, callback: Callback) -> None:
        with _bleak_errors(f"subscribe {uuid}"):
            await self._client.start_notify(uuid, lambda _char, data: callback(bytes(data)))

    def has(self, uuid: str) -> bool:
        return self._client.services.get_characteristic(uuid) is not None


class BleSource:
    """A ``SensorSource`` for a BLE sensor named by address or advertised name."""

    def __init__(
        self,
        address: str,
        *,
        profile: str | Callable[[], SensorProfile] = "openrep",
        placement: str = "wrist",
        scan_timeout_s: float = 10.0,
        connect_timeout_s: float = 10.0,
        watchdog_s: float = 3.0,
        max_attempts: int = 6,
        backoff_s: tuple[float, float] = (0.25, 4.0),
        queue_size: int = 4096,
        adapter: str | None = None,
        client_backend: type[Any] | None = None,
        scanner_backend: type[Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._target = address
        self._profile: SensorProfile = make_profile(profile) if isinstance(profile, str) else profile()
        self._placement = placement
        self._scan_timeout_s = scan_timeout_s
        self._connect_timeout_s = connect_timeout_s
        self._watchdog_s = watchdog_s
        self._max_attempts = max_attempts
        self._backoff_s = backoff_s
        self._queue_size = queue_size
        self._adapter = adapter
        self._client_backend = client_backend
        self._scanner_backend = scanner_backend
        self._clock = clock
        self._queue: asyncio.Queue[tuple[float, bytes] | str] = asyncio.Queue()
        self._client: BleakClient | None = None
        self._device: BLEDevice | None = None
        self._link: _BleakLink | None = None
        self._name = address
        self._assembler = StreamAssembler(self._profile_decode, sensor=address, placement=placement)
        self._reconnects = 0
        self._closing = False
        self._signal: str | None = None

    @property
    def status(self) -> SensorStatus:
        counts = self._assembler.counts
        return SensorStatus(
            connected=self._client is not None and self._client.is_connected,
            sensor=self._name,
            battery_pct=self._profile.battery_pct,
            samples=counts.samples,
            dropped_packets=counts.dropped_packets,
            duplicates=counts.duplicates,
            truncated=counts.truncated,
            reconnects=self._reconnects,
            rate_hz=round(self._assembler.rate_hz, 2),
            gaps=counts.gaps,
            gap_s=counts.gap_s,
        )

    def _profile_decode(self, payload: bytes) -> Packet:
        return self._profile.decode(payload)

    async def __aenter__(self) -> Self:
        self._closing = False
        await self._connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing = True
        client, link = self._client, self._link
        self._client = self._link = None
        if client is None:
            return
        with contextlib.suppress(SensorError, BleakError, TimeoutError, OSError):
            if link is not None and client.is_connected:
                async with asyncio.timeout(2.0):
                    await self._profile.stop(link)
        with contextlib.suppress(BleakError, TimeoutError, OSError):
            async with asyncio.timeout(5.0):
                await client.disconnect()

    async def _find(self) -> BLEDevice:
        wanted = self._target.lower()

        found: asyncio.Future[BLEDevice] = asyncio.get_running_loop().create_future()

        def match(device: BLEDevice, adv: AdvertisementData) -> None:
            names = {device.address.lower(), (device.name or "").lower(), (adv.local_name or "").lower()}
            if wanted in names and not found.done():
                found.set_result(device)

        # the callback is given to the constructor, so it is in place before scanning starts:
        # bleak's find_device_by_filter registers its own after, and can miss a device that is
        # reported only once (BlueZ reports a known device again only when its RSSI changes)
        device: BLEDevice | None = None
        with _bleak_errors(f"scan for {self._target}"):
            async with BleakScanner(match, **_backend(self._scanner_backend, self._adapter)):
                with contextlib.suppress(TimeoutError):
                    device = await asyncio.wait_for(found, self._scan_timeout_s)
        if device is None:
            raise SensorNotFound(
                f"no sensor called {self._target!r} answered within {self._scan_timeout_s:g} s; "
                "run `repcount scan` to list the sensors in range, and check it is powered and not "
                "connected to another phone"
            )
        return device

    async def _connect(self) -> None:
        if self._device is not None:
            # a reconnect: the OS still knows the device; connect directly, scan only if that fails
            try:
                await self._connect_to(self._device)
                return
            except SensorError:
                self._device = None
        device = await self._find()
        await self._connect_to(device)
        self._device = device

    async def _connect_to(self, device: BLEDevice) -> None:
        self._name = device.name or self._target
        client = BleakClient(
            device,
            disconnected_callback=self._on_disconnect,
            timeout=self._connect_timeout_s,
            **_backend(self._client_backend, self._adapter),
        )
        with _bleak_errors(f"connect to {self._name}"):
            await client.connect()
        self._client = client
        self._link = _BleakLink(client)
        self._assembler.new_link()
        try:
            await self._profile.start(self._link, self._on_data, self._on_stopped)
        except BaseException:
            with contextlib.suppress(BleakError, TimeoutError, OSError):
                await client.disconnect()
            self._client = self._link = None
            raise

    def _on_data(self, payload: bytes) -> None:
        if self._queue.qsize() >= self._queue_size:
            self._assembler.note_lost(1)  # a stalled consumer: drop, count, report as a gap
            return
        self._queue.put_nowait((self._clock(), payload))

    def _on_stopped(self) -> None:
        self._queue.put_nowait(_STOPPED)

    def _on_disconnect(self, client: BleakClient) -> None:
        if not self._closing and client is self._client:
            self._queue.put_nowait(_LOST)

    async def _next_item(self) -> tuple[float, bytes] | str:
        if self._signal is not None:
            signal, self._signal = self._signal, None
            return signal
        try:
            async with asyncio.timeout(self._watchdog_s):
                return await self._queue.get()
        except TimeoutError:
            return _LOST  # the link is up but silent: treat it as lost

    async def batches(self) -> AsyncIterator[SampleBatch]:
        if self._client is None:
            raise RuntimeError("use the source inside `async with` before iterating batches()")
        while not self._closing:
            item = await self._next_item()
            if item == _STOPPED:
                return
            if item == _LOST:
                await self._recover()
                continue
            assert isinstance(item, tuple)
            fed = [self._assembler.feed(item[1], item[0])]
            while not self._queue.empty():
                more = self._queue.get_nowait()
                if isinstance(more, str):
                    self._signal = more
                    break
                fed.append(self._assembler.feed(more[1], more[0]))
            for batch in merge_batches(b for b in fed if b is not None):
                yield batch

    async def _recover(self) -> None:
        old, self._client, self._link = self._client, None, None
        if old is not None:
            with contextlib.suppress(BleakError, TimeoutError, OSError):
                async with asyncio.timeout(2.0):
                    await old.disconnect()
        last_error: Exception | None = None
        for attempt in range(self._max_attempts):
            await asyncio.sleep(min(self._backoff_s[1], self._backoff_s[0] * 2**attempt))
            try:
                await self._connect()
            except SensorError as exc:
                last_error = exc
                continue
            self._reconnects += 1
            return
        raise SensorDisconnected(
            f"lost the link to {self._name} and {self._max_attempts} reconnect attempts failed "
            f"({last_error}); check the sensor is in range and charged"
        ) from last_error
