"""``querylang run`` with Scopus end to end: CLI -> compiler -> runner -> the
strict Scopus fake (tests/fakes/scopus.py) -> output, search log and report."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import querylang
from querylang.cli import app
from querylang.databases import RUNNABLE
from tests.fakes import stable_count
from tests.fakes.fixtures import FakeApis
from tests.fakes.scopus import FakeScopus

cli = CliRunner()
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "llm-medical-imaging.qry"
STRATEGY = "1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023\n"
#: A key that changes when URL-encoded, and that the fake echoes in every answer.
SECRET = "scopus-SECRET-+&/=0123"


@pytest.fixture
def apis(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeApis:
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    fake_apis.pubmed.rate_limit = None
    for name in RUNNABLE:
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", "0.005")
    monkeypatch.setenv("QUERYLANG_BACKOFF", "0.01")
    monkeypatch.setenv("QUERYLANG_RETRY_BUDGET", "1")
    fake_apis.scopus.api_key = SECRET
    monkeypatch.setenv("SCOPUS_API_KEY", SECRET)
    return fake_apis


def run(*args: str, text: str = STRATEGY) -> Result:
    return cli.invoke(app, ["run", "-q", text, *args])


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def compiled(text: str = STRATEGY) -> str:
    query = querylang.compile_query(text, "scopus").query
    assert query is not None
    return query


def no_secret(*texts: str | bytes) -> None:
    for text in texts:
        data = text if isinstance(text, str) else text.decode("utf-8", "replace")
        for form in (SECRET, SECRET.replace("+", "%2B"), "SECRET-%2B", "SECRET-+"):
            assert form not in data


def test_a_run_counts_scopus_with_the_key_in_its_header(apis: FakeApis) -> None:
    result = run("--db", "scopus", "--format", "json")
    assert result.exit_code == 0, result.stderr
    scopus = as_json(result)["targets"]["scopus"]
    query = compiled()
    assert scopus["status"] == "ok" and scopus["query"] == query
    assert scopus["count"] == stable_count(query)
    assert scopus["api_notes"] == []  # Scopus echoed the query exactly as sent
    (request,) = apis.scopus.requests
    assert request.path == FakeScopus.ENDPOINT
    assert request.query_params == {"query": [query], "count": ["1"],
                                    "httpAccept": ["application/json"]}
    assert request.header("X-ELS-APIKey") == SECRET
    no_secret(request.query_string)  # the header only, never the URL
    assert apis.pubmed.request_count == 0


def test_lines_counts_every_line(apis: FakeApis) -> None:
    result = run("--db", "scopus", "--lines", "--format", "json")
    assert result.exit_code == 0, result.stderr
    lines = as_json(result)["targets"]["scopus"]["lines"]
    assert [line["number"] for line in lines] == [1, 2]
    assert [line["count"] for line in lines] == [
        stable_count(compiled("asthma OR wheez*")), stable_count(compiled())]
    assert apis.scopus.request_count == 2


def test_zero_hits_are_a_count_not_an_error(apis: FakeApis) -> None:
    apis.scopus.set_zero(compiled())
    result = run("--db", "scopus", "--format", "json")
    assert result.exit_code == 0, result.stderr
    scopus = as_json(result)["targets"]["scopus"]
    assert scopus["status"] == "ok" and scopus["count"] == 0


def test_the_example_runs_on_every_database(apis: FakeApis) -> None:
    result = cli.invoke(app, ["run", str(EXAMPLE), "--format", "json"])
    assert result.exit_code in (0, 1), result.stderr
    targets = as_json(result)["targets"]
    assert list(targets) == list(RUNNABLE)  # every database with an API, Scopus among them
    assert "scopus" in targets
    assert all(target["status"] == "ok" for target in targets.values())
    assert apis.scopus.last_query_error is None  # the fake's validator read it


@pytest.mark.parametrize(("fault", "words"), [
    ("syntax_error", "could not read the query"),
    ("unauthorized", "refused the key"),
    ("quota:86400", "weekly quota spent"),
])
def test_each_error_is_said_and_the_other_databases_keep_their_counts(
        apis: FakeApis, fault: str, words: str, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    apis.scopus.script([fault, fault, fault])
    result = run("--format", "json")
    assert result.exit_code == 3, result.stderr
    targets = as_json(result)["targets"]
    assert targets["scopus"]["status"] == "error"
    assert words in targets["scopus"]["error"]
    assert apis.scopus.request_count == 1  # permanent: never retried
    for name in ("pubmed", "wos", "arxiv", "ieee"):
        assert targets[name]["status"] == "ok"
    no_secret(result.stdout, result.stderr, caplog.text)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            no_secret(path.read_bytes())


def test_the_quota_says_when_it_comes_back(apis: FakeApis) -> None:
    apis.scopus.script(["quota:172800"])
    result = run("--db", "scopus", "--format", "json")
    error = as_json(result)["targets"]["scopus"]["error"]
    assert "comes back on" in error and "(in 2 days)" in error


def test_the_throttle_is_retried_at_pace(apis: FakeApis) -> None:
    apis.scopus.script(["throttle", "throttle"])
    result = run("--db", "scopus", "--format", "json")
    assert result.exit_code == 0, result.stderr
    scopus = as_json(result)["targets"]["scopus"]
    assert scopus["status"] == "ok" and scopus["count"] == stable_count(compiled())
    assert [request.status for request in apis.scopus.requests] == [429, 429, 200]


def test_a_run_without_the_key_says_so_and_the_others_run(
        apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCOPUS_API_KEY")
    result = run("--format", "json")
    assert result.exit_code == 3
    targets = as_json(result)["targets"]
    scopus = targets["scopus"]
    assert scopus["status"] == "skipped" and "SCOPUS_API_KEY" in str(scopus["error"])
    assert scopus["query"] == compiled()  # to paste into Scopus by hand
    assert apis.scopus.request_count == 0
    assert all(targets[name]["status"] == "ok" for name in ("pubmed", "wos", "arxiv", "ieee"))


def test_the_echoed_key_reaches_no_output_log_or_report(
        apis: FakeApis, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The fake echoes the key in an X-ELS-APIKey header on every answer and
    in the text of a bad-key 401."""
    caplog.set_level(logging.DEBUG)
    outputs = [run("--db", "scopus", "--lines", "--format", fmt, "--refresh")
               for fmt in ("table", "json", "markdown", "csv")]
    assert all(result.exit_code == 0 for result in outputs)
    apis.scopus.api_key = "another-key-entirely"  # now SECRET is refused, and echoed
    outputs.append(run("--db", "scopus", "--format", "json", "--refresh"))
    assert "refused the key" in outputs[-1].stdout
    outputs.append(cli.invoke(app, ["report"]))
    outputs.append(cli.invoke(app, ["history"]))
    for result in outputs:
        no_secret(result.stdout, result.stderr)
    no_secret(caplog.text)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            no_secret(path.read_bytes())


def test_the_log_answers_a_second_run(apis: FakeApis) -> None:
    first = run("--db", "scopus", "--format", "json")
    assert first.exit_code == 0
    second = run("--db", "scopus", "--format", "json")
    assert second.exit_code == 0
    line = as_json(second)["targets"]["scopus"]["lines"][0]
    assert line["source"] == "cached"
    assert line["count"] == as_json(first)["targets"]["scopus"]["count"]
    assert apis.scopus.request_count == 1
    run("--db", "scopus", "--format", "json", "--refresh")
    assert apis.scopus.request_count == 2


def test_the_report_names_the_interface_for_prisma_s(apis: FakeApis) -> None:
    assert run("--format", "json").exit_code == 0
    report = cli.invoke(app, ["report"])
    assert report.exit_code == 0, report.stderr
    assert "Scopus via the Elsevier Scopus Search API" in report.stdout
    assert "PUBYEAR > 2012 AND PUBYEAR < 2024" in report.stdout
    data = json.loads(cli.invoke(app, ["report", "--format", "json"]).stdout)
    assert "scopus" in json.dumps(data)


def test_a_plus_in_a_doi_reaches_scopus_as_a_plus(apis: FakeApis) -> None:
    """Elsevier's search guide: a literal + must be sent as %2B (a bare + is a space)."""
    result = run("--db", "scopus", "--format", "json", text='doi:"10.1021/es052595+"')
    assert result.exit_code == 0, result.stderr
    (request,) = apis.scopus.requests
    assert request.query_params["query"] == ['DOI("10.1021/es052595+")']
    assert "%2B" in request.query_string
