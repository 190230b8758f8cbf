"""``querylang run`` end to end: CLI -> compiler -> runner -> loopback fakes -> output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from querylang.cli import app
from querylang.databases import RUNNABLE
from tests.fakes.fixtures import FakeApis

cli = CliRunner()
STRATEGY = "1. asthma OR wheez*\n2. #1 AND child*\n"
#: Every database the default run searches (new ones included deliberately).
DATABASES = list(RUNNABLE)


@pytest.fixture
def apis(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeApis:
    """The fakes with every pace and backoff scaled down; a private search log."""
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    fake_apis.pubmed.rate_limit = None
    for name in DATABASES:
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", "0.005")
    monkeypatch.setenv("QUERYLANG_BACKOFF", "0.01")
    monkeypatch.setenv("QUERYLANG_RETRY_BUDGET", "1")
    return fake_apis


def invoke(*args: str) -> Result:
    return cli.invoke(app, ["run", "-q", STRATEGY, *args])


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_json_shape_and_exit_0(apis: FakeApis) -> None:
    result = invoke("--format", "json")
    assert result.exit_code == 0, result.stderr
    targets = as_json(result)["targets"]
    assert list(targets) == DATABASES
    for target in targets.values():
        assert target["status"] == "ok" and target["error"] is None
        assert isinstance(target["count"], int)
        assert isinstance(target["query"], str) and isinstance(target["api_notes"], list)
        (line,) = target["lines"]
        assert line["number"] == 2 and line["count"] == target["count"]
        assert line["status"] == "ok" and line["query"] == target["query"]
    # not a terminal: no progress display; at most the search log's one line
    assert all(line.startswith("logged as run") for line in result.stderr.splitlines())


def test_lines_counts_every_line(apis: FakeApis) -> None:
    result = invoke("--format", "json", "--lines", "--db", "pubmed,arxiv")
    assert result.exit_code == 0
    targets = as_json(result)["targets"]
    assert list(targets) == ["pubmed", "arxiv"]
    assert [line["number"] for line in targets["pubmed"]["lines"]] == [1, 2]
    assert apis.wos.request_count == 0 and apis.pubmed.request_count == 2


def test_table(apis: FakeApis) -> None:
    result = invoke()
    assert result.exit_code == 0
    for entry in RUNNABLE.values():
        assert entry.display in result.stdout
    # PubMed's querytranslation means what was sent: no note (issue 10 item 6c)
    assert "PubMed read the query as" not in result.stdout
    count = as_counts(apis)["pubmed"]
    assert f"{count:,}" in result.stdout


def as_counts(apis: FakeApis) -> dict[str, int]:
    data = as_json(invoke("--format", "json"))["targets"]
    return {name: int(str(data[name]["count"])) for name in data}


def test_table_with_lines_matrix(apis: FakeApis) -> None:
    result = invoke("--lines")
    assert result.exit_code == 0
    assert "#1" in result.stdout and "#2 (final)" in result.stdout


def test_markdown(apis: FakeApis) -> None:
    result = invoke("--format", "markdown", "--lines")
    assert result.exit_code == 0
    assert "| Line | PubMed | Web of Science | arXiv | IEEE Xplore |" in result.stdout
    assert "| Database | Count | Status | Notes |" in result.stdout


def test_csv(apis: FakeApis) -> None:
    result = invoke("--format", "csv", "--lines")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2 * len(DATABASES)
    assert {row["database"] for row in rows} == set(DATABASES)
    assert all(row["status"] == "ok" and row["count"].isdigit() for row in rows)


def test_missing_key_skips_and_exits_3(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IEEE_API_KEY")
    result = invoke("--format", "json")
    assert result.exit_code == 3
    ieee = as_json(result)["targets"]["ieee"]
    assert ieee["status"] == "skipped" and "IEEE_API_KEY" in str(ieee["error"])
    assert ieee["query"]  # the interface string, to paste by hand
    assert as_json(result)["targets"]["pubmed"]["status"] == "ok"
    table = invoke()
    assert table.exit_code == 3 and "IEEE_API_KEY" in table.stdout


def test_database_error_exits_3(apis: FakeApis) -> None:
    apis.arxiv.script(["error_feed:bad query"])
    result = invoke("--format", "json")
    assert result.exit_code == 3
    arxiv = as_json(result)["targets"]["arxiv"]
    assert arxiv["status"] == "error" and "bad query" in str(arxiv["error"])


def test_manual_count(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WOS_API_KEY")
    result = invoke("--format", "json", "--count", "wos=1,234")
    assert result.exit_code == 0
    wos = as_json(result)["targets"]["wos"]
    assert wos["status"] == "manual" and wos["count"] == 1234
    assert apis.wos.request_count == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--count", "wos=many"], "DB=N"),
        (["--count", "wso=5"], "did you mean wos"),
        (["--count", "ovid=5"], "did you mean ovid-medline, ovid-embase or ovid-psycinfo?"),
        (["--db", "pubmd"], "did you mean pubmed"),
        (["--db", "pubmed", "--count", "ieee=5"], "not among --db"),
        (["--count", "wos:9=5"], "lines 1 to 2"),
    ],
)
def test_usage_errors_exit_2(apis: FakeApis, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_bad_rate_variable_is_a_usage_error(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUERYLANG_WOS_RATE", "fast")
    monkeypatch.delenv("QUERYLANG_WOS_INTERVAL")
    result = invoke()
    assert result.exit_code == 2 and "QUERYLANG_WOS_RATE" in result.stderr


def test_strategy_error_exits_1(apis: FakeApis) -> None:
    result = cli.invoke(app, ["run", "-q", "asthma AND (", "--format", "json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert apis.pubmed.request_count == 0


def test_file_source(apis: FakeApis, tmp_path: Path) -> None:
    path = tmp_path / "s.qry"
    path.write_text(STRATEGY, encoding="utf-8")
    result = cli.invoke(app, ["run", str(path), "--format", "json", "--db", "wos"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"] == str(path)


def test_timeout_option(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUERYLANG_RETRY_ATTEMPTS", "1")
    apis.ieee.script(["slow:1.5"])
    result = invoke("--format", "json", "--timeout", "0.2", "--no-log")
    assert result.exit_code == 3
    ieee = as_json(result)["targets"]["ieee"]
    assert ieee["status"] == "error" and "did not answer within 0.2 s" in ieee["error"]
    assert as_json(result)["targets"]["wos"]["status"] == "ok"


def test_progress_display_follows_events() -> None:
    from querylang.render_run import progress_display
    from querylang.runner import ProgressEvent

    with progress_display(True, {"pubmed": 2}) as update:
        assert update is not None
        update(ProgressEvent("start", "pubmed", 1, 2))
        update(ProgressEvent("retry", "pubmed", 1, 2, "HTTP 503 [x]; retrying in 0.1 s"))
        update(ProgressEvent("done", "pubmed", 1, 2, "ok"))
        update(ProgressEvent("done", "unknown", 1, 2, "ok"))
    with progress_display(False, {"pubmed": 2}) as nothing:
        assert nothing is None


def test_count_for_a_line_without_a_search_string_is_refused(apis: FakeApis) -> None:
    # Issue 10 item 6a: arXiv refuses line 2 (AX104, no DOI field), so a count
    # typed in for it would be a count without the string it counts.
    text = '1. asthma\n2. #1 OR doi:"10.1000/xyz"\n'
    result = cli.invoke(app, ["run", "-q", text, "--db", "arxiv", "--count", "arxiv=5"])
    assert result.exit_code == 2, result.output
    assert "no search string for line 2" in result.stderr and "AX104" in result.stderr
    assert "Traceback" not in result.output
    assert apis.arxiv.request_count == 0


def test_count_for_a_middle_line_without_lines_option(apis: FakeApis) -> None:
    # Issue 10 item 7: a count for line 1 replaces line 1 only; the final
    # line still runs, and the count given is not dropped.
    result = invoke("--format", "json", "--db", "wos", "--count", "wos:1=5600")
    assert result.exit_code == 0, result.stderr
    wos = as_json(result)["targets"]["wos"]
    lines = {line["number"]: line for line in wos["lines"]}
    assert lines[1]["count"] == 5600 and lines[1]["status"] == "manual"
    assert lines[2]["status"] == "ok" and lines[2]["source"] == "fetched"
    assert wos["status"] == "ok" and apis.wos.request_count == 1


@pytest.mark.parametrize(
    ("counts", "named"),
    [
        (["wos=1", "wos=2"], ["--count 'wos=1'", "--count 'wos=2'"]),
        (["wos:1=5", "wos:1=6"], ["--count 'wos:1=5'", "--count 'wos:1=6'"]),
        (["wos=7", "wos:2=8"], ["--count wos=7", "--count wos:2=8"]),  # line 2 is the final
    ],
)
def test_two_counts_for_one_line_are_a_usage_error(
    apis: FakeApis, counts: list[str], named: list[str]
) -> None:
    """Review of issue 10 (F): the last --count no longer wins silently."""
    text = "1. asthma\n2. #1 AND child*\n"
    args = [arg for count in counts for arg in ("--count", count)]
    result = cli.invoke(app, ["run", "-q", text, "--db", "pubmed,wos", *args])
    assert result.exit_code == 2, result.output
    for name in named:
        assert name in result.stderr
    assert "two counts" in result.stderr
    assert "Traceback" not in result.output
    assert apis.pubmed.request_count == 0


def test_strict_lines_prints_each_error_once(apis: FakeApis) -> None:
    """Review of issue 10 (G): with --lines each line expands the lines it
    refers to; an error is printed once per code, place and database, as
    compile --strict prints it."""
    example = str(Path(__file__).parent.parent / "examples" / "clinical-asthma-children.qry")
    compiled = cli.invoke(app, ["compile", example, "--strict", "--to", "arxiv"])
    ran = cli.invoke(app, ["run", example, "--lines", "--strict", "--db", "arxiv", "--no-log"])
    assert ran.exit_code == compiled.exit_code == 1, ran.output
    errors = ran.stderr.count("AX103")
    assert errors == compiled.stderr.count("AX103") > 0
    assert apis.arxiv.request_count == 0
