"""``repcount simulate``: write a simulated recording (canonical CSV + sidecar JSON with the truth)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.errors import UserError

_FS_CHOICES = "25-400"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "simulate",
        help="write a simulated recording with its ground truth",
        description=(
            "Simulate a wearable IMU during sets of one exercise (or the default back routine) and write "
            "the canonical CSV plus a sidecar JSON holding the truth: sets, reps, phases and faults. "
            "The same arguments and seed give the same bytes."
        ),
    )
    p.add_argument(
        "--exercise", help="exercise id, e.g. pull_up (or 'default_routine' for the whole workout)"
    )
    p.add_argument("--reps", type=int, default=10, help="reps per set (default 10)")
    p.add_argument("--sets", type=int, default=1, help="number of sets (default 1)")
    p.add_argument("--placement", default="wrist", help="wrist or bar (what fits depends on the exercise)")
    p.add_argument("--side", default=None, help="left or right, for one-arm lifts (dumbbell_row)")
    p.add_argument("--fs", type=float, default=100.0, help=f"sample rate in Hz, {_FS_CHOICES} (default 100)")
    p.add_argument(
        "--range-g", type=int, default=16, help="accelerometer range: 2, 4, 8 or 16 g (default 16)"
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument(
        "--faults",
        default="",
        help="faults on 1-based reps, e.g. 7:kip,9:partial (applied to every set; set-specific: 2/7:kip)",
    )
    p.add_argument(
        "--tempo", default="2,0,1,0", help="eccentric,pause,concentric,pause in seconds (default 2,0,1,0)"
    )
    p.add_argument("--fatigue", type=float, default=0.3, help="0..1, how much the set slows and shortens")
    p.add_argument(
        "--grind-last",
        action="store_true",
        help="each set ends in a grinding last rep (its concentric 1.6-2.5x the others', range full)",
    )
    p.add_argument("--rest", type=float, default=90.0, help="mean rest between sets in seconds (default 90)")
    p.add_argument("--noise-g", type=float, default=0.02, help="accelerometer noise, g (default 0.02)")
    p.add_argument("--no-gyro", action="store_true", help="write accelerometer columns only")
    p.add_argument(
        "--out", required=True, help="output FILE.csv (or .csv.gz); FILE.json is written beside it"
    )
    return p


def parse_tempo(text: str) -> tuple[float, float, float, float]:
    try:
        parts = tuple(float(x) for x in text.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4:
        raise UserError(
            f"--tempo takes four numbers like 2,0,1,0 (eccentric,pause,concentric,pause), got {text!r}"
        )
    return (parts[0], parts[1], parts[2], parts[3])


def parse_faults(text: str, *, sets: int) -> dict[int, dict[int, str]]:
    """``"7:kip,2/9:partial"`` → ``{set: {rep: fault}}`` (set 0 means every set)."""
    from repcount.exercises import FLAGS

    out: dict[int, dict[int, str]] = {}
    for item in filter(None, (x.strip() for x in text.split(","))):
        where, sep, fault = item.partition(":")
        set_no, slash, rep_text = where.rpartition("/")
        try:
            rep = int(rep_text)
            set_k = int(set_no) if slash else 0
        except ValueError:
            raise UserError(
                f"--faults item {item!r} is not REP:FAULT or SET/REP:FAULT (e.g. 7:kip)"
            ) from None
        if not sep or fault not in FLAGS:
            raise UserError(
                f"--faults item {item!r}: unknown fault {fault!r}; choose one of: {', '.join(FLAGS)}"
            )
        if not 0 <= set_k <= sets or (slash and set_k == 0):
            raise UserError(f"--faults item {item!r}: set number must be 1..{sets}")
        out.setdefault(set_k, {})[rep] = fault
    return out


def build_scenario(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from firmware_sim import SIM_EXERCISES, SetPlan, WorkoutScenario, default_workout_scenario, placements_for

    if args.exercise is None:
        raise UserError(f"--exercise is required; choose one of: default_routine, {', '.join(SIM_EXERCISES)}")
    if not 25 <= args.fs <= 400:
        raise UserError(f"--fs must be between 25 and 400 Hz, got {args.fs:g}")
    if args.range_g not in (2, 4, 8, 16):
        raise UserError(f"--range-g must be one of: 2, 4, 8, 16; got {args.range_g}")
    if args.noise_g < 0 or args.rest < 0:
        raise UserError("--noise-g and --rest must be ≥ 0")
    if args.exercise == "default_routine":
        try:
            return default_workout_scenario(
                args.seed, rest_s=args.rest, placement=args.placement, noise_g=args.noise_g
            )
        except ValueError as exc:
            raise UserError(str(exc)) from exc
    if args.exercise not in SIM_EXERCISES:
        raise UserError(
            f"unknown exercise {args.exercise!r}; choose one of: default_routine, {', '.join(SIM_EXERCISES)}"
        )
    valid = placements_for(args.exercise)
    if args.placement not in valid:
        raise UserError(
            f"--placement {args.placement!r} does not fit {args.exercise}; choose one of: {', '.join(valid)}"
        )
    if args.reps < 1:
        raise UserError(f"--reps must be at least 1, got {args.reps}")
    if args.sets < 1:
        raise UserError(f"--sets must be at least 1, got {args.sets}")
    if args.side not in (None, "left", "right"):
        raise UserError(f"--side must be left or right, got {args.side!r}")
    faults = parse_faults(args.faults, sets=args.sets)
    for per_set in faults.values():
        for rep in per_set:
            if not 1 <= rep <= args.reps:
                raise UserError(f"--faults names rep {rep}, but a set has reps 1..{args.reps}")
    tempo = parse_tempo(args.tempo)
    side = args.side or ("left" if args.exercise == "dumbbell_row" else None)
    plans = []
    try:
        for k in range(1, args.sets + 1):
            fatigue = min(1.0, args.fatigue * (1 + 0.3 * (k - 1)))
            plan_faults = {**faults.get(0, {}), **faults.get(k, {})}
            plan = SetPlan(args.exercise, args.reps, plan_faults, tempo, fatigue, side, args.grind_last)
            plans.append(plan)
        return WorkoutScenario(
            tuple(plans),
            placement=args.placement,
            rest_s=args.rest,
            noise_g=args.noise_g,
            seed=args.seed,
            lead_in_s=6.0,
            lead_out_s=6.0,
            sensor_side=side or "left",  # the wrist sensor is on the working arm
        )
    except ValueError as exc:
        raise UserError(str(exc)) from exc


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from firmware_sim import simulate
    from sensors.recording import Recording, write_recording

    out = Path(args.out)
    if not (out.name.endswith(".csv") or out.name.endswith(".csv.gz")):
        raise UserError(f"--out must end in .csv or .csv.gz, got {args.out!r}")
    scenario = build_scenario(args)
    rec = simulate(scenario, fs_hz=args.fs, range_g=args.range_g)
    meta = rec.sidecar()
    meta["generator"] = "repcount simulate"
    recording = Recording(
        t_s=np.asarray(rec.t_s),
        accel_ms2=np.asarray(rec.accel_ms2),
        gyro_rads=None if args.no_gyro else np.asarray(rec.gyro_rads),
        meta=meta,
    )
    write_recording(out, recording)
    sets = rec.truth["sets"]
    n_reps = sum(len(s["reps"]) for s in sets)
    print(f"wrote {out} ({len(rec)} samples, {rec.duration_s:.1f} s, {len(sets)} sets, {n_reps} reps)")
    return 0
