"""Bad input -> code, line and column (table-driven), and the rendering."""

from __future__ import annotations

import json

import pytest

from querylang import analyze
from querylang.codes import REGISTRY
from querylang.diagnostics import Severity, render_json, render_text

# (input, code, line, column): the first diagnostic with that code must sit there.
CASES: list[tuple[str, str, int, int]] = [
    # syntax, labelled by example inputs
    ("covid & vaccine", "QL001", 1, 7),
    ("asthma OR [mh]", "QL001", 1, 11),
    ("*imaging", "QL001", 1, 1),
    ("asthma OR -child", "QL001", 1, 11),
    ('"large language model OR LLM', "QL002", 1, 1),
    ('a OR "b\nc', "QL002", 1, 6),
    ("(radiology OR imaging AND GPT", "QL003", 1, 1),
    ("((a OR b)", "QL003", 1, 1),
    ("a AND (b OR (c AND d) OR e", "QL003", 1, 7),
    ("1. a\n2. b AND (c OR\n   d", "QL003", 2, 10),
    ("radiology OR imaging) AND GPT", "QL004", 1, 21),
    ("a OR b)", "QL004", 1, 7),
    ("radiology OR", "QL005", 1, 11),
    ("a AND", "QL005", 1, 3),
    ("(a OR ) AND b", "QL005", 1, 4),
    ("a AND AND b", "QL005", 1, 3),
    ("a NEAR/3", "QL005", 1, 3),
    ("OR radiology", "QL006", 1, 1),
    ("(AND b)", "QL006", 1, 2),
    ("1. a\n3. #1 AND b", "QL007", 2, 1),
    ("# only a comment\n", "QL008", 1, 1),
    ("", "QL008", 1, 1),
    ("ti:", "QL010", 1, 1),
    ("a NEAR/x b", "QL011", 1, 3),
    ("asthma OR wheeze[tiab]", "QL012", 1, 11),
    # language additions (issue 12 item 1)
    ("asthma AND pt:reveiw", "QL301", 1, 15),
    ('mesh:"Asthma/drug treatment"', "QL302", 1, 6),
    ('sh:"drug therapie"', "QL302", 1, 4),
    ('mesh:"Asthma/drug therapy/diet therapy"', "QL303", 1, 6),
    ('sh:"Asthma/drug therapy"', "QL304", 1, 4),
    ("issn:1361-841", "QL305", 1, 6),
    ("so:x OR issn:1361-8416", "QL306", 1, 14),
    ("pt:review NEAR/3 pt:letter", "QL307", 1, 1),
    ("asthma AND TI child*", "QL012", 1, 12),
    ("S1 asthma\nS2 child*\nS3 S1 AND S2", "QL013", 1, 1),
    ("x " * 100_001, "QL014", 1, 200_001),
    # checks
    ("1. #2 AND a\n2. b", "QL101", 1, 4),
    ("1. a\n2. #2 OR b", "QL102", 2, 4),
    ("1. a\n2. #5 AND b", "QL103", 2, 4),
    ("asthma OR year:2020", "QL104", 1, 11),
    ("(a AND lang:en) OR b", "QL104", 1, 8),
    ("a NOT year:2020", "QL104", 1, 7),
    ("(heart AND attack) NEAR/3 risk", "QL105", 1, 1),
    ("(a NOT b) NEAR/3 c", "QL105", 1, 1),
    ("pain NEAR hip", "QL106", 1, 1),
    ("ti:pain NEAR/3 ab:hip", "QL107", 1, 1),
    ("pain NEAR/3 mesh:Hip", "QL107", 1, 1),
    ("titel:asthma", "QL108", 1, 1),
    ("a AND lang:englsh", "QL109", 1, 7),
    ("a AND lang:xx", "QL109", 1, 7),
    # an unknown language inside lang:( ) is pointed at, not the group
    ("a AND lang:(english OR franch)", "QL109", 1, 24),
    ("a AND lang:(xx OR en)", "QL109", 1, 13),
    ("1. a\n2. #1 AND\n   lang:(en OR\n     deutsch)", "QL109", 4, 6),
    ("a AND lang:english,french", "QL109", 1, 7),
    ("(a AND lang:(en OR fr)) OR b", "QL104", 1, 8),
    ("a AND year:2023-2013", "QL110", 1, 7),
    ("a AND year:13-2023", "QL110", 1, 7),
    ("a AND year:20201", "QL110", 1, 7),
    ("a AND year:abc", "QL110", 1, 7),
    ("asthma AND ()", "QL111", 1, 12),
    ("medical imaging", "QL112", 1, 9),
    ("asthma and child", "QL113", 1, 8),
    ("asthma or child", "QL113", 1, 8),
    ("asthma not child", "QL113", 1, 8),
    ("NOT animals", "QL114", 1, 1),
    ("humans AND NOT animals", "QL114", 1, 12),
    ("1. a\n2. #1 NEAR/3 b", "QL115", 2, 4),
    ("a NEAR/3 (b NEAR/2 c)", "QL115", 1, 10),
    ('asthma OR ""', "QL116", 1, 11),
    ('"*imaging"', "QL117", 1, 1),
    ("year:2013-2023", "QL118", 1, 1),
    ('a OR "large\u200blanguage"', "QL120", 1, 6),
    ('"a\u202eb"', "QL120", 1, 1),
    ('"a\x00b"', "QL120", 1, 1),
    ("ti:(#1 OR a)", "QL119", 1, 5),
    ("ti:#1", "QL119", 1, 4),
    ("ti:lang:(en OR fr)", "QL119", 1, 4),
    ("a AND lang:(english AND french)", "QL130", 1, 13),
    ("a AND lang:(en OR fr NOT de)", "QL130", 1, 19),
    ("a AND lang:(en OR ti:fr)", "QL130", 1, 19),
    ("a AND lang:(en OR #1)", "QL130", 1, 19),
    ("a AND lang:(en fr)", "QL130", 1, 13),
    # warnings
    ("asthma OR wheez* AND child*", "QL201", 1, 1),
    ("asthma OR wheeze OR ASTHMA", "QL202", 1, 21),
    ("1. a\n2. b\n3. #2 AND c", "QL203", 1, 1),
    ("a AND year:2010- AND year:-2020", "QL204", 1, 22),
    ("a AND lang:en AND lang:fr", "QL204", 1, 19),
    ("1. a AND lang:en\n2. #1 AND lang:fr", "QL204", 2, 11),
    ("1. a AND lang:en\n2. b AND lang:fr\n3. #1 AND #2", "QL204", 3, 11),
    ("a AND lang:(en OR fr OR english)", "QL210", 1, 25),
    ('asthma OR "wheeze[tiab]"', "QL205", 1, 11),
    ("wheez* OR \u0430sthma", "QL211", 1, 11),
]


@pytest.mark.parametrize(("text", "code", "line", "column"), CASES, ids=[c[0] for c in CASES])
def test_diagnostic_position(text: str, code: str, line: int, column: int) -> None:
    diagnostics = analyze(text).diagnostics
    found = [d for d in diagnostics if d.code == code]
    assert found, f"expected {code}, got {[(d.code, d.message) for d in diagnostics]}"
    assert (found[0].span.line, found[0].span.column) == (line, column)
    assert found[0].hint, "every diagnostic carries a hint"
    assert found[0].severity is REGISTRY[code].severity


def test_every_language_code_has_a_case() -> None:
    tested = {case[1] for case in CASES}
    language = {code for code in REGISTRY if code.startswith("QL") and code != "QL009"}
    assert language - tested == set()


def test_nesting_limit_is_a_diagnostic_not_a_traceback() -> None:
    # Redundant parentheses around one word collapse: no depth at all.
    assert analyze("(" * 400 + "a" + ")" * 400).diagnostics == []
    deep = "".join(f"(a{i} {'AND' if i % 2 else 'OR'} " for i in range(400)) + "z" + ")" * 400
    diagnostics = analyze(deep).diagnostics
    assert [d.code for d in diagnostics] == ["QL009"]
    long_chain = " NOT ".join(["a"] * 5000)
    assert [d.code for d in analyze(long_chain).diagnostics] == ["QL009"]


def test_every_broken_line_is_reported() -> None:
    diagnostics = analyze("1. a OR\n2. (b\n3. c)").diagnostics
    assert [(d.code, d.span.line) for d in diagnostics] == [
        ("QL005", 1),
        ("QL003", 2),
        ("QL004", 3),
    ]


def test_clean_strategy_has_no_diagnostics() -> None:
    text = '1. "large language model*" OR GPT*\n2. radiolog*\n3. #1 AND #2 AND year:2013-2023'
    assert analyze(text).diagnostics == []


def test_two_terms_hint_offers_both_readings() -> None:
    (diagnostic,) = analyze("medical imaging").diagnostics
    assert diagnostic.hint is not None
    assert "medical AND imaging" in diagnostic.hint
    assert '"medical imaging"' in diagnostic.hint


def test_unknown_field_suggests_the_closest() -> None:
    (diagnostic,) = analyze("titel:asthma").diagnostics
    assert diagnostic.hint is not None and "title" in diagnostic.hint


def test_unknown_language_lists_close_names() -> None:
    diagnostics = [d for d in analyze("a AND lang:englsh").diagnostics if d.code == "QL109"]
    assert diagnostics[0].hint is not None and "english" in diagnostics[0].hint


def test_render_text_in_ruff_layout() -> None:
    text = "asthma and child"
    rendered = render_text(analyze(text).diagnostics, text, "s.qry")
    lines = rendered.splitlines()
    assert lines[0].startswith("s.qry:1:8: QL113 ")
    assert lines[2] == "1 | asthma and child"
    assert lines[3] == "  |        ^^^"
    assert lines[4].startswith("  = help: ")


def test_render_json() -> None:
    text = "a OR b AND c"
    data = json.loads(render_json(analyze(text).diagnostics, "s.qry"))
    (item,) = data["diagnostics"]
    assert item["code"] == "QL201"
    assert item["severity"] == Severity.WARNING.value
    assert (item["line"], item["column"]) == (1, 1)
    assert item["hint"]


def test_registry_entries_are_complete() -> None:
    for code, info in REGISTRY.items():
        assert info.code == code
        assert info.title and info.explanation and info.example and info.instead, code


def test_every_code_is_documented() -> None:
    from pathlib import Path

    docs = Path(__file__).parents[1] / "docs"
    # docs/import.md documents the import's codes (IM).
    text = "".join(
        (docs / name).read_text(encoding="utf-8")
        for name in ("language.md", "databases.md", "import.md")
    )
    assert [code for code in REGISTRY if code not in text] == []


# -- languages ANDed, and lang:( ) ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "combined"),
    [
        ("a AND lang:en AND lang:fr", "lang:(english OR french)"),
        ("a AND lang:eng AND lang:ger AND lang:spa", "lang:(english OR german OR spanish)"),
        ("a AND lang:(en OR fr) AND lang:de", "lang:(english OR french OR german)"),
        ("1. a AND lang:en\n2. #1 AND lang:fr", "lang:(english OR french)"),
        ("1. a AND lang:en\n2. b AND lang:fr\n3. #1 AND #2", "lang:(english OR french)"),
        ("1. a AND lang:de\n2. #1 AND b\n3. #2 AND lang:fr", "lang:(german OR french)"),
    ],
)
def test_languages_anded_hint_names_the_combined_limit(text: str, combined: str) -> None:
    found = [d for d in analyze(text).diagnostics if d.code == "QL204"]
    assert found  # one for each limit after the first
    for diagnostic in found:
        assert diagnostic.hint is not None and f"write one limit: {combined}" in diagnostic.hint


@pytest.mark.parametrize(
    "text",
    [
        # the same language again through references changes nothing
        "1. a AND lang:en\n2. b AND lang:english\n3. #1 AND #2",
        "1. a AND lang:en\n2. #1 AND lang:eng",
        "1. a AND lang:(en OR fr)\n2. b AND lang:(fre OR eng)\n3. #1 AND #2",
        # different languages ORed are two searches, not one record in both
        "1. a AND lang:en\n2. b AND lang:fr\n3. #1 OR #2",
        "1. a AND lang:en\n2. b AND lang:fr\n3. #1 NOT #2",
    ],
)
def test_no_languages_anded_warning_when_nothing_is_intersected(text: str) -> None:
    assert [d.code for d in analyze(text).diagnostics if d.code == "QL204"] == []


def test_language_list_with_commas_gets_the_group_form() -> None:
    (found,) = [d for d in analyze("a AND lang:english,fre").diagnostics if d.code == "QL109"]
    assert found.hint == "name several languages ORed in parentheses: lang:(english OR french)"


def test_and_inside_a_language_group_hint_keeps_the_languages() -> None:
    (found,) = analyze("a AND lang:(eng AND fre AND ger)").diagnostics
    assert found.code == "QL130"
    assert found.hint == (
        "a record is in any of the languages named: write lang:(english OR french OR german)"
    )
