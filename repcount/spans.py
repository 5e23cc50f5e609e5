"""Reductions over many spans of one signal at once (every rep of a set in one numpy call).

A span is an inclusive index range [a, z] per rep. The spans are gathered into a (spans ×
longest span) array, padded past each span's end with a value that cannot win, so a
reduction along its rows gives every span's result, ties resolved as on the span alone.
``span_level`` and ``span_lowest`` take fractional bounds (the momentum cues' phase spans).
"""

from __future__ import annotations

import numpy as np

from repcount.filter import FloatArray, IntArray


def gather(x: FloatArray, a: IntArray, z: IntArray, fill: float) -> FloatArray:
    """(k, w) the samples ``x[a_j : z_j + 1]`` of every span, left-aligned, ``fill`` past each end."""
    span = z - a
    width = max(1, int(span.max()) + 1) if a.size else 1
    n = x.shape[0]
    if a.size and (int(a.min()) < 0 or int(a.max()) >= n):  # outside: its first or last sample
        idx = a[:, None] + np.arange(width)
        return np.where(idx <= z[:, None], x[np.clip(idx, 0, n - 1)], fill)
    # rows of a strided view over the signal (every span's row inside it: the signal itself;
    # else a copy extended by its last sample, read past its end), each span's tail then filled
    step = x.itemsize
    if a.size and int(a.max()) + width <= n and x.dtype == np.float64 and x.strides == (step,):
        rows = np.ndarray((n - width + 1, width), dtype=np.float64, buffer=x, strides=(step, step))
    else:
        ext = np.empty(n + width)
        ext[:n] = x
        ext[n:] = x[n - 1]
        rows = np.ndarray((n, width), dtype=np.float64, buffer=ext, strides=(ext.itemsize, ext.itemsize))
    out = rows[a]
    out[np.arange(width) > span[:, None]] = fill
    return np.asarray(out)


def first_argmax(x: FloatArray, a: IntArray, z: IntArray) -> IntArray:
    """Per span [a, z] (a ≤ z): ``a + np.argmax(x[a : z + 1])``."""
    return np.asarray(a + gather(x, a, z, -np.inf).argmax(axis=1), dtype=np.intp)


def first_argmin(x: FloatArray, a: IntArray, z: IntArray) -> IntArray:
    """Per span [a, z] (a ≤ z): ``a + np.argmin(x[a : z + 1])``."""
    return np.asarray(a + gather(x, a, z, np.inf).argmin(axis=1), dtype=np.intp)


def span_level(x: FloatArray, a: FloatArray, b: FloatArray, *, peak: bool) -> FloatArray:
    """RMS (or, with ``peak``, the maximum) of ``x`` over each span of samples [floor(a), ceil(b)],
    0 where the span is empty; ``x`` (n,) gives (k,), ``x`` (n, c) gives (k, c)."""
    n = x.shape[0]
    lo = np.maximum(0, np.floor(a).astype(np.intp))
    hi = np.minimum(n, np.ceil(b).astype(np.intp) + 1)
    count = np.maximum(hi - lo, 0)
    if lo.size == 0 or n == 0:
        return np.zeros((lo.size, *x.shape[1:]))
    idx = lo[:, None] + np.arange(max(1, int(count.max())))
    inside = (idx < hi[:, None]).reshape(idx.shape + (1,) * (x.ndim - 1))
    idx = np.minimum(idx, n - 1)
    # x[idx] column by column: a (k, w) gather is many times faster than a (k, w, c) one
    vals = x[idx] if x.ndim == 1 else np.stack([x[:, c][idx] for c in range(x.shape[1])], axis=-1)
    empty = (count == 0).reshape(count.shape + (1,) * (x.ndim - 1))
    if peak:
        return np.where(empty, 0.0, np.max(np.where(inside, vals, -np.inf), axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        rms = np.sqrt(np.sum(np.where(inside, vals**2, 0.0), axis=1) / count.reshape(empty.shape))
    return np.where(empty, 0.0, rms)


def span_lowest(level: FloatArray, a: FloatArray, z: FloatArray, empty: float) -> FloatArray:
    """Least ``level`` over each span of samples [int(a), int(z)] (``empty`` where it is empty)."""
    n = level.shape[0]
    lo, hi = a.astype(np.intp), z.astype(np.intp)  # toward zero, as int() does
    ok = (hi >= lo) & (lo < n)
    start = np.maximum(0, lo)
    stop = np.minimum(hi, n - 1)
    if not ok.any():
        return np.full(a.shape, empty)
    idx = start[:, None] + np.arange(max(1, int(np.max(np.where(ok, stop - start, 0))) + 1))
    vals = np.where(idx <= stop[:, None], level[np.minimum(idx, n - 1)], np.inf)
    return np.where(ok, np.min(vals, axis=1), empty)
