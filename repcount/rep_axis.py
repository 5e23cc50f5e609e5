"""A later set's first rep found along the rep's own axis, when a jolt turned the turn detector's.

Notes
-----
``set_memory.first_rep_start`` checks the turn detector's turns. Its running axis follows the
largest motion of the last seconds (``turns.AXIS_TAU_S``): the jump to a pull-up bar turns it
to the jump's line (along gravity) and inflates its amplitude, so the first rep's rep-ending
extreme reads small along it, of either sign, and becomes certain about a second late (on
simulated workouts 1-5: 0.5-1.0 m/s² against an amplitude of 3.3, at cosine -1.0 to the learnt
axis, while its cycle has the learnt shape, 0.86-0.89). The learnt rep shape
(``set_memory.rep_shape``) is the band-passed 3-axis acceleration in the sensor frame from one
rep-ending turn to the next; its principal axis is the line the reps moved along, and the
shape's end lies on its rep-ending side (``rep_axis``). While the detector's axis lies more
than 45° off that line (``set_memory.SHAPE_AXIS_COS``; along it, the detector's own turns
witness with their drop and lag, and the rests' walking and setup, whose cycles can have a rep's
shape, matched 8 times on workout 3 when this path also ran there), ``band_rep_end`` follows the gate's
band-passed acceleration projected on that axis and reports each maximum once it is certain (the
signal back ``TURN_FRAC`` of the shape's peak below it); the live counter asks
``set_memory.shape_match`` whether the cycle ending there has the learnt shape, at the bar for a
shape that decides alone (``set_memory.SHAPE_ALONE_CORR``), and then re-aligns the detector on
that cycle (``cycle_covariance``: the set's next turns are measured along the rep's motion, on
its scale, not the jump's).
"""

from __future__ import annotations

import numpy as np

from repcount.filter import FloatArray
from repcount.turns import MIN_TURN_MS2, TURN_FRAC


def rep_axis(shape: FloatArray) -> FloatArray:
    """The principal axis of a learnt rep cycle (``SHAPE_POINTS`` × 3, sensor frame), pointing to
    the side where the cycle ends (its rep-ending extreme is a maximum along it)."""
    centred = shape - shape.mean(axis=0)
    _, vecs = np.linalg.eigh(centred.T @ centred)
    axis = np.asarray(vecs[:, -1])
    return axis if float(shape[-1] @ axis) >= 0.0 else -axis


def band_rep_end(
    t_s: FloatArray, band: FloatArray, axis: FloatArray, shape: FloatArray, after_s: float
) -> float | None:
    """The time of the highest maximum of ``band`` (n × 3) along ``axis`` after ``after_s`` and
    after the lowest point since, certain at the newest sample (the projection has come back
    ``TURN_FRAC`` of the learnt ``shape``'s peak along ``axis``, and at least
    ``turns.MIN_TURN_MS2``, below it); ``None`` when there is none yet. Only a maximum above
    zero counts (a rep ends on its side)."""
    i0 = int(np.searchsorted(t_s, after_s, side="right"))
    if t_s.size - i0 < 3:
        return None
    p = band[i0:] @ axis
    # a maximum the signal rose to: after the window's lowest point (not the flank falling from
    # the maximum checked last)
    lo = int(np.argmin(p[:-1]))
    k = lo + int(np.argmax(p[lo:-1]))
    drop = max(MIN_TURN_MS2, TURN_FRAC * float(np.max(np.abs(shape @ axis))))
    if k == lo or p[k] <= 0.0 or p[k] - float(np.min(p[k:])) < drop:
        return None
    return float(t_s[i0 + k])


def cycle_covariance(t_s: FloatArray, band: FloatArray, t0: float, t1: float) -> FloatArray | None:
    """The (3 × 3) mean outer product of ``band`` over [t0, t1] (``None`` under 8 samples)."""
    i0, i1 = np.searchsorted(t_s, (t0, t1), side="right")
    c = band[i0:i1]
    if c.shape[0] < 8:
        return None
    return np.asarray(c.T @ c / c.shape[0])
