"""Settings, the token file, the log filter, the hub under a slow viewer, and the two commands."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from cli.main import main
from server.auth import StripQueryFilter
from server.config import Settings
from server.hub import LAGGED, LiveHub


def test_token_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path / "d")
    token = s.resolved_token()
    assert len(token) >= 16
    path = tmp_path / "d" / "token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Settings(data_dir=tmp_path / "d").resolved_token() == token
    assert Settings(data_dir=tmp_path / "d", token="x" * 20).resolved_token() == "x" * 20


def test_settings_fail_fast_on_bad_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="database_url"):
        Settings(data_dir=tmp_path, database_url="mysql://x")
    with pytest.raises(ValidationError, match="at least 16"):
        Settings(data_dir=tmp_path, token="short")
    assert Settings(data_dir=tmp_path, database_url=None).resolved_database_url().startswith("sqlite:///")
    monkeypatch.setenv("REPCOUNT_PORT", "99999")
    with pytest.raises(ValidationError, match="port"):
        Settings(data_dir=tmp_path)


def test_access_log_lines_lose_their_query_string() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4", "GET", "/?token=sec", "1.1", 303),
        None,
    )
    StripQueryFilter().filter(record)
    assert "sec" not in record.getMessage()
    assert '"GET / HTTP/1.1" 303' in record.getMessage()


async def test_a_slow_viewer_is_told_it_lagged_and_others_are_not_held_up() -> None:
    hub = LiveHub(clock=lambda: 1.0, maxsize=4)
    slow, fast = hub.subscribe(), hub.subscribe()
    for i in range(6):
        hub.publish({"type": "rep", "number": i})
        if not fast.queue.empty():
            json.loads(await anext(fast))
    assert await anext(slow) == LAGGED
    assert slow.dropped == 4
    assert json.loads(await anext(slow))["number"] == 5
    slow.close()
    fast.close()
    assert hub.subscriber_count == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--port", "70000", "--data-dir", "{tmp}"], "bad setting port"),
        (["serve", "--database-url", "mysql://x", "--data-dir", "{tmp}"], "bad setting database_url"),
        (["serve", "--speed", "0", "--data-dir", "{tmp}"], "bad setting speed"),
        (["demo", "--speed", "0", "--data-dir", "{tmp}"], "--speed must be above 0"),
    ],
)
def test_commands_refuse_bad_options_clearly(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 2
    assert message in capsys.readouterr().err
