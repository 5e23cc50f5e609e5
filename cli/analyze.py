"""``repcount analyze``: sets, reps, tempo and flags of recording files (table or JSON Lines)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from cli.errors import UserError

if TYPE_CHECKING:
    from repcount import Rep, SessionAnalysis


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "analyze",
        help="count reps, time phases and flag momentum in recording files",
        description=(
            "Find the sets in each recording (canonical CSV t,ax,ay,az[,gx,gy,gz], .csv.gz too; use "
            "`repcount import` for other formats), count every rep, time its phases (tempo "
            "eccentric-pause-concentric-pause) and flag momentum. Prints a table, or JSON Lines "
            "(one object per file) with --json."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="recording file(s)")
    p.add_argument("--exercise", default=None, help="exercise id (default: the sidecar's, else generic)")
    p.add_argument(
        "--placement", default=None, help="wrist, bar, handle or torso (default: sidecar's, else wrist)"
    )
    p.add_argument("--json", action="store_true", help="print JSON Lines instead of a table")
    p.add_argument(
        "--min-rest", type=float, default=8.0, help="quiet seconds that separate two sets (default 8)"
    )
    return p


def load_and_analyze(
    path: str, exercise: str | None, placement: str | None, min_rest_s: float
) -> tuple[SessionAnalysis, str | None, str]:
    """Read one file and analyse it; returns (analysis, exercise used, placement used)."""
    from repcount import analyze_recording, check_exercise, check_placement
    from sensors import RecordingError, read_recording

    try:
        rec = read_recording(path)
    except RecordingError as exc:
        raise UserError(str(exc)) from exc
    ex = exercise if exercise is not None else rec.meta.get("exercise")
    pl = placement if placement is not None else str(rec.meta.get("placement") or "wrist")
    try:
        ex = check_exercise(ex)
        pl = check_placement(pl)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    if rec.t_s.shape[0] < 2:
        raise UserError(f"{path}: fewer than two samples; nothing to analyse")
    try:
        result = analyze_recording(
            rec.t_s,
            rec.accel_ms2,
            rec.gyro_rads,
            fs_hz=rec.fs_hz,
            exercise=ex,
            placement=pl,
            min_rest_s=min_rest_s,
        )
    except ValueError as exc:
        raise UserError(f"{path}: {exc}") from exc
    return result, ex, pl


def _notes(r: Rep) -> str:
    """The flags column: flags, or that the rep was counted across a sensor dropout."""
    notes = [*r.flags, *(["inferred (sensor dropout)"] if r.inferred else [])]
    return ", ".join(notes) or "-"


def _fmt(x: float, width: int = 0) -> str:
    """One decimal, without the "-0.0" of a time a hair before the recording's start (a rep the
    recording's start cut short is timed back past it)."""
    return f"{round(x, 1) + 0.0:{width}.1f}"


def format_table(path: str, result: SessionAnalysis) -> str:
    lines = [f"{path}: {result.count} reps in {len(result.sets)} set(s)"]
    for i, s in enumerate(result.sets, 1):
        summ = s.summary
        extra = ""
        if summ is not None:
            extra = f", TUT {summ.time_under_tension_s:.1f} s, slow-down {summ.slowdown_pct:+.0f} %"
            if summ.velocity_loss_pct is not None:
                extra += f", velocity loss {summ.velocity_loss_pct:.0f} %"
            if summ.last_rep_slowdown_pct is not None:
                grind = ": ground out" if summ.last_rep_grind else ""
                extra += f", last rep {summ.last_rep_slowdown_pct:+.0f} %{grind}"
        # at the wrist a rep whose range reads short still counts (the wrist cannot tell it from
        # a full one) and carries the ``partial`` flag; say so beside the count
        n_short = sum("partial" in r.flags for r in s.reps)
        short = f" ({n_short} of them short of full range)" if n_short else ""
        lines.append(
            f"  set {i} ({s.exercise or 'generic'}, {s.placement}) {_fmt(s.start_s)}–{_fmt(s.end_s)} s: "
            f"{s.count} reps{short}, {len(s.partial_reps)} partial not counted{extra}"
        )
        lines.append("    rep  start_s  end_s  E     P     C     P     flags")
        for k, r in enumerate(s.reps, 1):
            lines.append(
                f"    {k:>3}  {_fmt(r.start_s, 7)} {_fmt(r.end_s, 6)}  "
                f"{_fmt(r.eccentric_s):5} {_fmt(r.pause_bottom_s):5} "
                f"{_fmt(r.concentric_s):5} {_fmt(r.pause_top_s):5} {_notes(r)}"
            )
        for r in s.partial_reps:
            # the reason names the measure that decided (the segmenter's range proxy at a set's
            # edge, where the travel can read full: "range 101%" beside a partial rep misled)
            why = next((w for f, w in zip(r.flags, r.reasons, strict=False) if f == "partial"), None)
            why = why or f"range {r.range_frac:.0%}"
            lines.append(f"      partial  {_fmt(r.start_s, 5)} {_fmt(r.end_s, 6)}  {why}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Analyse every file; a file that cannot be read or analysed gets one line on stderr and
    the others go on (exit status 2 at the end). A progress bar on stderr when there are many
    and stderr is a terminal."""
    from tqdm import tqdm

    from repcount import check_exercise, check_placement

    try:  # a wrong id or placement is one error, not one per file
        check_exercise(args.exercise)
        if args.placement is not None:
            check_placement(args.placement)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    failed = 0
    files = tqdm(args.files, desc="analyze", unit="file", disable=None if len(args.files) > 3 else True)
    for path in files:
        try:
            result, _, _ = load_and_analyze(path, args.exercise, args.placement, args.min_rest)
        except (UserError, ValueError) as exc:
            failed += 1
            msg = str(exc) if str(exc).startswith(path) else f"{path}: {exc}"
            files.write(f"repcount analyze: error: {msg}", file=sys.stderr)
            continue
        if args.json:
            body: dict[str, Any] = {"path": path, **result.to_dict()}
            files.write(json.dumps(body, allow_nan=False), file=sys.stdout)
        else:
            files.write(format_table(path, result), file=sys.stdout)
    if failed:
        if len(args.files) > 1:
            print(
                f"repcount analyze: {failed} of {len(args.files)} file(s) failed (see above)", file=sys.stderr
            )
        return 2
    return 0
