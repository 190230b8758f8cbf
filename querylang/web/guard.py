"""What every request passes before the application sees it.

The server can spend API quota and read the search log, so only the page
it served may drive it:

- a random token (as Jupyter's) in the URL it printed, required on every
  request (``?token=`` or the ``X-Querylang-Token`` header the page's
  scripts send);
- the ``Host`` header must name the address the server listens on, so a
  web page that rebinds its own domain name to 127.0.0.1 (DNS rebinding)
  is refused;
- an ``Origin`` header, when the browser sends one, must be the server's
  own, so another web page cannot post to it;
- request bodies are capped in size.

Responses get headers that keep the token out of ``Referer`` and forbid
scripts and frames from anywhere else.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Iterable
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Largest request body (bytes): a strategy is a few kilobytes; a pasted
#: native strategy of hundreds of lines stays far below this.
MAX_BODY = 1_000_000

TOKEN_HEADER = "x-querylang-token"
TOKEN_PARAM = "token"

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"),
    (b"referrer-policy", b"no-referrer"),  # the token is in the URL
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def new_token() -> str:
    """48 hex digits of randomness from the operating system."""
    return secrets.token_hex(24)


def allowed_hosts(port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """The ``Host`` values the server answers to: loopback names, and the
    ``--host`` given, with the port."""
    names = [*LOOPBACK_NAMES, *extra]
    hosts = {f"{name}:{port}".lower() for name in names}
    if port == 80:
        hosts |= {name.lower() for name in names}
    return frozenset(hosts)


class Guard:
    """ASGI middleware: token, Host, Origin and body size, in that order of
    cheapness; a refusal is a JSON message saying what to do."""

    def __init__(self, app: ASGIApp, *, token: str, hosts: frozenset[str],
                 max_body: int = MAX_BODY) -> None:
        self.app = app
        self.token = token
        self.hosts = hosts
        self.origins = frozenset(f"http://{host}" for host in hosts)
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = {name.decode("latin-1").lower(): value.decode("latin-1")
                   for name, value in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _refuse(send, *refusal)
            return
        body = await self._read_body(receive, headers)
        if body is None:
            await _refuse(send, 413, f"the request body is larger than {self.max_body:,} bytes",
                          "a strategy is a few kilobytes: send less")
            return
        await self.app(scope, _replay(body, receive), _with_headers(send))

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str, str] | None:
        host = headers.get("host", "").lower()
        if host not in self.hosts:
            return (403, f"this server does not answer to the host name {host or '(none)'!r}",
                    "open the address querylang serve printed")
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in self.origins:
            return (403, f"requests from {origin} are refused: only the page this server "
                    "served may use it", "open the address querylang serve printed")
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = headers.get(TOKEN_HEADER) or (query.get(TOKEN_PARAM) or [""])[0]
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode()):
            what = "a wrong token" if given else "no token"
            return (403, f"this request has {what}",
                    "open the full address querylang serve printed, with its ?token=...")
        return None

    async def _read_body(self, receive: Receive, headers: dict[str, str]) -> bytes | None:
        """The whole body, or None when it is over the cap (checked on the
        declared length first, then on what arrives)."""
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the buffered body once, then waits on the real
    one (which tells a streaming response that the client has gone)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
        await send(message)

    return sending


async def _refuse(send: Send, status: int, message: str, hint: str) -> None:
    body = json.dumps({"error": message, "hint": hint}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
