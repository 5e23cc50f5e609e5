"""Stage 5: summarise a set — count, tempo statistics, time under tension, fatigue."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from repcount.filter import FloatArray
from repcount.stats import median
from repcount.types import Rep, SetSummary

DRIVEN_BY_MOMENTUM = frozenset({"swing", "kip", "fast_concentric", "bounce"})
"""Flags of a concentric sped up by something other than the lifter's strength: the body's swing
or kip, a bounce off the stretch reflex, a concentric thrown fast. Velocity loss measures how
the controlled reps slow; such a rep as the best read as loss (a simulated barbell row with a
swing on its 4th rep: 50 %, its controlled reps' loss a few percent)."""
GRIND_RATIO = 1.5
"""A set's last rep ground out when its concentric took at least this many times the median
concentric of the reps before it. Over one range a concentric's duration is the inverse of its
mean velocity, so 1.5× is a mean velocity at most 2/3 of the set's typical rep. Near failure the
last rep moves at about the lift's minimum velocity threshold (mean velocity of a 1RM: about
0.17 m/s on the bench press, González-Badillo & Sánchez-Medina 2010, Int J Sports Med 31:347;
a set to failure ends there, García-Ramos et al. 2020, PeerJ 8:e8760), where the reps of a heavy
set start at about 0.4-0.5 m/s (80-85 % 1RM, the same load-velocity relation): a rep to or within
a rep of failure takes about 2-2.7× the set's first concentric. Ordinary rep-to-rep variation
stays well under 1.5×: ebbelaar's counted reps last 1.16× their set's median at the 90th
percentile, 1.26× at the 95th (``grinding.MIN_GRIND``), and a set stopped at a 20-40 % velocity
loss (Pareja-Blanco et al. 2017, Scand J Med Sci Sports 27:724) slows its last concentric 1.25-1.67×
against its first, half that against the median of the reps before it."""
MIN_REFERENCE_REPS = 2
"""Reps before the last needed for its slow-down: the median of one rep is that rep's own timing
error."""


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
    last_slowdown = last_rep_slowdown_pct(reps)
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
        last_rep_slowdown_pct=last_slowdown,
        last_rep_grind=(
            last_slowdown is not None
            and last_slowdown >= 100.0 * (GRIND_RATIO - 1.0)
            and not _first_rep_as_slow(reps)
        ),
        last_rep_velocity_loss_pct=_last_rep_velocity_loss_pct(reps),
    )


def _reference(rep: Rep) -> bool:
    """Whether ``rep``'s concentric is the lifter's own: measured, full, not sped up by momentum."""
    return not rep.inferred and "partial" not in rep.flags and not DRIVEN_BY_MOMENTUM.intersection(rep.flags)


def last_rep_slowdown_pct(reps: Sequence[Rep]) -> float | None:
    """How much longer the last counted rep's concentric took than the reps' before it, in percent.

    Notes
    -----
    The last rep's concentric against the median concentric of the reps before it, leaving out
    reps whose concentric momentum sped up (``DRIVEN_BY_MOMENTUM``), reps counted across a
    dropout (their tempo is the set's typical one) and reps flagged partial. ``None`` when the
    last rep is itself one of those (a partial last rep is reported as partial, a swung one was
    not ground out) or fewer than ``MIN_REFERENCE_REPS`` reps are left before it. A robust trend
    (``slowdown_pct``) leaves one slow rep out on purpose; this is that one rep, the set's
    proximity to failure (``GRIND_RATIO``).
    """
    if not reps or not _reference(reps[-1]):
        return None
    before = [r.concentric_s for r in reps[:-1] if _reference(r)]
    if len(before) < MIN_REFERENCE_REPS:
        return None
    typical = median(before)
    if typical <= 0:
        return None
    return 100.0 * (reps[-1].concentric_s / typical - 1.0)


def _first_rep_as_slow(reps: Sequence[Rep]) -> bool:
    """Whether the set's first rep reads as slow as a grind against the reps between it and the last.

    The first rep is the set's freshest: it cannot be ground out. Where its concentric reads
    ``GRIND_RATIO`` × the reps' between or longer, the set's edge reps are timed with something
    else in them (the set-up before the first rep and the let-go after the last take the phase
    next to them, on real sets at the wrist as often at the first rep as at the last), and a slow
    last rep says nothing about failure there.
    """
    middle = [r.concentric_s for r in reps[1:-1] if _reference(r)]
    if not middle or not _reference(reps[0]):
        return False
    typical = median(middle)
    return typical > 0 and reps[0].concentric_s >= GRIND_RATIO * typical


def _last_rep_velocity_loss_pct(reps: Sequence[Rep]) -> float | None:
    """Bar and handle sensors: the last counted rep's mean concentric velocity against the best of
    the reps before it no momentum sped up, in percent (``None`` where ``last_rep_slowdown_pct`` is
    or there is no velocity)."""
    if not reps or not _reference(reps[-1]) or reps[-1].mean_concentric_velocity_ms is None:
        return None
    before = [
        r.mean_concentric_velocity_ms
        for r in reps[:-1]
        if _reference(r) and r.mean_concentric_velocity_ms is not None
    ]
    if len(before) < MIN_REFERENCE_REPS or max(before) <= 0:
        return None
    return 100.0 * (1.0 - reps[-1].mean_concentric_velocity_ms / max(before))


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
    mid = median(conc) if n else 0.0  # np.median's value (``stats.median``), as below
    if n < 2 or mid <= 0:
        return 0.0
    r = np.arange(n)
    i, j = np.nonzero(r[:, None] < r)  # np.triu_indices(n, 1): every pair, row by row, without its wrapper
    slope = median((conc[j] - conc[i]) / (j - i))
    return 100.0 * slope * (n - 1) / mid
