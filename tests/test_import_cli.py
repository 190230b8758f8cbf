"""``querylang import``, ``compile --from`` and ``run --from`` as a user meets them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from querylang.cli import app
from tests.fakes.fixtures import FakeApis

cli = CliRunner()
NATIVE = (
    "#1 asthma[mh] OR wheez*[tiab]\t12,345\t10:01:02\n"
    "#2 child*[tiab] OR paediatric*[tiab]\t2,000,000\t10:01:40\n"
    "#3 #1 AND #2 AND 2013:2023[dp]\t1,234\t10:02:00\n"
)
PORTABLE = (
    '1. mesh:"asthma" OR wheez*  # PubMed count in the pasted history: 12,345\n'
    "2. child* OR paediatric*  # PubMed count in the pasted history: 2,000,000\n"
    "3. #1 AND #2 AND year:2013-2023  # PubMed count in the pasted history: 1,234\n"
)


@pytest.fixture
def native(tmp_path: Path) -> Path:
    path = tmp_path / "strategy.txt"
    path.write_text(NATIVE, encoding="utf-8")
    return path


def test_import_prints_the_portable_strategy(native: Path) -> None:
    result = cli.invoke(app, ["import", "--from", "pubmed", str(native)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == PORTABLE
    assert result.stderr == ""


def test_import_writes_a_file_that_lints_clean(native: Path, tmp_path: Path) -> None:
    out = tmp_path / "strategy.qry"
    result = cli.invoke(app, ["import", "--from", "pubmed", str(native), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == PORTABLE
    lint = cli.invoke(app, ["lint", str(out)])
    assert lint.exit_code == 0 and "0 error(s), 0 warning(s)" in lint.stderr


def test_import_json_carries_lines_counts_and_diagnostics(native: Path) -> None:
    result = cli.invoke(app, ["import", "--from", "pubmed", str(native), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["text"] == PORTABLE and data["file"] == str(native)
    assert [line["count"] for line in data["lines"]] == [12345, 2000000, 1234]


def test_import_warnings_are_printed_like_lint() -> None:
    result = cli.invoke(app, ["import", "--from", "pubmed", "-q", "heart attack[tiab] OR angina"])
    assert result.exit_code == 0
    assert result.stdout == '"heart attack" OR all:angina\n'
    assert "<query>:1:23: IM101 [warning] pubmed: angina has no tag" in result.stderr
    assert "^^^^^^" in result.stderr and "= help:" in result.stderr


def test_import_errors_exit_1_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.qry"
    result = cli.invoke(app, ["import", "--from", "pubmed", "-q", "asthma[mh] AND harvard[ad]",
                              "-o", str(out)])
    assert result.exit_code == 1
    assert "IM104" in result.stderr and "not imported" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "-q", "asthma[mh]"], "--from pubmed or --from wos or --from ovid"),
        (["import", "--from", "pubmd", "-q", "asthma[mh]"], "did you mean pubmed"),
        (["import", "--from", "pubmed", "/no/such/file"], "no such file"),
        (["compile", "--from", "nosuchdb", "-q", "asthma[mh]"], "choose one of pubmed, wos, ovid"),
        (["run", "--from", "nosuchdb", "-q", "asthma[mh]", "--no-log"],
         "choose one of pubmed, wos, ovid"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = cli.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_compile_from_pubmed(native: Path) -> None:
    result = cli.invoke(app, ["compile", "--from", "pubmed", str(native), "--to", "pubmed",
                              "--plain"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        '("asthma"[mh] OR wheez*[tiab]) AND (child*[tiab] OR paediatric*[tiab]) '
        "AND 2013:2023[dp]\n"
    )


def test_compile_from_pubmed_fast_path_agrees(native: Path) -> None:
    argv = ["compile", "--from", "pubmed", str(native), "--to", "pubmed,wos", "--format", "json"]
    fast = subprocess.run([sys.executable, "-m", "querylang", *argv], capture_output=True,
                          text=True, check=False)
    slow = cli.invoke(app, argv)
    assert fast.returncode == slow.exit_code == 0
    assert json.loads(fast.stdout) == json.loads(slow.stdout)


def test_compile_from_pubmed_stops_on_import_errors() -> None:
    result = cli.invoke(app, ["compile", "--from", "pubmed", "-q", "(asthma[mh]"])
    assert result.exit_code == 1
    assert "IM119" in result.stderr and "==" not in result.stdout


def test_lint_on_native_names_the_import_command(native: Path) -> None:
    result = cli.invoke(app, ["lint", str(native)])
    assert result.exit_code == 1
    assert "IM008" in result.stdout
    assert f"querylang import --from pubmed {native}" in result.stdout
    assert "QL012" not in result.stdout


def test_run_from_pubmed(fake_apis: FakeApis, native: Path, monkeypatch: pytest.MonkeyPatch,
                         tmp_path: Path) -> None:
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    monkeypatch.setenv("QUERYLANG_PUBMED_INTERVAL", "0.005")
    result = cli.invoke(app, ["run", "--from", "pubmed", str(native), "--db", "pubmed",
                              "--format", "json", "--no-log"])
    assert result.exit_code == 0, result.stderr
    target = json.loads(result.stdout)["targets"]["pubmed"]
    assert target["query"] == (
        '("asthma"[mh] OR wheez*[tiab]) AND (child*[tiab] OR paediatric*[tiab]) '
        "AND 2013:2023[dp]"
    )
    sent = [req.param("term") for req in fake_apis.pubmed.requests]
    assert sent == [target["query"]]


def test_run_from_pubmed_refuses_a_broken_import(native: Path) -> None:
    result = cli.invoke(app, ["run", "--from", "pubmed", "-q", "asthma[tiab] OR 2020[dp]",
                              "--no-log"])
    assert result.exit_code == 1
    assert "IM113" in result.stderr


def test_the_worked_example_in_the_docs_is_what_import_prints() -> None:
    root = Path(__file__).resolve().parents[1]
    native = root / "tests" / "fixtures" / "native" / "pubmed" / "01-cochrane-hsss-sensitivity.txt"
    docs = (root / "docs" / "import.md").read_text(encoding="utf-8")
    result = cli.invoke(app, ["import", "--from", "pubmed", str(native)])
    assert result.exit_code == 0
    assert native.read_text(encoding="utf-8") in docs
    assert "```\n" + result.stdout + "```" in docs
    compiled = cli.invoke(app, ["compile", "--from", "pubmed", str(native)])
    assert compiled.stdout.split("\n")[1] in docs  # the PubMed query


def test_strict_refuses_a_change_of_meaning() -> None:
    args = ["import", "--from", "pubmed", "-q", "asthma[tiab] OR angina"]
    assert cli.invoke(app, args).exit_code == 0
    strict = cli.invoke(app, [*args, "--strict"])
    assert strict.exit_code == 1 and strict.stdout == ""
    assert "IM101 pubmed: angina has no tag" in strict.stderr  # now an error
    info_only = cli.invoke(app, ["import", "--from", "pubmed", "--strict", "-q",
                                 "asthma[tiab] AND 2013:2023[dp] NOT animals[mh]"])
    assert info_only.exit_code == 0  # IM114 moves a limit: the same search
    compiled = cli.invoke(app, ["compile", "--from", "pubmed", "--strict", "-q", "angina"])
    assert compiled.exit_code == 1 and "IM101" in compiled.stderr


def test_a_pubmed_history_becomes_a_web_of_science_history(native: Path) -> None:
    result = cli.invoke(app, ["compile", "--from", "pubmed", str(native), "--history",
                              "--to", "pubmed,wos", "--plain"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        '"asthma"[mh] OR wheez*[tiab]\n'
        "child*[tiab] OR paediatric*[tiab]\n"
        "#1 AND #2 AND 2013:2023[dp]\n"
        "\n"
        'TS="asthma" OR (TI=wheez* OR AB=wheez*)\n'
        "(TI=(child* OR paediatric*) OR AB=(child* OR paediatric*))\n"
        "#1 AND #2 AND PY=(2013-2023)\n"
    )
    assert "WS102" in result.stderr  # no MeSH in Web of Science: said


@pytest.mark.parametrize("text", ["", "  \n\t\n"])
@pytest.mark.parametrize("dialect", ["pubmed", "wos"])
def test_an_empty_source_is_said_empty_with_no_position(dialect: str, text: str) -> None:
    result = cli.invoke(app, ["import", "--from", dialect, "-q", text])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("<query>: IM007 nothing to import: the source is empty\n")
    assert ":0:0" not in result.stderr


def test_an_empty_file_is_said_empty_with_its_name_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = cli.invoke(app, ["import", "--from", "pubmed", str(empty)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{empty}: IM007 nothing to import")
