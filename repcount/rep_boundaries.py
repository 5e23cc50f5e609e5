"""The result of ``boundaries.find_boundaries``: each rep's phase boundaries on a velocity track
(``RepBoundaries``), and what its travel measures (``travel_measures_range``, with the set's
median travel of each rep half). Read by tempo, momentum, swing and the edge-rep stages; the
notes numbered in the fields' docstrings are ``repcount.boundaries``'."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from repcount.filter import FloatArray
from repcount.stats import median

Source = Literal["gyro", "accel", "tilt", "none"]


@dataclass(frozen=True, slots=True, eq=False)
class RepBoundaries:
    """Per rep (aligned with the segments), fractional sample indices into the window."""

    onset: FloatArray
    """First half starts moving (the rep starts)."""
    turn_in: FloatArray
    """First half stops (the turn pause starts)."""
    turn_out: FloatArray
    """Second half starts moving (the turn pause ends)."""
    settle: FloatArray
    """Second half stops (the closing pause starts)."""
    finish: FloatArray
    """The rep ends: the next rep's onset, or ``settle`` plus the set's median closing pause."""
    velocity: FloatArray
    """(n,) the velocity track used, oriented so each rep's first half is positive (unit of its source)."""
    peak_first: FloatArray
    """Peak velocity of each first half (unit of the source)."""
    peak_second: FloatArray
    """Peak |velocity| of each second half (unit of the source)."""
    excursion: FloatArray
    """Distance each rep travels (unit of the source × s: metres for ``"accel"``, radians for
    ``"gyro"``): the mean of its two halves' integrated |velocity|; for ``"accel"`` the range of
    its path on the velocity whose joints are pinned at its sign change, brought back to its
    start (note 6)."""
    half_travel: FloatArray
    """(2, k) each rep's first and second half's integrated |velocity| on ``velocity`` (for
    ``"gyro"`` and ``"tilt"``, ``excursion`` is their mean). At a set's edge one half can merge
    into the walk-up or the re-rack, so there the half that faces the set is the rep's travel
    (``edge_travel.edge_travel``)."""
    source: Source
    """Which candidate the velocity came from."""
    moving_turn: FloatArray | None = None
    """Where each rep's turn is timed when the sensor keeps moving between its two lobes (the
    tempo has no turn pause there), NaN where the gap is a pause or a joint
    (``repcount.lobes.moving_turns``). The other fields, which the travel and the flags read,
    keep the lobes' own edges."""
    moving_settle: FloatArray | None = None
    """Where such a rep's second half ends when its closing gap moves too (the next rep's onset),
    NaN elsewhere (``repcount.lobes.moving_turns``)."""
    unturned: bool = False
    """A gyro was read and the set's median rep turned it under ``boundaries.MIN_GYRO_RADS`` at its peak: the
    sensor moved without turning, so gravity's share of its axis held still and the
    accelerometer's travel is its path (``travel_measures_range``)."""

    def __post_init__(self) -> None:
        for arr in (
            self.onset,
            self.turn_in,
            self.turn_out,
            self.settle,
            self.finish,
            self.velocity,
            self.peak_first,
            self.peak_second,
            self.excursion,
            self.half_travel,
            *(a for a in (self.moving_turn, self.moving_settle) if a is not None),
        ):
            arr.flags.writeable = False

    def measures_range(self, placement: str) -> bool:
        """Whether these reps' travel measures their range of motion at ``placement``
        (``travel_measures_range`` on this set's source and ``unturned``)."""
        return travel_measures_range(placement, self.source, unturned=self.unturned)


BAR_PLACEMENTS = ("bar", "handle")
"""Placements on the load's own path (no limb tilt mixed into the accelerometer's travel)."""


def travel_measures_range(placement: str, source: Source, *, unturned: bool = False) -> bool:
    """Whether a rep's travel (integrated on ``source``) measures its range of motion: on a bar
    or handle (the load's own path; what velocity-based devices count on), on the gyro (the
    limb's angle), or on the accelerometer where a gyro saw the sensor's reps move without
    turning (``unturned``: a deadlift's hanging arms carry the wrist up and down the bar's path,
    2° of tilt in the simulator); not at the wrist from the accelerometer alone, where tilt is
    mixed into the velocity."""
    return placement in BAR_PLACEMENTS or source == "gyro" or (source == "accel" and unturned)


def half_travel_medians(bounds: RepBoundaries, counted: NDArray[np.bool_]) -> FloatArray:
    """The set's median travel of each rep half (``RepBoundaries.half_travel``) over ``counted``."""
    return np.array([median(row[counted]) for row in bounds.half_travel])
