"""Every route, with and without the token, and every bad input: clear 4xx, nothing stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import AUTH, TOKEN

ROUTES = [
    ("GET", "/"),
    ("GET", "/history"),
    ("GET", "/static/app.js"),
    ("GET", "/api/routines"),
    ("POST", "/api/routines"),
    ("GET", "/api/routines/1"),
    ("DELETE", "/api/routines/1"),
    ("GET", "/api/workouts"),
    ("POST", "/api/workouts"),
    ("GET", "/api/workouts/current"),
    ("POST", "/api/workouts/current/actions"),
    ("GET", "/api/workouts/1"),
    ("GET", "/api/workouts/1/sets"),
    ("GET", "/api/workouts/1/sets/1"),
    ("GET", "/api/workouts/1/reps.csv"),
    ("GET", "/api/workouts/1/reps.json"),
    ("GET", "/api/sets/1"),
    ("GET", "/api/sets/1/reps.csv"),
    ("GET", "/api/sets/1/chart.png"),
]


def test_health_answers_without_token(client: TestClient) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong-token-xxxxxxxxxxxx"}, {"Cookie": "repcount_token=nope"}]
)
def test_every_route_needs_the_token(
    client: TestClient, method: str, path: str, headers: dict[str, str]
) -> None:
    r = client.request(method, path, headers=headers)
    assert r.status_code == 401
    assert "token" in r.json()["detail"]


def test_token_in_url_sets_cookie_and_leaves_the_address_bar(client: TestClient) -> None:
    r = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/"
    assert "HttpOnly" in r.headers["set-cookie"]
    page = client.get("/")  # the client keeps the cookie
    assert page.status_code == 200
    assert "repcount" in page.text
    client.cookies.clear()
    assert client.get("/?token=wrong-token-xxxxxxxx", follow_redirects=False).status_code == 401


def test_a_history_link_with_the_token_lets_a_person_in(client: TestClient) -> None:
    r = client.get(f"/history?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/history"
    assert client.get("/history").status_code == 200  # the cookie now carries it


@pytest.mark.parametrize("path", ["/", "/history", "/history?token=wrong-token-xxxxxxxx"])
def test_a_browser_without_the_token_is_told_how_to_get_in(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("text/html")
    assert "Open the link" in r.text
    assert "QR code" in r.text
    api = client.get("/api/workouts", headers={"Accept": "text/html"})  # an API route stays JSON
    assert api.status_code == 401
    assert "token" in api.json()["detail"]


def test_routines_list_create_read_delete(client: TestClient) -> None:
    builtin = client.get("/api/routines", headers=AUTH).json()
    assert [r["name"] for r in builtin] == ["Perfect back workout"]
    assert [e["exercise"] for e in builtin[0]["exercises"]][:2] == ["pull_up", "barbell_row"]
    r = client.post(
        "/api/routines",
        headers=AUTH,
        json={"name": "Mine", "text": "Pull-ups 4x8-10 tempo 3-1-1-0\nDumbbell rows 3x10 per side"},
    )
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["exercises"][1] == {
        "exercise": "dumbbell_row",
        "sets": 3,
        "min_reps": 10,
        "max_reps": 10,
        "per_side": True,
        "tempo_s": None,
        "rest_s": 90.0,
        "load_kg": None,
    }
    assert client.get(f"/api/routines/{made['id']}", headers=AUTH).json()["name"] == "Mine"
    assert client.delete(f"/api/routines/{builtin[0]['id']}", headers=AUTH).status_code == 409
    assert client.delete(f"/api/routines/{made['id']}", headers=AUTH).status_code == 204
    assert client.get(f"/api/routines/{made['id']}", headers=AUTH).status_code == 404
    assert client.delete(f"/api/routines/{made['id']}", headers=AUTH).status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"text": "Pull-ups 4x8\nSkydiving 3x10"}, 422, "line 2: unknown exercise"),
        ({"text": "Pull-ups 4x-8"}, 422, "reps must be between"),
        ({"text": "Pull-ups -4x8"}, 422, "sets must be between"),
        ({"text": "Pull-ups for ever"}, 422, "cannot read"),
        ({"text": "{not json", "format": "json"}, 422, "not valid JSON"),
        ({"text": "Pull-ups 4x8", "format": "xml"}, 422, "format"),
        ({"text": ""}, 422, "text"),
        ({"text": "Pull-ups 4x8", "colour": "red"}, 422, "colour"),
        ({"name": "x" * 500, "text": "Pull-ups 4x8"}, 422, "name"),
        ({"text": "Pull-ups 4x8\n" * 3000}, 422, "at most 20000"),
        ({"text": "Pull-ups 4x8\n" * 6000}, 413, "over"),
    ],
)
def test_bad_routines_are_rejected_and_nothing_is_stored(
    client: TestClient, body: dict[str, str], status: int, needle: str
) -> None:
    r = client.post("/api/routines", headers=AUTH, json=body)
    assert r.status_code == status
    assert needle in str(r.json()["detail"])
    assert len(client.get("/api/routines", headers=AUTH).json()) == 1


def test_not_json_and_chunked_oversize_bodies(client: TestClient) -> None:
    r = client.post("/api/routines", headers={**AUTH, "content-type": "application/json"}, content=b"{oops")
    assert r.status_code == 422

    def chunks() -> object:
        for _ in range(100):
            yield b"x" * 1024

    r = client.post("/api/routines", headers={**AUTH, "content-type": "application/json"}, content=chunks())
    assert r.status_code == 413


def test_workout_routes_and_actions(client: TestClient) -> None:
    state = client.get("/api/workouts/current", headers=AUTH).json()
    assert state["slot"]["exercise"] == "pull_up"
    assert (state["slot"]["set_number"], state["slot"]["set_total"]) == (1, 4)
    s = client.post("/api/workouts/current/actions", headers=AUTH, json={"action": "skip"}).json()
    assert s["slot"]["set_number"] == 2
    s = client.post("/api/workouts/current/actions", headers=AUTH, json={"action": "repeat"}).json()
    assert s["slot"]["set_number"] == 1
    s = client.post(
        "/api/workouts/current/actions", headers=AUTH, json={"action": "change", "exercise": "dumbbell_row"}
    ).json()
    assert (s["slot"]["exercise"], s["slot"]["side"]) == ("dumbbell_row", "left")
    s = client.post("/api/workouts/current/actions", headers=AUTH, json={"action": "skip"}).json()
    assert (s["slot"]["set_number"], s["slot"]["side"]) == (1, "right")
    bad = client.post(
        "/api/workouts/current/actions", headers=AUTH, json={"action": "change", "exercise": "skydiving"}
    )
    assert bad.status_code == 422
    assert "unknown exercise" in bad.json()["detail"]
    assert (
        client.post("/api/workouts/current/actions", headers=AUTH, json={"action": "dance"}).status_code
        == 422
    )
    # the position survives in the store
    wid = s["workout_id"]
    assert client.get(f"/api/workouts/{wid}", headers=AUTH).json()["status"] == "active"
    fin = client.post("/api/workouts/current/actions", headers=AUTH, json={"action": "finish"}).json()
    assert fin["finished"] is True
    assert fin["summary"][0]["advice"]["action"] == "stay"
    assert client.get(f"/api/workouts/{wid}", headers=AUTH).json()["status"] == "done"


def test_start_workout_on_a_user_routine(client: TestClient) -> None:
    rid = client.post("/api/routines", headers=AUTH, json={"text": "Squat 2x5 @ 100kg"}).json()["id"]
    assert client.post("/api/workouts", headers=AUTH, json={"routine_id": 999}).status_code == 404
    assert client.post("/api/workouts", headers=AUTH, json={"routine_id": -1}).status_code == 422
    assert client.post("/api/workouts", headers=AUTH, json={"routine_id": "one"}).status_code == 422
    before = len(client.get("/api/workouts", headers=AUTH).json())
    s = client.post("/api/workouts", headers=AUTH, json={"routine_id": rid})
    assert s.status_code == 201
    assert s.json()["slot"]["exercise"] == "squat"
    ws = client.get("/api/workouts", headers=AUTH).json()
    assert len(ws) == before + 1
    assert [w["status"] for w in ws[:2]] == ["active", "done"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/workouts/999",
        "/api/workouts/999/reps.csv",
        "/api/workouts/999/reps.json",
        "/api/workouts/999/sets",
        "/api/workouts/999/sets/999",
        "/api/sets/999",
        "/api/sets/999/reps.csv",
        "/api/sets/999/chart.png",
        "/api/routines/999",
    ],
)
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    r = client.get(path, headers=AUTH)
    assert r.status_code == 404
    assert "999" in r.json()["detail"]


@pytest.mark.parametrize("query", ["limit=0", "limit=100000", "offset=-1", "limit=abc"])
def test_bad_paging_is_422(client: TestClient, query: str) -> None:
    assert client.get(f"/api/workouts?{query}", headers=AUTH).status_code == 422


def test_the_auth_test_covers_every_route(client: TestClient) -> None:
    import re

    served = set()
    for route in client.app.routes:  # type: ignore[attr-defined]
        path = getattr(route, "path", "")
        for method in getattr(route, "methods", None) or ():
            if method != "HEAD" and path not in (
                "/api/health",
                "/docs",
                "/redoc",
                "/openapi.json",
                "/docs/oauth2-redirect",
            ):
                served.add((method, re.sub(r"\{[^}]+\}", "1", path)))
    assert served <= set(ROUTES)
