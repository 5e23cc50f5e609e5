"""A set drawn as a PNG with matplotlib (Agg, no display): rep phases against time."""

from __future__ import annotations

import io
from typing import Any

PHASE_COLORS = (
    ("eccentric_s", "#4c9be8"),
    ("pause_bottom_s", "#8a8f98"),
    ("concentric_s", "#38c172"),
    ("pause_top_s", "#8a8f98"),
)


def set_chart_png(s: Any) -> bytes:
    """Draw set row ``s`` (with ``reps``): one bar per rep split into its tempo phases."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3), dpi=100)
    ax = fig.add_subplot()
    t0 = s.start_s
    for r in s.reps:
        y = 1.0 if r.counted else 0.0
        left = r.start_s - t0
        for attr, color in PHASE_COLORS:
            width = max(0.0, getattr(r, attr))
            ax.barh(y, width, left=left, height=0.6, color=color, edgecolor="none")
            left += width
        label = str(r.number) if r.counted else "p"
        ax.text(r.start_s - t0, y + 0.4, label, fontsize=8)
        if r.flags:
            ax.text(r.start_s - t0, y - 0.55, r.flags.replace(",", " "), fontsize=7, color="#e3342f")
    ax.set_yticks([0.0, 1.0], ["partial", "counted"])
    ax.set_xlabel("time in set (s)")
    ax.set_title(f"{s.exercise or 'set'} — set {s.set_number}/{s.set_total}: {s.count} reps")
    ax.set_ylim(-1.0, 2.0)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
