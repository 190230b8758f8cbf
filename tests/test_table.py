"""The shipped parse table is lark's table of the grammar as it stands."""

from __future__ import annotations

import json
from pathlib import Path

from querylang import analyze
from querylang.table import TABLE_FILE, build_table, grammar_path


def test_shipped_table_matches_the_grammar() -> None:
    fresh = build_table(grammar_path().read_text(encoding="utf-8"))
    shipped = json.loads(Path(TABLE_FILE).read_text(encoding="utf-8"))
    assert json.loads(json.dumps(fresh, sort_keys=True)) == shipped, (
        "grammars/query.lark changed: run `python -m querylang.table`"
    )


def test_command_start_does_not_import_lark() -> None:
    import subprocess
    import sys

    code = (
        "import sys, querylang; querylang.analyze('a OR b'); "
        "print('lark' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_parsing_with_the_table_works() -> None:
    assert analyze("1. a OR b\n2. #1 AND c").ok
