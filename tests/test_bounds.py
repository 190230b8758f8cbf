"""Issue 11, items 4, 5, 6 and 8: no hangs, bounded answers, dead servers, sane settings.

Each fault is injected by a loopback fake (a trickled body, an endless
body, a closed port); timeouts and deadlines are scaled down so that every
test runs in about a second.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from querylang.cli import app
from querylang.results import Status
from querylang.runner import RunSettings, TargetPlan
from querylang.settings import SettingError, check_endpoint
from querylang.transport import COUNT_ANSWER_CAP, PAGE_ANSWER_CAPS, answer_cap
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.fixtures import FakeApis
from tests.runhelp import QUERIES, fast, plan, run

cli = CliRunner()
STRATEGY = "1. asthma OR wheez*\n2. #1 AND child*\n3. #2 AND adult*\n"


@pytest.fixture
def apis(fake_apis: FakeApis) -> FakeApis:
    fake_apis.pubmed.rate_limit = None
    return fake_apis


def timed(*plans: TargetPlan, **options: Any) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    results = run(*plans, **options)
    return results, time.monotonic() - started


# -- item 4: slow bodies ---------------------------------------------------------


def test_trickled_answer_hits_the_request_deadline(apis: FakeApis) -> None:
    # one byte every 0.05 s: each read is quick, the whole answer takes seconds
    apis.ieee.script(["trickle:0.05"])
    results, elapsed = timed(plan("ieee", QUERIES["ieee"]), settings=fast(timeout=0.3, attempts=1))
    result = results["ieee"]
    assert result.status is Status.ERROR
    assert "did not answer within 0.3 s" in result.error
    assert elapsed < 2.0


def test_run_deadline_marks_the_unanswered_lines(apis: FakeApis) -> None:
    apis.arxiv.script(["trickle:0.05"] * 3)
    apis.pubmed.script(["ok"])
    queries = ("ti:asthma", "ti:wheeze", "ti:child")
    results, elapsed = timed(plan("arxiv", *queries), plan("pubmed", QUERIES["pubmed"]),
                             settings=fast(timeout=10, deadline=0.5))
    arxiv = results["arxiv"]
    assert [line.status for line in arxiv.lines] == [Status.ERROR] * 3
    for line in arxiv.lines:
        assert "not answered: the run's deadline of 0.5 s passed" in line.error
    assert results["pubmed"].status is Status.OK  # what was answered is kept
    assert elapsed < 2.0


def test_run_deadline_names_the_last_failure_of_a_line_still_retrying(apis: FakeApis) -> None:
    apis.wos.script(["503"] * 10)
    results = run(plan("wos", QUERIES["wos"]),
                  settings=fast(deadline=0.4, backoff=1.0, attempts=5, retry_budget=20))
    error = results["wos"].lines[0].error
    assert error.startswith("not answered: the run's deadline of 0.4 s passed")
    assert "the last attempt: " in error and "HTTP 503" in error


@pytest.fixture
def cli_apis(apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeApis:
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    for name in ("pubmed", "wos", "arxiv", "ieee"):
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", "0.005")
    monkeypatch.setenv("QUERYLANG_BACKOFF", "0.01")
    return apis


def test_run_deadline_from_the_command_line_prints_logs_and_exits_3(cli_apis: FakeApis) -> None:
    cli_apis.arxiv.script(["trickle:0.05"] * 3)
    started = time.monotonic()
    result = cli.invoke(app, ["run", "-q", STRATEGY, "--db", "arxiv,pubmed", "--lines",
                              "--format", "json", "--deadline", "0.5", "--timeout", "10"])
    assert time.monotonic() - started < 3.0
    assert result.exit_code == 3, result.output
    assert "logged as run" in result.stderr
    import json

    targets = json.loads(result.stdout)["targets"]
    assert targets["pubmed"]["status"] == "ok"
    assert all("deadline of 0.5 s passed" in line["error"] for line in targets["arxiv"]["lines"])
    shown = cli.invoke(app, ["show", "1", "--format", "json"])
    assert "deadline of 0.5 s passed" in shown.stdout


# -- item 5: endless bodies ----------------------------------------------------------


@pytest.mark.parametrize("target", ["pubmed", "arxiv"])
def test_endless_body_is_answer_too_large_and_not_retried(apis: FakeApis, target: str) -> None:
    getattr(apis, target).script(["endless"])
    results, elapsed = timed(plan(target, QUERIES[target]))
    result = results[target]
    assert result.status is Status.ERROR
    assert "answer too large" in result.error and "1 MiB" in result.error
    assert getattr(apis, target).request_count == 1
    assert elapsed < 5.0


def test_caps_depend_on_the_kind_of_request() -> None:
    assert answer_cap("pubmed", {"retmax": "0"}) == COUNT_ANSWER_CAP == 1024 * 1024
    assert answer_cap("wos", {"limit": "1"}) == COUNT_ANSWER_CAP
    assert answer_cap("arxiv", {"max_results": "100"}) == PAGE_ANSWER_CAPS["arxiv"]
    assert answer_cap("ieee", {"max_records": "200"}) == PAGE_ANSWER_CAPS["ieee"]
    assert all(COUNT_ANSWER_CAP < cap <= 32 * 1024 * 1024 for cap in PAGE_ANSWER_CAPS.values())


# -- item 6: dead servers --------------------------------------------------------------


@pytest.mark.parametrize("target", ["arxiv", "wos"])
def test_unreachable_database_fails_its_other_lines_at_once(apis: FakeApis, target: str) -> None:
    getattr(apis, target).stop()  # a closed port: every connection is refused
    queries = [f"{QUERIES[target]} {n}" for n in range(6)]
    results, elapsed = timed(plan(target, *queries), plan("pubmed", QUERIES["pubmed"]),
                             settings=fast(attempts=3, backoff=0.2, retry_budget=5))
    lines = results[target].lines
    first, rest = lines[0], lines[1:]
    assert "connection failed" in first.error and "gave up after 3 attempts" in first.error
    name = "arXiv" if target == "arxiv" else "Web of Science"
    for line in rest:
        assert re.match(rf"not tried( again)?: {name} was unreachable for line 1 \(", line.error), (
            line.error)
    assert results["pubmed"].status is Status.OK
    # one line's backoff (0.1-0.2 s, then 0.2-0.4 s), not six lines' worth
    assert elapsed < 1.5


def test_a_database_back_before_the_retries_ran_out_serves_every_line(apis: FakeApis) -> None:
    """The prober gets through: the lines that waited then go on, each asked once."""
    port = apis.arxiv.port
    apis.arxiv.stop()
    revived = FakeArxiv(min_interval=0, port=port)
    timer = threading.Timer(0.25, revived.start)
    timer.start()
    try:
        queries = ("ti:asthma", "ti:wheeze", "ti:child")
        results = run(plan("arxiv", *queries),
                      settings=fast(attempts=6, backoff=0.2, retry_budget=10))
        assert [line.status for line in results["arxiv"].lines] == [Status.OK] * 3
        # every line asked once: the waiting lines spent no attempt on the dead port
        assert sorted(r.param("search_query") for r in revived.requests) == sorted(queries)
    finally:
        timer.cancel()
        timer.join()
        revived.stop()


# -- item 8: nonsensical settings ----------------------------------------------------------


@pytest.mark.parametrize(("name", "value"), [
    ("QUERYLANG_RETRY_ATTEMPTS", "inf"),
    ("QUERYLANG_RETRY_ATTEMPTS", "2.5"),
    ("QUERYLANG_RETRY_ATTEMPTS", "0"),
    ("QUERYLANG_RETRY_ATTEMPTS", "1000"),
    ("QUERYLANG_RETRY_BUDGET", "nan"),
    ("QUERYLANG_RETRY_BUDGET", "inf"),
    ("QUERYLANG_BACKOFF", "inf"),
    ("QUERYLANG_BACKOFF", "0"),
    ("QUERYLANG_ARXIV_INTERVAL", "inf"),
    ("QUERYLANG_PUBMED_INTERVAL", "nan"),
    ("QUERYLANG_WOS_RATE", "inf"),
    ("QUERYLANG_IEEE_RATE", "1e-300"),
    ("QUERYLANG_IEEE_RATE", "-1"),
    ("QUERYLANG_PUBMED_URL", "http://127.0.0.1:99999/esearch.fcgi"),
    ("QUERYLANG_WOS_URL", "http://127.0.0.1:0/x"),
    ("QUERYLANG_ARXIV_URL", "ftp://127.0.0.1/api/query"),
    ("QUERYLANG_IEEE_URL", "http:///no-host"),
    ("QUERYLANG_IEEE_URL", "127.0.0.1:8080/x"),
])
def test_bad_environment_settings_are_named(name: str, value: str) -> None:
    with pytest.raises(SettingError, match=name):
        RunSettings.from_env({name: value})


def test_numbers_in_range_are_accepted() -> None:
    settings = RunSettings.from_env({"QUERYLANG_RETRY_ATTEMPTS": " 20 ",
                                     "QUERYLANG_ARXIV_INTERVAL": "3600",
                                     "QUERYLANG_PUBMED_URL": "https://example.org:8443/e"},
                                    timeout=0.01, deadline=86400)
    assert (settings.attempts, settings.interval("arxiv")) == (20, 3600)
    assert (settings.timeout, settings.deadline) == (0.01, 86400)
    assert check_endpoint("X", "http://[::1]:8080/api") == "http://[::1]:8080/api"


@pytest.mark.parametrize(("option", "value"), [
    ("timeout", float("nan")), ("timeout", float("inf")), ("timeout", 0.0),
    ("deadline", float("nan")), ("deadline", 0.0), ("deadline", 1e9),
])
def test_bad_options_are_named(option: str, value: float) -> None:
    with pytest.raises(SettingError, match=f"--{option}"):
        RunSettings.from_env({}, **{option: value})


@pytest.mark.parametrize(("variable", "value", "named"), [
    ("QUERYLANG_RETRY_ATTEMPTS", "inf", "QUERYLANG_RETRY_ATTEMPTS"),
    ("QUERYLANG_ARXIV_INTERVAL", "inf", "QUERYLANG_ARXIV_INTERVAL"),
    ("QUERYLANG_WOS_URL", "http://127.0.0.1:99999/x", "QUERYLANG_WOS_URL"),
])
def test_bad_settings_are_usage_errors(cli_apis: FakeApis, monkeypatch: pytest.MonkeyPatch,
                                       variable: str, value: str, named: str) -> None:
    monkeypatch.setenv(variable, value)
    result = cli.invoke(app, ["run", "-q", STRATEGY])
    assert result.exit_code == 2, result.output
    assert named in result.stderr and "Traceback" not in result.output
    assert "internal error" not in result.output
    assert cli_apis.arxiv.request_count == cli_apis.wos.request_count == 0


@pytest.mark.parametrize("args", [
    ["--timeout", "nan"], ["--timeout", "inf"], ["--deadline", "nan"], ["--deadline", "-1"],
    ["--max-age", "nan"], ["--max-age", "inf"],
])
def test_bad_numeric_options_are_usage_errors(cli_apis: FakeApis, args: list[str]) -> None:
    result = cli.invoke(app, ["run", "-q", STRATEGY, *args])
    assert result.exit_code == 2, result.output
    assert args[0] in result.stderr and "internal error" not in result.output


def test_bad_port_at_run_time_is_an_error_naming_the_variable(
    apis: FakeApis, monkeypatch: pytest.MonkeyPatch
) -> None:
    # settings handed in by a library caller: the endpoint is checked when sent
    monkeypatch.setenv("QUERYLANG_IEEE_URL", "http://127.0.0.1:99999/api")
    result = run(plan("ieee", QUERIES["ieee"]))["ieee"]
    assert result.status is Status.ERROR
    assert "QUERYLANG_IEEE_URL" in result.error and "internal error" not in result.error


def test_a_client_handed_in_is_bounded_too() -> None:
    """A mock transport answering a huge body: the cap holds whatever the transport."""
    def huge(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b" " * (COUNT_ANSWER_CAP + 1))

    async def go() -> Any:
        async with httpx.AsyncClient(transport=httpx.MockTransport(huge)) as client:
            from querylang.runner import run_plans

            return await run_plans([plan("pubmed", QUERIES["pubmed"])], client=client,
                                   settings=fast())

    result = asyncio.run(go())["pubmed"]
    assert result.status is Status.ERROR and "answer too large" in result.error
