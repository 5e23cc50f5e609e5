"""Counting accuracy on real labelled recordings and on the simulator's ground truth.

Run: ``.venv/bin/python -m bench.accuracy [--real-only | --sim-only] [--data DIR]``

Real: every usable recording of ``../shared/data`` (rows its labels call doubtful are skipped)
through ``analyze_recording`` (sets found automatically, generic counter unless the dataset's
exercise maps to a catalog id); exact %, ±1 %, MAE per exercise beside the best constant guess
(the per-exercise mode of the true counts, i.e. what a counter that always says the same number
would get at best) and a textbook peak counter run on the whole labelled recording
(``bench.textbook``: principal axis, 3 Hz low-pass, autocorrelation period, ``find_peaks``), and
false reps per minute on the rest recordings.
Simulated: for every exercise and placement, clean sets and sets with each fault that fits it
(``_fault_fits``; ``--all-faults`` for all); exact %, ±1 %, MAE, phase boundary errors (ms, reps
matched in order on exactly counted sets), flag precision/recall; and sets whose first or last rep
is partial (``EDGE_PARTIALS``: count and partial reps only).
Heavy tempos: the same exercises and placements with sets of 5 and 10 reps at an even tempo
(2-0-2-0) and two grinding ones (1.5-0-2.5-0, 1.5-0.3-2-0: the concentric as slow as the
eccentric or slower, as in a heavy set); exact %, ±1 %, MAE per tempo.
Grinding last rep (``bench.grinds``): sets of 5 and 10 with and without a ground-out last rep;
the grind's precision / recall and the last rep's slow-down against the truth. On the real
recordings, how many sets read as a grind.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from bench.datasets import DEFAULT_DATA, load_all
from bench.grinds import grinds
from bench.textbook import textbook_count
from repcount import FLAGS, Rep, analyze_recording, exercise_profile
from repcount.summary import DRIVEN_BY_MOMENTUM

PHASE_EDGES = ("rep start", "first half ends", "second half starts", "second half ends", "rep end")
"""Phase boundaries scored on the simulator, in rep order (pull-first: concentric first)."""


def _edges(rep: Rep | dict[str, float], eccentric_first: bool) -> list[float]:
    """Times of a rep's five phase boundaries (``PHASE_EDGES``) from its start and tempo."""

    def get(key: str) -> float:
        return float(rep[key] if isinstance(rep, dict) else getattr(rep, key))

    if eccentric_first:
        first, turn, second = get("eccentric_s"), get("pause_bottom_s"), get("concentric_s")
    else:
        first, turn, second = get("concentric_s"), get("pause_top_s"), get("eccentric_s")
    t0 = get("start_s")
    return [t0, t0 + first, t0 + first + turn, t0 + first + turn + second, get("end_s")]


def _print_rows(title: str, rows: dict[str, list[int]]) -> None:
    """A table of count errors: the ``==`` summary rows first, then the rest by name."""
    print(f"\n{title:34} {'sets':>4} {'exact%':>7} {'±1%':>7} {'MAE':>6}")
    for key in sorted(rows, key=lambda k: (not k.startswith("=="), k)):
        print(_row(key, rows[key]))


def _row(name: str, err: list[int], extra: str = "") -> str:
    e = np.array(err)
    return (
        f"{name:34} {len(e):4} {100 * np.mean(e == 0):7.1f} {100 * np.mean(np.abs(e) <= 1):7.1f} "
        f"{np.mean(np.abs(e)):6.2f} {extra}"
    )


def _scores(err: list[int]) -> str:
    """Exact %, ±1 % and MAE of a list of count errors, in a baseline's narrow columns."""
    e = np.array(err)
    return f" {100 * np.mean(e == 0):5.1f} {100 * np.mean(np.abs(e) <= 1):5.1f} {np.mean(np.abs(e)):5.2f}"


def real(root: Path) -> None:
    sets = load_all(root)
    err: dict[str, list[int]] = defaultdict(list)
    book: dict[str, list[int]] = defaultdict(list)
    truth: dict[str, list[int]] = defaultdict(list)
    rest_reps, rest_book, rest_min = 0, 0, 0.0
    ground: dict[str, list[bool]] = defaultdict(list)
    for s in tqdm(sets, desc="real", unit="set"):
        found = analyze_recording(s.t_s, s.accel_ms2, s.gyro_rads, fs_hz=s.fs_hz, exercise=s.exercise)
        count = found.count
        if s.expected_reps == 0:
            rest_reps += count
            rest_book += textbook_count(s.accel_ms2, s.fs_hz)
            rest_min += (s.t_s[-1] - s.t_s[0]) / 60
            continue
        key = f"{s.dataset}/{s.label}"
        err[key].append(count - s.expected_reps)
        book[key].append(textbook_count(s.accel_ms2, s.fs_hz) - s.expected_reps)
        truth[key].append(s.expected_reps)
        ground[s.dataset].append(any(f.summary is not None and f.summary.last_rep_grind for f in found.sets))
    print(
        f"\n{'real: dataset/exercise':34} {'sets':>4} {'exact%':>7} {'±1%':>7} {'MAE':>6}  "
        "const: exact% ±1% MAE  textbook: exact% ±1% MAE"
    )
    all_err: list[int] = []
    all_const: list[int] = []
    all_book: list[int] = []
    for ds in ("ebbelaar", "muvr"):
        ds_err: list[int] = []
        ds_const: list[int] = []
        ds_book: list[int] = []
        for key in sorted(k for k in err if k.startswith(ds)):
            mode = Counter(truth[key]).most_common(1)[0][0]
            const = [mode - t for t in truth[key]]
            print(_row(key, err[key], f"{_scores(const)}        {_scores(book[key])}"))
            ds_err += err[key]
            ds_const += const
            ds_book += book[key]
        print(_row(f"== {ds} (all)", ds_err, f"{_scores(ds_const)}        {_scores(ds_book)}"))
        all_err += ds_err
        all_const += ds_const
        all_book += ds_book
    print(_row("== all real sets", all_err, f"{_scores(all_const)}        {_scores(all_book)}"))
    print(
        f"rest recordings: {rest_reps} false reps in {rest_min:.1f} min = "
        f"{rest_reps / max(rest_min, 1e-9):.2f}/min (textbook: {rest_book})"
    )
    print(
        "real sets whose last rep reads as ground out (summary.last_rep_grind): "
        + ", ".join(f"{ds} {sum(g)} of {len(g)}" for ds, g in sorted(ground.items()))
    )


HANGING = ("pull_up",)
"""Lifts done hanging from a bar: the only ones where a hip drive is a kip."""


EDGE_PARTIALS: dict[str, dict[int, str]] = {
    "partial first": {1: "partial"},
    "partial last": {10: "partial"},
}
"""Sets of 10 whose first or last rep stops short (the simulator's 40-60 % of the range): the
most common partial rep in training is the last, the lifter failing or stopping short; scored on
the count and the partial reps only, apart from the fault rows (those put faults on reps 4 and 8)."""


def _fault_fits(exercise: str, placement: str, fault: str | None) -> bool:
    """Whether the simulator renders ``fault`` for this exercise and placement, and the fault is
    defined there: a kip needs a hanging lift, and a swing or kip needs a geometry that couples the
    body's swing into the sensor (a bar on a bench, squat, deadlift or press has neither tilt nor
    lever: the simulator only shortens the concentric, which is a ``fast_concentric``)."""
    from firmware_sim.moves import geometry_for

    if fault == "kip" and exercise not in HANGING:
        return False
    if fault in ("swing", "kip"):
        geo = geometry_for(exercise, placement)
        return geo.swing_tilt > 0 or any(geo.lever_m)
    return True


def simulated(fs_hz: float, seeds: int, *, all_faults: bool = False) -> None:
    from firmware_sim import SIM_EXERCISES, RepScenario, placements_for, simulate

    rows: dict[str, list[int]] = defaultdict(list)
    edge_err_ms: dict[str, list[float]] = defaultdict(list)
    slowdown_err: dict[str, list[float]] = defaultdict(list)
    velocity_err: dict[str, list[float]] = defaultdict(list)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    jobs: list[tuple[str, str, str | None, int, dict[int, str]]] = []
    for ex in SIM_EXERCISES:
        for pl in placements_for(ex):
            for fault in (None, *FLAGS):
                if not (all_faults or _fault_fits(ex, pl, fault)):
                    continue
                for seed in range(seeds):
                    jobs.append((ex, pl, fault, seed, {} if fault is None else {4: fault, 8: fault}))
            for edge, faults in EDGE_PARTIALS.items():
                for seed in range(seeds):
                    jobs.append((ex, pl, edge, seed, faults))
    for ex, pl, fault, seed, faults in tqdm(jobs, desc="sim", unit="set"):
        try:
            rec = simulate(RepScenario(ex, 10, placement=pl, faults=faults, seed=seed), fs_hz=fs_hz)
        except ValueError:
            continue
        truth = [r for s in rec.truth["sets"] for r in s["reps"]]
        truth_partial = [r["start_s"] for s in rec.truth["sets"] for r in s["partial_reps"]]
        result = analyze_recording(
            rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=fs_hz, exercise=ex, placement=pl
        )
        found = [r for s in result.sets for r in s.reps]
        found_partial = [r.start_s for s in result.sets for r in s.partial_reps]
        hits = sum(any(abs(f - t) < 1.0 for f in found_partial) for t in truth_partial)
        key = "partial rep" if fault not in EDGE_PARTIALS else "partial rep (first/last)"
        tp[key] += hits
        fn[key] += len(truth_partial) - hits
        fp[key] += sum(not any(abs(f - t) < 1.0 for t in truth_partial) for f in found_partial)
        if fault in EDGE_PARTIALS:
            rows[f"== {fault}"].append(len(found) - len(truth))
            continue
        rows[f"{'clean' if fault is None else 'fault'} {ex}/{pl}"].append(len(found) - len(truth))
        rows["== clean" if fault is None else f"== fault {fault}"].append(len(found) - len(truth))
        if len(found) == len(truth) and len(result.sets) == 1:
            err = abs(result.sets[0].summary.slowdown_pct - rec.truth["sets"][0]["slowdown_pct"])
            slowdown_err["clean sets" if fault is None else "sets with faults"].append(err)
            the_set = result.sets[0]
            _velocity_errors(the_set.reps, truth, the_set.summary.velocity_loss_pct, velocity_err)
        if len(found) == len(truth):
            ecc_first = bool(exercise_profile(ex, pl).eccentric_first)
            for f, t in zip(found, truth, strict=True):
                for name, ef, et in zip(PHASE_EDGES, _edges(f, ecc_first), _edges(t, ecc_first), strict=True):
                    edge_err_ms[name].append(1000 * abs(ef - et))
                    if fault is None:
                        edge_err_ms[f"{name} (clean sets)"].append(1000 * abs(ef - et))
            for f, t in zip(found, truth, strict=True):
                for flag in FLAGS:
                    if flag in f.flags and flag in t["flags"]:
                        tp[flag] += 1
                    elif flag in f.flags:
                        fp[flag] += 1
                    elif flag in t["flags"]:
                        fn[flag] += 1
    _print_rows(f"simulated (fs {fs_hz:.0f} Hz, {seeds} seeds)", rows)
    if edge_err_ms:
        print("phase boundary error on exactly counted sets (ms)      p50   p95")
        for name in sorted(edge_err_ms, key=lambda k: ("clean" in k, PHASE_EDGES.index(k.split(" (")[0]))):
            p = np.percentile(edge_err_ms[name], [50, 95])
            print(f"  {name:50} {p[0]:5.0f} {p[1]:5.0f}")
    _print_slowdown_err(slowdown_err)
    if velocity_err:
        print("bar and handle sensors, on exactly counted sets                   p50   p95")
        for name, errs in velocity_err.items():
            p = np.percentile(errs, [50, 95])
            print(f"  {name:62} {p[0]:4.1f} {p[1]:5.1f}")
    print("flag      precision recall (on exactly counted sets)")
    for flag in (*FLAGS, "partial rep", "partial rep (first/last)"):
        prec = tp[flag] / (tp[flag] + fp[flag]) if tp[flag] + fp[flag] else float("nan")
        rec_ = tp[flag] / (tp[flag] + fn[flag]) if tp[flag] + fn[flag] else float("nan")
        print(f"{flag:18} {prec:5.2f} {rec_:5.2f}  (tp {tp[flag]}, fp {fp[flag]}, fn {fn[flag]})")
    print(
        "('partial rep': reps reported as partial, not counted, matched within 1 s, on every set; "
        "'(first/last)': on the 'partial first' and 'partial last' sets)"
    )


def _velocity_errors(
    reps: Sequence[Rep], truth: list[dict[str, Any]], loss_pct: float | None, out: dict[str, list[float]]
) -> None:
    """Each rep's mean concentric velocity against the simulator's (its range over its concentric's
    duration: the bar moves one way through the phase), in % of it, and the set's velocity loss
    against the one those give over the reps no momentum sped up (``summary.DRIVEN_BY_MOMENTUM``),
    in percentage points (bar and handle sets only)."""
    found = [r.mean_concentric_velocity_ms for r in reps]
    if loss_pct is None or any(v is None for v in found):
        return
    true_v = np.array([t["rom_m"] / t["concentric_s"] for t in truth])
    out["mean concentric velocity, error (% of the true)"] += list(
        100 * np.abs(np.array(found, dtype=float) - true_v) / true_v
    )
    controlled = true_v[[not DRIVEN_BY_MOMENTUM.intersection(t["flags"]) for t in truth]]
    if controlled.size < 2:
        return
    true_loss = 100 * (controlled.max() - controlled[-1]) / controlled.max()
    out["velocity loss, error (percentage points)"].append(abs(loss_pct - true_loss))


def _print_slowdown_err(slowdown_err: dict[str, list[float]]) -> None:
    """The sets' slow-down against the simulator's fatigue trend (``slowdown_pct`` in its truth)."""
    print("slow-down error on exactly counted sets (percentage points)  p50   p95")
    for name, errs in sorted(slowdown_err.items()):
        p = np.percentile(errs, [50, 95])
        print(f"  {name:58} {p[0]:4.0f} {p[1]:5.0f}")


HEAVY_TEMPOS = {
    "even 2-0-2-0": (2.0, 0.0, 2.0, 0.0),
    "grinding 1.5-0-2.5-0": (1.5, 0.0, 2.5, 0.0),
    "grinding 1.5-0.3-2-0": (1.5, 0.3, 2.0, 0.0),
}
"""Tempos (eccentric, pause, concentric, pause; s) of heavy sets, whose concentric is no shorter
than their eccentric."""


def heavy_tempos(fs_hz: float, seeds: int) -> None:
    """Exact %, ±1 %, MAE of sets of 5 and 10 reps at ``HEAVY_TEMPOS``, every exercise and placement."""
    from firmware_sim import SIM_EXERCISES, RepScenario, placements_for, simulate

    rows: dict[str, list[int]] = defaultdict(list)
    slowdown_err: dict[str, list[float]] = defaultdict(list)
    jobs = [
        (ex, pl, name, reps, seed)
        for ex in SIM_EXERCISES
        for pl in placements_for(ex)
        for name in HEAVY_TEMPOS
        for reps in (5, 10)
        for seed in range(seeds)
    ]
    for ex, pl, name, reps, seed in tqdm(jobs, desc="heavy tempos", unit="set"):
        scenario = RepScenario(ex, reps, placement=pl, seed=seed, tempo_s=HEAVY_TEMPOS[name])
        rec = simulate(scenario, fs_hz=fs_hz)
        truth = sum(len(s["reps"]) for s in rec.truth["sets"])
        found = analyze_recording(
            rec.t_s, rec.accel_ms2, rec.gyro_rads, fs_hz=fs_hz, exercise=ex, placement=pl
        )
        rows[f"== tempo {name}"].append(found.count - truth)
        rows[f"tempo {name}: {pl}"].append(found.count - truth)
        if found.count == truth and len(found.sets) == 1:
            err = abs(found.sets[0].summary.slowdown_pct - rec.truth["sets"][0]["slowdown_pct"])
            slowdown_err[f"sets of {reps}"].append(err)
    _print_rows(f"heavy tempos (fs {fs_hz:.0f} Hz, {seeds} seeds)", rows)
    _print_slowdown_err(slowdown_err)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--real-only", action="store_true")
    ap.add_argument("--sim-only", action="store_true")
    ap.add_argument("--fs", type=float, default=50.0, help="simulator sample rate (Hz)")
    ap.add_argument("--seeds", type=int, default=2, help="simulated sets per case")
    ap.add_argument(
        "--all-faults",
        action="store_true",
        help="inject every fault everywhere, also where the simulator does not render it (kip off "
        "the bar, swing on a rigid bar)",
    )
    args = ap.parse_args()
    if not args.sim_only:
        real(args.data)
    if not args.real_only:
        simulated(args.fs, args.seeds, all_faults=args.all_faults)
        heavy_tempos(args.fs, args.seeds)
        grinds(args.fs, args.seeds)


if __name__ == "__main__":
    main()
