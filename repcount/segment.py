"""Stage 2: find the reps of one set in its counting signal.

Notes
-----
1. Period: the autocorrelation of the counting signal (unbiased, via FFT) is searched for its
   strongest peak between ``min_rep_s`` and ``max_rep_s``; the shortest lag whose peak is
   within 70 % of the best is kept, so a multiple of the period is not mistaken for it.
   Where the whole window and its middle repeat best at two different whole multiples of a
   shorter period the middle repeats at too (a partial rep every few reps makes a pattern of
   reps), that shorter period is the rep period (``rep_period.py``: ``set_period``).
   A window with weak periodicity (peak < ``MIN_PERIODICITY``) has no reps: random motion,
   walking off and fidgeting do not repeat like reps do. Where the sensor's pose repeats clearly
   better at twice the period and the signal still repeats there, the period is half a rep (out
   and back accelerate alike): the rep is twice it, and its cycles and turns are read from the
   pose, which moves once per rep (``whole_rep.py``).
2. Cycles (``cycles.py``). ``method="phase"`` (default): the signal is band-passed around its
   own fundamental (``FUNDAMENTAL_BAND`` × 1/period), its analytic (Hilbert) phase is unwrapped,
   and every 2π of phase is one cycle. Only the phase advanced where the envelope exceeds
   ``ENVELOPE_FRAC`` of its 90th percentile (over the window's middle, where the set is, when
   that is lower: ``cycles._envelope_reference``) counts (rest and the slow lead-in do not), and
   a cycle is kept when at least ``MIN_CYCLE_COVER`` of it is inside that region. Harmonics (a
   rep's two bumps of acceleration) cannot add cycles, and a rep is not lost to a shallow peak.
   ``method="peaks"``: peaks of the signal low-passed at ``1.6 / period`` at least
   ``0.6 × period`` apart with prominence ≥ 35 % of the robust amplitude, in the polarity
   that has more of them; reps whose z-normalised shape does not correlate with the median
   rep (``rep_shape.MIN_SHAPE_CORR``) or whose duration is far from it are dropped.
3. Each cycle's turn is the maximum of the position proxy (the signal band-passed at
   0.3-3 × the rep rate) inside it; the rep starts and ends at the minima around it. Its range
   is the mean of its two half-excursions (the larger one for the first and last rep, where
   one half merges into the rest pose). Which polarity's minima are the rep boundaries: the
   one whose edge reps are whole reps, else the lift's phase order
   (``polarity._whole_edges_over_phase_order``); for the generic counter the one whose
   boundaries sit at the pose held before and after the set (``start_pose``), else the one whose
   edge reps are more whole (``polarity._edge_symmetry``). Turns: ``cycles.place``; range:
   ``rep_shape.rep_range``; polarity: ``polarity.choose_polarity``.
4. The reps of a set are one contiguous, alike rhythm (``kept_reps._extend_edges``): runs of
   reps cut off by a gap of more than two rep intervals are kept only if every rep matches the
   set's median rep, and a matching rep one interval beyond either end is added.
5. Cycles at the edges of a set whose energy lies off the set's principal axis (share below
   ``OFF_AXIS_FRAC`` of the set median) are dropped: walking up, grabbing the bar, re-racking;
   the set starts and ends at ``EDGE_GOOD_RUN`` on-axis cycles in a row (``kept_reps.py``, as
   are notes 4 and 6). (The axis is found with impacts clipped, ``principal_axis.AXIS_CLIP``, so a jolt
   inside the set does not turn it.)
6. Excursions below ``MIN_RANGE_MS2`` (tremor) or above ``MAX_RANGE_FRAC`` × the median
   (unracking, gestures) are not reps. Reps below ``count_frac`` of the median range are
   partial (reported, not counted).
7. Across a gap in the data (a sensor that dropped out, filled in by ``filter.fill_gaps``), the
   reps the set's rhythm places in the gap are counted and marked ``inferred``
   (``gap_reps.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from repcount.cycles import CYCLE_FINDERS, POSITION_BAND, Method, Option, bandpass, place
from repcount.filter import FloatArray, IntArray
from repcount.gap_reps import across_gaps
from repcount.kept_reps import axis_share, kept_reps
from repcount.polarity import choose_polarity
from repcount.profiles import ExerciseProfile
from repcount.rep_period import MIN_PERIODICITY, set_period
from repcount.rep_shape import rep_range
from repcount.stats import median, percentile
from repcount.whole_rep import pose_rhythm, whole_rep_period

CLIP_FACTOR = 1.5
"""The counting signal is clipped at this multiple of its 90th percentile |value| before
segmentation; flags still see the unclipped signal."""


@dataclass(frozen=True, slots=True, eq=False)
class RepSegments:
    """Rep candidates of one set, as sample indices into the set's window."""

    starts: IntArray
    """Index where each rep begins (a minimum of ``position``)."""
    turns: IntArray
    """Index of each rep's turn (the maximum between start and end)."""
    ends: IntArray
    """Index where each rep ends."""
    range_ms2: FloatArray
    """Excursion of ``position`` per rep, m/s²."""
    counted: NDArray[np.bool_]
    """True for full reps, False for partial ones."""
    period_s: float
    """Estimated rep period, seconds (0 if none)."""
    periodicity: float
    """Autocorrelation at the period (0-1)."""
    position: FloatArray
    """The position proxy (counting signal band-passed at the rep rate), oriented so turns are maxima."""
    inferred: NDArray[np.bool_] | None = None
    """True for reps counted from the set's rhythm across a gap in the data (``gap_reps.across_gaps``):
    the sensor dropped out while they were done, so they have no signal of their own."""

    def __post_init__(self) -> None:
        if self.inferred is None:
            object.__setattr__(self, "inferred", np.zeros(self.starts.shape, dtype=bool))
        for arr in (self.starts, self.turns, self.ends, self.range_ms2, self.counted, self.position):
            arr.flags.writeable = False

    @property
    def count(self) -> int:
        return int(np.count_nonzero(self.counted))


def _empty(n: int, period_s: float = 0.0, periodicity: float = 0.0) -> RepSegments:
    e = np.zeros(0, dtype=np.intp)
    return RepSegments(
        e, e.copy(), e.copy(), np.zeros(0), np.zeros(0, dtype=bool), period_s, periodicity, np.zeros(n)
    )


def with_counted_reps(
    segments: RepSegments, keep: NDArray[np.bool_], spans: IntArray, range_ms2: FloatArray
) -> RepSegments:
    """``segments`` with the cycles ``keep`` marks ``False`` taken out and the counted reps
    ``spans`` put in their place in time order (rows of start, turn and end indices, each with its
    ``range_ms2``): a slow rep the set's rhythm cut into cycles (``grinding``), or one after the
    last counted rep read on its travel (``travel_tail``)."""
    new = np.asarray(spans, dtype=np.intp).reshape(-1, 3)
    order = np.argsort(np.concatenate([segments.starts[keep], new[:, 0]]), kind="stable")

    def join(old: np.ndarray, add: np.ndarray) -> np.ndarray:
        return np.concatenate([old[keep], add.astype(old.dtype)])[order]

    n = new.shape[0]
    inferred = segments.inferred if segments.inferred is not None else np.zeros(keep.size, dtype=bool)
    return replace(
        segments,
        starts=join(segments.starts, new[:, 0]),
        turns=join(segments.turns, new[:, 1]),
        ends=join(segments.ends, new[:, 2]),
        range_ms2=join(segments.range_ms2, np.asarray(range_ms2, dtype=np.float64)),
        counted=join(segments.counted, np.ones(n, dtype=bool)),
        inferred=join(inferred, np.zeros(n, dtype=bool)),
    )


def segment_reps(
    motion_ms2: FloatArray,
    *,
    fs_hz: float,
    profile: ExerciseProfile,
    method: Method = "phase",
    band_ms2: FloatArray | None = None,
    observed: NDArray[np.bool_] | None = None,
    set_edges: bool = True,
    pose_ms2: FloatArray | None = None,
    rest_s: float | None = None,
    held_ends: IntArray | None = None,
) -> RepSegments:
    """Find the reps of one set in its counting signal (see the module notes for the method).

    Parameters
    ----------
    motion_ms2 : (n,) counting signal (``FilteredMotion.motion_ms2``), m/s².
    fs_hz : sample rate, Hz.
    profile : the exercise profile (rep duration bounds, partial threshold).
    method : ``"phase"`` (analytic phase of the fundamental) or ``"peaks"`` (peak picking).
    band_ms2 : (n, 3) band-passed acceleration whose principal-axis projection is ``motion_ms2``;
        when given, cycles at the set's edges that move off that axis are dropped (note 5).
    observed : (n,) False for samples filled in across a data gap (``filter.fill_gaps``); the
        reps done while the sensor was gone are counted from the set's rhythm (note 7).
    set_edges : the window holds the set's first and last rep, whose shape can overrule a known
        lift's phase order (``polarity.choose_polarity``); False for a window cut from
        inside a set (the live counter's neighbourhood of a rep), whose edge reps are cut.
    pose_ms2 : (n, 3) the sensor's pose over the window (``pose.pose``); when given, a period
        at which the pose repeats clearly worse than at twice it is half a rep, and the reps are
        read from the pose (note 1, ``whole_rep.whole_rep_period``); and the generic counter
        takes the polarity whose rep boundaries sit at the pose held before and after the set
        (``start_pose``).
    rest_s : a run of reps this long (s) after or before the set's others, with no rep between,
        is another set (``analyze_recording``'s ``min_rest_s``); ``None``: no limit.
    held_ends : indices where reps of this set counted before ended (the live counter's
        announced reps, in a window cut from inside the set); the generic counter then counts in
        the polarity whose rep ends lie there (``held_polarity``) when the start pose does not tell.

    Returns
    -------
    RepSegments (empty when the window holds no repeated motion).
    """
    if method not in CYCLE_FINDERS:
        raise ValueError(f"unknown method {method!r}; choose one of: {', '.join(CYCLE_FINDERS)}")
    x = np.asarray(motion_ms2, dtype=np.float64)
    n = x.shape[0]
    if n:
        # impacts (a dropped weight, a bounce, a bumped sensor) must not own the rhythm
        limit = CLIP_FACTOR * percentile(np.abs(x), 90)
        x = np.clip(x, -limit, limit)
    period_s, periodicity = set_period(x, fs_hz=fs_hz, min_s=profile.min_rep_s, max_s=profile.max_rep_s)
    if period_s <= 0 or periodicity < MIN_PERIODICITY:
        return _empty(n, period_s, periodicity)
    rhythm = x
    if pose_ms2 is not None:
        half_s = period_s
        period_s, periodicity = whole_rep_period(
            x,
            pose_ms2,
            fs_hz=fs_hz,
            period=(period_s, periodicity),
            max_rep_s=profile.max_rep_s,
            min_periodicity=MIN_PERIODICITY,
        )
        if period_s != half_s:
            rhythm = pose_rhythm(pose_ms2)
    rate = 1.0 / period_s
    band = (POSITION_BAND[0] * rate, POSITION_BAND[1] * rate)
    pos0 = bandpass(rhythm, band, fs_hz)
    if pos0 is None:
        return _empty(n, period_s, periodicity)
    win = int(0.25 * period_s * fs_hz)
    options: list[Option] = []
    both = CYCLE_FINDERS[method](rhythm, fs_hz, period_s)
    for sign, cycles in zip((1.0, -1.0), both, strict=True):
        if cycles is not None and cycles.shape[0] > 0:
            options.append((sign * pos0, *place(sign * pos0, cycles, win)))
    if not options:
        return _empty(n, period_s, periodicity)
    share = axis_share(motion_ms2, band_ms2) if band_ms2 is not None else None
    missing = None  # cumulative count of filled-in samples
    if observed is not None and not observed.all():
        missing = np.concatenate([[0], np.cumsum(~observed)])

    def kept(o: Option) -> Option:
        return kept_reps(
            *o,
            share=share,
            missing=missing,
            method=method,
            count_frac=profile.count_frac,
            rest=None if rest_s is None else int(rest_s * fs_hz),
            fs_hz=fs_hz,
        )

    pos, starts, turns, ends = choose_polarity(
        options,
        profile,
        kept,
        set_edges=set_edges,
        pose_ms2=pose_ms2,
        held_ends=held_ends,
        period=period_s * fs_hz,
    )
    gap_edge = None
    if missing is not None:
        half = int(0.5 * period_s * fs_hz)
        gap_edge = missing[np.minimum(n, ends + 1 + half)] > missing[np.maximum(0, starts - half)]
    rng = rep_range(pos, starts, turns, ends, gap_edge)
    counted = _counted(rng, profile)
    if missing is not None and starts.size >= 2:
        starts, turns, ends, rng, counted, inferred = across_gaps(
            starts, turns, ends, rng, counted, missing, fs_hz
        )
        return RepSegments(starts, turns, ends, rng, counted, period_s, periodicity, pos, inferred)
    return RepSegments(starts, turns, ends, rng, counted, period_s, periodicity, pos)


def _counted(rng: FloatArray, profile: ExerciseProfile) -> NDArray[np.bool_]:
    """Full reps reach ``count_frac`` of the median range."""
    med = median(rng) if rng.size else 0.0
    return np.asarray(rng >= profile.count_frac * med)
