"""Result types of the pipeline. Scalar summaries compare by value; nothing here does I/O.

``SessionAnalysis.to_dict()`` is the ``repcount analyze --json`` contract (see DESIGN.md):
``{"sets": [{"exercise", "start_s", "end_s", "reps": [{"start_s", "end_s", "eccentric_s",
"concentric_s", "pause_top_s", "pause_bottom_s", "flags"}]}]}``; more keys may be added.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Rep:
    """One repetition: its span, its tempo (E-P-C-P, seconds) and its form flags.

    ``flags`` are ids from ``repcount.exercises.FLAGS``; ``reasons`` says, in the same
    order, why each flag was raised (the measured value against its threshold).
    """

    start_s: float
    end_s: float
    eccentric_s: float
    pause_bottom_s: float
    concentric_s: float
    pause_top_s: float
    flags: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    range_frac: float = 1.0
    """Range of motion relative to the set's typical rep (1.0 = typical)."""
    peak_accel_ms2: float = 0.0
    mean_concentric_velocity_ms: float | None = None
    inferred: bool = False
    """Counted from the set's rhythm across a sensor dropout: done while no data came, so its
    tempo is the set's typical one, not a measurement."""

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["flags"] = list(self.flags)
        d["reasons"] = list(self.reasons)
        return d


@dataclass(frozen=True, slots=True)
class SetSummary:
    """What a set amounts to: count, tempo statistics, time under tension, fatigue."""

    count: int
    partial_count: int
    flagged_count: int
    mean_rep_s: float
    mean_eccentric_s: float
    mean_concentric_s: float
    time_under_tension_s: float
    slowdown_pct: float
    """Concentric time of the last reps against the first, in percent (positive = slower)."""
    velocity_loss_pct: float | None = None
    """Bar sensors: mean concentric velocity loss, best rep to last, in percent."""
    last_rep_slowdown_pct: float | None = None
    """The last counted rep's concentric against the median of the reps' before it, in percent
    (positive = slower; ``None`` when it was partial, sped up by momentum or had under 2 reps
    before it)."""
    last_rep_grind: bool = False
    """The last rep ground out: its concentric took ``summary.GRIND_RATIO`` × the reps' before it
    or longer (the set ended at or near failure)."""
    last_rep_velocity_loss_pct: float | None = None
    """Bar sensors: the last counted rep's mean concentric velocity against the best of the reps
    before it, in percent (``None`` as for ``last_rep_slowdown_pct``)."""


@dataclass(frozen=True, slots=True)
class SetAnalysis:
    """One set: where it is, which exercise, its counted reps, its partial reps, its summary."""

    exercise: str | None
    start_s: float
    end_s: float
    reps: tuple[Rep, ...]
    partial_reps: tuple[Rep, ...] = ()
    summary: SetSummary | None = None
    placement: str = "wrist"

    @property
    def count(self) -> int:
        return len(self.reps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "placement": self.placement,
            "start_s": self.start_s,
            "end_s": self.end_s,
            "count": self.count,
            "reps": [r.to_dict() for r in self.reps],
            "partial_reps": [r.to_dict() for r in self.partial_reps],
            "summary": asdict(self.summary) if self.summary is not None else None,
        }


@dataclass(frozen=True, slots=True)
class SessionAnalysis:
    """A whole recording: its sets in time order."""

    sets: tuple[SetAnalysis, ...] = field(default_factory=tuple)

    @property
    def count(self) -> int:
        return sum(s.count for s in self.sets)

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "sets": [s.to_dict() for s in self.sets]}


# ---- live events -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SetStarted:
    """A set began at ``t_s`` (sensor clock, seconds)."""

    t_s: float
    set_index: int
    exercise: str | None


@dataclass(frozen=True, slots=True)
class RepCompleted:
    """Rep number ``count`` of the current set just finished (``rep.end_s`` on sensor clock)."""

    t_s: float
    set_index: int
    count: int
    rep: Rep


@dataclass(frozen=True, slots=True)
class PartialRep:
    """A movement short of full range: reported, not counted."""

    t_s: float
    set_index: int
    rep: Rep


@dataclass(frozen=True, slots=True)
class SetEnded:
    """The set ended (a rest long enough began, or the stream ended); ``analysis`` is final."""

    t_s: float
    set_index: int
    analysis: SetAnalysis


LiveEvent = SetStarted | RepCompleted | PartialRep | SetEnded
