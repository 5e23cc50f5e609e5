"""Load benchmark of the live server path: how many 100 Hz sensors, how many viewers.

Part 1 (``streams``): N simulated 100 Hz sensors in ONE process, each through the real server
path: ``WorkoutRunner.feed`` → repcount's ``LiveCounter`` → verdict → SQLite store → ``LiveHub``
→ one subscriber per stream. Samples arrive in real time, 10 per 100 ms packet, with sample
times on the host's monotonic clock, so the latency of a rep event is
``receive time - rep.end_s`` (end of the rep → event in the viewer queue, including the
counter's own confirmation delay), and the server-added part is ``receive - packet arrival``.

Part 2 (``viewers``): a real ``repcount serve --sensor sim`` subprocess and M WebSocket viewers
in this process; latency of each message = receive time - the hub's ``at`` stamp (both on
CLOCK_MONOTONIC, shared by processes on one Linux machine).

Run:  .venv/bin/python bench/server_load.py streams --counts 50,100,200 --seconds 40
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


async def _stream(i: int, rec: Any, runner: Any, seconds: float, pushed: list[float]) -> None:
    t0 = time.monotonic() + (i % 10) * 0.01  # spread packet phases over the 100 ms period
    await asyncio.sleep(max(0.0, t0 - time.monotonic()))
    from sensors import SampleBatch

    n = len(rec.t_s)
    k = 0
    while time.monotonic() - t0 < seconds:
        j = k % (n // PACKET)
        sl = slice(j * PACKET, (j + 1) * PACKET)
        loops = (k * PACKET) // n
        t = rec.t_s[sl] + t0 + loops * (rec.t_s[-1] + 0.01)
        due = t[-1]
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        pushed[0] = time.monotonic()
        runner.feed(SampleBatch(t_s=t, accel_ms2=rec.accel_ms2[sl], gyro_rads=rec.gyro_rads[sl], fs_hz=100.0))
        k += 1


async def _consume(sub: Any, pushed: list[float], lat_end: list[float], lat_srv: list[float]) -> None:
    async for text in sub:
        now = time.monotonic()
        msg = json.loads(text)
        if msg.get("type") == "rep":
            lat_end.append(now - msg["end_s"])
            lat_srv.append(now - pushed[0])


async def run_streams(count: int, seconds: float, recs: list[Any]) -> dict[str, Any]:
    from server.db import Store
    from server.hub import LiveHub
    from server.runner import WorkoutRunner

    tmp = Path(tempfile.mkdtemp(prefix="repcount-bench-"))
    runners, tasks, lat_end, lat_srv = [], [], [], []  # type: ignore[var-annotated]
    for i in range(count):
        store = Store(f"sqlite:///{tmp / f's{i}.db'}")
        hub = LiveHub(clock=time.monotonic, maxsize=1024)
        runner = WorkoutRunner(store, hub, clock=time.monotonic)
        pushed = [time.monotonic()]
        sub = hub.subscribe()
        runners.append((runner, store))
        tasks.append(asyncio.create_task(_consume(sub, pushed, lat_end, lat_srv)))
        tasks.append(asyncio.create_task(_stream(i, recs[i % len(recs)], runner, seconds, pushed)))
    cpu0, wall0 = time.process_time(), time.monotonic()
    await asyncio.gather(*tasks[1::2])
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    await asyncio.sleep(0.2)
    for t in tasks[0::2]:
        t.cancel()
    for _, store in runners:
        store.close()
    return {
        "streams": count,
        "reps": len(lat_end),
        "end_to_event_p50_ms": round(1000 * _pct(lat_end, 50), 1),
        "end_to_event_p95_ms": round(1000 * _pct(lat_end, 95), 1),
        "server_added_p50_ms": round(1000 * _pct(lat_srv, 50), 1),
        "server_added_p95_ms": round(1000 * _pct(lat_srv, 95), 1),
        "cpu_busy_pct": round(100 * cpu / wall, 1),
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
    args = ap.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    print(f"cpu cores: {os.cpu_count()}  python {sys.version.split()[0]}")
    if args.part == "streams":
        recs = _recordings(4)
        for c in counts:
            print(json.dumps(asyncio.run(run_streams(c, args.seconds, recs))), flush=True)
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
