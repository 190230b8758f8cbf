"""fmt round trip: the canonical form parses back to the same tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from querylang import analyze
from querylang.diagnostics import has_errors
from querylang.printer import format_strategy

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
