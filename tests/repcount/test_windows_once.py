"""``analyze_recording`` segments each window of a recording once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import repcount.pipeline as pipeline
from firmware_sim import default_workout_scenario, simulate
from repcount import analyze_recording


def test_a_piece_merged_back_into_its_window_is_not_segmented_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A piece split off a window at a rest (``_rest_apart``) and merged back reads its own
    window again; that window's candidate is the one already segmented (the simulated workout's
    first exercises hold such a piece). Counted through the one seam there is, ``segment_window``."""
    rec = simulate(default_workout_scenario(seed=1, rest_s=60.0), fs_hz=50.0)
    keep = rec.t_s < 560.0
    seen: Counter[tuple[float, int]] = Counter()
    segment = pipeline.segment_window

    def counted(window: Any, *args: Any, **kwargs: Any) -> Any:
        seen[(float(window.t_s[0]), int(window.t_s.size))] += 1
        return segment(window, *args, **kwargs)

    monkeypatch.setattr(pipeline, "segment_window", counted)
    found = analyze_recording(rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep], fs_hz=50.0)
    assert found.sets
    assert max(seen.values()) == 1
