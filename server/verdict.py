"""Pure comparison of a finished set with its prescription, and the progressive-overload advice.

No signal math: the numbers come from ``repcount``'s ``SetAnalysis``; here they are only
compared with what the routine asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from repcount import SetAnalysis
from server.routine import Prescription

MOMENTUM_FLAGS = frozenset({"swing", "kip", "dropped_eccentric", "bounce"})
TEMPO_PHASES = ("eccentric", "pause_bottom", "concentric", "pause_top")
TEMPO_TOLERANCE_S = 0.5
"""A phase within this many seconds (or 25 %) of its target is on tempo."""
FATIGUE_SLOWDOWN_PCT = 30.0
"""Concentric slowdown across a set beyond which the set counts as a grind."""

RangeVerdict = Literal["under", "in", "over"]


@dataclass(frozen=True, slots=True)
class SetVerdict:
    """How a set compares with its prescription; ``message`` is the one line the phone shows."""

    count: int
    min_reps: int
    max_reps: int
    range: RangeVerdict
    partial_count: int
    momentum_count: int
    flagged_count: int
    tempo: dict[str, str]
    """Per phase: "on", "fast" or "slow" (empty when no tempo was prescribed)."""
    rest_taken_s: float | None
    rest_prescribed_s: float | None
    rest: Literal["short", "ok", "long"] | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SetRecord:
    """What the overload advice needs from a stored set."""

    count: int
    momentum_count: int
    partial_count: int
    slowdown_pct: float = 0.0
    last_rep_grind: bool = False
    """The set's last rep ground out (``SetSummary.last_rep_grind``: at or near failure)."""


@dataclass(frozen=True, slots=True)
class OverloadAdvice:
    """Double progression: "increase" load, "stay", or "decrease"; with the reason."""

    exercise: str
    action: Literal["increase", "stay", "decrease"]
    reason: str
    next_load_kg: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def judge_set(analysis: SetAnalysis, p: Prescription, *, rest_taken_s: float | None = None) -> SetVerdict:
    """Compare ``analysis`` with the prescription ``p``; ``rest_taken_s`` is the rest before this set."""
    count = analysis.count
    rng: RangeVerdict = "under" if count < p.min_reps else "over" if count > p.max_reps else "in"
    momentum = sum(1 for r in analysis.reps if MOMENTUM_FLAGS.intersection(r.flags))
    flagged = sum(1 for r in analysis.reps if r.flags)
    tempo = _judge_tempo(analysis, p)
    rest = _judge_rest(rest_taken_s, p.rest_s)
    parts = [f"{count} rep{'' if count == 1 else 's'}: {_against_target(rng, p.min_reps, p.max_reps)}"]
    if momentum:
        parts.append(f"{momentum} with momentum")
    if analysis.partial_reps:
        parts.append(f"{len(analysis.partial_reps)} partial")
    off = [f"{phase.replace('_', ' ')} too {v}" for phase, v in tempo.items() if v != "on"]
    if off:
        parts.append(", ".join(off))
    if analysis.summary is not None and analysis.summary.last_rep_grind:
        parts.append("last rep ground out")
    if rest == "short":
        parts.append("rest was short")
    return SetVerdict(
        count=count,
        min_reps=p.min_reps,
        max_reps=p.max_reps,
        range=rng,
        partial_count=len(analysis.partial_reps),
        momentum_count=momentum,
        flagged_count=flagged,
        tempo=tempo,
        rest_taken_s=rest_taken_s,
        rest_prescribed_s=p.rest_s if rest_taken_s is not None else None,
        rest=rest,
        message="; ".join(parts),
    )


def _against_target(rng: RangeVerdict, lo: int, hi: int) -> str:
    """How a count reads against its target: "on target" for a fixed count, else the range."""
    if lo == hi:
        return "on target" if rng == "in" else f"{'below' if rng == 'under' else 'above'} the {hi} prescribed"
    return {"under": "below", "in": "within", "over": "above"}[rng] + f" {lo}–{hi}"


def _judge_tempo(analysis: SetAnalysis, p: Prescription) -> dict[str, str]:
    if p.tempo_s is None or not analysis.reps:
        return {}
    out = {}
    for i, phase in enumerate(TEMPO_PHASES):
        values = [getattr(r, f"{phase}_s") for r in analysis.reps]
        mean = sum(values) / len(values)
        target = p.tempo_s[i]
        tol = max(TEMPO_TOLERANCE_S, 0.25 * target)
        out[phase] = "fast" if mean < target - tol else "slow" if mean > target + tol else "on"
    return out


def _judge_rest(taken_s: float | None, prescribed_s: float) -> Literal["short", "ok", "long"] | None:
    if taken_s is None:
        return None
    if taken_s < 0.8 * prescribed_s:
        return "short"
    return "long" if taken_s > 1.5 * prescribed_s + 30 else "ok"


def _reps(n: int, kind: str) -> str:
    return f"{n} {kind} rep{'' if n == 1 else 's'}"


def advise_overload(exercise: str, p: Prescription, sets: Sequence[SetRecord]) -> OverloadAdvice:
    """Double progression over one exercise's sets of one workout."""
    if not sets:
        return OverloadAdvice(exercise, "stay", "no sets done")
    needed = p.sets * (2 if p.per_side else 1)
    under = sum(1 for s in sets if s.count < p.min_reps)
    momentum = sum(s.momentum_count for s in sets)
    partial = sum(s.partial_count for s in sets)
    grind = any(s.slowdown_pct > FATIGUE_SLOWDOWN_PCT for s in sets)
    ground = [k for k, s in enumerate(sets, start=1) if s.last_rep_grind]
    if under * 2 > len(sets):
        return OverloadAdvice(
            exercise, "decrease", f"{under} of {len(sets)} sets fell below {p.min_reps} reps"
        )
    if momentum or partial:
        what = " and ".join(_reps(n, kind) for n, kind in ((momentum, "momentum"), (partial, "partial")) if n)
        return OverloadAdvice(exercise, "stay", f"{what}: clean them up first")
    if len(sets) < needed or under:
        return OverloadAdvice(exercise, "stay", f"{len(sets)} of {needed} sets, not all in range yet")
    if any(s.count < p.max_reps for s in sets):
        return OverloadAdvice(exercise, "stay", f"add reps until every set reaches {p.max_reps}")
    if ground:
        which = ", ".join(str(k) for k in ground)
        return OverloadAdvice(
            exercise,
            "stay",
            f"top of the range, but the last rep ground out (set{'s' * (len(ground) > 1)} {which}: at or "
            "near failure): "
            "stay at this load until it moves",
        )
    if grind:
        return OverloadAdvice(exercise, "stay", "top of the range, but the last reps slowed a lot (fatigue)")
    step = 2.5 if p.load_kg is None or p.load_kg < 40 else 5.0
    nxt = None if p.load_kg is None else p.load_kg + step
    return OverloadAdvice(
        exercise, "increase", f"every set at {p.max_reps} clean reps: add {step:g} kg next time", nxt
    )
