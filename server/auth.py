"""Access control and request limits, as one pure ASGI middleware.

The page and API are reachable from the LAN, so every route but ``/api/health`` needs the
token: ``Authorization: Bearer <token>`` or the cookie set by visiting a page with ``?token=...``
once (answered with a redirect to the same page so the token leaves the address bar). A browser
asking for a page without the token gets a short page saying how to get in, not JSON. WebSockets
check the cookie or a first message in the route. Oversize bodies get 413 before any handler runs.
"""

from __future__ import annotations

import json
import logging
import secrets
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "repcount_token"
OPEN_PATHS = frozenset({"/api/health"})
PAGE_PATHS = frozenset({"/", "/history"})
"""The pages a person opens: a link to either may carry the token."""
_HINT = (
    "open the URL printed by `repcount serve` (it carries the token) or send 'Authorization: Bearer <token>'"
)


def token_matches(given: str | None, token: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), token.encode())


def token_from_headers(headers: dict[str, str]) -> str | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is just no token
        return None
    morsel = cookie.get(COOKIE)
    return morsel.value if morsel is not None else None


class AuthMiddleware:
    """401 without the token, 413 for bodies over ``max_body_bytes``."""

    def __init__(self, app: ASGIApp, *, token: str, max_body_bytes: int) -> None:
        self.app, self.token, self.max_body_bytes = app, token, max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if path not in OPEN_PATHS:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            page = path in PAGE_PATHS
            browser = page and "text/html" in headers.get("accept", "")
            if "token" in query and page:
                if token_matches(query["token"][0], self.token):
                    await self._redirect_with_cookie(send, path)
                else:
                    await _refuse(send, "bad token", as_page=browser)
                return
            if not token_matches(token_from_headers(headers), self.token):
                await _refuse(send, "missing or bad token", as_page=browser)
                return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body_bytes):
            await _plain(send, 413, {"detail": f"request body over {self.max_body_bytes} bytes"})
            return
        body = await self._read_limited(receive)
        if body is None:
            await _plain(send, 413, {"detail": f"request body over {self.max_body_bytes} bytes"})
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_limited(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            msg = await receive()
            if msg["type"] != "http.request":
                return b"".join(chunks)
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not msg.get("more_body", False):
                return b"".join(chunks)

    async def _redirect_with_cookie(self, send: Send, path: str) -> None:
        cookie = f"{COOKIE}={self.token}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict"
        headers = [
            (b"location", path.encode()),
            (b"set-cookie", cookie.encode()),
            (b"cache-control", b"no-store"),
        ]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


_REFUSED_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>repcount: link needed</title>
<style>body{{font:18px/1.5 system-ui,sans-serif;background:#111418;color:#e8eaed;margin:0;
padding:2rem 1.25rem}}h1{{font-size:1.6rem;margin:0 0 1rem}}
code{{background:#23272e;padding:.1rem .3rem;border-radius:4px}}</style>
</head><body><h1>Open the link with the token</h1>
<p>This repcount server needs its access link ({what}). Open the link that
<code>repcount serve</code> (or <code>repcount demo</code>) printed, or scan its QR code, on this
device once; it remembers the token after that.</p></body></html>
"""


async def _refuse(send: Send, what: str, *, as_page: bool) -> None:
    """401: a short page for a person's browser, JSON for everything else."""
    if not as_page:
        await _plain(send, 401, {"detail": f"{what}; {_HINT}"})
        return
    await _send(send, 401, _REFUSED_PAGE.format(what=what).encode(), b"text/html; charset=utf-8")


async def _plain(send: Send, status: int, payload: dict[str, Any]) -> None:
    await _send(send, status, json.dumps(payload).encode(), b"application/json")


async def _send(send: Send, status: int, body: bytes, content_type: bytes) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class StripQueryFilter(logging.Filter):
    """Removes query strings from uvicorn access-log lines, so no token lands in a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def install_log_filter() -> None:
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, StripQueryFilter) for f in logger.filters):
        logger.addFilter(StripQueryFilter())
