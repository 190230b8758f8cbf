"""``querylang serve``: bind, print the address with its token, open the
browser, serve until Ctrl-C."""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

DEFAULT_PORT = 8765
#: Seconds Ctrl-C waits for open answers (a run's events) before closing them.
GRACE = 2
LOOPBACK = "127.0.0.1"


class ServeError(Exception):
    """The server cannot start: the message says why and what to do."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (``port`` 0: any free port)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    # proto named: asyncio turns Nagle's algorithm off only on sockets that
    # say they are TCP, and with it on each answer waited out the client's
    # delayed ACK (40 ms a request, measured in bench/serve.py).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} is already in use: give --port N "
                             "(--port 0 picks a free one)") from None
        if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
            raise ServeError(f"cannot listen on --host {host}: it is not an address of "
                             "this machine") from None
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    return sock


def url_host(host: str) -> str:
    """How the printed address names the host (a wildcard: this machine)."""
    bare = host.strip("[]")
    if bare in ("0.0.0.0", "localhost"):
        return LOOPBACK
    if bare == "::":
        return "[::1]"
    return f"[{bare}]" if ":" in bare else bare


def exposed_names(host: str) -> tuple[str, ...]:
    """Besides 127.0.0.1, localhost and [::1], the host names the server
    answers to: the ``--host`` given; for a wildcard, this machine's names."""
    from querylang.web.guard import LOOPBACK_NAMES

    bare = host.strip("[]")
    names = {f"[{bare}]" if ":" in bare else bare} - set(LOOPBACK_NAMES)
    if bare in ("0.0.0.0", "::"):
        name = socket.gethostname()
        names |= {name, socket.getfqdn()}
        try:
            names |= set(socket.gethostbyname_ex(name)[2])
        except OSError:
            pass
    return tuple(sorted(names))


def exposure_warning(host: str, port: int) -> str:
    return (
        f"WARNING: --host {host} makes this page reachable from other machines on port "
        f"{port}. Anyone who has the address with its token can run searches on your API "
        "keys' quota and read your search log, and the connection is not encrypted "
        "(http), so the token can be read on the way. Use it only on a network you trust; "
        "without --host the page is served to this machine alone."
    )


def serve(*, host: str = LOOPBACK, port: int = DEFAULT_PORT, open_browser: bool = True,
          log_path: Path | None = None, out: TextIO = sys.stdout) -> None:
    """Run the server in this thread until interrupted."""
    import uvicorn

    from querylang.web.app import create_app
    from querylang.web.guard import new_token

    sock = bind(host, port)
    port = sock.getsockname()[1]
    token = new_token()
    url = f"http://{url_host(host)}:{port}/?token={token}"
    app = create_app(token=token, port=port, hosts=exposed_names(host), log_path=log_path)
    # No access log: it would print every URL, token included.
    # A run streaming its counts must not hold Ctrl-C until it ends: it is
    # logged as it goes, so an interrupted run keeps what it had.
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=GRACE)
    server = uvicorn.Server(config)
    if not is_loopback(host):
        out.write(exposure_warning(host, port) + "\n")
    out.write(f"querylang serve: open {url}\n(Ctrl-C stops the server)\n")
    out.flush()
    if open_browser:
        threading.Thread(target=_open_when_up, args=(server, url), daemon=True).start()
    server.run(sockets=[sock])


def _open_when_up(server: object, url: str) -> None:
    import webbrowser

    deadline = time.monotonic() + 10
    while not getattr(server, "started", False) and time.monotonic() < deadline:
        time.sleep(0.02)
    webbrowser.open(url)
