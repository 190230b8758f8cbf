"""Counts typed in for databases without an API (issue 16 item 3).

``run --count NAME=N`` for a database querylang cannot search: compiled,
logged with the count, never sent; ``history``, ``diff`` and ``report`` treat
it as any other search. The database here is tests/interface_entry.py's
stand-in (until the real interface entries are in main): the end-to-end
tests run the command line in a child process that registers it first.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

import querylang
from querylang import render_run as rr
from querylang.databases import RUNNABLE
from querylang.results import Source, Status
from querylang.runner import TargetPlan
from querylang.typed_counts import run_databases, typed_in_line
from tests import interface_entry
from tests.fakes.fixtures import FakeApis

NAME = interface_entry.NAME
ROOT = Path(__file__).resolve().parents[1]
STRATEGY = "1. asthma OR wheez*\n2. child* OR adolescen*\n3. #1 AND #2 AND year:2013-2023\n"


# -- which databases a run holds ------------------------------------------------------


@pytest.fixture
def entry(monkeypatch: pytest.MonkeyPatch) -> None:
    interface_entry.install(monkeypatch)


def test_default_run_is_the_databases_with_an_api(entry: None) -> None:
    assert run_databases(None, []) == (list(RUNNABLE), {})


def test_a_count_adds_a_database_without_an_api(entry: None) -> None:
    databases, typed = run_databases(None, [f"{NAME}=1,234", f"{NAME}:2=56"])
    assert databases == [*RUNNABLE, NAME]
    assert typed == {NAME: {rr.FINAL_LINE: 1234, 2: 56}}


def test_db_may_name_it_with_a_count(entry: None) -> None:
    assert run_databases(f"{NAME},arxiv", [f"{NAME}=5"]) == (["arxiv", NAME], {NAME: {0: 5}})


def test_db_naming_it_without_a_count_is_a_usage_error(entry: None) -> None:
    with pytest.raises(rr.UsageError) as caught:
        run_databases(f"pubmed,{NAME}", [])
    message = str(caught.value)
    assert f"--db {NAME}" in message and "has no API" in message
    assert f"--count {NAME}=N" in message and f"--count {NAME}:LINE=N" in message


def test_a_count_outside_db_or_misspelt_is_refused(entry: None) -> None:
    with pytest.raises(rr.UsageError, match="not among --db"):
        run_databases("pubmed", [f"{NAME}=5"])
    with pytest.raises(rr.UsageError, match=f"did you mean {NAME}"):
        run_databases(None, ["handsearc=5"])


def test_names_with_hyphens_and_digits_take_counts() -> None:
    names = ["ovid-medline", "ebsco-cinahl"]
    assert rr.parse_counts(["ovid-medline:3=56", " ebsco-cinahl = 1,234 "], names, names) == {
        "ovid-medline": {3: 56}, "ebsco-cinahl": {0: 1234}}
    with pytest.raises(rr.UsageError, match="DB=N"):
        rr.parse_counts(["-medline=5"], names, names)


# -- the lines of such a database -------------------------------------------------------


def _plan(manual: dict[int, int], text: str = STRATEGY) -> TargetPlan:
    analysis = querylang.analyze(text)
    assert analysis.strategy is not None
    from querylang.compiler import compile_strategy

    return TargetPlan(NAME, tuple(compile_strategy(analysis.strategy, NAME)), manual)


def test_a_typed_count_is_a_manual_line_without_a_request(entry: None) -> None:
    plan = _plan({3: 1234})
    line = typed_in_line(plan, plan.lines[2])
    assert (line.count, line.status, line.source) == (1234, Status.MANUAL, Source.MANUAL)
    assert line.request is None and line.api_query is None
    assert line.query == plan.lines[2].query and line.error is None


def test_a_line_without_a_count_says_which_count_to_type(entry: None) -> None:
    plan = _plan({3: 1234})
    first, final = typed_in_line(plan, plan.lines[0]), typed_in_line(_plan({1: 5}), plan.lines[2])
    assert first.status is Status.SKIPPED and first.count is None
    assert first.error == (f"not counted: no count typed in ({interface_entry.DISPLAY} has "
                           f"no API: --count {NAME}:1=N)")
    assert final.error is not None and final.error.endswith(f"--count {NAME}=N)")


# -- end to end: run, history, show, diff, report ------------------------------------------


@pytest.fixture
def home(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    for name in RUNNABLE:
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_RATE", "200")
    (tmp_path / "strategy.qry").write_text(STRATEGY, encoding="utf-8")
    return tmp_path


def querylang_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``querylang ARGS`` in a child process that knows the stand-in database."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(interface_entry.command(*args), capture_output=True, text=True,
                          cwd=home, env=env, timeout=120, check=False)


def _sent(apis: FakeApis) -> int:
    return sum(fake.request_count for fake in apis.all())


def _json(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_a_run_of_typed_counts_only_sends_nothing_and_is_logged(
    home: Path, fake_apis: FakeApis
) -> None:
    done = querylang_cli(home, "run", "strategy.qry", "--db", NAME, "--count", f"{NAME}=1,234",
                         "--count", f"{NAME}:1=5600", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert _sent(fake_apis) == 0
    assert "logged as run 1" in done.stderr and "Traceback" not in done.stderr
    target = _json(done)["targets"][NAME]
    assert target["status"] == "manual" and target["count"] == 1234
    assert [(line["number"], line["count"], line["source"]) for line in target["lines"]] == [
        (1, 5600, "manual"), (3, 1234, "manual")]
    assert all(line["api_query"] is None for line in target["lines"])

    history = querylang_cli(home, "history")
    assert history.returncode == 0, history.stderr
    assert "HandS" in history.stdout and "1,234 m" in history.stdout

    shown = querylang_cli(home, "show", "1", "--format", "json")
    assert shown.returncode == 0 and _json(shown)["targets"][NAME]["count"] == 1234

    report = querylang_cli(home, "report", "1")
    assert report.returncode == 0, report.stderr
    text = report.stdout
    assert f"### {interface_entry.DISPLAY}" in text
    assert f"**Interface:** {interface_entry.WEB}" in text
    assert "**Date searched:**" in text and "**Limits:** publication years 2013 to 2023" in text
    assert "| 1 | `asthma[tiab] OR wheez*[tiab]` | 5,600 (entered by hand) |" in text
    assert "| 3 | `(asthma[tiab] OR wheez*[tiab]) AND" in text and "1,234 (entered by hand) |" in text
    assert f"We searched {interface_entry.DISPLAY} on" in text
    assert f"The {interface_entry.DISPLAY} count was read off the database's web interface" in text

    rows = list(csv.DictReader(io.StringIO(
        querylang_cli(home, "report", "1", "--format", "csv").stdout)))
    assert [(row["line"], row["count"], row["source"]) for row in rows] == [
        ("1", "5600", "manual"), ("3", "1234", "manual")]
    assert [row["api_query"] for row in rows] == ["", ""]  # no API, no API query
    (home / "files").mkdir()
    files = querylang_cli(home, "report", "1", "--format", "searchfile", "-o", "files/")
    assert files.returncode == 0, files.stderr
    (written,) = (home / "files").iterdir()
    searchfile = json.loads(written.read_text(encoding="utf-8"))
    assert searchfile["interface"] == interface_entry.WEB and searchfile["count"] == 1234
    assert searchfile["api_search_string"] is None
    assert [(line["number"], line["count"], line["api_search_string"])
            for line in searchfile["lines"]] == [(1, 5600, None), (3, 1234, None)]


def test_typed_counts_beside_the_databases_with_an_api(home: Path, fake_apis: FakeApis) -> None:
    done = querylang_cli(home, "run", "strategy.qry", "--count", f"{NAME}=77", "--format", "json")
    assert done.returncode == 0, done.stderr
    targets = _json(done)["targets"]
    assert list(targets) == [*RUNNABLE, NAME]
    assert all(targets[name]["status"] == "ok" for name in RUNNABLE)
    assert targets[NAME]["count"] == 77 and targets[NAME]["status"] == "manual"
    assert _sent(fake_apis) == len(RUNNABLE)

    again = querylang_cli(home, "run", "strategy.qry", "--count", f"{NAME}=80", "--db",
                          f"arxiv,{NAME}")
    assert again.returncode == 0, again.stderr
    diff = querylang_cli(home, "diff", "1", "2")
    assert diff.returncode == 0, diff.stderr
    row = next(line for line in diff.stdout.splitlines() if interface_entry.DISPLAY in line)
    assert "77" in row and "80" in row and "+3" in row


def test_a_line_left_without_a_count_is_not_counted(home: Path, fake_apis: FakeApis) -> None:
    done = querylang_cli(home, "run", "strategy.qry", "--db", NAME, "--lines",
                         "--count", f"{NAME}=12", "--format", "json")
    assert done.returncode == 3, done.stderr  # as a database skipped for want of a key
    lines = {line["number"]: line for line in _json(done)["targets"][NAME]["lines"]}
    assert lines[3]["count"] == 12
    assert lines[1]["status"] == "skipped" and f"--count {NAME}:1=N" in lines[1]["error"]
    assert lines[1]["query"] == "asthma[tiab] OR wheez*[tiab]"
    assert _sent(fake_apis) == 0


def test_naming_it_without_a_count_is_a_usage_error(home: Path, fake_apis: FakeApis) -> None:
    done = querylang_cli(home, "run", "strategy.qry", "--db", f"pubmed,{NAME}")
    assert done.returncode == 2
    assert f"--count {NAME}=N" in done.stderr and "Traceback" not in done.stderr
    assert _sent(fake_apis) == 0


# -- the web page's run takes the same rules -------------------------------------------


def test_the_web_run_takes_a_typed_count_for_a_database_without_an_api(
    entry: None, tmp_path: Path
) -> None:
    from querylang.web.inputs import BadInput
    from querylang.web.running import prepare

    job = prepare({"text": STRATEGY, "databases": [NAME], "counts": {NAME: "1,234"}},
                  tmp_path / "log.sqlite3")
    assert job.plan_dict() == {"targets": {NAME: [3]}}
    assert job.plans[0].manual == {3: 1234}
    default = prepare({"text": STRATEGY, "counts": {NAME: "5"}}, tmp_path / "log.sqlite3")
    assert [plan.target for plan in default.plans] == [*RUNNABLE, NAME]
    with pytest.raises(BadInput) as caught:
        prepare({"text": STRATEGY, "databases": [NAME]}, tmp_path / "log.sqlite3")
    assert caught.value.status == 422 and f"count {NAME}=N" in caught.value.message


# -- the real interfaces without an API (issue 16) -----------------------------------------


LIMITED = "1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023 AND lang:english\n"


def test_cochrane_and_embase_counts_typed_in_end_to_end(home: Path, fake_apis: FakeApis) -> None:
    from typer.testing import CliRunner

    from querylang.cli import app
    from querylang.databases import REGISTRY

    cli = CliRunner()
    (home / "limited.qry").write_text(LIMITED, encoding="utf-8")
    run = cli.invoke(app, ["run", str(home / "limited.qry"), "--db", "cochrane,embase",
                           "--count", "cochrane=56", "--count", "cochrane:1=1,200",
                           "--count", "embase=3,456", "--format", "json",
                           "--log", str(home / "log.sqlite3")])
    assert run.exit_code == 0, run.output
    assert _sent(fake_apis) == 0
    targets = json.loads(run.stdout)["targets"]
    assert [(line["number"], line["count"]) for line in targets["cochrane"]["lines"]] == [
        (1, 1200), (2, 56)]
    assert targets["embase"]["query"].endswith("[2013-2023]/py AND [english]/lim")

    report = cli.invoke(app, ["report", "--log", str(home / "log.sqlite3")])
    assert report.exit_code == 0, report.output
    text = report.stdout
    cochrane, embase = REGISTRY["cochrane"].report, REGISTRY["embase"].report
    assert f"**Interface:** {cochrane.web_interface}" in text
    assert f"**Interface:** {embase.web_interface}" in text
    assert (f"The {cochrane.name} and {embase.name} counts were read off the databases' "
            "web interfaces.") in text
    central = text[text.index(f"### {cochrane.name}"):text.index(f"### {embase.name}")]
    # The Cochrane Library has no language limit (CO403): a count typed in
    # from its interface is of every language; Embase.com's has the limit.
    assert "language English not applied" in central
    assert "| 1 | `(asthma OR wheez*):ti,ab` | 1,200 (entered by hand) |" in central
    assert "**Limits:** publication years 2013 to 2023; language English" in text[
        text.index(f"### {embase.name}"):]


def test_a_count_typed_in_keeps_no_limit_the_interface_lacks(home: Path,
                                                            fake_apis: FakeApis) -> None:
    """arXiv has no language filter in its API or its interface (AX105): a
    count read off its web page is of every language (this was said to be
    limited to English before, whatever the database)."""
    from typer.testing import CliRunner

    from querylang.cli import app

    cli = CliRunner()
    log = str(home / "log.sqlite3")
    (home / "limited.qry").write_text(LIMITED, encoding="utf-8")
    run = cli.invoke(app, ["run", str(home / "limited.qry"), "--db", "arxiv", "--count", "arxiv=5",
                           "--log", log])
    assert run.exit_code == 0, run.output
    text = cli.invoke(app, ["report", "--log", log]).stdout
    assert "language English not applied" in text


def test_the_report_labels_each_history_as_its_interface_numbers_it(
        home: Path, fake_apis: FakeApis) -> None:
    # EBSCOhost numbers its searches S1, S2; Ovid 1, 2; the report's history
    # table and its sentence say them so (the target's set_reference).
    from typer.testing import CliRunner

    from querylang.cli import app

    cli = CliRunner()
    (home / "limited.qry").write_text(LIMITED, encoding="utf-8")
    log = str(home / "log.sqlite3")
    run = cli.invoke(app, ["run", str(home / "limited.qry"), "--db", "ebsco-cinahl,ovid-medline",
                           "--count", "ebsco-cinahl=56", "--count", "ebsco-cinahl:1=1,200",
                           "--count", "ovid-medline=77", "--count", "ovid-medline:1=900",
                           "--log", log])
    assert run.exit_code == 0, run.output
    text = cli.invoke(app, ["report", "--log", log]).stdout
    assert "numbers the searches S1, S2, ..." in text
    assert "numbers the searches 1, 2, ..." in text
    assert "| S1 | `" in text and "| S2 | `" in text
    assert "#1, #2" not in text


def test_ovid_medline_counts_typed_in_line_by_line(home: Path, fake_apis: FakeApis) -> None:
    from typer.testing import CliRunner

    from querylang.cli import app
    from querylang.databases import REGISTRY

    cli = CliRunner()
    log = str(home / "log.sqlite3")
    (home / "limited.qry").write_text(LIMITED, encoding="utf-8")
    run = cli.invoke(app, ["run", str(home / "limited.qry"), "--lines", "--count",
                           "ovid-medline:1=5,600", "--count", "ovid-medline=1234",
                           "--format", "json", "--log", log])
    assert run.exit_code == 0, run.output
    targets = json.loads(run.stdout)["targets"]
    assert list(targets) == [*RUNNABLE, "ovid-medline"]  # beside the databases with an API
    ovid = targets["ovid-medline"]
    assert ovid["status"] == "manual" and ovid["count"] == 1234
    assert [(line["number"], line["count"], line["source"]) for line in ovid["lines"]] == [
        (1, 5600, "manual"), (2, 1234, "manual")]
    assert ovid["lines"][0]["query"] == "(asthma or wheez*).ti,ab."
    assert all(targets[name]["status"] == "ok" for name in RUNNABLE)
    assert all(line["api_query"] is None for line in ovid["lines"])  # nothing goes to Ovid

    history = cli.invoke(app, ["history", "--log", log])
    assert history.exit_code == 0 and "1,234 m" in history.stdout
    report = cli.invoke(app, ["report", "--log", log]).stdout
    info = REGISTRY["ovid-medline"].report
    section = report[report.index(f"### {info.name}"):]
    assert f"**Interface:** {info.web_interface}" in section
    assert "| 1 | `(asthma or wheez*).ti,ab.` | 5,600 (entered by hand) |" in section


def test_check_names_a_database_without_an_api_as_such() -> None:
    from querylang.render_run import UsageError, parse_databases

    with pytest.raises(UsageError) as raised:
        parse_databases("pubmed,cochrane", list(RUNNABLE))
    message = str(raised.value)
    assert "has no API" in message and "--count cochrane=N" in message
    assert "unknown" not in message
