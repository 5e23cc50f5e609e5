"""Per-rep export (CSV and JSON) and a chart of a set (PNG, drawn with matplotlib)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, HTTPException, Response, status

from server.deps import StoreDep
from server.models import rep_public

router = APIRouter(prefix="/api", tags=["export"])

COLUMNS = (
    "workout_id",
    "set_id",
    "set_seq",
    "exercise",
    "side",
    "rep",
    "counted",
    "start_s",
    "end_s",
    "eccentric_s",
    "pause_bottom_s",
    "concentric_s",
    "pause_top_s",
    "range_frac",
    "mean_concentric_velocity_ms",
    "flags",
    "reasons",
)
MEASURES = COLUMNS[COLUMNS.index("start_s") : COLUMNS.index("flags")]
"""The rep's own measurements, as ``RepPublic`` names them."""


def _rows(store: StoreDep, workout_id: int, set_id: int | None = None) -> list[dict[str, Any]]:
    row = store.get_workout(workout_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no workout {workout_id}")
    out = []
    for s in row.sets:
        if set_id is not None and s.id != set_id:
            continue
        for r in s.reps:
            rp = rep_public(r)
            out.append(
                {
                    "workout_id": workout_id,
                    "set_id": s.id,
                    "set_seq": s.seq,
                    "exercise": s.exercise,
                    "side": s.side,
                    "rep": rp.number,
                    "counted": rp.counted,
                    **rp.model_dump(include=set(MEASURES)),
                    "flags": rp.flags,
                    "reasons": rp.reasons,
                }
            )
    return out


def _csv(rows: list[dict[str, Any]], filename: str) -> Response:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({**r, "flags": " ".join(r["flags"]), "reasons": "; ".join(r["reasons"])})
    return Response(
        buf.getvalue(),
        media_type="text/csv",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/workouts/{workout_id}/reps.csv")
def export_workout_reps_csv(workout_id: int, store: StoreDep) -> Response:
    """Every rep of a workout as CSV, one row per rep."""
    return _csv(_rows(store, workout_id), f"workout-{workout_id}-reps.csv")


@router.get("/workouts/{workout_id}/reps.json")
def export_workout_reps_json(workout_id: int, store: StoreDep) -> list[dict[str, Any]]:
    """Every rep of a workout as JSON."""
    return _rows(store, workout_id)


@router.get("/sets/{set_id}/reps.csv")
def export_set_reps_csv(set_id: int, store: StoreDep) -> Response:
    """Every rep of one set as CSV."""
    s = store.get_set(set_id)
    if s is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no set {set_id}")
    return _csv(_rows(store, s.workout_id, set_id), f"set-{set_id}-reps.csv")


@router.get("/sets/{set_id}/chart.png", response_class=Response)
def read_set_chart(set_id: int, store: StoreDep) -> Response:
    """A set as a PNG: each rep's phases on the time axis, flagged reps marked."""
    s = store.get_set(set_id)
    if s is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no set {set_id}")
    from server.chart import set_chart_png

    return Response(set_chart_png(s), media_type="image/png")
