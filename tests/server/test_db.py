"""The store on SQLite and PostgreSQL: same schema, commits as it goes, resumes, no half writes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from repcount import Rep
from server.db import Store, add_missing_columns
from server.models import rep_public
from server.routine import parse_routine
from server.summary import summarize_workout
from server.workout import Workout


@pytest.fixture
def store(db_url: str) -> Store:
    s = Store(db_url)
    yield s  # type: ignore[misc]
    s.close()


def _rep(i: int, flags: tuple[str, ...] = ()) -> Rep:
    return Rep(float(i), i + 0.9, 0.4, 0.1, 0.3, 0.1, flags=flags)


def test_builtin_routine_is_seeded_once(db_url: str) -> None:
    Store(db_url).close()
    s = Store(db_url)
    rows = s.list_routines()
    assert [(r.name, r.builtin) for r in rows] == [("Perfect back workout", True)]
    s.close()


def test_sets_and_reps_are_committed_as_they_happen(store: Store) -> None:
    w = Workout(parse_routine("Pull-ups 3x8-10"))
    wid = store.start_workout(None, w)
    slot = w.current()
    assert slot is not None
    sid = store.open_set(wid, slot, 10.0)
    store.add_rep(sid, 1, _rep(10))
    store.add_rep(sid, 2, _rep(11, ("swing",)))
    live = store.get_set(sid)
    assert live is not None
    assert (live.status, live.count, len(live.reps)) == ("open", 2, 2)
    final = (_rep(10), _rep(11, ("swing",)), _rep(12))
    store.close_set(
        sid, end_s=13.0, fields={"count": 3, "momentum_count": 1}, reps=final, partial_reps=(_rep(14),)
    )
    done = store.get_set(sid)
    assert done is not None
    assert (done.status, done.count, done.end_s) == ("done", 3, 13.0)
    assert [(r.number, r.counted, r.flags) for r in done.reps] == [
        (1, True, ""),
        (2, True, "swing"),
        (3, True, ""),
        (0, False, ""),
    ]


def test_each_flags_reason_is_stored_with_the_rep(store: Store) -> None:
    w = Workout(parse_routine("Pull-ups 3x8-10"))
    sid = store.open_set(store.start_workout(None, w), w.current(), 10.0)  # type: ignore[arg-type]
    reasons = ("hips swung 0.21 rad, 2.3x the set's median rep", "jerk 6.1 over the set's 2.0,\nline two")
    store.add_rep(sid, 1, Rep(10.0, 12.0, 1.0, 0.0, 1.0, 0.0, flags=("swing", "jerky"), reasons=reasons))
    row = store.get_set(sid)
    assert row is not None
    got = rep_public(row.reps[0])
    assert got.flags == ["swing", "jerky"]
    assert got.reasons == [reasons[0], "jerk 6.1 over the set's 2.0, line two"]


def test_each_reps_velocity_is_stored_on_a_bar_and_none_at_the_wrist(store: Store) -> None:
    w = Workout(parse_routine("Barbell rows 4x8-10"))
    sid = store.open_set(store.start_workout(None, w), w.current(), 10.0)  # type: ignore[arg-type]
    store.add_rep(sid, 1, Rep(10.0, 12.0, 1.0, 0.0, 1.0, 0.0, mean_concentric_velocity_ms=0.614))
    store.add_rep(sid, 2, Rep(12.0, 14.0, 1.0, 0.0, 1.0, 0.0))
    row = store.get_set(sid)
    assert row is not None
    assert [rep_public(r).mean_concentric_velocity_ms for r in row.reps] == [0.614, None]


def test_a_database_from_before_the_reasons_and_velocity_columns_opens_and_keeps_its_reps(
    db_url: str,
) -> None:
    old = Store(db_url)
    w = Workout(parse_routine("Pull-ups 3x8-10"))
    sid = old.open_set(old.start_workout(None, w), w.current(), 10.0)  # type: ignore[arg-type]
    old.add_rep(sid, 1, _rep(10, ("swing",)))
    with old.engine.begin() as conn:  # the schema as the first release made it
        conn.execute(text("ALTER TABLE reps DROP COLUMN reasons"))
        conn.execute(text("ALTER TABLE reps DROP COLUMN mean_concentric_velocity_ms"))
    old.close()
    s = Store(db_url)
    row = s.get_set(sid)
    assert row is not None
    got = [rep_public(r) for r in row.reps]
    assert [(r.flags, r.reasons, r.mean_concentric_velocity_ms) for r in got] == [(["swing"], [], None)]
    bounced = Rep(11.0, 12.0, 0.4, 0.1, 0.3, 0.1, flags=("bounce",), reasons=("rebound",))
    s.add_rep(sid, 2, replace(bounced, mean_concentric_velocity_ms=0.5))
    row = s.get_set(sid)
    assert row is not None
    assert [rep_public(r).reasons for r in row.reps] == [[], ["rebound"]]
    assert [rep_public(r).mean_concentric_velocity_ms for r in row.reps] == [None, 0.5]
    assert add_missing_columns(s.engine) == []  # nothing left to add
    s.close()


def test_active_workout_resumes_and_open_sets_are_aborted(store: Store) -> None:
    w = Workout(parse_routine("Pull-ups 3x8-10\nSquat 2x5"))
    wid = store.start_workout(None, w)
    w.advance()
    store.save_workout(wid, w)
    slot = w.current()
    assert slot is not None
    store.open_set(wid, slot, 50.0)
    got = store.active_workout()
    assert got is not None
    assert got[0] == wid
    assert got[1].position == w.position
    assert store.abort_open_sets(wid) == 1
    row = store.get_workout(wid)
    assert row is not None
    assert [s.status for s in row.sets] == ["aborted"]
    wid2 = store.start_workout(None, Workout(w.routine))
    assert [x.status for x in store.list_workouts()] == ["active", "done"]
    assert store.active_workout() is not None
    assert store.active_workout()[0] == wid2


def test_a_failed_write_stores_nothing(store: Store) -> None:
    w = Workout(parse_routine("Pull-ups 3x8-10"))
    wid = store.start_workout(None, w)
    slot = w.current()
    assert slot is not None
    with pytest.raises(IntegrityError):
        store.add_rep(999_999, 1, _rep(1))  # no such set: the foreign key refuses it
    sid = store.open_set(wid, slot, 1.0)
    got = store.get_set(sid)
    assert got is not None
    assert got.reps == []


def test_a_stored_grind_reaches_the_advice_and_older_summaries_still_load(store: Store) -> None:
    w = Workout(parse_routine("Pull-ups 2x8-10"))
    wid = store.start_workout(None, w)
    slot = w.current()
    assert slot is not None
    # a summary stored before the last rep's grind was measured has no such key
    old = {"count": 10, "partial_count": 0, "flagged_count": 0, "slowdown_pct": 5.0}
    summaries = [old, {**old, "last_rep_slowdown_pct": 80.0, "last_rep_grind": True}]
    for k, summary in enumerate(summaries):
        sid = store.open_set(wid, slot, 100.0 * k)
        reps = tuple(_rep(100 * k + i) for i in range(10))
        store.close_set(sid, end_s=100.0 * k + 10, fields={"count": 10, "summary": summary}, reps=reps)
    row = store.get_workout(wid)
    assert row is not None
    (item,) = summarize_workout(w.routine, row.sets)
    assert item["advice"]["action"] == "stay"
    assert "last rep ground out (set 2" in item["advice"]["reason"]
    (before,) = summarize_workout(w.routine, row.sets[:1] * 2)  # the old summary alone: no grind
    assert before["advice"]["action"] == "increase"
