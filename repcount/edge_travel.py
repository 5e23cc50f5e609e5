"""The ``partial`` cue at a set's edges: the first and last reps' travel read on the half that
faces the set (the other half merges into the walk-up or the re-rack), or on the whole travel
where a rep stopped short (``edge_travel``; see there for the measurements behind it). Used by
``momentum.flag_momentum``; ``edge_turns`` drops as many cycles at an edge (``EDGE_SETUP_CYCLES``)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from repcount.filter import FloatArray
from repcount.rep_boundaries import RepBoundaries, half_travel_medians
from repcount.stats import median

EDGE_SETUP_CYCLES = 2
"""At most this many cycles at each edge of a set are read as the setup's (``edge_travel``):
as many as the segmenter adds at an edge (``kept_reps.EDGE_MAX_ADDED``)."""
EDGE_OUTER_MIN = 0.25
"""An edge rep's outer half that travels less than this share of the set's median half did not
move as a rep's half (``edge_travel``): the same floor as an excursion reported as a partial rep
(``pipeline.MIN_PARTIAL_FRAC``: unracking, re-racking, letting go of the handle are less)."""
EDGE_SPAN_MIN = 0.75
"""An edge rep read on its whole travel (``edge_travel``) spans at least this share of the set's
median rep: a segment holds a whole rep (1) or, in a set segmented half a rep off, half of one
(0.5); this is the line between the two, not a fit (simulator: partial edge reps 0.90-1.08, half
reps 0.43-0.70)."""


def edge_travel(
    bounds: RepBoundaries,
    full: NDArray[np.bool_],
    fracs: FloatArray,
    span: FloatArray | None,
    partial_frac: float,
) -> FloatArray:
    """``fracs`` (each rep's travel as a share of the set's) with the set's edge reps read on the
    half that faces the set's other reps (the first rep's second half, the last rep's first),
    against the set's median of that half. The other half merges into the walk-up or the re-rack,
    and the mean of the two reads it. A cycle of the setup or the walk-up just outside the set
    travels on its outer half only: reaching up to a lat pulldown bar turns the wrist a long way
    one way and not back, grabbing a cable handle moves it little both ways (simulator: true
    edge reps read 0.86-1.1 on their inner half on the bar, handle and gyro; the reach
    0.00-0.27, the grab 0.43). When the edge rep so reads partial, the rep next to it is the
    set's edge in turn, up to ``EDGE_SETUP_CYCLES`` from each end (a reach can fill two cycles).

    A rep stopped short (the lifter failing the set's last rep, or a first rep cut short) returns to
    where it started without reaching the turn, and there the inner half does not tell: where a
    slow eccentric meets the next drive without a pause, its joint is pinned off the velocity's
    sign change and the half reads long (fourth accuracy round; the simulator's partial edge reps
    read 0.61-0.97 on it, 4 seeds). Where the travel measures the range (``span`` given), an edge
    rep is read on its whole travel, the range of its path brought back to its start
    (``RepBoundaries.excursion``, 0.39-0.70 on those reps), when that and its outer half both read
    partial (outer 0.37-0.61) and the rep spans a rep's time: a rep stopped short goes out and back
    like the others (0.90-1.08 of the set's median span), while a whole edge rep whose outer half
    the walk-up or re-rack cut reads short on its outer half alone (whole travel 0.89-1.0 at the
    5th percentile), or spans half a rep (a set segmented half a rep off, 0.43-0.70, whose travel
    over that span says nothing). An outer half under ``EDGE_OUTER_MIN`` did not move as a rep's
    half (the rest pose: wrist deadlifts and presses segmented half a rep off, 0.01-0.17)."""
    med = half_travel_medians(bounds, full)
    idx = full.nonzero()[0]
    med_span = median(span[full]) if span is not None else 0.0
    out = fracs.copy()
    for order, half in ((idx, 1), (idx[::-1], 0)):
        for j in order[:EDGE_SETUP_CYCLES]:
            inner = bounds.half_travel[half, j] / max(float(med[half]), 1e-12)
            outer = bounds.half_travel[1 - half, j] / max(float(med[1 - half]), 1e-12)
            stopped_short = (
                span is not None
                and fracs[j] < partial_frac
                and EDGE_OUTER_MIN <= outer < partial_frac
                and span[j] >= EDGE_SPAN_MIN * med_span
            )
            out[j] = fracs[j] if stopped_short else inner
            if out[j] >= partial_frac:
                break
    return out
