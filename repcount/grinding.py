"""A grinding rep inside a set: one slow rep that the set's rhythm reads as two short cycles.

The phase counter cuts one cycle per rep period. A rep near failure in the middle of a heavy
set (the lifter grinds through it, then does one more) can take 1.4-1.8× the set's median rep;
at the set's period its slow bottom and its lockout fall into two cycles, each of which reads
partial (0.4-0.6 of the median range, and acceleration falls with the square of the time taken)
or does not reach the phase envelope at all. Real sets where this cost a rep: a heavy bench
press at the wrist (its fourth of five reps, 3.3 s against a 1.8 s median) and an overhead
press (its sixth of ten, 3.5 s against 2.5 s), both with a sharp lockout spike that marks every
rep (``docs/repcount.md``, the ebbelaar misses).

Where two counted reps are separated by uncounted cycles only, and more than one cycle's worth
(two or more cycles, or one and a stretch the phase envelope dropped: a single cycle that fills
the gap is a partial rep, such as the simulator's, whose slot with the pause after it reads
1.3× the median), the whole gap between them is one rep when

* it lasts ``MIN_GRIND`` to ``MAX_GRIND`` × the median counted rep: shorter, it holds one
  ordinary rep's worth of motion and its cycles' own ranges decide (a partial rep); longer, it
  could hold a rest or two reps;
* its excursion (the mean of its two halves, as for any rep inside a set), scaled as in
  ``slow_tail`` by the square of its duration over the median's (capped at
  ``slow_tail.MAX_SLOW_DOWN``), reaches the profile's ``count_frac`` of the median range;
* it ends in the pose it started from (``pose.returns_to_pose``): the rep after it starts from
  the same place.

The merged rep replaces the uncounted cycles; nothing else moves.
"""

from __future__ import annotations

import numpy as np

from repcount.filter import FloatArray
from repcount.pose import returns_to_pose
from repcount.segment import RepSegments, with_counted_reps
from repcount.slow_tail import MAX_SLOW_DOWN
from repcount.stats import median

MIN_GRIND = 1.25
"""Shortest gap between two counted reps, over the median rep's duration, read as one slow rep:
a gap of about one rep's duration holds one rep's worth of motion, and its cycles' own ranges
decide (a partial rep). A quarter over the median is about the 95th percentile of ordinary
rep durations in a set (ebbelaar's counted reps: 0.89-1.16× their set's median at the 10th-90th
percentiles, 1.26× at the 95th)."""
MAX_GRIND = 1.9
"""Longest such gap: a rep near failure takes up to about twice its set's median (mean
propulsive velocity falls from about 0.5 to 0.2 m/s from the first reps of a heavy set to its
last; a slower rep is a failed one, and a longer gap a rest inside the set). Kept under 2, where
the gap holds two ordinary reps' worth: at 2.0 a simulated wrist deadlift set already counted
at half its period (20 of 10) merged one more gap of exactly 2.0× (21). The real grinding reps
read 1.39-1.78×."""


def count_grinding_reps(segments: RepSegments, pose_ms2: FloatArray, count_frac: float) -> RepSegments:
    """``segments`` with each slow rep between two counted reps counted (see the module notes)."""
    counted = segments.counted
    full = counted.nonzero()[0]
    if full.size < 3:
        return segments
    pos = segments.position
    starts, ends = segments.starts, segments.ends
    med_dur = median((ends[full] - starts[full]).astype(np.float64))
    med_rng = median(segments.range_ms2[full])
    if med_dur <= 0 or med_rng <= 0:
        return segments
    merged: list[tuple[int, int, int, int, int, float]] = []  # (first, last+1, a, t, b, range)
    for i, j in zip(full[:-1].tolist(), full[1:].tolist(), strict=True):
        if j - i < 2:
            continue
        a, b = int(ends[i]), int(starts[j])
        if j - i == 2 and starts[i + 1] == a and ends[i + 1] == b:
            continue  # one cycle fills the gap: its own range decides (a partial rep)
        dur = (b - a) / med_dur
        if not MIN_GRIND <= dur <= MAX_GRIND or b - a < 3:
            continue
        t = a + int(np.argmax(pos[a : b + 1]))
        if not a < t < b:
            continue
        rng = 0.5 * (2 * float(pos[t]) - float(pos[a]) - float(pos[b]))
        if rng * min(dur, MAX_SLOW_DOWN) ** 2 < count_frac * med_rng:
            continue
        if not returns_to_pose(pose_ms2, np.array([a]), np.array([b]))[0]:
            continue
        merged.append((i + 1, j, a, t, b, rng))
    if not merged:
        return segments
    keep = np.ones(counted.size, dtype=bool)
    for lo, hi, *_ in merged:
        keep[lo:hi] = False
    spans = np.array([(a, t, b) for _, _, a, t, b, _ in merged], dtype=np.intp)
    return with_counted_reps(segments, keep, spans, np.array([m[5] for m in merged]))
