"""Table-driven parser tests: input -> tree, and structure of spans."""

from __future__ import annotations

import pytest

from querylang import analyze
from querylang.ast import (
    And,
    Field,
    LangGroup,
    LangLimit,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Ref,
    Word,
    YearLimit,
    plain_phrase,
    plain_word,
)
from querylang.parser import parse


def tree(text: str) -> Node:
    result = parse(text)
    assert result.strategy is not None, result.diagnostics
    return result.strategy.final.expr


W, P = Word, Phrase

CASES: list[tuple[str, Node]] = [
    ("asthma", W("asthma")),
    ('"large language model"', P("large language model")),
    ("radiolog*", W("radiolog*")),
    ("wom?n", W("wom?n")),
    ("COVID-19", W("COVID-19")),
    ("Alzheimer's", W("Alzheimer's")),
    ("T2-weighted", W("T2-weighted")),
    ("HbA1c", W("HbA1c")),
    ("3D", W("3D")),
    ("e.coli", W("e.coli")),
    ("ANDROID", W("ANDROID")),
    ("NOTE OR ORAL OR NEARBY", Or((W("NOTE"), W("ORAL"), W("NEARBY")))),
    ("東京", W("東京")),
    ("naïve", W("naïve")),
    ('"medical imag*"', P("medical imag*")),
    ("a OR b", Or((W("a"), W("b")))),
    ("a AND b", And((W("a"), W("b")))),
    ("a NOT b", Not(W("a"), W("b"))),
    ("a OR b OR c", Or((W("a"), W("b"), W("c")))),
    ("a AND b AND c", And((W("a"), W("b"), W("c")))),
    # Precedence: NEAR, then AND/NOT left to right, then OR.
    ("a OR b AND c", Or((W("a"), And((W("b"), W("c")))))),
    ("a AND b OR c", Or((And((W("a"), W("b"))), W("c")))),
    ("a AND b NOT c", Not(And((W("a"), W("b"))), W("c"))),
    ("a NOT b AND c", And((Not(W("a"), W("b")), W("c")))),
    ("a NOT b NOT c", Not(Not(W("a"), W("b")), W("c"))),
    ("a AND b NEAR/2 c", And((W("a"), Near(W("b"), W("c"), 2)))),
    ("a NEAR/2 b OR c", Or((Near(W("a"), W("b"), 2), W("c")))),
    ("(a OR b) AND c", And((Or((W("a"), W("b"))), W("c")))),
    ("(a OR b) NEAR/3 c", Near(Or((W("a"), W("b"))), W("c"), 3)),
    ("a NEAR b", Near(W("a"), W("b"), None)),
    ("ti:a", Field("ti", W("a"))),
    ("title:a", Field("ti", W("a"))),
    ("TITLE:a", Field("ti", W("a"))),
    ("abstract:a", Field("ab", W("a"))),
    ("keyword:a", Field("kw", W("a"))),
    ("author:a", Field("au", W("a"))),
    ("journal:a", Field("so", W("a"))),
    ("mesh-noexp:Child", Field("mesh-noexp", W("Child"))),
    ("mesh-major:Child", Field("mesh-major", W("Child"))),
    ('doi:"10.1/x"', Field("doi", P("10.1/x"))),
    ("ti:(a OR b)", Field("ti", Or((W("a"), W("b"))))),
    ("ti:(a OR ab:b)", Field("ti", Or((W("a"), Field("ab", W("b")))))),
    ("a AND year:2013-2023", And((W("a"), YearLimit(2013, 2023)))),
    ("a AND year:2013-", And((W("a"), YearLimit(2013, None)))),
    ("a AND year:-2023", And((W("a"), YearLimit(None, 2023)))),
    ("a AND year:2020", And((W("a"), YearLimit(2020, 2020)))),
    ("a AND YEAR:2020", And((W("a"), YearLimit(2020, 2020)))),
    ("a AND lang:en", And((W("a"), LangLimit("english")))),
    ("a AND lang:English", And((W("a"), LangLimit("english")))),
    ("a AND lang:de", And((W("a"), LangLimit("german")))),
    # ISO 639-2 codes, bibliographic and terminology
    ("a AND lang:eng", And((W("a"), LangLimit("english")))),
    ("a AND lang:fre", And((W("a"), LangLimit("french")))),
    ("a AND lang:FRA", And((W("a"), LangLimit("french")))),
    ("a AND lang:ger", And((W("a"), LangLimit("german")))),
    ("a AND lang:deu", And((W("a"), LangLimit("german")))),
    ("a AND lang:chi", And((W("a"), LangLimit("chinese")))),
    ("a AND lang:zho", And((W("a"), LangLimit("chinese")))),
    ("a AND lang:dut", And((W("a"), LangLimit("dutch")))),
    ("a AND lang:nld", And((W("a"), LangLimit("dutch")))),
    ("a AND lang:jpn", And((W("a"), LangLimit("japanese")))),
    # several languages
    (
        "a AND lang:(english OR french)",
        And((W("a"), LangGroup((LangLimit("english"), LangLimit("french"))))),
    ),
    (
        "a AND lang:(en OR fre OR deu)",
        And((W("a"), LangGroup((LangLimit("english"), LangLimit("french"), LangLimit("german"))))),
    ),
    (
        "a AND LANG: ( spa OR\n  por )",
        And((W("a"), LangGroup((LangLimit("spanish"), LangLimit("portuguese"))))),
    ),
    ("a AND lang:(english)", And((W("a"), LangLimit("english")))),
    ("a AND lang:(english OR xx)", And((W("a"), LangGroup((LangLimit("english"), LangLimit("xx", False)))))),
    ("1. a\n2. #1 AND b", And((Ref(1), W("b")))),
    ("a # a comment\n", W("a")),
    ("a OR\n   b", Or((W("a"), W("b")))),
    ("a OR\n\tb", Or((W("a"), W("b")))),
    ("a\r\n", W("a")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse(text: str, expected: Node) -> None:
    assert tree(text) == expected


def test_numbered_lines_and_continuations() -> None:
    text = "# c\n1. a OR\n   b\n\n2. #1 AND c\n3. #2 NOT d\n"
    result = parse(text)
    assert result.strategy is not None
    lines = result.strategy.lines
    assert [line.number for line in lines] == [1, 2, 3]
    assert [line.label for line in lines] == [1, 2, 3]
    assert lines[0].span.line == 2 and lines[0].span.end_line == 3


def test_lines_numbered_by_position_without_labels() -> None:
    result = parse("a\nb\n#1 OR #2")
    assert result.strategy is not None
    assert [line.label for line in result.strategy.lines] == [None, None, None]
    assert [line.number for line in result.strategy.lines] == [1, 2, 3]


def test_spans_point_at_the_source() -> None:
    text = '1. asthma OR "wheez*"\n2. ti:#1'
    result = parse('1. asthma OR "wheez*"\n2. #1 AND ti:child')
    assert result.strategy is not None
    first = result.strategy.lines[0].expr
    assert isinstance(first, Or)
    word, phrase = first.operands
    assert isinstance(word, Word) and isinstance(phrase, Phrase)
    assert (word.span.line, word.span.column, word.span.end_column) == (1, 4, 10)
    assert (phrase.span.line, phrase.span.column, phrase.span.end_column) == (1, 14, 22)
    assert text[word.span.start : word.span.end] == "asthma"


def test_comment_is_not_a_reference() -> None:
    result = parse("#1 is a reference\n")
    # "#1" is a reference, "is a reference" are words: an adjacency, not a comment.
    assert result.strategy is not None
    result = parse("# 1 is a comment\nasthma")
    assert result.strategy is not None
    assert len(result.strategy.lines) == 1


def test_phrase_may_hold_any_character_but_quote() -> None:
    assert tree('"a) OR TS=(b [mh] #1 & $"') == P("a) OR TS=(b [mh] #1 & $")


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("asthma", True), ("COVID19", True), ("child*", False), ("covid-19", False),
        ("café", False), ("東京", False), ('"lung cancer"', True), ('"o\'brien hip-pain"', True),
        ('"lung canc*"', False), ('"lung  cancer"', False), ('"café au lait"', False),
        ('"\u201clung\u201d"', False),
    ],
)
def test_plain_terms_are_marked_by_the_parser(text: str, plain: bool) -> None:
    """Word.plain / Phrase.plain: the targets' short way; never True wrongly."""
    analysis = analyze(text)
    assert analysis.strategy is not None
    node = analysis.strategy.lines[0].expr
    assert isinstance(node, (Word, Phrase))
    assert node.plain is plain
    assert node.plain == (plain_word if isinstance(node, Word) else plain_phrase)(node.text)


def test_language_group_spans_point_at_each_language() -> None:
    expr = tree("a AND lang:(en OR\n   fre)")
    assert isinstance(expr, And)
    group = expr.operands[1]
    assert isinstance(group, LangGroup)
    assert (group.span.line, group.span.column, group.span.end_line, group.span.end_column) == (
        1, 7, 2, 8,
    )
    en, fre = group.options
    assert (en.span.line, en.span.column, en.span.end_column) == (1, 13, 15)
    assert (fre.span.line, fre.span.column, fre.span.end_column) == (2, 4, 7)
    assert [o.raw for o in group.options] == ["en", "fre"]


def test_language_group_with_and_inside_parses_for_the_checks() -> None:
    # The grammar accepts any expression in the parentheses; QL130 refuses it.
    result = parse("a AND lang:(en AND fr)")
    assert result.strategy is not None
    group = result.strategy.final.expr.children[1]
    assert isinstance(group, LangGroup) and group.content is not None
    assert [d.code for d in analyze("a AND lang:(en AND fr)").diagnostics] == ["QL130"]


def test_empty_language_group_is_a_syntax_error_with_a_hint() -> None:
    diagnostics = analyze("a AND lang:()").diagnostics
    assert [(d.code, d.span.column) for d in diagnostics] == [("QL010", 7)]
    assert diagnostics[0].hint is not None and "lang:(english OR french)" in diagnostics[0].hint
