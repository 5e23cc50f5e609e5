"""Stage 5: summarise a set — count, tempo statistics, time under tension, fatigue."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from repcount.types import Rep, SetSummary


def summarise_set(reps: Sequence[Rep], partial_reps: Sequence[Rep] = ()) -> SetSummary:
    """Summary of one set's counted reps (and how many partial ones it had).

    Notes
    -----
    Time under tension is the sum of the counted reps' eccentric and concentric phases plus
    their pauses (the whole rep is under load). Slow-down compares the mean concentric of the
    last third of the set with the first third (at least one rep each), in percent. Velocity
    loss (bar sensors) compares the best mean concentric velocity with the last rep's.
    """
    n = len(reps)
    if n == 0:
        return SetSummary(0, len(partial_reps), 0, 0.0, 0.0, 0.0, 0.0, 0.0, None)
    dur = np.array([r.duration_s for r in reps])
    ecc = np.array([r.eccentric_s for r in reps])
    conc = np.array([r.concentric_s for r in reps])
    tut = float(sum(r.eccentric_s + r.concentric_s + r.pause_bottom_s + r.pause_top_s for r in reps))
    third = max(1, n // 3)
    first, last = float(conc[:third].mean()), float(conc[-third:].mean())
    slowdown = 100.0 * (last - first) / first if n >= 2 and first > 0 else 0.0
    vel = [r.mean_concentric_velocity_ms for r in reps if r.mean_concentric_velocity_ms is not None]
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
