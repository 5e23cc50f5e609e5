"""The recording-level orchestrator: ``analyze_recording`` finds the sets of a continuous
recording (pieces of activity, merged across pauses, split at rests inside one span, and
lengthened past a ground-out last rep) and analyses each one with the set-level stages of
``known_set`` (whose ``process_set``, the one-window orchestrator, is re-exported here)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from repcount.activity import find_active_spans
from repcount.edge_turns import EdgeTurns, edge_turns, past_turns
from repcount.filter import (
    MAX_DROPOUT_S,
    Bands,
    FilteredMotion,
    FloatArray,
    IntArray,
    fill_gaps,
    filter_bands,
    validate_motion,
)
from repcount.gap_reps import into_gap
from repcount.gc_pause import gc_paused
from repcount.known_set import finish_set, segment_window
from repcount.known_set import process_set as process_set  # re-exported: live_offline reads it here
from repcount.pose import is_gestures, moves_like_reps, pose
from repcount.profiles import exercise_profile
from repcount.rep_period import CORE_SHORTER
from repcount.segment import RepSegments
from repcount.setup_cycles import found_again, past_setup
from repcount.slow_end import ends_slow, slow_end_hi, slow_end_s
from repcount.stats import column_means, median
from repcount.summary import summarise_set
from repcount.types import Rep, SessionAnalysis, SetAnalysis

MIN_SET_REPS = 3
"""A set found automatically needs this many full reps: a triple (3 reps at 85-93 % of the
one-rep max, as in 5/3/1's heavy week or a powerlifting peak) is a common working set; one or
two rep-like cycles are what an unrack, a walk-out or a shake of the hand make. Everyday
gestures between sets at the wrist (checking the phone, drinking, wiping) repeat two or three
times too; they are told by their pose instead (``pose.is_gestures``: a raise-hold-lower holds
a new pose or does not come back to its start), which came after this minimum was set to 4 to
keep them out (real triples then read no set). A window known to be a set (``process_set``, or
the live ``end_set``) has no such minimum."""
MIN_PARTIAL_FRAC = 0.25
"""In a recording, an uncounted excursion under this share of the set's median range is not
reported as a partial rep: a rep stopped at 40-60 % of the range reads 0.4-0.6; the twitch of
re-racking or letting go of the handle after the last rep reads 0-0.15 (simulator)."""
ATTEMPT_FRAC = 0.5
"""A rep cut short past this share of the set's median range still makes a window a set (with
``MIN_SET_REPS``): a heavy triple whose last rep is slow or fails reads 2 full reps."""
SET_PAD_S = 1.0
"""Margin kept around an active span so the first and last rep are whole."""
_RECENT_WINDOWS = 4
"""Candidates ``analyze_recording`` keeps for a window asked for again (see there)."""
SPLIT_GAP_S = 3.0
"""Activity is first split at quiet gaps this long (fidgeting between sets is separate from the
set); neighbouring pieces that both hold reps and are closer than ``min_rest_s`` are merged back."""


def _bands(
    t: FloatArray, a: FloatArray, g: FloatArray | None, fs_hz: float, observed: NDArray[np.bool_] | None
) -> Bands:
    """``known_set._filter`` without the whole recording's projection (each set gets its own axis)."""
    if observed is not None:
        t, a, _ = validate_motion(t, a, g, fs_hz=fs_hz)
    return filter_bands(t, a, fs_hz=fs_hz, observed=observed)


def _without_twitches(analysis: SetAnalysis) -> SetAnalysis:
    """A set found in a recording without the uncounted excursions under ``MIN_PARTIAL_FRAC`` of
    its median range: the twitch of unracking, re-racking or letting go of the handle around the
    set, not a rep cut short. (``process_set`` keeps them: the live counter matches its newest
    turn against them, where the window's edge cuts the range.)"""
    kept = tuple(r for r in analysis.partial_reps if r.range_frac >= MIN_PARTIAL_FRAC)
    if len(kept) == len(analysis.partial_reps):
        return analysis
    return replace(analysis, partial_reps=kept, summary=summarise_set(analysis.reps, kept))


def _ends_later(longer: RepSegments, segments: RepSegments) -> bool:
    """Whether a longer window's cycles (same start) run past the last of ``segments``'."""
    if longer.ends.size == 0:
        return False
    return segments.ends.size == 0 or int(longer.ends[-1]) > int(segments.ends[-1])


def _rest_apart(piece: _Candidate, rest: int, pad: int) -> tuple[int | None, int | None]:
    """Where a piece's window holds a rest (``rest`` samples) without a counted rep before its
    first or after its last, and beyond it room for a set (``MIN_SET_REPS`` of its periods): the
    window's index to segment again up to (before the set) and from (after it), else ``None``.
    ``segment_reps`` keeps runs of reps a rest apart out of the set, so such a run is only seen
    on its own window."""
    seg = piece.segments
    full = seg.counted.nonzero()[0]
    if piece.gestures or full.size == 0:
        return None, None
    room = rest + int(MIN_SET_REPS * seg.period_s * piece.window.fs_hz)
    first, last = piece.lo + int(seg.starts[full[0]]), piece.lo + int(seg.ends[full[-1]])
    before = first - pad if first - piece.lo >= room else None
    after = last + pad if piece.hi - last >= room else None
    return before, after


def _same_rhythm(period_s: float, beside_s: float) -> bool:
    """A run of reps a rest apart from a set in its active span is a second set of it (the
    other side of one-arm rows) only in its rhythm: periods within ``rep_period.CORE_SHORTER`` of
    each other (walking up to the station or away from it, in steps, is quicker)."""
    return period_s > 0 and CORE_SHORTER <= period_s / beside_s <= 1 / CORE_SHORTER


def _rep_indices(t_s: FloatArray, reps: Sequence[Rep]) -> tuple[IntArray, IntArray]:
    starts = np.searchsorted(t_s, [r.start_s for r in reps]).astype(np.intp)
    ends = np.minimum(np.searchsorted(t_s, [r.end_s for r in reps]), t_s.size - 1).astype(np.intp)
    return starts, ends


def reps_that_move_like_reps(
    t_s: FloatArray, accel_ms2: FloatArray, reps: Sequence[Rep], placement: str, *, fs_hz: float
) -> NDArray[np.bool_]:
    """For each of ``reps``, whether it comes back to its pose without a hold (``pose``); all
    True off the wrist, where the low-passed acceleration is not a pose."""
    if placement != "wrist" or not reps or t_s.size < 2:
        return np.ones(len(reps), dtype=bool)
    starts, ends = _rep_indices(t_s, reps)
    return moves_like_reps(pose(np.asarray(accel_ms2, dtype=np.float64), fs_hz), starts, ends, fs_hz)


@dataclass(frozen=True, slots=True, eq=False)
class _Candidate:
    """A span of the recording segmented into reps; timed and flagged only if it is kept."""

    lo: int
    hi: int
    window: FilteredMotion
    segments: RepSegments
    gestures: bool = False
    """Its reps are pose changes that stay (``pose.is_gestures``): it counts no reps."""

    @property
    def count(self) -> int:
        return 0 if self.gestures else self.segments.count

    @property
    def attempts(self) -> int:
        """Full reps and reps cut short past half the median range (a failed or slow last rep)."""
        if self.gestures:
            return 0
        seg = self.segments
        med = median(seg.range_ms2[seg.counted]) if seg.counted.any() else 0.0
        return int(np.count_nonzero(seg.counted | (seg.range_ms2 >= ATTEMPT_FRAC * med)))

    @property
    def start_s(self) -> float:
        """Start of the first full rep, else of the window (s)."""
        full = self.segments.counted.nonzero()[0]
        return float(self.window.t_s[self.segments.starts[full[0]]] if full.size else self.window.t_s[0])

    @property
    def end_s(self) -> float:
        """End of the last full rep, else of the window (s)."""
        full = self.segments.counted.nonzero()[0]
        return float(self.window.t_s[self.segments.ends[full[-1]]] if full.size else self.window.t_s[-1])


@gc_paused
def analyze_recording(
    t_s: FloatArray,
    accel_ms2: FloatArray,
    gyro_rads: FloatArray | None = None,
    *,
    fs_hz: float,
    exercise: str | None = None,
    placement: str = "wrist",
    min_rest_s: float = 8.0,
) -> SessionAnalysis:
    """Find the sets of a continuous recording and analyse each one.

    Parameters
    ----------
    t_s, accel_ms2, gyro_rads, fs_hz, exercise, placement : as in ``process_set``.
    min_rest_s : a quiet gap at least this long separates two sets, seconds.

    Returns
    -------
    SessionAnalysis with the sets in time order (sets with fewer than ``MIN_SET_REPS`` full
    reps are dropped: walking, unracking and fidgeting are not sets). A short piece of activity
    closer than ``min_rest_s`` to a set joins it when the joined analysis has more reps (a
    pause inside the set, or a sensor dropout that split it); so does the piece after a sensor
    dropout (up to ``MAX_DROPOUT_S``) that began while the set's reps went on
    (``gap_reps.into_gap``), however much quiet the piece's own first reps follow.

    Notes
    -----
    ``fill_gaps`` → filter the whole recording → ``find_active_spans`` → pad each span by
    ``SET_PAD_S`` → ``segment_reps`` per span (its own principal axis, period and thresholds)
    → keep and merge spans on their rep counts → boundaries, tempo, flags and summary of each
    set kept.
    """
    profile = exercise_profile(exercise, placement)
    t, a, g, observed = fill_gaps(*validate_motion(t_s, accel_ms2, gyro_rads, fs_hz=fs_hz), fs_hz=fs_hz)
    motion = _bands(t, a, g, fs_hz, observed)
    spans = find_active_spans(motion, min_rest_s=min(SPLIT_GAP_S, min_rest_s))
    pad = int(SET_PAD_S * fs_hz)

    tilt = pose(a, fs_hz)
    # phone checks and drinking are the wrist's; on a bar or handle the low-passed acceleration
    # is the bar's movement, not a pose
    at_wrist = profile.placement == "wrist"

    # a window's candidate depends on its bounds alone: a piece merged back into the window it
    # was split from (``_rest_apart``: the merge asks for the piece's own window again) is not
    # segmented twice. Only the newest few are kept (the repeat comes a step or two later).
    segmented: dict[tuple[int, int], _Candidate] = {}

    def analyse(lo: int, hi: int) -> _Candidate:
        known = segmented.get((lo, hi))
        if known is not None:
            return known
        if len(segmented) >= _RECENT_WINDOWS:
            del segmented[next(iter(segmented))]  # the oldest
        window = motion.window(lo, hi, mean_ms2=column_means(a[lo:hi]))
        seg = segment_window(window, profile, tilt[lo:hi], rest_s=min_rest_s)
        full = seg.counted
        gestures = (
            at_wrist and seg.count > 0 and is_gestures(tilt[lo:hi], seg.starts[full], seg.ends[full], fs_hz)
        )
        out = segmented[(lo, hi)] = _Candidate(lo, hi, window, seg, gestures)
        return out

    unseen = np.concatenate([[0.0], np.cumsum(~observed) / fs_hz]) if observed is not None else None

    def rest_s(end_s: float, start_s: float) -> float:
        """Time seen at rest between two pieces: a short data gap is not a rest (the lifter was not
        seen); one longer than ``MAX_DROPOUT_S`` may have been."""
        if unseen is None:
            return start_s - end_s
        i, j = np.searchsorted(t, [end_s, start_s])
        gone = float(unseen[j] - unseen[i])
        return start_s - end_s - (gone if gone <= MAX_DROPOUT_S else 0.0)

    def into_dropout(c: _Candidate, lo: int) -> bool:
        """Whether set ``c``'s reps went on up to a sensor dropout before index ``lo``
        (``gap_reps.into_gap``): the activity after it is then looked at with the set."""
        if observed is None:
            return False
        seg = c.segments
        full = np.flatnonzero(seg.counted)
        if full.size == 0:
            return False
        return into_gap(c.lo + int(seg.turns[full[-1]]), lo, observed, seg.period_s * fs_hz, fs_hz)

    # the sets are decided on the segmentation alone; only the sets kept are timed and flagged
    found: list[_Candidate] = []
    pending: _Candidate | None = None  # a short piece just before
    # pieces in time order: each span, and what lies a rest past a set's reps inside one
    queue: deque[tuple[int, int, _Candidate | None, float]] = deque(
        (max(0, int(start) - pad), min(t.shape[0], int(stop) + pad), None, 0.0)
        for start, stop in zip(spans.starts, spans.stops, strict=True)
    )
    rest = int(min_rest_s * fs_hz)
    while queue:
        lo, hi, piece, beside = queue.popleft()
        if piece is None:
            piece = analyse(lo, hi)
            if beside > 0 and not _same_rhythm(piece.segments.period_s, beside):
                continue  # the walk up or away beside a set, not a second set of it
            before, after = _rest_apart(piece, rest, pad)
            if before is not None or after is not None:
                # another set's reps, a rest apart, in the same active span (the sides of
                # one-arm rows): segmented on their own, in time order
                period = piece.segments.period_s
                if after is not None:
                    queue.appendleft((after, hi, None, period))
                queue.appendleft((lo, hi, piece, 0.0))
                if before is not None:
                    queue.appendleft((lo, before, None, period))
                continue
        near = bool(found) and rest_s(found[-1].end_s, piece.start_s) < min_rest_s
        if found and (near or into_dropout(found[-1], lo)):
            # a pause inside one set (or the sensor dropped out), not a rest; across a dropout
            # the set and what follows it must lose no reps joined (the next set after a rest)
            merged = analyse(found[-1].lo, hi)
            more = piece.count < MIN_SET_REPS if near else max(piece.count, 1)
            if merged.count >= found[-1].count + more:
                found[-1] = merged
                continue
        if piece.attempts < MIN_SET_REPS:
            pending = piece
            continue
        if pending is not None and rest_s(pending.end_s, piece.start_s) < min_rest_s:
            merged = analyse(pending.lo, hi)
            if merged.count > piece.count:
                piece = merged
        pending = None
        found.append(piece)

    def timed(c: _Candidate, turns: EdgeTurns | None = None) -> SetAnalysis:
        gc = None if g is None else g[c.lo : c.hi]
        return finish_set(c.window, c.segments, profile, a[c.lo : c.hi], gc, turns=turns, in_recording=True)

    def timed_at_edges(c: _Candidate) -> tuple[FloatArray | None, EdgeTurns, SetAnalysis]:
        """The window's gyro, its edge turns and its analysis timed with them."""
        gc = None if g is None else g[c.lo : c.hi]
        turns = edge_turns(c.segments, gc, fs_hz)  # read twice: dropping the edges, cutting past them
        return gc, turns, timed(c, turns)

    def finish(c: _Candidate, limit: int) -> SetAnalysis:
        gc, turns, out = timed_at_edges(c)
        # a last rep ground out can fall under the activity gate (``slow_end``)
        hi = slow_end_hi(c.segments, c.lo, c.hi, pad, limit)
        until = slow_end_s(out.reps, SET_PAD_S)
        if until is not None and len(out.reps) > c.segments.count:
            # the timed reps can end past the segments' (``whole_edges`` counted one more)
            hi = max(hi, min(int(np.searchsorted(t, until)), limit))
        longer = analyse(c.lo, hi) if hi > c.hi else None
        if longer is not None and _ends_later(longer.segments, c.segments):
            longer_timed = timed_at_edges(longer)
            longer_out = longer_timed[2]
            if found_again(out, longer_out, lead=False, trail=True) and ends_slow(longer_out.reps):
                c, (gc, turns, out) = longer, longer_timed
        # a setup cycle dropped at an edge may have swallowed the first or last rep
        cut_lo, cut_hi = past_setup(c.segments, c.window.t_s, out, profile.eccentric_first)
        if not (cut_lo or cut_hi):
            # or a re-rack that shared its cycle with the last rep, cut past the rep's turn
            cut_lo, cut_hi = past_turns(c.segments, gc, fs_hz, turns=turns)
        if cut_lo or cut_hi:
            again = analyse(c.lo + cut_lo, c.hi - cut_hi)
            if again.count > 0:
                trimmed = timed(again)
                if found_again(out, trimmed, lead=cut_lo > 0, trail=cut_hi > 0):
                    out = trimmed
        return _without_twitches(out)

    limits = [nxt.lo for nxt in found[1:]] + [t.shape[0]] if found else []
    return SessionAnalysis(tuple(finish(c, limit) for c, limit in zip(found, limits, strict=True)))
