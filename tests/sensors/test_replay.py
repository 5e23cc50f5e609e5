"""Replay: pacing, ordering, holes and the ``async with`` lifetime, on a file written here."""

from pathlib import Path

import numpy as np
import pytest

from sensors import Recording, ReplaySource, SampleBatch, open_source, write_recording


def _recording(tmp_path: Path, *, hole: bool = False) -> Path:
    t = np.arange(300) / 100.0
    if hole:
        t[150:] += 0.5  # half a second missing
    accel = np.column_stack([np.sin(t), np.cos(t), np.full_like(t, 9.8)])
    rec = Recording(t_s=t + 12.0, accel_ms2=accel, meta={"sensor": "test", "fs_hz": 100.0})
    return write_recording(tmp_path / "r.csv", rec)


class FakeClock:
    """Virtual time: sleeping advances it, so pacing is checked without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, s: float) -> None:
        self.slept.append(s)
        self.now += s


async def _collect(src: ReplaySource) -> list[SampleBatch]:
    async with src:
        return [b async for b in src.batches()]


async def test_real_time_pacing_on_the_host_clock(tmp_path: Path) -> None:
    clock = FakeClock()
    src = ReplaySource(_recording(tmp_path), speed=1.0, batch_s=0.1, clock=clock, sleep=clock.sleep)
    batches = await _collect(src)
    assert [len(b) for b in batches] == [10] * 30
    t = np.concatenate([b.t_s for b in batches])
    np.testing.assert_allclose(t, 1000.0 + np.arange(300) / 100.0, atol=1e-6)
    assert clock.now == pytest.approx(1000.0 + 2.99, abs=1e-6)  # last sample due at its own time
    assert src.status.samples == 300
    assert not src.status.connected


async def test_faster_replay_keeps_sample_spacing(tmp_path: Path) -> None:
    clock = FakeClock()
    src = ReplaySource(_recording(tmp_path), speed=10.0, clock=clock, sleep=clock.sleep)
    batches = await _collect(src)
    assert clock.now == pytest.approx(1000.299, abs=1e-6)
    np.testing.assert_allclose(np.diff(np.concatenate([b.t_s for b in batches])), 0.01, atol=1e-6)


async def test_hole_in_the_file_is_reported(tmp_path: Path) -> None:
    batches = await _collect(ReplaySource(_recording(tmp_path, hole=True), speed=0))
    gaps = [b.gap_s for b in batches if b.gap_s > 0]
    assert gaps == [pytest.approx(0.5, abs=1e-6)]
    assert sum(len(b) for b in batches) == 300


async def test_open_source_replay_and_batches_need_async_with(tmp_path: Path) -> None:
    src = open_source("replay", path=_recording(tmp_path), speed=0)
    with pytest.raises(RuntimeError, match="async with"):
        await anext(src.batches())
    async with src:
        first = await anext(src.batches())
    assert first.sensor == "test"


def test_open_source_errors_name_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPCOUNT_SOURCE", raising=False)
    with pytest.raises(ValueError, match="REPCOUNT_SOURCE"):
        open_source()
    with pytest.raises(ValueError, match="ble, sim, replay"):
        open_source("usb")
    monkeypatch.setenv("REPCOUNT_SOURCE", "replay")
    with pytest.raises(ValueError, match="exactly one of path= or recording="):
        open_source()
