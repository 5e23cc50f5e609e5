"""What a rep looks like (stage 2, ``segment.py``): its scale-free shape, the set's median rep
shape, which reps are alike in shape and duration, and a rep's range (excursion).

A rep's shape is its span of the position proxy resampled to ``SHAPE_POINTS``, zero-mean and
unit-norm (``rep_shapes``); a set's median rep is the median of its reps' shapes
(``median_shape``), and a rep is alike when its shape correlates with it (a dot product of unit
vectors). Its range is the mean of its two half-excursions, or the larger one at the set's edges,
where one half merges into the rest pose (``rep_range``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from repcount.filter import FloatArray, IntArray
from repcount.stats import median, median_along, norm

SHAPE_POINTS = 32
"""Points a rep's span is resampled to for its shape (``rep_shapes``)."""
MIN_SHAPE_CORR = 0.6
"""A rep's shape correlates with the set's median rep at least this well (``similar_shape``,
``method="peaks"``); an edge rep under it is not rep-shaped at all (choosing the polarity)."""
MIN_DURATION_FRAC = 0.4
"""A rep lasts at least this share of the set's median rep (``similar_shape``)..."""
MAX_DURATION_FRAC = 2.5
"""...and at most this multiple of it."""


def rep_shapes(y: FloatArray, a: IntArray, b: IntArray) -> FloatArray:
    """Each ``y[a..b]`` resampled to ``SHAPE_POINTS``, zero-mean and unit-norm (scale-free shape),
    one row per span."""
    where = a[:, None] + (b - a)[:, None] * _SHAPE_STEPS
    lo, hi = (min(int(a.min()), int(b.min())), max(int(a.max()), int(b.max()))) if a.size else (0, -1)
    if 0 <= lo <= hi < y.shape[0]:
        # on the spans' samples alone: less a whole number, every point and its distance from the
        # sample before it are the same floats, so each interpolation is too
        z = np.interp(where - lo, np.arange(hi - lo + 1), y[lo : hi + 1])
    else:
        z = np.interp(where, np.arange(y.shape[0]), y)
    z = z - np.add.reduce(z, axis=1, keepdims=True) / SHAPE_POINTS  # the rows' means
    return np.asarray(z / (np.sqrt(np.add.reduce(z * z, axis=1, keepdims=True)) + 1e-12))  # and norms


def median_shape(shapes: FloatArray) -> FloatArray:
    """The median of rep shapes (``rep_shapes`` rows), unit-norm: what a set's reps look like."""
    template = median_along(shapes, 0)
    return np.asarray(template / (norm(template) + 1e-12))


_SHAPE_STEPS = np.linspace(0.0, 1.0, SHAPE_POINTS)
_SHAPE_STEPS.flags.writeable = False


def rep_range(
    pos: FloatArray,
    starts: IntArray,
    turns: IntArray,
    ends: IntArray,
    edge: NDArray[np.bool_] | None = None,
) -> FloatArray:
    """Per-rep excursion: the larger half-excursion of ``pos`` at the set's edges and next to a
    gap in the data (``edge``; one half merges into the rest pose or the gap there), the mean of
    the two halves inside the set (a half rep is short on both sides)."""
    up = pos[turns] - pos[starts]
    down = pos[turns] - pos[ends]
    rng = 0.5 * (up + down)
    if rng.size and edge is None:  # the set's first and last rep
        rng[0], rng[-1] = np.maximum(up[0], down[0]), np.maximum(up[-1], down[-1])
    elif edge is not None and rng.size:
        at_edge = edge.copy()
        at_edge[[0, -1]] = True
        rng[at_edge] = np.maximum(up, down)[at_edge]
    return np.asarray(rng)


def similar_shape(y: FloatArray, starts: IntArray, ends: IntArray, rng: FloatArray) -> NDArray[np.bool_]:
    """Reps whose z-normalised shape correlates with the set's median rep and whose duration is
    near the median (walking steps and one-off gestures are not); scale-free, so partial reps stay."""
    k = starts.size
    if k < 3:
        return np.ones(k, dtype=bool)
    shapes = rep_shapes(y, starts, ends)
    template = median_shape(shapes[rng >= np.median(rng) * 0.6])
    duration = (ends - starts).astype(np.float64)
    med_dur = median(duration)
    ok_dur = (duration >= MIN_DURATION_FRAC * med_dur) & (duration <= MAX_DURATION_FRAC * med_dur)
    return np.asarray((shapes @ template >= MIN_SHAPE_CORR) & ok_dur)
