"""A live set to failure: its ground-out last rep in the set's final analysis, as offline.

A last rep ground out near failure accelerates so little that it can stay under the activity
gate (``slow_end``): the live gate stops seeing activity at the rep before, the set closes
``min_rest_s`` later and its final analysis (``OfflineStages.analyse``: the active spans of the
set's window, padded) ends at that rep, so the phone read a set to failure one short where
``analyze_recording`` on the same recording, which looks past the span (``slow_end``), counted
it. The live set's final analysis is looked at again as offline's is: its window run on to
``slow_end.slow_end_s`` past its last rep (no further than the newest sample), kept when it finds
the same reps and one more after the last (``setup_cycles.found_again``) that is slow
(``slow_end.ends_slow``).

The grind is announced at its own end, not at the set's close (a rest after the rep before it,
3-4 s after the grind's end): while the set is open and from ``travel_tail.MIN_TAIL`` to
``slow_tail.MAX_TAIL_DURATION`` rep periods past its newest rep (plus ``SET_PAD_S``), every
``live.PROBE_S`` the set's window up to the newest sample is analysed as at the close
(``grind_before_close``); when it finds one slow rep more after the announced ones, that rep is
announced then. The set still closes when it would have (the rep's settling does not keep it
open): closing a rest after the grind cut its final window on the re-rack, which then read the
set from mid-rep to mid-rep (a bench press of 5 on a bar, 4). ``bench.live_grinds --seeds 2``:
the grind announced at the close in 4 of 97 exactly counted sets (66 before), p50 -0.1 s and
p95 0.8 s after its true end (3.2 s and 3.7 s before), every final count as before.
"""

from __future__ import annotations

from collections.abc import Callable

from repcount.live_offline import OfflineStages, Window
from repcount.pipeline import SET_PAD_S
from repcount.setup_cycles import found_again
from repcount.slow_end import ends_slow, slow_end_s
from repcount.slow_tail import MAX_TAIL_DURATION
from repcount.travel_tail import MIN_TAIL
from repcount.types import SetAnalysis


def with_slow_end(
    analysis: SetAnalysis,
    stages: OfflineStages,
    window: Callable[[float], Window],
    newest_s: float,
    *,
    threshold_ms2: float,
) -> SetAnalysis:
    """The set's final ``analysis``, or that of its window (``window(t1)``: the set's samples up
    to ``t1``) run on past its last rep when that finds a ground-out last rep after it."""
    until = slow_end_s(analysis.reps, SET_PAD_S)
    if until is None:
        return analysis
    until = min(until, newest_s)
    longer = stages.analyse(window(until), until, threshold_ms2=threshold_ms2, through_s=until)
    if found_again(analysis, longer, lead=False, trail=True) and ends_slow(longer.reps):
        return longer
    return analysis


def grind_before_close(
    announced: int,
    last_end_s: float,
    period_s: float,
    stages: OfflineStages,
    window: Callable[[float], Window],
    now: float,
    *,
    threshold_ms2: float,
) -> SetAnalysis | None:
    """The open set's analysis up to ``now`` when it finds a ground-out rep after the ``announced``
    ones (the newest ending at ``last_end_s``) before the set closes, else ``None``. Looked for
    only from ``travel_tail.MIN_TAIL`` to ``slow_tail.MAX_TAIL_DURATION`` rep periods (``period_s``)
    past the newest rep, plus ``SET_PAD_S``: a grind ends there, and its turn back is read then."""
    since = now - last_end_s
    if (
        period_s <= 0
        or not MIN_TAIL * period_s + SET_PAD_S <= since <= MAX_TAIL_DURATION * period_s + SET_PAD_S
    ):
        return None
    analysis = stages.analyse(window(now), now, threshold_ms2=threshold_ms2, through_s=now)
    analysis = with_slow_end(analysis, stages, window, now, threshold_ms2=threshold_ms2)
    if analysis.count != announced + 1 or not ends_slow(analysis.reps):
        return None
    # the rep found is after the announced ones (within ``found_again``'s half a rep)
    return analysis if analysis.reps[-1].start_s >= last_end_s - 0.5 * period_s else None
