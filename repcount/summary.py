"""Stage 5: summarise a set — count, tempo statistics, time under tension, fatigue."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from repcount.filter import FloatArray
from repcount.types import Rep, SetSummary

DRIVEN_BY_MOMENTUM = frozenset({"swing", "kip", "fast_concentric", "bounce"})
"""Flags of a concentric sped up by something other than the lifter's strength: the body's swing
or kip, a bounce off the stretch reflex, a concentric thrown fast. Velocity loss measures how
the controlled reps slow; such a rep as the best read as loss (a simulated barbell row with a
swing on its 4th rep: 50 %, its controlled reps' loss a few percent)."""


def summarise_set(reps: Sequence[Rep], partial_reps: Sequence[Rep] = ()) -> SetSummary:
    """Summary of one set's counted reps (and how many partial ones it had).

    Notes
    -----
    Time under tension is the sum of the counted reps' eccentric and concentric phases plus
    their pauses (the whole rep is under load). Slow-down is the concentric's trend across the
    set (see ``slowdown_pct``). Velocity loss (bar sensors) compares the best mean concentric
    velocity with the last rep's, over the reps no momentum sped up (``DRIVEN_BY_MOMENTUM``).
    """
    n = len(reps)
    if n == 0:
        return SetSummary(0, len(partial_reps), 0, 0.0, 0.0, 0.0, 0.0, 0.0, None)
    dur = np.array([r.duration_s for r in reps])
    ecc = np.array([r.eccentric_s for r in reps])
    conc = np.array([r.concentric_s for r in reps])
    tut = float(sum(r.eccentric_s + r.concentric_s + r.pause_bottom_s + r.pause_top_s for r in reps))
    slowdown = slowdown_pct(conc)
    vel = [
        r.mean_concentric_velocity_ms
        for r in reps
        if r.mean_concentric_velocity_ms is not None and not DRIVEN_BY_MOMENTUM.intersection(r.flags)
    ]
    loss = None
    if len(vel) >= 2 and max(vel) > 0:
        loss = 100.0 * (max(vel) - vel[-1]) / max(vel)
    return SetSummary(
        count=n,
        partial_count=len(partial_reps),
        flagged_count=sum(1 for r in reps if r.flags),
        mean_rep_s=float(dur.mean()),
        mean_eccentric_s=float(ecc.mean()),
        mean_concentric_s=float(conc.mean()),
        time_under_tension_s=tut,
        slowdown_pct=slowdown,
        velocity_loss_pct=loss,
    )


def slowdown_pct(concentric_s: FloatArray) -> float:
    """How much the concentric slowed from a set's first rep to its last, in percent.

    Notes
    -----
    The Theil–Sen slope (the median of the slopes between every pair of reps) over the rep
    index, times the reps' span, relative to the set's median concentric. Fatigue slows the
    concentric rep by rep; one rep's phase timed wrong (a recording cut at the last lockout, a
    concentric merged with its pause) moves a few of the pairwise slopes and not their median,
    where a comparison of the first and last thirds (one rep each in a set of five) read such a
    rep as the whole set's fatigue: an ebbelaar bench set whose last concentric was cut to
    0.2 s by the recording's end read −77 %, its rep-by-rep trend +12 %. 0 for fewer than two
    reps.
    """
    conc = np.asarray(concentric_s, dtype=float)
    n = conc.size
    mid = float(np.median(conc)) if n else 0.0
    if n < 2 or mid <= 0:
        return 0.0
    i, j = np.triu_indices(n, 1)
    slope = float(np.median((conc[j] - conc[i]) / (j - i)))
    return 100.0 * slope * (n - 1) / mid
