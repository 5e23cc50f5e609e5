"""Load benchmark of the live server path: how many 100 Hz sensors, how many viewers.

Part 1 (``streams``): N simulated 100 Hz sensors in ONE process, each through the real server
path: ``WorkoutRunner.feed`` → repcount's ``LiveCounter`` → verdict → SQLite store → ``LiveHub``
→ one subscriber per stream. Samples arrive in real time, 10 per 100 ms packet, with sample
times on the host's monotonic clock, so the latency of a rep event is
``receive time - rep.end_s`` (end of the rep → event in the viewer queue, including the
counter's own confirmation delay), and the server's part is ``receive - detected_t_s`` (the
time of the last sample of the batch that revealed the rep, which is when that packet arrived).

Part 2 (``viewers``): a real ``repcount serve --sensor sim`` subprocess and M WebSocket viewers
in this process; latency of each message = receive time - the hub's ``at`` stamp (both on
CLOCK_MONOTONIC, shared by processes on one Linux machine).

Run:  .venv/bin/python bench/server_load.py streams --counts 5,10,20 --seconds 30
      .venv/bin/python bench/server_load.py streams --counter tick --counts 100,200,400 --seconds 30
      .venv/bin/python bench/server_load.py viewers --counts 10,50,100 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PACKET = 10  # samples per notification at 100 Hz = one packet every 100 ms


def _recordings(k: int) -> list[Any]:
    from firmware_sim import RepScenario, simulate

    exercises = ["pull_up", "barbell_row", "lat_pulldown", "seated_cable_row"]
    return [
        simulate(RepScenario(exercise=exercises[i % 4], reps=10, faults={4: "swing"}, seed=i, lead_in_s=3.0))
        for i in range(k)
    ]


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


class TickCounter:
    """A zero-cost stand-in for LiveCounter (``--counter tick``): a rep every 3 s, a set every 10.

    It isolates what the server path itself costs (verdict, store, hub) from the counting.
    """

    def __init__(self, **_: Any) -> None:
        self.next_s: float | None = None
        self.reps: list[Any] = []
        self.set_start = 0.0

    def set_exercise(self, exercise: str | None) -> None:
        return None

    def finish(self) -> list[Any]:
        return []

    def push(self, t_s: Any, accel_ms2: Any, gyro_rads: Any = None) -> list[Any]:
        from repcount import Rep, RepCompleted, SetAnalysis, SetEnded, SetStarted

        out: list[Any] = []
        now = float(t_s[-1])
        if self.next_s is None:
            self.next_s, self.set_start = now + 3.0, now
            out.append(SetStarted(now, 0, "pull_up"))
        while now >= self.next_s:
            end = self.next_s
            rep = Rep(end - 3.0, end, 1.5, 0.2, 1.0, 0.3)
            self.reps.append(rep)
            out.append(RepCompleted(end, 0, len(self.reps), rep))
            self.next_s = end + 3.0
            if len(self.reps) == 10:
                out.append(SetEnded(end, 0, SetAnalysis("pull_up", self.set_start, end, tuple(self.reps))))
                out.append(SetStarted(end, 0, "pull_up"))
                self.reps, self.set_start = [], end
        return out


class PacedSource:
    """A recording replayed as 100 Hz notifications of 10 samples, on the host's monotonic clock."""

    def __init__(self, rec: Any, seconds: float, phase_s: float) -> None:
        self.rec, self.seconds, self.phase_s = rec, seconds, phase_s

    async def __aenter__(self) -> PacedSource:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def batches(self) -> Any:
        from sensors import SampleBatch

        rec = self.rec
        t0 = time.monotonic() + self.phase_s
        n_packets = len(rec.t_s) // PACKET
        period = rec.t_s[n_packets * PACKET - 1] + 0.01
        k = 0
        while True:
            j, loops = k % n_packets, k // n_packets
            sl = slice(j * PACKET, (j + 1) * PACKET)
            t = rec.t_s[sl] + t0 + loops * period
            if t[-1] - t0 > self.seconds:
                return
            await asyncio.sleep(max(0.0, t[-1] - time.monotonic()))
            yield SampleBatch(t_s=t, accel_ms2=rec.accel_ms2[sl], gyro_rads=rec.gyro_rads[sl], fs_hz=100.0)
            k += 1


async def _consume(sub: Any, lat: list[tuple[float, float]]) -> None:
    async for text in sub:
        now = time.monotonic()
        msg = json.loads(text)
        if msg.get("type") == "rep":
            # (counter's delay: rep end → the sample that revealed it, server's: that sample → viewer)
            lat.append((msg["detected_t_s"] - msg["end_s"], now - msg["detected_t_s"]))


async def _loop_lag(lags: list[float]) -> None:
    while True:
        t = time.monotonic()
        await asyncio.sleep(0.05)
        lags.append(time.monotonic() - t - 0.05)


async def run_streams(count: int, seconds: float, recs: list[Any], counter: str) -> dict[str, Any]:
    from server.db import Store
    from server.hub import LiveHub
    from server.runner import WorkoutRunner

    tmp = Path(tempfile.mkdtemp(prefix="repcount-bench-"))
    stores, streams, consumers = [], [], []
    lat: list[tuple[float, float]] = []
    lags: list[float] = []
    for i in range(count):
        store = Store(f"sqlite:///{tmp / f's{i}.db'}")
        hub = LiveHub(clock=time.monotonic, maxsize=1024)
        if counter == "tick":
            runner = WorkoutRunner(store, hub, clock=time.monotonic, counter_factory=TickCounter)
        else:
            runner = WorkoutRunner(store, hub, clock=time.monotonic)
        # streams start spread over 3 s, as people do not finish reps in lockstep
        src = PacedSource(recs[i % len(recs)], seconds, phase_s=0.5 + (i * 0.137) % 3.0)
        stores.append(store)
        consumers.append(asyncio.create_task(_consume(hub.subscribe(), lat)))
        streams.append(asyncio.create_task(runner.run(lambda src=src: src)))  # type: ignore[misc]
    lagger = asyncio.create_task(_loop_lag(lags))
    cpu0, wall0 = time.process_time(), time.monotonic()
    await asyncio.gather(*streams)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    await asyncio.sleep(0.2)
    for t in [*consumers, lagger]:
        t.cancel()
    for store in stores:
        store.close()
    return {
        "streams": count,
        "rep_events": len(lat),
        "server_p50_ms": round(1000 * _pct([b for _, b in lat], 50), 1),
        "server_p95_ms": round(1000 * _pct([b for _, b in lat], 95), 1),
        "rep_end_to_event_p50_ms": round(1000 * _pct([a + b for a, b in lat], 50), 1),
        "rep_end_to_event_p95_ms": round(1000 * _pct([a + b for a, b in lat], 95), 1),
        "event_loop_lag_p95_ms": round(1000 * _pct(lags, 95), 1),
        "overrun_s": round(wall - seconds - 3.5, 1),
        "cpu_pct_of_one_core": round(100 * cpu / wall, 1),
    }


async def run_viewers(count: int, seconds: float, port: int) -> dict[str, Any]:
    import websockets

    token = os.environ["BENCH_TOKEN"]
    lat: list[float] = []
    received = [0]

    async def viewer() -> None:
        async with websockets.connect(f"ws://127.0.0.1:{port}/ws/live", max_size=None) as ws:
            await ws.send(json.dumps({"token": token}))
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                try:
                    text = await asyncio.wait_for(ws.recv(), timeout=max(0.01, end - time.monotonic()))
                except TimeoutError:
                    break
                msg = json.loads(text)
                received[0] += 1
                if "at" in msg:
                    lat.append(time.monotonic() - msg["at"])

    await asyncio.gather(*(viewer() for _ in range(count)))
    return {
        "viewers": count,
        "messages": received[0],
        "hub_to_viewer_p50_ms": round(1000 * _pct(lat, 50), 1),
        "hub_to_viewer_p95_ms": round(1000 * _pct(lat, 95), 1),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("part", choices=["streams", "viewers"])
    ap.add_argument("--counts", default="50,100,200")
    ap.add_argument("--seconds", type=float, default=40.0)
    ap.add_argument("--speed", type=float, default=5.0, help="viewers part: simulator speed (more events)")
    ap.add_argument(
        "--counter",
        choices=["live", "tick"],
        default="live",
        help="streams part: repcount's "
        "LiveCounter, or a zero-cost tick counter to measure the server path alone",
    )
    args = ap.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    print(f"cpu cores: {os.cpu_count()}  python {sys.version.split()[0]}")
    if args.part == "streams":
        recs = _recordings(4)
        for c in counts:
            result = asyncio.run(run_streams(c, args.seconds, recs, args.counter))
            print(json.dumps({"counter": args.counter, **result}), flush=True)
        return
    port = _free_port()
    data = tempfile.mkdtemp(prefix="repcount-bench-")
    token = "bench-token-0123456789abcdef"
    env = {**os.environ, "REPCOUNT_TOKEN": token}
    cmd = [sys.executable, "-m", "cli", "serve", "--sensor", "sim", "--speed", str(args.speed)]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--data-dir", data]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import httpx

        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        os.environ["BENCH_TOKEN"] = token
        for c in counts:
            print(json.dumps(asyncio.run(run_viewers(c, args.seconds, port))), flush=True)
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
