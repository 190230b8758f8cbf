"""OpenAlex end to end: its count reader on the documented answers, and
``querylang run`` / ``--lines`` / the log / the cache / ``report`` against the
loopback fake (tests/fakes/openalex.py), errors included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from querylang.cli import app
from querylang.databases import RUNNABLE
from querylang.databases.openalex.responses import read as read_openalex
from querylang.responses import PermanentApiError, TransientApiError
from tests.fakes.fixtures import FakeApis
from tests.fakes.openalex import FakeOpenAlex

cli = CliRunner()
STRATEGY = "1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023 AND lang:english\n"
EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "llm-medical-imaging.qry")


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return read_openalex(status, headers or {}, json.dumps(body).encode())


# -- the reader -----------------------------------------------------------------------


def test_reads_meta_count() -> None:
    body = {"meta": {"count": 57, "db_response_time_ms": 12, "page": 1, "per_page": 1,
                     "groups_count": None}, "results": [{"id": "https://openalex.org/W1"}],
            "group_by": []}
    assert _json(200, body).count == 57


def test_zero_hits_is_a_count() -> None:
    assert _json(200, {"meta": {"count": 0}, "results": [], "group_by": []}).count == 0


def test_a_timed_out_search_is_retried_not_counted() -> None:
    with pytest.raises(TransientApiError, match="timed out.*partial"):
        _json(200, {"meta": {"count": 12, "timed_out": True}, "results": []})


@pytest.mark.parametrize("body", [
    {"results": []}, {"meta": {}}, {"meta": {"count": "many"}}, {"meta": {"count": -1}}, [],
])
def test_an_answer_without_a_count_is_malformed(body: Any) -> None:
    with pytest.raises(PermanentApiError, match="malformed"):
        read_openalex(200, {}, json.dumps(body).encode())


def test_cut_json_is_malformed() -> None:
    with pytest.raises(PermanentApiError, match="malformed JSON"):
        read_openalex(200, {}, b'{"meta": {"count": 5')


def test_a_400_says_what_openalex_said() -> None:
    body = {"error": "Invalid query parameters error.",
            "message": "Wildcards (* or ?) require exact (no-stem) search."}
    with pytest.raises(PermanentApiError) as caught:
        _json(400, body)
    assert "HTTP 400" in str(caught.value) and "require exact" in str(caught.value)


def test_a_wrong_key_names_the_variable() -> None:
    with pytest.raises(PermanentApiError, match="refused the key.*check OPENALEX_API_KEY"):
        _json(401, {"error": "Invalid or missing API key", "message": "API key not found"})


def test_a_required_key_says_where_to_get_one() -> None:
    with pytest.raises(PermanentApiError, match="requires an API key.*set OPENALEX_API_KEY"):
        _json(401, {"error": "API key required", "message": "An API key is required."})


def test_a_spent_daily_budget_is_not_retried() -> None:
    body = {"error": "Rate limit exceeded", "message": "Insufficient budget. This request "
            "costs $0.001 but you only have $0.0 remaining. Resets at midnight UTC."}
    with pytest.raises(PermanentApiError) as caught:
        _json(429, body, {"Retry-After": "3600", "X-RateLimit-Reset": "5400"})
    assert "daily budget is spent" in str(caught.value)
    assert "resets in 90 min" in str(caught.value)


@pytest.mark.parametrize(("status", "body"), [
    (429, {"error": "Rate limit exceeded", "message": "Rate limit exceeded: 30 requests per "
           "second. Please slow down.", "retryAfter": 1}),
    (429, {"error": "Rate limit exceeded", "message": "Your query uses 8 boolean operators",
           "reason": "broad_boolean_query"}),
    (403, {"error": "Rate limit exceeded", "message": "slow down"}),
    (503, {"error": "Search temporarily unavailable", "message": "Anonymous search is paused"}),
    (500, {"error": "Internal server error", "message": "oops"}),
])
def test_throttles_and_outages_are_retried(status: int, body: dict[str, Any]) -> None:
    with pytest.raises(TransientApiError) as caught:
        _json(status, body, {"Retry-After": "2"})
    assert caught.value.retry_after == 2.0
    assert str(body["error"]) in str(caught.value)


# -- run against the fake ------------------------------------------------------------------


@pytest.fixture
def apis(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeApis:
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    fake_apis.pubmed.rate_limit = None
    for name in RUNNABLE:
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", "0.005")
    monkeypatch.setenv("QUERYLANG_BACKOFF", "0.01")
    monkeypatch.setenv("QUERYLANG_RETRY_BUDGET", "1")
    return fake_apis


def run(*args: str, source: str = STRATEGY) -> Result:
    return cli.invoke(app, ["run", "-q", source, *args])


def targets(result: Result) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(result.stdout)["targets"]
    return found


def test_run_counts_openalex_with_the_others(apis: FakeApis) -> None:
    result = run("--format", "json")
    assert result.exit_code == 0, result.stderr
    found = targets(result)
    assert list(found)[-1] == "openalex" and len(found) >= 5
    openalex = found["openalex"]
    assert openalex["status"] == "ok"
    (request,) = apis.openalex.requests
    assert openalex["count"] == apis.openalex.count_for(
        "(asthma OR wheez*) AND child* ; publication_year:2013-2023,language:en")
    assert request.param("search.title_and_abstract.exact") == "(asthma OR wheez*) AND child*"
    assert request.param("filter") == "publication_year:2013-2023,language:en"
    assert request.param("per-page") == "1" and request.param("api_key") == apis.openalex.api_key


def test_the_example_runs_on_every_database(apis: FakeApis) -> None:
    result = cli.invoke(app, ["run", EXAMPLE, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert all(target["status"] == "ok" for target in targets(result).values())
    assert targets(result)["openalex"]["count"] > 0


def test_lines_counts_each_line(apis: FakeApis) -> None:
    result = run("--format", "json", "--lines", "--db", "openalex")
    assert result.exit_code == 0
    lines = targets(result)["openalex"]["lines"]
    assert [line["number"] for line in lines] == [1, 2]
    assert all(line["status"] == "ok" for line in lines)
    assert apis.openalex.request_count == 2
    first = apis.openalex.requests[0]
    assert first.param("search.title_and_abstract.exact") == "(asthma OR wheez*)"
    assert first.param("filter") is None


def test_the_table_names_openalex(apis: FakeApis) -> None:
    result = run("--db", "openalex")
    assert result.exit_code == 0
    assert "OpenAlex" in result.stdout


def test_a_spent_budget_is_clear_and_the_others_survive(apis: FakeApis) -> None:
    apis.openalex.script(["budget"])
    result = run("--format", "json", "--db", "pubmed,openalex")
    assert result.exit_code == 3
    found = targets(result)
    assert found["pubmed"]["status"] == "ok"
    assert found["openalex"]["status"] == "error"
    assert "daily budget is spent" in found["openalex"]["error"]
    assert apis.openalex.request_count == 1  # not retried


def test_a_throttle_is_retried(apis: FakeApis) -> None:
    apis.openalex.script(["boolean"])
    result = run("--format", "json", "--db", "openalex")
    assert result.exit_code == 0, result.stdout
    assert targets(result)["openalex"]["status"] == "ok"
    assert apis.openalex.request_count == 2


def test_a_wrong_key_never_shows_the_key(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENALEX_API_KEY", "wrong-secret-key-123")
    result = run("--format", "json", "--db", "openalex")
    assert result.exit_code == 3
    error = targets(result)["openalex"]["error"]
    assert "OPENALEX_API_KEY" in error
    assert "wrong-secret-key-123" not in result.stdout + result.stderr


def test_without_a_key_the_run_is_tried(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENALEX_API_KEY")
    result = run("--format", "json", "--db", "openalex")
    assert result.exit_code == 0
    assert apis.openalex.requests[0].param("api_key") is None


def test_a_key_required_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    with FakeOpenAlex(require_key=True) as fake:
        monkeypatch.setenv("QUERYLANG_OPENALEX_URL", fake.url)
        monkeypatch.delenv("OPENALEX_API_KEY", raising=False)
        result = run("--format", "json", "--db", "openalex")
    assert result.exit_code == 3
    assert "set OPENALEX_API_KEY" in targets(result)["openalex"]["error"]


def test_the_log_the_cache_and_the_report(apis: FakeApis) -> None:
    first = run("--format", "json", "--db", "openalex")
    assert first.exit_code == 0
    count = targets(first)["openalex"]["count"]
    again = run("--format", "json", "--db", "openalex")
    assert targets(again)["openalex"]["count"] == count
    assert apis.openalex.request_count == 1  # the second count came from the cache
    shown = cli.invoke(app, ["show", "1"])
    assert shown.exit_code == 0 and "OpenAlex" in shown.stdout
    report = cli.invoke(app, ["report", "1"])
    assert report.exit_code == 0, report.stdout
    assert "OpenAlex via the OpenAlex API" in report.stdout
    assert "publication_year:2013-2023" in report.stdout


def test_the_email_goes_as_mailto(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENALEX_EMAIL", "librarian@example.org")
    result = run("--format", "json", "--db", "openalex")
    assert result.exit_code == 0
    assert apis.openalex.requests[0].param("mailto") == "librarian@example.org"


def test_a_paused_search_waits_beyond_the_budget_and_says_so(apis: FakeApis) -> None:
    apis.openalex.script(["paused:60"])  # 503, Retry-After 60 s: over the 1 s retry budget
    result = run("--format", "json", "--db", "pubmed,openalex")
    assert result.exit_code == 3
    found = targets(result)
    assert found["pubmed"]["status"] == "ok"
    error = found["openalex"]["error"]
    assert "HTTP 503" in error and "Search temporarily unavailable" in error
    assert "beyond the retry budget" in error


def test_a_timed_out_search_is_asked_again(apis: FakeApis) -> None:
    apis.openalex.script(["timed_out"])
    result = run("--format", "json", "--db", "openalex")
    assert result.exit_code == 0, result.stdout
    assert apis.openalex.request_count == 2


def test_a_refused_wildcard_is_said_in_openalex_words(apis: FakeApis) -> None:
    """A 400 from the origin reaches the user as OpenAlex wrote it (here the
    fake is sent a hand-made request the compiler never writes)."""
    from tests.runhelp import fast, plan
    from tests.runhelp import run as run_plans

    # search.title_and_abstract=radiolog*: a wildcard on the stemmed scope
    results = run_plans(plan("openalex", "radiolog*"), settings=fast())
    error = results["openalex"].error
    assert error is not None and "HTTP 400" in error and "require exact" in error
