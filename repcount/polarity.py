"""Which polarity's minima are a set's rep boundaries (stage 2, ``segment.py`` note 3).

The cycles of the counting signal and of its negative are both candidates (``cycles.Option``);
counted with the wrong one, a set of n reps reads half a rep off: n + 1 cycles from mid-rep to
mid-rep (a half rep and the rest pose at each edge) or n - 1 (the edge halves dropped). A known
lift takes the polarity whose edge reps are whole reps, else its phase order (a controlled
eccentric is at least as long as the concentric: ``_orient``, ``_whole_edges_over_phase_order``).
The generic counter, with no phase order, takes the one whose boundaries sit at the pose held
before and after the set (``start_pose``), else the one whose edge reps are more whole
(``_edge_symmetry``), and of two one rep apart whose edges both look whole the one with more reps
(``_more_when_both_whole``). A window cut from inside a set (the live counter's neighbourhood of a
rep) has cut edge reps: it keeps the phase order (``choose_polarity``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from repcount.cycles import Option
from repcount.filter import FloatArray, IntArray
from repcount.held_polarity import held_polarity
from repcount.kept_reps import EDGE_TURN_SLACK
from repcount.profiles import ExerciseProfile
from repcount.rep_shape import MIN_SHAPE_CORR, median_shape, rep_shapes
from repcount.start_pose import start_pose_polarity
from repcount.stats import median

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


def choose_polarity(
    options: list[Option],
    profile: ExerciseProfile,
    kept: Callable[[Option], Option],
    *,
    set_edges: bool,
    pose_ms2: FloatArray | None,
    held_ends: IntArray | None = None,
    period: float = 0.0,
) -> Option:
    """The reps of the polarity whose minima are the rep boundaries, of ``options`` (one or two,
    before ``kept``: which of a polarity's cycles are reps). ``set_edges`` and ``pose_ms2`` as in
    ``segment_reps``: a window holding the set's edges lets its edge reps overrule a known lift's
    phase order (``_whole_edges_over_phase_order``), and the pose held before and after the set
    decides for the generic counter (``start_pose``); else, on a window cut from inside a set, the
    polarity whose rep ends lie at the set's ``held_ends`` (``held_polarity``; ``period`` in
    samples)."""
    if profile.eccentric_first is None and len(options) == 2:
        # the generic counter knows no phase order: the polarity whose edge reps are whole
        found = [kept(o) for o in options]
        at_start = (
            start_pose_polarity(pose_ms2, [o[1:] for o in found])
            if set_edges and pose_ms2 is not None
            else None
        )
        sym = [_edge_symmetry(*o) for o in found]
        chosen = found[1] if sym[1] > sym[0] + EDGE_SYMMETRY_MARGIN else found[0]
        if at_start is not None:
            return found[at_start]
        held = None if held_ends is None else held_polarity([o[3] for o in found], held_ends, period)
        if held is not None:
            return found[held]
        if set_edges:
            return _more_when_both_whole(found, chosen)
        return chosen
    return (
        _whole_edges_over_phase_order(options, profile, kept)
        if set_edges
        else kept(_orient(options, profile))
    )


def _orient(options: list[Option], profile: ExerciseProfile) -> Option:
    """Pick the polarity whose rep halves agree with the lift: in controlled training the
    eccentric is at least as long as the concentric (tempo 2-0-1-0, 3-1-1-0, ...), so a
    lower-first lift has its longer half first and a pull-first lift its shorter half first.
    (The generic counter, with no phase order, picks by ``_edge_symmetry`` in ``choose_polarity``;
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
