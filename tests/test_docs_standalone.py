"""The shipped documentation stands alone (issue 10, item 15).

Users have the docs, the README, the package and its tests, not the
developers' notes: nothing shipped may send them to those notes. Sources are
the databases' own documentation (docs/databases.md, "Sources").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: The developers' notes, by name (spelled in pieces so that this file does not match).
NOTES = re.compile(
    r"\b(?:" + "REFERENCE" + "|" + "LANGUAGE" + "|" + "STYLE" + r")\.md\b"
    + r"|\b" + "shared" + r"/[A-Za-z]",
)

SHIPPED = sorted(
    {
        *ROOT.glob("docs/*.md"),
        ROOT / "README.md",
        ROOT / "bench" / "README.md",
        *ROOT.glob("grammars/*.lark"),
        *ROOT.glob("querylang/**/*.py"),
        *ROOT.glob("tests/**/*.py"),
        *ROOT.glob("bench/*.py"),
    }
)


def test_the_sweep_covers_the_shipped_files() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in SHIPPED}
    assert {"README.md", "docs/databases.md", "querylang/codes.py",
            "grammars/query.lark", "tests/fakes/pubmed.py"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=[p.relative_to(ROOT).as_posix() for p in SHIPPED])
def test_no_shipped_file_cites_the_developers_notes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [
        f"{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
        for match in NOTES.finditer(text)
    ]
    assert not found, f"{path.name} cites notes users do not have: {found}"


def test_databases_page_lists_each_database_s_own_sources() -> None:
    text = (ROOT / "docs" / "databases.md").read_text(encoding="utf-8")
    sources = text.split("\n## Sources\n", 1)[1]
    for url in (
        "https://www.ncbi.nlm.nih.gov/books/NBK25500/",
        "https://pubmed.ncbi.nlm.nih.gov/help/",
        "https://www.nlm.nih.gov/pubs/techbull/mj24/",
        "https://webofscience.help.clarivate.com/",
        "https://developer.clarivate.com/apis/wos-starter",
        "https://info.arxiv.org/help/api/user-manual.html",
        "https://developer.ieee.org/docs",
    ):
        assert url in sources


# -- CP001 and --line: the docs and the command line agree (a usage error) -----------

FOUR_LINES = "1. asthma\n2. wheez*\n3. #1 OR #2\n4. #3 AND year:2013-2023\n"


def test_line_beyond_the_strategy_is_a_usage_error_with_the_range() -> None:
    from typer.testing import CliRunner

    from querylang.cli import app

    result = CliRunner().invoke(app, ["compile", "-q", FOUR_LINES, "--line", "9"])
    assert result.exit_code == 2  # README: 2 = usage error
    assert result.stderr == (
        "querylang: error: --line 9: the strategy has 4 line(s); "
        "give a line number from 1 to 4\n"
    )
    assert result.stdout == ""


def test_the_api_reports_cp001_with_position_and_hint() -> None:
    import querylang

    result = querylang.compile_query(FOUR_LINES, "pubmed", line=9)
    (missing,) = [d for d in result.diagnostics if d.code == "CP001"]
    assert result.query is None and missing.hint == "give a line number from 1 to 4"


def test_docs_and_explain_say_where_cp001_applies() -> None:
    from querylang.codes import lookup

    text = (ROOT / "docs" / "databases.md").read_text(encoding="utf-8")
    (row,) = [line for line in text.splitlines() if line.startswith("| CP001 |")]
    assert "usage error, exit 2" in row and "--line 9" not in row
    assert "give a line number from 1 to 4" in text
    info = lookup("CP001")
    assert info is not None and "usage error" in info.explanation
    assert "compile_query" in info.example
