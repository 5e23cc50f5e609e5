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
    width = int(np.max(z - a)) + 1 if a.size else 1
    idx = a[:, None] + np.arange(max(1, width))
    return np.where(idx <= z[:, None], x[np.clip(idx, 0, x.shape[0] - 1)], fill)


def first_argmax(x: FloatArray, a: IntArray, z: IntArray) -> IntArray:
    """Per span [a, z] (a ≤ z): ``a + np.argmax(x[a : z + 1])``."""
    return np.asarray(a + np.argmax(gather(x, a, z, -np.inf), axis=1), dtype=np.intp)


def first_argmin(x: FloatArray, a: IntArray, z: IntArray) -> IntArray:
    """Per span [a, z] (a ≤ z): ``a + np.argmin(x[a : z + 1])``."""
    return np.asarray(a + np.argmin(gather(x, a, z, np.inf), axis=1), dtype=np.intp)
