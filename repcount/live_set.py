"""The live counter's open set: its state from the gate opening to its close, and announcing its reps.

``LiveCounter`` (``repcount.live``) keeps what outlives a set (the gate, the samples, the turn
detector, the learnt sets, the set index) and coordinates; an ``OpenSet`` holds what one set
needs and is replaced by a fresh one when the set closes: whether it opened, its announced and
partial counts, its newest rep's times, its announced rep ends, its rhythm (``SetRhythm``), the
detector's axis at its newest rep, the learnt-set opening's bookkeeping (``first_rep_on_axis``),
the generic counter's sign checks left (``generic_sign``) and a cycle held back in a new pose
(``setup_moves``). Announcing a rep updates the counts and times, which the stall and close rules
read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

import numpy as np

from repcount.filter import FloatArray
from repcount.generic_sign import GENERIC_REFITS
from repcount.live_rhythm import settled_s
from repcount.live_set_rhythm import SetRhythm
from repcount.turns import Turn
from repcount.types import LiveEvent, PartialRep, Rep, RepCompleted, SetAnalysis


class OpenSet:
    """One live set's state, from the gate opening (before the set is known) to its close.

    Parameters
    ----------
    recent : the counter's recent turns (shared with the set's ``SetRhythm``).
    gone_s : time lost to dropouts between two times (``LiveSamples.gone_s``).
    """

    def __init__(self, recent: deque[Turn], gone_s: Callable[[float, float], float]) -> None:
        self.axis: FloatArray | None = None  # the detector's axis at the open set's newest rep
        self.index = -1  # the set's index once it opened
        self.announced = 0
        self.partials = 0
        self.started = False
        self.start_s = -np.inf  # when the open set's first rep started
        self.last_rep_s = -np.inf  # when the open set's newest rep ended
        self.prev_end_s = -np.inf  # the end the newest announced rep was reported with
        self.prev_start_s = -np.inf  # ...and its start
        self.rhythm = SetRhythm(recent, gone_s)
        self.axis_after_s = -np.inf  # rep-axis maxima up to here were checked (``rep_axis``)
        self.jolt_until_s = -np.inf  # the jolt before a set opened along the rep's axis
        self.ends: deque[float] = deque(maxlen=8)  # the open set's announced rep ends
        self.refits = GENERIC_REFITS  # the generic counter's sign checks left (``generic_sign``)
        self.held: tuple[Rep, bool] | None = None  # a cycle into a new pose, and whether partial

    def open(self, start_s: float, index: int) -> None:
        """The set opens (its ``index``) with its first rep starting at ``start_s``."""
        self.started = True
        self.index = index
        self.start_s = start_s

    def first(self, rep: Rep, now: float) -> RepCompleted:
        """Announce ``rep``, found by the offline stages before a set opened on a learnt rep."""
        self.announced += 1
        self.prev_start_s, self.prev_end_s = rep.start_s, rep.end_s
        self.last_rep_s = max(self.last_rep_s, settled_s(rep))
        return RepCompleted(now, self.index, self.announced, rep)

    def count(self, rep: Rep, partial: bool, now: float) -> list[LiveEvent]:
        """Announce ``rep`` (a ``PartialRep`` if ``partial``)."""
        self.prev_start_s, self.prev_end_s = rep.start_s, rep.end_s
        if not partial:
            self.ends.append(rep.end_s)
        if partial:
            self.partials += 1
            return [PartialRep(now, self.index, rep)]
        self.announced += 1
        return [RepCompleted(now, self.index, self.announced, rep)]

    def announce(
        self, reps: Sequence[Rep], analysis: SetAnalysis, now: float, *, confirm_s: float
    ) -> list[LiveEvent]:
        """Announce the reps of an offline analysis not announced yet, and its partial reps settled
        ``confirm_s`` before ``now``."""
        events: list[LiveEvent] = []
        for rep in reps[self.announced :]:
            self.announced += 1
            self.prev_start_s, self.prev_end_s = rep.start_s, rep.end_s
            self.ends.append(rep.end_s)
            events.append(RepCompleted(now, self.index, self.announced, rep))
        if reps:
            self.last_rep_s = max(self.last_rep_s, settled_s(reps[-1]))
        partial = [r for r in analysis.partial_reps if settled_s(r) <= now - confirm_s]
        for rep in partial[self.partials :]:
            self.partials += 1
            events.append(PartialRep(now, self.index, rep))
        return events
