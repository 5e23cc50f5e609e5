"""``/ws/live``: the current state first, then every live event as it happens."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status

from server.auth import token_from_headers, token_matches
from server.hub import LAGGED, Subscription

router = APIRouter(tags=["live"])
_CLOSED = '{"type":"closed"}'
AUTH_TIMEOUT_S = 5.0


async def _authorised(ws: WebSocket, token: str) -> bool:
    """Cookie or bearer header; otherwise the first message must be ``{"token": ...}``."""
    headers = dict(ws.headers)
    origin = headers.get("origin")
    same_origin = origin is None or urlsplit(origin).netloc == headers.get("host")
    if same_origin and token_matches(token_from_headers(headers), token):  # no cookie riding from other sites
        await ws.accept()
        return True
    await ws.accept()
    try:
        first = await asyncio.wait_for(ws.receive_text(), AUTH_TIMEOUT_S)
        given = json.loads(first).get("token")
    except (TimeoutError, ValueError, AttributeError, WebSocketDisconnect):
        given = None
    if isinstance(given, str) and token_matches(given, token):
        return True
    await ws.send_text(json.dumps({"type": "error", "detail": "missing or bad token"}))
    await ws.close(code=status.WS_1008_POLICY_VIOLATION, reason="missing or bad token")
    return False


async def _watch_client(ws: WebSocket, sub: Subscription) -> None:
    try:
        while True:
            await ws.receive_text()  # viewers do not command over the socket; this only sees the close
    except (WebSocketDisconnect, RuntimeError):
        sub.offer(_CLOSED)


@router.websocket("/ws/live")
async def live_events(ws: WebSocket) -> None:
    """Stream live events: rep, set_start, set_end, verdict, status, state."""
    state: Any = ws.app.state
    if not await _authorised(ws, state.token):
        return
    with state.hub.subscribe() as sub:
        watcher = asyncio.create_task(_watch_client(ws, sub))
        try:
            await ws.send_text(json.dumps(state.runner.snapshot(), default=str))
            async for text in sub:
                if text == _CLOSED:
                    break
                if text == LAGGED:
                    text = json.dumps(state.runner.snapshot(), default=str)
                await ws.send_text(text)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            watcher.cancel()
