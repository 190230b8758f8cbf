"""What people paste: another database's syntax (QL012, QL205), typographic
quotes and apostrophes, other line-numbering styles (QL013), continuation
lines that are not indented, and where QL003 points."""

from __future__ import annotations

import re

import pytest

import querylang
from querylang import analyze
from querylang.ast import Or, Phrase, Word
from querylang.diagnostics import Diagnostic, has_errors

# -- another database's syntax: one QL012 naming the portable form -------------------

#: (pasted text, the hint, column of the diagnostic)
PASTED = [
    ("asthma[tiab]", "write tiab:asthma", 1),
    ('"acute asthma"[tiab]', 'write tiab:"acute asthma"', 1),
    ("wheez*[tiab] OR asthma", "write tiab:wheez*", 1),
    ("asthma[ti]", "write ti:asthma", 1),
    ("asthma[Title/Abstract]", "write tiab:asthma", 1),
    ("asthma[ab]", "write ab:asthma", 1),
    ("asthma[mh]", 'write mesh:"asthma"', 1),
    ("Asthma[MeSH Terms]", 'write mesh:"Asthma"', 1),
    ("asthma[mh:noexp]", 'write mesh-noexp:"asthma"', 1),
    ("asthma[majr]", 'write mesh-major:"asthma"', 1),
    ("smith j[au]", 'write au:"smith j"', 1),
    ("asthma AND english[la]", "write lang:english", 12),
    ("asthma AND 2013:2023[dp]", "write year:2013-2023", 12),
    ("asthma AND Radiology[ta]", "write so:Radiology", 12),
    ('"hip pain"[tiab:~2]', "write tiab:(hip NEAR/2 pain)", 1),
    ("TS=(asthma OR wheez*)", "write topic:(asthma OR wheez*)", 1),
    ("child* AND TS=(asthma OR wheez*)", "write topic:(asthma OR wheez*)", 12),
    ("TI=asthma", "write ti:asthma", 1),
    ('AB="acute asthma"', 'write ab:"acute asthma"', 1),
    ("AU=Smith", "write au:Smith", 1),
    ("asthma.ti,ab.", "write tiab:asthma", 1),
    ("asthma.ti.", "write ti:asthma", 1),
    ("(asthma or wheeze).ti,ab,kf.", "write topic:(asthma OR wheeze)", 1),
    ("exp Asthma/", 'write mesh:"Asthma"', 1),
    ("exp Diagnostic Imaging/", 'write mesh:"Diagnostic Imaging"', 1),
    ("child* AND Asthma/", 'write mesh-noexp:"Asthma"', 12),
    ("*Asthma/", 'write mesh-major:"Asthma"', 1),
    ("asthma adj3 child*", "write asthma NEAR/2 child*", 8),
    ("TI asthma", "write ti:asthma", 1),
    ('AB "acute asthma"', 'write ab:"acute asthma"', 1),
    ('MH "Asthma+"', 'write mesh:"Asthma"', 1),
    ("TITLE-ABS-KEY(asthma OR wheez*)", "write topic:(asthma OR wheez*)", 1),
    ("TITLE(asthma) AND child*", "write ti:(asthma)", 1),
    ("asthma AND DT=(Review OR Article)", "write pt:(Review OR Article)", 12),
    ("asthma AND IS=(1361-8415)", "write issn:(1361-8415)", 12),
    ('MHX=("Asthma")', 'write mesh:"Asthma" (MHX= is MeSH in Web of Science\'s MEDLINE:'
     " mesh: is exact in PubMed only)", 1),
    ("KP=(microbiome OR microbiota)", "write topic:(microbiome OR microbiota) (the closest field:"
     " KP= is Keywords Plus only, topic: also searches title, abstract and author keywords)", 1),
    ("asthma AND WC=(Pediatrics)", "WC= searches Web of Science Categories, which has no"
     " portable field: search its words in topic: instead, or keep it in Web of Science by hand",
     12),
    ("SU=(Pediatrics)", "SU= searches Research Areas, which has no portable field: search its"
     " words in topic: instead, or keep it in Web of Science by hand", 1),
    ('"heart attack"~3 OR infarct*', "write heart NEAR/3 attack", 1),
    ('infarct* OR "heart attack"~3', "write heart NEAR/3 attack", 13),
]


@pytest.mark.parametrize(("text", "hint", "column"), PASTED, ids=[case[0] for case in PASTED])
def test_pasted_syntax_is_one_diagnostic_naming_the_portable_form(
    text: str, hint: str, column: int
) -> None:
    diagnostics = analyze(text).diagnostics
    assert [d.code for d in diagnostics] == ["QL012"], _shown(diagnostics)
    assert diagnostics[0].hint == hint
    assert (diagnostics[0].span.line, diagnostics[0].span.column) == (1, column)


def test_the_hint_names_the_form_the_parser_accepts() -> None:
    for text, hint, _ in PASTED:
        if not hint.startswith("write "):
            continue  # no portable form (WC=): the hint says what to do instead
        # A closest form says so in parentheses after it.
        portable = re.sub(r" \([^()]*\)$", "", hint.removeprefix("write "))
        analysis = analyze(f"asthma AND {portable}")  # limits need a term beside them
        assert not has_errors(analysis.diagnostics), (text, portable, _shown(analysis.diagnostics))


def test_each_pasted_form_on_a_line_of_a_strategy() -> None:
    text = "1. asthma[tiab] OR wheez*[tiab]\n2. TS=(child*)\n3. #1 AND #2"
    diagnostics = analyze(text).diagnostics
    assert [(d.code, d.span.line, d.hint) for d in diagnostics] == [
        ("QL012", 1, "write tiab:asthma"),
        ("QL012", 1, "write tiab:wheez*"),
        ("QL012", 2, "write topic:(child*)"),
    ]


def test_a_tag_with_no_portable_field_says_so() -> None:
    (diagnostic,) = analyze("randomized controlled trial[nm]").diagnostics
    assert diagnostic.code == "QL012" and "no portable field" in (diagnostic.hint or "")
    (chain,) = analyze('"hip knee pain"[tiab:~2]').diagnostics
    assert chain.code == "QL012" and "NEAR/n joins two terms" in (chain.hint or "")


def test_a_pasted_group_may_run_over_continuation_lines() -> None:
    (diagnostic,) = analyze("1. TS=(asthma OR\n   wheez*)\n2. #1 AND child*").diagnostics
    assert diagnostic.code == "QL012"
    assert diagnostic.hint == "write topic:(asthma OR wheez*)"
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 4)


def test_brackets_that_are_no_tag_keep_the_plain_error() -> None:
    diagnostics = analyze("asthma OR [mh]").diagnostics
    assert [d.code for d in diagnostics] == ["QL001"]


# -- field syntax inside a phrase: QL205 ---------------------------------------------

IN_PHRASE = [
    ('"asthma[tiab]"', "write tiab:asthma outside the quotes"),
    ('"asthma[mh]" OR x', 'write mesh:"asthma" outside the quotes'),
    ('"TS=asthma"', "write topic:asthma outside the quotes"),
    ('"asthma.ti,ab."', "write tiab:asthma outside the quotes"),
    ('"TITLE-ABS-KEY(asthma)"', "write topic:(asthma) outside the quotes"),
]


@pytest.mark.parametrize(("text", "hint"), IN_PHRASE)
def test_field_syntax_inside_a_phrase_warns(text: str, hint: str) -> None:
    diagnostics = analyze(text).diagnostics
    assert [d.code for d in diagnostics] == ["QL205"], _shown(diagnostics)
    assert diagnostics[0].hint == hint
    assert not has_errors(diagnostics)


@pytest.mark.parametrize(
    "text", ['"H&E stain"', '"e.coli"', '"a/b testing"', '"US$ 5"', '"x = y"', '"[18F]FDG"']
)
def test_punctuation_that_is_no_field_does_not_warn(text: str) -> None:
    assert analyze(text).diagnostics == []


# -- typographic quotes and apostrophes ------------------------------------------------

TYPOGRAPHIC = [
    ("Alzheimer\u2019s", Word("Alzheimer's")),
    ("\u2018GPT\u2019", Phrase("GPT")),
    ("\u201clarge language model\u201d", Phrase("large language model")),
    ("\u201elarge language model\u201c", Phrase("large language model")),
    ("\u201elarge language model\u201d", Phrase("large language model")),
    ('\u201clarge language model"', Phrase("large language model")),
    ("\u00ab\u00a0mod\u00e8le de langage\u00a0\u00bb", Phrase("mod\u00e8le de langage")),
    ("\u2018Alzheimer\u2019s disease\u2019", Phrase("Alzheimer's disease")),
    ("\u201cAlzheimer\u2019s disease\u201d", Phrase("Alzheimer's disease")),
]


@pytest.mark.parametrize(("text", "node"), TYPOGRAPHIC, ids=[case[0] for case in TYPOGRAPHIC])
def test_typographic_quotes_read_as_straight_ones(text: str, node: Word | Phrase) -> None:
    analysis = analyze(text)
    assert analysis.diagnostics == [], _shown(analysis.diagnostics)
    assert analysis.strategy is not None
    assert analysis.strategy.lines[0].expr == node


def test_single_curly_quotes_close_before_a_non_letter() -> None:
    analysis = analyze("\u2018GPT\u2019 OR Parkinson\u2019s OR \u2018LLM\u2019")
    assert analysis.strategy is not None
    assert analysis.strategy.lines[0].expr == Or(
        (Phrase("GPT"), Word("Parkinson's"), Phrase("LLM"))
    )


def test_the_databases_get_a_straight_apostrophe() -> None:
    result = querylang.compile_query("Alzheimer\u2019s AND \u201cAlzheimer\u2019s disease\u201d",
                                     "pubmed")
    assert result.query is not None
    assert "\u2019" not in result.query and "Alzheimer's" in result.query


@pytest.mark.parametrize("text", ["\u2018GPT", "\u201eAsthma", "\u00ab asthme"])
def test_an_unclosed_typographic_quote_is_ql002(text: str) -> None:
    assert [d.code for d in analyze(text).diagnostics] == ["QL002"]


# -- line numbers in other styles ------------------------------------------------------

DOTTED = "1. asthma OR wheez*\n2. child*\n3. #1 AND #2"


@pytest.mark.parametrize(
    "text",
    [
        "1) asthma OR wheez*\n2) child*\n3) #1 AND #2",
        "#1 asthma OR wheez*\n#2 child*\n#3 #1 AND #2",
        "1) asthma OR wheez*\n2. child*\n#3 #1 AND #2",
        "# a comment line is not a search line\n#1 asthma OR wheez*\n#2 child*\n#3 #1 AND #2",
    ],
)
def test_other_numbering_styles_read_as_line_numbers(text: str) -> None:
    analysis = analyze(text)
    assert analysis.diagnostics == [], _shown(analysis.diagnostics)
    expected = analyze(DOTTED).strategy
    assert analysis.strategy is not None and expected is not None
    assert [line.expr for line in analysis.strategy.lines] == [
        line.expr for line in expected.lines
    ]
    assert [line.label for line in analysis.strategy.lines] == [1, 2, 3]


def test_a_hash_reference_at_a_line_start_stays_a_reference() -> None:
    # #1 on line 3 cannot be line 3's number: it is a reference.
    analysis = analyze("1. a\n2. b\n#1 AND #2")
    assert analysis.diagnostics == []
    assert analysis.strategy is not None
    assert analysis.strategy.lines[2].label is None
    # #1 on line 1 followed by an operator is the self-reference it looks like.
    assert [d.code for d in analyze("#1 AND x").diagnostics] == ["QL102"]


def test_a_numbered_line_in_parenthesis_style_checks_its_number() -> None:
    assert [d.code for d in analyze("1) a\n3) #1 AND b").diagnostics] == ["QL007"]


def test_mid_line_numbers_before_a_parenthesis_are_terms() -> None:
    analysis = analyze("(covid OR 19) AND x")
    assert analysis.diagnostics == []


@pytest.mark.parametrize(
    "text",
    [
        "S1 asthma OR wheez*\nS2 child*\nS3 S1 AND S2",
        "1 asthma OR wheez*\n2 child*\n3 #1 AND #2",
        "1 asthma OR wheez*\n2 child*\n3 #1 AND #2\n4 #3 AND year:2013-",
        "S1 asthma\r\n\r\nS2 child*\r\nS3 S1 AND S2\r\n",
    ],
)
def test_ambiguous_numbering_is_one_diagnostic_not_one_per_line(text: str) -> None:
    diagnostics = analyze(text).diagnostics
    assert [d.code for d in diagnostics] == ["QL013"], _shown(diagnostics)
    assert "1. 2. 3." in (diagnostics[0].hint or "")
    assert (diagnostics[0].span.line, diagnostics[0].span.column) == (1, 1)


# -- continuation lines that are not indented --------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("asthma\nOR wheeze", "QL006", 2),
        ("1. asthma\nAND child*", "QL006", 2),
        ("1. asthma\n2. child*\nOR wheeze", "QL006", 3),
        ("asthma\nNOT rats", "QL114", 2),
    ],
)
def test_an_operator_starting_a_line_hints_at_indenting(text: str, code: str, line: int) -> None:
    found = [d for d in analyze(text).diagnostics if d.code == code]
    assert [d.span.line for d in found] == [line]
    assert "indent the line" in (found[0].hint or "")


def test_an_operator_starting_the_first_line_does_not_hint_at_indenting() -> None:
    (diagnostic,) = analyze("OR wheeze").diagnostics
    assert diagnostic.code == "QL006" and "indent" not in (diagnostic.hint or "")
    (comment_above,) = analyze("# note\nOR wheeze").diagnostics
    assert "indent" not in (comment_above.hint or "")


# -- QL003 points at the ( that is never closed ---------------------------------------------


def test_unclosed_parenthesis_points_at_the_open_parenthesis() -> None:
    text = "1. asthma\n2. child* AND (wheez* OR\n   cough\n3. #1 AND #2"
    found = [d for d in analyze(text).diagnostics if d.code == "QL003"]
    assert [(d.span.line, d.span.column) for d in found] == [(2, 15)]


def _shown(diagnostics: list[Diagnostic]) -> list[tuple[str, str, str | None]]:
    return [(d.code, d.message, d.hint) for d in diagnostics]


@pytest.mark.parametrize(
    "text",
    [
        "\u200b" * 20_000, "x" * 20_000 + "$", "a/" * 8_000, "a[" * 8_000, "\u201ca" * 8_000,
        "TS=(" * 4_000, "TI (" * 4_000 + "&", "a adj3 (" * 2_000, "exp A/ " * 2_000 + "&",
    ],
)
def test_looking_for_pasted_syntax_stays_fast_on_long_input(text: str) -> None:
    import time

    started = time.perf_counter()
    analyze(text)  # never raises, and
    assert time.perf_counter() - started < 3.0


def test_phrase_slop_of_three_words_says_near_joins_two() -> None:
    diagnostics = analyze('"acute heart attack"~2').diagnostics
    assert [d.code for d in diagnostics] == ["QL012"], _shown(diagnostics)
    assert "NEAR/n joins two terms" in diagnostics[0].hint


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("asthma NEAR3 child", "write asthma NEAR/3 child: the distance follows a slash"),
        ("asthma near10 child*", "write asthma NEAR/10 child*: the distance follows a slash"),
    ],
)
def test_near_without_its_slash_names_the_portable_form(text: str, hint: str) -> None:
    diagnostics = analyze(text).diagnostics
    assert [d.code for d in diagnostics] == ["QL011"], _shown(diagnostics)
    assert diagnostics[0].hint == hint
    assert diagnostics[0].span.column == 8


# -- a whole native strategy: one IM008, not the portable parser's misreadings --------


def test_a_web_of_science_history_numbered_bare_is_native() -> None:
    text = "1 TS=(asthma OR wheez*)\n2 KP=(child* OR pediatric*)\n3 #1 AND #2\n"
    diagnostics = analyze(text).diagnostics
    assert [d.code for d in diagnostics] == ["IM008"], _shown(diagnostics)
    assert "Web of Science" in diagnostics[0].message


def test_a_portable_history_numbered_bare_keeps_its_one_qL013() -> None:
    diagnostics = analyze("1 asthma\n2 child*\n3 #1 AND #2\n").diagnostics
    assert [d.code for d in diagnostics] == ["QL013"], _shown(diagnostics)


def test_keywords_plus_fixture_is_native() -> None:
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures/native/wos/24-keywords-plus-widening.txt"
    diagnostics = analyze(fixture.read_text(encoding="utf-8")).diagnostics
    assert [d.code for d in diagnostics] == ["IM008"], _shown(diagnostics)


def test_a_native_strategy_under_a_title_is_one_im008() -> None:
    # The title would read as "line number 2. in the middle of a line"
    # (QL010): in a native strategy the import reports such lines itself.
    text = (
        "Appendix 2. MEDLINE (PubMed) search strategy\n"
        "Date of search: 14 March 2024\n\n"
        '#1 "Osteoarthritis, Knee"[Mesh]\n'
        "#2 knee*[tiab] OR tibiofemoral[tiab]\n"
        "#3 #1 OR #2\n"
    )
    diagnostics = analyze(text).diagnostics
    assert [d.code for d in diagnostics] == ["IM008"], _shown(diagnostics)
    assert (diagnostics[0].span.line, diagnostics[0].span.column) == (4, 4)


def test_pubmed_history_download_is_native() -> None:
    # PubMed's history CSV: read as portable, each row is a syntax error.
    text = (
        "Search number,Query,Filters,Search Details,Results,Time\n"
        '3,"#1 AND #2",,"...",120,07:01:02\n'
        '2,"child*[tiab] OR ""Child""[Mesh]",,"...",3000000,07:00:40\n'
        '1,"asthma[mh] OR wheez*[tiab]",English,"...",200000,07:00:12\n'
    )
    diagnostics = analyze(text).diagnostics
    assert [d.code for d in diagnostics] == ["IM008"], _shown(diagnostics)
    assert "PubMed" in diagnostics[0].message


def test_a_broken_portable_history_keeps_its_syntax_error() -> None:
    diagnostics = analyze("#1 asthma\n#2 child* AND (\n").diagnostics
    assert [d.code for d in diagnostics] == ["QL003"], _shown(diagnostics)
