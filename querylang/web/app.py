"""The Starlette application: the page, its assets and the JSON endpoints,
all behind :class:`~querylang.web.guard.Guard`."""

from __future__ import annotations

import html
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from querylang.web import api, running
from querylang.web.guard import MAX_BODY, Guard, allowed_hosts
from querylang.web.inputs import BadInput

STATIC = Path(__file__).with_name("static")

#: Where index.html takes the token (hex digits: nothing to escape, escaped anyway).
TOKEN_MARK = "__QUERYLANG_TOKEN__"


def create_app(*, token: str, port: int, hosts: tuple[str, ...] = (),
               log_path: Path | None = None, max_body: int = MAX_BODY) -> Starlette:
    """The application for a server on ``port`` answering to loopback and
    ``hosts``; ``log_path``: the search log (None: the default place)."""
    page = (STATIC / "index.html").read_text(encoding="utf-8").replace(
        TOKEN_MARK, html.escape(token))

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    routes = [
        Route("/", index),
        Route("/api/status", api.status),
        Route("/api/check", api.check, methods=["POST"]),
        Route("/api/explain/{code}", api.explain),
        Route("/api/run", running.run, methods=["POST"]),
        Route("/api/history", api.history),
        Route("/api/runs/{run}", api.run_detail),
        Route("/api/diff", api.diff),
        Route("/api/download/{name}", api.download),
        Route("/api/import", api.import_native, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard, token=token, hosts=allowed_hosts(port, hosts),
                               max_body=max_body)],
        exception_handlers={BadInput: _bad_input, HTTPException: _http_error,
                            Exception: _unexpected},
    )
    app.state.log_path = log_path
    return app


async def _bad_input(request: Request, error: Exception) -> Response:
    assert isinstance(error, BadInput)
    return api.reply(error.to_dict(), error.status)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    messages = {404: f"nothing at {request.url.path}", 405: f"{request.method} is not "
                f"accepted at {request.url.path}"}
    return api.reply({"error": messages.get(error.status_code, error.detail), "hint": None},
                     error.status_code)


async def _unexpected(request: Request, error: Exception) -> Response:
    # A bug, not the page's fault: say so without a traceback (the
    # terminal running the server shows it).
    return api.reply({"error": f"querylang failed: {type(error).__name__}: {error}",
                      "hint": "this is a bug in querylang: please report it"}, 500)
