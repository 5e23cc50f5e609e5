"""Seeded scenarios: what the simulated lifter does (one set, or a whole workout).

A scenario is only a plan; ``simulate`` turns it into motion, sensor readings and ground
truth. Fault ids are the per-rep flag ids of ``repcount.exercises.FLAGS``; rep numbers in
``faults`` are 1-based. A ``"partial"`` rep stops at 40–60 % of the range and goes under
the set's ``partial_reps`` in the truth instead of ``reps``. ``grind_last`` makes the set's last
rep grind out: its concentric is stretched ``GRIND_STRETCH`` × (the lifter at or near failure),
its range still full; the truth marks the set (``grind_last``) and the rep (``grind``: the
stretch drawn).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from firmware_sim.moves import check_motion
from repcount.exercises import DEFAULT_ROUTINE, FLAGS

Tempo = tuple[float, float, float, float]
SIDES = ("left", "right")
GRIND_STRETCH = (1.6, 2.5)
"""Range of the factor a ground-out last rep's concentric is stretched by, drawn uniformly: near
failure a rep moves at about the lift's minimum velocity threshold (about 0.17 m/s on the bench
press) against 0.4-0.5 m/s for a heavy set's first reps, so about 2-2.7× as long; a rep with one
left in reserve somewhat less (``repcount.summary.GRIND_RATIO``)."""


def _check_set(exercise: str, reps: int, faults: Mapping[int, str], tempo_s: Tempo, side: str | None) -> None:
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise ValueError(f"reps must be a whole number ≥ 1, got {reps!r}")
    for rep, flag in faults.items():
        if flag not in FLAGS:
            raise ValueError(f"unknown fault {flag!r} on rep {rep}; choose one of: {', '.join(FLAGS)}")
        if not 1 <= rep <= reps:
            raise ValueError(f"fault on rep {rep} but the set has reps 1..{reps}")
    if len(tempo_s) != 4 or any(not np.isfinite(x) or x < 0 for x in tempo_s):
        raise ValueError(f"tempo_s is (eccentric, pause, concentric, pause) in seconds ≥ 0, got {tempo_s!r}")
    if tempo_s[0] < 0.2 or tempo_s[2] < 0.2:
        raise ValueError("eccentric and concentric must each last at least 0.2 s")
    if side is not None and side not in SIDES:
        raise ValueError(f"unknown side {side!r}; choose one of: {', '.join(SIDES)} (or none)")
    if exercise == "dumbbell_row" and side is None:
        raise ValueError("dumbbell_row is one arm at a time: give side='left' or 'right'")


@dataclass(frozen=True, slots=True)
class SetPlan:
    """One set inside a workout."""

    exercise: str
    reps: int
    faults: Mapping[int, str] = field(default_factory=dict)
    """1-based rep number → fault id (a ``FLAGS`` entry)."""
    tempo_s: Tempo = (2.0, 0.0, 1.0, 0.0)
    """Nominal (eccentric, pause at the bottom, concentric, pause at the top), seconds."""
    fatigue: float = 0.3
    """0 = fresh; 1 = the last rep's concentric is 40 % slower and its range 8 % shorter."""
    side: str | None = None
    """Working arm for one-arm lifts (``"left"``/``"right"``), else ``None``."""
    grind_last: bool = False
    """The last rep grinds out: its concentric stretched ``GRIND_STRETCH`` ×, its range full."""

    def __hash__(self) -> int:
        return hash(
            (
                self.exercise,
                self.reps,
                tuple(sorted(self.faults.items())),
                self.tempo_s,
                self.side,
                self.grind_last,
            )
        )

    def __post_init__(self) -> None:
        object.__setattr__(self, "faults", MappingProxyType({int(k): str(v) for k, v in self.faults.items()}))
        object.__setattr__(self, "tempo_s", tuple(float(x) for x in self.tempo_s))
        _check_set(self.exercise, self.reps, self.faults, self.tempo_s, self.side)
        if not 0.0 <= self.fatigue <= 1.0:
            raise ValueError(f"fatigue is between 0 and 1, got {self.fatigue!r}")


@dataclass(frozen=True, slots=True)
class WorkoutScenario:
    """A session: sets with rests, walking, unracking and fidgeting around them."""

    sets: tuple[SetPlan, ...]
    placement: str = "wrist"
    rest_s: float = 90.0
    """Mean rest between sets; each rest varies ±33 % (so 60–120 s at the default)."""
    noise_g: float = 0.02
    """Accelerometer white noise, standard deviation per axis (g)."""
    seed: int = 0
    sensor_side: str = "left"
    """The wrist that wears the sensor, or ``"working"``: the lifter moves it to the working arm
    before each one-arm set (what the phone page asks for), and wears it on the left otherwise."""
    lead_in_s: float = 10.0
    """Standing and walking before the first set."""
    lead_out_s: float = 10.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "sets", tuple(self.sets))
        if not self.sets:
            raise ValueError("a workout needs at least one set")
        for plan in self.sets:
            check_motion(plan.exercise, self.placement)
        if self.sensor_side not in (*SIDES, "working"):
            raise ValueError(
                f"unknown sensor_side {self.sensor_side!r}; choose one of: {', '.join(SIDES)}, working"
            )
        if self.rest_s < 0 or self.lead_in_s < 0 or self.lead_out_s < 0 or self.noise_g < 0:
            raise ValueError("rest_s, lead_in_s, lead_out_s and noise_g must be ≥ 0")

    def wrist_for(self, plan: SetPlan) -> str:
        """The wrist wearing the sensor during ``plan``."""
        if self.sensor_side != "working":
            return self.sensor_side
        return plan.side or "left"


@dataclass(frozen=True, slots=True)
class RepScenario:
    """One seeded set, e.g. ``RepScenario("pull_up", 10, faults={7: "kip", 9: "partial"}, seed=42)``."""

    exercise: str = "pull_up"
    reps: int = 10
    placement: str = "wrist"
    tempo_s: Tempo = (2.0, 0.0, 1.0, 0.0)
    faults: Mapping[int, str] = field(default_factory=dict)
    fatigue: float = 0.3
    noise_g: float = 0.02
    seed: int = 0
    side: str | None = None
    lead_in_s: float = 6.0
    """Rest and a short walk to the station before the set."""
    # A wrist sensor is worn on ``side`` (the working arm of a one-arm lift).
    lead_out_s: float = 6.0
    grind_last: bool = False
    """The last rep grinds out (``SetPlan.grind_last``)."""

    def __hash__(self) -> int:
        return hash(
            (
                self.exercise,
                self.reps,
                self.placement,
                tuple(sorted(self.faults.items())),
                self.seed,
                self.grind_last,
            )
        )

    def __post_init__(self) -> None:
        object.__setattr__(self, "faults", MappingProxyType({int(k): str(v) for k, v in self.faults.items()}))
        object.__setattr__(self, "tempo_s", tuple(float(x) for x in self.tempo_s))
        check_motion(self.exercise, self.placement)
        self.workout()  # validates everything else

    def workout(self) -> WorkoutScenario:
        """The same set as a one-set workout."""
        side = self.side if self.side is not None or self.exercise != "dumbbell_row" else "left"
        plan = SetPlan(
            self.exercise, self.reps, self.faults, self.tempo_s, self.fatigue, side, self.grind_last
        )
        return WorkoutScenario(
            (plan,),
            placement=self.placement,
            rest_s=0.0,
            noise_g=self.noise_g,
            seed=self.seed,
            lead_in_s=self.lead_in_s,
            lead_out_s=self.lead_out_s,
            sensor_side=side or "left",  # one set: the sensor is on the working arm
        )


_MOMENTUM = {
    "pull_up": ("kip", "swing", "dropped_eccentric", "jerky"),
    "barbell_row": ("swing", "fast_concentric", "dropped_eccentric", "bounce"),
    "dumbbell_row": ("swing", "fast_concentric", "jerky"),
    "lat_pulldown": ("swing", "fast_concentric", "dropped_eccentric"),
    "seated_cable_row": ("swing", "fast_concentric", "jerky"),
    "hyperextension": ("fast_concentric", "swing", "dropped_eccentric"),
}


def default_workout_scenario(
    seed: int = 0,
    *,
    rest_s: float = 90.0,
    placement: str = "wrist",
    momentum_p: float = 0.06,
    partial_p: float = 0.02,
    noise_g: float = 0.02,
    tempo_s: Tempo = (2.0, 0.0, 1.0, 0.0),
) -> WorkoutScenario:
    """The brief's "Perfect back workout" (``DEFAULT_ROUTINE``) as one seeded session.

    Rep counts fall inside each prescribed range, dumbbell rows are done left then right,
    about ``momentum_p`` of the reps carry a momentum fault that fits the lift, a few reps
    end short (``partial_p``), and fatigue grows with each set of an exercise. With
    ``placement="bar"`` the pull-ups and hyperextensions (no bar to clip on) are left out.
    A wrist sensor is moved to the working arm for each side of the one-arm rows.
    """
    rng = np.random.default_rng([seed, 7001])
    sets: list[SetPlan] = []
    for exercise, n_sets, lo, hi, per_side in DEFAULT_ROUTINE:
        try:
            check_motion(exercise, placement)
        except ValueError:
            continue
        for k in range(n_sets):
            sides: tuple[str | None, ...] = SIDES if per_side else (None,)
            for side in sides:
                reps = int(rng.integers(lo, hi + 1))
                faults: dict[int, str] = {}
                for rep in range(1, reps + 1):
                    u = rng.random()
                    if u < momentum_p:
                        choices = _MOMENTUM[exercise]
                        faults[rep] = choices[int(rng.integers(len(choices)))]
                    elif u < momentum_p + partial_p and rep == reps:
                        faults[rep] = "partial"
                fatigue = min(1.0, 0.15 + 0.15 * k + 0.05 * rng.random())
                sets.append(SetPlan(exercise, reps, faults, tempo_s, fatigue, side))
    return WorkoutScenario(
        tuple(sets), placement=placement, rest_s=rest_s, noise_g=noise_g, seed=seed, sensor_side="working"
    )
