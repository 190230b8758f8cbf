"""IEEE Xplore wildcards (issue 10, item 3): no stem is ever sent as if it
were a word, every line of a strategy is written the same way, and the
user's choice of wildcard words (``# ieee-wildcards:``) holds everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import querylang
from querylang import analyze
from querylang.ast import Phrase, Word, walk
from querylang.compiler import compile_strategy, compile_text
from querylang.databases.ieee.responses import read as read_ieee
from querylang.responses import PermanentApiError

ROOT = Path(__file__).resolve().parents[1]
STRATEGIES = sorted(ROOT.glob("examples/*.qry")) + sorted(
    (ROOT / "tests" / "fixtures" / "real-strategies").glob("*.qry")
)
IDS = [p.stem for p in STRATEGIES]

_TOKEN = re.compile(r"[^\s\"():]+")


def _source_words(text: str) -> tuple[set[str], set[str]]:
    """(wildcard words, plain words) of a strategy's terms, lower case."""
    analysis = analyze(text)
    assert analysis.strategy is not None
    wild: set[str] = set()
    plain: set[str] = set()
    for line in analysis.strategy.lines:
        for node in walk(line.expr):
            if isinstance(node, (Word, Phrase)):
                for word in node.text.lower().split():
                    (wild if "*" in word or "?" in word else plain).add(word)
    return wild, plain


@pytest.mark.parametrize("path", STRATEGIES, ids=IDS)
def test_no_ieee_query_holds_a_stem_that_lost_its_wildcard(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    wild, plain = _source_words(text)
    # A stem under IEEE's 3-letter minimum (AI*) loses its wildcard by
    # IE201, and a plain word the strategy also searches is no loss.
    stems = {w.replace("*", "").replace("?", "") for w in wild
             if len(re.split(r"[*?]", w)[0]) >= 3} - plain
    analysis = analyze(text)
    assert analysis.strategy is not None
    for result in compile_strategy(analysis.strategy, "ieee"):
        if result.query is None:
            continue
        tokens = {t.lower() for t in _TOKEN.findall(result.query)}
        assert not tokens & stems, f"{path.name} line {result.line}: {tokens & stems}"


@pytest.mark.parametrize("path", STRATEGIES, ids=IDS)
def test_line_alone_equals_line_of_the_strategy(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    analysis = analyze(text)
    assert analysis.strategy is not None
    whole = compile_strategy(analysis.strategy, "ieee")
    for number, in_strategy in enumerate(whole, start=1):
        _, alone = compile_text(text, ["ieee"], line=number)
        assert alone["ieee"].query == in_strategy.query, f"{path.name} line {number}"
        assert alone["ieee"].api == in_strategy.api


CHOSEN = """# ieee-wildcards: radiolog* "imag*"
1. radiolog* OR "medical imag*"
2. segment* OR segmentation
3. #1 AND #2
4. #1 AND (segmentation OR segmenting)
"""


def test_the_choice_holds_in_every_line() -> None:
    analysis = analyze(CHOSEN.replace('"imag*"', "imag*"))
    assert analysis.strategy is not None
    results = compile_strategy(analysis.strategy, "ieee")
    assert results[0].query is not None and "radiolog*" in results[0].query
    assert '"medical imag*"' in results[0].query
    # segment* was not chosen: refused on its line and wherever it is referenced.
    for number in (2, 3):
        assert results[number - 1].query is None
        (error,) = [d for d in results[number - 1].diagnostics if d.code == "IE205"]
        assert "segment*" in error.message and "# ieee-wildcards:" in (error.hint or "")
    assert results[3].query is not None and "segment" not in results[3].query.replace(
        "segmentation", "").replace("segmenting", "")
    for number, result in enumerate(results, start=1):
        _, alone = compile_text(CHOSEN.replace('"imag*"', "imag*"), ["ieee"], line=number)
        assert alone["ieee"].query == result.query


def test_the_choice_as_an_argument_wins_over_the_strategy() -> None:
    source = "# ieee-wildcards: radiolog*\nradiolog* OR segment*"
    assert querylang.compile_query(source, "ieee").query is None
    chosen = querylang.compile_query(
        source, "ieee", keep_wildcards={"ieee": ["radiolog*", "segment*"]}
    )
    assert chosen.query is not None and "segment*" in chosen.query
    assert not chosen.diagnostics


def test_a_choice_for_a_database_without_one_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="takes no wildcard choice"):
        querylang.compile_query("radiolog*", "pubmed", keep_wildcards={"pubmed": ["x*"]})


def test_other_databases_ignore_the_ieee_choice() -> None:
    source = "# ieee-wildcards: radiolog*\nradiolog* OR segment*"
    for target in ("pubmed", "wos", "arxiv"):
        result = querylang.compile_query(source, target)
        assert result.query is not None and "segment*" in result.query


def test_more_than_two_wildcard_words_warn_once_per_line() -> None:
    source = "1. radiolog* OR imag* OR segment*\n2. #1 AND (detect* OR classif*)"
    analysis = analyze(source)
    assert analysis.strategy is not None
    for result in compile_strategy(analysis.strategy, "ieee"):
        warnings = [d for d in result.diagnostics if d.code == "IE204"]
        assert len(warnings) == 1
        assert result.query is not None and "segment*" in result.query
    assert "5 wildcard words" in warnings[0].message


def test_ieee_wildcard_refusal_becomes_a_clear_message() -> None:
    body = b'{"error": "Too many wildcard terms in query"}'
    with pytest.raises(PermanentApiError) as caught:
        read_ieee(400, {"Content-Type": "application/json"}, body)
    message = str(caught.value)
    assert "wildcard" in message and "# ieee-wildcards:" in message
    with pytest.raises(PermanentApiError) as plain:
        read_ieee(400, {}, b"<h1>Wildcard limit exceeded</h1>")
    assert "# ieee-wildcards:" in str(plain.value)


def test_a_line_reads_the_same_inside_a_later_line() -> None:
    """The per-line counts are a consistent history: line 3 (#1 AND #2) is
    lines 1 and 2 as they were sent on their own."""
    source = "1. radiolog* OR imag*\n2. segment* OR detect*\n3. #1 AND #2"
    analysis = analyze(source)
    assert analysis.strategy is not None
    first, second, third = (r.query for r in compile_strategy(analysis.strategy, "ieee"))
    assert first is not None and second is not None
    assert third == f"({first}) AND ({second})"


def test_run_sends_the_lines_the_choice_makes(
    fake_apis: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    from typer.testing import CliRunner

    from querylang.cli import app

    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    monkeypatch.setenv("QUERYLANG_IEEE_INTERVAL", "0.005")
    source = "# ieee-wildcards: radiolog* segment*\n1. radiolog* OR imag*\n2. segment* AND #1\n"
    result = CliRunner().invoke(
        app, ["run", "-q", source, "--db", "ieee", "--lines", "--format", "json"]
    )
    data = json.loads(result.stdout)
    lines = data["targets"]["ieee"]["lines"]
    assert [line["number"] for line in lines] == [1, 2]
    assert all(line["query"] is None for line in lines)  # imag* was not chosen
    chosen = source.replace("radiolog* segment*", "radiolog* segment* imag*")
    result = CliRunner().invoke(
        app, ["run", "-q", chosen, "--db", "ieee", "--lines", "--format", "json"]
    )
    lines = json.loads(result.stdout)["targets"]["ieee"]["lines"]
    assert result.exit_code == 0, result.stderr
    assert "imag*" in lines[0]["query"] and "segment*" in lines[1]["query"]
    assert lines[0]["query"] in lines[1]["query"]
