"""The workout state machine walks the routine: sets, sides, skip, repeat, change, finish, resume."""

from server.routine import default_routine, parse_routine
from server.workout import Position, Workout


def _walk(w: Workout) -> list[tuple[str, int, str | None]]:
    out = []
    slot = w.current()
    while slot is not None:
        out.append((slot.exercise, slot.set_number, slot.side))
        slot = w.advance()
    return out


def test_walks_every_set_and_side_of_the_default_routine() -> None:
    slots = _walk(Workout(default_routine()))
    assert len(slots) == 4 + 4 + 3 * 2 + 3 + 3 + 3
    assert slots[:2] == [("pull_up", 1, None), ("pull_up", 2, None)]
    assert slots[8:12] == [
        ("dumbbell_row", 1, "left"),
        ("dumbbell_row", 1, "right"),
        ("dumbbell_row", 2, "left"),
        ("dumbbell_row", 2, "right"),
    ]
    assert slots[-1] == ("hyperextension", 3, None)


def test_repeat_goes_back_one_slot_across_sides_and_exercises() -> None:
    w = Workout(parse_routine("Pull-ups 2x8\nDumbbell rows 1x10 per side"))
    assert w.repeat() is not None
    assert w.position == Position()
    w.advance()
    w.advance()
    w.advance()
    assert w.position == Position(1, 1, 1)
    w.repeat()
    assert w.position == Position(1, 1, 0)
    w.repeat()
    assert w.position == Position(0, 2, 0)
    w.finish()
    assert w.finished
    assert w.current() is None
    assert w.advance() is None
    w.repeat()
    assert w.position == Position(1, 1, 1)


def test_change_jumps_or_adds_an_exercise() -> None:
    w = Workout(parse_routine("Pull-ups 2x8\nLat pulldowns 3x12"))
    assert w.change("lat_pulldown").set_number == 1  # type: ignore[union-attr]
    slot = w.change("biceps_curl")
    assert slot is not None
    assert (slot.exercise, slot.prescription.sets, slot.prescription.min_reps) == (
        "biceps_curl",
        3,
        8,
    )
    assert len(w.routine.items) == 3


def test_round_trip_through_the_stored_form() -> None:
    w = Workout(parse_routine("Pull-ups 4x8-10 tempo 3-1-1-0 rest 60 @ 10kg\nDumbbell rows 3x10 per side"))
    w.change("dumbbell_row")
    w.advance()
    d = w.to_dict()
    back = Workout.from_dict(d["routine"], d["position"])
    assert back.routine == w.routine
    assert back.position == w.position == Position(1, 1, 1)
