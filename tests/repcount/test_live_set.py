"""The open set's announcing (``repcount.live_set.OpenSet``)."""

from __future__ import annotations

from collections import deque

from repcount.live_set import OpenSet
from repcount.turns import Turn
from repcount.types import PartialRep, Rep, RepCompleted, SetAnalysis


def _rep(i: int) -> Rep:
    return Rep(2.0 * i, 2.0 * i + 2.0, 1.0, 0.0, 1.0, 0.0)


def _open() -> OpenSet:
    recent: deque[Turn] = deque()
    opened = OpenSet(recent, lambda t0, t1: 0.0)
    opened.open(0.0, 3)
    return opened


def test_an_analysis_announces_only_the_reps_not_announced_yet() -> None:
    opened = _open()
    reps = [_rep(i) for i in range(3)]
    first = opened.announce(reps[:2], SetAnalysis("squat", 0.0, 4.0, tuple(reps[:2])), 5.0, confirm_s=0.15)
    again = opened.announce(reps, SetAnalysis("squat", 0.0, 6.0, tuple(reps)), 7.0, confirm_s=0.15)
    assert [(e.set_index, e.count) for e in first + again if isinstance(e, RepCompleted)] == [
        (3, 1),
        (3, 2),
        (3, 3),
    ]
    assert opened.prev_end_s == 6.0
    assert list(opened.ends) == [2.0, 4.0, 6.0]


def test_a_partial_rep_is_not_counted_and_keeps_no_end() -> None:
    opened = _open()
    events = opened.count(_rep(0), True, 3.0) + opened.count(_rep(1), False, 5.0)
    assert isinstance(events[0], PartialRep)
    assert opened.partials == 1
    assert isinstance(events[1], RepCompleted)
    assert events[1].count == 1
    assert list(opened.ends) == [4.0]
    assert opened.prev_start_s == 2.0
