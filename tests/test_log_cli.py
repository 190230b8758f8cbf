"""history, show, diff and report through typer's CliRunner, on a log in tmp_path."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from querylang.cli import EXIT_UNLOGGED, EXIT_USAGE, app
from querylang.databases import RUNNABLE
from querylang.results import RunResult
from querylang.store import SearchLog
from tests.fakes.fixtures import FakeApis
from tests.log_sample import EXAMPLE_TEXT, example_run

runner = CliRunner()
#: The second run: line 2 widened, so every count from line 2 on moves.
EDITED_TEXT = EXAMPLE_TEXT.replace('OR "diagnostic imag*"', 'OR "diagnostic imag*" OR CT')
WIDE = {"COLUMNS": "200"}


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    path = tmp_path / "log.sqlite3"
    with SearchLog(path) as log:
        log.save_run(example_run())
        second = example_run(
            started="2026-12-01T10:00:00+00:00",
            finished="2026-12-01T10:00:05+00:00",
            source_text=EDITED_TEXT,
        )
        for name, result in second.targets.items():
            for line in result.lines[1:]:
                line.count = (line.count or 0) + 10
            result.count = result.lines[-1].count
            if name == "wos":
                result.lines[1].query = (result.lines[1].query or "") + " OR CT"
        log.save_run(second)
        # an interrupted third run
        log.begin_run(started="2026-12-02T08:00:00+00:00", version="0.1.0",
                      source_text=EXAMPLE_TEXT, source_name="other.qry")
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=WIDE)
    return result.exit_code, result.stdout, result.stderr


def test_history(log_path: Path) -> None:
    code, out, _ = invoke("history", "--log", str(log_path))
    assert code == 0, out
    assert "2026-11-30 09:15:02" in out and "2026-12-01 10:00:00" in out
    assert "1,987" in out and "1,997" in out  # PubMed's final counts of both runs
    assert "incomplete" not in out and "other.qry" not in out
    code, out, _ = invoke("history", "--log", str(log_path), "--all")
    assert "incomplete" in out and "other.qry" in out


def test_history_strategy_filter(log_path: Path) -> None:
    code, out, err = invoke("history", "--log", str(log_path), "--strategy", "nothing.qry")
    assert code == 0 and "no runs" in err
    code, out, _ = invoke("history", "--log", str(log_path), "--strategy", "llm-medical-imaging.qry")
    assert "1,987" in out


def test_show(log_path: Path) -> None:
    code, out, _ = invoke("show", "1", "--log", str(log_path))
    assert code == 0, out
    assert "Run 1: examples/llm-medical-imaging.qry" in out and "complete" in out
    assert "Web of Science Core Collection: ok, 2,412 records" in out
    assert "41,234" in out and "PM201" in out
    assert "#3 AND year:2013-2023 AND lang:english" in out
    code, out, _ = invoke("show", "3", "--log", str(log_path))
    assert code == 0 and "INCOMPLETE" in out


def test_show_latest(log_path: Path) -> None:
    code, out, _ = invoke("show", "latest", "--log", str(log_path))
    assert code == 0 and "Run 2:" in out  # run 3 is incomplete: not "latest"


def test_diff(log_path: Path) -> None:
    code, out, _ = invoke("diff", "1", "2", "--log", str(log_path))
    assert code == 0, out
    assert "Run 1 -> run 2" in out
    assert "+10 (+0.5%)" in out  # PubMed line 4: 1,987 -> 1,997
    assert "Strategy lines whose text changed:" in out
    assert '2. - "medical imag*"' in out and "OR CT" in out
    wos_line_2 = next(line for line in out.splitlines() if "1,203,014" in line)
    assert "yes" in wos_line_2  # the WoS search string of line 2 changed


def test_diff_same_run_says_unchanged(log_path: Path) -> None:
    code, out, _ = invoke("diff", "latest", "latest", "--log", str(log_path))
    assert code == 0 and "Strategy text: unchanged." in out


@pytest.mark.parametrize("command", [["show", "42"], ["diff", "1", "42"], ["report", "42"],
                                     ["show", "banana"]])
def test_unknown_run_exits_2(log_path: Path, command: list[str]) -> None:
    code, _, err = invoke(*command, "--log", str(log_path))
    assert code == EXIT_USAGE
    assert "querylang: error:" in err and ("no run 42" in err or "not a run id" in err)


def test_missing_log_exits_2_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    code, _, err = invoke("history", "--log", str(path))
    assert code == EXIT_USAGE and "no search log" in err
    assert not path.exists()


def test_report_markdown_default_latest_complete(log_path: Path) -> None:
    code, out, _ = invoke("report", "--log", str(log_path))
    assert code == 0
    assert "run 2 of the querylang search log" in out
    assert "on 1 December 2026 for records published 2013 to 2023 in English" in out


def test_report_csv_and_json_to_file(log_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    code, out, err = invoke("report", "1", "--format", "csv", "-o", str(target),
                            "--log", str(log_path))
    assert code == 0 and out == "" and "wrote" in err
    assert target.read_text(encoding="utf-8").count("\n") == 1 + 16
    code, out, _ = invoke("report", "1", "--format", "json", "--log", str(log_path))
    assert json.loads(out)["run_id"] == 1


def test_report_searchfile(
    log_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUERYLANG_AUTHOR", "Env Author")
    code, _, err = invoke("report", "--format", "searchfile", "--log", str(log_path))
    assert code == EXIT_USAGE and "-o" in err
    prefix = tmp_path / "sf" / "review"
    code, _, err = invoke("report", "--format", "searchfile", "-o", str(prefix),
                          "--log", str(log_path))
    assert code == 0, err
    data = json.loads((tmp_path / "sf" / "review-wos.json").read_text(encoding="utf-8"))
    assert data["platform"] == "wos" and data["authors"] == [{"name": "Env Author"}]
    code, _, _ = invoke("report", "--format", "searchfile", "-o", str(prefix), "--author",
                        "A One", "--author", "B Two", "--log", str(log_path))
    data = json.loads((tmp_path / "sf" / "review-ieee.json").read_text(encoding="utf-8"))
    assert [a["name"] for a in data["authors"]] == ["A One", "B Two"]


def test_querylang_home_is_the_default_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path / "home"))
    with SearchLog(tmp_path / "home" / "log.sqlite3") as log:
        log.save_run(example_run())
    code, out, _ = invoke("history")
    assert code == 0 and "1,987" in out


# -- run writes the log and answers from it -----------------------------------------

EXAMPLE_FILE = str(Path(__file__).parents[1] / "examples" / "llm-medical-imaging.qry")


@pytest.fixture
def fast_apis(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> FakeApis:
    for name in RUNNABLE:
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_RATE", "200")
    return fake_apis


def _sent(apis: FakeApis) -> int:
    return sum(fake.request_count for fake in apis.all())


def test_run_twice_second_from_the_log_then_refresh(fast_apis: FakeApis, tmp_path: Path) -> None:
    path = str(tmp_path / "log.sqlite3")
    code, first, err = invoke("run", EXAMPLE_FILE, "--lines", "--format", "json", "--log", path)
    assert code == 0, err
    assert "logged as run 1" in err
    sent = _sent(fast_apis)
    assert sent > 0
    code, second, err = invoke("run", EXAMPLE_FILE, "--lines", "--format", "json", "--log", path)
    assert code == 0 and "logged as run 2" in err
    assert _sent(fast_apis) == sent, "unchanged lines must not spend the quota"
    data = json.loads(second)
    assert {t["count"] for t in data["targets"].values()} == {
        t["count"] for t in json.loads(first)["targets"].values()
    }
    code, out, _ = invoke("history", "--log", path)
    assert "(all cached)" in out  # every count came from the log
    code, _, _ = invoke("run", EXAMPLE_FILE, "--db", "pubmed", "--refresh", "--log", path)
    assert code == 0 and _sent(fast_apis) > sent
    code, out, _ = invoke("diff", "1", "2", "--log", path)
    assert code == 0 and "Strategy text: unchanged." in out
    code, out, _ = invoke("report", "--log", path)
    assert code == 0 and "We searched PubMed" in out


def test_run_no_log_and_max_age_zero(fast_apis: FakeApis, tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    code, _, err = invoke("run", EXAMPLE_FILE, "--db", "pubmed", "--no-log", "--log", str(path))
    assert code == 0 and not path.exists() and "logged" not in err
    invoke("run", EXAMPLE_FILE, "--db", "pubmed", "--log", str(path))
    sent = _sent(fast_apis)
    invoke("run", EXAMPLE_FILE, "--db", "pubmed", "--max-age", "0", "--log", str(path))
    assert _sent(fast_apis) > sent


def test_run_with_a_broken_log_still_prints_the_counts(
    fast_apis: FakeApis, tmp_path: Path
) -> None:
    broken = tmp_path / "log.sqlite3"
    broken.write_bytes(b"not a database" * 200)
    code, out, err = invoke("run", EXAMPLE_FILE, "--db", "pubmed", "--format", "json",
                            "--log", str(broken))
    assert code == EXIT_UNLOGGED  # issue 11 item 10: an unlogged run is not a success
    assert json.loads(out)["targets"]["pubmed"]["count"] is not None
    assert "warning" in err and "not be logged" in err and "damaged" in err


def test_max_age_default_matches_the_store() -> None:
    from querylang import cli, store

    assert cli.DEFAULT_MAX_AGE_HOURS == store.DEFAULT_MAX_AGE_HOURS


def test_run_save_failure_warns_and_keeps_output(
    fast_apis: FakeApis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: SearchLog, *args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(SearchLog, "save_target", fail)
    code, out, err = invoke("run", EXAMPLE_FILE, "--db", "pubmed,arxiv", "--format", "json",
                            "--log", str(tmp_path / "log.sqlite3"))
    assert code == EXIT_UNLOGGED and json.loads(out)["targets"]["pubmed"]["count"] is not None
    assert err.count("could not save the run") == 1 and "disk full" in err
    assert "logged as run" not in err
    with SearchLog(tmp_path / "log.sqlite3") as log:  # begun, never marked complete
        assert log.runs() == [] and len(log.runs(include_incomplete=True)) == 1


def test_diff_line_counted_in_one_run_only_is_not_a_changed_search(tmp_path: Path) -> None:
    from querylang.render_log import compare_runs

    path = tmp_path / "log.sqlite3"
    with SearchLog(path) as log:
        first = example_run()
        for result in first.targets.values():
            result.lines = result.lines[-1:]  # only the final line was counted
        a = log.save_run(first)
        b = log.save_run(example_run())
        diff = compare_runs(log.load_run(a), log.load_run(b))
    only_in_b = [c for c in diff.changes if c.count_a is None]
    assert only_in_b and not any(c.query_changed for c in only_in_b)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_interrupted_run_keeps_the_databases_that_answered(
    fast_apis: FakeApis, tmp_path: Path
) -> None:
    """Ctrl-C while arXiv is still answering: the other databases, which had
    answered, are in the log (run marked incomplete), and the next run takes
    their counts from it instead of asking again."""
    path = tmp_path / "log.sqlite3"
    fast_apis.arxiv.latency = 30.0
    proc = subprocess.Popen(
        [sys.executable, "-m", "querylang", "run", EXAMPLE_FILE, "--log", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )
    try:
        deadline = time.monotonic() + 30
        saved: set[str] = set()
        fast = set(RUNNABLE) - {"arxiv"}
        while saved != fast and time.monotonic() < deadline:
            time.sleep(0.1)
            if path.exists():
                with SearchLog(path) as log:
                    runs = log.runs(include_incomplete=True)
                    saved = set(log.load_run(runs[0].run_id).run.targets) if runs else set()
        assert saved == fast, "the fast databases were not saved in time"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 130 and "Traceback" not in err
    assert "interrupted" in err and "run 1, marked incomplete" in err
    with SearchLog(path) as log:
        assert log.runs() == []  # not complete
        (summary,) = log.runs(include_incomplete=True)
        stored = log.load_run(summary.run_id)
        assert not stored.complete
        assert all(r.count is not None for r in stored.run.targets.values())
    fast_apis.arxiv.latency = 0.0
    sent = _sent(fast_apis)
    code, out, err = invoke("run", EXAMPLE_FILE, "--format", "json", "--log", str(path))
    assert code == 0, err
    assert _sent(fast_apis) - sent == 1  # only arXiv was asked; the rest came from the log
    sources = {name: t["lines"][0]["source"] for name, t in json.loads(out)["targets"].items()}
    assert sources == {name: "fetched" if name == "arxiv" else "cached" for name in RUNNABLE}


def test_log_keeps_the_order_the_databases_were_asked_in(
    fast_apis: FakeApis, tmp_path: Path
) -> None:
    """Saved as each database answers (arXiv's typed-in count first), read
    back in the order asked, as a run saved whole would be."""
    path = str(tmp_path / "log.sqlite3")
    code, _, err = invoke("run", EXAMPLE_FILE, "--db", "pubmed,wos,arxiv,ieee",
                          "--count", "arxiv=5", "--log", path)
    assert code == 0, err
    code, out, _ = invoke("report", "--format", "json", "--log", path)
    assert code == 0
    assert list(json.loads(out)["targets"]) == ["pubmed", "wos", "arxiv", "ieee"]


def _one_database_run(text: str, counts: list[int], started: str) -> RunResult:
    from querylang.results import LineResult, RunResult, Source, Status, TargetResult

    lines = [
        LineResult(number=n, query=f"q{n}", api_query=f"q{n}", request=None, status=Status.OK,
                   count=count, source=Source.FETCHED)
        for n, count in enumerate(counts, start=1)
    ]
    target = TargetResult(target="pubmed", query=lines[-1].query, status=Status.OK,
                          count=counts[-1], lines=lines)
    return RunResult(started=started, finished=started, version="0.1.0", source_text=text,
                     source_name="s.qry", targets={"pubmed": target})


def test_diff_of_different_strategies_aligns_lines_by_text(tmp_path: Path) -> None:
    """Issue 10 item 8: a line inserted into the strategy shifts the numbers;
    the diff says the strategies differ and compares asthma with asthma and
    the final line with the final line, whatever their numbers."""
    before = "1. asthma\n2. child*\n3. #1 AND #2\n"
    after = "1. asthma\n2. wheez*\n3. child*\n4. #1 AND #3\n"
    path = tmp_path / "log.sqlite3"
    with SearchLog(path) as log:
        log.save_run(_one_database_run(before, [100, 200, 30], "2026-12-01T10:00:00+00:00"))
        log.save_run(_one_database_run(after, [101, 50, 201, 31], "2026-12-02T10:00:00+00:00"))
    code, out, _ = invoke("diff", "1", "2", "--log", str(path))
    assert code == 0, out
    assert out.startswith("The strategies differ: run 1 searched s.qry")
    rows = {tuple(line.split("│")[1:4]) for line in out.splitlines() if "│" in line}
    cells = {tuple(cell.strip() for cell in row) for row in rows}
    assert ("PubMed", "1", "1") in cells  # asthma
    assert ("PubMed", "2", "3") in cells  # child*, now line 3
    assert ("PubMed", "3", "4") in cells  # the final line, now line 4
    assert ("PubMed", "–", "2") in cells  # wheez*: only in run 2
    final_row = next(line for line in out.splitlines() if " 30 │" in line)
    assert "31" in final_row and "+1 (+3.3%)" in final_row
    assert "2. + wheez*   (only in run 2)" in out
    assert "#1 AND #2" not in out.split("Strategy lines whose text changed:")[1]


def test_align_lines_marks_renumbered_references_that_point_elsewhere() -> None:
    from querylang.render_log import align_lines

    pairs = align_lines({1: "a", 2: "b", 3: "#1 AND #2"}, {1: "a", 2: "b", 3: "#2 AND #1"})
    assert [p.kind for p in pairs] == ["same", "same", "changed"]
    pairs = align_lines({1: "a", 2: "b"}, {1: "a", 2: "c"})
    assert [p.kind for p in pairs] == ["same", "changed"]


# -- issue 10 item 13: show --format, cached runs in history, 80 columns -------------


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_show_in_the_formats_of_run(log_path: Path, fmt: str) -> None:
    from querylang import render_run as rr

    code, out, _ = invoke("show", "1", "--log", str(log_path), "--format", fmt)
    assert code == 0, out
    with SearchLog(log_path) as log:
        stored = log.load_run(1)
    renderers = {"json": rr.render_json, "csv": rr.render_csv,
                 "markdown": lambda run: rr.render_markdown(run, True)}
    assert out == renderers[fmt](stored.run)
    if fmt == "json":
        data = json.loads(out)
        assert data["targets"]["pubmed"]["count"] == 1987
        assert [line["number"] for line in data["targets"]["pubmed"]["lines"]] == [1, 2, 3, 4]


def test_show_table_is_the_default(log_path: Path) -> None:
    code, out, _ = invoke("show", "1", "--log", str(log_path), "--format", "table")
    assert code == 0 and "Run 1:" in out


def _history_at(path: Path, width: int) -> list[str]:
    import io

    from rich.console import Console

    from querylang.render_log import render_history

    buffer = io.StringIO()
    with SearchLog(path) as log:
        render_history(Console(file=buffer, width=width), log.runs(include_incomplete=True))
    return buffer.getvalue().splitlines()


def test_history_fits_80_columns_without_cutting(tmp_path: Path) -> None:
    from querylang.results import Source

    path = tmp_path / "log.sqlite3"
    with SearchLog(path) as log:
        log.save_run(example_run())
        partly = example_run(started="2026-12-01T10:00:00+00:00")
        partly.targets["wos"].lines[-1].source = Source.CACHED
        partly.targets["ieee"].lines[-1].source = Source.MANUAL
        log.save_run(partly)
        log.save_run(example_run(started="2026-12-02T11:30:00+00:00", source=Source.CACHED))
        log.begin_run(started="2026-12-03T08:00:00+00:00", version="0.1.0",
                      source_text=EXAMPLE_TEXT, source_name="examples/other.qry")
    lines = _history_at(path, 80)
    text = "\n".join(lines)
    assert max(len(line) for line in lines) <= 80, text
    assert "…" not in text
    for started in ("2026-11-30 09:15", "2026-12-01 10:00", "2026-12-02 11:30", "2026-12-03 08:00"):
        assert started in text
    assert "llm-medical-imaging.qry" in text and "other.qry" in text
    assert "1,987" in text and "2,412 c" in text and "498 m" in text
    assert "c: count from the search log (cache)\nm: count typed in by hand" in text
    row_3 = lines.index(next(line for line in lines if "2026-12-02 11:30" in line))
    assert "(all cached)" in lines[row_3 + 1]  # run 3: wholly from the log
    assert "all cached: every count from the search log, no database asked" in text
    assert "(incomplete)" in text
    wide = "\n".join(_history_at(path, 140))
    assert "2026-11-30 09:15:02" in wide and "examples/llm-medical-imaging.qry" in wide


def test_history_marks_a_run_wholly_from_the_cache(tmp_path: Path) -> None:
    from querylang.results import Source

    path = tmp_path / "log.sqlite3"
    with SearchLog(path) as log:
        log.save_run(example_run())
        log.save_run(example_run(source=Source.CACHED))
        runs = log.runs()
    assert [run.from_cache for run in runs] == [False, True]
