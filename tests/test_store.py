"""The search log: written and read back, cache, crashes, concurrency,
migration, secrets."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from querylang.results import Source, Status
from querylang.runner import run_plans_sync
from querylang.store import (
    SCHEMA_V1,
    SCHEMA_VERSION,
    LogError,
    SearchLog,
    UnknownRunError,
    default_log_path,
    parse_time,
    request_key,
    scrub_request,
)
from tests.fakes.fixtures import FakeApis
from tests.log_sample import EXAMPLE_NAME, EXAMPLE_TEXT, example_run
from tests.runhelp import QUERIES, fast, plan

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("pubmed", "wos", "arxiv", "ieee")
LINES_PER_TARGET = 4


def _now(hours_ago: float = 0.0) -> str:
    return (datetime.now(timezone.utc) - timedelta(hours=hours_ago)).isoformat()


@pytest.fixture
def log(tmp_path: Path) -> Iterator[SearchLog]:
    with SearchLog(tmp_path / "log.sqlite3") as opened:
        yield opened


# -- written and read back ---------------------------------------------------------


def test_run_written_and_read_back(log: SearchLog) -> None:
    run = example_run()
    run_id = log.save_run(run)
    assert run.run_id == run_id
    stored = log.load_run(run_id)
    assert stored.complete
    assert stored.run.source_text == EXAMPLE_TEXT
    assert stored.run.source_name == EXAMPLE_NAME
    assert parse_time(stored.run.started) == parse_time(run.started)
    assert parse_time(stored.run.finished or "") == parse_time(run.finished or "")
    assert stored.run.to_dict()["targets"] == run.to_dict()["targets"]
    # the request and the diagnostics' spans come back whole
    line = stored.run.targets["pubmed"].lines[3]
    assert line.request == run.targets["pubmed"].lines[3].request
    assert line.diagnostics == run.targets["pubmed"].lines[3].diagnostics
    assert line.diagnostics[0].span == run.targets["pubmed"].lines[3].diagnostics[0].span
    assert stored.searched_on("pubmed") == ["2026-11-30"]


def test_schema_version_and_wal(log: SearchLog) -> None:
    assert log.schema_version == SCHEMA_VERSION
    with sqlite3.connect(log.path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_history_lists_complete_runs_oldest_first(log: SearchLog) -> None:
    first = log.save_run(example_run())
    second = log.save_run(example_run(counts={t: [1, 2, 3, 4] for t in TARGETS}))
    runs = log.runs()
    assert [r.run_id for r in runs] == [first, second]
    assert runs[1].counts["wos"] == (4, "ok", "fetched")
    assert log.runs(strategy=EXAMPLE_NAME) == runs
    assert log.runs(strategy="llm-medical-imaging.qry") == runs  # same file name
    assert log.runs(strategy="other.qry") == []


def test_strategy_filter_by_file_text(log: SearchLog, tmp_path: Path) -> None:
    log.save_run(example_run())
    copy = tmp_path / "renamed.qry"
    copy.write_text(EXAMPLE_TEXT, encoding="utf-8")
    assert len(log.runs(strategy=str(copy))) == 1


def test_resolve_run_references(log: SearchLog) -> None:
    ids = [log.save_run(example_run()) for _ in range(3)]
    assert log.resolve("latest") == ids[-1]
    assert log.resolve(None) == ids[-1]
    assert log.resolve("latest~2") == ids[0]
    assert log.resolve(str(ids[1])) == ids[1]
    for bad in ("99", "latest~3", "yesterday", "latest~x"):
        with pytest.raises(UnknownRunError):
            log.resolve(bad)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(LogError, match="newer querylang"):
        SearchLog(path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LogError, match="not a usable search log"):
        SearchLog(path)


# -- default path ------------------------------------------------------------------


def test_default_path_querylang_home_wins(tmp_path: Path) -> None:
    env = {"QUERYLANG_HOME": str(tmp_path / "ql"), "XDG_DATA_HOME": "/x"}
    assert default_log_path(env, "linux", tmp_path) == tmp_path / "ql" / "log.sqlite3"


def test_default_path_per_platform(tmp_path: Path) -> None:
    home = tmp_path
    assert default_log_path({"XDG_DATA_HOME": "/data"}, "linux", home) == Path(
        "/data/querylang/log.sqlite3"
    )
    assert default_log_path({}, "linux", home) == home / ".local/share/querylang/log.sqlite3"
    # a relative XDG_DATA_HOME is invalid per the spec: ignored
    assert default_log_path({"XDG_DATA_HOME": "rel"}, "linux", home) == (
        home / ".local/share/querylang/log.sqlite3"
    )
    assert default_log_path({}, "darwin", home) == (
        home / "Library/Application Support/querylang/log.sqlite3"
    )
    assert default_log_path({"LOCALAPPDATA": str(home / "L")}, "win32", home) == (
        home / "L" / "querylang" / "log.sqlite3"
    )


# -- cache -------------------------------------------------------------------------


def test_cache_hit_sends_no_request(log: SearchLog, fake_apis: FakeApis) -> None:
    plans = [plan(t, QUERIES[t]) for t in ("pubmed", "wos", "ieee")]
    first = run_plans_sync(plans, settings=fast(), cache=log.cache())
    assert all(r.lines[0].source is Source.FETCHED for r in first.values())
    run = example_run()
    run.targets = first
    run.started = run.finished = _now()
    first_id = log.save_run(run)
    sent = {t: getattr(fake_apis, t).request_count for t in ("pubmed", "wos", "ieee")}
    assert all(sent.values())

    cache = log.cache(max_age_hours=24)
    second = run_plans_sync(plans, settings=fast(), cache=cache)
    after = {t: getattr(fake_apis, t).request_count for t in ("pubmed", "wos", "ieee")}
    assert after == sent, "a cached line must not reach the server"
    assert cache.hits == 3 and cache.misses == 0
    for target, result in second.items():
        assert result.lines[0].source is Source.CACHED
        assert result.count == first[target].count
    # saved, a cached line points at the run that really asked the database
    run.targets = second
    second_id = log.save_run(run)
    stored = log.load_run(second_id)
    meta = stored.line_meta[("pubmed", 1)]
    assert meta.cached_from == first_id
    assert meta.fetched_at == log.load_run(first_id).line_meta[("pubmed", 1)].fetched_at


def test_cache_refresh_and_age(log: SearchLog, fake_apis: FakeApis) -> None:
    plans = [plan("pubmed", QUERIES["pubmed"])]
    run = example_run()
    run.targets = run_plans_sync(plans, settings=fast())
    run.started = _now(hours_ago=30)
    log.save_run(run)
    # 30 hours old: too old for the default 24, fine for 48
    assert run_plans_sync(plans, settings=fast(), cache=log.cache())["pubmed"].lines[0].source is (
        Source.FETCHED
    )
    assert run_plans_sync(plans, settings=fast(), cache=log.cache(48))["pubmed"].lines[
        0
    ].source is Source.CACHED
    # --refresh: no cache is handed to the runner at all; --max-age 0 never answers
    before = fake_apis.pubmed.request_count
    result = run_plans_sync(plans, settings=fast(), cache=log.cache(0))
    assert result["pubmed"].lines[0].source is Source.FETCHED
    assert fake_apis.pubmed.request_count == before + 1


def test_only_successful_fetched_counts_are_cached(log: SearchLog) -> None:
    run = example_run(started=_now(), finished=_now())
    bad = run.targets["wos"].lines[0]
    bad.status, bad.count, bad.error = Status.ERROR, None, "HTTP 500"
    manual = run.targets["ieee"].lines[0]
    manual.status, manual.source = Status.MANUAL, Source.MANUAL
    log.save_run(run)
    cache = log.cache()
    assert cache.get("pubmed", run.targets["pubmed"].lines[0].request or {}) is not None
    assert cache.get("wos", bad.request or {}) is None
    assert cache.get("ieee", manual.request or {}) is None
    # a different database with the same request is a different request
    assert cache.get("arxiv", run.targets["pubmed"].lines[0].request or {}) is None


def test_request_key_ignores_param_order_and_key_env() -> None:
    a = {"method": "get", "url": "u", "params": {"a": "1", "b": "2"}, "key_env": "X"}
    b = {"method": "GET", "url": "u", "params": {"b": "2", "a": "1"}, "key_env": None}
    assert request_key("pubmed", a) == request_key("pubmed", b)
    assert request_key("pubmed", a) != request_key("wos", a)
    c = dict(b, params={"a": "1", "b": "3"})
    assert request_key("pubmed", c) != request_key("pubmed", b)


# -- secrets -----------------------------------------------------------------------

FAKE_KEYS = {
    "NCBI_API_KEY": "ncbi-secret-0123456789",
    "WOS_API_KEY": "wos-secret-abcdefghij",
    "IEEE_API_KEY": "ieee-secret-zyxwvutsrq",
}


def test_scrub_request_drops_key_params_and_blanks_key_values() -> None:
    secrets = frozenset(FAKE_KEYS.values())
    request = {
        "method": "GET",
        "url": "https://x/?k=ncbi-secret-0123456789",
        "params": {"api_key": "anything", "APIKEY": "z", "term": "ieee-secret-zyxwvutsrq"},
    }
    clean = scrub_request(request, secrets)
    assert clean is not None
    assert "api_key" not in clean["params"] and "APIKEY" not in clean["params"]
    assert "secret" not in str(clean)


def test_keys_never_in_the_database_file(
    tmp_path: Path, fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_apis.wos.api_key = FAKE_KEYS["WOS_API_KEY"]
    fake_apis.ieee.api_key = FAKE_KEYS["IEEE_API_KEY"]
    fake_apis.pubmed.api_key = FAKE_KEYS["NCBI_API_KEY"]
    for name, value in FAKE_KEYS.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "log.sqlite3"
    with SearchLog(path) as log:
        plans = [plan(t, QUERIES[t]) for t in ("pubmed", "wos", "ieee")]
        results = run_plans_sync(plans, settings=fast(), cache=log.cache())
        assert all(r.status is Status.OK for r in results.values()), results
        run = example_run()
        run.targets.update(results)
        # a careless caller: keys in a request, an error and a note (the strategy
        # text is the user's and is stored as written: see test_secrets.py)
        leaky = run.targets["arxiv"].lines[0]
        assert leaky.request is not None
        leaky.request["params"]["api_key"] = FAKE_KEYS["NCBI_API_KEY"]
        leaky.request["params"]["apikey"] = FAKE_KEYS["IEEE_API_KEY"]
        leaky.error = f"failed with key {FAKE_KEYS['WOS_API_KEY']}"
        leaky.api_notes = [f"url ...&apikey={FAKE_KEYS['IEEE_API_KEY']}"]
        log.save_run(run)
        shown = log.load_run(log.resolve("latest"))
        assert "secret" not in str(shown.run.to_dict())
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("log.sqlite3"))
    assert raw, "the log files exist"
    for value in FAKE_KEYS.values():
        assert value.encode() not in raw


# -- crash consistency and concurrency ----------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from querylang.store import SearchLog
    from tests.log_sample import example_run

    log = SearchLog(sys.argv[1])
    mode, count = sys.argv[2], int(sys.argv[3])
    if mode == "half":
        run = example_run()
        run_id = log.begin_run(started=run.started, version=run.version,
                               source_text=run.source_text, source_name=run.source_name)
        log.save_target(run_id, run.targets["pubmed"], searched_at=run.started)
        print("ready", flush=True)
        time.sleep(60)
    else:
        print("ready", flush=True)
        for _ in range(count):
            log.save_run(example_run())
    """
)


def _writer(tmp_path: Path, db: Path, mode: str, count: int = 1) -> subprocess.Popen[str]:
    script = tmp_path / "writer.py"
    script.write_text(_WRITER.format(root=str(ROOT)), encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), str(db), mode, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _assert_whole(log: SearchLog, run_id: int) -> None:
    stored = log.load_run(run_id)
    assert stored.complete
    assert sorted(stored.run.targets) == sorted(TARGETS)
    for result in stored.run.targets.values():
        assert [line.number for line in result.lines] == list(range(1, LINES_PER_TARGET + 1))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_run_killed_half_way_is_not_shown_complete(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    with SearchLog(db) as log:
        done = log.save_run(example_run())
    proc = _writer(tmp_path, db, "half")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    with SearchLog(db) as log:
        assert log.runs() and [r.run_id for r in log.runs()] == [done]
        everything = log.runs(include_incomplete=True)
        assert [r.complete for r in everything] == [True, False]
        assert log.resolve("latest") == done
        half = log.load_run(everything[-1].run_id)
        assert not half.complete and list(half.run.targets) == ["pubmed"]
        assert log._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # the log goes on working after the crash
        _assert_whole(log, log.save_run(example_run()))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_at_a_random_moment_leaves_only_whole_complete_runs(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    SearchLog(db).close()
    proc = _writer(tmp_path, db, "loop", count=10_000)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.8)  # mid-way through some run's transactions
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    with SearchLog(db) as log:
        complete = log.runs()
        assert complete, "some runs finished before the kill"
        for summary in complete:
            _assert_whole(log, summary.run_id)
        assert len(log.runs(include_incomplete=True)) - len(complete) <= 1


def test_two_runs_at_once_both_land_whole(tmp_path: Path) -> None:
    # The log does not exist yet: both processes also race to create the schema.
    db = tmp_path / "log.sqlite3"
    per_process = 15
    procs = [_writer(tmp_path, db, "loop", count=per_process) for _ in range(2)]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    with SearchLog(db) as log:
        runs = log.runs(include_incomplete=True)
        assert len(runs) == 2 * per_process
        for summary in runs:
            _assert_whole(log, summary.run_id)


# -- migration ---------------------------------------------------------------------


def test_migration_from_schema_v1(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    recent = _now()
    request = '{"method": "GET", "url": "https://e/esearch", "params": {"term": "asthma"}}'
    with sqlite3.connect(path) as raw:
        raw.executescript(SCHEMA_V1)
        raw.execute(
            "INSERT INTO runs (started, finished, version, source_name, source_text)"
            " VALUES (?, ?, '0.0.9', 'a.qry', '1. asthma\n2. #1 AND child*')",
            (recent, recent),
        )
        raw.execute(
            "INSERT INTO runs (started, finished, version, source_name, source_text)"
            " VALUES (?, NULL, '0.0.9', 'a.qry', '1. asthma')",
            (recent,),
        )
        for line, count in ((1, 100), (2, 40)):
            raw.execute(
                "INSERT INTO results (run_id, target, line, query, request, status, count)"
                " VALUES (1, 'pubmed', ?, ?, ?, 'ok', ?)",
                (line, f"q{line}", request if line == 1 else None, count),
            )
        raw.execute(
            "INSERT INTO results (run_id, target, line, query, status, error)"
            " VALUES (1, 'wos', 1, 'TS=(asthma)', 'error', 'HTTP 500')"
        )
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1

    with SearchLog(path) as log:
        assert log.schema_version == SCHEMA_VERSION
        assert [r.run_id for r in log.runs()] == [1]
        assert [r.complete for r in log.runs(include_incomplete=True)] == [True, False]
        stored = log.load_run(1)
        assert stored.source_sha256  # filled in by the migration
        pubmed = stored.run.targets["pubmed"]
        assert pubmed.count == 40 and [line.count for line in pubmed.lines] == [100, 40]
        assert pubmed.lines[0].source is Source.FETCHED
        assert stored.run.targets["wos"].status is Status.ERROR
        assert stored.run.targets["wos"].lines[0].source is Source.NONE
        # a v1 count is a cache candidate like any fetched count
        hit = log.cache().get("pubmed", {"method": "GET", "url": "https://e/esearch",
                                          "params": {"term": "asthma"}})
        assert hit is not None and hit.count == 100
        # and new runs go in after the old ones
        assert log.save_run(example_run()) == 3
    with sqlite3.connect(path) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
        assert "results" not in tables and {"runs", "targets", "lines"} <= tables
