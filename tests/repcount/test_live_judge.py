"""A live rep judged on its neighbourhood (``repcount.live_judge``): a short cycle
(``short_rep_alone``) and a set's first rep (``judge_rep``, trusted); hand-made neighbourhoods of
3 s reps, the live cycle's turns a dwell before the offline ends."""

from __future__ import annotations

from dataclasses import replace

import pytest

from repcount.live_judge import judge_rep, short_rep_alone
from repcount.types import Rep, SetAnalysis

PERIOD_S = 3.0


def _near(short: Rep) -> SetAnalysis:
    """Three reps of the set, then ``short`` (the newest, at the window's edge)."""
    reps = (*(Rep(3.0 * i, 3.0 * i + 3.0, 1.9, 0.0, 1.1, 0.0) for i in range(3)), short)
    return SetAnalysis("lat_pulldown", 0.0, 12.0, reps)


# a dropped eccentric: 0.5 s down, 1.1 s up, after the rep that ended at 9 s
DROPPED = Rep(9.0, 10.6, 0.5, 0.0, 1.1, 0.0, flags=("dropped_eccentric",), range_frac=0.99)


def test_a_dropped_eccentric_the_neighbourhood_sees_counts_alone() -> None:
    assert short_rep_alone(_near(DROPPED), 8.65, 10.5, period_s=PERIOD_S)


@pytest.mark.parametrize(
    ("short", "start_s", "why"),
    [
        (replace(DROPPED, flags=()), 8.65, "a full rep, not a dropped eccentric: the next turn tells"),
        (replace(DROPPED, range_frac=0.12), 8.65, "a partial move after the set"),
        (replace(DROPPED, eccentric_s=0.0), 8.65, "no eccentric at all"),
        (DROPPED, 7.9, "the live cycle began a rep earlier than the offline rep"),
        (DROPPED, 9.6, "a cycle shorter than half a period (a harmonic's extreme)"),
    ],
)
def test_a_short_cycle_waits_for_the_next_turn(short: Rep, start_s: float, why: str) -> None:
    assert not short_rep_alone(_near(short), start_s, 10.5, period_s=PERIOD_S), why


def test_a_move_after_the_sets_last_rep_waits_for_the_next_turn() -> None:
    """Getting off the bar after the last rep: the offline stages see a short rep flagged so, but
    not right after one of theirs (a gap after the set's last rep end)."""
    late = replace(DROPPED, start_s=9.9, end_s=11.5)
    assert not short_rep_alone(_near(late), 9.6, 11.4, period_s=PERIOD_S)


def test_a_short_cycle_after_an_outsized_rep_waits_for_the_next_turn() -> None:
    """At a heavy lat pulldown set's opening the offline stages read the reach to the bar as a rep
    of 3.1 times the set's range, and the cycle after it as a dropped eccentric: counted alone, it
    moved the set's rhythm, which then closed at 8 of its 10 reps."""
    near = _near(DROPPED)
    reps = (*near.reps[:2], replace(near.reps[2], range_frac=3.1), DROPPED)
    assert not short_rep_alone(replace(near, reps=reps), 8.65, 10.5, period_s=PERIOD_S)


def test_a_sets_first_rep_is_not_shown_partial_on_a_neighbourhood_too_short_to_read_its_range() -> None:
    """A later set opened at its first rep (trusted): the neighbourhood holds little more than
    that rep, so its range cue says nothing (the demo workout's later dumbbell row and
    hyperextension sets showed a full first rep as partial until the final analysis); its other
    flags stay."""
    first = Rep(0.0, 3.0, 1.9, 0.0, 1.1, 0.0, flags=("swing", "partial"), reasons=("swung", "range 60%"))
    near = SetAnalysis("dumbbell_row", 0.0, 3.2, (first,))
    kw = {"period_s": PERIOD_S, "prev_end_s": -10.0, "seen": True, "paired": False}
    trusted = judge_rep(near, 0.1, 2.9, trusted=True, **kw)
    assert trusted.rep is not None
    assert (trusted.rep.flags, trusted.rep.reasons) == (("swing",), ("swung",))
    later = judge_rep(near, 0.1, 2.9, trusted=False, **kw)
    assert later.rep is not None
    assert later.rep.flags == ("swing", "partial")
