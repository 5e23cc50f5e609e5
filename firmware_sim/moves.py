"""Where the sensor is during each exercise: a small geometry table per (exercise, placement).

World frame: x forward (where the lifter faces), y to the lifter's left, z up, metres.
A lift is described by its *contraction progress* ``q``: 0 at the stretched end of the
range, 1 at the end of the concentric. "Pull-first" lifts (pull-ups, rows, deadlifts,
presses from the shoulders) start a rep at q = 0; "lower-first" lifts (bench, squat,
push-up) start at q = 1. Sensor orientation is ``Rz(yaw) · Ry(-pitch) · Rx(roll)`` of the
segment frame whose x axis runs along the forearm towards the hand (wrist) or along the
bar (bar), so ``pitch`` is the forearm's elevation above the horizontal.

The numbers are plausible adult anthropometrics, not fitted to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

Vec3 = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Geometry:
    """How one placement moves during one exercise (angles in degrees, lengths in metres)."""

    start_q: float
    """0 if a rep begins with the concentric (pull-first), 1 if with the eccentric."""
    base_m: Vec3
    """Sensor position at q = 0."""
    travel_m: Vec3 = (0.0, 0.0, 0.0)
    """Displacement from q = 0 to q = 1 along the lift path (full range)."""
    pitch_deg: tuple[float, float] = (0.0, 0.0)
    """Segment pitch at q = 0 and at q = 1."""
    roll_deg: float = 0.0
    yaw_deg: float = 0.0
    arc_m: float = 0.0
    """If > 0 the sensor moves on a circle of this radius about ``pivot_m`` at angle = pitch."""
    pivot_m: Vec3 = (0.0, 0.0, 1.0)
    """The point the body swings about (hands on a pull-up bar, hips on rows)."""
    lever_m: Vec3 = (0.0, 0.0, 0.0)
    """Vector from the pivot to the point the sensor hangs from (the shoulder); swing moves it."""
    swing_tilt: float = 1.0
    """Share of the body's swing angle that tilts the sensor itself."""
    rest_offset_m: Vec3 = (0.0, 0.0, 0.0)
    """Bar placement only: where the bar waits between sets (rack, floor), relative to the start pose."""

    def mirrored(self) -> Geometry:
        """The same movement on the right side (y → −y)."""

        def m(v: Vec3) -> Vec3:
            return (v[0], -v[1], v[2])

        return replace(
            self,
            base_m=m(self.base_m),
            travel_m=m(self.travel_m),
            pivot_m=m(self.pivot_m),
            lever_m=m(self.lever_m),
            rest_offset_m=m(self.rest_offset_m),
            roll_deg=-self.roll_deg,
        )


_HIP_ROW: Final[Vec3] = (-0.05, 0.0, 0.95)
_GEOMETRY: Final[dict[tuple[str, str], Geometry]] = {
    # Hands fixed on the bar: the wrist barely translates, the forearm pitches as the body rises.
    ("pull_up", "wrist"): Geometry(
        0.0, (0.0, 0.25, 2.25), (0.02, 0.0, 0.03), (88.0, 122.0), 0.0, 0.0, pivot_m=(0.0, 0.25, 2.3)
    ),
    ("barbell_row", "wrist"): Geometry(
        0.0,
        (0.35, 0.25, 0.5),
        (-0.06, 0.0, 0.36),
        (-88.0, -50.0),
        0.0,
        0.0,
        pivot_m=_HIP_ROW,
        lever_m=(0.4, 0.0, -0.1),
        swing_tilt=0.4,
    ),
    ("barbell_row", "bar"): Geometry(
        0.0,
        (0.35, 0.0, 0.5),
        (-0.06, 0.0, 0.36),
        (0.0, 0.0),
        0.0,
        90.0,
        pivot_m=_HIP_ROW,
        lever_m=(0.4, 0.0, -0.1),
        swing_tilt=0.05,
        rest_offset_m=(0.05, 0.0, -0.28),
    ),
    ("dumbbell_row", "wrist"): Geometry(
        0.0,
        (0.4, 0.3, 0.45),
        (-0.1, 0.0, 0.4),
        (-88.0, -40.0),
        0.0,
        0.0,
        pivot_m=(0.0, 0.0, 0.9),
        lever_m=(0.4, 0.3, -0.05),
        swing_tilt=0.4,
    ),
    ("dumbbell_row", "bar"): Geometry(
        0.0,
        (0.4, 0.3, 0.4),
        (-0.1, 0.0, 0.4),
        (0.0, 5.0),
        0.0,
        0.0,
        pivot_m=(0.0, 0.0, 0.9),
        lever_m=(0.4, 0.3, -0.05),
        swing_tilt=0.1,
        rest_offset_m=(0.1, 0.05, -0.3),
    ),
    ("lat_pulldown", "wrist"): Geometry(
        0.0,
        (0.15, 0.3, 1.95),
        (-0.08, 0.0, -0.65),
        (70.0, 115.0),
        0.0,
        0.0,
        pivot_m=(0.0, 0.0, 0.55),
        lever_m=(0.0, 0.0, 0.6),
        swing_tilt=0.5,
    ),
    ("lat_pulldown", "bar"): Geometry(
        0.0,
        (0.15, 0.0, 1.95),
        (-0.08, 0.0, -0.65),
        (0.0, 0.0),
        0.0,
        90.0,
        pivot_m=(0.0, 0.0, 0.55),
        lever_m=(0.0, 0.0, 0.6),
        swing_tilt=0.05,
        rest_offset_m=(0.0, 0.0, 0.08),
    ),
    ("seated_cable_row", "wrist"): Geometry(
        0.0,
        (0.75, 0.12, 0.8),
        (-0.45, 0.0, 0.03),
        (-5.0, 15.0),
        90.0,
        0.0,
        pivot_m=(0.0, 0.0, 0.5),
        lever_m=(0.0, 0.0, 0.55),
        swing_tilt=0.5,
    ),
    ("seated_cable_row", "bar"): Geometry(
        0.0,
        (0.75, 0.0, 0.8),
        (-0.45, 0.0, 0.03),
        (0.0, 4.0),
        90.0,
        90.0,
        pivot_m=(0.0, 0.0, 0.5),
        lever_m=(0.0, 0.0, 0.55),
        swing_tilt=0.1,
        rest_offset_m=(0.25, 0.0, -0.45),
    ),
    # Hands crossed on the chest: the sensor rides the torso about the hips.
    ("hyperextension", "wrist"): Geometry(
        0.0,
        (0.0, 0.1, 1.0),
        pitch_deg=(-75.0, 5.0),
        roll_deg=90.0,
        arc_m=0.45,
        pivot_m=(0.0, 0.0, 1.0),
    ),
    ("bench_press", "wrist"): Geometry(
        1.0, (0.0, 0.3, 0.68), (0.03, 0.0, 0.45), (78.0, 90.0), 0.0, 0.0, pivot_m=(0.0, 0.0, 0.55)
    ),
    ("bench_press", "bar"): Geometry(
        1.0,
        (0.0, 0.0, 0.68),
        (0.03, 0.0, 0.45),
        (0.0, 0.0),
        0.0,
        90.0,
        pivot_m=(0.0, 0.0, 0.55),
        swing_tilt=0.0,
        rest_offset_m=(-0.3, 0.0, 0.06),
    ),
    ("squat", "wrist"): Geometry(
        1.0, (-0.08, 0.3, 0.9), (0.04, 0.0, 0.55), (52.0, 62.0), 0.0, 0.0, pivot_m=(0.0, 0.0, 0.0)
    ),
    ("squat", "bar"): Geometry(
        1.0,
        (-0.1, 0.0, 0.9),
        (0.04, 0.0, 0.55),
        (0.0, 0.0),
        0.0,
        90.0,
        pivot_m=(0.0, 0.0, 0.0),
        swing_tilt=0.0,
        rest_offset_m=(0.35, 0.0, 0.03),
    ),
    ("deadlift", "wrist"): Geometry(
        0.0, (0.05, 0.25, 0.22), (-0.05, 0.0, 0.58), (-88.0, -90.0), 0.0, 0.0, pivot_m=(0.0, 0.0, 0.0)
    ),
    ("deadlift", "bar"): Geometry(
        0.0,
        (0.05, 0.0, 0.22),
        (-0.05, 0.0, 0.58),
        (0.0, 0.0),
        0.0,
        90.0,
        pivot_m=(0.0, 0.0, 0.0),
        swing_tilt=0.0,
    ),
    ("overhead_press", "wrist"): Geometry(
        0.0, (0.12, 0.25, 1.5), (-0.06, 0.0, 0.55), (70.0, 88.0), 0.0, 0.0, pivot_m=(0.0, 0.0, 0.0)
    ),
    ("overhead_press", "bar"): Geometry(
        0.0,
        (0.12, 0.0, 1.5),
        (-0.06, 0.0, 0.55),
        (0.0, 0.0),
        0.0,
        90.0,
        pivot_m=(0.0, 0.0, 0.0),
        swing_tilt=0.0,
        rest_offset_m=(0.35, 0.0, 0.02),
    ),
    # Hands planted: the wrist stays on the floor while the forearm tilts as the chest drops.
    ("push_up", "wrist"): Geometry(
        1.0, (0.0, 0.3, 0.05), (0.0, 0.0, 0.005), (-50.0, -88.0), 0.0, 0.0, pivot_m=(0.0, 0.3, 0.05)
    ),
}

_ALIASES: Final[dict[str, str]] = {"handle": "bar", "torso": "wrist"}

# The other hand braced on the bench during a one-arm row: it only rocks with the body.
_BRACED_ROW: Final[Geometry] = Geometry(
    0.0,
    (0.55, 0.3, 0.62),
    (0.0, 0.0, 0.015),
    (-80.0, -77.0),
    0.0,
    0.0,
    pivot_m=(0.0, 0.0, 0.9),
    lever_m=(0.5, 0.3, -0.2),
    swing_tilt=0.2,
)

SIM_EXERCISES: Final[tuple[str, ...]] = tuple(sorted({e for e, _ in _GEOMETRY}))
"""Exercises the motion model covers."""


def placements_for(exercise: str) -> tuple[str, ...]:
    """The placements that make sense for ``exercise`` (aliases included)."""
    base = {p for e, p in _GEOMETRY if e == exercise}
    extra = {alias for alias, target in _ALIASES.items() if target in base}
    if exercise != "hyperextension":
        extra.discard("torso")
    return tuple(sorted(base | extra))


def check_motion(exercise: str, placement: str) -> None:
    """``ValueError`` naming the valid choices if the model has no such exercise/placement."""
    if exercise not in SIM_EXERCISES:
        raise ValueError(
            f"unknown exercise {exercise!r} for the simulator; choose one of: {', '.join(SIM_EXERCISES)}"
        )
    valid = placements_for(exercise)
    if placement not in valid:
        raise ValueError(
            f"placement {placement!r} does not fit {exercise}; choose one of: {', '.join(valid)}"
        )


def geometry_for(
    exercise: str, placement: str, side: str | None = None, sensor_side: str = "left"
) -> Geometry:
    """The geometry of ``placement`` for ``exercise`` done with ``side`` (``None`` = both hands).

    A wrist sensor on the idle hand of a one-arm row sees only the body's rocking.
    """
    check_motion(exercise, placement)
    kind = _ALIASES.get(placement, placement)
    if exercise == "dumbbell_row" and kind == "wrist" and side is not None and side != sensor_side:
        geo = _BRACED_ROW
    else:
        geo = _GEOMETRY[(exercise, kind)]
    working_side = side if side is not None and kind == "bar" else sensor_side
    return geo.mirrored() if working_side == "right" else geo
