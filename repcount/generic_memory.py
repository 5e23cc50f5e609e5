"""What the generic live counter (no exercise named) remembers from one set for the next.

Notes
-----
The live counter learns each exercise's set (``set_memory.LearntSet``: the detector's axis, the
period, the drop and lag to a rep-ending turn, the rep cycle's shape) and opens the exercise's
next set at its first rep when a turn matches it. It keyed that by the exercise's name, so the
generic counter (what the server runs once the routine is done, or for an exercise not in it)
learnt nothing, and every set opened at its second rep, its first announced about 3 s late.

People do several sets of one exercise in a row. So the generic counter remembers the last set
it finished, whatever it was (with a routine running, the routine's last set too), and a set
opens on it only where its first rep matches that set's rep as ``set_memory.first_rep_start``
asks of a named exercise's, and only with the rep shape: without a name the
shape, the sensor-frame acceleration of a whole rep cycle, is what says it is the same exercise
done the same way (``recall``). A different exercise has another shape, axis or drop, matches nothing, and
opens as with nothing learnt: on the bench workout (generic run) the first dumbbell row set
after barbell rows opened at its second rep, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

from repcount.set_memory import LearntSet

LAST_SET = None
"""The key of the last finished set, whatever its exercise (the generic counter's memory)."""


def remember(
    learnt: MutableMapping[str | None, LearntSet], exercise: str | None, learnt_set: LearntSet
) -> None:
    """Keep ``learnt_set`` as ``exercise``'s previous set and as the last set (``LAST_SET``)."""
    if exercise is not None:
        learnt[exercise] = learnt_set
    learnt[LAST_SET] = learnt_set


def recall(learnt: Mapping[str | None, LearntSet], exercise: str | None) -> LearntSet | None:
    """The set a set of ``exercise`` may open on: the exercise's previous set, or for the generic
    counter (``exercise`` None) the last set when it has its rep shape (the drop and lag rule
    alone, for a set that learnt no shape from fewer than two whole cycles, matched even the reach
    to a lat pulldown bar for the same exercise, ``set_memory``; without a name nothing else says
    the exercise is the same)."""
    found = learnt.get(exercise if exercise is not None else LAST_SET)
    if exercise is None and found is not None and found.shape is None:
        return None
    return found
