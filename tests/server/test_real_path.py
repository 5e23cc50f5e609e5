"""The real chain without a browser: a simulated recording replayed through ``sensors`` and
repcount's ``LiveCounter`` into the app; what the phone receives is what the store keeps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from firmware_sim import RepScenario, simulate
from sensors import Recording, SourceKind, open_source, write_recording
from server.config import Settings
from server.main import create_app
from tests.server.conftest import AUTH


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rec = simulate(RepScenario(exercise="pull_up", reps=9, faults={5: "kip"}, seed=3))
    path = tmp_path_factory.mktemp("rec") / "pullups.csv"
    write_recording(path, Recording(rec.t_s, rec.accel_ms2, rec.gyro_rads, meta=rec.sidecar()))
    return path


def test_replayed_set_reaches_the_phone_and_the_store_alike(settings: Settings, recording: Path) -> None:
    def source() -> Any:
        return open_source(SourceKind.REPLAY, path=recording, speed=0)

    app = create_app(settings, source_factory=source)
    with TestClient(app) as client, client.websocket_connect("/ws/live", headers=AUTH) as ws:
        msgs: list[dict[str, Any]] = []
        while not any(m["type"] == "verdict" for m in msgs):
            msgs.append(json.loads(ws.receive_text()))
        kinds = [m["type"] for m in msgs]
        assert kinds[0] == "state"
        assert kinds.index("set_start") < kinds.index("rep") < kinds.index("set_end") < kinds.index("verdict")
        reps = [m for m in msgs if m["type"] == "rep"]
        assert [r["number"] for r in reps] == list(range(1, len(reps) + 1))
        assert all(len(r["tempo"]) == 4 and r["detected_t_s"] >= r["end_s"] for r in reps)
        verdict = next(m for m in msgs if m["type"] == "verdict")
        state = client.get("/api/workouts/current", headers=AUTH).json()
        detail = client.get(f"/api/workouts/{state['workout_id']}", headers=AUTH).json()
    done = [s for s in detail["sets"] if s["status"] == "done"]
    assert done, detail["sets"]
    first = done[0]
    assert first["count"] == verdict["count"] >= 1
    assert first["verdict"]["message"] == verdict["message"]
    assert (first["exercise"], first["set_number"]) == ("pull_up", 1)
