"""Shared machinery of the fake database APIs.

Each fake is a real HTTP server on 127.0.0.1 so that the production client
code (httpx, timeouts, retries, encoding) is exercised end to end, exactly
as against the real service, without any network access. This module holds
what the four fakes share: the server thread, request recording, the fault
script, deterministic hit counts and sliding-window rate limits.

Standard library only: the fakes must run wherever the tests run.
"""

from __future__ import annotations

import hashlib
import json
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qs, urlsplit

from .pool import RecordPool

HOST = "127.0.0.1"

_F = TypeVar("_F", bound="FakeServer")


def stable_count(query: str) -> int:
    """Default hit count of a query: a stable function of its exact text.

    Stable across runs and machines (unlike ``hash()``), so tests can
    compute the expected number with the same function.
    """
    digest = hashlib.sha256(query.encode("utf-8")).digest()
    # Each AND divides the count, so a demo's combined lines read plausibly
    # smaller than their parts (the numbers mean nothing else).
    ands = query.count(" AND ") + query.count(" ANDNOT ")
    # 50,000 to 99,999 before the division: an AND line always counts less
    # than the OR lines it combines.
    return (50_000 + int.from_bytes(digest[:8], "big") % 50_000) // (5**ands)


# --------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------

#: Fault kinds every fake understands.
COMMON_FAULT_KINDS = frozenset(
    {"ok", "status", "drop", "malformed", "redirect", "reset", "body", "trickle", "endless"}
)
#: An endless body stops after this many bytes, so that a client without a
#: size cap ends up with a (huge, malformed) answer instead of hanging a test.
ENDLESS_LIMIT = 64 * 1024 * 1024
ENDLESS_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour, applied to exactly one request.

    ``kind`` is ``"ok"`` (answer normally), ``"status"`` (answer HTTP
    ``status``), ``"drop"`` (close the socket without answering),
    ``"malformed"`` (answer normally, body cut in half) or a fake-specific
    name such as ``"error_field"`` (PubMed), ``"error_feed"`` (arXiv) or
    ``"over_rate"`` (IEEE). ``delay`` seconds are slept before answering
    whatever the kind, so a slow answer is ``Fault(delay=2.0)``. Three more
    common kinds: ``"redirect"`` (``status`` with ``Location: message``),
    ``"reset"`` (a TCP reset instead of an answer) and ``"body"`` (answer
    ``status`` with ``message`` as the body, of type ``content_type``).
    ``"trickle"`` sends the normal answer one byte every ``pace`` seconds
    (each read is quick, the whole answer slow); ``"endless"`` starts the
    normal answer and never ends it (chunked, up to :data:`ENDLESS_LIMIT`).
    """

    kind: str = "ok"
    status: int | None = None
    retry_after: float | None = None
    delay: float = 0.0
    message: str | None = None
    content_type: str | None = None
    pace: float = 0.0

    @classmethod
    def ok(cls) -> Fault:
        """A normal answer (useful as a placeholder in a script)."""
        return cls()

    @classmethod
    def http(cls, status: int, retry_after: float | None = None) -> Fault:
        """An HTTP error answer, optionally with a ``Retry-After`` header."""
        if not 100 <= status <= 599:
            raise ValueError(f"not an HTTP status: {status}")
        return cls("status", status=status, retry_after=retry_after)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """A normal answer that arrives ``seconds`` late (to trip timeouts)."""
        return cls("ok", delay=seconds)

    @classmethod
    def trickle(cls, pace: float) -> Fault:
        """The normal answer, one byte every ``pace`` seconds."""
        return cls("trickle", pace=pace)

    @classmethod
    def endless(cls) -> Fault:
        """A body that never ends."""
        return cls("endless")

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without any response."""
        return cls("drop")

    @classmethod
    def redirect(cls, status: int, location: str) -> Fault:
        """Answer ``status`` (301, 302, 303, 307, 308) pointing at ``location``."""
        return cls("redirect", status=status, message=location)

    @classmethod
    def reset(cls) -> Fault:
        """Reset the connection (TCP RST) instead of answering."""
        return cls("reset")

    @classmethod
    def body(cls, text: str, content_type: str = "text/html; charset=utf-8",
             status: int = 200) -> Fault:
        """Answer ``status`` with exactly ``text`` (an HTML page, odd JSON...)."""
        return cls("body", status=status, message=text, content_type=content_type)

    @classmethod
    def malformed(cls) -> Fault:
        """A normal answer whose body is truncated (broken JSON or XML)."""
        return cls("malformed")

    @classmethod
    def named(
        cls, kind: str, *, retry_after: float | None = None, message: str | None = None
    ) -> Fault:
        """A fake-specific fault, e.g. ``Fault.named("phrasesnotfound", message="xyzzy")``."""
        return cls(kind, retry_after=retry_after, message=message)

    @classmethod
    def parse(cls, spec: FaultSpec) -> Fault:
        """Read the short string form used in ``fake.script([...])``.

        ``"ok"``, ``"drop"``, ``"malformed"``, ``"slow"`` / ``"slow:2.5"``,
        ``"503"`` / ``"429:2"`` (status, Retry-After seconds), or a named
        kind with an optional argument: ``"over_rate:60"`` (Retry-After) or
        ``"phrasesnotfound:xyzzy"`` (message). An ``int`` is a status.
        """
        if isinstance(spec, Fault):
            return spec
        if isinstance(spec, int):
            return cls.http(spec)
        name, _, arg = spec.strip().partition(":")
        name = name.strip().lower()
        arg = arg.strip()
        if name.isdigit():
            return cls.http(int(name), float(arg) if arg else None)
        if name == "slow":
            return cls.slow(float(arg) if arg else 1.0)
        if name == "trickle":
            return cls.trickle(float(arg) if arg else 1.0)
        number = _maybe_float(arg)
        return cls(name, retry_after=number, message=arg if arg and number is None else None)

    @property
    def label(self) -> str:
        """Short human-readable form, stored on the recorded request."""
        if self.kind == "status":
            suffix = f":{self.retry_after:g}" if self.retry_after is not None else ""
            return f"{self.status}{suffix}"
        if self.kind == "ok":
            return f"slow:{self.delay:g}" if self.delay else "ok"
        return self.kind


FaultSpec = Fault | str | int


def _maybe_float(text: str) -> float | None:
    """Parse ``text`` as a number, or ``None`` when it is not one."""
    try:
        return float(text)
    except ValueError:
        return None


# --------------------------------------------------------------------------
# Requests and replies
# --------------------------------------------------------------------------


@dataclass
class RecordedRequest:
    """What the fake received, kept so tests can assert on the wire format.

    ``query_params`` and ``form_params`` are URL-decoded (``+`` is a space)
    exactly as the real servers read them; ``query_string`` is raw, for
    tests about encoding. Header names are lower-cased. ``arrived`` is
    ``time.monotonic()`` at arrival, ``wall_time`` is ``time.time()``.
    """

    method: str
    path: str
    query_string: str
    query_params: dict[str, list[str]]
    form_params: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    arrived: float
    wall_time: float
    client: str
    fault: str | None = None
    status: int | None = None  # answered status; None when dropped

    @property
    def params(self) -> dict[str, list[str]]:
        """Query and form parameters together, as E-utilities reads a POST."""
        merged = {key: list(values) for key, values in self.query_params.items()}
        for key, values in self.form_params.items():
            merged.setdefault(key, []).extend(values)
        return merged

    def param(self, name: str, default: str | None = None) -> str | None:
        """First value of parameter ``name`` (query string first, then form)."""
        values = self.query_params.get(name) or self.form_params.get(name)
        return values[0] if values else default

    def header(self, name: str, default: str | None = None) -> str | None:
        """Header value by case-insensitive name."""
        return self.headers.get(name.lower(), default)


@dataclass
class Reply:
    """An HTTP answer the fake will write."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Reply:
        """A JSON answer, compact like the real services."""
        body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        return cls(status, body, "application/json; charset=UTF-8", dict(headers or {}))

    @classmethod
    def text(
        cls,
        status: int,
        text: str,
        content_type: str = "text/plain; charset=utf-8",
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        """A text, HTML or XML answer."""
        return cls(status, text.encode("utf-8"), content_type, dict(headers or {}))

    @classmethod
    def html_status(cls, status: int, headers: Mapping[str, str] | None = None) -> Reply:
        """The bare HTML page a proxy or load balancer sends on 5xx."""
        phrase = _phrase(status)
        page = (
            f"<html><head><title>{status} {phrase}</title></head>"
            f"<body><h1>{status} {phrase}</h1></body></html>"
        )
        return cls.text(status, page, "text/html; charset=utf-8", headers)


def _phrase(status: int) -> str:
    """Reason phrase of a status, tolerant of unusual codes."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def retry_after_header(seconds: float | None) -> dict[str, str]:
    """``Retry-After`` as a header dict (empty when ``seconds`` is None)."""
    return {} if seconds is None else {"Retry-After": f"{seconds:g}"}


class SlidingWindow:
    """Counts events in the last ``width`` seconds, per identity.

    Used for "more than N requests in any 1-second window" limits. Every
    arrival is counted, rejected or not, as a throttling proxy does.
    """

    def __init__(self, width: float = 1.0) -> None:
        self.width = width
        self._events: dict[str, deque[float]] = {}

    def hit(self, identity: str, now: float) -> int:
        """Record an event at ``now``; return how many fall in the window."""
        events = self._events.setdefault(identity, deque())
        while events and events[0] <= now - self.width:
            events.popleft()
        events.append(now)
        return len(events)


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------


class FakeServer:
    """Base of the four fakes: lifecycle, recording, faults and counts.

    Subclasses set ``ENDPOINT`` and ``METHODS``, may declare their own
    fault kinds in ``FAULT_KINDS`` (with ``FAULT_ALIASES``), and implement
    ``answer`` (the normal reply, validation included) and optionally
    ``admit`` (authentication and rate limits, decided at arrival) and
    ``too_many_reply`` (their shape of HTTP 429).
    """

    ENDPOINT: ClassVar[str] = "/"
    #: Further paths the fake serves (PubMed's ``esummary.fcgi``); ``answer``
    #: tells them apart by ``req.path``.
    EXTRA_ENDPOINTS: ClassVar[frozenset[str]] = frozenset()
    #: The database's name in querylang (``pubmed`` ...): its share of a pool.
    DATABASE: ClassVar[str] = ""
    METHODS: ClassVar[frozenset[str]] = frozenset({"GET"})
    FAULT_KINDS: ClassVar[frozenset[str]] = frozenset()
    FAULT_ALIASES: ClassVar[Mapping[str, str]] = {}

    def __init__(
        self,
        *,
        counts: Mapping[str, int] | None = None,
        zero_hits: Iterable[str] = (),
        count_fn: Callable[[str], int] | None = None,
        latency: float = 0.0,
        port: int = 0,
        host: str = HOST,
        any_key: bool = False,
        pool: RecordPool | None = None,
    ) -> None:
        self.counts: dict[str, int] = dict(counts or {})
        #: Records served from the shared pool (tests/fakes/pool.py); with a
        #: pool, a query's default count is this database's share of it.
        self.pool = pool
        #: Accept any non-empty key as valid (``python -m tests.fakes``: a
        #: user's own key stays in their shell, and the demo still runs).
        self.any_key = any_key
        self.zero_hits: set[str] = set(zero_hits)
        self.count_fn: Callable[[str], int] = count_fn or stable_count
        self.latency = latency
        self.host = host
        self._requested_port = port
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._faults: deque[Fault] = deque()
        self._connections: set[socket.socket] = set()
        self._in_flight = 0
        self._max_in_flight = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None

    # -- lifecycle ---------------------------------------------------------

    def start(self: _F) -> _F:
        """Bind (ephemeral port by default) and serve in a daemon thread."""
        if self._server is not None:
            return self
        server = _Server((self.host, self._requested_port), self)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.01},  # short, so stop() is quick
            name=f"{type(self).__name__}:{server.server_address[1]}",
            daemon=True,
        )
        self._server, self._thread = server, thread
        self._port = int(server.server_address[1])
        thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and cut kept-alive connections so no thread lingers."""
        server, thread = self._server, self._thread
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if thread is not None:
            thread.join(timeout=2.0)
        self._server = self._thread = None

    def __enter__(self: _F) -> _F:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        """The bound port (kept after stop, so a test can check it is closed)."""
        if self._port is None:
            raise RuntimeError(f"{type(self).__name__} was never started")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` without the endpoint path."""
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """Full endpoint URL, the value for the QUERYLANG_*_URL variable."""
        return self.base_url + self.ENDPOINT

    # -- counts ------------------------------------------------------------

    def key_is_valid(self, key: str | None, valid: str) -> bool:
        """``key`` is the fake's one valid key, or any key when ``any_key``."""
        return key == valid or (self.any_key and bool(key))

    def count_for(self, query: str) -> int:
        """Hit count for an exact query: override, zero list, else default."""
        if query in self.counts:
            return self.counts[query]
        if query in self.zero_hits:
            return 0
        if self.pool is not None:
            return self.pool.size(self.DATABASE)
        return self.count_fn(query)

    def set_count(self, query: str, count: int) -> None:
        """Make ``query`` (exact text as received) report ``count`` hits."""
        self.counts[query] = count

    def set_zero(self, query: str) -> None:
        """Make ``query`` report no hits."""
        self.counts[query] = 0

    # -- faults ------------------------------------------------------------

    def script(self, faults: Iterable[FaultSpec]) -> None:
        """Queue faults for the next requests, one each, in order.

        Unknown names raise ``ValueError`` here, so a typo in a test fails
        at once rather than silently answering normally.
        """
        parsed = [self._check_fault(Fault.parse(spec)) for spec in faults]
        with self._lock:
            self._faults.extend(parsed)

    def clear_faults(self) -> None:
        """Drop faults not yet applied."""
        with self._lock:
            self._faults.clear()

    @property
    def pending_faults(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def _check_fault(self, fault: Fault) -> Fault:
        """Resolve aliases and reject kinds this fake cannot produce."""
        kind = self.FAULT_ALIASES.get(fault.kind, fault.kind)
        if kind not in COMMON_FAULT_KINDS | self.FAULT_KINDS:
            known = sorted(COMMON_FAULT_KINDS | self.FAULT_KINDS | set(self.FAULT_ALIASES))
            raise ValueError(f"{type(self).__name__}: unknown fault {fault.kind!r}; known: {known}")
        if kind == fault.kind:
            return fault
        return replace(fault, kind=kind)

    # -- records -----------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Copy of the requests received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self._requests)

    @property
    def last_request(self) -> RecordedRequest:
        with self._lock:
            if not self._requests:
                raise LookupError(f"{type(self).__name__} has received no request")
            return self._requests[-1]

    @property
    def in_flight(self) -> int:
        """Requests being handled right now."""
        with self._lock:
            return self._in_flight

    @property
    def max_in_flight(self) -> int:
        """Most requests ever handled at once (arXiv wants this to stay 1)."""
        with self._lock:
            return self._max_in_flight

    def reset(self) -> None:
        """Forget requests, faults and concurrency peaks (not counts/config)."""
        with self._lock:
            self._requests.clear()
            self._faults.clear()
            self._max_in_flight = self._in_flight
            self._reset_limits()

    # -- hooks for subclasses ------------------------------------------------

    def _reset_limits(self) -> None:
        """Forget rate-limit state; called under the lock by ``reset``."""

    def admit(self, req: RecordedRequest) -> Reply | None:
        """Gate decided at arrival, under the lock: auth, rate, quota.

        Runs in arrival order so windows and intervals are exact. Return a
        reply to refuse the request, or None to let ``answer`` handle it.
        """
        return None

    def answer(self, req: RecordedRequest, fault: Fault) -> Reply:
        """The normal answer (validation included) to an admitted request."""
        raise NotImplementedError

    def too_many_reply(self, retry_after: float | None) -> Reply:
        """This service's HTTP 429; overridden with each real shape."""
        return Reply.text(429, "Too Many Requests", headers=retry_after_header(retry_after))

    def status_reply(self, fault: Fault) -> Reply:
        """Answer for a scripted ``status`` fault."""
        status = fault.status or 500
        if status == 429:
            return self.too_many_reply(fault.retry_after)
        return Reply.html_status(status, retry_after_header(fault.retry_after))

    @staticmethod
    def malform(reply: Reply) -> Reply:
        """Cut the body in half: invalid JSON, unclosed XML."""
        body = reply.body[: max(1, len(reply.body) // 2)]
        return Reply(reply.status, body, reply.content_type, dict(reply.headers))

    # -- request flow ------------------------------------------------------

    def _arrive(self, req: RecordedRequest) -> tuple[Fault, Reply | None]:
        """Record, pick the fault and run the gate, atomically in order."""
        with self._lock:
            self._requests.append(req)
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
            if req.path != self.ENDPOINT and req.path not in self.EXTRA_ENDPOINTS:
                return Fault(), Reply.json(404, {"error": f"Not found: {req.path}"})
            if req.method not in self.METHODS:
                return Fault(), Reply.text(405, "Method Not Allowed")
            fault = self._faults.popleft() if self._faults else Fault()
            if fault.kind != "ok" or fault.delay:
                req.fault = fault.label
            return fault, self.admit(req)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _serve(self, req: RecordedRequest, fault: Fault, gate: Reply | None) -> Reply | None:
        """Produce the reply (None = drop the connection)."""
        delay = self.latency + fault.delay
        if delay > 0:
            time.sleep(delay)
        if fault.kind in ("drop", "reset"):
            return None
        if fault.kind == "status":
            return self.status_reply(fault)
        if fault.kind == "redirect":
            return Reply.text(fault.status or 302, "", headers={"Location": fault.message or "/"})
        if fault.kind == "body":
            return Reply.text(fault.status or 200, fault.message or "",
                              fault.content_type or "text/html; charset=utf-8")
        if fault.kind in self.FAULT_KINDS:
            return self.answer(req, fault)
        reply = gate if gate is not None else self.answer(req, fault)
        return self.malform(reply) if fault.kind == "malformed" else reply

    def _track(self, conn: socket.socket, alive: bool) -> None:
        with self._lock:
            if alive:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)


class _Server(ThreadingHTTPServer):
    """A threading server that knows its fake and stays quiet on hang-ups."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], fake: FakeServer) -> None:
        self.fake = fake
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that time out and hang up are expected, not errors."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Turns each HTTP request into a RecordedRequest for the fake."""

    protocol_version = "HTTP/1.1"  # keep-alive, as the real services allow
    disable_nagle_algorithm = True  # headers and body go out separately: avoid 40 ms stalls
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.fake._track(self.connection, alive=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.fake._track(self.connection, alive=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request stderr log: tests read records instead."""

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def _handle(self) -> None:
        fake = self.server.fake
        req = self._record()
        fault, gate = fake._arrive(req)
        try:
            reply = fake._serve(req, fault, gate)
            if reply is None:
                self._drop(reset=fault.kind == "reset")
            else:
                req.status = reply.status  # before writing: the client may look at once
                if fault.kind == "trickle":
                    self._write(reply, pace=fault.pace)
                elif fault.kind == "endless":
                    self._write_endless(reply)
                else:
                    self._write(reply)
        except OSError:
            self.close_connection = True
        finally:
            fake._leave()

    def _record(self) -> RecordedRequest:
        arrived, wall = time.monotonic(), time.time()
        split = urlsplit(self.path)
        body = self._read_body()
        content_type = self.headers.get("Content-Type", "")
        form: dict[str, list[str]] = {}
        if content_type.startswith("application/x-www-form-urlencoded"):
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return RecordedRequest(
            method=self.command,
            path=split.path,
            query_string=split.query,
            query_params=parse_qs(split.query, keep_blank_values=True),
            form_params=form,
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
            arrived=arrived,
            wall_time=wall,
            client=str(self.client_address[0]),
        )

    def _read_body(self) -> bytes:
        """Read a Content-Length or chunked body so keep-alive stays in sync."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _write(self, reply: Reply, pace: float = 0.0) -> None:
        """The reply; with ``pace``, its body one byte every ``pace`` seconds."""
        self._write_head(reply, {"Content-Length": str(len(reply.body))})
        if not pace:
            self.wfile.write(reply.body)
            self.wfile.flush()
            return
        for index in range(len(reply.body)):
            self.wfile.write(reply.body[index:index + 1])
            self.wfile.flush()
            time.sleep(pace)

    def _write_head(self, reply: Reply, framing: Mapping[str, str]) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in {**framing, **reply.headers}.items():
            self.send_header(name, value)
        self.end_headers()

    def _write_endless(self, reply: Reply) -> None:
        """The start of the reply, then blanks without end (until the client hangs up)."""
        self._write_head(reply, {"Transfer-Encoding": "chunked"})
        self.close_connection = True
        filler = b" " * ENDLESS_CHUNK
        chunks = [reply.body[: len(reply.body) // 2]] + [filler] * (ENDLESS_LIMIT // ENDLESS_CHUNK)
        for chunk in chunks:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _drop(self, *, reset: bool = False) -> None:
        """Hang up without a byte of response, like a crashed backend; with
        ``reset``, abort the connection (RST), like a proxy that kills it."""
        self.close_connection = True
        try:
            if reset:
                # linger on, for 0 s: close() sends RST instead of FIN
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.connection.close()
                return
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
