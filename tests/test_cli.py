"""The language commands through typer's CliRunner: parse, fmt, lint, explain."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from querylang.cli import app

EXAMPLE = str(Path(__file__).parents[1] / "examples" / "llm-medical-imaging.qry")
runner = CliRunner()


def test_lint_clean_example_exits_0() -> None:
    result = runner.invoke(app, ["lint", EXAMPLE])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.stderr


def test_lint_reports_errors_with_position_and_exit_1() -> None:
    result = runner.invoke(app, ["lint", "-q", "medical imaging"])
    assert result.exit_code == 1
    assert "<query>:1:9: QL112" in result.stdout
    assert "help:" in result.stdout


def test_lint_strict_fails_on_warnings() -> None:
    assert runner.invoke(app, ["lint", "-q", "a OR b AND c"]).exit_code == 0
    assert runner.invoke(app, ["lint", "--strict", "-q", "a OR b AND c"]).exit_code == 1


def test_lint_json() -> None:
    result = runner.invoke(app, ["lint", "--format", "json", "-q", "titel:x"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["diagnostics"][0]["code"] == "QL108"
    assert data["diagnostics"][0]["line"] == 1


def test_lint_from_stdin() -> None:
    result = runner.invoke(app, ["lint", "-"], input="asthma and child\n")
    assert result.exit_code == 1
    assert "<stdin>:1:8: QL113" in result.stdout


def test_missing_file_is_a_usage_error() -> None:
    result = runner.invoke(app, ["lint", "does-not-exist.qry"])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_no_source_is_a_usage_error() -> None:
    result = runner.invoke(app, ["lint"])
    assert result.exit_code == 2


def test_bad_option_is_a_usage_error() -> None:
    assert runner.invoke(app, ["lint", "--format", "xml", "-q", "a"]).exit_code == 2


def test_parse_text_and_json() -> None:
    text = runner.invoke(app, ["parse", "-q", "ti:(a OR b) AND year:2020"])
    assert text.exit_code == 0
    assert "Field ti" in text.stdout and "YearLimit year:2020" in text.stdout
    data = json.loads(runner.invoke(app, ["parse", "--format", "json", "-q", "a OR b"]).stdout)
    expr = data["lines"][0]["expr"]
    assert expr["type"] == "Or"
    assert [op["text"] for op in expr["operands"]] == ["a", "b"]
    assert expr["span"]["column"] == 1
    # the tree's meaning only: no internal hints (Word.plain) in the JSON
    assert set(expr["operands"][0]) == {"type", "text", "span"}
    assert set(expr) == {"type", "operands", "parenthesized", "span"}


def test_parse_syntax_error_exit_1_no_traceback() -> None:
    result = runner.invoke(app, ["parse", "-q", '"unclosed'])
    assert result.exit_code == 1
    assert "QL002" in result.stderr
    assert "Traceback" not in result.output


def test_fmt_prints_canonical_form() -> None:
    result = runner.invoke(app, ["fmt", "-q", "title:a   OR b AND c"])
    assert result.exit_code == 0
    assert result.stdout == "ti:a OR (b AND c)\n"


def test_fmt_exits_1_with_the_diagnostics_on_what_lint_rejects() -> None:
    result = runner.invoke(app, ["fmt", "-q", "ti:(#1 OR asthma)"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "QL119" in result.stderr


def test_explain_known_and_unknown_codes() -> None:
    result = runner.invoke(app, ["explain", "QL112"])
    assert result.exit_code == 0
    assert "medical imaging" in result.stdout and "Write instead" in result.stdout
    assert runner.invoke(app, ["explain", "ql112"]).exit_code == 0
    unknown = runner.invoke(app, ["explain", "ZZ999"])
    assert unknown.exit_code == 2
    assert "unknown code" in unknown.stderr


def test_help_documents_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Exit status" in result.stdout and "2 usage error" in result.stdout


def test_file_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.qry"
    path.write_bytes("\ufeffasthma AND child*\n".encode())
    result = runner.invoke(app, ["lint", str(path)])
    assert result.exit_code == 0, result.output


def test_parse_language_group_text_and_json() -> None:
    text = runner.invoke(app, ["parse", "-q", "a AND lang:(en OR fre)"])
    assert text.exit_code == 0
    assert "LangGroup (any of)" in text.stdout
    assert "LangLimit english  @1:13-1:15" in text.stdout
    assert "LangLimit french  @1:19-1:22" in text.stdout
    data = json.loads(
        runner.invoke(app, ["parse", "--format", "json", "-q", "a AND lang:(en OR fre)"]).stdout
    )
    group = data["lines"][0]["expr"]["operands"][1]
    assert set(group) == {"type", "options", "raw", "span"}
    assert group["type"] == "LangGroup" and group["raw"] == "lang:(en OR fre)"
    # each language has the single limit's own shape
    assert [option["language"] for option in group["options"]] == ["english", "french"]
    assert set(group["options"][0]) == {"type", "language", "known", "raw", "span"}
    single = json.loads(
        runner.invoke(app, ["parse", "--format", "json", "-q", "a AND lang:en"]).stdout
    )["lines"][0]["expr"]["operands"][1]
    assert set(single) == {"type", "language", "known", "raw", "span"}
