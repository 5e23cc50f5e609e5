"""Where a rep's velocity is zero: the drift anchors of ``boundaries.find_boundaries``.

The velocity integrated from acceleration drifts; it is pinned to zero where the load is known to
stand still (``boundaries`` notes 5-9): the middle of each pause or joint between two lobes, both
ends of a rebound, and the stillest moment before the first and after the last rep
(``drift_anchors``); a joint's anchor may move to where the velocity changes sign
(``joints_at_zero``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from repcount.filter import FloatArray, IntArray
from repcount.lobes import EDGE_FRAC

JOINT_REACH_PERIODS = 0.1
"""A joint's drift anchor moves at most this share of the rep period to the velocity's sign
change. The joint is placed from the lobes' extrapolated ends (note 3), which a drive off the
bottom or a slow eccentric's long tail shifts by up to ~0.15 s; pinned there, the velocity is
forced to zero while the load still moves (simulator: 0.06-0.14 m/s), and a whole half rep's
travel reads off by that velocity times its duration (a 40-60 % partial rep's eccentric read
0.53-0.78 of the set's). The sign change is read with the drift removed through the two
neighbouring anchors (not through the joint itself, where it is zero by construction)."""
STILL_S = 0.2
"""Length of the stillness looked for before the first and after the last rep (drift anchor)."""
STILL_NOISE = 2.0
"""After the last rep, a ``STILL_S`` window whose mean |acceleration| is within this factor of the
stillest one's is at rest too (the sensor's noise, twice over, not movement), and the one nearest
the set is the drift anchor: the load rests from where it stopped, and the stillest window alone
can lie up to half a period on, where the drift between it and the last turn bends the last rep's
end (simulator: the second half of a squat or bench press on a bar ended 0.1-0.2 s early). Before
the first rep the stillest is kept: the search runs back from the first onset, which the first
pass can place late, inside the first lobe (a squat at the wrist, 0.7 s)."""


def joints_at_zero(
    v_raw: FloatArray, v_placed: FloatArray, anchors: FloatArray, joints: FloatArray, reach: float
) -> FloatArray:
    """``anchors`` with each joint (two lobes with no pause between them) moved to where the
    velocity ``v_raw`` changes sign, read with the drift removed through the other anchors only
    (see ``JOINT_REACH_PERIODS``). A joint stays without a sign change within ``reach`` samples,
    or where ``v_placed`` (pinned at the anchors as placed) is over ``lobes.EDGE_FRAC`` of its
    peak within half a period (``reach`` / ``JOINT_REACH_PERIODS`` / 2) there: inside a lobe,
    the neighbouring anchors' drift misled (simulator: 0.22-0.34 there after a swing rep's
    double-humped drive, at most 0.08 where the sign change is the joint's)."""
    out = anchors.copy()
    if anchors.size < 3 or joints.size == 0:
        return out
    at = np.interp(anchors, np.arange(v_raw.size, dtype=np.float64), v_raw)
    inner = np.arange(1, anchors.size - 1)
    # every joint's search at once, its samples laid end to end (one row per joint would pad)
    k = inner[~(np.min(np.abs(joints - anchors[inner, None]), axis=1) > 0.5)]
    lo, hi = np.ceil(anchors[k - 1]).astype(np.intp), np.floor(anchors[k + 1]).astype(np.intp)
    size = np.maximum(hi - lo + 1, 0)
    row = np.repeat(np.arange(k.size), size)
    pos = lo[row] + np.arange(row.size) - np.repeat(np.cumsum(size) - size, size)
    v = v_raw[pos] - _chord(pos.astype(np.float64), anchors[k - 1], anchors[k + 1], at[k - 1], at[k + 1], row)
    flips = ((np.signbit(v[1:]) != np.signbit(v[:-1])) & (row[1:] == row[:-1])).nonzero()[0]
    # the sign change, interpolated between its two samples
    cross = pos[flips] + v[flips] / (v[flips] - v[flips + 1])
    off = np.abs(cross - anchors[k][row[flips]])
    keep = off <= reach
    flips, cross, off = flips[keep], cross[keep], off[keep]
    # per joint, the nearest sign change (the first of equals)
    order = np.lexsort((flips, off, row[flips]))
    firsts = order[(np.diff(row[flips][order], prepend=-1)).nonzero()[0]]
    best, j = cross[firsts], k[row[flips][firsts]]
    # still inside a lobe by the lobe timing's own measure: the neighbours' drift misled
    # (a window wider than the track is the whole track; max |v| ≥ 0: the zero pads change nothing)
    i, w = np.rint(best).astype(np.intp), min(int(reach / JOINT_REACH_PERIODS / 2), v_placed.size)
    mag = np.concatenate([np.zeros(w), np.abs(v_placed), np.zeros(w)])
    peak = np.max(mag[i[:, None] + np.arange(2 * w + 1)], axis=1)
    inside = np.abs(v_placed[i]) < EDGE_FRAC * peak
    out[j[inside]] = best[inside]
    return np.sort(out)


def _chord(
    x: FloatArray, xa: FloatArray, xz: FloatArray, ya: FloatArray, yz: FloatArray, row: IntArray
) -> FloatArray:
    """``np.interp(x, [xa, xz], [ya, yz])`` for every element of ``x`` in [xa, xz] of its ``row``
    (xa < xz), with numpy's own steps: the end points exact, the slope times the offset from xa."""
    a, z, fa, fz = xa[row], xz[row], ya[row], yz[row]
    inner = ((yz - ya) / (xz - xa))[row] * (x - a) + fa
    return np.where(x == z, fz, np.where(x == a, fa, inner))


def drift_anchors(
    b: FloatArray,
    x_raw: FloatArray,
    span: tuple[int, int],
    min_gap: float,
    reach: float,
    fs_hz: float,
    *,
    on_path: bool,
) -> tuple[FloatArray, FloatArray]:
    """Where the velocity is zero (note 5), from the lobes ``b`` (``time_lobes``' rows) of the
    rep candidates in ``span`` (first, last): the middle of each pause or joint (at a pause's
    edges the velocity is only nearly zero), both ends of a rebound (zero only at its ends), and
    the stillest ``STILL_S`` within ``reach`` samples before the first and after the last
    (``on_path``: after the last, the first still one, ``STILL_NOISE``). Returns the sorted
    anchors and the joints among them (fractional indices)."""
    fc, lc = span
    gaps = [
        (b[1, fc : lc + 1], b[2, fc : lc + 1], b[7, fc : lc + 1] > 0),
        (b[3, fc:lc], b[0, fc + 1 : lc + 1], b[8, fc:lc] > 0),
    ]
    pts = np.concatenate(
        [np.where(m, a, 0.5 * (a + z)) for a, z, m in gaps] + [np.compress(m, z) for _, z, m in gaps]
    )
    joints = np.concatenate([np.compress(~m & (z - a < min_gap), 0.5 * (a + z)) for a, z, m in gaps])
    ends = [
        _still(x_raw, b[0, fc] - reach, b[0, fc], fs_hz),
        _still(x_raw, b[3, lc], b[3, lc] + reach, fs_hz, nearest=on_path),
    ]
    pts = np.concatenate([pts, [e for e in ends if e is not None]])
    return np.unique(np.clip(pts, 0, x_raw.shape[0] - 1)), joints


def counted_span(counted: NDArray[np.bool_]) -> tuple[int, int]:
    """First and last counted rep candidate (every candidate when none is counted)."""
    j = counted.nonzero()[0]
    return (int(j[0]), int(j[-1])) if j.size else (0, counted.size - 1)


def _still(x: FloatArray, a: float, z: float, fs_hz: float, *, nearest: bool = False) -> float | None:
    """Centre of the STILL_S window in [a, z] where |acceleration| is least (velocity is flat
    there, and at a set's edge flat means at rest), or ``None`` if [a, z] leaves the window.
    With ``nearest``, the first window (nearest ``a``) within ``STILL_NOISE`` of the least."""
    w = max(1, int(STILL_S * fs_hz))
    lo, hi = int(np.ceil(a)), int(np.floor(z))
    if lo < 0 or hi > x.shape[0] - 1 or hi - lo < w:
        return None
    mean = np.convolve(np.abs(x[lo : hi + 1]), np.ones(w) / w, mode="valid")
    i = int(np.argmax(mean <= STILL_NOISE * mean.min())) if nearest else int(np.argmin(mean))
    return float(lo + i + w // 2)
