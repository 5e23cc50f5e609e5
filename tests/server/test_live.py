"""The live path with a scripted counter: WebSocket events, verdicts, storage, export, restart."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from server.config import Settings
from server.main import create_app
from tests.server.conftest import AUTH, TOKEN, live_app, make_set


def _until(ws: Any, kind: str, seen: list[dict[str, Any]]) -> dict[str, Any]:
    while True:
        msg = json.loads(ws.receive_text())
        seen.append(msg)
        if msg["type"] == kind:
            return msg


def test_two_sets_stream_to_the_phone_and_are_stored(any_settings: Settings) -> None:
    settings = any_settings
    script = make_set(5.0, 9, flags={4: ("swing",)}) + make_set(100.0, 7, index=1)
    app, counter = live_app(settings, script, duration_s=140)
    with TestClient(app) as client:
        client.cookies.set("repcount_token", TOKEN)
        with client.websocket_connect("/ws/live") as ws:
            seen: list[dict[str, Any]] = []
            first = _until(ws, "state", seen)
            assert first["slot"]["exercise"] == "pull_up"
            start = _until(ws, "set_start", seen)
            assert start["slot"]["set_number"] == 1
            verdict = _until(ws, "verdict", seen)
            reps = [m for m in seen if m["type"] == "rep"]
            assert [r["number"] for r in reps] == list(range(1, 10))
            assert reps[3]["flags"] == ["swing"]
            assert reps[0]["tempo"] == [1.5, 0.2, 1.0, 0.3]
            assert verdict["range"] == "in"
            assert verdict["momentum_count"] == 1
            end = next(m for m in seen if m["type"] == "set_end")
            assert end["count"] == 9
            assert end["next"]["set_number"] == 2
            second = _until(ws, "verdict", seen)
            assert second["range"] == "under"
            assert second["rest_taken_s"] == pytest.approx(100.0 - 32.0)
            assert any(m["type"] == "status" and m["connected"] for m in seen)
        state = client.get("/api/workouts/current", headers=AUTH).json()
        assert state["slot"]["set_number"] == 3
        assert counter.exercises[-1] == "pull_up"
        wid = state["workout_id"]
        detail = client.get(f"/api/workouts/{wid}", headers=AUTH).json()
        assert [(s["count"], s["status"]) for s in detail["sets"]] == [(9, "done"), (7, "done")]
        assert detail["summary"][0]["sets_done"] == 2
        sid = detail["sets"][0]["id"]
        nested = client.get(f"/api/workouts/{wid}/sets", headers=AUTH).json()
        assert [len(x["reps"]) for x in nested] == [9, 7]
        assert client.get(f"/api/workouts/{wid}/sets/{sid}", headers=AUTH).json()["count"] == 9
        assert client.get(f"/api/workouts/{wid + 1}/sets/{sid}", headers=AUTH).status_code == 404
        one = client.get(f"/api/sets/{sid}", headers=AUTH).json()
        assert [r["number"] for r in one["reps"]] == list(range(1, 10))
        csv_text = client.get(f"/api/workouts/{wid}/reps.csv", headers=AUTH).text
        lines = csv_text.strip().splitlines()
        assert lines[0].startswith("workout_id,set_id,set_seq,exercise")
        assert len(lines) == 1 + 9 + 7
        assert "swing" in lines[4]
        js = client.get(f"/api/workouts/{wid}/reps.json", headers=AUTH).json()
        assert len(js) == 16
        assert js[3]["flags"] == ["swing"]
        assert len(client.get(f"/api/sets/{sid}/reps.csv", headers=AUTH).text.strip().splitlines()) == 10
        png = client.get(f"/api/sets/{sid}/chart.png", headers=AUTH)
        assert png.headers["content-type"] == "image/png"
        assert png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_restart_mid_workout_keeps_finished_sets_and_resumes(any_settings: Settings) -> None:
    settings = any_settings
    # the stream stops in the middle of the second set (its SetEnded never comes)
    script = make_set(5.0, 10) + make_set(100.0, 8, index=1)[:-1]
    app, _ = live_app(settings, script, duration_s=110)
    with TestClient(app) as client, client.websocket_connect("/ws/live", headers=AUTH) as ws:
        seen: list[dict[str, Any]] = []
        _until(ws, "verdict", seen)
        while not (len([m for m in seen if m["type"] == "rep"]) == 15):
            seen.append(json.loads(ws.receive_text()))
    app2 = create_app(settings)
    with TestClient(app2) as client:
        state = client.get("/api/workouts/current", headers=AUTH).json()
        assert (state["slot"]["exercise"], state["slot"]["set_number"]) == ("pull_up", 2)
        detail = client.get(f"/api/workouts/{state['workout_id']}", headers=AUTH).json()
        assert [s["status"] for s in detail["sets"]] == ["done", "aborted"]
        assert detail["sets"][0]["count"] == 10
        # the phone that reconnects sees the last finished set's verdict, named, as before the restart
        verdict = state["verdict"]
        assert (verdict["slot"]["exercise"], verdict["slot"]["set_number"]) == ("pull_up", 1)
        assert (verdict["count"], verdict["range"], verdict["set_id"]) == (10, "in", detail["sets"][0]["id"])


def test_websocket_token_by_first_message(client: TestClient) -> None:
    with client.websocket_connect("/ws/live") as ws:
        ws.send_text(json.dumps({"token": TOKEN}))
        assert json.loads(ws.receive_text())["type"] == "state"


@pytest.mark.parametrize(
    "first", [json.dumps({"token": "wrong-token-xxxxxxxxx"}), "not json", json.dumps([1])]
)
def test_websocket_bad_token_is_refused(client: TestClient, first: str) -> None:
    with client.websocket_connect("/ws/live") as ws:
        ws.send_text(first)
        assert json.loads(ws.receive_text()) == {"type": "error", "detail": "missing or bad token"}
        with pytest.raises(WebSocketDisconnect) as exc:
            ws.receive_text()
        assert exc.value.code == 1008


def test_several_viewers_get_the_same_events(settings: Settings) -> None:
    app, _ = live_app(settings, make_set(2.0, 3), duration_s=20)
    with TestClient(app) as client:
        with (
            client.websocket_connect("/ws/live", headers=AUTH) as a,
            client.websocket_connect("/ws/live", headers=AUTH) as b,
        ):
            sa: list[dict[str, Any]] = []
            sb: list[dict[str, Any]] = []
            _until(a, "verdict", sa)
            _until(b, "verdict", sb)
            assert [m["number"] for m in sa if m["type"] == "rep"] == [1, 2, 3]
            assert [m["number"] for m in sb if m["type"] == "rep"] == [1, 2, 3]
        # a phone that (re)connects now gets the current state: the verdict and rest start
        with client.websocket_connect("/ws/live", headers=AUTH) as c:
            state = json.loads(c.receive_text())
            assert state["type"] == "state"
            assert state["verdict"]["count"] == 3
            assert state["rest_from_s"] == pytest.approx(11.0)
            assert state["slot"]["set_number"] == 2


def test_websocket_cookie_from_another_site_is_not_enough(client: TestClient) -> None:
    client.cookies.set("repcount_token", TOKEN)
    with client.websocket_connect("/ws/live", headers={"Origin": "http://evil.example"}) as ws:
        ws.send_text("{}")  # a page on another site cannot know the token
        assert json.loads(ws.receive_text())["type"] == "error"
    with client.websocket_connect("/ws/live", headers={"Origin": "http://testserver"}) as ws:
        assert json.loads(ws.receive_text())["type"] == "state"
