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
"""

from __future__ import annotations

from collections.abc import Callable

from repcount.live_offline import OfflineStages, Window
from repcount.pipeline import SET_PAD_S
from repcount.setup_cycles import found_again
from repcount.slow_end import ends_slow, slow_end_s
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
