"""Reductions over many spans of one signal at once (every rep of a set in one numpy call).

A span is an inclusive index range [a, z] per rep. The spans are gathered into a (spans ×
longest span) array, padded past each span's end with a value that cannot win, so a
reduction along its rows gives every span's result, ties resolved as on the span alone.
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
    # rows of a strided view over the signal, extended by its last sample (read past its end)
    ext = np.empty(n + width)
    ext[:n] = x
    ext[n:] = x[n - 1]
    rows = np.ndarray((n, width), dtype=np.float64, buffer=ext, strides=(ext.itemsize, ext.itemsize))
    return np.where(np.arange(width) <= span[:, None], rows[a], fill)


def first_argmax(x: FloatArray, a: IntArray, z: IntArray) -> IntArray:
    """Per span [a, z] (a ≤ z): ``a + np.argmax(x[a : z + 1])``."""
    return np.asarray(a + gather(x, a, z, -np.inf).argmax(axis=1), dtype=np.intp)


def first_argmin(x: FloatArray, a: IntArray, z: IntArray) -> IntArray:
    """Per span [a, z] (a ≤ z): ``a + np.argmin(x[a : z + 1])``."""
    return np.asarray(a + gather(x, a, z, np.inf).argmin(axis=1), dtype=np.intp)
