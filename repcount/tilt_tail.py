"""A fading last rep at the wrist: short on the acceleration, whole on the tilt.

The counting proxy is acceleration, so a rep done with less vigour reads short even when it
covers the whole range. At the wrist the pose (``pose.pose``: gravity's direction in the
sensor's frame) is the forearm's tilt, and the tilt is the rep's travel: a rep turns the forearm
through its range and back, however fast. The last rep of a hard set fades that way: on the
real wrist sets whose pose shows one cycle more than the counter (``bench.pose_check``), the
uncounted last cycle read 0.44-0.67 of the recent reps' range at 0.8-1.1× their duration (not
slow, so ``slow_tail`` does not explain it). The uncounted rep right after the set's last
counted one is counted when

* its pose's excursion (``pose.excursion``) reaches the profile's ``count_frac`` of the median
  excursion of the ``slow_tail.RECENT_REPS`` counted reps before it: a rep stopped short tilts
  the forearm less (the simulator's partial reps at the wrist: 0.52-0.64 of the median
  excursion, full reps 0.84-1.25);
* it takes at most ``slow_tail.MAX_SLOW_DOWN`` × the median duration (past that it is past the
  set, as in ``slow_tail``);
* it ends in the pose it started from (``pose.returns_to_pose``): letting go of the handle or
  re-racking tilts the wrist as far, but leaves it in a new pose.

Only at the wrist (on a bar or handle the low-passed acceleration is the load's movement, not a
tilt; there ``whole_edges`` reads the travel) and only on a window that holds the set's end.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from repcount.filter import FloatArray
from repcount.pose import excursion, returns_to_pose
from repcount.segment import RepSegments
from repcount.slow_tail import MAX_SLOW_DOWN, RECENT_REPS
from repcount.stats import median


def count_tilted_tail(segments: RepSegments, pose_ms2: FloatArray, count_frac: float) -> RepSegments:
    """``segments`` with the uncounted rep after the last counted one counted when its tilt is
    whole (see the module notes)."""
    counted = segments.counted
    if not counted.any() or segments.starts.size < 3:
        return segments
    full = counted.nonzero()[0]
    j = int(full[-1]) + 1
    if j >= counted.size:
        return segments
    dur = (segments.ends - segments.starts).astype(np.float64)
    recent = full[-RECENT_REPS:]
    reach = median(excursion(pose_ms2, segments.starts[recent], segments.ends[recent]))
    last = slice(j, j + 1)
    if not (
        reach > 0
        and dur[j] <= MAX_SLOW_DOWN * median(dur[full])
        and excursion(pose_ms2, segments.starts[last], segments.ends[last])[0] >= count_frac * reach
        and returns_to_pose(pose_ms2, segments.starts[last], segments.ends[last])[0]
    ):
        return segments
    new = counted.copy()
    new[j] = True
    return replace(segments, counted=new)
