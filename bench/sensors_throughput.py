"""Sensors benchmark: decode throughput and the latency ``sensors`` adds from notification to batch.

    .venv/bin/python bench/sensors_throughput.py [--seconds 10]

1. Decode: ``decode_packet`` alone, then the whole assembly path (decode, de-duplicate, count,
   clock mapping, ``SampleBatch``), on packets made by ``firmware_sim``'s own encoder.
2. The simulator source end to end, as fast as it goes.
3. Latency: the real ``BleakClient`` over the emulated radio (tests/sensors/fake_bleak.py) at
   real time; for each batch, the host time it reached the consumer minus the arrival time of
   its newest notification (``batch.extra["arrival_s"]``). BLE air time and the device's 100 ms
   flush are not included: this is what our code adds.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "sensors"))


def _packets(n_packets: int, samples: int, frame_type: int) -> list[bytes]:
    from firmware_sim.packets import encode_imu_packet

    rng = np.random.default_rng(0)
    width = 3 if frame_type == 0 else 6
    out = []
    for k in range(n_packets):
        rows = rng.integers(-3000, 3000, size=(samples, width)).astype(np.int16)
        out.append(encode_imu_packet(frame_type, k, k * samples * 10_000, rows))
    return out


def bench_decode(n_packets: int = 20_000) -> None:
    from sensors import OpenRepConfig, StreamAssembler, decode_packet

    for label, samples, frame in (
        ("10 × accel+gyro (100 ms @ 100 Hz)", 10, 1),
        ("39 × accel (MTU 247)", 39, 0),
    ):
        cfg = OpenRepConfig(frame_type=frame, gyro_lsb_per_dps_x10=164)
        packets = _packets(n_packets, samples, frame)
        t0 = time.perf_counter()
        for p in packets:
            decode_packet(p, cfg)
        dt_decode = time.perf_counter() - t0
        asm = StreamAssembler(lambda b, c=cfg: decode_packet(b, c))  # type: ignore[misc]
        t0 = time.perf_counter()
        for k, p in enumerate(packets):
            asm.feed(p, k * samples / 100.0)
        dt_full = time.perf_counter() - t0
        print(
            f"{label:36s} decode {n_packets / dt_decode:9,.0f} packets/s   "
            f"decode+assemble {n_packets / dt_full:9,.0f} packets/s "
            f"({n_packets * samples / dt_full:11,.0f} samples/s)"
        )


async def bench_latency(seconds: float) -> None:
    from fake_bleak import FakeAir

    from firmware_sim import FirmwareDevice, RepScenario
    from sensors.ble import BleSource

    device = FirmwareDevice(RepScenario("pull_up", 10, seed=1, lead_in_s=1.0))
    air = FakeAir([device], speed=1.0)
    src = BleSource(device.name, client_backend=air.client_backend, scanner_backend=air.scanner_backend)
    lat: list[float] = []
    try:
        async with src:
            t_end = time.monotonic() + seconds
            async for batch in src.batches():
                lat.append(time.monotonic() - float(batch.extra["arrival_s"]))  # type: ignore[arg-type]
                if time.monotonic() > t_end:
                    break
    finally:
        await air.close()
    ms = np.array(lat) * 1000
    print(
        f"notification → batch, {len(ms)} batches over {seconds:g} s at 100 Hz: "
        f"p50 {np.percentile(ms, 50):.3f} ms, p95 {np.percentile(ms, 95):.3f} ms, max {ms.max():.3f} ms"
    )


async def bench_sim() -> None:
    from firmware_sim import RepScenario
    from sensors import SimSource

    src = SimSource(RepScenario("barbell_row", 10, seed=1), speed=0)
    t0 = time.perf_counter()
    async with src:
        n = sum([len(b) async for b in src.batches()])
    dt = time.perf_counter() - t0
    print(f"SimSource at speed 0 (simulate + firmware bytes + decode + assemble): {n / dt:,.0f} samples/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="latency run length (real time)")
    args = parser.parse_args()
    bench_decode()
    asyncio.run(bench_sim())
    asyncio.run(bench_latency(args.seconds))


if __name__ == "__main__":
    main()
