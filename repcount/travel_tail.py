"""A ground-out last rep counted on its travel: slow, so small on the acceleration, whole on the path.

The counting proxy is acceleration band-passed at the set's rep rate. A last rep ground out near
failure covers its whole range over 1.6-2.5× the others' concentric, so it accelerates 1/2.5-1/6
as hard, lies below the proxy's band and reads as nothing, as one cycle cut short where the
re-rack pulls it, or as two short cycles (simulator: barbell rows on a bar or handle whose grind
read a 1.34× cycle at 0.35 of the median range; deadlifts of 10 on a bar with no cycle of it at
all; overhead presses of 10 on a bar whose grind read two cycles of 0.78× and 0.83× the median;
at the wrist, no phase cycle after the last counted rep). Its travel is still a whole rep's. So
after the set's last counted rep the travel is read directly:

* on a bar or handle, the load's path: the pose (``pose.pose``: the acceleration low-passed at
  ``pose.POSE_HZ``, on a bar the load's own acceleration) on its principal direction over the
  ``slow_tail.RECENT_REPS`` counted reps before the tail, integrated twice,
  each time high-passed at ``DRIFT_FRAC`` × the set's rep rate (zero phase);
* at the wrist, the forearm's tilt: the pose on its own principal direction over the
  ``slow_tail.RECENT_REPS`` counted reps before the tail (``tilt_tail``'s signal, read as a path).

The signal is turned so that the recent reps go out and back (each rep: from its start to its
farthest point, and back to its end); their median travel (the mean of the two halves) is the
reference. The tail rep starts at the last counted rep's end and goes out from the travel's
lowest point there (the segmenter's end can lie before it); its turn is the first maximum the
travel falls back from by ``TURN_FRAC`` of the reference, its end the first minimum after that
(the same hysteresis), or where the travel gets back to where the rep started if that comes
first (a rep ends where it started: past that it is another move, such as letting go of a
pull-up bar); everything within ``MAX_TAIL_DURATION`` × the median rep. It is counted when

* its travel out reaches the profile's ``partial_frac`` of the reference (the coaching rule on a
  true distance or angle, as ``whole_edges``): a rep stopped at 40-60 % of the range does not;
* its travel back reaches ``BACK_FRAC`` of the reference: the re-rack, the let-go, the walk-out
  or setting the bar down move one way and do not come back;
* it lasts ``MIN_TAIL`` to ``slow_tail.MAX_TAIL_DURATION`` × the median counted rep;
* it is slow: its fastest travel is no faster than the recent reps' (``MAX_SPEED``): a rep near
  failure moves no faster than the fresh ones, a twitch or a shake after a rest does;
* it ends in the pose it started from (``pose.returns_to_pose``).

The counted rep replaces the uncounted cycles that start inside it; the cycles after it stay.
Only on a window that holds the set's end, on a bar, handle or wrist: in ``known_set.segment_window``
after ``slow_tail`` and ``tilt_tail``, and again in ``known_set.finish_set`` when ``whole_edges``
counts the rep after the last one on its travel (the proxy read the rep before the grind short
too: simulated pull-first sets of 10 on a bar or handle at seed 2; ``analyze_recording`` then
looks for the grind up to ``MAX_TAIL_DURATION`` × the median past the last rep as timed).

Simulator (``bench.accuracy --seeds 2``, grinding last rep): the grinds counted so read out
0.70-1.30, back 0.54-1.01, 1.15-1.80× the median, fastest 0.33-0.74 of the recent reps'; the
moves it would count without the speed rule (a rest and a shake of the hand after a wrist
push-up set, a twitch after a wrist bench press) 2.0-2.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from repcount.filter import FloatArray
from repcount.pose import returns_to_pose
from repcount.principal_axis import top_right_singular_vector
from repcount.segment import RepSegments, with_counted_reps
from repcount.slow_tail import MAX_TAIL_DURATION, RECENT_REPS
from repcount.sos_filters import design_sos, filtfilt
from repcount.stats import median

DRIFT_FRAC = 0.25
"""High-pass of each integration on a bar or handle, over the set's rep rate: a slow rep's path
(at ``MAX_TAIL_DURATION`` × the median, 0.53 × the rate) keeps about 0.9 of its travel, the
integration's drift (a bias of the accelerometer grows linearly, then quadratically) goes."""
BACK_FRAC = 0.5
"""Least travel back, over the recent reps' travel: past half of the way the rep comes back. The
back half is read to the travel's first turn, where the re-rack or the let-go that follows the
grind without a pause cuts it (simulator: 0.54-1.01 on the grinds counted, the lowest where the
re-rack follows at once); a move that does not come back (re-racking, letting go, setting the
bar down) reads under it."""
MIN_TAIL = 1.1
"""Shortest tail rep, over the median counted rep's duration. A grind stretches its concentric
only (``GRIND_STRETCH`` 1.6-2.5×): at the simulator's default 2-0-1-0 that makes a rep 1.2-1.5×
its set's, and the end read at the travel's first turn back comes early where what follows cuts
the return (1.15-1.19× on wrist grinds); ``grinding.MIN_GRIND`` (1.25×) is for a gap between two
counted reps, whose ends are both placed. Above the ordinary rep's 1.0 with a margin: a move of
an ordinary rep's duration has an ordinary rep's acceleration, which the proxy reads."""
MAX_SPEED = 1.0
"""Fastest travel of the tail rep, over the median of the recent reps' fastest: a rep near
failure is the set's slowest (its eccentric at most as fast as the others')."""
TURN_FRAC = 0.12
"""A turn of the travel is confirmed once it moves back by this share of the recent reps' travel
(the live counter's hysteresis, ``turns.py``): a tremor or a hitch inside the return is no turn."""
PATH_PLACEMENTS = ("bar", "handle")


@dataclass(frozen=True, slots=True)
class TailTravel:
    """The travel after a set's last counted rep, read as one more rep (indices into the window)."""

    start: int
    """The last counted rep's end, where the tail rep starts."""
    turn: int
    """The travel's first turn out (module notes)."""
    end: int | None
    """Where the rep ends (module notes); ``None`` when the travel has not turned back by
    ``MAX_TAIL_DURATION`` × the median rep."""
    out_frac: float
    """Travel out to ``turn`` (from the lowest point after ``start``), over the recent counted
    reps' median travel."""
    back_frac: float
    """Travel from ``turn`` to ``end``, over the same (0 without an end)."""
    duration_ratio: float
    """``end - start`` over the median counted rep's duration (0 without an end)."""
    speed_ratio: float
    """The tail rep's fastest travel over the median of the recent reps' fastest (0 without an end)."""

    def is_rep(self, partial_frac: float) -> bool:
        """Both halves whole, and slow (the module notes); the pose is checked apart."""
        return (
            self.end is not None
            and self.out_frac >= partial_frac
            and self.back_frac >= BACK_FRAC
            and MIN_TAIL <= self.duration_ratio <= MAX_TAIL_DURATION
            and self.speed_ratio <= MAX_SPEED
        )


def tail_travel(
    segments: RepSegments, pose_ms2: FloatArray, *, fs_hz: float, placement: str
) -> TailTravel | None:
    """The travel after the last counted rep of ``segments`` (``pose_ms2``: the window's pose,
    ``None`` with fewer than ``RECENT_REPS`` counted reps,
    off a bar, handle or wrist, or without room after the last one."""
    full = segments.counted.nonzero()[0]
    if full.size < RECENT_REPS or segments.period_s <= 0:
        return None
    travel = _travel_signal(segments, pose_ms2, fs_hz, placement)
    if travel is None:
        return None
    starts, ends = segments.starts, segments.ends
    recent = full[-RECENT_REPS:]
    out, back = _halves(travel, starts[recent], ends[recent])
    out_neg, back_neg = _halves(-travel, starts[recent], ends[recent])
    if median(np.minimum(out_neg, back_neg)) > median(np.minimum(out, back)):
        travel, out, back = -travel, out_neg, back_neg
    reach = median(0.5 * (out + back))
    med_dur = median((ends[full] - starts[full]).astype(np.float64))
    e = int(ends[full[-1]])
    horizon = min(travel.size - 1, e + int(MAX_TAIL_DURATION * med_dur))
    if reach <= 0 or med_dur <= 0 or horizon - e < 3:
        return None
    h = TURN_FRAC * reach
    low = _turn(-travel, e, horizon, h)
    # the segmenter's end can lie before the bottom: the rep goes out from its lowest point
    m = low if low is not None and travel[e] - travel[low] > h and _falls_first(travel, e, low, h) else e
    t = _turn(travel, m, horizon, h)
    if t is None:
        return None
    z = _turn(-travel, t, horizon, h)
    # a rep ends where it started: past that the travel is another move (letting go of the bar)
    home = (travel[t : (horizon if z is None else z) + 1] <= travel[m]).nonzero()[0]
    z = t + int(home[0]) if home.size else z
    up = float(travel[t] - travel[m]) / reach
    if z is None or z <= t:
        return TailTravel(e, t, None, up, 0.0, 0.0, 0.0)
    speed = np.abs(np.diff(travel))
    fastest = median(np.array([speed[a:b].max() for a, b in zip(starts[recent], ends[recent], strict=True)]))
    back_frac = float(travel[t] - travel[z]) / reach
    return TailTravel(e, t, z, up, back_frac, (z - e) / med_dur, float(speed[m:z].max()) / fastest)


def count_travel_tail(
    segments: RepSegments,
    pose_ms2: FloatArray,
    *,
    fs_hz: float,
    placement: str,
    partial_frac: float,
) -> RepSegments:
    """``segments`` with a ground-out rep after the last counted one counted on its travel (see
    the module notes); ``pose_ms2``: the window's pose)."""
    tail = tail_travel(segments, pose_ms2, fs_hz=fs_hz, placement=placement)
    if tail is None or tail.end is None or not tail.is_rep(partial_frac):
        return segments
    if not returns_to_pose(pose_ms2, np.array([tail.start]), np.array([tail.end]))[0]:
        return segments
    return _with_rep(segments, tail.start, tail.end)


def _travel_signal(
    segments: RepSegments, pose_ms2: FloatArray, fs_hz: float, placement: str
) -> FloatArray | None:
    """The window's travel (module notes): the pose on its principal direction over the recent
    counted reps, integrated twice on a bar or handle (the load's path), as it is at the wrist
    (the forearm's tilt); ``None`` elsewhere."""
    p = np.asarray(pose_ms2, dtype=np.float64)
    if p.ndim != 2 or p.shape[0] < 16 or placement not in (*PATH_PLACEMENTS, "wrist"):
        return None
    full = segments.counted.nonzero()[0][-RECENT_REPS:]
    lo, hi = int(segments.starts[full[0]]), int(segments.ends[full[-1]]) + 1
    centre = p[lo:hi].mean(axis=0)
    x = (p - centre) @ top_right_singular_vector(p[lo:hi] - centre)
    if placement == "wrist":
        return np.asarray(x, dtype=np.float64)
    sos = design_sos(2, (DRIFT_FRAC / segments.period_s,), "highpass", fs_hz)
    v = filtfilt(sos, np.cumsum(x) / fs_hz)
    return np.asarray(filtfilt(sos, np.cumsum(v) / fs_hz), dtype=np.float64)


def _halves(travel: FloatArray, starts: np.ndarray, ends: np.ndarray) -> tuple[FloatArray, FloatArray]:
    """Each rep's travel out (start to its farthest point) and back (that point to its end)."""
    out, back = np.zeros(starts.size), np.zeros(starts.size)
    for i, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        t = a + int(np.argmax(travel[a : b + 1]))
        out[i], back[i] = travel[t] - travel[a], travel[t] - travel[b]
    return out, back


def _turn(travel: FloatArray, a: int, horizon: int, hysteresis: float) -> int | None:
    """The first maximum of the travel after ``a`` that it falls back from by ``hysteresis``, no
    later than ``horizon``; ``None`` when there is none by then."""
    seg = travel[a : horizon + 1]
    fallen = (np.maximum.accumulate(seg) - seg > hysteresis).nonzero()[0]
    if fallen.size == 0:
        return None
    return a + int(np.argmax(seg[: int(fallen[0])]))


def _falls_first(travel: FloatArray, e: int, low: int, hysteresis: float) -> bool:
    """Whether the travel falls to ``low`` before it first rises from ``e`` by ``hysteresis``."""
    seg = travel[e : low + 1]
    return not bool((seg - np.minimum.accumulate(seg) > hysteresis).any())


def _with_rep(segments: RepSegments, e: int, z: int) -> RepSegments:
    """``segments`` with the rep [e, z] counted in place of the uncounted cycles starting in it."""
    keep = ~((segments.starts >= e) & (segments.starts < z))
    pos = segments.position
    t = e + int(np.argmax(pos[e : z + 1]))
    rng = max(0.0, 0.5 * (2 * float(pos[t]) - float(pos[e]) - float(pos[z])))
    return with_counted_reps(segments, keep, np.array([(e, t, z)]), np.array([rng]))
