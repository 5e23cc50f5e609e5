"""A slow rep between two counted reps, read as two short cycles, is one rep (``grinding.py``)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from bench.datasets import load_ebbelaar
from repcount import analyze_recording
from repcount.grinding import count_grinding_reps
from repcount.segment import RepSegments

STILL = np.array([0.0, 0.0, 9.81])


def _segments(gap: float, half: float, *, split: bool = True) -> RepSegments:
    """Five counted 100-sample reps of position range 1 with a gap of ``gap`` × 100 samples after the
    second, where the position rises to ``half`` and back, cut into two uncounted cycles (or one
    when ``split`` is False)."""
    g = round(100 * gap)
    starts = [0, 100, 200 + g, 300 + g, 400 + g]
    n = 500 + g + 1
    pos = np.zeros(n)
    for s in starts:
        pos[s : s + 101] = np.sin(np.pi * np.arange(101) / 100)
    pos[200 : 200 + g + 1] = half * np.sin(np.pi * np.arange(g + 1) / g)
    st, tu, en = [0, 100], [50, 150], [100, 200]
    cuts = [200, 200 + g // 2, 200 + g] if split else [200, 200 + g]
    for a, b in pairwise(cuts):
        st.append(a)
        tu.append(a + int(np.argmax(pos[a : b + 1])))
        en.append(b)
    for s in starts[2:]:
        st.append(s)
        tu.append(s + 50)
        en.append(s + 100)
    st_a, tu_a, en_a = (np.array(v, dtype=np.intp) for v in (st, tu, en))
    rng = 0.5 * (2 * pos[tu_a] - pos[st_a] - pos[en_a])
    rng[rng < 0.72] = np.minimum(rng[rng < 0.72], 0.5)
    return RepSegments(st_a, tu_a, en_a, rng, rng >= 0.72, 2.0, 0.9, pos)


def _counted(gap: float, half: float, *, split: bool = True) -> int:
    seg = _segments(gap, half, split=split)
    still = np.tile(STILL, (seg.position.size, 1))
    return int(count_grinding_reps(seg, still, 0.72).counted.sum())


def test_a_slow_rep_split_in_two_cycles_is_one_rep() -> None:
    assert _counted(1.0, 1.0) == 5  # a rep's duration: its cycles' own ranges decide
    assert _counted(1.6, 0.5) == 6  # 0.5 × 1.4² = 0.98: one slow rep
    assert _counted(1.6, 0.5, split=False) == 5  # one cycle fills the gap: a partial rep
    assert _counted(1.1, 0.5) == 5  # a partial rep of about a rep's duration stays partial
    assert _counted(1.6, 0.3) == 5  # 0.3 × 1.4² = 0.59: too little travel
    assert _counted(2.4, 0.5) == 5  # longer than two reps' worth: a rest, or two reps


@pytest.mark.realdata
def test_ebbelaar_grinding_reps_are_counted(shared_data: Path) -> None:
    """A heavy bench press (4th of 5 reps 3.3 s against 1.8 s) and an overhead press (6th of 10,
    3.5 s against 2.5 s) read one short before ``grinding.py``."""
    names = {"A-bench-heavy2_2019-01-14T14.27.00.784", "B-ohp-medium2-rpe8_2019-01-11T16.55.53.154"}
    sets = [s for s in load_ebbelaar(shared_data) if s.name in names]
    assert len(sets) == 2
    for s in sets:
        found = analyze_recording(s.t_s, s.accel_ms2, s.gyro_rads, fs_hz=s.fs_hz, exercise=s.exercise)
        assert found.count == s.expected_reps, s.name
