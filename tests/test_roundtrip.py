"""fmt round trip: the canonical form parses back to the same tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from querylang import analyze
from querylang.diagnostics import has_errors
from querylang.printer import WIDTH, format_strategy

FIXTURE = Path(__file__).parent / "fixtures" / "roundtrip.qry"
CASES = [
    line.replace("\\n", "\n")
    for line in FIXTURE.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def test_fixture_has_at_least_sixty_queries() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("text", CASES)
def test_fmt_parses_back_to_the_same_tree(text: str) -> None:
    first = analyze(text)
    assert first.strategy is not None, first.diagnostics
    assert not has_errors(first.diagnostics), first.diagnostics
    printed = format_strategy(first.strategy)
    second = analyze(printed)
    assert second.strategy == first.strategy, printed
    # Canonical output is a fixed point.
    assert second.strategy is not None
    assert format_strategy(second.strategy) == printed


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("title:asthma", "ti:asthma\n"),
        ("TI:asthma", "ti:asthma\n"),
        ("journal:Radiology", "so:Radiology\n"),
        ("a   AND\tb", "a AND b\n"),
        ("((a OR b))", "a OR b\n"),
        ("(a OR b) OR c", "a OR b OR c\n"),
        ("a OR b AND c", "a OR (b AND c)\n"),
        ("(a NOT b) NOT c", "a NOT b NOT c\n"),
        ("ti:((a))", "ti:a\n"),
        ("asthma AND lang:en", "asthma AND lang:english\n"),
        ("asthma AND lang:eng", "asthma AND lang:english\n"),
        ("asthma AND lang:(en)", "asthma AND lang:english\n"),
        ("asthma AND lang:( en  OR\n   fre OR ger )", "asthma AND lang:(english OR french OR german)\n"),
        ("asthma AND lang:((en OR fr) OR zho)", "asthma AND lang:(english OR french OR chinese)\n"),
        ("asthma AND year:2020-2020", "asthma AND year:2020\n"),
        ("1. a\n   OR b\n2. #1 AND c", "1. a OR b\n2. #1 AND c\n"),
        ("a\nb\n#1 OR #2", "1. a\n2. b\n3. #1 OR #2\n"),
        ("# intro\n1. a # why\n2. #1 AND b", "# intro\n1. a  # why\n2. #1 AND b\n"),
    ],
)
def test_canonical_form(text: str, canonical: str) -> None:
    analysis = analyze(text)
    assert analysis.strategy is not None
    assert format_strategy(analysis.strategy) == canonical


# -- wrapping at WIDTH ---------------------------------------------------------------

_TERMS = " OR ".join(f"term{i}*" for i in range(40))
LONG = [
    f"1. {_TERMS}\n2. child*\n3. #1 AND #2",
    f"1. asthma\n2. child*\n3. #1 AND #2 AND ({_TERMS})",
    f"ti:({_TERMS}) AND lang:english",
    '1. "salt OR pepper and a very long phrase that never breaks inside itself at all" OR '
    + _TERMS + "  # a comment stays at the end\n2. #1 AND x",
    f"{_TERMS} OR " + '"' + "x" * 100 + '"',
    " OR ".join(f"(a{i} AND b{i})" for i in range(15)),
    "1. " + " OR ".join(f"w{i}" for i in range(60)) + "\n2. #1 NOT rats\n"
    + "10. #2 AND " + " AND ".join(f"c{i}" for i in range(30)),
]


@pytest.mark.parametrize("text", LONG)
def test_fmt_wraps_long_lines_and_parses_back(text: str) -> None:
    first = analyze(text)
    assert first.strategy is not None, first.diagnostics
    printed = format_strategy(first.strategy)
    second = analyze(printed)
    assert second.strategy == first.strategy, printed
    assert second.strategy is not None
    assert format_strategy(second.strategy) == printed
    for physical in printed.splitlines():
        code = physical.split("  #")[0]  # a comment kept at a line's end may pass it
        if len(code) > WIDTH:  # only one term longer than the line may pass it
            assert re.fullmatch(r' *(?:[0-9]+\. )?(?:(?:OR|AND) )?(?:"[^"]*"|\S+)', code), physical
    for phrase in re.findall(r'"[^"]*"', text):
        assert phrase in printed  # never broken inside a phrase


def test_wrapped_lines_are_indented_under_the_text_and_start_with_the_operator() -> None:
    analysis = analyze(f"1. {_TERMS}\n2. #1 AND child*")
    assert analysis.strategy is not None
    printed = format_strategy(analysis.strategy).splitlines()
    assert printed[0].startswith("1. term0* OR ")
    continuation = printed[1:-1]
    assert continuation and all(line.startswith("   OR ") for line in continuation)
    assert all(len(line) <= WIDTH for line in printed)
    assert printed[-1] == "2. #1 AND child*"


def test_top_level_breaks_are_preferred_to_breaks_inside_groups() -> None:
    group = " OR ".join(f"g{i}" for i in range(8))
    text = f"1. a\n2. b\n3. #1 AND #2 AND ({group}) AND " + " AND ".join(
        f"longer{i}" for i in range(6)
    )
    analysis = analyze(text)
    assert analysis.strategy is not None
    printed = format_strategy(analysis.strategy)
    assert f"({group})" in printed  # the group fits on a line: not broken inside
    assert all(len(line) <= WIDTH for line in printed.splitlines())
