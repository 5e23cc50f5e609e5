"""Every real set the counter gets wrong, listed and (optionally) plotted, to find the causes.

Run: ``.venv/bin/python -m bench.real_misses [--dataset ebbelaar] [--data DIR] [--plots DIR]``

For each labelled set whose count differs from its label, one line: name, exercise, label,
count, and each rep's span (seconds from the recording's start) with its range as a share of
the set's median, then the uncounted excursions. With ``--plots`` each miss gets a PNG: the
counting signal (band-passed acceleration on the set's principal axis), the raw acceleration
less its mean, and the gyro, with the sets shaded, the reps' starts (green, numbered) and ends
(red, dashed), and the partial reps in magenta. The plots stay outside the project: the
recordings carry no licence (``../shared/data/README.md``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from bench.datasets import DEFAULT_DATA, RealSet, load_ebbelaar, load_muvr
from repcount import SessionAnalysis, analyze_recording
from repcount.filter import filter_motion

_LOADERS = {"ebbelaar": load_ebbelaar, "muvr": load_muvr}


def _spans(reps: list, t0: float) -> str:  # type: ignore[type-arg]
    return " ".join(f"{r.start_s - t0:.1f}-{r.end_s - t0:.1f}({r.range_frac:.2f})" for r in reps)


def _plot(s: RealSet, found: SessionAnalysis, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t0 = float(s.t_s[0])
    t = s.t_s - t0
    motion = filter_motion(s.t_s, s.accel_ms2, s.gyro_rads, fs_hz=s.fs_hz)
    fig, ax = plt.subplots(3, 1, figsize=(14, 8), sharex=True)
    ax[0].plot(t, motion.motion_ms2, "k", lw=1)
    ax[0].set_ylabel("counting signal, m/s²")
    for i, c in enumerate("rgb"):
        ax[1].plot(t, s.accel_ms2[:, i] - s.accel_ms2[:, i].mean(), c, lw=0.8)
        if s.gyro_rads is not None:
            ax[2].plot(t, s.gyro_rads[:, i], c, lw=0.8)
    ax[1].set_ylabel("acceleration − mean, m/s²")
    ax[2].set_ylabel("gyro, rad/s")
    ax[2].set_xlabel("s")
    top = float(np.max(motion.motion_ms2)) if motion.motion_ms2.size else 1.0
    k = 0
    for st in found.sets:
        for a in ax:
            a.axvspan(st.start_s - t0, st.end_s - t0, color="y", alpha=0.2)
        for r in st.reps:
            k += 1
            for a in ax:
                a.axvline(r.start_s - t0, color="g", lw=1)
                a.axvline(r.end_s - t0, color="r", lw=0.6, ls="--")
            ax[0].text(r.start_s - t0, 0.9 * top, str(k))
        for r in st.partial_reps:
            ax[0].axvspan(r.start_s - t0, r.end_s - t0, color="m", alpha=0.2)
    ax[0].set_title(f"{s.name}  {s.label}  label {s.expected_reps}  count {found.count}")
    fig.tight_layout()
    fig.savefig(out / f"{s.name.replace('/', '_')}.png", dpi=70)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=sorted(_LOADERS), default="ebbelaar")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--plots", type=Path, default=None, help="folder for one PNG per miss")
    args = parser.parse_args()
    if args.plots is not None:
        args.plots.mkdir(parents=True, exist_ok=True)
    misses = total = 0
    for s in _LOADERS[args.dataset](args.data):
        if s.expected_reps == 0:
            continue
        total += 1
        found = analyze_recording(s.t_s, s.accel_ms2, s.gyro_rads, fs_hz=s.fs_hz, exercise=s.exercise)
        if found.count == s.expected_reps:
            continue
        misses += 1
        t0 = float(s.t_s[0])
        reps = [r for st in found.sets for r in st.reps]
        partial = [r for st in found.sets for r in st.partial_reps]
        print(f"{s.name}  {s.label}  label {s.expected_reps}  count {found.count}")
        print(f"    reps {_spans(reps, t0)}")
        if partial:
            print(f"    partial {_spans(partial, t0)}")
        if args.plots is not None:
            _plot(s, found, args.plots)
    print(f"{misses} of {total} sets miscounted")


if __name__ == "__main__":
    main()
