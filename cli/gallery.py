"""``repcount gallery``: one PNG per exercise of the simulated signal, truth reps shaded.

With ``--real DIR`` (the labelled recordings, ``../shared/data``), each figure gets a last
panel with a real recording of the same lift, on the same g scale, to compare by eye.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

from cli.errors import UserError

_EBBELAAR = {
    "bench_press": "bench",
    "squat": "squat",
    "deadlift": "dead",
    "overhead_press": "ohp",
    "barbell_row": "row",
}
_PEBBLE = {
    "lat_pulldown": "lat-pulldown-straight",
    "dumbbell_row": "dumbbell-row",
    "seated_cable_row": "leverage-high-row",
}
_SHOWCASE_FAULT = {
    "pull_up": "kip",
    "barbell_row": "swing",
    "dumbbell_row": "swing",
    "lat_pulldown": "swing",
    "seated_cable_row": "swing",
    "hyperextension": "fast_concentric",
    "bench_press": "bounce",
    "squat": "bounce",
    "deadlift": "jerky",
    "overhead_press": "fast_concentric",
    "push_up": "dropped_eccentric",
}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "gallery",
        help="plot the simulated signal of every exercise (one PNG each)",
        description=(
            "Simulate one set of 8 reps per exercise and placement (rep 4 with a momentum fault, rep 7 "
            "partial) and write one PNG per exercise: acceleration in g per axis, truth reps shaded."
        ),
    )
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--fs", type=float, default=100.0, help="sample rate in Hz (default 100)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--exercise", action="append", help="only this exercise (repeatable)")
    p.add_argument("--tempo", default="1.2,0.1,0.9,0.3", help="eccentric,pause,concentric,pause (s)")
    p.add_argument("--real", default=None, help="folder of the labelled real recordings, to plot one beside")
    return p


def _real_ebbelaar(root: Path, key: str) -> tuple[Any, Any, str] | None:
    import numpy as np

    files = sorted((root / "ebbelaar-barbell" / "data").glob(f"A-{key}-medium*Accelerometer*.csv"))
    files = files or sorted((root / "ebbelaar-barbell" / "data").glob(f"*-{key}-*Accelerometer*.csv"))
    if not files:
        return None
    data = np.loadtxt(files[0], delimiter=",", skiprows=1, usecols=(2, 3, 4, 5))
    return (
        data[:, 0] - data[0, 0],
        data[:, 1:4],
        f"real: {files[0].name.split('_')[0]} (MetaMotion wrist, 12.5 Hz)",
    )


def _real_pebble(root: Path, name: str) -> tuple[Any, Any, str] | None:
    import numpy as np

    base = root / "muvr-pebble-wrist"
    with open(base / "labels.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["exercise"] == name and not r["flags"]]
    if not rows:
        return None
    row = rows[0]
    xyz = np.loadtxt(base / row["path"], delimiter=",", usecols=(0, 1, 2))
    fs = float(row["fs_est_hz"])
    label = f"real: {Path(row['path']).name}, {name}, {row['reps']} reps (Pebble wrist, {fs:.0f} Hz)"
    return np.arange(xyz.shape[0]) / fs, xyz, label


def _shade(ax: Any, truth: dict[str, Any]) -> None:
    for s in truth["sets"]:
        for r in s["reps"]:
            color = "tab:orange" if r["flags"] else "tab:green"
            ax.axvspan(r["start_s"], r["end_s"], color=color, alpha=0.18, lw=0)
        for r in s["partial_reps"]:
            ax.axvspan(r["start_s"], r["end_s"], color="grey", alpha=0.25, lw=0, hatch="//")


def run(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from firmware_sim import SIM_EXERCISES, RepScenario, placements_for, simulate

    chosen = args.exercise or list(SIM_EXERCISES)
    unknown = [e for e in chosen if e not in SIM_EXERCISES]
    if unknown:
        raise UserError(f"unknown exercise {unknown[0]!r}; choose one of: {', '.join(SIM_EXERCISES)}")
    if not 25 <= args.fs <= 400:
        raise UserError(f"--fs must be between 25 and 400 Hz, got {args.fs:g}")
    real_root = Path(args.real) if args.real else None
    if real_root is not None and not real_root.is_dir():
        raise UserError(f"--real {args.real!r} is not a folder (point it at the labelled recordings)")
    from cli.simulate import parse_tempo

    tempo = parse_tempo(args.tempo)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for exercise in chosen:
        placements = [p for p in placements_for(exercise) if p in ("wrist", "bar")]
        real = None
        if real_root is not None:
            if exercise in _EBBELAAR:
                real = _real_ebbelaar(real_root, _EBBELAAR[exercise])
            elif exercise in _PEBBLE:
                real = _real_pebble(real_root, _PEBBLE[exercise])
        rows = len(placements) + (real is not None)
        fig, axes = plt.subplots(rows, 1, figsize=(13, 2.9 * rows), squeeze=False)
        for ax, placement in zip(axes[:, 0], placements, strict=False):
            side = "left" if exercise == "dumbbell_row" else None
            scen = RepScenario(
                exercise,
                8,
                placement,
                faults={4: _SHOWCASE_FAULT[exercise], 7: "partial"},
                seed=args.seed,
                side=side,
                tempo_s=tempo,
            )
            rec = simulate(scen, fs_hz=args.fs)
            acc_g = rec.accel_ms2 / 9.80665
            _shade(ax, rec.truth)
            for i, c in enumerate("xyz"):
                ax.plot(rec.t_s, acc_g[:, i], lw=0.7, label=c)
            ax.plot(rec.t_s, np.linalg.norm(acc_g, axis=1), "k", lw=0.6, label="|a|")
            ax.set_title(
                f"simulated {exercise}, {placement}, {args.fs:g} Hz (green rep, orange fault, grey partial)"
            )
            ax.set_ylabel("g")
            ax.legend(loc="upper right", fontsize=7, ncol=4)
        if real is not None:
            ax = axes[-1, 0]
            t, xyz, label = real
            for i, c in enumerate("xyz"):
                ax.plot(t, xyz[:, i], lw=0.7, label=c)
            ax.plot(t, np.linalg.norm(xyz, axis=1), "k", lw=0.6, label="|a|")
            ax.set_title(label)
            ax.set_ylabel("g")
            ax.legend(loc="upper right", fontsize=7, ncol=4)
        axes[-1, 0].set_xlabel("time (s)")
        fig.tight_layout()
        fig.savefig(out / f"{exercise}.png", dpi=80)
        plt.close(fig)
        print(f"wrote {out / (exercise + '.png')}")
    return 0
