"""``repcount plot``: draw a recording's signal with its sets, reps, phases and flags (PNG)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.errors import UserError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "plot",
        help="plot a recording with its detected sets, reps, phases and flags",
        description=(
            "Analyse FILE like `repcount analyze` and draw the counting signal (acceleration on the "
            "set's principal axis) with each set shaded, each rep's phases coloured (eccentric, pauses, "
            "concentric), partial reps hatched and flags written above their rep. With ground truth in "
            "the sidecar, true rep starts are drawn as ticks."
        ),
    )
    p.add_argument("file", metavar="FILE", help="recording file (canonical CSV)")
    p.add_argument("--out", required=True, help="output PNG path")
    p.add_argument("--exercise", default=None, help="exercise id (default: the sidecar's, else generic)")
    p.add_argument("--placement", default=None, help="wrist, bar, handle or torso")
    p.add_argument("--min-rest", type=float, default=8.0, help="quiet seconds between sets (default 8)")
    return p


_PHASE_COLOURS = {"eccentric": "#4c78a8", "pause": "#bab0ac", "concentric": "#f58518"}


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise UserError(f"--out must end in .png, got {args.out!r}")
    if not out.parent.exists():
        raise UserError(f"folder {out.parent} does not exist; create it or choose another --out")
    from cli.analyze import load_and_analyze

    result, _, _ = load_and_analyze(args.file, args.exercise, args.placement, args.min_rest)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from repcount import filter_motion
    from repcount.filter import gap_s
    from sensors import read_recording

    rec = read_recording(args.file)
    motion = filter_motion(rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=rec.fs_hz)
    fig, ax = plt.subplots(figsize=(14, 4.5), dpi=110)
    ax.plot(rec.t_s, motion.motion_ms2, color="0.25", lw=0.8, label="principal axis (whole file)")
    ax.plot(
        rec.t_s,
        motion.magnitude_ms2 - np.median(motion.magnitude_ms2),
        color="0.7",
        lw=0.5,
        label="|a| − median",
    )
    top = float(np.max(np.abs(motion.motion_ms2))) if motion.motion_ms2.size else 1.0
    for s in result.sets:
        ax.axvspan(s.start_s, s.end_s, color="#e5f5e0", zorder=0)
        grind = ", last rep ground out" if s.summary is not None and s.summary.last_rep_grind else ""
        ax.text(s.start_s, top * 1.15, f"{s.exercise or 'generic'}: {s.count} reps{grind}", fontsize=8)
        for k, r in enumerate(s.reps, 1):
            _draw_rep(ax, r, eccentric_first=_ecc_first(s.exercise))
            label = f"{k}?" if r.inferred else str(k)  # inferred across a dropout
            ax.text((r.start_s + r.end_s) / 2, top * 1.02, label, ha="center", fontsize=7)
            if r.flags:
                ax.text(
                    (r.start_s + r.end_s) / 2,
                    -top * 1.1,
                    "\n".join(r.flags),
                    ha="center",
                    fontsize=6,
                    color="#d62728",
                )
        for r in s.partial_reps:
            ax.axvspan(r.start_s, r.end_s, ymin=0.0, ymax=0.08, hatch="//", fill=False, color="#d62728")
    if rec.t_s.size > 1:  # sensor dropouts: no data there (drawn over the set's shading)
        step = np.diff(rec.t_s)
        for i in np.flatnonzero(step > gap_s(rec.fs_hz)):
            ax.axvspan(rec.t_s[i], rec.t_s[i + 1], fc="white", ec="0.5", hatch="xx", alpha=0.8, zorder=1)
            ax.text(rec.t_s[i], -top * 1.25, "no data", fontsize=7, color="0.4")
    truth = rec.truth
    if truth:
        for ts in truth.get("sets", []):
            for r in ts.get("reps", []):
                ax.axvline(r["start_s"], color="#2ca02c", lw=0.6, ls="--")
    ax.set_xlabel("time (s)")
    ax.set_ylabel("m/s²")
    ax.set_ylim(-top * 1.3, top * 1.3)
    ax.set_title(
        f"{Path(args.file).name}: {result.count} reps (blue eccentric, orange concentric, grey pause; "
        "'n?' counted across a sensor dropout)"
    )
    ax.legend(loc="lower right", fontsize=7)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
    print(f"wrote {out}")
    return 0


def _ecc_first(exercise: str | None) -> bool:
    from repcount import exercise_profile

    first = exercise_profile(exercise).eccentric_first
    return True if first is None else first


def _draw_rep(ax: object, r: object, *, eccentric_first: bool) -> None:
    from repcount import Rep

    assert isinstance(r, Rep)
    phases = (
        [
            ("eccentric", r.eccentric_s),
            ("pause", r.pause_bottom_s),
            ("concentric", r.concentric_s),
            ("pause", r.pause_top_s),
        ]
        if eccentric_first
        else [
            ("concentric", r.concentric_s),
            ("pause", r.pause_top_s),
            ("eccentric", r.eccentric_s),
            ("pause", r.pause_bottom_s),
        ]
    )
    t = r.start_s
    if r.inferred:  # done during a sensor dropout: no tempo was measured
        ax.axvspan(r.start_s, r.end_s, ymin=0.9, ymax=0.95, fill=False, ec="0.5", ls="--")  # type: ignore[attr-defined]
        return
    for name, d in phases:
        ax.axvspan(t, t + d, ymin=0.9, ymax=0.95, color=_PHASE_COLOURS[name])  # type: ignore[attr-defined]
        t += d
