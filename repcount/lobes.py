"""Steps 3-4 of ``repcount.boundaries``: time the two velocity lobes of every rep on a velocity track.

Notes
-----
Each half's lobe is its velocity peak (within ``REACH_PERIODS`` of the other half's). Each flank
is timed where the velocity crosses ``EDGE_FRAC`` and ``SHAPE_FRAC`` of the peak and extrapolated
to zero velocity with the minimum-jerk profile (``EDGE_EXTEND``); a flank cut by the window's
edge mirrors the other one. Between two lobes, a gap shorter than ``min_gap``
(``repcount.boundaries.MIN_PAUSE_S``) is a joint (placed at the start of the following lobe, or
where the velocity changes sign when the lobes overlap), and a bump and dip of velocity there is
a rebound (``_rebound``).

Every rep's lobes are found at once: each search along the track (a peak within a span, the
first sample past a level) runs over a (reps × samples) gather of the track, so the cost per
set does not grow with a Python loop over its samples. Only the joints run rep by rep.
"""

from __future__ import annotations

import numpy as np

from repcount.filter import FloatArray, IntArray
from repcount.segment import RepSegments
from repcount.spans import first_argmax, first_argmin
from repcount.stats import median

EDGE_FRAC = 0.2
"""Lobe edges are measured where |velocity| crosses this share of the lobe's peak."""
SHAPE_FRAC = 0.6
"""A second crossing per flank, which gives the flank's time scale."""


def _s_at(frac: float) -> float:
    """Where a minimum-jerk velocity 16 s²(1-s)² first reaches ``frac`` of its peak (s in 0-1)."""
    return float(0.5 - 0.5 * np.sqrt(1.0 - 4.0 * np.sqrt(frac / 16.0)))


EDGE_EXTEND = _s_at(EDGE_FRAC) / (_s_at(SHAPE_FRAC) - _s_at(EDGE_FRAC))
"""Extrapolation from a flank's ``EDGE_FRAC`` crossing to zero velocity, in units of the time
between its ``EDGE_FRAC`` and ``SHAPE_FRAC`` crossings (0.94 for a minimum-jerk lobe); each flank
on its own, so a lobe whose peak comes early keeps its long tail."""
REACH_PERIODS = 0.75
"""A half's velocity peak is looked for at most this many rep periods from the other half's."""
REBOUND_FRAC = 0.1
"""A bump of velocity this share of the next lobe's peak, between two lobes, is a rebound."""
REBOUND_DIP = 0.7
"""...when the velocity dips back below this share of the bump before the next lobe."""
MOVING_FRAC = REBOUND_FRAC
"""A gap between two lobes where |velocity| comes back to this share of the smaller lobe's peak
is not a pause (``moving_turns``): the share that makes a bump between two lobes a rebound
(simulator: a swing rep's bump there is 0.1-0.6 of the smaller peak; heavy sets' 0.3 s pauses at
the bottom, which stay under it, read the same with or without the rule)."""
MIN_TAIL_REPS = 3
"""Joined reps needed to measure a set's deceleration tail (``settle_tails``): a median of fewer
is one rep's noise."""
SWUNG_CLOSE_FRAC = 0.5 * MOVING_FRAC
"""After a rep whose turn moved (its body swings), a closing gap where |velocity| reaches this
share of the smaller peak is the swing's last return, not rest: the swing decays as it goes (the
simulator's by 0.75 each half period, about two half periods from the turn to the rep's end, so
0.56 of what it was at the turn). Simulator: the swung reps' bump there 0.08-0.1."""


def _windows(x: FloatArray, width: int) -> FloatArray:
    """View of every ``width``-sample window of the C-ordered 1-D ``x``, one per row
    (``sliding_window_view`` without its checks)."""
    step = x.itemsize
    return np.ndarray((x.size - width + 1, width), dtype=x.dtype, buffer=x, strides=(step, step))


def _crossings(
    v: FloatArray, base: IntArray, p: IntArray, level: FloatArray, step: IntArray, stop: IntArray, n: int
) -> FloatArray:
    """Per element: fractional index where the track ``v[base : base + n]`` first falls below
    ``level`` walking from ``p`` by ``step`` (±1) towards ``stop``; ``stop`` (or the last sample
    before a flat step) if it does not."""
    reach = np.abs(stop - p)
    width = int(reach.max()) if p.size else 0
    i = p.copy()
    if width:
        # the samples each walk passes, read as rows of sliding windows over the tracks (a
        # backward walk's row reversed): one (walks × width) copy, nothing else that size
        back = step < 0
        padded = np.zeros(v.size + 2 * width)  # zeros past either end of the tracks
        padded[width : width + v.size] = v
        seen = np.empty((p.size, width))
        rows = _windows(padded, width)
        seen[~back] = rows[(width + base + p + 1)[~back]]
        # read backwards: each row from v[base + p - 1] down is a window ending there, reversed
        seen[back] = rows[(base + p)[back]][:, ::-1]
        below = (seen < level[:, None]) & (np.arange(1, width + 1) <= reach[:, None])
        i = np.where(below.any(axis=1), p + step * below.argmax(axis=1), stop)
    vi, vn = v[base + i], v[base + np.minimum(np.maximum(i + step, 0), n - 1)]
    flat = (i == stop) | (vi == vn)
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = (vi - level) / (vi - vn)
    return np.where(flat, i.astype(np.float64), i + step * frac)


def _edges(
    v: FloatArray, base: IntArray, p: IntArray, lo: IntArray, hi: IntArray, n: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Zero-velocity start and end of the positive lobe peaking at each ``p`` (within [lo, hi]) of
    the track ``v[base : base + n]``, and its peak.

    Each side is extrapolated on its own from its ``EDGE_FRAC`` and ``SHAPE_FRAC`` crossings,
    both on the steep flanks of the lobe (the peak itself is flat and its place is noisy)."""
    k = p.size
    peak = v[base + p]
    edge = EDGE_FRAC * peak
    # the four crossings of every lobe in one search: left edge, left shape, right edge, right shape
    c = _crossings(
        v,
        np.concatenate([base, base, base, base]),  # np.tile's, without its wrapper
        np.concatenate([p, p, p, p]),
        np.concatenate([edge, SHAPE_FRAC * peak, edge, SHAPE_FRAC * peak]),
        np.repeat(np.array([-1, -1, 1, 1]), k),
        np.concatenate([lo, lo, hi, hi]),
        n,
    ).reshape(4, k)
    start = np.where(p > lo, np.where(v[base + lo] < edge, c[0] - EDGE_EXTEND * (c[1] - c[0]), np.nan), p)
    end = np.where(p < hi, np.where(v[base + hi] < edge, c[2] + EDGE_EXTEND * (c[2] - c[3]), np.nan), p)
    # a flank cut by the window's edge (a set's window can stop inside the last eccentric):
    # mirror the other flank
    start = np.where(np.isnan(start), np.where(np.isnan(end), lo, p - (end - p)), start)
    end = np.where(np.isnan(end), p + (p - start), end)
    # only a flank cut by the window's own edge may extrapolate past it
    start = np.where(lo > 0, np.maximum(lo, start), start)
    end = np.where(hi < n - 1, np.minimum(hi, end), end)
    return start, end, peak


def _sign_change(v: FloatArray, a: int, b: int) -> float:
    """Fractional index of the first fall of ``v`` to ≤ 0 in [a, b] (``b`` if none). When the
    peaks bounding the search come in the wrong order (two reps' lobes overlap, as next to a
    sensor dropout), halfway between them."""
    if b < a:
        return 0.5 * (a + b)
    i = a + int((v[a : b + 1] <= 0).argmax())
    if v[i] > 0:
        return float(b)
    return float(i) if i == a or v[i] == v[i - 1] else i - 1 + float(v[i - 1] / (v[i - 1] - v[i]))


def _run_end(v: FloatArray, i: int, z: int, *, rising: bool) -> int:
    """Last index of the run from ``i`` (at most ``z``) along which ``v`` keeps rising (or falling),
    flat steps included."""
    if i >= z:
        return i
    seg = v[i : z + 1]
    turn = seg[1:] < seg[:-1] if rising else seg[1:] > seg[:-1]
    return i + int(turn.argmax()) if turn.any() else z


def _rebound(v: FloatArray, nv: FloatArray, a: int, z: int, peak: float) -> tuple[float, float] | None:
    """A rebound between a negative lobe peaking at ``a`` and a positive one peaking at ``z``
    (height ``peak``): ``v`` turns positive, bumps to at least ``REBOUND_FRAC`` of ``peak``,
    dips again to under ``REBOUND_DIP`` of the bump, then rises. Returns (sign change, dip).
    ``nv`` is ``-v``."""
    if z - a < 3:
        return None
    sc = _sign_change(nv, a, z)
    i = _run_end(v, int(np.ceil(sc)), z, rising=True)
    bump = float(v[i])
    if i >= z or bump < REBOUND_FRAC * peak or bump > 0.5 * peak:
        return None
    m = _run_end(v, i, z, rising=False)
    if m >= z or v[m] > REBOUND_DIP * bump:
        return None
    return sc, float(m)


def time_lobes(
    v: FloatArray,
    seg: RepSegments,
    margin: int,
    min_gap: float,
    max_pause: float,
    fs_hz: float,
    bottom_turn: bool,
) -> FloatArray:
    """(9, k): onset, turn_in, turn_out, settle, finish, first peak, second peak per rep, and
    whether its turn and its closing gap hold a rebound (1.0) rather than a pause or a joint."""
    n = v.shape[0]
    k = seg.turns.size
    out = np.zeros((9, k))
    if k == 0:
        return out
    nv = -v
    reach = int(REACH_PERIODS * seg.period_s * fs_hz)
    s, t, e = (np.asarray(x, dtype=np.intp) for x in (seg.starts, seg.turns, seg.ends))
    lo = np.maximum(s - margin, np.concatenate([[0], t[:-1]]))
    hi = np.minimum(e + margin, np.concatenate([t[1:], [n - 1]]))
    # a half's velocity peak lies within most of a period of the turn; further out is the
    # walk-up or the re-rack around the set, which the segment's outer edge may include
    p1 = first_argmax(v, np.maximum(s, t - reach), t)
    p2 = first_argmin(v, p1, np.maximum(p1, np.minimum(e, p1 + reach)))
    # both lobes in one search: the second half's is a positive lobe of -v, stored after v
    on, off, pk = _edges(
        np.concatenate([v, nv]),
        np.repeat(np.array([0, n]), k),
        np.concatenate([p1, p2]),
        np.concatenate([lo, p1]),
        np.concatenate([p2, hi]),
        n,
    )
    on1, on2, off1, off2, pk1, pk2 = on[:k], on[k:], off[:k], off[k:], pk[:k], pk[k:]
    # no turn pause: the turn is where the next lobe starts
    for i in (on2 - off1 < min_gap).nonzero()[0].tolist():
        a, z = int(p1[i]), int(p2[i])
        joint = float(on2[i]) if on2[i] >= off1[i] else _sign_change(v, a, z)
        bounce = _rebound(nv, v, a, z, float(pk2[i])) if bottom_turn else None
        if bounce is not None:  # a rebound off the bottom starts the next phase
            joint = bounce[0]
            out[7, i] = 1.0
        off1[i] = on2[i] = joint
    out[[0, 1, 2, 3, 5, 6]] = on1, off1, on2, off2, pk1, pk2
    ends_alone = [k - 1]
    for j in range(k - 1):
        nxt = float(out[0, j + 1])
        if nxt - out[3, j] < min_gap:  # no closing pause: this rep ends where the next one starts
            if nxt < out[3, j]:
                nxt = _sign_change(nv, int(p2[j]), int(p1[j + 1]))
            out[3, j] = out[0, j + 1] = nxt
            bounce = _rebound(v, nv, int(p2[j]), int(p1[j + 1]), float(out[5, j + 1]))
            if bounce is not None:  # the rebound off the bottom is spent before the next rep
                out[3, j], out[0, j + 1] = bounce
                out[8, j] = 1.0
                nxt = bounce[1]
        elif nxt - out[3, j] > max_pause:  # the set stops here (or what follows is not a rep)
            ends_alone.append(j)
            continue
        out[4, j] = max(nxt, float(out[3, j]))
    paired = np.ones(k, dtype=bool)
    paired[ends_alone] = False
    closing = out[4, paired] - out[3, paired]
    out[4, ends_alone] = out[3, ends_alone] + (median(closing) if closing.size else 0.0)
    return out


def moving_turns(v: FloatArray, b: FloatArray, min_gap: float) -> FloatArray:
    """(2, k) per rep of ``b`` (``time_lobes``' rows): where the turn is, and where the second
    half ends, when the gap there is not a pause; NaN where it is one (or a joint).

    A gap of ``min_gap`` or more between the lobes is a pause only if the sensor stays still in
    it. Where |v| comes back to ``MOVING_FRAC`` of the smaller lobe's peak there, the body moves
    on after the load has stopped (the torso's swing superposed on a row or a pull-up: the sensor
    coasts on, then the swing's return cancels the start of the second half, whose lobe then
    seems to start late). The load stops and turns where the first lobe's fall ends: the turn is
    there, with no pause. Such a rep's closing gap, when |v| reaches ``SWUNG_CLOSE_FRAC`` in it
    and the next rep follows, is the swing still returning: the second half ends where the next
    rep starts (a joint, note 4 of ``repcount.boundaries``)."""
    n, k = v.shape[0], b.shape[1]
    out = np.full((2, k), np.nan)
    peak = np.minimum(b[5], b[6])

    def reach(a: float, z: float) -> float:
        lo, hi = max(0, int(np.ceil(a))), min(n - 1, int(np.floor(z)))
        return float(np.max(np.abs(v[lo : hi + 1]))) if hi > lo else 0.0

    for j in (b[2] - b[1] >= min_gap).nonzero()[0].tolist():
        if reach(b[1, j], b[2, j]) >= MOVING_FRAC * peak[j]:
            z = min(n - 1, int(np.floor(b[2, j])))
            out[0, j] = float(_run_end(v, max(0, int(np.floor(b[1, j]))), z, rising=False))
            nxt = float(b[0, j + 1]) if j + 1 < k else np.nan
            if (
                nxt - b[3, j] >= min_gap
                and b[4, j] == nxt
                and reach(b[3, j], nxt) >= SWUNG_CLOSE_FRAC * peak[j]
            ):
                out[1, j] = nxt
    return out


def _flank_end(v: FloatArray, a: int, z: int) -> tuple[float, float] | None:
    """The negative lobe of ``v`` peaking in [a, z]: where its falling flank crosses
    ``SHAPE_FRAC`` and ``EDGE_FRAC`` of its peak (fractional indices), or None."""
    if z - a < 3:
        return None
    p = a + int(np.argmax(-v[a : z + 1]))
    peak = float(-v[p])
    tail = -v[p : z + 1]
    out = []
    for frac in (SHAPE_FRAC, EDGE_FRAC):
        below = (tail < frac * peak).nonzero()[0]
        if peak <= 0 or below.size == 0:
            return None
        i = int(below[0])
        out.append(p + i - 1 + float((tail[i - 1] - frac * peak) / (tail[i - 1] - tail[i])))
    return out[0], out[1]


def settle_tails(v: FloatArray, b: FloatArray) -> FloatArray:
    """``b`` (``time_lobes``' rows) with the second half's end of every rep followed by a pause
    extrapolated with the set's own deceleration tail where it is longer than the minimum-jerk one.

    A rep joined to the next one (no closing pause) shows where its second half stopped: the
    next rep's onset. Lifters drive hard and coast to lockout, so the deceleration's tail is
    longer than the minimum-jerk profile's, and the extrapolation from the flank (``EDGE_EXTEND``
    × the time between its ``SHAPE_FRAC`` and ``EDGE_FRAC`` crossings) cuts it short where
    nothing follows: the set's last rep (simulator: squats and bench presses on a bar ended a
    median 80 ms early). The factor measured on the joined reps (their median, over at least
    ``MIN_TAIL_REPS``) replaces ``EDGE_EXTEND`` where it is larger; never past the next onset."""
    k, n = b.shape[1], v.shape[0]
    joined = np.zeros(k, dtype=bool)
    joined[:-1] = (b[3, :-1] == b[0, 1:]) & (b[8, :-1] == 0)
    flanks: list[tuple[float, float] | None] = []
    for j in range(k):
        nxt = b[0, j + 1] if j + 1 < k else b[3, j] + (b[3, j] - b[2, j])
        flanks.append(_flank_end(v, max(0, int(np.ceil(b[2, j]))), min(n - 1, int(np.floor(nxt)))))
    factors = [
        (b[3, j] - f[1]) / (f[1] - f[0])
        for j, f in enumerate(flanks)
        if joined[j] and f is not None and f[1] > f[0]
    ]
    out = b.copy()
    factor = median(np.array(factors)) if len(factors) >= MIN_TAIL_REPS else EDGE_EXTEND
    if factor <= EDGE_EXTEND:
        return out
    for j, f in enumerate(flanks):
        if joined[j] or f is None:
            continue
        end = f[1] + factor * (f[1] - f[0])
        if j + 1 < k:
            end = min(end, float(b[0, j + 1]))
        if end > b[3, j]:
            # a rep that ends alone keeps its closing pause (``time_lobes``); else up to the onset
            alone = j + 1 == k or b[4, j] != b[0, j + 1]
            out[4, j] = b[4, j] + (end - b[3, j]) if alone else max(b[4, j], end)
            out[3, j] = end
    return out
