"""Issue 11, item 7: large strategies parse in linear time, and a size cap.

Building an OR chain used to copy the operands so far at each OR (10,000
terms 0.2 s, 100,000 terms 20 s); the chain is now a list appended to. The
cap (QL014) refuses text over MAX_CHARACTERS characters or MAX_TERMS terms.
"""

from __future__ import annotations

import gc
import time

from typer.testing import CliRunner

from querylang.ast import And, Or, Word
from querylang.cli import app
from querylang.lexer import Tok
from querylang.parser import MAX_CHARACTERS, MAX_TERMS, _Chain, _TreeBuilder, parse

cli = CliRunner()


def _token(kind: str, value: str, offset: int) -> Tok:
    return Tok(kind, value, offset, 1, offset + 1, 1, offset + 1 + len(value), offset + len(value))


def test_or_chain_appends_in_place_instead_of_copying() -> None:
    builder = _TreeBuilder()
    words = [builder.word([_token("WORD", f"w{i}", i * 6)]) for i in range(4)]
    operator = _token("OR", "OR", 0)
    chain = builder.or_([words[0], operator, words[1]])
    assert isinstance(chain, _Chain)
    for word in words[2:]:
        # The same list grows: no tuple of the operands so far is rebuilt.
        operands = chain.operands
        grown = builder.or_([chain, operator, word])
        assert grown is chain and grown.operands is operands
    built = chain.build()
    assert isinstance(built, Or) and built.operands == tuple(words)


def test_long_chains_build_the_same_flat_tree() -> None:
    text = " OR ".join(f"t{i}" for i in range(500)) + " AND x AND y\n"
    result = parse(text)
    assert result.strategy is not None
    top = result.strategy.lines[0].expr
    assert isinstance(top, Or) and len(top.operands) == 500
    last = top.operands[-1]
    assert isinstance(last, And) and [w.text for w in last.operands if isinstance(w, Word)] == [
        "t499",
        "x",
        "y",
    ]


def _best_of(runs: int, text: str) -> float:
    """The best CPU time of a few parses, the cyclic garbage collector off:
    what is measured is the parser's own growth, not the machine's load or
    the collector's passes over a heap that grows with the input."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.process_time()
            parse(text)
            best = min(best, time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


def test_four_times_the_terms_costs_far_less_than_sixteen_times() -> None:
    small = " OR ".join(f"term{i}" for i in range(10_000))
    large = " OR ".join(f"term{i}" for i in range(40_000))
    ratio = _best_of(5, large) / _best_of(5, small)
    # Linear building gives about 4; the quadratic one gave about 15.
    assert ratio < 9, ratio


def test_too_many_characters_is_refused_where_the_limit_is_passed() -> None:
    line = "asthma OR " * 9 + "wheeze\n"  # 66 characters a line
    text = line * (MAX_CHARACTERS // len(line) + 1)
    result = parse(text)
    assert result.strategy is None
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "QL014"
    assert "1,000,000 characters" in diagnostic.message
    expected_line = MAX_CHARACTERS // len(line) + 1
    assert (diagnostic.span.line, diagnostic.span.column) == (
        expected_line,
        MAX_CHARACTERS % len(line) + 1,
    )
    assert diagnostic.span.start == MAX_CHARACTERS
    assert diagnostic.hint and "split" in diagnostic.hint


def test_too_many_terms_points_at_the_first_term_past_the_cap() -> None:
    text = "a " * MAX_TERMS + '"b c" d\n'
    result = parse(text)
    assert result.strategy is None
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "QL014"
    assert "100,000 search terms" in diagnostic.message
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 2 * MAX_TERMS + 1)
    assert text[diagnostic.span.start : diagnostic.span.end] == '"b c"'


def test_the_cap_itself_is_accepted() -> None:
    text = " OR ".join(["a"] * MAX_TERMS) + "\n"
    result = parse(text)
    assert result.strategy is not None
    expr = result.strategy.lines[0].expr
    assert isinstance(expr, Or) and len(expr.operands) == MAX_TERMS


def test_lint_says_the_strategy_is_too_large_without_a_traceback() -> None:
    result = cli.invoke(app, ["lint", "-"], input="x " * (MAX_TERMS + 1))
    assert result.exit_code == 1  # lint's status for errors in the strategy
    assert "QL014" in result.output and "1:200001" in result.output
    assert "Traceback" not in result.output


def test_a_line_of_20000_terms_wraps_in_linear_time() -> None:
    """fmt and import wrap every line at 80 columns; filling by bisection
    keeps a huge OR block as cheap per term as a small one."""
    from querylang.printer import wrap_line

    def cost(n: int) -> float:
        text = " OR ".join(f"term{i}" for i in range(n))
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            lines = wrap_line(text, "1. ", "   ")
            best = min(best, time.process_time() - start)
        assert max(map(len, lines)) <= 80 and " ".join(lines).count(" OR ") == n - 1
        return best

    ratio = cost(20_000) / max(cost(2_000), 1e-6)
    assert ratio < 30, ratio  # linear: about 10; the quadratic fill gave several hundred
