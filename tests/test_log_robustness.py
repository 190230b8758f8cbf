"""Issue 11, items 9-12: a log that survives kills, damage, read-only media
and huge numbers, and reports that say when a run was interrupted."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from querylang.cli import EXIT_USAGE, app
from querylang.results import Status
from querylang.store import _SCHEMA_V2_TABLES, SCHEMA_VERSION, SearchLog
from tests.fakes.fixtures import FakeApis
from tests.log_sample import EXAMPLE_NAME, EXAMPLE_TEXT, example_run

runner = CliRunner()
EXAMPLE_FILE = str(Path(__file__).parents[1] / "examples" / "llm-medical-imaging.qry")
REPO = Path(__file__).parents[1]


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def fast_apis(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> FakeApis:
    for name in ("PUBMED", "WOS", "ARXIV", "IEEE"):
        monkeypatch.setenv(f"QUERYLANG_{name}_RATE", "200")
    return fake_apis


def _saved_lines(path: Path) -> dict[str, set[int]]:
    """What the log holds, read with plain sqlite3 (any querylang version)."""
    if not path.exists():
        return {}
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as raw:
            rows = raw.execute("SELECT target, number FROM lines").fetchall()
    except sqlite3.OperationalError:  # not created yet
        return {}
    out: dict[str, set[int]] = {}
    for target, number in rows:
        out.setdefault(target, set()).add(int(number))
    return out


# -- item 9: each line saved as it arrives -------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL to a child process")
def test_killed_lines_run_keeps_every_line_answered_and_the_next_run_reuses_them(
    fast_apis: FakeApis, tmp_path: Path
) -> None:
    """A 4-line --lines run is killed (SIGKILL: no clean-up at all) while
    arXiv is half way: the arXiv lines already answered are in the log, not
    only the databases that had finished, and the next run asks arXiv only
    for the lines it had not answered."""
    path = tmp_path / "log.sqlite3"
    env = {**os.environ, "QUERYLANG_ARXIV_INTERVAL": "2"}  # arXiv lines at 0, 2.1, 4.2, 6.3 s
    proc = subprocess.Popen(
        [sys.executable, "-m", "querylang", "run", EXAMPLE_FILE, "--lines", "--log", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
    )
    try:
        deadline = time.monotonic() + 20
        saved: dict[str, set[int]] = {}
        done = {"pubmed": {1, 2, 3, 4}, "wos": {1, 2, 3, 4}, "ieee": {1, 2, 3, 4}}
        while time.monotonic() < deadline and not (
            len(saved.get("arxiv", ())) >= 2 and all(saved.get(n) == done[n] for n in done)
        ):
            time.sleep(0.05)
            saved = _saved_lines(path)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=20)
    finally:
        proc.kill()
    saved = _saved_lines(path)
    arxiv_saved = saved.get("arxiv", set())
    assert 2 <= len(arxiv_saved) < 4, f"arXiv lines saved before the kill: {saved}"
    for name in ("pubmed", "wos", "ieee"):
        assert saved.get(name) == {1, 2, 3, 4}, saved
    asked = fast_apis.arxiv.request_count
    sent_elsewhere = sum(f.request_count for f in (fast_apis.pubmed, fast_apis.wos,
                                                   fast_apis.ieee))
    code, out, err = invoke("run", EXAMPLE_FILE, "--lines", "--format", "json", "--log",
                            str(path), env={"QUERYLANG_ARXIV_INTERVAL": "0.01"})
    assert code == 0, err
    # Every count paid for is reused: arXiv is asked only for the rest.
    assert fast_apis.arxiv.request_count - asked == 4 - len(arxiv_saved)
    assert sum(f.request_count for f in (fast_apis.pubmed, fast_apis.wos,
                                         fast_apis.ieee)) == sent_elsewhere
    sources = {line["number"]: line["source"]
               for line in json.loads(out)["targets"]["arxiv"]["lines"]}
    assert {n for n, source in sources.items() if source == "cached"} == arxiv_saved


def test_a_line_saved_before_its_database_finished_reads_back(tmp_path: Path) -> None:
    run = example_run()
    with SearchLog(tmp_path / "log.sqlite3") as log:
        run_id = log.begin_run(started=run.started, version=run.version,
                               source_text=run.source_text, source_name=run.source_name,
                               planned={"pubmed": [1, 2, 3, 4], "arxiv": [1, 2, 3, 4]})
        for line in run.targets["arxiv"].lines[:2]:
            log.save_line(run_id, "arxiv", line, searched_at=run.started)
        stored = log.load_run(run_id)
    arxiv = stored.run.targets["arxiv"]
    assert [line.number for line in arxiv.lines] == [1, 2]
    assert arxiv.status is Status.ERROR and "interrupted" in (arxiv.error or "")
    assert stored.not_searched() == {"pubmed": [1, 2, 3, 4], "arxiv": [3, 4]}


# -- item 10: a damaged log, an unwritable log, huge counts ------------------------


def _damage_a_page(path: Path) -> None:
    """Overwrite pages in the middle of the file, keeping the header page."""
    size = path.stat().st_size
    page = 4096
    assert size > 4 * page, "the log is too small to damage a page"
    with path.open("r+b") as handle:
        for start in range(page, size - page, page):
            handle.seek(start)
            handle.write(b"\xff" * 64)


@pytest.fixture
def damaged_log(tmp_path: Path) -> Path:
    path = tmp_path / "log.sqlite3"
    with SearchLog(path) as log:
        for day in range(1, 20):
            log.save_run(example_run(started=f"2026-11-{day:02d}T09:00:00+00:00"))
    # closed: the WAL is checkpointed into the file
    _damage_a_page(path)
    return path


@pytest.mark.parametrize("command", [["history"], ["history", "--all"], ["show", "3"],
                                     ["show", "latest"], ["report"], ["report", "2"],
                                     ["diff", "1", "2"]])
def test_damaged_page_is_said_with_how_to_recover(damaged_log: Path, command: list[str]) -> None:
    code, _, err = invoke(*command, "--log", str(damaged_log))
    assert code == EXIT_USAGE, err
    assert "damaged" in err and "backup" in err and "--log" in err and str(damaged_log) in err


def test_count_too_large_for_the_log_is_a_usage_error(
    fast_apis: FakeApis, tmp_path: Path
) -> None:
    code, out, err = invoke("run", EXAMPLE_FILE, "--count", "wos=99999999999999999999999",
                            "--log", str(tmp_path / "log.sqlite3"))
    assert code == EXIT_USAGE and out == ""
    assert "--count 'wos=99999999999999999999999'" in err and "more records" in err


def test_a_database_answering_ten_to_the_thirty_does_not_lose_the_run(
    fast_apis: FakeApis, tmp_path: Path
) -> None:
    fast_apis.pubmed.count_fn = lambda query: 10**30
    path = tmp_path / "log.sqlite3"
    code, out, err = invoke("run", EXAMPLE_FILE, "--format", "json", "--log", str(path))
    assert code == 3, err  # PubMed failed (a malformed answer); the run is logged
    assert "logged as run 1" in err and "could not save" not in err
    data = json.loads(out)
    assert data["targets"]["pubmed"]["status"] == "error"
    assert "malformed count" in data["targets"]["pubmed"]["error"]
    assert data["targets"]["wos"]["count"] is not None
    with SearchLog(path) as log:
        assert [run.run_id for run in log.runs()] == [1]


def test_store_keeps_a_run_with_a_count_beyond_64_bits(tmp_path: Path) -> None:
    run = example_run()
    run.targets["wos"].lines[-1].count = 10**30
    run.targets["wos"].count = 10**30
    with SearchLog(tmp_path / "log.sqlite3") as log:
        run_id = log.save_run(run)
        wos = log.load_run(run_id).run.targets["wos"]
    assert wos.count is None and wos.status is Status.ERROR and "too large" in (wos.error or "")
    assert wos.lines[0].count == run.targets["wos"].lines[0].count


# -- item 11: a read-only log, QUERYLANG_HOME a file ----------------------------------


def _read_only_run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``querylang ARGS`` with ``folder`` read-only: a read-only bind mount
    for root (who ignores file modes), file modes for anyone else."""
    command = [sys.executable, "-m", "querylang", *args]
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    if os.geteuid() == 0:
        script = (f'mount --bind "{folder}" "{folder}" && '
                  f'mount -o remount,bind,ro "{folder}" && exec "$@"')
        command = ["unshare", "-m", "sh", "-c", script, "sh", *command]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    for item in folder.iterdir():
        item.chmod(0o444)
    folder.chmod(0o555)
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and mounts")
@pytest.mark.parametrize("command", [["history"], ["show", "1"], ["diff", "1", "2"],
                                     ["report", "--format", "json"]])
def test_read_only_log_reads(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "log.sqlite3"
    with SearchLog(path) as log:
        log.save_run(example_run())
        log.save_run(example_run(started="2026-12-01T10:00:00+00:00"))
    assert not (folder / "log.sqlite3-wal").exists()  # closed cleanly
    done = _read_only_run(folder, *command, "--log", str(path))
    assert done.returncode == 0, done.stderr
    assert "1,987" in done.stdout or "1987" in done.stdout


def test_read_only_open_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    with SearchLog(path) as log:
        log.save_run(example_run())
    with SearchLog(path, read_only=True) as log:
        assert [run.run_id for run in log.runs()] == [1]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            log.save_run(example_run())


@pytest.mark.parametrize("command", [["history"], ["show", "1"], ["report"],
                                     ["run", "-q", "asthma", "--db", "pubmed"]])
def test_querylang_home_pointing_at_a_file_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    home = tmp_path / "home.txt"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("QUERYLANG_HOME", str(home))
    code, _, err = invoke(*command)
    assert code == EXIT_USAGE
    assert f"QUERYLANG_HOME is {home}" in err and "is a file, not a folder" in err


def test_no_log_runs_whatever_querylang_home_is(
    fast_apis: FakeApis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home.txt"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("QUERYLANG_HOME", str(home))
    code, out, err = invoke("run", "-q", "asthma", "--db", "pubmed", "--no-log",
                            "--format", "json")
    assert code == 0, err
    assert json.loads(out)["targets"]["pubmed"]["count"] is not None


def test_log_option_naming_a_folder_is_refused(tmp_path: Path) -> None:
    code, _, err = invoke("history", "--log", str(tmp_path))
    assert code == EXIT_USAGE and "is a folder: give a file" in err


# -- schema: a log written by the previous querylang (schema 2) ---------------------


def test_schema_2_log_opens_migrates_and_reads(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    with sqlite3.connect(path) as raw:
        for statement in _SCHEMA_V2_TABLES.split(";"):
            if statement.strip():
                raw.execute(statement)
        raw.execute("INSERT INTO runs (started, version, source_name, source_text,"
                    " source_sha256, complete) VALUES ('2026-11-30T09:00:00+00:00', '0.1.0',"
                    " 'a.qry', '1. asthma', '', 0)")
        raw.execute("INSERT INTO targets (run_id, target, query, status, count)"
                    " VALUES (1, 'pubmed', 'asthma', 'ok', 7)")
        raw.execute("INSERT INTO lines (run_id, target, number, query, status, count, source)"
                    " VALUES (1, 'pubmed', 1, 'asthma', 'ok', 7, 'fetched')")
        raw.execute("PRAGMA user_version = 2")
    with SearchLog(path, read_only=True) as log:  # read as it is, not migrated
        assert log.load_run(1).planned is None
    with SearchLog(path) as log:
        assert log.schema_version == SCHEMA_VERSION
        stored = log.load_run(1)
        assert stored.planned is None and stored.run.targets["pubmed"].count == 7
        assert log.save_run(example_run()) == 2
        assert log.load_run(2).planned == {t: [1, 2, 3, 4] for t in ("pubmed", "wos",
                                                                     "arxiv", "ieee")}


# -- item 12: reports of interrupted runs -------------------------------------------


@pytest.fixture
def interrupted_log(tmp_path: Path) -> Path:
    """PubMed answered whole, arXiv lines 1-2 of 4, Web of Science nothing."""
    run = example_run()
    path = tmp_path / "log.sqlite3"
    with SearchLog(path) as log:
        run_id = log.begin_run(started=run.started, version=run.version,
                               source_text=EXAMPLE_TEXT, source_name=EXAMPLE_NAME,
                               planned={t: [1, 2, 3, 4] for t in ("pubmed", "wos", "arxiv")})
        log.save_target(run_id, run.targets["pubmed"], searched_at=run.started)
        for line in run.targets["arxiv"].lines[:2]:
            log.save_line(run_id, "arxiv", line, searched_at=run.started)
    return path


NOT_SEARCHED = "Not searched: Web of Science Core Collection (not at all: line(s) 1, 2, 3, 4); arXiv line(s) 3, 4."


def test_markdown_report_of_an_interrupted_run_says_so_first(interrupted_log: Path) -> None:
    code, out, err = invoke("report", "1", "--log", str(interrupted_log))
    assert code == 0, err
    first = out.split("### Methods")[0]
    assert "INCOMPLETE: run 1 was interrupted" in first and NOT_SEARCHED in first


def test_csv_report_of_an_interrupted_run(interrupted_log: Path) -> None:
    code, out, _ = invoke("report", "1", "--format", "csv", "--log", str(interrupted_log))
    assert code == 0
    assert out.startswith("# INCOMPLETE: run 1 was interrupted") and NOT_SEARCHED in out.split("\n")[0]
    rows = list(csv.DictReader(io.StringIO(out.split("\n", 1)[1])))
    missing = {(row["database"], row["line"]) for row in rows if row["status"] == "not searched"}
    assert missing == {("Web of Science Core Collection", str(n)) for n in (1, 2, 3, 4)} | {
        ("arXiv", "3"), ("arXiv", "4")}


def test_json_report_of_an_interrupted_run(interrupted_log: Path) -> None:
    code, out, _ = invoke("report", "1", "--format", "json", "--log", str(interrupted_log))
    data = json.loads(out)
    assert next(iter(data)) == "incomplete" and data["complete"] is False
    assert data["incomplete"]["not_searched"] == {"wos": [1, 2, 3, 4], "arxiv": [3, 4]}
    assert NOT_SEARCHED in data["incomplete"]["message"]


def test_searchfile_report_of_an_interrupted_run(interrupted_log: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "sf"
    code, _, err = invoke("report", "1", "--format", "searchfile", "-o", f"{out_dir}/",
                          "--log", str(interrupted_log))
    assert code == 0, err
    files = sorted(out_dir.iterdir())
    assert files
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        assert next(iter(data)) == "incomplete"
        assert data["notes"][0].startswith("INCOMPLETE") and NOT_SEARCHED in data["notes"][0]


def test_report_of_a_complete_run_has_no_notice(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    with SearchLog(path) as log:
        log.save_run(example_run())
    for fmt in ("markdown", "csv", "json"):
        code, out, _ = invoke("report", "--format", fmt, "--log", str(path))
        assert code == 0 and "INCOMPLETE" not in out and "not searched" not in out


def test_report_of_an_interrupted_run_logged_before_plans_were_kept(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    run = example_run()
    with SearchLog(path) as log:
        run_id = log.begin_run(started=run.started, version=run.version,
                               source_text=EXAMPLE_TEXT, source_name=EXAMPLE_NAME)
        log.save_target(run_id, run.targets["pubmed"], searched_at=run.started)
    code, out, _ = invoke("report", "1", "--log", str(path))
    assert "INCOMPLETE" in out and "does not say which databases" in out
    assert "databases with answers: PubMed" in out
