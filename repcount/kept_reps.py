"""Which of one polarity's cycles are the set's reps (stage 2, ``segment.py`` notes 4-6).

Excursions below ``MIN_RANGE_MS2`` (tremor) or above ``MAX_RANGE_FRAC`` × the median (unracking,
gestures) are not reps; with ``method="peaks"`` neither are reps unlike the set's median rep in
shape or duration (``rep_shape.similar_shape``). Cycles at the edges of a set whose energy lies
off the set's principal axis (share below ``OFF_AXIS_FRAC`` of the set median, ``axis_share``)
are dropped: walking up, grabbing the bar, re-racking; the set starts and ends at
``EDGE_GOOD_RUN`` on-axis cycles in a row (``_on_axis_core``). (The axis is found with impacts
clipped, ``principal_axis.AXIS_CLIP``, so a jolt inside the set does not turn it.) The reps of a set are
one contiguous, alike rhythm (``_extend_edges``): runs of reps cut off by a gap of more than two
rep intervals are kept only if every rep matches the set's median rep, and a matching rep one
interval beyond either end is added.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from repcount.cycles import Method, Option
from repcount.filter import FloatArray, IntArray
from repcount.gap_reps import through_gap
from repcount.rep_shape import median_shape, rep_range, rep_shapes, similar_shape
from repcount.stats import median, row_power

MIN_RANGE_MS2 = 0.5
"""A rep moves the counting signal by at least this much (m/s²): tremor and breathing do not."""
MAX_RANGE_FRAC = 2.2
"""An excursion this much larger than the median rep is unracking or a gesture, not a rep."""
OFF_AXIS_FRAC = 0.65
"""An edge cycle with less than this share of the set's median share of energy on its principal
axis is off the axis (``_on_axis_core``), and so is a rep added at an edge (``_extend_edges``)."""
EDGE_GOOD_RUN = 2
"""The set starts and ends at this many on-axis cycles in a row (``_on_axis_core``)."""
EDGE_SHAPE_CORR = 0.75
"""A rep beyond a gap or added at an edge correlates with the set's median rep this well
(``_extend_edges``)..."""
EDGE_DURATION = (0.6, 1.6)
"""...and lasts within these multiples of its median duration."""
EDGE_TURN_SLACK = 0.3
"""The next rep's turn is searched within ± this share of the median turn-to-turn interval."""
EDGE_GAP = 2.0
"""A gap of more than two median rep intervals (a whole rep of nothing) splits the reps into runs."""
EDGE_MAX_ADDED = 2
"""At most this many reps are added at each edge (``_extend_edges``)."""

Share = Callable[[IntArray, IntArray], FloatArray]
"""``share(starts, ends)``: the share of spans' energy on the set's principal axis (``axis_share``)."""


def kept_reps(
    pos: FloatArray,
    starts: IntArray,
    turns: IntArray,
    ends: IntArray,
    *,
    share: Share | None,
    missing: IntArray | None,
    method: Method,
    count_frac: float,
    rest: int | None = None,
    fs_hz: float = 0.0,
) -> Option:
    """The cycles of one polarity that are reps: a plausible range, alike in shape (``peaks``),
    on the set's axis at its edges, one contiguous rhythm (``_extend_edges``)."""
    rng = rep_range(pos, starts, turns, ends)
    ok = rng >= MIN_RANGE_MS2
    if ok.any():
        ok &= rng <= MAX_RANGE_FRAC * median(rng[ok])
    if method == "peaks" and ok.any():
        ok[ok] = similar_shape(pos, starts[ok], ends[ok], rng[ok])
    if share is not None and ok.any():
        ok &= _on_axis_core(share(starts, ends), ok)
    starts, turns, ends = starts[ok], turns[ok], ends[ok]
    return (pos, *_extend_edges(pos, starts, turns, ends, share, count_frac, missing, rest, fs_hz))


def axis_share(motion_ms2: FloatArray, band_ms2: FloatArray) -> Share:
    """``share(s, e)``: the share of spans' band-passed energy that lies on the set's principal
    axis (vectorised over span arrays, through cumulative sums)."""
    x = np.asarray(motion_ms2)
    on = np.zeros(x.shape[0] + 1)
    np.cumsum(x * x, out=on[1:])
    total = np.zeros(x.shape[0] + 1)
    np.cumsum(row_power(np.asarray(band_ms2)), out=total[1:])  # np.sum(band ** 2, axis=1)

    def share(s: IntArray, e: IntArray) -> FloatArray:
        return np.asarray((on[e + 1] - on[s]) / (total[e + 1] - total[s] + 1e-12))

    return share


def _extend_edges(
    pos: FloatArray,
    starts: IntArray,
    turns: IntArray,
    ends: IntArray,
    share: Share | None,
    count_frac: float,
    missing: IntArray | None = None,
    rest: int | None = None,
    fs_hz: float = 0.0,
) -> tuple[IntArray, IntArray, IntArray]:
    """Keep the set's own rhythm: drop runs of excursions cut off from the set that do not match
    it, then add the reps just before the first and after the last rep when they match.

    The reps of a set are contiguous and alike. The reps are split into runs at gaps longer
    than ``EDGE_GAP`` median rep intervals; the longest run is the set's core and gives the
    median rep. Moving outward, a run is kept only while every rep in it matches the core
    (``fits``): shape (correlation ≥ ``EDGE_SHAPE_CORR`` with the median rep), duration
    (``EDGE_DURATION`` × median), range (``count_frac`` to ``MAX_RANGE_FRAC`` × median) and axis
    (share ≥ ``OFF_AXIS_FRAC`` × median); walking away and fidgeting after a set fail at least
    one. Then, as the phase of the fundamental is least certain where the rhythm starts from or
    returns to rest, the excursion one median interval beyond either end is added when it fits
    (up to ``EDGE_MAX_ADDED`` per side). ``missing`` (cumulative count of samples filled in
    across data gaps) keeps a dropout from splitting the runs. A run that ``rest`` samples or
    more without a rep part from the set's others is another set, however alike (the two sides
    of one-arm rows, the sensor moved to the other wrist in between: the live counter closes a
    set after that long without a rep too).
    """
    if missing is not None:
        # turns inside a data gap are the filter's response to the fill, not reps
        seen = missing[turns + 1] == missing[turns]
        starts, turns, ends = starts[seen], turns[seen], ends[seen]
    k = starts.size
    if k < 3:
        return starts, turns, ends
    n = pos.shape[0]
    reps = list(zip(starts.tolist(), turns.tolist(), ends.tolist(), strict=True))
    steps = turns[1:] - turns[:-1]
    long_gap = steps > EDGE_GAP * median(steps)
    if missing is not None:  # a gap in the data is not a pause in the set, unless what was seen
        # next to it was one (``gap_reps.through_gap``)
        across = missing[turns[1:]] > missing[turns[:-1]]
        step_seen = median(steps[~across]) if not across.all() else median(steps)
        for j in (long_gap & across).nonzero()[0]:
            long_gap[j] = not through_gap(turns, int(j), missing, step_seen, fs_hz)
    bounds = [0, *(long_gap.nonzero()[0] + 1).tolist(), k]
    runs = list(pairwise(bounds))
    sizes = [hi - lo for lo, hi in runs]
    core_i = sizes.index(max(sizes))  # the first longest
    lo_c, hi_c = runs[core_i]
    core = slice(lo_c, hi_c) if hi_c - lo_c >= 3 else slice(0, k)
    template = median_shape(rep_shapes(pos, starts[core], ends[core]))
    med_rng = median(rep_range(pos, starts[core], turns[core], ends[core]))
    med_dur = median(ends[core] - starts[core])
    med_share = median(share(starts[core], ends[core])) if share else 0.0
    step = int(median(steps[lo_c : hi_c - 1])) if hi_c - lo_c >= 3 else int(median(steps))
    longest = int(EDGE_DURATION[1] * med_dur)

    def fits(a: int, t: int, b: int) -> bool:
        if not EDGE_DURATION[0] * med_dur <= b - a <= longest or not a < t < b:
            return False
        half = max(pos[t] - pos[a], pos[t] - pos[b])
        if not count_frac * med_rng <= half <= MAX_RANGE_FRAC * med_rng:
            return False
        if float(rep_shapes(pos, np.array([a]), np.array([b]))[0] @ template) < EDGE_SHAPE_CORR:
            return False
        return share is None or float(share(np.array([a]), np.array([b]))[0]) >= OFF_AXIS_FRAC * med_share

    def apart(i: int) -> bool:
        """Runs ``i - 1`` and ``i`` are a rest apart (no rep for ``rest`` samples; a dropout
        between them counts: the set's rhythm did not go on through it)."""
        return rest is not None and reps[runs[i][0]][0] - reps[runs[i][0] - 1][2] >= rest

    first, last = core_i, core_i
    while first > 0 and not apart(first) and all(fits(*r) for r in reps[slice(*runs[first - 1])]):
        first -= 1
    while (
        last < len(runs) - 1 and not apart(last + 1) and all(fits(*r) for r in reps[slice(*runs[last + 1])])
    ):
        last += 1
    reps = reps[runs[first][0] : runs[last][1]]

    slack = max(1, int(EDGE_TURN_SLACK * step))
    rise = int((1 + EDGE_TURN_SLACK) * median(turns - starts))
    fall = int((1 + EDGE_TURN_SLACK) * median(ends - turns))

    def turn_near(c: int) -> int | None:
        lo, hi = max(0, c - slack), min(n - 1, c + slack)
        if hi - lo < 2:
            return None
        t = lo + int(pos[lo : hi + 1].argmax())
        return t if lo < t < hi else None  # a turn, not the rising edge of the window

    for _ in range(EDGE_MAX_ADDED):
        t0 = reps[-1][1]
        t = turn_near(t0 + step)
        if t is None:
            break
        a = t0 + int(pos[t0 : t + 1].argmin())
        b = t + int(pos[t : min(n - 1, t + fall) + 1].argmin())
        if not fits(a, t, b):
            break
        reps.append((a, t, b))
    for _ in range(EDGE_MAX_ADDED):
        t0 = reps[0][1]
        t = turn_near(t0 - step)
        if t is None:
            break
        b = t + int(pos[t : t0 + 1].argmin())
        lo = max(0, t - rise)
        a = lo + int(pos[lo : t + 1].argmin())
        if not fits(a, t, b):
            break
        reps.insert(0, (a, t, b))
    out = np.array(reps, dtype=np.intp).reshape(-1, 3)
    return out[:, 0].copy(), out[:, 1].copy(), out[:, 2].copy()


def _on_axis_core(on: FloatArray, ok: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Drop cycles at either edge of the set whose motion is off the set's axis (share ``on`` of
    energy on the principal axis below ``OFF_AXIS_FRAC`` × the set median): walking up, grabbing
    the bar, re-racking. Reps of one set move along one line; inside the set nothing is dropped.
    The set starts (and ends) at a run of ``EDGE_GOOD_RUN`` on-axis cycles: a walking step that
    happens to lie on the axis, before the off-axis reach for the bar, does not anchor it."""
    med = median(on[ok])
    good = ok & (on >= OFF_AXIS_FRAC * med)
    keep = ok.copy()
    idx = ok.nonzero()[0]
    for order in (idx, idx[::-1]):
        for j, i in enumerate(order):
            if good[order[j : j + EDGE_GOOD_RUN]].all():
                break
            keep[i] = False
    return keep
