"""Real-world strategies (issue 10, item 1): every line of every strategy in
tests/fixtures/real-strategies compiles for Web of Science, both faces,
however many operators it holds once its references are expanded.

The folder is globbed: a strategy added there is tested without editing
this file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from querylang import analyze
from querylang.compiler import compile_strategy, compile_text
from querylang.diagnostics import Severity

FOLDER = Path(__file__).parent / "fixtures" / "real-strategies"
STRATEGIES = sorted(FOLDER.glob("*.qry"))

_QUOTED = re.compile(r'"[^"]*"')
_OPERATOR = re.compile(r"(?<![\w=])(?:AND|OR|NOT|NEAR/\d+)(?![\w=])")


def operators(query: str) -> int:
    """AND/OR/NOT/NEAR outside quotes: what Web of Science counts."""
    return len(_OPERATOR.findall(_QUOTED.sub("", query)))


def test_the_corpus_is_there() -> None:
    assert len(STRATEGIES) >= 8


@pytest.mark.parametrize("path", STRATEGIES, ids=[p.stem for p in STRATEGIES])
def test_every_line_compiles_for_wos_on_both_faces(path: Path) -> None:
    analysis = analyze(path.read_text(encoding="utf-8"))
    assert analysis.ok and analysis.strategy is not None, analysis.diagnostics
    results = compile_strategy(analysis.strategy, "wos")
    for result in results:
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        assert not errors, f"{path.name} line {result.line}: {errors}"
        assert result.query, f"{path.name} line {result.line}: no interface string"
        assert result.api_query and "ALL=" not in result.api_query
        assert result.api is not None and result.api.params["q"] == result.api_query


@pytest.mark.parametrize("path", STRATEGIES, ids=[p.stem for p in STRATEGIES])
def test_final_line_is_as_long_as_published_ones(path: Path) -> None:
    """Each strategy is of the size that WS401 used to refuse (57 to 400+
    operators once expanded), so the corpus really tests the limit."""
    text = path.read_text(encoding="utf-8")
    _, results = compile_text(text, ["wos"])
    final = results["wos"]
    assert final.query is not None
    assert operators(final.query) >= 57


@pytest.mark.parametrize("path", STRATEGIES, ids=[p.stem for p in STRATEGIES])
def test_operator_warning_only_where_all_fields_is_searched(path: Path) -> None:
    analysis = analyze(path.read_text(encoding="utf-8"))
    assert analysis.strategy is not None
    for result in compile_strategy(analysis.strategy, "wos"):
        assert result.query is not None
        warned = any(d.code == "WS401" for d in result.diagnostics)
        expected = "ALL=" in result.query and operators(result.query) > 49
        assert warned == expected, f"{path.name} line {result.line}"


def test_the_corpus_spans_short_to_very_long() -> None:
    counts = []
    for path in STRATEGIES:
        _, results = compile_text(path.read_text(encoding="utf-8"), ["wos"])
        query = results["wos"].query
        assert query is not None
        counts.append(operators(query))
    assert min(counts) >= 57 and max(counts) >= 400
