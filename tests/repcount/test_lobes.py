"""``repcount.lobes.time_lobes`` (every rep at once) against the rep-by-rep walk it replaced.

The reference below is the former ``repcount.boundaries._time_lobes`` and its helpers, verbatim
but for names: each flank walked sample by sample in Python. The vectorised version must give
the same boundaries to the last bit on velocity tracks with noise, flat runs and ties.
"""

from __future__ import annotations

import numpy as np
import pytest

from repcount.lobes import (
    EDGE_EXTEND,
    EDGE_FRAC,
    REACH_PERIODS,
    REBOUND_DIP,
    REBOUND_FRAC,
    SHAPE_FRAC,
    time_lobes,
)
from repcount.segment import RepSegments

FloatArray = np.ndarray


def _crossing(v: FloatArray, p: int, level: float, step: int, stop: int) -> float:
    """Fractional index where ``v`` first falls below ``level`` walking from ``p`` by ``step`` (±1)."""
    i = p
    while i != stop and v[i + step] >= level:
        i += step
    if i == stop or v[i] == v[i + step]:
        return float(i)
    return i + step * float((v[i] - level) / (v[i] - v[i + step]))


def _edges(v: FloatArray, p: int, lo: int, hi: int) -> tuple[float, float, float]:
    """Zero-velocity start and end of the positive lobe peaking at ``p`` (within [lo, hi]), and its peak.

    Each side is extrapolated on its own from its ``EDGE_FRAC`` and ``SHAPE_FRAC`` crossings,
    both on the steep flanks of the lobe (the peak itself is flat and its place is noisy)."""
    peak = float(v[p])
    start: float | None = float(p)
    end: float | None = float(p)
    if p > lo:
        a, b = _crossing(v, p, EDGE_FRAC * peak, -1, lo), _crossing(v, p, SHAPE_FRAC * peak, -1, lo)
        start = a - EDGE_EXTEND * (b - a) if v[lo] < EDGE_FRAC * peak else None
    if p < hi:
        a, b = _crossing(v, p, EDGE_FRAC * peak, 1, hi), _crossing(v, p, SHAPE_FRAC * peak, 1, hi)
        end = a + EDGE_EXTEND * (a - b) if v[hi] < EDGE_FRAC * peak else None
    # a flank cut by the window's edge (a set's window can stop inside the last eccentric):
    # mirror the other flank
    if start is None:
        start = p - (end - p) if end is not None else float(lo)
    if end is None:
        end = p + (p - start)
    # only a flank cut by the window's own edge may extrapolate past it
    if lo > 0:
        start = max(float(lo), start)
    if hi < v.shape[0] - 1:
        end = min(float(hi), end)
    return start, end, peak


def _sign_change(v: FloatArray, a: int, b: int) -> float:
    """Fractional index of the first fall of ``v`` to ≤ 0 in [a, b] (``b`` if none)."""
    i = a + int(np.argmax(v[a : b + 1] <= 0))
    if v[i] > 0:
        return float(b)
    return float(i) if i == a or v[i] == v[i - 1] else i - 1 + float(v[i - 1] / (v[i - 1] - v[i]))


def _rebound(v: FloatArray, a: int, z: int, peak: float) -> tuple[float, float] | None:
    """A rebound between a negative lobe peaking at ``a`` and a positive one peaking at ``z``
    (height ``peak``): ``v`` turns positive, bumps to at least ``REBOUND_FRAC`` of ``peak``,
    dips again to under ``REBOUND_DIP`` of the bump, then rises. Returns (sign change, dip)."""
    if z - a < 3:
        return None
    sc = _sign_change(-v, a, z)
    i = int(np.ceil(sc))
    while i < z and v[i + 1] >= v[i]:
        i += 1
    bump = float(v[i])
    if i >= z or bump < REBOUND_FRAC * peak or bump > 0.5 * peak:
        return None
    m = i
    while m < z and v[m + 1] <= v[m]:
        m += 1
    if m >= z or v[m] > REBOUND_DIP * bump:
        return None
    return sc, float(m)


def _reference(
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
    reach = int(REACH_PERIODS * seg.period_s * fs_hz)
    peaks = np.zeros((2, k), dtype=np.intp)
    for j in range(k):
        s, t, e = int(seg.starts[j]), int(seg.turns[j]), int(seg.ends[j])
        lo = max(0, s - margin) if j == 0 else max(int(seg.turns[j - 1]), s - margin)
        hi = min(n - 1, e + margin) if j == k - 1 else min(int(seg.turns[j + 1]), e + margin)
        # a half's velocity peak lies within most of a period of the turn; further out is the
        # walk-up or the re-rack around the set, which the segment's outer edge may include
        a = max(s, t - reach)
        p1 = a + int(np.argmax(v[a : t + 1]))
        z = max(p1, min(e, p1 + reach))
        p2 = p1 + int(np.argmin(v[p1 : z + 1]))
        on1, off1, pk1 = _edges(v, p1, lo, p2)
        on2, off2, pk2 = _edges(-v, p2, p1, hi)
        if on2 - off1 < min_gap:  # no turn pause: the turn is where the next lobe starts
            off1 = on2 = max(on2, off1) if on2 >= off1 else _sign_change(v, p1, p2)
            bounce = _rebound(-v, p1, p2, pk2) if bottom_turn else None
            if bounce is not None:  # a rebound off the bottom starts the next phase
                off1 = on2 = bounce[0]
                out[7, j] = 1.0
        out[[0, 1, 2, 3, 5, 6], j] = on1, off1, on2, off2, pk1, pk2
        peaks[:, j] = p1, p2
    ends_alone = [k - 1]
    for j in range(k - 1):
        nxt = float(out[0, j + 1])
        if nxt - out[3, j] < min_gap:  # no closing pause: this rep ends where the next one starts
            if nxt < out[3, j]:
                nxt = _sign_change(-v, int(peaks[1, j]), int(peaks[0, j + 1]))
            out[3, j] = out[0, j + 1] = nxt
            bounce = _rebound(v, int(peaks[1, j]), int(peaks[0, j + 1]), float(out[5, j + 1]))
            if bounce is not None:  # the rebound off the bottom is spent before the next rep
                out[3, j], out[0, j + 1] = bounce
                out[8, j] = 1.0
                nxt = bounce[1]
        elif nxt - out[3, j] > max_pause:  # the set stops here (or what follows is not a rep)
            ends_alone.append(j)
            continue
        out[4, j] = max(nxt, float(out[3, j]))
    paired = np.setdiff1d(np.arange(k - 1), ends_alone)
    closing = out[4, paired] - out[3, paired]
    out[4, ends_alone] = out[3, ends_alone] + (float(np.median(closing)) if closing.size else 0.0)
    return out


def _track(seed: int) -> tuple[FloatArray, RepSegments, int, float, float, float, bool]:
    """A velocity-like track (two lobes per rep, pauses, rebounds, noise; quantised every other
    seed so flat runs and ties are common) and rough segments around its reps."""
    rng = np.random.default_rng(seed)
    fs = 50.0
    period = float(rng.uniform(1.5, 4.0))
    k = int(rng.integers(1, 12))
    per = int(period * fs)
    n = per * (k + 2)
    t = np.arange(n) / fs
    phase = 2 * np.pi * (t / period - 1.0)
    v = np.sin(phase) * (1 + 0.3 * np.sin(phase * 0.5 + rng.uniform(0, 6)))
    v[(t < period) | (t >= period * (k + 1))] *= 0.05
    v = v * np.where(np.abs(v) < rng.uniform(0.0, 0.3), 0.1, 1.0)  # pauses and small bumps
    v = v + rng.normal(scale=rng.uniform(0.0, 0.15), size=n)
    if seed % 2:
        v = np.round(v, 1)
    jitter = rng.integers(-per // 8, per // 8 + 1, size=k + 1)
    edges = np.clip(per * np.arange(1, k + 2) + jitter, 0, n - 1)
    starts, ends = edges[:-1], edges[1:]
    turns = (starts + ends) // 2 + rng.integers(-per // 10, per // 10 + 1, size=k)
    seg = RepSegments(
        starts.astype(np.intp),
        turns.astype(np.intp),
        ends.astype(np.intp),
        np.ones(k),
        np.ones(k, dtype=bool),
        period,
        0.9,
        np.zeros(n),
    )
    margin = max(1, int(rng.uniform(0.2, 0.6) * per))
    return (
        v,
        seg,
        margin,
        float(rng.uniform(0, 0.3) * fs),
        float(rng.uniform(0.3, 0.8) * per),
        fs,
        bool(seed % 3),
    )


@pytest.mark.parametrize("seed", range(60))
def test_time_lobes_matches_the_rep_by_rep_walk(seed: int) -> None:
    v, seg, margin, min_gap, max_pause, fs, bottom = _track(seed)
    want = _reference(v, seg, margin, min_gap, max_pause, fs, bottom)
    got = time_lobes(v, seg, margin, min_gap, max_pause, fs, bottom)
    np.testing.assert_array_equal(got, want)
