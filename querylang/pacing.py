"""Pacing shared by every querylang process on the machine.

Each process paces its own requests (:class:`querylang.runner.RateLimiter`),
but a database's limit is per client machine or address, not per process:
four runs at once, each keeping arXiv's one request every 3 seconds on its
own, send four. So each database also has a small file in the search log's
folder (``pace-arxiv`` ...) that every process reads and writes under an
exclusive ``fcntl.flock`` lock, held only for the read and the write:

- ``last``: when the latest request to that database, from any process,
  left (or got its turn, until it reports that it left);
- ``pending``/``since``: a request that has its turn but has not yet left
  (connection set-up, TLS): the others wait until it has left, as requests
  of one process do, so that its arrival and the next are a full spacing
  apart. A claim older than :data:`PENDING_MAX` is ignored (its process
  died, or hangs connecting).

A request may go when no other's claim is pending and ``spacing`` seconds
have passed since ``last``. Times are the wall clock (``time.time()``, the
only clock processes share); a ``last`` in the future (the clock was set
back) delays a request by at most one spacing.

On a platform without ``fcntl`` (Windows) :func:`available` is false and
each process paces itself only (docs/running.md says so).
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["SharedPace", "available", "pace_file"]

#: A claimed turn whose request has not left after this long is ignored.
PENDING_MAX = 10.0
#: How often a request waiting for another process's pending claim looks again.
POLL = 0.01
PREFIX = "pace-"

_tokens = itertools.count(1)


def available() -> bool:
    """Whether this platform can share pacing (POSIX ``fcntl.flock``)."""
    return fcntl is not None


def pace_file(folder: Path, database: str) -> Path:
    return folder / f"{PREFIX}{database}"


class SharedPace:
    """One database's pace file (see the module doc).

    Any OS error disables the sharing for the rest of the run (the process
    still paces itself): pacing must never cost the run.
    """

    def __init__(self, path: Path, spacing: float) -> None:
        self.path = path
        self.spacing = spacing
        self.disabled = not available()
        self._fd: int | None = None
        self._token: str | None = None

    # -- the file ------------------------------------------------------------------

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        return self._fd

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    @contextmanager
    def _locked(self) -> Iterator[dict[str, Any]]:
        """The file's state under the exclusive lock; changes are written back."""
        assert fcntl is not None
        fd = self._open()
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            state = _parse(os.pread(fd, 4096, 0))
            before = dict(state)
            yield state
            if state != before:
                data = json.dumps(state).encode("ascii")
                os.pwrite(fd, data, 0)
                os.ftruncate(fd, len(data))
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    # -- the protocol ----------------------------------------------------------------

    def try_claim(self) -> float:
        """Take the turn (0.0) or say how long to wait before asking again."""
        if self.disabled:
            return 0.0
        try:
            with self._locked() as state:
                now = time.time()
                pending, since = state.get("pending"), float(state.get("since", 0.0))
                if pending and pending != self._token and now - since < PENDING_MAX:
                    return POLL
                last = float(state.get("last", 0.0))
                wait = min(last + self.spacing - now, self.spacing)
                if wait > 0:
                    return wait
                self._token = f"{os.getpid()}-{next(_tokens)}"
                state.update(last=now, pending=self._token, since=now)
                return 0.0
        except OSError:
            self.disabled = True
            return 0.0

    def sent(self) -> None:
        """The request that holds the turn has left: pace the next from now."""
        self._settle(left=True)

    def release(self) -> None:
        """The turn ends without a send (failed before it, cancelled)."""
        self._settle(left=False)

    def _settle(self, *, left: bool) -> None:
        token, self._token = self._token, None
        if self.disabled or token is None:
            return
        try:
            with self._locked() as state:
                now = time.time()
                if left:
                    last = float(state.get("last", 0.0))
                    # max: another process's later send stays the latest;
                    # a last beyond now + spacing is a clock set back.
                    state["last"] = max(last, now) if last <= now + self.spacing else now
                if state.get("pending") == token:
                    state["pending"] = None
        except OSError:
            self.disabled = True


def _parse(data: bytes) -> dict[str, Any]:
    """The stored state; an empty or garbled file (a crash mid-write) is none."""
    try:
        state = json.loads(data.decode("ascii") or "{}")
    except (UnicodeDecodeError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}
