"""Routine text, YAML and JSON parse into the same prescriptions; every mistake names its line."""

import pytest

from repcount import DEFAULT_ROUTINE, EXERCISE_IDS
from server.routine import Prescription, RoutineError, default_routine, parse_routine, resolve_exercise


def test_default_routine_matches_the_catalog() -> None:
    routine = default_routine()
    assert [(p.exercise, p.sets, p.min_reps, p.max_reps, p.per_side) for p in routine.items] == list(
        DEFAULT_ROUTINE
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Pull-ups", "pull_up"),
        ("pull ups", "pull_up"),
        ("Dumbbell rows", "dumbbell_row"),
        ("Lat pulldowns", "lat_pulldown"),
        ("Seated cable rows", "seated_cable_row"),
        ("Back extensions", "hyperextension"),
        ("OHP", "overhead_press"),
        ("barbell_row", "barbell_row"),
    ],
)
def test_human_names_resolve_to_ids(name: str, expected: str) -> None:
    assert resolve_exercise(name) == expected


def test_every_catalog_id_resolves_to_itself() -> None:
    assert [resolve_exercise(e) for e in EXERCISE_IDS] == list(EXERCISE_IDS)


def test_text_lines_with_every_option() -> None:
    routine = parse_routine(
        "# my back day\nPull-ups 4x8-10 tempo 3-1-1-0 rest 90s @ 20kg\n\n"
        "Dumbbell rows 3x10 per side rest 1:15\n"
        "Hyperextension 3x15 rest 2 min @ 45 lb",
        name="Back",
    )
    assert routine.name == "Back"
    assert routine.items == (
        Prescription("pull_up", 4, 8, 10, False, (3.0, 1.0, 1.0, 0.0), 90.0, 20.0),
        Prescription("dumbbell_row", 3, 10, 10, True, None, 75.0, None),
        Prescription("hyperextension", 3, 15, 15, False, None, 120.0, 20.41),
    )


def test_yaml_and_json_give_the_same_routine_as_text() -> None:
    text = parse_routine("Pull-ups 4x8-10 tempo 3-1-1-0 rest 60\nDumbbell rows 3x10 per side")
    yml = parse_routine(
        "name: My routine\nexercises:\n  - Pull-ups 4x8-10 tempo 3-1-1-0 rest 60\n"
        "  - {exercise: Dumbbell rows, sets: 3, reps: 10, per_side: true}\n"
    )
    js = parse_routine(
        '{"exercises": [{"exercise": "pull_up", "sets": 4, "reps": "8-10", "tempo": "3-1-1-0", "rest_s": 60},'
        ' "Dumbbell rows 3x10 per side"]}'
    )
    assert text == yml == js


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ("Pull-ups 4x8-10\nSkydiving 3x10", "auto", "line 2: unknown exercise 'Skydiving'"),
        ("Pullupz 4x8", "auto", "did you mean"),
        ("Pull-ups 4x-8", "auto", "line 1: reps must be between 1"),
        ("Pull-ups -4x8", "auto", "line 1: sets must be between 1"),
        ("Pull-ups 4x10-8", "auto", "reversed"),
        ("Pull-ups four sets", "auto", "line 1: cannot read"),
        ("Pull-ups 4x8 with love", "auto", "do not understand 'with love'"),
        ("", "auto", "no exercises"),
        ('{"exercises": [', "json", "line 1: not valid JSON"),
        ("exercises:\n  - [unclosed", "yaml", "not valid YAML"),
        ('{"exercises": [{"exercise": "pull_up", "sets": 3, "reps": "x"}]}', "json", "reps must be a whole"),
        ('{"exercises": [{"exercise": "pull_up", "sets": 3, "reps": 8, "color": 1}]}', "json", "unknown key"),
        ('{"exercises": [{"exercise": "pull_up", "sets": 3, "reps": 8, "tempo": "fast"}]}', "json", "tempo"),
        ('{"exercises": [{"exercise": "pull_up", "sets": 3, "reps": 8, "rest_s": -5}]}', "json", "rest must"),
        ('{"exercises": [{"exercise": "pull_up"}]}', "json", "needs at least"),
        ('{"exercises": [42]}', "json", "exercise 1: expected"),
        ('"just a string"', "json", "expected {"),
        ("Pull-ups 4x8 tempo 40-0-1-0", "text", "at most 30 s"),
    ],
)
def test_bad_routines_raise_clear_errors(text: str, fmt: str, message: str) -> None:
    with pytest.raises(
        RoutineError, match=message.replace("(", r"\(").replace("[", r"\[").replace("{", r"\{")
    ):
        parse_routine(text, fmt=fmt)  # type: ignore[arg-type]
