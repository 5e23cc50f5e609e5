"""Routines as data: the built-in back workout and user routines written as text, YAML or JSON.

One line per exercise::

    Pull-ups 4x8-10 tempo 3-1-1-0 rest 90s @ 20kg
    Dumbbell rows 3x10 per side rest 1:00

YAML/JSON hold ``{"name": ..., "exercises": [...]}`` where each item is such a line or a mapping
``{"exercise", "sets", "reps" ("8-10" or 10) | "min_reps"/"max_reps", "per_side", "tempo",
"rest_s", "load_kg"}``. Every mistake raises ``RoutineError`` naming the line and the fix.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

import yaml

from repcount import DEFAULT_ROUTINE, EXERCISE_IDS

DEFAULT_ROUTINE_NAME = "Perfect back workout"
DEFAULT_REST_S = 90.0
RoutineFormat = Literal["auto", "text", "yaml", "json"]

_ALIASES: dict[str, str] = {
    "pullup": "pull_up",
    "chin up": "pull_up",
    "chinup": "pull_up",
    "bent over row": "barbell_row",
    "barbell bent over row": "barbell_row",
    "one arm dumbbell row": "dumbbell_row",
    "single arm dumbbell row": "dumbbell_row",
    "db row": "dumbbell_row",
    "lat pull down": "lat_pulldown",
    "pulldown": "lat_pulldown",
    "cable row": "seated_cable_row",
    "seated row": "seated_cable_row",
    "back extension": "hyperextension",
    "bench": "bench_press",
    "back squat": "squat",
    "ohp": "overhead_press",
    "military press": "overhead_press",
    "pushup": "push_up",
    "press up": "push_up",
    "curl": "biceps_curl",
    "bicep curl": "biceps_curl",
    "sit up": "crunch",
}
_LINE = re.compile(
    r"^(?P<name>.*?)\s*(?P<sets>-?\d+)\s*[x×]\s*(?P<lo>-?\d+)(?:\s*[-–]\s*(?P<hi>-?\d+))?(?P<rest>.*)$"
)
_TEMPO = re.compile(r"^(?:tempo\s*)?(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)")
_REST = re.compile(r"^rest\s*(?:(\d+):(\d{2})|(\d+(?:\.\d+)?)\s*(s|sec|secs|m|min|mins)?)\b")
_LOAD = re.compile(r"^(?:@|load)\s*(\d+(?:\.\d+)?)\s*(kg|lb|lbs)?\b")
_MAX_SETS, _MAX_REPS = 20, 100


class RoutineError(ValueError):
    """A routine that does not parse or validate; the message names the line and the fix."""


@dataclass(frozen=True, slots=True)
class Prescription:
    """One exercise of a routine: sets × reps range, per side or not, tempo, rest, load."""

    exercise: str
    sets: int
    min_reps: int
    max_reps: int
    per_side: bool = False
    tempo_s: tuple[float, float, float, float] | None = None
    """Target eccentric, bottom pause, concentric, top pause (seconds)."""
    rest_s: float = DEFAULT_REST_S
    load_kg: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["tempo_s"] = list(self.tempo_s) if self.tempo_s is not None else None
        return d


@dataclass(frozen=True, slots=True)
class Routine:
    """A named, ordered list of prescriptions."""

    name: str
    items: tuple[Prescription, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "exercises": [p.to_dict() for p in self.items]}


def default_routine() -> Routine:
    """The brief's "Perfect back workout"."""
    items = tuple(
        Prescription(exercise=ex, sets=n, min_reps=lo, max_reps=hi, per_side=side)
        for ex, n, lo, hi, side in DEFAULT_ROUTINE
    )
    return Routine(name=DEFAULT_ROUTINE_NAME, items=items)


def resolve_exercise(name: str) -> str:
    """Map a human name ("Pull-ups", "Dumbbell rows") to a catalog id, or raise ``RoutineError``."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    candidates = [" ".join(words), " ".join(w[:-1] if w.endswith("s") and len(w) > 2 else w for w in words)]
    for cand in candidates:
        ident = cand.replace(" ", "_")
        if ident in EXERCISE_IDS:
            return ident
        if cand in _ALIASES:
            return _ALIASES[cand]
    known = list(EXERCISE_IDS) + list(_ALIASES)
    close = difflib.get_close_matches(candidates[-1].replace(" ", "_"), known, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known exercises: {', '.join(EXERCISE_IDS)}"
    raise RoutineError(f"unknown exercise {name.strip()!r}{hint}")


def parse_routine(text: str, *, fmt: RoutineFormat = "auto", name: str | None = None) -> Routine:
    """Parse routine text (plain lines, YAML or JSON) into a validated ``Routine``."""
    if fmt == "auto":
        fmt = _guess_format(text)
    if fmt == "text":
        return _from_lines(text, name=name or "My routine")
    if fmt == "json":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RoutineError(f"line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    else:
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            raise RoutineError(f"{where}not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    return routine_from_doc(doc, name=name)


def routine_from_doc(doc: Any, *, name: str | None = None) -> Routine:
    """Build a routine from decoded YAML/JSON: a mapping with ``exercises`` or a bare list."""
    if isinstance(doc, list):
        doc = {"exercises": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("exercises"), list):
        raise RoutineError('expected {"name": ..., "exercises": [...]} or a list of exercises')
    unknown = set(doc) - {"name", "exercises"}
    if unknown:
        raise RoutineError(f"unknown key(s) {sorted(unknown)}; allowed: name, exercises")
    items = []
    for i, item in enumerate(doc["exercises"], start=1):
        where = f"exercise {i}"
        if isinstance(item, str):
            items.append(_parse_line(item, where))
        elif isinstance(item, dict):
            items.append(_from_mapping(item, where))
        else:
            raise RoutineError(f"{where}: expected a line like 'Pull-ups 4x8-10' or a mapping")
    routine_name = name or str(doc.get("name") or "My routine")
    return _check_routine(Routine(name=routine_name.strip()[:200], items=tuple(items)))


def _guess_format(text: str) -> RoutineFormat:
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return "json"
    if re.search(r"^\s*(name|exercises)\s*:|^\s*-\s", text, flags=re.MULTILINE):
        return "yaml"
    return "text"


def _from_lines(text: str, *, name: str) -> Routine:
    items = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            items.append(_parse_line(line, f"line {lineno}"))
    return _check_routine(Routine(name=name, items=tuple(items)))


def _parse_line(line: str, where: str) -> Prescription:
    m = _LINE.match(line.strip())
    if m is None or not m.group("name").strip():
        raise RoutineError(
            f"{where}: cannot read {line.strip()!r}; "
            "write e.g. 'Pull-ups 4x8-10 tempo 3-1-1-0 rest 90s @ 20kg'"
        )
    exercise = _in(where, resolve_exercise, m.group("name"))
    sets, lo = int(m.group("sets")), int(m.group("lo"))
    hi = int(m.group("hi")) if m.group("hi") is not None else lo
    opts: dict[str, Any] = {}
    tail = m.group("rest").strip().lower()
    while tail:
        tail = tail.lstrip(" ,;")
        if tail.startswith(("per side", "each side", "/side")):
            opts["per_side"] = True
            tail = tail.split("side", 1)[1]
        elif (t := _TEMPO.match(tail)) is not None:
            opts["tempo_s"] = tuple(float(g) for g in t.groups())
            tail = tail[t.end() :]
        elif (r := _REST.match(tail)) is not None:
            opts["rest_s"] = _rest_seconds(r)
            tail = tail[r.end() :]
        elif (ld := _LOAD.match(tail)) is not None:
            kg = float(ld.group(1))
            opts["load_kg"] = round(kg * 0.45359237, 2) if (ld.group(2) or "").startswith("lb") else kg
            tail = tail[ld.end() :]
        elif tail:
            raise RoutineError(
                f"{where}: do not understand {tail!r}; allowed after the sets: "
                "'per side', 'tempo 3-1-1-0', 'rest 90s' or 'rest 1:30', '@ 20kg'"
            )
    return _check(where, Prescription(exercise=exercise, sets=sets, min_reps=lo, max_reps=hi, **opts))


def _rest_seconds(m: re.Match[str]) -> float:
    if m.group(1) is not None:
        return int(m.group(1)) * 60.0 + int(m.group(2))
    value = float(m.group(3))
    return value * 60.0 if (m.group(4) or "s").startswith("m") else value


def _from_mapping(item: dict[str, Any], where: str) -> Prescription:
    allowed = {"exercise", "sets", "reps", "min_reps", "max_reps", "per_side", "tempo", "rest_s", "load_kg"}
    unknown = set(item) - allowed
    if unknown:
        raise RoutineError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    if "exercise" not in item or "sets" not in item:
        raise RoutineError(f"{where}: needs at least 'exercise' and 'sets'")
    exercise = _in(where, resolve_exercise, str(item["exercise"]))
    reps = item.get("reps")
    if isinstance(reps, str) and re.fullmatch(r"\s*-?\d+\s*[-–]\s*-?\d+\s*", reps):
        lo_s, hi_s = re.split(r"(?<=\d)\s*[-–]\s*", reps.strip(), maxsplit=1)
        lo, hi = int(lo_s), int(hi_s)
    elif reps is not None:
        lo = hi = _int(where, "reps", reps)
    else:
        lo = _int(where, "min_reps", item.get("min_reps"))
        hi = _int(where, "max_reps", item.get("max_reps", lo))
    tempo = item.get("tempo")
    tempo_s = None
    if tempo is not None:
        t = _TEMPO.fullmatch(str(tempo).strip())
        if t is None:
            raise RoutineError(f"{where}: tempo {tempo!r} must look like '3-1-1-0' (seconds per phase)")
        tempo_s = tuple(float(g) for g in t.groups())
    return _check(
        where,
        Prescription(
            exercise=exercise,
            sets=_int(where, "sets", item["sets"]),
            min_reps=lo,
            max_reps=hi,
            per_side=bool(item.get("per_side", False)),
            tempo_s=tempo_s,  # type: ignore[arg-type]
            rest_s=_num(where, "rest_s", item.get("rest_s", DEFAULT_REST_S)),
            load_kg=None if item.get("load_kg") is None else _num(where, "load_kg", item["load_kg"]),
        ),
    )


def _int(where: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RoutineError(f"{where}: {key} must be a whole number, got {value!r}")
    return value


def _num(where: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RoutineError(f"{where}: {key} must be a number, got {value!r}")
    return float(value)


def _in(where: str, fn: Any, arg: str) -> str:
    try:
        return str(fn(arg))
    except RoutineError as exc:
        raise RoutineError(f"{where}: {exc}") from None


def _check(where: str, p: Prescription) -> Prescription:
    if not 1 <= p.sets <= _MAX_SETS:
        raise RoutineError(f"{where}: sets must be between 1 and {_MAX_SETS}, got {p.sets}")
    if not 1 <= p.min_reps <= _MAX_REPS or not 1 <= p.max_reps <= _MAX_REPS:
        raise RoutineError(f"{where}: reps must be between 1 and {_MAX_REPS}, got {p.min_reps}-{p.max_reps}")
    if p.min_reps > p.max_reps:
        raise RoutineError(f"{where}: rep range {p.min_reps}-{p.max_reps} is reversed; write low-high")
    if not 0 <= p.rest_s <= 3600:
        raise RoutineError(f"{where}: rest must be between 0 s and 1 hour, got {p.rest_s:g} s")
    if p.load_kg is not None and not 0 <= p.load_kg <= 1000:
        raise RoutineError(f"{where}: load must be between 0 and 1000 kg, got {p.load_kg:g}")
    if p.tempo_s is not None and any(x > 30 for x in p.tempo_s):
        raise RoutineError(f"{where}: each tempo phase must be at most 30 s")
    return p


def _check_routine(routine: Routine) -> Routine:
    if not routine.items:
        raise RoutineError("the routine has no exercises; write one per line, e.g. 'Pull-ups 4x8-10'")
    if len(routine.items) > 50:
        raise RoutineError("a routine holds at most 50 exercises")
    return routine
