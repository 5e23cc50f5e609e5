"""Judging a live rep on its neighbourhood: the offline stages run on the last few periods of the
open set say whether the rep that ended at a turn counts, is partial, or is no rep of the set
(``judge_rep``); and whether a short cycle, too soon after the last rep end, is a dropped
eccentric's rep they already see, which then counts at its own turn (``short_rep_alone``).

Pure functions of the neighbourhood's analysis and the set's rhythm; the live counter
(``repcount.live``) announces what they return.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from repcount.types import Rep, SetAnalysis

MIN_REP_FILL = 0.5
"""A rep the neighbourhood's offline stages find at a turn fills at least this share of the
period (the newest rep is cut by the window's edge: a true one reads from 0.59, the walk away
after a set 0.0-0.56 on simulated workouts, seeds 1-2)..."""
MAX_RANGE_FRAC = 1.5
"""...and at most this share of its neighbours' median range (their ``range_frac``); tighter
than offline's edge rule (2.2), as a neighbourhood's median rests on 3-4 reps: on simulated
workouts (seeds 1-2) the set's reps read 0.70-1.04 (one 2.8), the walk away after a set 1.6-2.6."""
SHORT_ALONE_FRAC = 0.5
"""A short rep counts at its own turn only when its cycle lasts at least this share of the
period: the simulator draws a dropped eccentric's rep at 1.55-1.84 s in sets of 3.1 s reps
(``live_set_rhythm.SHORT_REP_FRAC``'s note), half a period or more; a harmonic's extreme or a
jerk after the set lies nearer the rep end before it..."""
SHORT_SPAN_FRAC = 0.2
"""...and the neighbourhood's rep there starts and ends within this share of the period of the
live cycle's start and end (the offline rep ends trail the rep-ending turns by a dwell: 0.1-0.14
periods at a dropped eccentric's start and up to 0.06 at its end on simulated workouts, seeds
1-5; a move after the set's last rep read 0.2-0.3 periods off at its start)..."""
SHORT_MIN_RANGE = 0.7
"""...with at least this share of its neighbours' median range (their ``range_frac``; the set's
reps read 0.70-1.04, ``MAX_RANGE_FRAC``'s note): a partial move after the set reads far less;
the rep before it too, up to ``MAX_RANGE_FRAC`` (the reach to the bar read 3.1 at a heavy lat
pulldown set's opening)."""


@dataclass(frozen=True, slots=True)
class RepJudgement:
    """What the neighbourhood says of a live rep."""

    in_rhythm: bool
    """The set goes on to the rep's end, whether or not the rep counts."""
    rep: Rep | None = None
    """The rep to announce, timed and flagged by the neighbourhood (``None``: not announced)."""
    partial: bool = False
    """...as a partial rep."""
    unseen: bool = False
    """Not in rhythm only because the neighbourhood sees no rep where it must (``seen``)."""


def judge_rep(
    near: SetAnalysis,
    start_s: float,
    end_s: float,
    *,
    period_s: float,
    prev_end_s: float,
    trusted: bool,
    seen: bool,
    paired: bool,
) -> RepJudgement:
    """The rep from ``start_s`` to ``end_s`` (s) as the neighbourhood's offline stages (``near``)
    see it, in a set of ``period_s`` whose newest announced rep ended at ``prev_end_s``.

    The neighbourhood may veto it unless it is ``trusted`` (a set's first rep, matched with the
    previous set); must see it if it is to be ``seen``; and cannot yet see the rhythm go on if it
    is a short rep ``paired`` with the next.
    """
    found: Rep | None = None
    partial = False
    # a short rep's end is told from the rep before it by half its own length
    tol = 0.5 * (min(period_s, end_s - start_s) if paired else period_s)
    for group, is_partial in ((near.reps, False), (near.partial_reps, True)):
        for r in group:
            if abs(r.end_s - end_s) < tol and (
                found is None or abs(r.end_s - end_s) < abs(found.end_s - end_s)
            ):
                found, partial = r, is_partial
    rhythm_ended = found is None and not paired and near.count >= 3 and end_s - near.reps[-1].end_s > period_s
    if (rhythm_ended or (seen and found is None)) and not trusted:
        # the neighbourhood's rhythm ended a period ago (re-racking, walking off), or it sees
        # no rep after a turn far off the set's level (getting off the bar)
        return RepJudgement(in_rhythm=False, unseen=not rhythm_ended)
    if trusted:
        partial = False  # a set's first rep: the neighbourhood has too little to compare it with
    elif (
        near.count >= 3
        and found is not None
        and not partial
        and not _like_the_set(found, end_s - start_s, period_s)
    ):
        # the offline stages see a rep unlike the set's here (re-racking, walking off):
        # announcing it would run ahead of the set's final count, which the phone then takes back
        return RepJudgement(in_rhythm=True)
    elif found is not None and found.end_s - prev_end_s < 0.5 * period_s:
        return RepJudgement(
            in_rhythm=True
        )  # the rep announced last, whose end the offline stages now place here
    if found is None:
        half = 0.5 * (end_s - start_s)
        rep = Rep(start_s, end_s, half, 0.0, half, 0.0)
    else:
        rep = replace(found, start_s=start_s, end_s=end_s)
        if trusted and "partial" in rep.flags:
            # nor is its range: the neighbourhood holds too little of the set to read it against
            # (the demo workout's later dumbbell row and hyperextension sets showed their full
            # first rep as partial until the set's final analysis took the flag back)
            keep = [i for i, f in enumerate(rep.flags) if f != "partial"]
            rep = replace(
                rep, flags=tuple(rep.flags[i] for i in keep), reasons=tuple(rep.reasons[i] for i in keep)
            )
    return RepJudgement(in_rhythm=True, rep=rep, partial=partial)


def short_rep_alone(near: SetAnalysis, start_s: float, end_s: float, *, period_s: float) -> bool:
    """Whether the short cycle from ``start_s`` to ``end_s`` (s) is a dropped eccentric's rep the
    neighbourhood's offline stages (``near``) see already, so that it counts at its own turn
    rather than with the rep after it: a full rep of theirs spans the cycle (``SHORT_SPAN_FRAC``),
    right after one of theirs (full or partial) of the set's size, flagged ``dropped_eccentric``
    (its eccentric short against the set's, ``repcount.momentum``), of the set's size
    (``SHORT_MIN_RANGE``, ``_like_the_set``), in a cycle of at least ``SHORT_ALONE_FRAC`` of the
    period."""
    cycle = end_s - start_s
    if cycle < SHORT_ALONE_FRAC * period_s or near.count < 3:
        return False
    span = SHORT_SPAN_FRAC * period_s
    found = [r for r in near.reps if abs(r.end_s - end_s) < span and abs(r.start_s - start_s) < span]
    if not found:
        return False
    rep = min(found, key=lambda r: abs(r.end_s - end_s))
    # in the set's run of reps, right after one of the set's size: not a move after its last one
    # (getting off the bar, the put-down), nor the set's opening after the reach to the bar
    before = [
        r
        for r in (*near.reps, *near.partial_reps)
        if abs(r.end_s - rep.start_s) < 1e-6 and SHORT_MIN_RANGE <= r.range_frac <= MAX_RANGE_FRAC
    ]
    return (
        bool(before)
        and "dropped_eccentric" in rep.flags
        and rep.eccentric_s > 0
        and rep.range_frac >= SHORT_MIN_RANGE
        and _like_the_set(rep, cycle, period_s)
    )


def _like_the_set(rep: Rep, cycle: float, period_s: float) -> bool:
    """The neighbourhood's rep at the turn is a rep of the set: it fills ``MIN_REP_FILL`` of the
    period (of the live ``cycle`` when shorter: a dropped eccentric's rep is short) and its
    range is at most ``MAX_RANGE_FRAC`` of its neighbours' (the walk away after a set makes
    short or large cycles, which the set's final analysis drops)."""
    # no lower bound on the range: the newest rep sits at the window's edge, where the
    # band-pass compresses it (a true rep there reads 0.2-0.6)
    fill = MIN_REP_FILL * min(period_s, cycle)
    return rep.duration_s >= fill and rep.range_frac <= MAX_RANGE_FRAC
