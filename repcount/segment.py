"""Stage 2: find the reps of one set in its counting signal.

Notes
-----
1. Period: the autocorrelation of the counting signal (unbiased, via FFT) is searched for its
   strongest peak between ``min_rep_s`` and ``max_rep_s``; the shortest lag whose peak is
   within 70 % of the best is kept, so a multiple of the period is not mistaken for it.
   Where the whole window and its middle repeat best at two different whole multiples of a
   shorter period the middle repeats at too (a partial rep every few reps makes a pattern of
   reps), that shorter period is the rep period (``rep_period.py``).
   A window with weak periodicity (peak < ``MIN_PERIODICITY``) has no reps: random motion,
   walking off and fidgeting do not repeat like reps do. Where the sensor's pose repeats clearly
   better at twice the period and the signal still repeats there, the period is half a rep (out
   and back accelerate alike): the rep is twice it, and its cycles and turns are read from the
   pose, which moves once per rep (``whole_rep.py``).
2. Cycles (``cycles.py``): ``method="phase"`` (default): the signal is band-passed around its own fundamental
   (``FUNDAMENTAL_BAND`` × 1/period), its analytic (Hilbert) phase is unwrapped, and every
   2π of phase is one cycle. Only the phase advanced where the envelope exceeds
   ``ENVELOPE_FRAC`` of its 90th percentile (over the window's middle, where the set is, when
   that is lower: ``cycles._envelope_reference``) counts (rest and the slow lead-in do not), and a
   cycle is kept when at least ``MIN_CYCLE_COVER`` of it is inside that region. Harmonics (a
   rep's two bumps of acceleration) cannot add cycles, and a rep is not lost to a shallow peak.
   ``method="peaks"``: peaks of the signal low-passed at ``1.6 / period`` at least
   ``0.6 × period`` apart with prominence ≥ 35 % of the robust amplitude, in the polarity
   that has more of them; reps whose z-normalised shape does not correlate with the median
   rep (``MIN_SHAPE_CORR``) or whose duration is far from it are dropped.
3. Each cycle's turn is the maximum of the position proxy (the signal band-passed at
   0.3-3 × the rep rate) inside it; the rep starts and ends at the minima around it. Its range
   is the mean of its two half-excursions (the larger one for the first and last rep, where
   one half merges into the rest pose). Which polarity's minima are the rep boundaries: the
   one whose edge reps are whole reps, else the lift's phase order
   (``_whole_edges_over_phase_order``); for the generic counter the one whose boundaries sit at
   the pose held before and after the set (``start_pose``), else the one whose edge reps are
   more whole (``_edge_symmetry``).
4. The reps of a set are one contiguous, alike rhythm (``kept_reps._extend_edges``): runs of reps
   cut off by a gap of more than two rep intervals are kept only if every rep matches the set's median
   rep, and a matching rep one interval beyond either end is added.
5. Cycles at the edges of a set whose energy lies off the set's principal axis (share below
   ``OFF_AXIS_FRAC`` of the set median) are dropped: walking up, grabbing the bar, re-racking;
   the set starts and ends at ``EDGE_GOOD_RUN`` on-axis cycles in a row. (The axis is found
   with impacts clipped, ``filter.AXIS_CLIP``, so a jolt inside the set does not turn it.)
6. Excursions below ``MIN_RANGE_MS2`` (tremor) or above ``MAX_RANGE_FRAC`` × the median
   (unracking, gestures) are not reps. Reps below ``count_frac`` of the median range are
   partial (reported, not counted).
7. Across a gap in the data (a sensor that dropped out, filled in by ``filter.fill_gaps``), the
   reps the set's rhythm places in the gap are counted and marked ``inferred``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from repcount.cycles import CYCLE_FINDERS, POSITION_BAND, Method, Option, bandpass, place
from repcount.filter import FloatArray, IntArray
from repcount.gap_reps import across_gaps
from repcount.kept_reps import EDGE_TURN_SLACK, axis_share, kept_reps
from repcount.profiles import ExerciseProfile
from repcount.rep_period import MIN_PERIODICITY, set_period
from repcount.rep_shape import MIN_SHAPE_CORR, median_shape, rep_range, rep_shapes
from repcount.start_pose import start_pose_polarity
from repcount.stats import median, percentile
from repcount.whole_rep import pose_rhythm, whole_rep_period

CLIP_FACTOR = 1.5
"""The counting signal is clipped at this multiple of its 90th percentile |value| before
segmentation; flags still see the unclipped signal."""
EDGE_SYMMETRY_MARGIN = 0.3
"""A polarity is turned on its edge reps' symmetry only when the other's edge reps are clearly
more whole (``_edge_symmetry`` sums two ratios in 0-1): always for the generic counter, in
``_whole_edges_over_phase_order`` for a known lift."""
WHOLE_EDGE_CORR = 0.85
"""An edge rep is a whole rep when its shape correlates with the set's median rep this well."""
EDGE_CORR_MARGIN = 0.1
"""...and the other polarity's edge reps are clearly not whole when they fall this much short."""
KNOWN_SYMMETRY_MARGIN = 0.5
"""A known lift's phase order gives way to more whole edge reps (``_edge_symmetry``) only by
this margin (the generic counter, with no phase order, by ``EDGE_SYMMETRY_MARGIN``). At 0.3,
flags and phase boundaries on simulated sets at the usual tempo suffered: some sets turned
half a rep off with the count still right (fast_concentric precision 0.96 -> 0.86)."""
SEAMLESS_EDGE_CORR = 0.95
"""Edge reps this alike the set's others (``_edge_corr``) are cut from inside the set's rhythm:
counted right, a set's first and last rep merge into the rest or the setup. Of two polarities
one rep apart on the simulator (fault sets at 4 seeds, heavy tempos at 2), the fewer's edge
correlation was 0.95-1.00 in 55 of 73 sets where the fewer was one short, and below 0.95 in 597
of 606 where it was right."""
OUTSIDE_HALF_FRAC = 0.4
"""...and the motion just outside them (``_half_rep_outside``) still moves by this share of the
set's median half rep: the halves of the first and last rep, not rest. One short, those sets
read 0.46-1.22 there; of the 9 right ones with seamless edges, 4 read under 0.4 and 5 read
0.52-1.14 (a heavy pull-up and seated row among them), which this rule can count one over."""
HALF_EDGES = 1.0
"""A set whose two edge reps' symmetries (``_edge_symmetry``: smaller half over larger, 0-1 each)
add up to less than this has half reps at its edges: it may be counted half a rep off."""


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
        lift's phase order (``_whole_edges_over_phase_order``); False for a window cut from
        inside a set (the live counter's neighbourhood of a rep), whose edge reps are cut.
    pose_ms2 : (n, 3) the sensor's pose over the window (``pose.pose``); when given, a period
        at which the pose repeats clearly worse than at twice it is half a rep, and the reps are
        read from the pose (note 1, ``whole_rep.whole_rep_period``); and the generic counter
        takes the polarity whose rep boundaries sit at the pose held before and after the set
        (``start_pose``).
    rest_s : a run of reps this long (s) after or before the set's others, with no rep between,
        is another set (``analyze_recording``'s ``min_rest_s``); ``None``: no limit.

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
        )

    if profile.eccentric_first is None and len(options) == 2:
        # the generic counter knows no phase order: the polarity whose edge reps are whole
        found = [kept(o) for o in options]
        at_start = (
            start_pose_polarity(pose_ms2, [o[1:] for o in found])
            if set_edges and pose_ms2 is not None
            else None
        )
        sym = [_edge_symmetry(*o) for o in found]
        pos, starts, turns, ends = found[1] if sym[1] > sym[0] + EDGE_SYMMETRY_MARGIN else found[0]
        if at_start is not None:
            pos, starts, turns, ends = found[at_start]
        elif set_edges:
            pos, starts, turns, ends = _more_when_both_whole(found, (pos, starts, turns, ends))
    else:
        pos, starts, turns, ends = (
            _whole_edges_over_phase_order(options, profile, kept)
            if set_edges
            else kept(_orient(options, profile))
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


def _orient(options: list[Option], profile: ExerciseProfile) -> Option:
    """Pick the polarity whose rep halves agree with the lift: in controlled training the
    eccentric is at least as long as the concentric (tempo 2-0-1-0, 3-1-1-0, ...), so a
    lower-first lift has its longer half first and a pull-first lift its shorter half first.
    (The generic counter, with no phase order, picks by ``_edge_symmetry`` in ``segment_reps``;
    with one polarity, or none known, the first: the principal axis points along gravity. A
    known lift's edge reps can overrule it: ``_whole_edges_over_phase_order``.)"""
    if profile.eccentric_first is None or len(options) == 1:
        return options[0]

    def first_half_longer(o: Option) -> float:
        _, s, t, e = o
        return float(median(t - s) - median(e - t))

    scores = [first_half_longer(o) for o in options]
    want = 1.0 if profile.eccentric_first else -1.0
    return options[int(np.argmax([want * sc for sc in scores]))]


def _whole_edges_over_phase_order(
    options: list[Option], profile: ExerciseProfile, kept: Callable[[Option], Option]
) -> Option:
    """The polarity whose edge reps are whole reps, else the lift's phase order (``_orient``).

    Counted half a rep off, a set of n reps reads n + 1 (two half reps at its edges) or n - 1
    (the edge halves dropped). The phase order (a controlled eccentric is longer than the
    concentric) does not hold in a heavy set, which grinds the concentric as slowly as it lowers
    or slower; on the simulator such sets were counted half a rep off in most cases. So:

    * of two polarities one rep apart, the one with more reps when the fewer's edge reps are
      seamless (``SEAMLESS_EDGE_CORR``) and just outside them the signal still moves by a half
      rep (``_half_rep_outside``): counted from mid-rep to mid-rep, a set of n reps reads n - 1
      whole-looking cycles and leaves the halves of its first and last rep outside (pull-ups at
      the wrist, heavy presses, which the phase order or the rules below kept one short);
    * else the one with more reps when its first and last reps have
      the shape of the set's others (``_edge_corr`` ≥ ``WHOLE_EDGE_CORR``) and the other's
      clearly do not (by ``EDGE_CORR_MARGIN``); the one with fewer when its edges do and the
      other's are not rep-shaped at all (under ``MIN_SHAPE_CORR``); the phase order when both
      look whole; else the one whose edge reps are more whole by ``KNOWN_SYMMETRY_MARGIN``
      (``_edge_symmetry``, as the generic counter decides, by a wider margin: the phase order
      is evidence too);
    * otherwise the phase order, unless its edge reps are half reps (``HALF_EDGES``) and the
      other's are more whole by ``EDGE_SYMMETRY_MARGIN``.
    """
    chosen = _orient(options, profile)
    found = kept(chosen)
    if len(options) != 2:
        return found
    other = kept(options[1] if chosen is options[0] else options[0])
    sym_f, sym_o = _edge_symmetry(*found), _edge_symmetry(*other)
    apart = _one_rep_apart(found, other)
    if apart is not None:
        more, fewer, more_edges, fewer_edges = apart
        if fewer_edges >= SEAMLESS_EDGE_CORR and _half_rep_outside(*fewer) >= OUTSIDE_HALF_FRAC:
            return more
        if more_edges >= WHOLE_EDGE_CORR and fewer_edges < WHOLE_EDGE_CORR - EDGE_CORR_MARGIN:
            return more
        if fewer_edges >= WHOLE_EDGE_CORR and more_edges < MIN_SHAPE_CORR:
            return fewer
        if more_edges >= WHOLE_EDGE_CORR and fewer_edges >= WHOLE_EDGE_CORR:
            return found
        return other if sym_o > sym_f + KNOWN_SYMMETRY_MARGIN else found
    return other if sym_f < HALF_EDGES and sym_o > sym_f + EDGE_SYMMETRY_MARGIN else found


def _more_when_both_whole(found: list[Option], chosen: Option) -> Option:
    """The generic counter's two polarities one rep apart whose edge reps both have the shape of
    their set's other reps (``_edge_corr`` ≥ ``WHOLE_EDGE_CORR``): the one with more reps. The
    other has dropped the halves of the first and last rep at its edges (n - 1), which leaves its
    edges whole too and its edge symmetry higher: pull-ups at the wrist read one short in 26 of
    40 simulated workout sets. (Counted half a rep off the other way, n + 1, the edge reps are
    half reps and do not look whole.) Otherwise ``chosen``."""
    apart = _one_rep_apart(*found)
    if apart is not None and min(apart[2], apart[3]) >= WHOLE_EDGE_CORR:
        return apart[0]
    return chosen


def _one_rep_apart(a: Option, b: Option) -> tuple[Option, Option, float, float] | None:
    """Two polarities' reps ordered as (more, fewer, more's ``_edge_corr``, fewer's) when they
    are one rep apart with at least 4 reps in the fewer (a set counted half a rep off); else
    ``None``."""
    more, fewer = (a, b) if a[1].size > b[1].size else (b, a)
    if more[1].size != fewer[1].size + 1 or fewer[1].size < 4:
        return None
    return more, fewer, _edge_corr(more[0], more[1], more[3]), _edge_corr(fewer[0], fewer[1], fewer[3])


def _half_rep_outside(pos: FloatArray, starts: IntArray, turns: IntArray, ends: IntArray) -> float:
    """How far the signal moves just outside the set's first and last rep, as a share of the
    set's median half-excursion on that side (the smaller of the two sides).

    Before the first rep the signal is searched for one falling half's duration (the median
    turn-to-end, ``1 + EDGE_TURN_SLACK`` of it) for its rise above the rep's start, after the last
    rep for one rising half's duration for its rise above the rep's end. A set counted from
    mid-rep to mid-rep has the first and the last rep's outer halves there (about a whole
    half-excursion); counted right, rest or the setup, which the band-pass leaves lower. 0 when
    the window does not reach that far: a set cut by the window's edge shows nothing outside
    (a paused simulated row read 9 of 10 instead of 8 from what the cut left)."""
    if starts.size < 2:
        return 0.0
    n = pos.shape[0]
    rise, fall = pos[turns] - pos[starts], pos[turns] - pos[ends]
    before = int((1 + EDGE_TURN_SLACK) * median(ends - turns))
    after = int((1 + EDGE_TURN_SLACK) * median(turns - starts))
    s0, e1 = int(starts[0]), int(ends[-1])
    if s0 - before < 0 or e1 + after > n - 1:
        return 0.0  # the window ends there: what lies outside is not seen
    pre = float(pos[s0 - before : s0 + 1].max() - pos[s0]) / max(median(fall), 1e-9)
    post = float(pos[e1 : e1 + after + 1].max() - pos[e1]) / max(median(rise), 1e-9)
    return min(pre, post)


def _edge_corr(pos: FloatArray, starts: IntArray, ends: IntArray) -> float:
    """How well the first and the last rep (the worse of the two) correlate with the median of
    the reps between them (``rep_shapes``); 1.0 for sets of under 4 reps (nothing to compare)."""
    if starts.size < 4:
        return 1.0
    shapes = rep_shapes(pos, starts, ends)
    template = median_shape(shapes[1:-1])
    return min(float(shapes[0] @ template), float(shapes[-1] @ template))


def _edge_symmetry(pos: FloatArray, starts: IntArray, turns: IntArray, ends: IntArray) -> float:
    """How whole the set's first and last reps are: the smaller half-excursion over the larger,
    summed over the two. Counted with the wrong polarity, a set of n reps reads as n + 1 cycles
    from mid-rep to mid-rep, and the first and last of those are half a rep and the rest pose
    (one half near zero); with the right one every rep, the edge ones too, has two halves."""
    if starts.size == 0:
        return 0.0
    total = 0.0
    for i in (0, -1):  # two reps: Python floats, the same arithmetic as numpy's on two-element arrays
        top = float(pos[turns[i]])
        up, down = top - float(pos[starts[i]]), top - float(pos[ends[i]])
        total += max(min(up, down), 0.0) / max(up, down, 1e-9)
    return total


def _counted(rng: FloatArray, profile: ExerciseProfile) -> NDArray[np.bool_]:
    """Full reps reach ``count_frac`` of the median range."""
    med = median(rng) if rng.size else 0.0
    return np.asarray(rng >= profile.count_frac * med)

