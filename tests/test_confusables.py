"""Issue 11, item 15: words mixing scripts (QL211), with the letter's position."""

from __future__ import annotations

import pytest

from querylang import analyze
from querylang.compiler import compile_text

CYRILLIC_A = "\u0430"  # а
GREEK_OMICRON = "\u03bf"  # ο

# (text, expected [(line, column, letter named in the hint, Latin look-alike or None)])
CASES: list[tuple[str, list[tuple[int, int, str, str | None]]]] = [
    (f"{CYRILLIC_A}sthma", [(1, 1, "U+0430 CYRILLIC SMALL LETTER A", "a")]),
    (f"wheez* OR {CYRILLIC_A}sthma", [(1, 11, "U+0430 CYRILLIC SMALL LETTER A", "a")]),
    (f"1. child*\n2. #1 AND \"lung c{CYRILLIC_A}ncer\"",
     [(2, 18, "U+0430 CYRILLIC SMALL LETTER A", "a")]),
    (f"ti:m{GREEK_OMICRON}del", [(1, 5, "U+03BF GREEK SMALL LETTER OMICRON", "o")]),
    ("\u041fetrov", [(1, 1, "U+041F CYRILLIC CAPITAL LETTER PE", None)]),  # Пetrov
    ("\u0430\u0441\u0442\u043cx", [(1, 5, "U+0078 LATIN SMALL LETTER X", None)]),  # астмx
    ("\u00ab lung c\u0430ncer \u00bb", [(1, 9, "U+0430 CYRILLIC SMALL LETTER A", "a")]),
    (f"{CYRILLIC_A}sthma OR wh{CYRILLIC_A}eze",
     [(1, 1, "U+0430 CYRILLIC SMALL LETTER A", "a"),
      (1, 13, "U+0430 CYRILLIC SMALL LETTER A", "a")]),
    ("\u03b1\u03bb\u03c6\u0430", [(1, 4, "U+0430 CYRILLIC SMALL LETTER A", "a")]),  # Greek + Cyrillic
    # Not reported: one script per word, Greek symbols, abbreviations with a Greek suffix.
    ("asthma", []),
    ("東京 OR Ärzte OR \u00e9tude", []),
    ("\u03b1\u03bb\u03c6\u03b1 OR \u0430\u0441\u0442\u043c\u0430", []),  # a Greek, a Russian word
    ("\u03b2-blocker OR interferon-\u03b3 OR TNF-\u03b1", []),
    ("TNF\u03b1 OR PPAR\u03b3 OR ER\u03b1 OR HIF1\u03b1", []),
    ("\u03b2blocker", []),  # β is not drawn like a Latin letter
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_mixed_scripts_are_warned_at_the_letter(
    text: str, expected: list[tuple[int, int, str, str | None]]
) -> None:
    found = [d for d in analyze(text).diagnostics if d.code == "QL211"]
    assert [(d.span.line, d.span.column) for d in found] == [e[:2] for e in expected]
    for diagnostic, (_, _, named, lookalike) in zip(found, expected, strict=True):
        assert diagnostic.severity.name == "WARNING"
        assert named in diagnostic.message and diagnostic.hint is not None
        assert named in diagnostic.hint
        if lookalike is not None:
            assert f"looks like the Latin {lookalike!r}" in diagnostic.hint
        assert text[diagnostic.span.start] == chr(int(named[2:6], 16))


def test_a_warned_strategy_still_compiles() -> None:
    analysis, compiled = compile_text(f"{CYRILLIC_A}sthma", ["pubmed"])
    assert "QL211" in {d.code for d in analysis.diagnostics}
    assert compiled["pubmed"].query is not None
