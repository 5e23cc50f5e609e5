"""A set whose last rep grinds out can end past its active span: how far to look for it.

``analyze_recording`` cuts a set's window from an active span (``activity``: the moving RMS of
the band-passed acceleration above a threshold learnt from the rest) padded by
``pipeline.SET_PAD_S``. A last rep ground out near failure covers the same range over 1.6-2.5×
the time of the others' concentric, so it accelerates 1/2.5-1/6 as hard (over one range the
acceleration falls with the square of the time taken): its RMS can stay under the gate, the span
ends at the rep before, and the window holds no cycle of the grind at all (the simulator's
grinding barbell and dumbbell rows on a bar or handle, bench presses at the wrist: the moving
RMS 0.2-0.47 m/s² through the grind against a 0.5 m/s² threshold, 1.1-1.5 m/s² over the reps).

The set's window is then looked at again up to ``slow_tail.MAX_TAIL_DURATION`` × the median
counted rep past its last counted rep's end (the longest a last rep is counted, a rep near
failure; the last rep as timed when ``whole_edges`` counted one past the segments', see
``travel_tail``), plus the pad, and not into the next set; ``analyze_recording`` keeps the longer
window only when it finds the same reps and one more after the last (``setup_cycles.found_again``),
the later stages (``slow_tail``, ``tilt_tail``, ``whole_edges``) having decided that the slow
move is a whole rep, and that rep is slow (``ends_slow``): a rep of an ordinary rep's duration
moves with an ordinary rep's acceleration, which the gate sees, so one it did not see lasts at
least ``grinding.MIN_GRIND`` × the median of the reps before it (about the 95th percentile of
ordinary rep durations). Simulator: the grinds found so 1.39-1.75× (their concentrics
1.86-2.67×); heavy sets at 1.5-0.3-2-0 on a bar counted from mid-rep to mid-rep, whose
re-rack the longer window counted as one more rep, 1.02-1.03×.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from repcount.grinding import MIN_GRIND
from repcount.segment import RepSegments
from repcount.slow_tail import MAX_TAIL_DURATION
from repcount.stats import median
from repcount.types import Rep


def slow_end_hi(segments: RepSegments, lo: int, hi: int, pad: int, limit: int) -> int:
    """Index past which a set's window (``[lo, hi)`` of the recording, segmented as ``segments``)
    could hold no ground-out last rep: ``hi`` when that is no further, else at most ``limit``
    (the recording's end, or the next set's window)."""
    full = segments.counted.nonzero()[0]
    if full.size < 2:
        return hi
    med_dur = median((segments.ends[full] - segments.starts[full]).astype(np.float64))
    end = lo + int(segments.ends[full[-1]]) + int(np.ceil(MAX_TAIL_DURATION * med_dur)) + pad
    return max(hi, min(end, limit))


def slow_end_s(reps: Sequence[Rep], pad_s: float) -> float | None:
    """``slow_end_hi`` on a set's counted ``reps`` (the live counter's final analysis, which keeps
    no segments): the time past which no ground-out last rep could end, ``MAX_TAIL_DURATION`` × the
    reps' median duration past the last one's end, plus ``pad_s``; ``None`` for fewer than 2 reps."""
    if len(reps) < 2:
        return None
    med_dur = median(np.array([r.duration_s for r in reps]))
    return reps[-1].end_s + MAX_TAIL_DURATION * med_dur + pad_s


def ends_slow(reps: Sequence[Rep]) -> bool:
    """Whether the last of ``reps`` lasts at least ``MIN_GRIND`` × the median of the others."""
    if len(reps) < 3:
        return False
    before = np.array([r.duration_s for r in reps[:-1]])
    return reps[-1].duration_s >= MIN_GRIND * median(before)
