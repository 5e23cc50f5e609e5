"""Cycles at a set's edges that turn the sensor far more than its reps do are not reps.

The reps of one set move the sensor alike, turns included. Walking the bar out of a squat rack,
racking a bench press or an overhead press, and letting the arms drop after the set turn the
wrist through a large angle once; on the band-passed counting signal each can read as a
rep-sized cycle next to the set (gravity turning into the set's axis reads as acceleration along
it), and the segmenter counted it. On the gyro the difference is plain: over its span such a
cycle turns the sensor 6.0-22.6 times as far as the set's median rep (simulator, wrist, 6
seeds), while the first and last two reps of the real sets with a gyro turn it 0.4-1.9 times
as far (ebbelaar, 45 sets, wrist).

From each end of the set, up to ``EDGE_SETUP_CYCLES`` counted reps are dropped while each turns
the sensor more than ``EDGE_TURN_FACTOR`` times as far as the median of the set's inner reps.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from repcount.filter import FloatArray
from repcount.momentum import EDGE_SETUP_CYCLES
from repcount.segment import RepSegments
from repcount.stats import median

EDGE_TURN_FACTOR = 5.0
"""An edge cycle that turns the sensor this many times as far as the set's median rep is not a
rep. A rep of the set, even the first or last with the entry or exit in it, turns it at most
about twice as far (real sets with a gyro: 1.9 at most); the walk-out, the re-rack and the arms
dropping after the set turn it 6.0 or more times as far (simulator). Between the two, a cycle
can hold half of the set's last rep together with the re-rack (3.8-5.8, simulated heavy sets
counted from mid-rep to mid-rep): at 3.0 those went too, and 3 more simulated heavy-tempo sets
and one fault set counted right by luck read one short (6 seeds)."""
MIN_INNER_REPS = 3
"""The set's median rep is taken over at least this many reps inside its edges."""


def drop_turning_edges(segments: RepSegments, gyro_rads: FloatArray | None, fs_hz: float) -> RepSegments:
    """``segments`` without the counted reps at either edge that turn the sensor more than
    ``EDGE_TURN_FACTOR`` times as far as the set's median inner rep (see the module notes);
    unchanged without a gyro (``gyro_rads``, (n, 3) rad/s on the window's samples)."""
    if gyro_rads is None:
        return segments
    full = np.flatnonzero(segments.counted)
    if full.size < MIN_INNER_REPS + 2:
        return segments
    rate = np.sqrt(np.einsum("ij,ij->i", gyro_rads, gyro_rads))
    turned = np.concatenate([[0.0], np.cumsum(rate)]) / fs_hz  # radians turned up to each sample
    angle = turned[segments.ends] - turned[segments.starts]
    typical = median(angle[full[1:-1]])
    if typical <= 0:
        return segments
    drop = np.zeros(segments.counted.size, dtype=bool)
    for order in (full, full[::-1]):
        for j in order[:EDGE_SETUP_CYCLES]:
            if angle[j] <= EDGE_TURN_FACTOR * typical:
                break
            drop[j] = True
    if not drop.any():
        return segments
    keep = ~drop
    inferred = segments.inferred if segments.inferred is not None else np.zeros(keep.size, dtype=bool)
    return replace(
        segments,
        starts=segments.starts[keep],
        turns=segments.turns[keep],
        ends=segments.ends[keep],
        range_ms2=segments.range_ms2[keep],
        counted=segments.counted[keep],
        inferred=inferred[keep],
    )
