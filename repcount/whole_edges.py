"""A set's uncounted neighbour rep whose travel is whole is counted: the proxy read it short.

The segmenter's range proxy is band-passed acceleration. Next to the set's last rep it is also
pulled by whatever follows (racking, letting the dumbbell hang), and a rep there can read
0.64 of the median on it while its travel, integrated velocity on a bar or handle's path or the
gyro's angle, reads 0.99 on both halves (a simulated dumbbell row on the handle). Where the
travel measures the range (``rep_boundaries.travel_measures_range``: a bar or handle, or a gyro
velocity track), the uncounted rep just before the set's first counted rep and the one just
after its last are counted when both halves of their travel reach the profile's
``partial_frac`` of the set's median of that half.
Both halves, so that a cycle of the setup or the re-rack, which travels on its outer half only
(``edge_travel.edge_travel``), is not, and a rep stopped short at the set's end is not.
"""

from __future__ import annotations

from dataclasses import replace

from repcount.rep_boundaries import RepBoundaries, half_travel_medians
from repcount.segment import RepSegments


def count_whole_edges(
    segments: RepSegments, bounds: RepBoundaries, *, placement: str, partial_frac: float
) -> RepSegments:
    """``segments`` with the uncounted reps next to the set's edges counted where their travel
    is whole (see the module notes)."""
    counted = segments.counted
    k = segments.turns.size
    if not counted.any() or bounds.half_travel.shape != (2, k):
        return segments
    if not bounds.measures_range(placement):
        return segments
    med = half_travel_medians(bounds, counted)
    if not (med > 0).all():
        return segments
    full = counted.nonzero()[0]
    new = counted.copy()
    for j in (int(full[0]) - 1, int(full[-1]) + 1):
        if 0 <= j < k and bool((bounds.half_travel[:, j] >= partial_frac * med).all()):
            new[j] = True
    if (new == counted).all():
        return segments
    return replace(segments, counted=new)
