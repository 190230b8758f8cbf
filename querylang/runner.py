"""Running compiled searches: concurrent, rate-limited, retried, secret-safe.

One :class:`httpx.AsyncClient` (injectable) serves every database; the
databases run concurrently under asyncio, each behind its own
:class:`RateLimiter`, so a run takes about as long as the slowest database's
own bound (its requests times its interval), never the sum.

Environment (read when a run starts; ``env=`` replaces ``os.environ`` in tests).
Each database's variables come from its registry entry's spec
(:mod:`querylang.databases`; ``querylang databases`` lists them, and
docs/running.md says more):

==================================  =========================================
``QUERYLANG_<NAME>_URL``            endpoint override (``spec.url_env``):
                                    mirrors, proxies, loopback fakes
``spec.key_env``                    its API key, sent as ``spec.key_param``
                                    or ``spec.key_header`` (e.g.
                                    ``NCBI_API_KEY``, ``WOS_API_KEY``)
``spec.email_env``                  a contact address, sent as
                                    ``spec.email_param`` (e.g. ``NCBI_EMAIL``)
``QUERYLANG_<NAME>_RATE``           requests per second; defaults:
                                    ``spec.rate`` (``rate_with_key`` with a key)
``QUERYLANG_<NAME>_INTERVAL``       seconds between requests; wins over
                                    ``_RATE``
``QUERYLANG_RETRY_ATTEMPTS``        most attempts per request (default 4)
``QUERYLANG_RETRY_BUDGET``          most seconds slept on retries per
                                    request (30)
``QUERYLANG_BACKOFF``               first backoff delay in seconds (1;
                                    doubles)
==================================  =========================================

Every number must be finite and within the range :mod:`querylang.settings`
gives, every endpoint an http(s) URL with a host and a port in 1-65535;
a bad one raises a ``ValueError`` naming the variable. Each request is one
bounded exchange (:mod:`querylang.transport`: ``timeout`` covers connect,
send and the whole answer, whose size is capped), the run as a whole has a
``deadline``, and a database that stays unreachable for one line is not
asked again for the others.

Exceptions: the readers' tree in :mod:`querylang.responses` (``ApiError``
with ``TransientApiError`` / ``PermanentApiError``); transport failures are
turned into those too. None escapes a run: every failure ends up as the
``error`` of one :class:`~querylang.results.LineResult`, so one database
failing never loses the others' counts. Key values never appear in any
message, note, result, repr or log record (:mod:`querylang.secrets`: keys
are read stripped, refused with whitespace inside, scrubbed in every
spelling). Redirects are followed only within their origin and only for a
GET (:func:`followable_redirect`): a key never travels to another host.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from querylang import __version__
from querylang.databases import RUNNABLE, DatabaseSpec
from querylang.pacing import SharedPace, pace_file
from querylang.responses import (
    NAMES,
    READERS,
    ApiError,
    PermanentApiError,
    Reading,
    TransientApiError,
)
from querylang.results import LineResult, RunResult, Source, Status, TargetResult
from querylang.secrets import Secrets, read_key
from querylang.settings import (
    ATTEMPTS_RANGE,
    BACKOFF_RANGE,
    DEADLINE_RANGE,
    INTERVAL_RANGE,
    RATE_RANGE,
    RETRY_BUDGET_RANGE,
    TIMEOUT_RANGE,
    check_endpoint,
    check_number,
    env_integer,
    env_number,
)
from querylang.targets.base import ApiRequest, Compiled
from querylang.transport import Reachability, Unreachable, answer_cap, exchange

if TYPE_CHECKING:
    import httpx

    from querylang.ast import Strategy

__all__ = [
    "DatabaseSpec",
    "SPECS",
    "RunSettings",
    "RateLimiter",
    "spacing",
    "Secrets",
    "CachedCount",
    "CountCache",
    "ProgressEvent",
    "TargetPlan",
    "run_plans",
    "run_plans_sync",
    "build_plans",
    "run_strategy",
    "ApiSession",
    "api_session",
]

# -- named defaults -----------------------------------------------------------

DEFAULT_TIMEOUT = 30.0          # seconds per request: connect, send and the whole answer
DEFAULT_DEADLINE = 900.0        # seconds for the whole run (run --deadline)
DEFAULT_RETRY_ATTEMPTS = 4      # a first try and three retries
DEFAULT_RETRY_BUDGET = 30.0     # seconds of sleeping on retries, per request
DEFAULT_BACKOFF = 1.0           # first delay; doubles each retry
BACKOFF_CAP = 16.0              # no single backoff sleeps longer than this
JITTER_LOW = 0.5                # a backoff sleeps between 50 % and 100 % of its step
#: Scheduling jitter the pacing absorbs, in seconds. A server stamps an
#: arrival when its own thread gets to it; on a loaded machine that, and the
#: moment our event loop actually writes the request, can each slip by tens
#: of milliseconds. Requests are spaced by the interval plus a share of this
#: margin (see :func:`spacing`), so that the requests the database allows in
#: one window are spread over the window plus the whole margin.
JITTER_MARGIN = 0.1
#: Same-origin GET redirects followed for one request (other redirects: none).
MAX_REDIRECTS = 5
POOL_MAX_CONNECTIONS = 20
#: The largest count a line can have: a 64-bit integer, as the log stores it.
MAX_PLAUSIBLE_COUNT = 2**63 - 1
USER_AGENT = f"querylang/{__version__}"
_T = TypeVar("_T")


#: Database name -> how to reach it, read from the registry (the spec's
#: class lives in :mod:`querylang.databases.base`, re-exported here).
SPECS: dict[str, DatabaseSpec] = {name: entry.spec for name, entry in RUNNABLE.items() if entry.spec}


# -- settings -----------------------------------------------------------------


@dataclass(frozen=True)
class RunSettings:
    """Timeouts, retry policy and per-database intervals for one run."""

    timeout: float = DEFAULT_TIMEOUT
    #: Seconds for the whole run; lines still unanswered then are errors.
    deadline: float = DEFAULT_DEADLINE
    attempts: int = DEFAULT_RETRY_ATTEMPTS
    retry_budget: float = DEFAULT_RETRY_BUDGET
    backoff: float = DEFAULT_BACKOFF
    #: Seconds between two requests to a database; missing names use the spec.
    intervals: Mapping[str, float] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        timeout: float | None = None,
        deadline: float | None = None,
    ) -> RunSettings:
        """Defaults, overridden by the QUERYLANG_* variables and the options
        (a ValueError names a bad one: a number out of range, a bad endpoint)."""
        env = os.environ if env is None else env
        intervals: dict[str, float] = {}
        for spec in SPECS.values():
            endpoint = env.get(spec.url_env)
            if endpoint:
                check_endpoint(spec.url_env, endpoint)
            interval = env_number(env, f"{spec.env_prefix}_INTERVAL", INTERVAL_RANGE)
            rate = env_number(env, f"{spec.env_prefix}_RATE", RATE_RANGE)
            if interval is not None:
                intervals[spec.name] = interval
            elif rate is not None:
                intervals[spec.name] = 1.0 / rate
            else:
                has_key = bool(spec.key_env and read_key(env, spec.key_env).value)
                per_second = spec.rate_with_key if has_key and spec.rate_with_key else spec.rate
                intervals[spec.name] = 1.0 / per_second
        attempts = env_integer(env, "QUERYLANG_RETRY_ATTEMPTS", ATTEMPTS_RANGE)
        # a budget of 0 is allowed: it means "never retry"
        budget = env_number(env, "QUERYLANG_RETRY_BUDGET", RETRY_BUDGET_RANGE)
        backoff = env_number(env, "QUERYLANG_BACKOFF", BACKOFF_RANGE)
        return cls(
            timeout=check_number("--timeout", timeout, TIMEOUT_RANGE)
            if timeout is not None else DEFAULT_TIMEOUT,
            deadline=check_number("--deadline", deadline, DEADLINE_RANGE)
            if deadline is not None else DEFAULT_DEADLINE,
            attempts=attempts if attempts is not None else DEFAULT_RETRY_ATTEMPTS,
            retry_budget=budget if budget is not None else DEFAULT_RETRY_BUDGET,
            backoff=backoff if backoff is not None else DEFAULT_BACKOFF,
            intervals=intervals,
        )

    def interval(self, database: str) -> float:
        return self.intervals.get(database, 1.0 / SPECS[database].rate)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Sleep before attempt ``attempt + 1``: exponential, jittered, >= Retry-After."""
        step = min(BACKOFF_CAP, self.backoff * 2.0 ** (attempt - 1))
        jittered = step * self.rng.uniform(JITTER_LOW, 1.0)
        return max(jittered, retry_after) if retry_after is not None else jittered


# -- pacing ---------------------------------------------------------------------


def spacing(interval: float) -> float:
    """Seconds from one request's actual send to the next one's.

    A database allows k requests per window W (PubMed 3 per second, arXiv
    1 per 3 seconds). Requests i and i + k must then arrive more than W
    apart, and each arrival stamp can slip by up to :data:`JITTER_MARGIN`:
    so each of the k gaps gets ``interval + JITTER_MARGIN / k``. At one
    request per second or more W is one second and k = 1 / interval; below
    that W is the interval and k = 1. Hence ``JITTER_MARGIN * min(1, interval)``.
    """
    return interval + JITTER_MARGIN * min(1.0, interval)


class RateLimiter:
    """Spaces requests by :func:`spacing` seconds, measured from the moment
    the previous request actually left; optionally caps requests in flight.

    A request's turn comes only when the request before it has gone out
    (``slot()`` yields the callback that reports it; leaving the slot
    without sending counts too) and :func:`spacing` has passed since then.
    Connection set-up or a busy event loop can delay a send, but never bring
    the next request closer to it: it is the arrivals that "3 requests per
    second" measures, and only the moment of sending is known here.

    Waiters are served in arrival order (``asyncio.Lock`` is FIFO), so lines
    go out in order. A retry queues again like any request.

    ``shared_file``: also keep the spacing with every other querylang
    process on the machine (:mod:`querylang.pacing`).
    """

    def __init__(self, interval: float, max_in_flight: int | None = None,
                 shared_file: Path | None = None) -> None:
        self.interval = interval
        self.spacing = spacing(interval)
        self._shared = SharedPace(shared_file, self.spacing) if shared_file else None
        self._lock = asyncio.Lock()
        #: When the latest request left (or, until it reports, got its turn).
        self._last_sent: float | None = None
        #: Set once the request holding the latest turn has left or given up.
        self._previous: asyncio.Event | None = None
        self._slots = asyncio.Semaphore(max_in_flight) if max_in_flight else None

    async def _turn(self) -> asyncio.Event:
        async with self._lock:
            if self._previous is not None:
                await self._previous.wait()
            while self._last_sent is not None:
                wait = self._last_sent + self.spacing - time.monotonic()
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            if self._shared is not None:
                await self._shared_turn(self._shared)
            # Provisional: a client that never reports the send is paced
            # from its turn.
            self._last_sent = time.monotonic()
            gone = asyncio.Event()
            self._previous = gone
            return gone

    @staticmethod
    async def _shared_turn(shared: SharedPace) -> None:
        """Wait until no other process's request is due (the machine's bound)."""
        while (wait := shared.try_claim()) > 0:
            await asyncio.sleep(wait)

    def _reporter(self, gone: asyncio.Event) -> Callable[[], None]:
        def sent() -> None:
            now = time.monotonic()
            self._last_sent = now if self._last_sent is None else max(self._last_sent, now)
            if self._shared is not None and not gone.is_set():
                self._shared.sent()
            gone.set()

        return sent

    def close(self) -> None:
        if self._shared is not None:
            self._shared.close()

    @asynccontextmanager
    async def _paced(self) -> AsyncIterator[Callable[[], None]]:
        gone = await self._turn()
        try:
            yield self._reporter(gone)
        finally:
            if self._shared is not None:
                self._shared.release()  # no-op once the request has left
            gone.set()  # failed before sending, or cancelled: the next may go

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[Callable[[], None]]:
        """Hold this while one request is on the wire; call the callback when it leaves."""
        if self._slots is None:
            async with self._paced() as sent:
                yield sent
            return
        async with self._slots, self._paced() as sent:
            yield sent


# -- cache (implemented by the search log, querylang.store) ------------------------


@dataclass(frozen=True)
class CachedCount:
    """A count the search log already holds for the same request."""

    count: int
    fetched_at: str                     # ISO 8601 UTC of the original request
    api_notes: tuple[str, ...] = ()


class CountCache(Protocol):
    """Answers a request from earlier runs (``--max-age``) so it is not sent.

    ``request`` is the secret-free request dict of :class:`LineResult`
    (``ApiRequest.to_dict()`` with the effective URL). Returning None means
    "ask the database". The result's source is then ``Source.CACHED``.
    """

    def get(self, target: str, request: dict[str, Any]) -> CachedCount | None: ...


# -- progress ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressEvent:
    """What the runner tells a progress display. ``total`` is per database."""

    kind: Literal["start", "done", "retry"]
    target: str
    line: int
    total: int
    detail: str = ""


ProgressCallback = Callable[[ProgressEvent], None]


# -- plans ----------------------------------------------------------------------


@dataclass(frozen=True)
class TargetPlan:
    """What to count in one database: compiled lines (the last is the final
    query) and counts typed in by hand, by line number."""

    target: str
    lines: tuple[Compiled, ...]
    manual: Mapping[int, int] = field(default_factory=dict)

    @property
    def final(self) -> Compiled:
        return self.lines[-1]


def build_plans(
    strategy: Strategy,
    targets: Sequence[str],
    *,
    all_lines: bool = False,
    manual: Mapping[str, Mapping[int, int]] | None = None,
    strict: bool = False,
) -> list[TargetPlan]:
    """Compile ``strategy`` for each target: every line, or only the final
    one (and those ``manual`` has a count for)."""
    from querylang.compiler import compile_strategy

    manual = manual or {}
    plans = []
    for target in targets:
        compiled = list(compile_strategy(strategy, target, strict=strict))
        typed_in = dict(manual.get(target, {}))
        # Without --lines only the final line is counted, and the lines a
        # count was typed in for, so that no count given is dropped.
        chosen = [c for c in compiled if all_lines or c is compiled[-1] or c.line in typed_in]
        plans.append(TargetPlan(target, tuple(chosen), typed_in))
    return plans


# -- the run --------------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_started() -> str:
    """The timestamp :func:`run_strategy` would give a run starting now."""
    return _now()


def _raise_if_lost(spec: DatabaseSpec, lost: tuple[int, str] | None, attempt: int) -> None:
    """Fail at once when a line found the database unreachable."""
    if lost is None:
        return
    line, why = lost
    again = "" if attempt == 1 else " again"
    raise PermanentApiError(
        f"not tried{again}: {spec.display} was unreachable for line {line} ({why})")


def _line_error(compiled: Compiled) -> str:
    errors = compiled.errors
    if errors:
        return "; ".join(f"{d.code} {d.message}" for d in errors)
    return f"{NAMES.get(compiled.target, compiled.target)} cannot express this line"


def _echo_differs(target: str, sent: str | None, echo: str) -> bool:
    """Whether a database's reading of the query means something else than
    what was sent: compared by the database's own ``same_search`` when it
    has one (PubMed's always spells the tags out), else as written."""
    if sent is None:
        return True
    entry = RUNNABLE.get(target)
    same_search = entry.same_search if entry is not None else None
    if same_search is not None:
        return not same_search(sent, echo)
    return echo != sent


def _check_plausible(spec: DatabaseSpec, count: int) -> None:
    """No database holds 2^63 records (and the log could not store such a
    count): an answer saying so is malformed, whatever its JSON says."""
    if not 0 <= count <= MAX_PLAUSIBLE_COUNT:
        raise PermanentApiError(
            f"{spec.display} answered a malformed count ({count}): not a number of records"
        )


_WORST = {Status.ERROR: 0, Status.SKIPPED: 1, Status.OK: 2, Status.MANUAL: 3}


class _Run:
    """State shared by the targets of one run."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        settings: RunSettings,
        env: Mapping[str, str],
        cache: CountCache | None,
        progress: ProgressCallback | None,
        key_names: Sequence[str] = (),
        on_line: Callable[[str, LineResult], None] | None = None,
        pace_dir: Path | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.env = env
        self.cache = cache
        self.progress = progress
        self.on_line = on_line
        self.secrets = Secrets(env, key_names)
        self.limiters = {
            name: RateLimiter(settings.interval(name), spec.max_in_flight,
                              pace_file(pace_dir, name) if pace_dir is not None else None)
            for name, spec in SPECS.items()
        }
        self.reachability = {name: Reachability() for name in SPECS}
        self.deadline_at = time.monotonic() + settings.deadline
        #: The latest failure of a line still retrying, by (database, line):
        #: said when the run's deadline cuts the retries short.
        self.retrying: dict[tuple[str, int], str] = {}

    def tell(self, kind: Literal["start", "done", "retry"], target: str, line: int,
             total: int, detail: str = "") -> None:
        if self.progress is not None:
            self.progress(ProgressEvent(kind, target, line, total, self.secrets.scrub(detail)))

    # -- one target -------------------------------------------------------------

    async def target(self, plan: TargetPlan) -> TargetResult:
        spec = SPECS.get(plan.target)
        final = plan.final
        result = TargetResult(
            target=plan.target,
            query=final.query,
            status=Status.SKIPPED,
            diagnostics=list(final.diagnostics),
            notes=list(final.notes),
        )
        if spec is None:
            # No API (an interface such as Ovid): its counts are typed in,
            # never fetched (querylang.typed_counts).
            from querylang.typed_counts import typed_in_line

            result.lines = [typed_in_line(plan, compiled) for compiled in plan.lines]
            for line in result.lines:
                if self.on_line is not None:
                    self.on_line(plan.target, line)
                self.tell("done", plan.target, line.number, len(plan.lines), line.status.value)
            self._summarise(result)
            return result
        key_env = self._key_env(spec, final.api)
        missing_key = self._key_missing(spec, final.api, key_env)
        # A key that cannot be sent as it is (whitespace or a control
        # character inside) stops its database; the message names the
        # variable, never the value.
        bad_key = read_key(self.env, key_env).problem if key_env else None
        total = len(plan.lines)

        async def one(compiled: Compiled) -> LineResult:
            line = await answer(compiled)
            if self.on_line is not None:
                self.on_line(plan.target, line)  # saved as it comes: a kill keeps it
            return line

        async def answer(compiled: Compiled) -> LineResult:
            # A count typed in replaces its own line only; every other line
            # runs as usual, or is skipped for the usual reasons.
            if compiled.line in plan.manual:
                return self._manual_line(spec, compiled, plan.manual[compiled.line])
            if bad_key:
                return self._skipped_line(spec, compiled, f"not run: {bad_key}")
            if missing_key:
                return self._skipped_line(spec, compiled, self._missing_key_text(spec, key_env))
            return await self.line(spec, compiled, total)

        result.lines = list(await asyncio.gather(*(one(compiled) for compiled in plan.lines)))
        self._summarise(result)
        return result

    @staticmethod
    def _key_env(spec: DatabaseSpec, api: ApiRequest | None) -> str | None:
        return (api.key_env if api is not None and api.key_env else None) or spec.key_env

    def _key_missing(self, spec: DatabaseSpec, api: ApiRequest | None, key_env: str | None) -> bool:
        required = spec.key_required or (api is not None and api.key_required)
        return bool(required and key_env and not self.env.get(key_env, "").strip())

    @staticmethod
    def _missing_key_text(spec: DatabaseSpec, key_env: str | None) -> str:
        return (
            f"not run: set {key_env} to search {spec.display} through its API, or paste the "
            f"query into its web interface and enter the count with --count {spec.name}=N"
        )

    @staticmethod
    def _summarise(result: TargetResult) -> None:
        """The database's figures: the final line's count; the worst status,
        except that a final count typed in by hand stays ``manual`` when the
        other lines were only skipped (no key: nothing else could run)."""
        final_line = result.lines[-1]
        result.count = final_line.count
        result.api_notes = list(final_line.api_notes)
        worst = min(result.lines, key=lambda line: _WORST[line.status])
        result.status = worst.status
        if final_line.status is Status.MANUAL and worst.status is not Status.ERROR:
            result.status = Status.MANUAL
        if final_line.error:
            result.error = final_line.error
        elif worst.error:
            result.error = f"line {worst.number}: {worst.error}"

    def _manual_line(self, spec: DatabaseSpec, compiled: Compiled, count: int) -> LineResult:
        line = self._empty_line(spec, compiled)
        if compiled.query is None or not compiled.ok:
            # Never a count without the string it counts: the line has no
            # search string (the CLI refuses such a --count before the run).
            line.error = (f"count entered for line {compiled.line} not used: "
                          f"{_line_error(compiled)}, so there is no search string it counts")
            return line
        line.count, line.status, line.source = count, Status.MANUAL, Source.MANUAL
        return line

    def _skipped_line(self, spec: DatabaseSpec, compiled: Compiled, why: str) -> LineResult:
        line = self._empty_line(spec, compiled)
        line.error = why
        return line

    def _empty_line(self, spec: DatabaseSpec, compiled: Compiled) -> LineResult:
        return LineResult(
            number=compiled.line,
            query=compiled.query,
            api_query=compiled.api_query,
            request=self._request_for(spec, compiled.api) if compiled.api else None,
            diagnostics=list(compiled.diagnostics),
        )

    def _url(self, spec: DatabaseSpec, api: ApiRequest) -> str:
        return self.env.get(spec.url_env) or api.url or spec.default_url

    # -- one line -------------------------------------------------------------------

    async def line(self, spec: DatabaseSpec, compiled: Compiled, total: int) -> LineResult:
        line = self._empty_line(spec, compiled)
        if compiled.api is None or not compiled.ok:
            line.error = _line_error(compiled)
            self.tell("done", spec.name, compiled.line, total, "skipped")
            return line
        request = line.request or self._request_for(spec, compiled.api)
        cached = self.cache.get(spec.name, request) if self.cache is not None else None
        if cached is not None:
            line.count, line.status, line.source = cached.count, Status.OK, Source.CACHED
            line.api_notes = [*cached.api_notes,
                              f"from the search log (asked {_readable_time(cached.fetched_at)})"]
            self.tell("done", spec.name, compiled.line, total, "cached")
            return line
        self.tell("start", spec.name, compiled.line, total)
        started = time.monotonic()
        try:
            # The run's deadline bounds waiting for a turn, retries and all.
            remaining = max(0.0, self.deadline_at - time.monotonic())
            reading = await asyncio.wait_for(
                self.fetch(spec, compiled.api, compiled.line, total), remaining)
            _check_plausible(spec, reading.count)
        except TimeoutError:
            last = self.retrying.get((spec.name, compiled.line))
            line.status, line.error = Status.ERROR, self.secrets.scrub(
                f"not answered: the run's deadline of {self.settings.deadline:g} s passed "
                "(run --deadline)" + (f"; the last attempt: {last}" if last else ""))
        except ApiError as error:
            line.status, line.error = Status.ERROR, self.secrets.scrub(error.message)
        except Exception as error:  # a bug must not cost the other databases their counts
            text = f"internal error: {type(error).__name__}: {error}"
            line.status, line.error = Status.ERROR, self.secrets.scrub(text)
        else:
            line.count, line.status, line.source = reading.count, Status.OK, Source.FETCHED
            notes = list(reading.notes)
            if reading.echo is not None and _echo_differs(spec.name, compiled.api_query,
                                                          reading.echo):
                notes.insert(0, f"{spec.display} read the query as: {reading.echo}")
            line.api_notes = [self.secrets.scrub(note) for note in notes]
        line.elapsed = time.monotonic() - started
        self.tell("done", spec.name, compiled.line, total, line.status.value)
        return line

    def _request_for(self, spec: DatabaseSpec, api: ApiRequest) -> dict[str, Any]:
        view = api.to_dict()
        view["url"] = self._url(spec, api)
        view["params"] = {**spec.params, **view["params"]}
        return view

    async def fetch(self, spec: DatabaseSpec, api: ApiRequest, number: int, total: int) -> Reading:
        """Send with retries: transient failures back off, permanent ones raise at once."""
        return await self.ask(spec, api, number, total, READERS[spec.name])

    async def ask(self, spec: DatabaseSpec, api: ApiRequest, number: int, total: int,
                  reader: Callable[[int, Mapping[str, str], bytes], _T],
                  url: str | None = None) -> _T:
        """:meth:`fetch` with any reader (a page of records) and, with ``url``,
        another endpoint of the same database (PubMed's esummary)."""
        reach = self.reachability[spec.name]
        slept = 0.0
        attempt = 0
        try:
            while True:
                await reach.wait_for_prober(number)
                attempt += 1
                try:
                    answer = await self._attempt(spec, api, reach, number, attempt, url)
                    if answer is None:  # stepped aside for another line's probing
                        attempt -= 1
                        continue
                    return reader(*answer)
                except TransientApiError as error:
                    if isinstance(error, Unreachable):
                        reach.failed(number)
                    else:
                        reach.release(number)  # the server is there: the others may go
                    delay = self.settings.delay(attempt, error.retry_after)
                    give_up = self._give_up(error, attempt, slept, delay)
                    if give_up is not None:
                        if isinstance(error, Unreachable):
                            reach.give_up(number, give_up)
                        raise TransientApiError(give_up, status=error.status) from None
                    self.retrying[spec.name, number] = error.message
                    self.tell("retry", spec.name, number, total,
                              f"{error.message}; retrying in {delay:.1f} s")
                    await asyncio.sleep(delay)
                    slept += delay
        finally:
            reach.release(number)  # answered, failed or cancelled: the others may go

    async def _attempt(self, spec: DatabaseSpec, api: ApiRequest, reach: Reachability,
                       number: int, attempt: int, url: str | None = None,
                       ) -> tuple[int, Mapping[str, str], bytes] | None:
        """One request in its turn; None when it stepped aside before sending
        because another line is probing a failed connection; a
        PermanentApiError at once when the database was found unreachable."""
        in_turn = False

        async def paced() -> tuple[int, Mapping[str, str], bytes] | None:
            nonlocal in_turn
            async with self.limiters[spec.name].slot() as sent:
                in_turn = True
                _raise_if_lost(spec, reach.lost, attempt)
                if reach.displaces(number):
                    return None
                return await self.send(spec, api, sent, url)

        _raise_if_lost(spec, reach.lost, attempt)
        answer = await reach.unless_displaced(paced(), number, lambda: in_turn)
        _raise_if_lost(spec, None if answer is not None else reach.lost, attempt)
        return answer

    def _give_up(self, error: TransientApiError, attempt: int, slept: float,
                 delay: float) -> str | None:
        """Why not to retry, or None to go on."""
        settings = self.settings
        if attempt >= settings.attempts:
            return f"{error.message} (gave up after {attempt} attempts)"
        if slept + delay > settings.retry_budget:
            if error.retry_after is not None and error.retry_after > settings.retry_budget - slept:
                return (f"{error.message} (the server asks to wait {error.retry_after:g} s, "
                        f"beyond the retry budget of {settings.retry_budget:g} s)")
            return (f"{error.message} (gave up after {attempt} attempts: retry budget of "
                    f"{settings.retry_budget:g} s spent)")
        return None

    async def send(
        self, spec: DatabaseSpec, api: ApiRequest, sent: Callable[[], None] = lambda: None,
        url: str | None = None,
    ) -> tuple[int, Mapping[str, str], bytes]:
        """One HTTP exchange; transport failures become ApiErrors without secrets.

        ``sent`` is called when the request headers start to leave (httpcore's
        trace hook), for the rate limiter.
        """
        import httpx

        async def trace(event: str, info: Mapping[str, Any]) -> None:
            if event.endswith("send_request_headers.started"):
                sent()

        params = {**spec.params, **api.params}
        headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
        key_env = self._key_env(spec, api)
        key = read_key(self.env, key_env).value if key_env else None
        if key:
            key_param = api.key_param or (spec.key_param if not api.key_header else None)
            key_header = api.key_header or (spec.key_header if not api.key_param else None)
            if key_param:
                params[key_param] = key
            if key_header:
                headers[key_header] = key
        if spec.email_env and spec.email_param and self.env.get(spec.email_env):
            params.setdefault(spec.email_param, self.env[spec.email_env])
        method = api.method.upper()
        if spec.post_above is not None and len(params.get(spec.query_param, "")) > spec.post_above:
            method = "POST"  # a long query would overflow the URL (HTTP 414)
        url = url or self._url(spec, api)
        if method == "POST" and spec.post_path is not None:
            url = _replace_last_segment(url, spec.post_path)
        try:
            check_endpoint(spec.url_env, url)
        except ValueError as error:
            raise PermanentApiError(f"bad endpoint URL for {spec.display}: {error}") from None
        posted = method == "POST"
        try:
            return await exchange(
                self.client, method, url, display=spec.display,
                cap=answer_cap(spec.name, params), deadline=self.settings.timeout,
                params=None if posted else params, data=params if posted else None,
                headers=headers, trace=trace,
                on_redirect=lambda response, hops: followable_redirect(
                    spec, method, response, hops))
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as error:
            raise PermanentApiError(self._bad_url_text(spec, str(error))) from None
        except httpx.TransportError as error:
            text = f"{spec.display} connection failed ({transport_detail(error)})"
            if isinstance(error, httpx.LocalProtocolError):
                # our own request could not be written: retrying sends it again as is
                raise PermanentApiError(self.secrets.scrub(text)) from None
            raise TransientApiError(self.secrets.scrub(text)) from None

    def _bad_url_text(self, spec: DatabaseSpec, detail: str) -> str:
        if "too long" in detail:
            # httpx refuses URLs over 64 KiB: the query, not the endpoint, is at fault
            return (f"the query is too long to send to {spec.display} in a URL "
                    f"({detail}); shorten it, or split it into lines and combine them "
                    "in the database's own search history")
        return f"bad endpoint URL for {spec.display} ({self.secrets.scrub(detail)}); " \
               f"check {spec.url_env}"


def _replace_last_segment(url: str, path: str) -> str:
    """``url`` with the last segment of its path replaced by ``path`` (a
    database whose long queries go by POST to a sibling endpoint)."""
    base, _, _ = url.partition("?")
    return base.rstrip("/").rpartition("/")[0] + "/" + path.lstrip("/")


# -- redirects and transport errors ------------------------------------------------


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port (the default port spelled out)."""
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default


def _show_origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def followable_redirect(spec: DatabaseSpec, method: str, response: httpx.Response,
                        hops: int) -> str:
    """Where a redirect may be followed to, or a PermanentApiError saying why not.

    None of the four databases documents redirects of its API (docs/running.md),
    so only the harmless kind is followed: a GET to the same origin (scheme,
    host and port), which already holds the key the request carries. Another
    origin would receive the key (a header or a parameter the client re-sends),
    and a POST redirected with 307/308 would re-send its body, PubMed's
    ``api_key`` in it: both are refused, naming the target's origin only (its
    query string may hold the key).
    """
    import httpx

    status = response.status_code
    try:
        target = response.request.url.join(response.headers["Location"])
    except (httpx.InvalidURL, KeyError):
        raise PermanentApiError(
            f"{spec.display} redirected the request (HTTP {status}) to an address that "
            "is not a valid URL; not followed", status=status) from None
    where = _show_origin(target)
    if _origin(target) != _origin(response.request.url):
        raise PermanentApiError(
            f"{spec.display} redirected the request (HTTP {status}) to another origin, "
            f"{where}; not followed, so that the key is sent nowhere else. If that is the "
            f"database's new address, set {spec.url_env} to it", status=status)
    if method != "GET":
        raise PermanentApiError(
            f"{spec.display} redirected a {method} request (HTTP {status}) to {where}"
            f"{target.path}; not followed, since that would send the form again",
            status=status)
    if hops >= MAX_REDIRECTS:
        raise PermanentApiError(
            f"{spec.display} redirected the request more than {MAX_REDIRECTS} times "
            f"(last to {where}{target.path}); not followed", status=status)
    return str(target)


def transport_detail(error: Exception) -> str:
    """What went wrong on the wire, in words (httpx's own text is often just its class)."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionResetError) or "reset by peer" in str(cause).lower():
            return "the connection was reset by the server"
        cause = cause.__cause__ or cause.__context__
    text = str(error).strip()
    name = type(error).__name__
    if text and text != name:
        return f"{name}: {text}"
    return _BARE_TRANSPORT_ERRORS.get(name, name)


#: httpx errors raised without a message: what they mean.
_BARE_TRANSPORT_ERRORS = {
    "ReadError": "the connection broke while reading the answer",
    "WriteError": "the connection broke while sending the request",
    "ConnectError": "could not connect to the server",
    "RemoteProtocolError": "the server broke the HTTP protocol",
}


def make_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.AsyncClient:
    """The production client: explicit timeouts and pool limits, no env proxies for keys."""
    import httpx

    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout),
        limits=httpx.Limits(max_connections=POOL_MAX_CONNECTIONS,
                            max_keepalive_connections=POOL_MAX_CONNECTIONS),
        follow_redirects=False,  # see followable_redirect: keys stay with their origin
    )


class ApiSession:
    """Requests other than counts (pages of records, known-item checks) through the run's own
    machinery: the same rate limiters (shared pace files included), retries,
    bounded transport, key handling and scrubbing as :func:`run_plans`.

    Made by :func:`api_session`; ``ask`` sends one request and returns what
    ``reader`` makes of the answer, or raises an :class:`ApiError` whose
    message holds no key.
    """

    def __init__(self, run: _Run) -> None:
        self._run = run

    @property
    def secrets(self) -> Secrets:
        return self._run.secrets

    def endpoint(self, database: str, api: ApiRequest) -> str:
        """The URL a request to ``database`` goes to (``QUERYLANG_*_URL`` first)."""
        return self._run._url(SPECS[database], api)

    def scrub(self, text: str) -> str:
        return self._run.secrets.scrub(text)

    def request_view(self, target: str, api: ApiRequest) -> dict[str, Any]:
        """The secret-free request as the search log keeps it (the cache key)."""
        return self._run._request_for(SPECS[target], api)

    def skip_reason(self, target: str, api: ApiRequest) -> str | None:
        """Why the database cannot be asked (a key missing or unusable), or None."""
        spec = SPECS[target]
        key_env = self._run._key_env(spec, api)
        bad_key = read_key(self._run.env, key_env).problem if key_env else None
        if bad_key:
            return f"not run: {bad_key}"
        if self._run._key_missing(spec, api, key_env):
            return (f"not run: set {key_env} to search {spec.display} through its API")
        return None

    async def read(self, target: str, api: ApiRequest, number: int, total: int,
                   reader: Callable[[int, Mapping[str, str], bytes], _T]) -> _T:
        """The reader's view of the answer; an ApiError (scrubbed) when there is none.
        ``number`` tells one request of a database from the others (1, 2, ...)."""
        run = self._run
        spec = SPECS[target]
        remaining = max(0.0, run.deadline_at - time.monotonic())
        run.tell("start", target, number, total)
        try:
            answer = await asyncio.wait_for(
                run.ask(spec, api, number, total, reader), remaining)
        except TimeoutError:
            raise TransientApiError(
                f"not answered: the deadline of {run.settings.deadline:g} s passed") from None
        except ApiError as error:
            run.tell("done", target, number, total, "error")
            raise type(error)(run.secrets.scrub(error.message), status=error.status) from None
        run.tell("done", target, number, total, "ok")
        return answer

    async def ask(self, database: str, api: ApiRequest,
                  reader: Callable[[int, Mapping[str, str], bytes], _T], *,
                  line: int = 0, total: int = 1, url: str | None = None) -> _T:
        """One request, paced and retried as a count is; ``url`` replaces the
        endpoint (another service of the same database, same pace and key)."""
        return await self._run.ask(SPECS[database], api, line, total, reader, url)


@asynccontextmanager
async def api_session(
    *,
    client: httpx.AsyncClient | None = None,
    settings: RunSettings | None = None,
    env: Mapping[str, str] | None = None,
    progress: ProgressCallback | None = None,
    pace_dir: Path | None = None,
    key_names: Sequence[str] = (),
) -> AsyncIterator[ApiSession]:
    """An :class:`ApiSession` for the duration of the ``async with`` block
    (arguments as :func:`run_plans`; the run's ``deadline`` does not apply:
    the caller bounds its own work)."""
    env = dict(os.environ if env is None else env)
    settings = settings or RunSettings.from_env(env)
    own = client is None
    http = client if client is not None else make_client(settings.timeout)
    run = _Run(http, settings, env, None, progress, key_names, None, pace_dir)
    try:
        with run.secrets.guard_logs():
            yield ApiSession(run)
    finally:
        for limiter in run.limiters.values():
            limiter.close()
        if own:
            await http.aclose()


async def run_plans(
    plans: Sequence[TargetPlan],
    *,
    client: httpx.AsyncClient | None = None,
    settings: RunSettings | None = None,
    env: Mapping[str, str] | None = None,
    cache: CountCache | None = None,
    progress: ProgressCallback | None = None,
    on_result: Callable[[TargetResult], None] | None = None,
    on_line: Callable[[str, LineResult], None] | None = None,
    pace_dir: Path | None = None,
) -> dict[str, TargetResult]:
    """Count every plan concurrently; results keyed by target, in plan order.

    ``on_line`` is called with each line's result as soon as it has its
    answer, ``on_result`` with each database's result when that database
    is done (the search log saves both there, so that an interrupted run
    keeps every count it had). ``pace_dir``: the folder of the pace files
    shared with other processes (:mod:`querylang.pacing`); None paces this
    process alone. A client handed in is used as is and left open (tests,
    a long-lived application); otherwise one is made and closed here.
    """
    env = dict(os.environ if env is None else env)
    settings = settings or RunSettings.from_env(env)
    own = client is None
    http = client if client is not None else make_client(settings.timeout)
    # a request may name a key variable of its own: scrub that one as well
    key_names = sorted({compiled.api.key_env for plan in plans for compiled in plan.lines
                        if compiled.api is not None and compiled.api.key_env})
    run = _Run(http, settings, env, cache, progress, key_names, on_line, pace_dir)

    async def counted(plan: TargetPlan) -> TargetResult:
        result = await run.target(plan)
        if on_result is not None:
            on_result(result)
        return result

    try:
        with run.secrets.guard_logs():
            results = await asyncio.gather(*(counted(plan) for plan in plans))
    finally:
        for limiter in run.limiters.values():
            limiter.close()
        if own:
            await http.aclose()
    return {result.target: result for result in results}


def run_plans_sync(plans: Sequence[TargetPlan], **options: Any) -> dict[str, TargetResult]:
    """:func:`run_plans` for callers without an event loop."""
    return asyncio.run(run_plans(plans, **options))


def run_strategy(
    plans: Sequence[TargetPlan],
    *,
    source_text: str,
    source_name: str,
    started: str | None = None,
    **options: Any,
) -> RunResult:
    """Run the plans and wrap them in a :class:`RunResult` with timestamps
    (``started``: when the caller began the run, default now)."""
    started = started or _now()
    targets = run_plans_sync(plans, **options)
    return RunResult(
        started=started,
        finished=_now(),
        version=__version__,
        source_text=source_text,
        source_name=source_name,
        targets=targets,
    )


def _readable_time(stamp: str) -> str:
    """``2026-12-03T10:15:29.000000+00:00`` -> ``2026-12-03 10:15 UTC`` (as
    stored when not ISO: shown as it is)."""
    from datetime import datetime, timezone

    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
