"""The search log: every ``querylang run`` kept in one SQLite file.

Reviewers must report, per database, the exact strategy, the date it ran and
the hit counts (PRISMA-S), and explain later why the numbers moved. The log
keeps each run whole, answers repeated requests from recent runs (the cache:
API quotas are small) and feeds ``history``, ``show``, ``diff`` and
``report``.

Where the file lives (:func:`default_log_path`)::

    $QUERYLANG_HOME/log.sqlite3                          when QUERYLANG_HOME is set
    $XDG_DATA_HOME/querylang/log.sqlite3                 Linux and other Unix
      (~/.local/share/querylang/log.sqlite3 without XDG_DATA_HOME)
    ~/Library/Application Support/querylang/log.sqlite3  macOS
    %LOCALAPPDATA%\\querylang\\log.sqlite3                 Windows

Schema (version in ``PRAGMA user_version``, see :data:`SCHEMA_VERSION`)::

    runs     one row per run: times (UTC, ISO 8601), version, strategy text
             and its sha256, ``complete`` (0 until the last transaction),
             ``planned`` (v3: JSON, per database the line numbers the run
             set out to count; NULL in runs logged before v3)
    targets  one row per run and database: the final line's figures
    lines    one row per run, database and line: interface string, API
             request (no secrets) and its cache key, count, status, error,
             source (fetched/cached/manual/none), API notes, diagnostics,
             when the count was fetched from the database
    checks   (v4) one row per known-item check (``querylang check``): the
             strategy and known set as given, and the result as JSON
    check_answers (v4) one row per request of a check: the request (no
             secrets) and its cache key, the records it retrieved (JSON) or
             its error, when fetched
    record_fetches  (v4) one row per run, line and database whose records
             were fetched (``querylang records``): query, pages done,
             records fetched, total announced, the cap, complete flag, the
             state to resume from (JSON), error, notes
    records  (v4) one row per fetched record: the FetchedRecord fields
             (querylang.records.model; authors a JSON list), by run, line,
             database and position

Crash consistency: a run is written in transactions. The ``runs`` row is
committed first with ``complete = 0``; each line is one transaction,
written as soon as that line has its answer, and each database's summary
row one more when the database is done (:class:`RunRecorder`); the last
transaction sets ``finished`` and ``complete = 1``. A
process killed half way therefore leaves a run that is marked incomplete,
never one that looks finished with missing databases, and every count it
paid for is in ``lines``, where the cache finds it. ``history`` and
``report`` hide incomplete runs by default (``history --all`` lists them,
marked). The log is in WAL mode with a busy timeout and every write takes
the write lock up front (``BEGIN IMMEDIATE``), so two runs writing at once
both land whole.

Secrets: requests carry no key by contract (:class:`~querylang.targets.base.
ApiRequest`); as a second line of defence :func:`scrub_request` drops any
parameter named like an API key and blanks any value that holds one of
querylang's keys (:mod:`querylang.secrets`), and the texts written about
requests (errors, the databases' notes) have them replaced. The strategy
and what was compiled from it are the user's words, stored as written.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from querylang.ast import Span
from querylang.diagnostics import Diagnostic, QuerylangError, Severity
from querylang.results import LineResult, RunResult, Source, Status, TargetResult

if TYPE_CHECKING:
    from querylang.records.model import FetchedRecord
    from querylang.runner import CachedCount

__all__ = [
    "SCHEMA_VERSION",
    "DEFAULT_MAX_AGE_HOURS",
    "LOG_FILE_NAME",
    "LogError",
    "UnknownRunError",
    "LogHit",
    "RunSummary",
    "LineMeta",
    "FetchState",
    "StoredRun",
    "SearchLog",
    "LogCache",
    "default_log_path",
    "open_log",
    "request_key",
    "scrub_request",
    "utc_now",
]

#: Current schema version (``PRAGMA user_version``).
SCHEMA_VERSION = 4
#: The oldest schema a read-only open reads without migrating (v3 only
#: added ``runs.planned``, which then reads as unknown).
READABLE_FROM = 2
#: SQLite stores integers in 64 bits; a count beyond cannot be stored as one.
MAX_STORED_COUNT = 2**63 - 1
#: Cache answers requests at most this old unless ``--max-age`` says otherwise.
DEFAULT_MAX_AGE_HOURS = 24.0
LOG_FILE_NAME = "log.sqlite3"
APP_DIR_NAME = "querylang"
#: How long a writer waits for another process's transaction (milliseconds).
BUSY_TIMEOUT_MS = 30_000
REDACTED = "[redacted]"
#: Parameter names that hold a key, compared without "_" and "-", lower case.
_KEY_PARAM_NAMES = frozenset({"apikey", "xapikey"})

# -- schema ---------------------------------------------------------------------

#: The first layout (development of 0.1.0): one flat ``results`` table, no
#: completion flag, no hash, no cache key. Kept verbatim: the migration test
#: builds a database from it.
SCHEMA_V1 = """
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started     TEXT NOT NULL,
    finished    TEXT,
    version     TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_text TEXT NOT NULL
);
CREATE TABLE results (
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    target      TEXT NOT NULL,
    line        INTEGER NOT NULL,
    query       TEXT,
    request     TEXT,
    status      TEXT NOT NULL,
    count       INTEGER,
    error       TEXT,
    diagnostics TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, target, line)
);
PRAGMA user_version = 1;
"""

_SCHEMA_V2_TABLES = """
CREATE TABLE IF NOT EXISTS runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    started       TEXT NOT NULL,
    finished      TEXT,
    version       TEXT NOT NULL,
    source_name   TEXT NOT NULL,
    source_text   TEXT NOT NULL,
    source_sha256 TEXT NOT NULL DEFAULT '',
    complete      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS targets (
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    target      TEXT NOT NULL,
    query       TEXT,
    status      TEXT NOT NULL,
    count       INTEGER,
    error       TEXT,
    api_notes   TEXT NOT NULL DEFAULT '[]',
    notes       TEXT NOT NULL DEFAULT '[]',
    diagnostics TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, target)
);
CREATE TABLE IF NOT EXISTS lines (
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    target      TEXT NOT NULL,
    number      INTEGER NOT NULL,
    query       TEXT,
    api_query   TEXT,
    request     TEXT,
    request_key TEXT,
    status      TEXT NOT NULL,
    count       INTEGER,
    error       TEXT,
    source      TEXT NOT NULL DEFAULT 'none',
    api_notes   TEXT NOT NULL DEFAULT '[]',
    diagnostics TEXT NOT NULL DEFAULT '[]',
    elapsed     REAL NOT NULL DEFAULT 0,
    fetched_at  TEXT,
    cached_from INTEGER,
    PRIMARY KEY (run_id, target, number)
);
CREATE INDEX IF NOT EXISTS lines_cache ON lines (request_key, fetched_at)
    WHERE status = 'ok' AND source = 'fetched';
CREATE INDEX IF NOT EXISTS runs_started ON runs (started);
"""

#: Known-item checks (v4, ``querylang check``, :mod:`querylang.known`).
_CHECK_TABLES = """
CREATE TABLE IF NOT EXISTS checks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    started       TEXT NOT NULL,
    finished      TEXT,
    version       TEXT NOT NULL,
    source_name   TEXT NOT NULL,
    source_text   TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    known_name    TEXT NOT NULL,
    known         TEXT NOT NULL,
    result        TEXT,
    complete      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS check_answers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    check_id    INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
    target      TEXT NOT NULL,
    line        INTEGER,
    part        INTEGER NOT NULL,
    request     TEXT NOT NULL,
    request_key TEXT NOT NULL,
    status      TEXT NOT NULL,
    records     TEXT,
    error       TEXT,
    source      TEXT NOT NULL,
    fetched_at  TEXT
);
CREATE INDEX IF NOT EXISTS check_answers_cache ON check_answers (request_key, fetched_at)
    WHERE status = 'ok' AND source = 'fetched';
CREATE INDEX IF NOT EXISTS checks_source ON checks (source_sha256, started);
"""


#: v4: the records behind the counts (``querylang records``). One fetch per
#: run, line and database; its records are written with the fetch's state in
#: one transaction per page, so an interrupted fetch resumes after its last
#: saved page and never keeps half a page.
_RECORDS_TABLES = """
CREATE TABLE IF NOT EXISTS record_fetches (
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    database    TEXT NOT NULL,
    query       TEXT,
    pages_done  INTEGER NOT NULL DEFAULT 0,
    fetched     INTEGER NOT NULL DEFAULT 0,
    total       INTEGER,
    wanted      INTEGER,
    complete    INTEGER NOT NULL DEFAULT 0,
    state       TEXT NOT NULL DEFAULT '{}',
    error       TEXT,
    notes       TEXT NOT NULL DEFAULT '[]',
    updated     TEXT,
    PRIMARY KEY (run_id, line, database)
);
CREATE TABLE IF NOT EXISTS records (
    run_id       INTEGER NOT NULL,
    line         INTEGER NOT NULL,
    database     TEXT NOT NULL,
    position     INTEGER NOT NULL,
    native_id    TEXT NOT NULL,
    doi          TEXT,
    pmid         TEXT,
    arxiv_id     TEXT,
    title        TEXT,
    year         INTEGER,
    first_author TEXT,
    venue        TEXT,
    authors      TEXT NOT NULL DEFAULT '[]',
    abstract     TEXT,
    doc_type     TEXT,
    raw_ids      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, line, database, position),
    FOREIGN KEY (run_id, line, database)
        REFERENCES record_fetches (run_id, line, database) ON DELETE CASCADE
);
"""


class LogError(QuerylangError):
    """The search log cannot be opened, read or written."""


class UnknownRunError(LogError):
    """No run with that id (or no run at all) in the log."""


class DamagedLogError(LogError):
    """SQLite found the file damaged while reading it (a corrupt page)."""


def damaged_message(path: Path, error: BaseException) -> str:
    """What to say about a damaged log, and how to go on (docs/running.md)."""
    return (
        f"{path} is not a usable search log: the file is damaged ({error}). To recover: "
        f"keep a copy of the file, then restore the log from a backup, or try "
        f"`sqlite3 {path} .recover` into a new file; meanwhile give --log with another file"
    )


# -- paths and time -------------------------------------------------------------


def default_log_path(
    env: Mapping[str, str] | None = None, platform: str | None = None, home: Path | None = None
) -> Path:
    """Where the log lives when ``--log`` is not given (see the module doc)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    home = Path.home() if home is None else home
    if env.get("QUERYLANG_HOME"):
        return Path(env["QUERYLANG_HOME"]).expanduser() / LOG_FILE_NAME
    if platform == "darwin":
        base = home / "Library" / "Application Support"
    elif platform in ("win32", "cygwin"):
        local = env.get("LOCALAPPDATA") or env.get("APPDATA")
        base = Path(local) if local else home / "AppData" / "Local"
    else:
        xdg = env.get("XDG_DATA_HOME", "")
        # The XDG spec says a relative value is invalid and must be ignored.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / APP_DIR_NAME / LOG_FILE_NAME


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def parse_time(text: str) -> datetime:
    """An ISO 8601 time as an aware UTC datetime (naive times are UTC)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def canonical_time(text: str) -> str:
    """One spelling for every stored time, so that text order is time order."""
    return parse_time(text).isoformat(timespec="microseconds")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- secrets --------------------------------------------------------------------


def environment_secrets(
    env: Mapping[str, str] | None = None, extra_names: Iterable[str] = ()
) -> frozenset[str]:
    """Every spelling of querylang's keys in the environment (only those: the
    value of an unrelated ``GITHUB_TOKEN`` may be a word of a strategy)."""
    from querylang.secrets import Secrets

    return Secrets(os.environ if env is None else env, extra_names).forms


def _is_key_param(name: str) -> bool:
    return name.lower().replace("_", "").replace("-", "") in _KEY_PARAM_NAMES


def scrub_text(text: str | None, secrets: frozenset[str]) -> str | None:
    from querylang.secrets import scrub_forms

    return None if text is None else scrub_forms(text, secrets, REDACTED)


def scrub_request(
    request: Mapping[str, Any] | None, secrets: frozenset[str] | None = None
) -> dict[str, Any] | None:
    """A copy of an ``ApiRequest.to_dict()`` safe to store.

    Drops parameters named like a key (``api_key``, ``apikey``) and blanks any
    value that holds a key from the environment: the request should never
    have them, and the log is a file people share.
    """
    if request is None:
        return None
    secrets = environment_secrets() if secrets is None else secrets
    clean: dict[str, Any] = {}
    for name, value in request.items():
        if name == "params" and isinstance(value, Mapping):
            clean[name] = {
                str(key): scrub_text(str(item), secrets)
                for key, item in value.items()
                if not _is_key_param(str(key))
            }
        elif isinstance(value, str):
            clean[name] = scrub_text(value, secrets)
        else:
            clean[name] = value
    return clean


def request_key(target: str, request: Mapping[str, Any]) -> str:
    """The cache identity of a request: target, method, URL and parameters.

    Keys (sent as a header or added at send time) are not part of it: the
    count of a query does not depend on who asks.
    """
    params = request.get("params") or {}
    identity = {
        "target": target,
        "method": str(request.get("method", "GET")).upper(),
        "url": str(request.get("url", "")),
        "params": sorted((str(k), str(v)) for k, v in params.items()),
    }
    return sha256_text(json.dumps(identity, sort_keys=True, ensure_ascii=False))


# -- (de)serialising diagnostics ------------------------------------------------


def _diagnostics_to_json(diagnostics: Iterable[Diagnostic]) -> str:
    """The compiler's diagnostics, about the user's own strategy: stored as they are."""
    items = []
    for diagnostic in diagnostics:
        item = diagnostic.to_dict()
        # to_dict has no offsets; keep them so the Span comes back whole.
        item["start"] = diagnostic.span.start
        item["end"] = diagnostic.span.end
        items.append(item)
    return json.dumps(items, ensure_ascii=False)


def _diagnostics_from_json(text: str | None) -> list[Diagnostic]:
    out = []
    for item in json.loads(text or "[]"):
        span = Span(
            int(item.get("line") or 0),
            int(item.get("column") or 0),
            int(item.get("end_line") or 0),
            int(item.get("end_column") or 0),
            int(item.get("start") or 0),
            int(item.get("end") or 0),
        )
        out.append(
            Diagnostic(
                code=str(item.get("code", "")),
                severity=Severity(item.get("severity", "info")),
                message=str(item.get("message", "")),
                span=span,
                hint=item.get("hint"),
                target=item.get("target"),
            )
        )
    return out


def _strings_to_json(items: Iterable[str], secrets: frozenset[str] = frozenset()) -> str:
    return json.dumps([scrub_text(str(item), secrets) for item in items], ensure_ascii=False)


def _strings_from_json(text: str | None) -> list[str]:
    return [str(item) for item in json.loads(text or "[]")]


# -- what reading gives back ----------------------------------------------------


@dataclass(frozen=True)
class LogHit:
    """A count the log can answer a request with, and where it came from."""

    count: int
    api_notes: list[str]
    fetched_at: str      # when the database was actually asked
    run_id: int          # the run that asked it


@dataclass(frozen=True)
class RunSummary:
    """One row of ``history``."""

    run_id: int
    started: str
    finished: str | None
    complete: bool
    version: str
    source_name: str
    source_sha256: str
    #: target -> (final count, status, source of the count)
    counts: dict[str, tuple[int | None, str, str]]
    #: every count of the run was answered from the log (``--max-age``):
    #: no database was asked
    from_cache: bool = False


@dataclass(frozen=True)
class LineMeta:
    """What the log knows about a line beyond :class:`LineResult`."""

    fetched_at: str | None
    cached_from: int | None


@dataclass
class StoredRun:
    """A run read back from the log."""

    run: RunResult
    complete: bool
    source_sha256: str
    #: (target, line number) -> when and from where the count came
    line_meta: dict[tuple[str, int], LineMeta] = field(default_factory=dict)
    #: per database, the lines the run set out to count (None: logged before
    #: querylang recorded it, schema < 3)
    planned: dict[str, list[int]] | None = None

    def not_searched(self) -> dict[str, list[int]]:
        """Per database, the planned lines the log has no answer for: what an
        interrupted run did not search (every planned line when the database
        never answered). Empty for a complete run, or when no plan was kept."""
        if self.complete or not self.planned:
            return {}
        missing: dict[str, list[int]] = {}
        for target, numbers in self.planned.items():
            result = self.run.targets.get(target)
            have = {line.number for line in result.lines} if result is not None else set()
            left = [n for n in numbers if n not in have]
            if left:
                missing[target] = left
        return missing

    @property
    def run_id(self) -> int:
        assert self.run.run_id is not None
        return self.run.run_id

    def searched_on(self, target: str) -> list[str]:
        """The UTC dates the database was asked for this run's counts.

        A cached count was searched when it was fetched, not when it was
        reused: PRISMA-S wants the real date.
        """
        dates = {
            meta.fetched_at[:10]
            for (name, _), meta in self.line_meta.items()
            if name == target and meta.fetched_at
        }
        return sorted(dates) or [self.run.started[:10]]


@dataclass
class FetchState:
    """Where the fetch of one database's records for one line stands.

    ``pages_done`` pages (``fetched`` records) are in the ``records`` table;
    ``total`` is the count the database announced, ``wanted`` how many of
    them this fetch sets out to get (the caps, the paging limits);
    ``state`` what the next request needs (JSON: the next position, for
    PubMed the count its search had), ``complete`` whether nothing is left
    to fetch, ``error`` why it stopped short, ``notes`` what was said on
    the way (short pages, the paging limit).
    """

    database: str
    query: str | None = None
    pages_done: int = 0
    fetched: int = 0
    total: int | None = None
    wanted: int | None = None
    complete: bool = False
    state: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    updated: str | None = None


def _plan_from_json(data: object) -> dict[str, list[int]] | None:
    if not isinstance(data, dict):
        return None
    return {str(target): [int(n) for n in numbers] for target, numbers in data.items()}


# -- the log --------------------------------------------------------------------


class SearchLog:
    """An open search log. Use :func:`open_log` or ``with SearchLog(path)``."""

    def __init__(
        self,
        path: Path | str,
        *,
        secrets: frozenset[str] | None = None,
        read_only: bool = False,
    ) -> None:
        """Open (and create, migrate) the log; ``read_only`` opens it as
        ``history``, ``show``, ``diff`` and ``report`` need it: never
        written, so a log on a read-only disk or in a read-only file reads."""
        self.path = Path(path)
        self.read_only = read_only
        self._secrets = environment_secrets() if secrets is None else secrets
        #: request key -> (run id, fetched_at) of counts this process answered
        #: from the cache, so the saved line points at its origin.
        self._served: dict[str, tuple[int, str]] = {}
        if read_only:
            self._db = self._open_read_only()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: no implicit transactions; we say BEGIN
            # IMMEDIATE ourselves so the write lock is taken up front and the
            # busy timeout applies (a deferred upgrade fails without waiting).
            self._db = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        except (OSError, sqlite3.Error) as error:
            raise LogError(f"cannot open the search log {self.path}: {error}") from error
        try:
            self._db.row_factory = sqlite3.Row
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _set_wal(self._db)
            # FULL: a finished run survives a power cut as well as a crash.
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise _open_error(self.path, error) from error

    def _connect_read_only(self, immutable: bool) -> sqlite3.Connection:
        # A URI, so that mode=ro reaches SQLite (as_uri escapes %, ?, #).
        uri = self.path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
        db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                             isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _open_read_only(self) -> sqlite3.Connection:
        """A read-only connection. A WAL log needs its ``-shm`` file: in a
        folder nobody may write to, with no ``-shm`` left (the last writer
        closed cleanly, so nothing is pending in the ``-wal`` either), SQLite
        cannot make one and the log is opened ``immutable``."""
        try:
            try:
                db = self._connect_read_only(immutable=False)
            except sqlite3.OperationalError as error:
                if "unable to open" not in str(error) or not self.path.is_file():
                    raise
                db = self._connect_read_only(immutable=True)
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as error:
            raise _open_error(self.path, error) from error
        if version > SCHEMA_VERSION:
            db.close()
            raise LogError(self._newer_message(version))
        if READABLE_FROM <= version < SCHEMA_VERSION:
            return db  # read as it is: the reader knows these schemas
        if version < SCHEMA_VERSION:
            # Written by a much older querylang: migrate once, in writing.
            db.close()
            try:
                writable = SearchLog(self.path, secrets=self._secrets)
            except LogError as error:
                raise LogError(
                    f"{error}; the search log {self.path} was written by an older querylang "
                    f"and must be upgraded once by a process allowed to write it"
                ) from error
            return writable._db
        return db

    def _newer_message(self, version: int) -> str:
        return (
            f"{self.path} was written by a newer querylang (schema {version}, "
            f"this one reads up to {SCHEMA_VERSION}): upgrade querylang"
        )

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Say what a failed read means: a damaged file, or one we cannot read now."""
        try:
            yield
        except LogError:
            raise
        except sqlite3.OperationalError as error:  # locked, I/O error, ...
            raise LogError(f"cannot read the search log {self.path}: {error}") from error
        except (sqlite3.DatabaseError, ValueError, KeyError) as error:
            # SQLITE_CORRUPT / NOTADB, or rows no querylang wrote
            raise DamagedLogError(damaged_message(self.path, error)) from error

    # context manager
    def __enter__(self) -> SearchLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, holding the write lock from the start."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- schema ------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.schema_version == SCHEMA_VERSION:
            return
        with self._write() as db:
            # Read again under the lock: another process may have migrated.
            version = self.schema_version
            if version > SCHEMA_VERSION:
                raise LogError(self._newer_message(version))
            if version == 0:
                _create_current(db)
            # each step in turn, all in this one transaction
            if version == 1:
                _migrate_v1_to_v2(db)
            if version in (1, 2):
                _migrate_v2_to_v3(db)
            if version in (1, 2, 3):
                _migrate_v3_to_v4(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- writing -------------------------------------------------------------------

    def begin_run(
        self,
        *,
        started: str,
        version: str,
        source_text: str,
        source_name: str,
        planned: Mapping[str, Sequence[int]] | None = None,
    ) -> int:
        """Record that a run started. It stays incomplete until :meth:`finish_run`.

        ``planned``: per database, the line numbers the run sets out to count
        (what the report of an interrupted run names as not searched)."""
        plan = None if planned is None else json.dumps(
            {target: [int(n) for n in numbers] for target, numbers in planned.items()}
        )
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO runs (started, finished, version, source_name, source_text,"
                " source_sha256, complete, planned) VALUES (?, NULL, ?, ?, ?, ?, 0, ?)",
                (
                    canonical_time(started),
                    version,
                    source_name,
                    source_text,
                    sha256_text(source_text),
                    plan,
                ),
            )
            assert cursor.lastrowid is not None
            return int(cursor.lastrowid)

    def save_target(self, run_id: int, result: TargetResult, *, searched_at: str) -> None:
        """One database's rows, in one transaction (all or nothing)."""
        secrets = self._secrets
        searched_at = canonical_time(searched_at)
        status, count, error = _storable(result.status, result.count, result.error)
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO targets (run_id, target, query, status, count, error,"
                " api_notes, notes, diagnostics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    result.target,
                    result.query,
                    status.value,
                    count,
                    scrub_text(error, secrets),
                    _strings_to_json(result.api_notes, secrets),
                    _strings_to_json(result.notes),
                    _diagnostics_to_json(result.diagnostics),
                ),
            )
            for line in result.lines:
                self._insert_line(db, run_id, result.target, line, searched_at)

    def save_line(self, run_id: int, target: str, line: LineResult, *, searched_at: str) -> None:
        """One line as soon as it has its answer, in its own transaction: a
        run killed later keeps it, and the cache reuses its count."""
        with self._write() as db:
            self._insert_line(db, run_id, target, line, canonical_time(searched_at))

    def _insert_line(
        self, db: sqlite3.Connection, run_id: int, target: str, line: LineResult, searched_at: str
    ) -> None:
        secrets = self._secrets
        request = scrub_request(line.request, secrets)
        key = request_key(target, request) if request else None
        source = Source(line.source)
        fetched_at: str | None = None
        cached_from: int | None = None
        if source is Source.FETCHED:
            fetched_at = searched_at
        elif source is Source.CACHED and key is not None:
            cached_from, fetched_at = self._origin(db, key, searched_at)
        elif source is Source.MANUAL:
            fetched_at = searched_at  # read off the interface for this run
        status, count, error = _storable(line.status, line.count, line.error)
        db.execute(
            "INSERT OR REPLACE INTO lines (run_id, target, number, query, api_query, request,"
            " request_key, status, count, error, source, api_notes, diagnostics, elapsed,"
            " fetched_at, cached_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                target,
                line.number,
                line.query,
                line.api_query,
                json.dumps(request, ensure_ascii=False) if request is not None else None,
                key,
                status.value,
                count,
                scrub_text(error, secrets),
                source.value,
                _strings_to_json(line.api_notes, secrets),
                _diagnostics_to_json(line.diagnostics),
                float(line.elapsed),
                fetched_at,
                cached_from,
            ),
        )

    def _origin(self, db: sqlite3.Connection, key: str, fallback: str) -> tuple[int | None, str]:
        """Where a cached count came from: the run that fetched it, and when."""
        if key in self._served:
            return self._served[key]
        row = db.execute(
            "SELECT run_id, fetched_at FROM lines WHERE request_key = ? AND status = 'ok'"
            " AND source = 'fetched' ORDER BY fetched_at DESC LIMIT 1",
            (key,),
        ).fetchone()
        if row is None:
            return None, fallback
        return int(row["run_id"]), str(row["fetched_at"])

    def finish_run(self, run_id: int, finished: str) -> None:
        """The last transaction: from now on the run shows as complete."""
        with self._write() as db:
            db.execute(
                "UPDATE runs SET finished = ?, complete = 1 WHERE id = ?",
                (canonical_time(finished), run_id),
            )

    def save_run(self, run: RunResult) -> int:
        """Save a whole run; sets and returns ``run.run_id``."""
        run_id = self.begin_run(
            started=run.started,
            version=run.version,
            source_text=run.source_text,
            source_name=run.source_name,
            planned={name: [line.number for line in result.lines]
                     for name, result in run.targets.items()},
        )
        for result in run.targets.values():
            self.save_target(run_id, result, searched_at=run.started)
        self.finish_run(run_id, run.finished or utc_now())
        run.run_id = run_id
        return run_id

    # -- cache ---------------------------------------------------------------------

    def cache(self, max_age_hours: float = DEFAULT_MAX_AGE_HOURS) -> LogCache:
        return LogCache(self, max_age_hours)

    def lookup(
        self, target: str, request: Mapping[str, Any], max_age_hours: float
    ) -> LogHit | None:
        """The newest successful fetched count of this request, if recent enough."""
        clean = scrub_request(request, self._secrets)
        if clean is None or max_age_hours <= 0:
            return None
        key = request_key(target, clean)
        cutoff = (datetime.now(timezone.utc) - timedelta(hours=max_age_hours)).isoformat(
            timespec="microseconds"
        )
        row = self._db.execute(
            "SELECT run_id, count, api_notes, fetched_at FROM lines WHERE request_key = ?"
            " AND status = 'ok' AND source = 'fetched' AND count IS NOT NULL"
            " AND fetched_at >= ? ORDER BY fetched_at DESC LIMIT 1",
            (key, cutoff),
        ).fetchone()
        if row is None:
            return None
        self._served[key] = (int(row["run_id"]), str(row["fetched_at"]))
        return LogHit(
            count=int(row["count"]),
            api_notes=_strings_from_json(row["api_notes"]),
            fetched_at=str(row["fetched_at"]),
            run_id=int(row["run_id"]),
        )

    # -- known-item checks (querylang check; the rows are written by
    # querylang.known.log, which knows their JSON shapes) ----------------------------

    def begin_check(self, *, started: str, version: str, source_name: str, source_text: str,
                    known_name: str, known: str) -> int:
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO checks (started, version, source_name, source_text, source_sha256,"
                " known_name, known) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (canonical_time(started), version, source_name, source_text,
                 sha256_text(source_text), known_name, known))
            return int(cursor.lastrowid or 0)

    def save_check_answer(self, check_id: int, target: str, line: int | None, part: int,
                          request: Mapping[str, Any], records: str | None, error: str | None,
                          source: str, fetched_at: str | None) -> None:
        clean = scrub_request(request, self._secrets) or {}
        with self._write() as db:
            db.execute(
                "INSERT INTO check_answers (check_id, target, line, part, request, request_key,"
                " status, records, error, source, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (check_id, target, line, part, json.dumps(clean, ensure_ascii=False),
                 request_key(target, clean), "ok" if error is None else "error", records,
                 scrub_text(error, self._secrets), source,
                 canonical_time(fetched_at) if fetched_at else None))

    def finish_check(self, check_id: int, finished: str, result: str) -> None:
        with self._write() as db:
            db.execute("UPDATE checks SET finished = ?, result = ?, complete = 1 WHERE id = ?",
                       (canonical_time(finished), result, check_id))

    def lookup_check_answer(self, target: str, request: Mapping[str, Any],
                            max_age_hours: float) -> tuple[str, str] | None:
        """The records (JSON) and fetch time of the newest successful answer
        to this request, if recent enough."""
        clean = scrub_request(request, self._secrets)
        if clean is None or max_age_hours <= 0:
            return None
        cutoff = (datetime.now(timezone.utc) - timedelta(hours=max_age_hours)).isoformat(
            timespec="microseconds")
        row = self._db.execute(
            "SELECT records, fetched_at FROM check_answers WHERE request_key = ?"
            " AND status = 'ok' AND source = 'fetched' AND fetched_at >= ?"
            " ORDER BY fetched_at DESC LIMIT 1",
            (request_key(target, clean), cutoff)).fetchone()
        return None if row is None else (str(row["records"]), str(row["fetched_at"]))

    def latest_check(self, source_text: str) -> tuple[int, str, str] | None:
        """The newest complete check of this strategy text: (id, finished, result JSON);
        None also for a log written before checks existed."""
        with self._reading():
            exists = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checks'").fetchone()
            if exists is None:
                return None
            row = self._db.execute(
                "SELECT id, finished, result FROM checks WHERE source_sha256 = ? AND complete = 1"
                " ORDER BY started DESC, id DESC LIMIT 1", (sha256_text(source_text),)).fetchone()
        if row is None:
            return None
        return int(row["id"]), str(row["finished"]), str(row["result"])

    # -- records (v4) ----------------------------------------------------------------

    def save_records(self, run_id: int, line: int, state: FetchState,
                     records: Sequence[FetchedRecord] = ()) -> None:
        """One page: its records and the fetch's new state, in one transaction
        (an interrupted fetch keeps whole pages only, and knows where it is)."""
        secrets = self._secrets
        with self._write() as db:
            # an upsert, not INSERT OR REPLACE: a replaced row would take its
            # records with it (ON DELETE CASCADE)
            db.execute(
                "INSERT INTO record_fetches (run_id, line, database, query,"
                " pages_done, fetched, total, wanted, complete, state, error, notes, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (run_id, line, database) DO UPDATE SET query = excluded.query,"
                " pages_done = excluded.pages_done, fetched = excluded.fetched,"
                " total = excluded.total, wanted = excluded.wanted,"
                " complete = excluded.complete, state = excluded.state,"
                " error = excluded.error, notes = excluded.notes, updated = excluded.updated",
                (run_id, line, state.database, state.query, state.pages_done, state.fetched,
                 state.total, state.wanted, int(state.complete),
                 json.dumps(state.state, sort_keys=True),
                 scrub_text(state.error, secrets), _strings_to_json(state.notes, secrets),
                 utc_now()),
            )
            db.executemany(
                "INSERT OR REPLACE INTO records (run_id, line, database, position, native_id,"
                " doi, pmid, arxiv_id, title, year, first_author, venue, authors, abstract,"
                " doc_type, raw_ids)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, line, state.database, r.position, r.native_id, r.doi, r.pmid,
                  r.arxiv_id, r.title, r.year, r.first_author, r.venue,
                  json.dumps(list(r.authors), ensure_ascii=False), r.abstract, r.doc_type,
                  json.dumps([list(pair) for pair in r.raw_ids], ensure_ascii=False))
                 for r in records],
            )
            # the records the log holds, whoever wrote them (two fetches of
            # the same run at once write the same positions, never twice)
            db.execute(
                "UPDATE record_fetches SET fetched = (SELECT COUNT(*) FROM records r WHERE"
                " r.run_id = record_fetches.run_id AND r.line = record_fetches.line AND"
                " r.database = record_fetches.database) WHERE run_id = ? AND line = ?"
                " AND database = ?", (run_id, line, state.database))

    def _has_records_tables(self) -> bool:
        """A log opened read-only at schema 3 has no records tables: none fetched."""
        row = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'record_fetches'"
        ).fetchone()
        return row is not None

    def fetch_states(self, run_id: int, line: int) -> dict[str, FetchState]:
        """Per database, where the fetch of this run's line stands (none yet: absent)."""
        with self._reading():
            if not self._has_records_tables():
                return {}
            states: dict[str, FetchState] = {}
            for row in self._db.execute(
                "SELECT * FROM record_fetches WHERE run_id = ? AND line = ? ORDER BY rowid",
                (run_id, line),
            ):
                states[str(row["database"])] = FetchState(
                    database=str(row["database"]), query=row["query"],
                    pages_done=int(row["pages_done"]), fetched=int(row["fetched"]),
                    total=row["total"], wanted=row["wanted"], complete=bool(row["complete"]),
                    state=json.loads(row["state"] or "{}"), error=row["error"],
                    notes=_strings_from_json(row["notes"]), updated=row["updated"])
            return states

    def load_records(self, run_id: int, line: int) -> dict[str, list[FetchedRecord]]:
        """The records fetched for this run's line, by database, in position order."""
        from querylang.records.model import FetchedRecord

        with self._reading():
            if not self._has_records_tables():
                return {}
            found: dict[str, list[FetchedRecord]] = {}
            for row in self._db.execute(
                "SELECT * FROM records WHERE run_id = ? AND line = ?"
                " ORDER BY database, position", (run_id, line),
            ):
                found.setdefault(str(row["database"]), []).append(FetchedRecord(
                    database=str(row["database"]), native_id=str(row["native_id"]),
                    position=int(row["position"]), doi=row["doi"], pmid=row["pmid"],
                    arxiv_id=row["arxiv_id"], title=row["title"], year=row["year"],
                    first_author=row["first_author"], venue=row["venue"],
                    authors=tuple(str(name) for name in json.loads(row["authors"] or "[]")),
                    abstract=row["abstract"], doc_type=row["doc_type"],
                    raw_ids=tuple((str(name), str(value))
                                  for name, value in json.loads(row["raw_ids"] or "[]")),
                ))
            return found

    def fetched_lines(self, run_id: int) -> list[int]:
        """The lines of a run that have records fetched (any database)."""
        with self._reading():
            if not self._has_records_tables():
                return []
            return [int(row[0]) for row in self._db.execute(
                "SELECT DISTINCT line FROM record_fetches WHERE run_id = ? ORDER BY line",
                (run_id,))]

    # -- reading (each call says what a failure means: damaged, unreadable) ----------

    def runs(
        self, *, strategy: str | None = None, include_incomplete: bool = False
    ) -> list[RunSummary]:
        """Past runs, oldest first. ``strategy`` filters as ``history --strategy``."""
        with self._reading():
            return self._runs(strategy=strategy, include_incomplete=include_incomplete)

    def latest_run_id(self, *, complete_only: bool = True) -> int | None:
        with self._reading():
            return self._latest_run_id(complete_only=complete_only)

    def resolve(self, reference: str | int | None) -> int:
        """A run id from what the user typed: ``7``, ``latest``, ``latest~1``.

        ``latest`` is the newest *complete* run; ``latest~N`` the N-th before
        it. Raises :class:`UnknownRunError` with a message fit for the user.
        """
        with self._reading():
            return self._resolve(reference)

    def load_run(self, run_id: int) -> StoredRun:
        with self._reading():
            return self._load_run(run_id)

    # -- reading, unguarded ------------------------------------------------------------

    def _runs(
        self, *, strategy: str | None = None, include_incomplete: bool = False
    ) -> list[RunSummary]:
        """Past runs, oldest first. ``strategy`` filters as ``history --strategy``."""
        sql = "SELECT * FROM runs"
        if not include_incomplete:
            sql += " WHERE complete = 1"
        sql += " ORDER BY id"
        rows = [row for row in self._db.execute(sql) if _matches(row, strategy)]
        if not rows:
            return []
        counts: dict[int, dict[str, tuple[int | None, str, str]]] = {}
        ids = [int(row["id"]) for row in rows]
        for target_row in self._db.execute(
            f"SELECT t.run_id, t.target, t.count, t.status,"
            f" (SELECT l.source FROM lines l WHERE l.run_id = t.run_id AND l.target = t.target"
            f"  ORDER BY l.number DESC LIMIT 1) AS source"
            f" FROM targets t WHERE t.run_id IN ({','.join('?' * len(ids))})",
            ids,
        ):
            counts.setdefault(int(target_row["run_id"]), {})[str(target_row["target"])] = (
                target_row["count"],
                str(target_row["status"]),
                str(target_row["source"] or Source.NONE.value),
            )
        cached_runs = {
            int(row[0])
            for row in self._db.execute(
                f"SELECT run_id FROM lines WHERE run_id IN ({','.join('?' * len(ids))})"
                " GROUP BY run_id HAVING COUNT(*) > 0 AND SUM(source <> 'cached') = 0",
                ids,
            )
        }
        return [
            RunSummary(
                run_id=int(row["id"]),
                started=str(row["started"]),
                finished=row["finished"],
                complete=bool(row["complete"]),
                version=str(row["version"]),
                source_name=str(row["source_name"]),
                source_sha256=str(row["source_sha256"]),
                counts=counts.get(int(row["id"]), {}),
                from_cache=int(row["id"]) in cached_runs,
            )
            for row in rows
        ]

    def _latest_run_id(self, *, complete_only: bool = True) -> int | None:
        sql = "SELECT MAX(id) FROM runs" + (" WHERE complete = 1" if complete_only else "")
        value = self._db.execute(sql).fetchone()[0]
        return None if value is None else int(value)

    def _resolve(self, reference: str | int | None) -> int:
        text = "latest" if reference is None else str(reference).strip().lower()
        if text in ("latest", "last") or text.startswith(("latest~", "last~")):
            _, _, back = text.partition("~")
            if back and not back.isdigit():
                raise UnknownRunError(f"not a run reference: {reference!r} (try latest~1)")
            newest_first = "SELECT id FROM runs WHERE complete = 1 ORDER BY id DESC"
            ids = [int(row[0]) for row in self._db.execute(newest_first)]
            offset = int(back or 0)
            if offset >= len(ids):
                where = "no complete run" if not ids else f"only {len(ids)} complete run(s)"
                raise UnknownRunError(f"{where} in the search log {self.path}")
            return ids[offset]
        if not text.isdigit():
            raise UnknownRunError(
                f"not a run id: {reference!r} (a number from `querylang history`, or latest)"
            )
        if self._db.execute("SELECT 1 FROM runs WHERE id = ?", (int(text),)).fetchone() is None:
            raise UnknownRunError(
                f"no run {text} in the search log {self.path} (see `querylang history --all`)"
            )
        return int(text)

    def _load_run(self, run_id: int) -> StoredRun:
        row = self._db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise UnknownRunError(f"no run {run_id} in the search log {self.path}")
        run = RunResult(
            started=str(row["started"]),
            finished=row["finished"],
            version=str(row["version"]),
            source_text=str(row["source_text"]),
            source_name=str(row["source_name"]),
            run_id=int(row["id"]),
        )
        plan_text = row["planned"] if "planned" in row.keys() else None  # schema 2: none
        planned = json.loads(plan_text) if plan_text else None
        stored = StoredRun(run, bool(row["complete"]), str(row["source_sha256"]),
                           planned=_plan_from_json(planned))
        for target_row in self._db.execute(
            "SELECT * FROM targets WHERE run_id = ? ORDER BY rowid", (run_id,)
        ):
            name = str(target_row["target"])
            run.targets[name] = TargetResult(
                target=name,
                query=target_row["query"],
                status=Status(target_row["status"]),
                count=target_row["count"],
                error=target_row["error"],
                api_notes=_strings_from_json(target_row["api_notes"]),
                diagnostics=_diagnostics_from_json(target_row["diagnostics"]),
                notes=_strings_from_json(target_row["notes"]),
            )
        for line_row in self._db.execute(
            "SELECT * FROM lines WHERE run_id = ? ORDER BY target, number", (run_id,)
        ):
            name = str(line_row["target"])
            result = run.targets.get(name)
            if result is None:
                # Saved line by line (v3), the run stopped before this
                # database had answered every line: no summary row yet.
                result = run.targets[name] = TargetResult(
                    target=name, query=None, status=Status.ERROR,
                    error="the run was interrupted before this database had answered "
                          "every line",
                )
            request = json.loads(line_row["request"]) if line_row["request"] else None
            result.lines.append(
                LineResult(
                    number=int(line_row["number"]),
                    query=line_row["query"],
                    api_query=line_row["api_query"],
                    request=request,
                    status=Status(line_row["status"]),
                    count=line_row["count"],
                    error=line_row["error"],
                    source=Source(line_row["source"]),
                    api_notes=_strings_from_json(line_row["api_notes"]),
                    diagnostics=_diagnostics_from_json(line_row["diagnostics"]),
                    elapsed=float(line_row["elapsed"]),
                )
            )
            stored.line_meta[(name, int(line_row["number"]))] = LineMeta(
                line_row["fetched_at"], line_row["cached_from"]
            )
        if stored.planned:  # the order asked in, as for a finished run
            order = {name: index for index, name in enumerate(stored.planned)}
            run.targets = dict(sorted(run.targets.items(),
                                      key=lambda item: order.get(item[0], len(order))))
        return stored


def _open_error(path: Path, error: sqlite3.DatabaseError) -> LogError:
    """An error met while opening: damaged (not a database, corrupt) or not."""
    if isinstance(error, sqlite3.OperationalError):
        return LogError(f"cannot open the search log {path}: {error}")
    return DamagedLogError(damaged_message(path, error))


def _storable(
    status: Status, count: int | None, error: str | None
) -> tuple[Status, int | None, str | None]:
    """A count SQLite can hold (64-bit), else none and an error saying why.

    No database holds 2^63 records: such a figure is a malformed answer,
    and storing it must not cost the run its log (OverflowError)."""
    if count is None or -MAX_STORED_COUNT - 1 <= count <= MAX_STORED_COUNT:
        return Status(status), count, error
    why = f"count {count} is too large to be a number of records: not stored"
    return Status.ERROR, None, f"{error}; {why}" if error else why


class RunRecorder:
    """Writes a run to the log while it runs: the run row first (with the
    lines it sets out to count), each line as soon as it has its answer,
    each database's summary when that database is done, ``complete`` last.
    A run interrupted half way (Ctrl-C, a kill, a crash) so keeps every
    count it had fetched, in a run marked incomplete (``history --all``),
    and the next run's cache reuses them.

    Writing must never cost the run: the first failure is reported through
    ``warn`` and nothing more is written for this run (:attr:`broken`).
    """

    def __init__(
        self,
        log: SearchLog,
        *,
        started: str,
        version: str,
        source_text: str,
        source_name: str,
        warn: Callable[[str], None],
        planned: Mapping[str, Sequence[int]] | None = None,
    ) -> None:
        self.log = log
        self.started = started
        self.warn = warn
        self.run_id: int | None = None
        self._saved: list[str] = []
        self._broken = False
        self._write(
            lambda: self._begin(version=version, source_text=source_text,
                                source_name=source_name, planned=planned)
        )

    @property
    def broken(self) -> bool:
        """A write failed: the log does not hold this run whole."""
        return self._broken

    def _begin(self, *, version: str, source_text: str, source_name: str,
               planned: Mapping[str, Sequence[int]] | None) -> None:
        self.run_id = self.log.begin_run(started=self.started, version=version,
                                         source_text=source_text, source_name=source_name,
                                         planned=planned)

    def line_done(self, target: str, line: LineResult) -> None:
        """Save one line as soon as it has its answer (a count paid for is
        never lost to a later kill)."""
        run_id = self.run_id
        if run_id is not None:
            self._write(lambda: self.log.save_line(run_id, target, line,
                                                   searched_at=self.started))

    def target_done(self, result: TargetResult) -> None:
        """Save one database's rows (called as each database finishes)."""
        run_id = self.run_id
        if run_id is not None:
            self._write(lambda: self.log.save_target(run_id, result, searched_at=self.started))
            self._saved.append(result.target)

    def finish(self, run: RunResult) -> int | None:
        """Mark the run complete; its id, or None when it could not be logged."""
        run_id = self.run_id
        if run_id is None:
            return None
        if self._saved != list(run.targets):
            # The databases answered in another order than asked: write them
            # again in the run's order, which is the order the log reads
            # them back in (show, report), as for a run saved whole.
            for result in run.targets.values():
                self._write(partial(self.log.save_target, run_id, result,
                                    searched_at=self.started))
        self._write(lambda: self.log.finish_run(run_id, run.finished or utc_now()))
        if self._broken:
            return None
        run.run_id = run_id
        return run_id

    def _write(self, action: Callable[[], None]) -> None:
        if self._broken:
            return
        try:
            action()
        except Exception as error:  # disk full, locked too long, ...: the counts matter more
            self._broken = True
            self.warn(f"could not save the run in {self.log.path}: {error}")


class LogCache:
    """The runner's count cache, backed by the search log.

    ``get`` answers a request identical (target, method, URL, parameters) to
    a successful fetched count less than ``max_age_hours`` old; ``None``
    means "ask the database". Failed and manual counts are never answers.
    """

    def __init__(self, log: SearchLog, max_age_hours: float = DEFAULT_MAX_AGE_HOURS) -> None:
        self.log = log
        self.max_age_hours = max_age_hours
        self.hits = 0
        self.misses = 0

    def get(self, target: str, request: dict[str, Any]) -> CachedCount | None:
        """Implements :class:`querylang.runner.CountCache`."""
        from querylang.runner import CachedCount

        try:
            found = self.log.lookup(target, request, self.max_age_hours)
        except sqlite3.Error:
            found = None  # an unreadable log costs a request, never the run
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return CachedCount(found.count, found.fetched_at, tuple(found.api_notes))


def _set_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL. Changing the journal mode needs a moment alone with the
    file, and SQLite answers "database is locked" at once (without its busy
    handler) while another process is creating the same log: try again
    for a few seconds."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def open_log(path: Path | str | None = None) -> SearchLog:
    """The log at ``path``, or at :func:`default_log_path`."""
    return SearchLog(default_log_path() if path is None else path)


def _matches(row: sqlite3.Row, strategy: str | None) -> bool:
    """``history --strategy SOURCE``: same name as given, same file name, or
    (when SOURCE is a readable file) the same text."""
    if strategy is None:
        return True
    name = str(row["source_name"])
    if name == strategy or Path(name).name == Path(strategy).name:
        return True
    try:
        text = Path(strategy).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return str(row["source_sha256"]) == sha256_text(text)


# -- schema creation and migrations --------------------------------------------


def _executescript(db: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT our open transaction first; run statement by
    # statement instead so that a migration is atomic.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _create_current(db: sqlite3.Connection) -> None:
    _executescript(db, _SCHEMA_V2_TABLES)
    _migrate_v2_to_v3(db)
    _migrate_v3_to_v4(db)


def _migrate_v3_to_v4(db: sqlite3.Connection) -> None:
    """v3 -> v4: the fetched records (``record_fetches``, ``records``) and
    the known-item checks (``checks``, ``check_answers``). Runs logged before
    have none: ``querylang records`` and ``querylang check`` make them."""
    _executescript(db, _RECORDS_TABLES)
    _executescript(db, _CHECK_TABLES)


def _migrate_v2_to_v3(db: sqlite3.Connection) -> None:
    """v2 -> v3: ``runs.planned``, the lines each run set out to count, so
    that the report of an interrupted run can name what was not searched.
    Runs logged before stay NULL: nobody recorded their plan."""
    db.execute("ALTER TABLE runs ADD COLUMN planned TEXT")


def _migrate_v1_to_v2(db: sqlite3.Connection) -> None:
    """v1 (flat ``results``) -> v2 (``targets`` + ``lines``, completion, hash).

    A v1 run with ``finished`` set was written whole (v1 wrote a run in one
    transaction and set ``finished`` in it), so it becomes complete. Each
    database's highest line becomes its ``targets`` row. A v1 ``ok`` count
    was always fetched (v1 had no cache), so it becomes a cache candidate.
    """
    db.execute("ALTER TABLE runs ADD COLUMN source_sha256 TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE runs ADD COLUMN complete INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE runs SET complete = (finished IS NOT NULL)")
    for row in db.execute("SELECT id, source_text FROM runs").fetchall():
        db.execute(
            "UPDATE runs SET source_sha256 = ? WHERE id = ?",
            (sha256_text(row[1]), row[0]),
        )
    _executescript(db, _SCHEMA_V2_TABLES)
    old = db.execute(
        "SELECT r.run_id, r.target, r.line, r.query, r.request, r.status, r.count, r.error,"
        " r.diagnostics, runs.started FROM results r JOIN runs ON runs.id = r.run_id"
        " ORDER BY r.run_id, r.target, r.line"
    ).fetchall()
    for run_id, target, number, query, request_json, status, count, error, diags, started in old:
        request = json.loads(request_json) if request_json else None
        key = request_key(target, request) if request else None
        fetched = status == Status.OK.value
        db.execute(
            "INSERT INTO lines (run_id, target, number, query, request, request_key, status,"
            " count, error, source, diagnostics, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id, target, number, query, request_json, key, status, count, error,
                Source.FETCHED.value if fetched else Source.NONE.value,
                diags, canonical_time(started) if fetched else None,
            ),
        )
    db.execute(
        "INSERT INTO targets (run_id, target, query, status, count, error, diagnostics)"
        " SELECT run_id, target, query, status, count, error, diagnostics FROM results r"
        " WHERE line = (SELECT MAX(line) FROM results r2"
        "               WHERE r2.run_id = r.run_id AND r2.target = r.target)"
    )
    db.execute("DROP TABLE results")
