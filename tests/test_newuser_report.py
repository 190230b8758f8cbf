"""New-user review findings on the report, typed counts and records (items 6-12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from querylang.cli import app
from querylang.databases import RUNNABLE
from tests.fakes.fixtures import FakeApis

STRATEGY = "1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023 AND lang:english\n"


@pytest.fixture
def home(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "80")
    for name in RUNNABLE:
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_RATE", "200")
    (tmp_path / "s.qry").write_text(STRATEGY, encoding="utf-8")
    return tmp_path


def _cli(home: Path, *args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(app, [*args, "--log", str(home / "log.sqlite3")])
    return done.exit_code, done.stdout, done.stderr


def test_the_two_embases_read_apart_with_their_platforms(home: Path) -> None:
    code, _, err = _cli(home, "run", str(home / "s.qry"), "--db",
                        "ovid-medline,ovid-embase,embase,ebsco-cinahl",
                        "--count", "ovid-medline=3900", "--count", "ovid-embase=4000",
                        "--count", "embase=4100", "--count", "ebsco-cinahl=300")
    assert code == 0, err
    _, report, _ = _cli(home, "report")
    assert "### Embase (Ovid)" in report and "### Embase (Embase.com)" in report
    assert "### CINAHL (EBSCOhost)" in report and "### Ovid MEDLINE(R) ALL" in report
    assert "4,000 in Embase (Ovid)" in report and "4,100 in Embase (Embase.com)" in report
    assert "### Embase\n" not in report
    assert "**Interface:** Embase via Ovid (Wolters Kluwer), Advanced Search" in report
    code, _, err = _cli(home, "run", str(home / "s.qry"), "--db", "ovid-embase,embase",
                        "--count", "ovid-embase=4001", "--count", "embase=4102")
    assert code == 0, err
    _, diff, _ = _cli(home, "diff", "1", "2")
    assert "Embase (Ovid)" in diff and "Embase (Embase.com)" in diff
    _, history, _ = _cli(home, "history")
    assert "Embase/Ovid" in history and "Embase.com" in history


def test_a_database_without_an_api_lacks_a_language_filter_in_its_interface(home: Path) -> None:
    code, _, err = _cli(home, "run", str(home / "s.qry"), "--db", "cochrane",
                        "--count", "cochrane=78")
    assert code == 0, err
    _, report, _ = _cli(home, "report")
    assert ("Cochrane Central Register of Controlled Trials (CENTRAL) has no language filter "
            "in its interface.") in report
    assert "in its API" not in report


def test_run_shows_per_line_counts_typed_in_without_lines(home: Path) -> None:
    code, out, err = _cli(home, "run", str(home / "s.qry"), "--db", "cochrane",
                          "--count", "cochrane:1=56", "--count", "cochrane=78")
    assert code == 0, err
    assert "#1" in out and "56 (manual)" in out and "78" in out
    code, out, err = _cli(home, "run", str(home / "s.qry"), "--db", "cochrane",
                          "--count", "cochrane:1=56", "--count", "cochrane=78",
                          "--format", "markdown")
    assert code == 0, err
    assert "| #1 | 56 (manual) |" in out


def test_a_count_for_line_0_is_a_usage_error(home: Path) -> None:
    from querylang import render_run as rr

    with pytest.raises(rr.UsageError, match="no line 0"):
        rr.parse_counts(["cochrane:0=5"], ["cochrane"], ["cochrane"])
    with pytest.raises(rr.UsageError, match="no line 0"):
        rr.parse_counts(["cochrane:00=5"], ["cochrane"], ["cochrane"])
    code, out, err = _cli(home, "run", str(home / "s.qry"), "--db", "cochrane",
                          "--count", "cochrane:0=5")
    assert code == 2 and "no line 0" in err and "Traceback" not in err + out


def test_the_flow_never_counts_a_database_without_an_api_as_removed(home: Path) -> None:
    code, _, err = _cli(home, "run", str(home / "s.qry"), "--db", "pubmed,cochrane",
                        "--count", "cochrane=78")
    assert code == 0, err
    code, out, err = _cli(home, "records", "1", "--yes")
    assert code in (0, 1), err
    assert "querylang records` again" not in err + out
    code, report, err = _cli(home, "report", "1")
    assert code == 0, err
    assert "Records removed for other reasons" not in report
    assert "Records not deduplicated here" in report and "| 78 |" in report
    flow = home / "flow.svg"
    code, _, err = _cli(home, "report", "1", "--format", "prisma", "-o", str(flow))
    assert code == 0, err
    assert "RD002" in err and "export the records from the database's interface" in err
    assert "querylang records` again" not in err
    svg = flow.read_text(encoding="utf-8")
    assert "removed for other reasons" not in svg and "(n = 78)" in svg
    assert "come from the interface&#x27;s export" in svg or "interface's export" in svg


def test_records_db_naming_a_database_without_an_api_is_a_usage_error(home: Path) -> None:
    code, _, err = _cli(home, "run", str(home / "s.qry"), "--db", "pubmed,cochrane",
                        "--count", "cochrane=78")
    assert code == 0, err
    for name in ("cochrane", "embase"):
        code, out, err = _cli(home, "records", "1", "--db", name, "--yes")
        assert code == 2, out + err
        assert "has no API" in err and "Traceback" not in err and "Total" not in out


def test_history_never_cuts_a_count(home: Path) -> None:
    import re

    counts = {"ovid-medline": 1234567, "ovid-embase": 999999, "ovid-psycinfo": 345,
              "ebsco-cinahl": 345000, "cochrane": 78, "embase": 4100000}
    args = [arg for name, n in counts.items() for arg in ("--count", f"{name}={n}")]
    code, _, err = _cli(home, "run", str(home / "s.qry"), "--db", ",".join(counts), *args)
    assert code == 0, err
    code, out, err = _cli(home, "history")
    assert code == 0, err
    assert "…" not in out
    for n in counts.values():
        assert f"{n:,} m" in out
    assert "Search log (continued)" in out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert re.search(r"Embase/Ovid", out) and "Embase.com" in out
