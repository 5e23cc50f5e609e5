"""The setup's cycles at a set's edges: where to cut a set's window past them, and whether the
window cut so found the rep they swallowed.

Reaching up to a lat pulldown bar or an overhead press's rack turns the wrist a long way one way
and not back; grabbing a cable handle moves it a little both ways. On the band-passed counting
signal either reads as a rep-sized cycle next to the set, which the segmenter can count as its
first or last rep. The travel measured on the half of such a cycle that faces the set is about
nothing, so it is reported partial, not counted (``edge_travel.edge_travel``). A slow reach can
also fill one long phase cycle together with the set's first rep, whose turn the reach then
owns: with the reach dropped the set reads one short. ``past_setup`` finds where to cut the
window past such cycles; ``found_again`` tells whether the window cut there, segmented again,
found the swallowed rep and nothing else.
"""

from __future__ import annotations

import numpy as np

from repcount.filter import FloatArray
from repcount.segment import RepSegments
from repcount.stats import median
from repcount.types import Rep, SetAnalysis


def past_setup(
    seg: RepSegments, t: FloatArray, analysis: SetAnalysis, eccentric_first: bool | None
) -> tuple[int, int]:
    """How many samples to cut from the start and from the end of a set's window (times ``t``,
    segments ``seg``, its ``analysis``) to leave out the setup cycles at either edge that the
    segmenter counted and the travel did not: up to where the innermost such cycle's outer half
    stops moving (or, at the end, from where its outer half starts); (0, 0) when there are none."""
    lo, hi = 0, 0
    if not analysis.partial_reps or not analysis.reps:
        return lo, hi
    full = seg.counted.nonzero()[0]
    spans = np.column_stack([t[seg.starts[full]], t[seg.turns[full]], t[seg.ends[full]]]).tolist()

    def dropped(a: float, turn_s: float, b: float) -> Rep | None:
        """The partial rep of a cycle the segmenter counted and the travel did not, if it is one
        (the one its span overlaps most; the timed span can lie off the segment's)."""
        if any(r.start_s <= turn_s <= r.end_s for r in analysis.reps):
            return None
        overlap = [(min(b, r.end_s) - max(a, r.start_s), r) for r in analysis.partial_reps]
        best = max(overlap, key=lambda o: o[0])
        return best[1] if best[0] > 0 else None

    def first_half(r: Rep) -> float:
        return r.eccentric_s if eccentric_first else r.concentric_s

    lead = None
    for a, turn_s, b in spans:
        if (r := dropped(a, turn_s, b)) is None:
            break
        lead = r
    trail = None
    for a, turn_s, b in reversed(spans):
        if (r := dropped(a, turn_s, b)) is None:
            break
        trail = r
    if lead is not None:
        lo = int(np.searchsorted(t, lead.start_s + first_half(lead)))
    if trail is not None:
        turn = trail.pause_bottom_s if eccentric_first else trail.pause_top_s
        hi = max(0, t.size - 1 - int(np.searchsorted(t, trail.start_s + first_half(trail) + turn)))
    return lo, hi


def found_again(out: SetAnalysis, trimmed: SetAnalysis, *, lead: bool, trail: bool) -> bool:
    """Whether the set segmented again without its setup cycles (``past_setup``) found the
    reps they swallowed: the same reps, and one more before the first (where a setup cycle was
    cut off before it, ``lead``) or after the last (``trail``). A phase cycle holds one rep, so
    more, or reps elsewhere, are the new window's own rhythm (the re-rack or the let-go counted,
    a rhythm found differently), not a rep found again."""
    if not out.reps or trimmed.count <= out.count:
        return False
    tol = 0.5 * median(np.array([r.duration_s for r in out.reps]))
    before = sum(r.start_s < out.reps[0].start_s - tol for r in trimmed.reps)
    after = sum(r.end_s > out.reps[-1].end_s + tol for r in trimmed.reps)
    return before <= int(lead) and after <= int(trail) and trimmed.count == out.count + before + after
