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
the sensor more than ``EDGE_TURN_FACTOR`` times as far as the median of the set's inner reps
(``drop_turning_edges``). Where such a cycle also held the set's last (or first) rep, the set's
window is cut where the cycle has turned a rep's worth and segmented again (``past_turns``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from repcount.edge_travel import EDGE_SETUP_CYCLES
from repcount.filter import FloatArray
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


@dataclass(frozen=True, slots=True, eq=False)
class EdgeTurns:
    """How far a set window's sensor turned, for both rules (built once per window: the pipeline
    drops the turning edges and then asks where to cut past them, on the same segments)."""

    turned_rad: FloatArray | None
    """Radians turned up to each sample (one more than the window's samples, from 0); None without
    a gyro, with too few counted reps or with no turn."""
    angle_rad: FloatArray
    """Each segment's turn (rad)."""
    typical_rad: float
    """The median turn of the set's inner counted reps (rad)."""

    def __post_init__(self) -> None:
        for arr in (self.turned_rad, self.angle_rad):
            if arr is not None:
                arr.flags.writeable = False


def edge_turns(segments: RepSegments, gyro_rads: FloatArray | None, fs_hz: float) -> EdgeTurns:
    """The turns ``drop_turning_edges`` and ``past_turns`` read, for their ``turns`` argument."""
    found = _turned(segments, gyro_rads, fs_hz)
    if found is None:
        return EdgeTurns(None, np.zeros(0), 0.0)
    return EdgeTurns(*found)


def drop_turning_edges(
    segments: RepSegments, gyro_rads: FloatArray | None, fs_hz: float, *, turns: EdgeTurns | None = None
) -> RepSegments:
    """``segments`` without the counted reps at either edge that turn the sensor more than
    ``EDGE_TURN_FACTOR`` times as far as the set's median inner rep (see the module notes);
    unchanged without a gyro (``gyro_rads``, (n, 3) rad/s on the window's samples). ``turns``:
    ``edge_turns`` of the same arguments, if already built."""
    found = edge_turns(segments, gyro_rads, fs_hz) if turns is None else turns
    if found.turned_rad is None:
        return segments
    angle, typical = found.angle_rad, found.typical_rad
    drop = _turning(segments, angle, typical)
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


def _turned(
    segments: RepSegments, gyro_rads: FloatArray | None, fs_hz: float
) -> tuple[FloatArray, FloatArray, float] | None:
    """Radians turned up to each sample, each segment's turn, and the set's median inner rep's
    turn; None without a gyro, with too few reps, or with no turn."""
    if gyro_rads is None:
        return None
    full = segments.counted.nonzero()[0]
    if full.size < MIN_INNER_REPS + 2:
        return None
    rate = np.sqrt(np.einsum("ij,ij->i", gyro_rads, gyro_rads))
    turned = np.concatenate([[0.0], np.cumsum(rate)]) / fs_hz
    angle = turned[segments.ends] - turned[segments.starts]
    typical = median(angle[full[1:-1]])
    return (turned, angle, typical) if typical > 0 else None


def _turning(segments: RepSegments, angle: FloatArray, typical: float) -> NDArray[np.bool_]:
    """The counted segments at either edge that turn more than ``EDGE_TURN_FACTOR`` × ``typical``,
    up to ``EDGE_SETUP_CYCLES`` from each end, each end's run stopping at the first that does not."""
    full = segments.counted.nonzero()[0]
    drop = np.zeros(segments.counted.size, dtype=bool)
    for order in (full, full[::-1]):
        for j in order[:EDGE_SETUP_CYCLES]:
            if angle[j] <= EDGE_TURN_FACTOR * typical:
                break
            drop[j] = True
    return drop


def past_turns(
    segments: RepSegments, gyro_rads: FloatArray | None, fs_hz: float, *, turns: EdgeTurns | None = None
) -> tuple[int, int]:
    """How many samples to cut from the start and from the end of a set's window so that its
    turning edge cycles (``drop_turning_edges``) keep only a rep's worth of turn: the innermost
    one at the start from where what is left of it turns at most the set's median rep, the one
    at the end up to where it has turned that much. (0, 0) when there are none.

    The segmenter can read the set's last rep and the re-rack after it as one phase cycle (the
    re-rack's large, slow move fills the fundamental's band): dropped as a whole, the set reads one
    short. Cut where the cycle has turned a rep's worth, the re-rack is left out and the window,
    segmented again, has the last rep as a cycle of its own (``setup_cycles.found_again`` decides,
    as for a setup cycle the travel dropped). ``turns`` as in ``drop_turning_edges``."""
    found = edge_turns(segments, gyro_rads, fs_hz) if turns is None else turns
    turned = found.turned_rad
    if turned is None or gyro_rads is None:
        return 0, 0
    angle, typical = found.angle_rad, found.typical_rad
    drop = _turning(segments, angle, typical)
    full = segments.counted.nonzero()[0]
    lead = [int(j) for j in full[:EDGE_SETUP_CYCLES] if drop[j]]
    trail = [int(j) for j in full[::-1][:EDGE_SETUP_CYCLES] if drop[j]]
    lo = hi = 0
    if lead:
        a, b = int(segments.starts[lead[-1]]), int(segments.ends[lead[-1]])
        rest = turned[b] - turned[a : b + 1]
        lo = a + int(np.argmax(rest <= typical))
    if trail:
        a, b = int(segments.starts[trail[-1]]), int(segments.ends[trail[-1]])
        done = turned[a : b + 1] - turned[a]
        past = done > typical
        cut = a + int(np.argmax(past)) if past.any() else b
        hi = max(0, gyro_rads.shape[0] - 1 - cut)
    return lo, hi
