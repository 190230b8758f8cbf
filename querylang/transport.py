"""One bounded HTTP exchange: a total deadline and a cap on the answer's size.

httpx's timeout applies to each read, so a server that sends one byte a
second never trips it and a body that never ends is read into memory
without limit. :func:`exchange` therefore

* streams the answer and stops at a size cap (:func:`answer_cap`): a count
  answer is a few hundred bytes, so :data:`COUNT_ANSWER_CAP` is generous;
  a page of records may be larger, still bounded (:data:`PAGE_ANSWER_CAPS`);
* puts the whole exchange (connect, send, every byte of the answer) under
  one deadline, the run's ``--timeout``.

It raises :class:`AnswerTooLarge` (permanent: asking again gets the same
answer), :class:`RequestDeadline` (the deadline passed) or
:class:`Unreachable` (no connection could be made; the runner stops asking
a database that stays unreachable). Other transport errors are httpx's own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from querylang.databases import RUNNABLE
from querylang.responses import PermanentApiError, TransientApiError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "MIB",
    "COUNT_ANSWER_CAP",
    "PAGE_ANSWER_CAPS",
    "PAGE_SIZE_PARAMS",
    "AnswerTooLarge",
    "RequestDeadline",
    "Unreachable",
    "answer_cap",
    "exchange",
    "Reachability",
]

MIB = 1024 * 1024
#: Largest answer to a count request (at most one record asked for).
COUNT_ANSWER_CAP = 1 * MIB
#: Largest answer to a request for a page of records, per database (its
#: spec's ``page_answer_cap``), read from the registry.
PAGE_ANSWER_CAPS: Mapping[str, int] = {
    name: entry.spec.page_answer_cap for name, entry in RUNNABLE.items() if entry.spec
}
#: The parameter by which each database is asked for a number of records.
PAGE_SIZE_PARAMS: Mapping[str, str] = {
    name: entry.spec.page_size_param
    for name, entry in RUNNABLE.items() if entry.spec and entry.spec.page_size_param
}

T = TypeVar("T")
TraceHook = Callable[[str, Mapping[str, Any]], Awaitable[None]]


class AnswerTooLarge(PermanentApiError):
    """The answer went past its size cap; not retried."""


class RequestDeadline(TransientApiError):
    """The whole exchange took longer than its deadline."""


class Unreachable(TransientApiError):
    """No connection could be made (refused, unknown host, connect timeout)."""


def answer_cap(database: str, params: Mapping[str, str]) -> int:
    """The size cap for a request: a count (0 or 1 record asked) or a page."""
    asked = params.get(PAGE_SIZE_PARAMS.get(database, ""), "0")
    try:
        records = int(asked)
    except ValueError:
        records = 0
    if records <= 1:
        return COUNT_ANSWER_CAP
    return PAGE_ANSWER_CAPS.get(database, COUNT_ANSWER_CAP)


def _too_large(display: str, cap: int) -> AnswerTooLarge:
    return AnswerTooLarge(
        f"{display}: answer too large (more than {cap / MIB:g} MiB for this kind of request); "
        "not retried"
    )


async def _read_capped(response: httpx.Response, display: str, cap: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _too_large(display, cap)  # refused before a byte of it is read
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > cap:
            raise _too_large(display, cap)
        chunks.append(chunk)
    return b"".join(chunks)


async def exchange(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    display: str,
    cap: int,
    deadline: float,
    params: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    trace: TraceHook | None = None,
    on_redirect: Callable[[httpx.Response, int], str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one request, all within ``deadline`` seconds.

    Redirects are never followed by the client: ``on_redirect(response, hops)``
    says where one may be followed (a GET, still within the deadline) or raises
    why not; without it the redirect's own answer is returned."""
    import httpx

    connecting = False  # a TCP connection is being made (httpcore's trace events)

    async def traced(event: str, info: Mapping[str, Any]) -> None:
        nonlocal connecting
        if event == "connection.connect_tcp.started":
            connecting = True
        elif event.startswith("connection.connect_tcp."):
            connecting = False
        if trace is not None:
            await trace(event, info)

    async def whole() -> tuple[int, dict[str, str], bytes]:
        verb, where, query, form = method, url, params, data
        hops = 0
        while True:
            async with client.stream(verb, where, params=query, data=form, headers=headers,
                                     timeout=deadline, extensions={"trace": traced},
                                     follow_redirects=False) as response:
                if on_redirect is not None and response.is_redirect:
                    # the target URL carries the query: only GET re-sends nothing else
                    where = on_redirect(response, hops)
                    verb, query, form = "GET", None, None
                    hops += 1
                    continue
                body = await _read_capped(response, display, cap)
                return response.status_code, dict(response.headers), body

    try:
        return await asyncio.wait_for(whole(), deadline)
    except (httpx.ConnectError, httpx.ConnectTimeout) as error:
        detail = str(error) or type(error).__name__
        raise Unreachable(f"{display} connection failed ({type(error).__name__}: "
                          f"{detail})") from None
    except TimeoutError:
        if connecting:  # the deadline passed before a connection could be made
            raise Unreachable(f"{display} connection failed (no connection within "
                              f"{deadline:g} s)") from None
        raise RequestDeadline(f"{display} did not answer within {deadline:g} s "
                              "(the whole answer, --timeout)") from None
    except httpx.TimeoutException:
        raise RequestDeadline(f"{display} did not answer within {deadline:g} s "
                              "(the whole answer, --timeout)") from None


class Reachability:
    """Whether one database can be reached, shared by the lines of a run.

    After a connection failure the line that met it (the *prober*) goes on
    retrying alone: the other lines step out of the queue and wait instead
    of each spending the same timeouts and backoff on a dead server. When
    the prober gives up, the database is *lost* and every line still to
    send fails at once with its reason; when it gets through (or fails
    otherwise), the others go on.
    """

    def __init__(self) -> None:
        self.prober: int | None = None
        self.lost: tuple[int, str] | None = None  # (line, why) once the retries ran out
        self._settled = asyncio.Event()
        self._settled.set()
        #: Set (and replaced by a fresh one) when a prober or the loss appears.
        self._alarm = asyncio.Event()

    def _raise_alarm(self) -> None:
        self._alarm.set()
        self._alarm = asyncio.Event()

    def displaces(self, line: int) -> bool:
        """Whether ``line`` should not send now: the database is lost or another line probes it."""
        return self.lost is not None or self.prober not in (None, line)

    async def wait_for_prober(self, line: int) -> None:
        """Return when no other line is probing a failed connection."""
        while self.prober is not None and self.prober != line:
            await self._settled.wait()

    def failed(self, line: int) -> None:
        """``line`` could not connect: it probes, unless another line already does."""
        if self.prober is None and self.lost is None:
            self.prober = line
            self._settled.clear()
            self._raise_alarm()

    def give_up(self, line: int, why: str) -> None:
        """``line`` exhausted its retries on connection failures."""
        if self.lost is None:
            self.lost = (line, why)
            self._raise_alarm()
        self.release(line)

    def release(self, line: int) -> None:
        """``line`` is done (answered, failed otherwise, or cancelled)."""
        if self.prober == line:
            self.prober = None
            self._settled.set()

    async def unless_displaced(
        self, work: Awaitable[T], line: int, in_turn: Callable[[], bool]
    ) -> T | None:
        """``work``'s result, or None when, while ``work`` still waited for
        its turn (``in_turn()`` false), another line began probing or the
        database was lost: ``work`` is then cancelled, so that queued lines
        do not each wait out the pacing only to hit the same dead server."""
        task = asyncio.ensure_future(work)
        try:
            while True:
                alarm = asyncio.ensure_future(self._alarm.wait())
                try:
                    await asyncio.wait({task, alarm}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    alarm.cancel()
                if task.done():
                    return task.result()
                if not in_turn() and self.displaces(line):
                    return None
        finally:
            task.cancel()
