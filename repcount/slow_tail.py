"""A fatigued last rep is slow, not short: count it when its duration explains its small range.

The counting proxy is acceleration, and for the same travel acceleration falls with the square
of the time taken (a = 2·d/t² for a move from rest to rest at a steady push). The last reps of a
hard set slow down, so the proxy reads them short: on clear real sets the counter's misses are
such reps (range 0.66-0.72 of the median at 1.1-1.4× its duration). An uncounted rep right after
the set's last counted one (and each following one, while they pass) is counted when

* its range, scaled by the square of its duration over the median rep's (at most
  ``MAX_SLOW_DOWN``), reaches the profile's ``count_frac`` of the median range of the
  ``RECENT_REPS`` counted reps before it: a fatigued set's range fades rep by rep, so its last
  rep is measured against the reps just before it, not the fresh ones at its start (a rep
  stopped short, or a twitch, drops against both);
* it takes at most ``MAX_TAIL_DURATION`` × the median duration: a set's last rep can be its
  grind, the lifter at or near failure (``grinding.MAX_GRIND``); its range is still scaled by
  at most ``MAX_SLOW_DOWN`` for the lower bound, and past ``MAX_SLOW_DOWN`` × the median its
  range scaled by the whole square must not exceed one rep's (``1 / count_frac`` of the median,
  the lower bound's tolerance the other way): a slow move that reads larger than its duration
  explains is no slow rep (putting the bar down after a simulated wrist barbell row, 1.52× the
  median, read 1.55 of a rep; the simulator's grinding last reps 0.86-1.27);
* it ends in the pose it started from (``pose.returns_to_pose``): the twitch of re-racking or
  letting go of the handle reads alike on the proxy (0.63-0.71 at 1.02-1.25×, simulator), but
  leaves the sensor in a new pose.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from repcount.filter import FloatArray
from repcount.pose import returns_to_pose
from repcount.segment import RepSegments
from repcount.stats import median

MAX_SLOW_DOWN = 1.4
"""Longest rep duration, over the median rep's, that can explain a short range: velocity-based
training ends a set at a velocity loss of 20-40 %."""
MAX_TAIL_DURATION = 1.9
"""Longest last rep, over the median rep's duration, counted: a rep near failure takes up to
about twice the set's median (the same bound as ``grinding.MAX_GRIND``, whose module imports
this one). It was ``MAX_SLOW_DOWN``; a simulated set whose last concentric ground out 1.6-2.5×
(``bench.accuracy``'s grinding last rep) was then cut inside its slow concentric on pull-first
lifts (the rep before it took the concentric's start, and the last rep read a 0.06-0.5 s
concentric flagged ``fast_concentric``)."""
RECENT_REPS = 3
"""The last rep's range is compared with the median of this many counted reps before it."""


def count_slow_tail(segments: RepSegments, pose_ms2: FloatArray, count_frac: float) -> RepSegments:
    """``segments`` with the slow last reps counted (see the module notes)."""
    counted = segments.counted
    if not counted.any() or segments.starts.size < 3:
        return segments
    full = counted.nonzero()[0]
    med_rng = median(segments.range_ms2[full[-RECENT_REPS:]])
    dur = (segments.ends - segments.starts).astype(np.float64)
    med_dur = median(dur[full])
    tail = np.arange(int(full[-1]) + 1, counted.size)
    if tail.size == 0 or med_dur <= 0:
        return segments
    slow = np.clip(dur[tail] / med_dur, 1.0, MAX_SLOW_DOWN)
    ok = (segments.range_ms2[tail] * slow**2 >= count_frac * med_rng) & (
        dur[tail] <= MAX_TAIL_DURATION * med_dur
    )
    # past MAX_SLOW_DOWN only a grind: one rep's range, its duration explaining all of its shortfall
    ratio = dur[tail] / med_dur
    ok &= (ratio <= MAX_SLOW_DOWN) | (segments.range_ms2[tail] * ratio**2 <= med_rng / count_frac)
    ok &= returns_to_pose(pose_ms2, segments.starts[tail], segments.ends[tail])
    run = int(np.argmin(ok)) if not ok.all() else ok.size  # contiguous from the last counted rep
    if run == 0:
        return segments
    new = counted.copy()
    new[tail[:run]] = True
    return replace(segments, counted=new)
