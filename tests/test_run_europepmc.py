"""Europe PMC end to end: its count reader on bytes, the runner and the CLI
against the loopback fake (tests/fakes/europepmc.py), the log, the cache
and the PRISMA-S report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from querylang.cli import app
from querylang.databases.europepmc.responses import ZERO_NOTE, read
from querylang.responses import PermanentApiError, TransientApiError
from querylang.results import Source, Status
from tests.fakes import stable_count
from tests.fakes.fixtures import FakeApis
from tests.runhelp import QUERIES, fast, plan, run

cli = CliRunner()
QUERY = QUERIES["europepmc"]
STRATEGY = "1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023 AND lang:english\n"
JSON = {"Content-Type": "application/json"}


def answer(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


# -- the count reader ------------------------------------------------------------


def test_reads_hit_count_and_the_echoed_query() -> None:
    body = answer({"version": "6.9", "hitCount": 5059039, "nextCursorMark": "AoIIP4Za",
                   "request": {"queryString": "TITLE_ABS:asthma", "cursorMark": "%2A"},
                   "resultList": {"result": [{"id": "1", "source": "MED"}]}})
    reading = read(200, JSON, body)
    assert reading.count == 5059039
    assert reading.echo == "TITLE_ABS:asthma"
    assert reading.notes == ()


def test_zero_hits_carry_the_note_that_europe_pmc_gives_no_syntax_errors() -> None:
    reading = read(200, JSON, answer({"hitCount": 0, "resultList": {"result": []}}))
    assert reading.count == 0 and reading.notes == (ZERO_NOTE,)


def test_xml_answer_names_the_missing_format() -> None:
    body = b'<?xml version="1.0"?><responseWrapper><hitCount>3</hitCount></responseWrapper>'
    with pytest.raises(PermanentApiError, match="format=json"):
        read(200, {"Content-Type": "application/xml"}, body)


def test_bad_request_quotes_errmsg() -> None:
    body = answer({"errCode": 400, "errMsg": "pageSize must be an integer from 1 to 1000"})
    with pytest.raises(PermanentApiError) as caught:
        read(400, JSON, body)
    assert "HTTP 400" in str(caught.value) and "pageSize must be" in str(caught.value)
    assert "errCode" not in str(caught.value)


@pytest.mark.parametrize(("status", "headers", "body"), [
    (429, {"Retry-After": "2"}, b"Too Many Requests"),
    (503, {"Content-Type": "text/html"}, b"<html><body><h1>Service Unavailable</h1></body></html>"),
    (500, {}, b""),
])
def test_throttling_and_server_errors_are_retried(
    status: int, headers: dict[str, str], body: bytes
) -> None:
    with pytest.raises(TransientApiError) as caught:
        read(status, headers, body)
    assert caught.value.status == status
    assert "<" not in str(caught.value)  # an HTML page's words, not its tags
    if status == 429:
        assert caught.value.retry_after == 2.0


@pytest.mark.parametrize("body", [
    b'{"hitCount": ', b'{"version": "6.9"}', b'{"hitCount": -3}', b'{"hitCount": "12x"}',
    b"[1, 2]", b'{"hitCount": true}',
])
def test_malformed_answers_are_said_never_zero(body: bytes) -> None:
    with pytest.raises(PermanentApiError, match="Europe PMC"):
        read(200, JSON, body)


def test_a_count_as_a_string_of_digits_is_tolerated() -> None:
    assert read(200, JSON, b'{"hitCount": "42"}').count == 42


# -- the runner against the fake ---------------------------------------------------


@pytest.fixture
def apis(fake_apis: FakeApis) -> FakeApis:
    fake_apis.pubmed.rate_limit = None
    return fake_apis


def test_count_request_is_json_without_synonyms(apis: FakeApis) -> None:
    result = run(plan("europepmc", QUERY))["europepmc"]
    assert result.status is Status.OK, result.error
    assert result.count == stable_count(QUERY)
    sent = apis.europepmc.last_request
    assert sent.method == "GET" and sent.path.endswith("/rest/search")
    assert sent.param("query") == QUERY
    assert (sent.param("format"), sent.param("synonym"), sent.param("resultType"),
            sent.param("pageSize")) == ("json", "false", "idlist", "1")
    assert sent.param("cursorMark") is None  # the first page: not needed for a count
    assert apis.europepmc.malformed_queries == []


def test_every_line_is_counted(apis: FakeApis) -> None:
    queries = ["TITLE_ABS:asthma", "TITLE_ABS:asthma AND PUB_YEAR:[2013 TO 2023]"]
    result = run(plan("europepmc", *queries))["europepmc"]
    assert [line.count for line in result.lines] == [stable_count(q) for q in queries]
    assert apis.europepmc.request_count == 2


def test_a_long_query_goes_by_post_to_search_post(apis: FakeApis) -> None:
    long = " OR ".join(f"TITLE_ABS:term{n:04d}" for n in range(120))
    assert len(long) > 1000
    result = run(plan("europepmc", f"({long})"))["europepmc"]
    assert result.status is Status.OK, result.error
    assert result.count == stable_count(f"({long})")
    sent = apis.europepmc.last_request
    assert sent.method == "POST" and sent.path.endswith("/rest/searchPOST")
    assert sent.form_params["query"] == [f"({long})"]
    assert sent.form_params["format"] == ["json"] and sent.form_params["synonym"] == ["false"]


@pytest.mark.parametrize("fault", ["throttle:0.01", "429:0.01", "503", "drop"])
def test_transient_failures_are_retried(apis: FakeApis, fault: str) -> None:
    apis.europepmc.script([fault])
    result = run(plan("europepmc", QUERY))["europepmc"]
    assert result.status is Status.OK, result.error
    assert apis.europepmc.request_count == 2


def test_a_refused_query_is_clear_and_the_others_survive(apis: FakeApis) -> None:
    apis.europepmc.strict_syntax = True
    results = run(plan("europepmc", "TITLE_ABS:(asthma"), plan("pubmed", QUERIES["pubmed"]))
    failed = results["europepmc"]
    assert failed.status is Status.ERROR
    assert failed.error is not None and "Europe PMC refused the request (HTTP 400)" in failed.error
    assert "Invalid query" in failed.error
    assert apis.europepmc.request_count == 1  # permanent: not retried
    assert results["pubmed"].status is Status.OK


def test_a_malformed_answer_is_an_error_not_zero(apis: FakeApis) -> None:
    apis.europepmc.script(["malformed"] * 4)
    result = run(plan("europepmc", QUERY), settings=fast(attempts=1))["europepmc"]
    assert result.status is Status.ERROR and result.count is None
    assert result.error is not None and "Europe PMC" in result.error


# -- the command line: run, --lines, the log, the cache, the report ----------------


@pytest.fixture
def cli_apis(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeApis:
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    monkeypatch.setenv("QUERYLANG_EUROPEPMC_INTERVAL", "0.005")
    monkeypatch.setenv("QUERYLANG_BACKOFF", "0.01")
    return fake_apis


def invoke(*args: str) -> Result:
    return cli.invoke(app, list(args))


def test_run_lines_log_cache_and_report(cli_apis: FakeApis) -> None:
    fake = cli_apis.europepmc
    first = invoke("run", "-q", STRATEGY, "--db", "europepmc", "--lines", "--format", "json")
    assert first.exit_code == 0, first.stderr
    target = json.loads(first.stdout)["targets"]["europepmc"]
    assert target["status"] == "ok"
    assert [line["number"] for line in target["lines"]] == [1, 2]
    final = target["lines"][-1]
    assert final["query"] == (
        "(TITLE_ABS:asthma OR TITLE_ABS:wheez*) AND TITLE_ABS:child* AND "
        "PUB_YEAR:[2013 TO 2023] AND LANG:eng")
    assert final["count"] == stable_count(final["query"])
    assert fake.request_count == 2
    assert "logged as run 1" in first.stderr

    again = invoke("run", "-q", STRATEGY, "--db", "europepmc", "--lines", "--format", "json")
    assert again.exit_code == 0, again.stderr
    lines = json.loads(again.stdout)["targets"]["europepmc"]["lines"]
    assert {line["source"] for line in lines} == {Source.CACHED.value}
    assert fake.request_count == 2  # the log answered: nothing sent

    report = invoke("report")
    assert report.exit_code == 0, report.stderr
    assert "Europe PMC via the Europe PMC Articles RESTful API" in report.stdout
    assert "preprints included (SRC:PPR)" in report.stdout
    assert "synonym expansion off" in report.stdout


def test_table_output_names_europe_pmc(cli_apis: FakeApis) -> None:
    result = invoke("run", "-q", "asthma", "--db", "europepmc,pubmed")
    assert result.exit_code == 0, result.stderr
    assert "Europe PMC" in result.stdout and "PubMed" in result.stdout


def test_a_manual_count_is_taken_for_europe_pmc(cli_apis: FakeApis) -> None:
    result = invoke("run", "-q", "asthma", "--db", "europepmc", "--count", "europepmc=123",
                    "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["targets"]["europepmc"]["count"] == 123
    assert cli_apis.europepmc.request_count == 0
