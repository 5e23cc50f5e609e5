"""The generic counter's window cut from inside a set counts in the polarity its set was counted in
(``repcount.held_polarity``)."""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim import RepScenario, simulate
from repcount import process_set
from repcount.held_polarity import held_polarity

FS = 50.0


def test_the_polarity_whose_ends_lie_at_the_held_ends_is_taken() -> None:
    ends = [np.array([100, 250, 400, 550]), np.array([175, 325, 475])]
    assert held_polarity(ends, np.array([240, 395]), 150.0) == 0
    assert held_polarity(ends, np.array([330, 480]), 150.0) == 1


def test_no_polarity_is_held_without_held_ends_or_a_clear_margin() -> None:
    ends = [np.array([100, 250, 400, 550]), np.array([175, 325, 475])]
    assert held_polarity(ends, np.array([], dtype=np.int64), 150.0) is None
    # halfway between the two: neither is nearer by HELD_MARGIN of the period
    assert held_polarity(ends, np.array([212, 362]), 150.0) is None
    assert held_polarity([ends[0], np.array([], dtype=np.int64)], np.array([240]), 150.0) is None


@pytest.mark.parametrize(
    ("exercise", "seed"), [("barbell_row", 0), ("dumbbell_row", 1), ("hyperextension", 2)]
)
def test_a_generic_window_inside_a_set_keeps_the_sets_polarity(exercise: str, seed: int) -> None:
    """A 12 s window cut from inside a simulated set at the wrist, as the live counter's
    neighbourhood of a rep, with no exercise named: alone it counts from mid-rep to mid-rep
    (every window of these sets did), so the live rep at its turn was vetoed or found half a rep
    away. Given where the set's reps were announced (the live turns, about 0.3 s before the true
    ends), its rep ends lie at the true ends; given the other extremes, there."""
    rec = simulate(RepScenario(exercise, 10, placement="wrist", seed=seed), fs_hz=FS)
    ends = np.array([r["end_s"] for r in rec.truth["sets"][0]["reps"]])
    mids = np.array([0.5 * (r["start_s"] + r["end_s"]) for r in rec.truth["sets"][0]["reps"]])
    t1 = ends[7] + 0.3
    keep = (rec.t_s >= t1 - 12.0) & (rec.t_s <= t1)
    t, a, g = rec.t_s[keep], rec.accel_ms2[keep], rec.gyro_rads[keep]

    def off(found: np.ndarray, at: np.ndarray) -> float:
        return float(np.median(np.min(np.abs(found[:, None] - at[None, :]), axis=1)))

    alone = np.array([r.end_s for r in process_set(t, a, g, fs_hz=FS, set_edges=False).reps])
    assert off(alone, ends) > 0.8  # half a rep off alone
    held = ends[4:7] - 0.3
    kept = process_set(t, a, g, fs_hz=FS, set_edges=False, held_ends_s=held).reps
    assert len(kept) >= 3
    assert off(np.array([r.end_s for r in kept]), ends) < 0.4
    other = process_set(t, a, g, fs_hz=FS, set_edges=False, held_ends_s=mids[5:8]).reps
    assert off(np.array([r.end_s for r in other]), ends) > 0.8
