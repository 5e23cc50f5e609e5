"""The rep cycles of a window at its rep period, and each cycle's turn (stage 2, ``segment.py``
notes 2-3).

``method="phase"`` (default, ``_cycles_phase``): the signal is band-passed around its own
fundamental (``FUNDAMENTAL_BAND`` × 1/period), its analytic (Hilbert) phase is unwrapped, and
every 2π of phase is one cycle. Only the phase advanced where the envelope exceeds
``ENVELOPE_FRAC`` of its 90th percentile (over the window's middle, where the set is, when that
is lower: ``_envelope_reference``) counts (rest and the slow lead-in do not), and a cycle is kept
when at least ``MIN_CYCLE_COVER`` of it is inside that region. Harmonics (a rep's two bumps of
acceleration) cannot add cycles, and a rep is not lost to a shallow peak.
``method="peaks"`` (``_cycles_peaks``): spans around the peaks of the signal low-passed at
``SMOOTH_CYCLES`` / period, at least ``DISTANCE_FRAC`` × period apart with prominence ≥
``PROMINENCE_FRAC`` of the robust amplitude.

Both polarities of the signal are searched at once (the rep boundaries are one polarity's minima);
``place`` puts each cycle's turn at the maximum of the position proxy inside it and the rep's start
and end at the minima around it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import signal

from repcount.analytic import analytic_signal
from repcount.filter import FloatArray, IntArray
from repcount.sos_filters import design_sos, zero_phase
from repcount.spans import first_argmax, first_argmin
from repcount.stats import percentile

Method = Literal["phase", "peaks"]
Option = tuple[FloatArray, IntArray, IntArray, IntArray]
"""A polarity's counting proxy and its reps' start, turn and end indices."""
FUNDAMENTAL_BAND = (0.5, 1.6)
"""Band around the rep rate (multiples of 1/period) that carries the fundamental only."""
POSITION_BAND = (0.3, 3.0)
"""Band (multiples of 1/period) of the position proxy used to place turns and time phases."""
ENVELOPE_FRAC = 0.3
CORE_MIN_PERIODS = 6
"""A window this many rep periods long holds a set with its edges (``_envelope_reference``)."""
MIN_CYCLE_COVER = 0.4
PROMINENCE_FRAC = 0.35
DISTANCE_FRAC = 0.6
SMOOTH_CYCLES = 1.6


def bandpass(x: FloatArray, band_hz: tuple[float, float], fs_hz: float) -> FloatArray | None:
    """``x`` band-passed at ``band_hz`` (zero phase, the upper edge kept below Nyquist), or None
    when the window is too short for the filter."""
    hi = min(band_hz[1], 0.45 * fs_hz)
    lo = min(band_hz[0], 0.5 * hi)
    sos = design_sos(2, (lo, hi), "bandpass", fs_hz)
    if x.shape[0] <= 3 * (2 * sos.shape[0] + 1):
        return None
    return zero_phase(sos, x, fs_hz=fs_hz, low_hz=lo)


def _cycles_phase(x: FloatArray, fs_hz: float, period_s: float) -> list[IntArray | None]:
    """Boundaries of kept fundamental cycles of ``x`` and of ``-x``, as (k, 2) index pairs."""
    rate = 1.0 / period_s
    y = bandpass(x, (FUNDAMENTAL_BAND[0] * rate, FUNDAMENTAL_BAND[1] * rate), fs_hz)
    if y is None:
        return [None, None]
    analytic = analytic_signal(y)
    env = np.abs(analytic)
    on = env > ENVELOPE_FRAC * _envelope_reference(env, int(period_s * fs_hz))
    # the phase (``np.angle``: the same arctan2) of x and of -x, one row each
    angles = np.empty((2, analytic.shape[0]))
    np.arctan2(analytic.imag, analytic.real, out=angles[0])
    # -x has the analytic signal -analytic: the same phase advanced by half a turn
    _half_turn_on(angles[0], out=angles[1])
    return _kept_cycles(angles, on)


def _half_turn_on(angle: FloatArray, *, out: FloatArray | None = None) -> FloatArray:
    """``np.angle(np.exp(1j * (angle + np.pi)))``, bit for bit, without the complex temporaries:
    exp(iφ) is cos φ + i sin φ (its real part exp(0) = 1 exactly) and ``np.angle`` their arctan2
    (written into ``out`` when given)."""
    turned = angle + np.pi
    sin = np.sin(turned)
    return np.asarray(np.arctan2(sin, np.cos(turned, out=turned), out=sin if out is None else out))


def _envelope_reference(env: FloatArray, period: int) -> float:
    """The 90th percentile of the fundamental's envelope over the window's middle three fifths,
    where the set is, or over the whole window when that is lower. A window shorter than
    ``CORE_MIN_PERIODS`` rep periods (``period``, samples) is a few reps, with reps at its edges
    too (the live counter's neighbourhood of a rep): its whole envelope is the reference.

    The walk-up, the reach for the bar and the re-rack at a window's edges are slow, large moves
    that fill the fundamental's band more than a rep's short pulse of acceleration does. As the
    reference they left the reps below ``ENVELOPE_FRAC`` of it wherever the rhythm faltered (a
    dropped eccentric shifts it), and those reps' cycles were lost."""
    n = env.shape[0]
    whole = percentile(env, 90)
    if n < CORE_MIN_PERIODS * period or n < 5:
        return whole
    return min(whole, percentile(env[n // 5 : n - n // 5], 90))


def _unwrap(p: FloatArray) -> FloatArray:
    """``np.unwrap(p, axis=-1)`` of the rows of ``p`` (same steps, same bits), without its
    generic argument handling. Its correction is 0 wherever a step is under half a turn, so it
    is worked out only at the few steps that are not (the wraps)."""
    dd = p[..., 1:] - p[..., :-1]
    high = _TURN / 2
    wraps = ~(np.abs(dd) < high)
    d = dd[wraps]
    ddmod = np.mod(d - (-high), _TURN) + (-high)
    np.copyto(ddmod, high, where=(ddmod == -high) & (d > 0))
    fix = np.zeros_like(dd)
    fix[wraps] = ddmod - d
    up = p.copy()
    up[..., 1:] = p[..., 1:] + fix.cumsum(axis=-1)
    return up


_TURN = 2 * np.pi


def _kept_cycles(angles: FloatArray, on: NDArray[np.bool_]) -> list[IntArray | None]:
    """Cycles of each row of wrapped phases (one per 2π from -π) with enough of their phase where
    ``on``, as (k, 2) index pairs per row (the rows of one window's polarities at once)."""
    phase = np.maximum.accumulate(_unwrap(angles), axis=-1)
    step = np.empty_like(phase)
    step[:, 0] = 0.0
    np.subtract(phase[:, 1:], phase[:, :-1], out=step[:, 1:])
    cycles = np.floor((phase + np.pi) / (2 * np.pi)).astype(np.intp)
    cycles -= cycles[:, :1]
    weights = step * on
    n = angles.shape[-1]
    out: list[IntArray | None] = []
    for cycle, w in zip(cycles, weights, strict=True):
        ncyc = int(cycle[-1]) + 1
        covered = np.bincount(cycle, weights=w, minlength=ncyc) / (2 * np.pi)
        bounds = np.searchsorted(cycle, np.arange(ncyc + 1))
        keep = (covered >= MIN_CYCLE_COVER).nonzero()[0]
        pairs = np.empty((keep.size, 2), dtype=np.intp)
        pairs[:, 0] = bounds[keep]
        np.minimum(bounds[keep + 1], n - 1, out=pairs[:, 1])
        out.append(pairs)
    return out


def _cycles_peaks(x: FloatArray, fs_hz: float, period_s: float) -> list[IntArray | None]:
    """Spans around each prominent peak of ``x`` and of ``-x`` (see ``_peak_spans``)."""
    return [_peak_spans(sign * x, fs_hz, period_s) for sign in (1.0, -1.0)]


def _peak_spans(x: FloatArray, fs_hz: float, period_s: float) -> IntArray | None:
    """Spans between successive troughs around each prominent peak, as (k, 2) index pairs."""
    rate = 1.0 / period_s
    y = bandpass(x, (POSITION_BAND[0] * rate, SMOOTH_CYCLES * rate), fs_hz)
    if y is None:
        return None
    amp = float(np.percentile(y, 95) - np.percentile(y, 5))
    dist = max(1, int(DISTANCE_FRAC * period_s * fs_hz))
    idx, _ = signal.find_peaks(y, distance=dist, prominence=PROMINENCE_FRAC * amp)
    if idx.size == 0:
        return None
    half = int(0.5 * period_s * fs_hz)
    mids = np.concatenate(
        [[max(0, idx[0] - half)], (idx[:-1] + idx[1:]) // 2, [min(x.shape[0] - 1, idx[-1] + half)]]
    )
    return np.column_stack([mids[:-1], mids[1:]]).astype(np.intp)


CYCLE_FINDERS: dict[str, Callable[[FloatArray, float, float], list[IntArray | None]]] = {
    "phase": _cycles_phase,
    "peaks": _cycles_peaks,
}
"""The cycle finder of each ``segment_reps`` method: ``(x, fs_hz, period_s)`` -> the cycles of
``x`` and of ``-x`` (``None`` where the window is too short)."""


def place(pos: FloatArray, cycles: IntArray, win: int) -> tuple[IntArray, IntArray, IntArray]:
    """Turn = maximum inside each cycle; start/end = minima around it (± ``win`` samples)."""
    n = pos.shape[0]
    a, b = cycles[:, 0].astype(np.intp), cycles[:, 1].astype(np.intp)
    turns = first_argmax(pos, a, b)
    # the minima before and after every turn in one search
    edges = first_argmin(
        pos,
        np.concatenate([np.maximum(0, a - win), turns]),
        np.concatenate([turns, np.minimum(n - 1, b + win)]),
    )
    return edges[: a.size], turns, edges[a.size :]
