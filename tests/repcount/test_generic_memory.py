"""What the generic live counter remembers across sets (``repcount.generic_memory``)."""

from __future__ import annotations

import numpy as np

from repcount.generic_memory import LAST_SET, recall, remember
from repcount.set_memory import SHAPE_POINTS, LearntSet


def _learnt(shape: bool) -> LearntSet:
    cycle = np.sin(np.linspace(0.0, 2.0 * np.pi, SHAPE_POINTS))[:, None] * np.array([[1.0, 0.2, 0.0]])
    return LearntSet(np.array([1.0, 0.0, 0.0]), 3.0, 6.0, 5.0, 1.0, cycle if shape else None)


def test_the_generic_counter_recalls_the_last_set_whatever_its_exercise() -> None:
    learnt: dict[str | None, LearntSet] = {}
    rows, press = _learnt(True), _learnt(True)
    remember(learnt, "barbell_row", rows)
    assert recall(learnt, None) is rows  # the routine's last set, once the routine is done
    remember(learnt, None, press)
    assert recall(learnt, None) is press
    assert recall(learnt, "barbell_row") is rows  # a named exercise keeps its own
    assert learnt[LAST_SET] is press


def test_the_generic_counter_recalls_no_set_without_its_rep_shape() -> None:
    learnt: dict[str | None, LearntSet] = {}
    remember(learnt, "lat_pulldown", _learnt(False))
    assert recall(learnt, None) is None
    assert recall(learnt, "lat_pulldown") is not None
