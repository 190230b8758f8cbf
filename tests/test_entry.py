"""The start-up fast path (querylang.entry) against the typer application.

The fast path reads the plain forms of parse/fmt/lint/compile without
importing typer; it must accept exactly what typer declares, hand every
other command line to typer, and print what typer's path prints.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from querylang.cli import app
from querylang.entry import FLAG, FORMAT, FORMATS, NUMBER, OPTIONS, TEXT, fast_call

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "llm-medical-imaging.qry")
NEAR_EXAMPLE = str(ROOT / "examples" / "proximity-hip-pain.qry")
runner = CliRunner()


def _kind(parameter: Any) -> str:
    """The fast path's kind of a click option (read by duck typing: typer
    0.28 carries its own copy of click)."""
    if parameter.is_flag:
        return FLAG
    if hasattr(parameter.type, "choices"):
        return FORMAT
    return {"int": NUMBER, "integer": NUMBER, "str": TEXT, "text": TEXT}[parameter.type.name]


@pytest.mark.parametrize("command", sorted(OPTIONS))
def test_options_mirror_the_typer_declarations(command: str) -> None:
    declared = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    options = {}
    arguments = []
    for parameter in declared.params:
        if parameter.param_type_name == "option":
            for spelling in parameter.opts:
                options[spelling] = (parameter.name, _kind(parameter))
            if hasattr(parameter.type, "choices"):
                assert set(parameter.type.choices) == FORMATS
        else:
            arguments.append(parameter.name)
    assert arguments == ["source"]
    assert options == OPTIONS[command]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--version"],
        ["--help"],
        ["run", EXAMPLE],
        ["explain", "QL112"],
        ["compile", "--help"],
        ["compile", EXAMPLE, "extra.qry"],
        ["compile", EXAMPLE, "--to"],
        ["compile", EXAMPLE, "--to", "--strict"],
        ["compile", EXAMPLE, "--line", "x"],
        ["compile", EXAMPLE, "--line", "-1"],
        ["compile", EXAMPLE, "--line", "٣"],
        ["compile", EXAMPLE, "--format", "xml"],
        ["compile", EXAMPLE, "--format", "JSON"],
        ["compile", EXAMPLE, "--strict", "--strict"],
        ["compile", EXAMPLE, "--to", "wos", "--to", "ieee"],
        ["compile", EXAMPLE, "--to", "wos", "--db", "ieee"],
        ["compile", EXAMPLE, "--plain=1"],
        ["compile", EXAMPLE, "--verbose=yes"],
        ["compile", EXAMPLE, "--verbose", "--verbose"],
        ["compile", "--", EXAMPLE],
        ["compile", "-qasthma"],
        ["compile", "-q=asthma"],
        ["compile", "-x", EXAMPLE],
        ["lint", EXAMPLE, "--plain"],
        ["fmt", EXAMPLE, "--format", "json"],
        ["lint", EXAMPLE, "--stric"],
        ["compile", EXAMPLE, "--history=yes"],
        ["compile", EXAMPLE, "--history", "--history"],
        ["lint", EXAMPLE, "--history"],
    ],
)
def test_anything_but_the_plain_forms_goes_to_typer(argv: list[str]) -> None:
    assert fast_call(argv) is None


SAME_OUTPUT = [
    ["compile", EXAMPLE],
    ["compile", EXAMPLE, "--to", "pubmed,wos"],
    ["compile", EXAMPLE, "--db", "pubmed,wos"],
    ["compile", "--db=ieee", EXAMPLE, "--line", "2"],
    ["compile", "--to=ieee", EXAMPLE, "--line", "2"],
    ["compile", EXAMPLE, "--format", "json", "--to", "arxiv"],
    ["compile", EXAMPLE, "--plain"],
    ["compile", EXAMPLE, "--strict", "--plain"],
    ["compile", EXAMPLE, "--history"],
    ["compile", EXAMPLE, "--history", "--plain", "--to", "pubmed,wos"],
    ["compile", EXAMPLE, "--history", "--format", "json", "--to", "ieee"],
    ["compile", EXAMPLE, "--history", "--line", "2"],
    ["compile", "-q", "1. wom?n\n2. child*\n3. #1 AND #2", "--history", "--to", "pubmed"],
    ["compile", EXAMPLE, "--verbose"],
    ["compile", EXAMPLE, "--history", "--verbose", "--to", "wos"],
    ["compile", "--verbose", NEAR_EXAMPLE, "--plain", "--to", "wos,ieee"],
    ["compile", NEAR_EXAMPLE, "--to", "PubMed, WOS"],
    ["compile", EXAMPLE, "--to", "scopus"],
    ["compile", EXAMPLE, "--to", ","],
    ["compile", EXAMPLE, "--line", "99"],
    ["compile", "-q", "doi:10.1000/x(1)", "--to", "arxiv"],
    ["compile", "-q", "asthma AND"],
    ["compile", "--query", "a* OR b?", "--to", "pubmed,ieee"],
    ["compile", "missing.qry"],
    ["compile"],
    ["compile", "-q", "x", EXAMPLE],
    ["lint", ""],
    ["lint", EXAMPLE],
    ["lint", "--strict", "-q", "a OR b AND c"],
    ["lint", "--format", "json", "-q", "titel:x"],
    ["lint", "-q", "medical imaging"],
    ["fmt", "-q", "a   or  (b)"],
    ["fmt", "-q", "(a"],
    ["fmt", "-q", "ti:(#1 OR asthma)"],
    ["fmt", "-q", "asthma[tiab] OR wheeze"],
    ["fmt", "-q", "asthma OR wheez* AND child*"],
    ["parse", "-q", "ti:(a OR b) NEAR/3 c"],
    ["parse", "--format", "json", "-q", "year:2013-2023 AND x"],
    ["parse", str(ROOT / "examples")],
]


@pytest.mark.parametrize("argv", SAME_OUTPUT, ids=[" ".join(a)[-60:] for a in SAME_OUTPUT])
def test_fast_path_prints_what_typer_prints(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    call = fast_call(argv)
    assert call is not None
    from querylang.commands import UsageError

    try:
        status = call()
    except UsageError as error:
        sys.stderr.write(f"querylang: error: {error}\n")
        status = 2
    fast = capsys.readouterr()
    typed = runner.invoke(app, argv)
    assert (status, fast.out, fast.err) == (typed.exit_code, typed.stdout, typed.stderr)


def _script(argv: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "querylang", *argv],
        input=stdin, capture_output=True, text=True, check=False, cwd=ROOT,
    )


def test_the_fast_path_does_not_import_typer() -> None:
    code = (
        "import sys\n"
        "from querylang.entry import fast_call\n"
        f"status = fast_call(['compile', {EXAMPLE!r}])()\n"
        "sys.stderr.write('typer' in sys.modules and 'TYPER LOADED' or 'no typer')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("no typer")


def test_the_script_exits_with_the_command_status() -> None:
    assert _script(["compile", EXAMPLE, "--plain", "--to", "pubmed"]).returncode == 0
    bad = _script(["compile", "-q", "asthma AND"])
    assert bad.returncode == 1 and "QL0" in bad.stderr
    missing = _script(["compile", "missing.qry"])
    assert missing.returncode == 2
    assert missing.stderr == "querylang: error: no such file: missing.qry\n"
    assert "Traceback" not in bad.stderr + missing.stderr


def test_the_script_reads_standard_input() -> None:
    done = _script(["fmt", "-"], stdin="\ufeffa   OR  (b)\n")
    assert done.returncode == 0
    assert done.stdout == "a OR b\n"


def test_the_script_still_reaches_typer() -> None:
    helped = _script(["compile", "--help"])
    assert helped.returncode == 0 and "--to" in helped.stdout
    wrong = _script(["compile", EXAMPLE, "--format", "xml"])
    assert wrong.returncode == 2 and "xml" in wrong.stderr


def test_fmt_refuses_what_lint_rejects() -> None:
    done = _script(["fmt", "-q", "ti:(#1 OR asthma)"])
    assert done.returncode == 1
    assert done.stdout == ""
    assert "QL119" in done.stderr and "Traceback" not in done.stderr
    warned = _script(["fmt", "-q", "asthma OR wheez* AND child*"])  # QL201: a warning
    assert warned.returncode == 0 and warned.stdout == "asthma OR (wheez* AND child*)\n"


@pytest.mark.parametrize(("command", "parameter"),
                         [("compile", "to"), ("run", "db"), ("check", "db"), ("records", "db")])
def test_databases_are_named_with_to_or_db_on_every_command(command: str, parameter: str) -> None:
    declared = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    [option] = [p for p in declared.params if p.name == parameter]
    assert set(option.opts) == {"--to", "--db"}


def test_run_reads_to_as_it_reads_db() -> None:
    by_to = runner.invoke(app, ["run", "-q", "asthma", "--to", "medline"])
    by_db = runner.invoke(app, ["run", "-q", "asthma", "--db", "medline"])
    assert by_to.exit_code == by_db.exit_code == 2
    assert "unknown database 'medline'" in by_to.stderr
    assert by_to.stderr == by_db.stderr
