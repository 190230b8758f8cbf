"""The PubMed reader (querylang.databases.pubmed.importer), construct by construct.

Each row: a native PubMed search, the portable text it imports as, and the
codes said on the way (in position order). Sources of PubMed's rules:
PubMed Help (https://pubmed.ncbi.nlm.nih.gov/help/).
"""

from __future__ import annotations

import pytest

from querylang import analyze
from querylang.codes import REGISTRY
from querylang.databases.pubmed.importer import read_pubmed_line
from querylang.imports import import_strategy
from querylang.imports.detect import native_dialect
from querylang.imports.model import NativeLine

CASES: list[tuple[str, str, list[str]]] = [
    # tags, short and long, any case; tiab is the portable default field
    ("Asthma[MeSH Terms] OR asthma[Title/Abstract] OR ASTHMA[TIAB]",
     'mesh:"Asthma" OR asthma OR ASTHMA', []),
    ("asthma[ti] OR asthma[title] OR asthma[all] OR asthma[All Fields]",
     "ti:asthma OR ti:asthma OR all:asthma OR all:asthma", []),
    ("asthma[mh:noexp] OR asthma[MeSH Terms:noexp] OR asthma[majr]",
     'mesh-noexp:"asthma" OR mesh-noexp:"asthma" OR mesh-major:"asthma"', []),
    ("Smith J[au] OR Lancet[ta] OR Lancet[Journal]", 'au:"Smith J" OR so:"Lancet" OR so:"Lancet"',
     []),
    ("asthma[ot] OR asthma[Other Term]", "kw:(asthma OR asthma)", []),
    # strictly left to right, fully parenthesised
    ("a[tiab] OR b[tiab] AND c[tiab] NOT d[tiab] OR e[tiab]", "(((a OR b) AND c) NOT d) OR e", []),
    ("a[tiab] AND (b[ti] OR c[ti])", "a AND ti:(b OR c)", []),
    ("a[tiab] NOT b[tiab] NOT c[tiab]", "(a NOT b) NOT c", []),
    ("(a[tiab] OR b[tiab]) AND (c[tiab] OR d[tiab])", "(a OR b) AND (c OR d)", []),
    # tagged unquoted phrases; untagged terms lose automatic term mapping
    ("home care workers[ti]", 'ti:"home care workers"', []),
    ("heart attack", "all:(heart AND attack)", ["IM101"]),
    ("asthma", "all:asthma", ["IM101"]),
    ('"heart attack" OR wheez* OR covid-19', 'all:("heart attack" OR wheez* OR covid-19)', []),
    # proximity
    ('"hip pain"[tiab:~2]', "(hip NEAR/2 pain)", []),
    ('"hip pain"[ti:~0]', "ti:(hip NEAR/0 pain)", []),
    ('"hip knee pain"[tiab:~3]', "((hip NEAR/3 knee) AND (knee NEAR/3 pain))", ["IM116"]),
    ('"harvard boston"[ad:~2]', 'all:"harvard boston"', ["IM117"]),
    # dates, in all three forms, and languages
    ("asthma[tiab] AND 2013:2023[dp]", "asthma AND year:2013-2023", []),
    ("asthma[tiab] AND 2013/01/01:2023/12/31[dp]", "asthma AND year:2013-2023", []),
    ('asthma[tiab] AND ("2013"[dp] : "2023"[dp])', "asthma AND year:2013-2023", []),
    ('asthma[tiab] AND ("2013"[pdat] : "3000"[pdat])', "asthma AND year:2013-", []),
    ("asthma[tiab] AND 2020[dp]", "asthma AND year:2020", []),
    ("asthma[tiab] AND 2013/06/01:2023/12/31[dp]", "asthma AND year:2013-2023", ["IM112"]),
    ("asthma[tiab] AND 2020:2023[edat]", "asthma AND year:2020-2023", ["IM107"]),
    ('asthma[tiab] AND "last 5 years"[dp]', 'asthma AND all:"last 5 years"', ["IM111"]),
    ("asthma[tiab] AND english[la]", "asthma AND lang:english", []),
    ("asthma[tiab] AND (english[la] OR fre[la] OR German[Language])",
     "asthma AND lang:(english OR french OR german)", []),
    ("asthma[tiab] AND englsh[la]", 'asthma AND all:"englsh"', ["IM122"]),
    # limits restrict a whole line: moved to its end, or refused
    ("asthma[tiab] AND 2013:2023[dp] NOT animals[mh]",
     '(asthma NOT mesh:"animals") AND year:2013-2023', ["IM114"]),
    ("asthma[tiab] OR 2020[dp]", 'asthma OR all:"year:2020"', ["IM113"]),
    ("asthma[tiab] NOT english[la]", 'asthma NOT all:"lang:english"', ["IM113"]),
    # limits ANDed on the left of NOT alone: refused, each (was a ValueError traceback)
    ("(2013[dp] AND english[la]) NOT asthma[tiab]",
     '(all:"year:2013" AND all:"lang:english") NOT asthma', ["IM113", "IM113"]),
    # truncation, also inside phrases; never on the left
    ('"breast feed*"[tiab] OR breastfe*[tiab]', '"breast feed*" OR breastfe*', []),
    ("*feeding[tiab]", '"*feeding"', ["IM118"]),
    # what has no portable form is said: mapped, or refused
    ("asthma[ab]", "ab:asthma", ["IM102"]),
    ("Smith J[1au] OR Smith J[lastau]", 'au:("Smith J" OR "Smith J")', ["IM105", "IM105"]),
    ("asthma[majr:noexp]", 'mesh-major:"asthma"', ["IM106"]),
    ("asthma[tiab] AND systematic[sb]", 'asthma AND all:"systematic"', ["IM110"]),
    ("asthma[tiab] AND harvard[ad]", 'asthma AND all:"harvard"', ["IM104"]),
    ("asthma[tiabs]", 'all:"asthma"', ["IM103"]),
    ('"10.1016/j.media.2023.102773"[aid]', 'doi:"10.1016/j.media.2023.102773"', []),
    ("10.1136/bmj.a295[lid]", 'doi:"10.1136/bmj.a295"', []),
    ("10.1136/bmj.a295[doi]", 'doi:"10.1136/bmj.a295"', ["IM108"]),
    ("bmj.b5479[aid]", 'all:"bmj.b5479"', ["IM109"]),
    ("(asthma OR wheeze)[tiab]", "asthma OR wheeze", ["IM115"]),
    ("asthma[tiab] or wheeze[tiab]", "asthma OR wheeze", ["IM121"]),
    ('asthma[tiab] "wheeze"[tiab]', 'asthma AND "wheeze"', ["IM120"]),
    # the additions to the portable language (pt, tw, sh, issn, subheadings)
    ("randomized controlled trial[pt]", 'pt:"randomized controlled trial"', []),
    ("asthma[tw] OR asthma[Text Word]", "tw:(asthma OR asthma)", []),
    ('Asthma/drug therapy[mh] OR "drug therapy"[sh]',
     'mesh:"Asthma/drug therapy" OR sh:"drug therapy"', []),
    ("1361-8415[is]", 'issn:"1361-8415"', []),
]


@pytest.mark.parametrize(("native", "portable", "said"), CASES)
def test_reading(native: str, portable: str, said: list[str]) -> None:
    result = import_strategy(native, "pubmed")
    assert result.lines[0].text == portable
    assert [d.code for d in result.diagnostics] == said


def test_every_pubmed_code_is_exercised() -> None:
    exercised = {code for _, _, said in CASES for code in said}
    exercised |= {"IM119"}  # test_syntax_errors
    assert {c for c in REGISTRY if c.startswith("IM1")} == exercised


@pytest.mark.parametrize(
    ("native", "column", "end_column"),
    [
        ("(asthma[mh]", 1, 2),
        ("asthma[tiab])", 13, 14),
        ('"asthma', 1, 8),
        ("asthma[tiab", 7, 12),
        ("asthma[tiab] AND", 14, 17),
        ("AND asthma[tiab]", 1, 4),
        ("[tiab]", 1, 7),
    ],
)
def test_syntax_errors(native: str, column: int, end_column: int) -> None:
    result = import_strategy(native, "pubmed")
    assert not result.ok
    (error,) = result.diagnostics
    assert error.code == "IM119"
    assert (error.span.column, error.span.end_column) == (column, end_column)
    assert error.hint


def test_diagnostics_point_into_the_whole_paste() -> None:
    source = "#1 asthma[mh]\n#2 child*[tiab]\n   OR kid[1au]\n#3 #1 AND #2"
    result = import_strategy(source, "pubmed")
    (said,) = [d for d in result.diagnostics if d.code == "IM105"]
    assert (said.span.line, said.span.column, said.span.end_column) == (3, 10, 15)
    assert source[said.span.start : said.span.end] == "[1au]"


def test_csv_cell_spans_skip_the_escapes() -> None:
    source = 'Search,Query,Results\n1,"""a b""[ti] OR x[1au]",5\n'
    result = import_strategy(source, "pubmed")
    (said,) = [d for d in result.diagnostics if d.code == "IM105"]
    assert source[said.span.start : said.span.end] == "[1au]"


def test_reader_alone_on_a_native_line() -> None:
    line = NativeLine(4, "asthma[tiab] OR wheez*[tiab]", 4, 4, 40)
    translated = read_pubmed_line(line)
    assert translated.text == "asthma OR wheez*"
    assert translated.diagnostics == ()


def test_history_references_limits_and_renumbering() -> None:
    source = (
        "#7 #2 AND #5 AND #6\n"
        "#6 2013:2023[dp]\n"
        "#5 child*[tiab] OR pediatric*[tiab]\n"
        "#2 asthma[mh] OR wheez*[tiab]\n"
    )
    result = import_strategy(source, "pubmed")
    assert result.text == (
        '1. mesh:"asthma" OR wheez*\n2. child* OR pediatric*\n3. #1 AND #2 AND year:2013-2023\n'
    )
    assert sorted(d.code for d in result.diagnostics) == ["IM004", "IM005"]
    (renumbered,) = [d for d in result.diagnostics if d.code == "IM004"]
    assert "#2 is line 1" in renumbered.message
    assert [(line.number, line.native_number) for line in result.lines] == [(1, 2), (2, 5), (3, 7)]
    assert analyze(result.text).ok


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("#1 asthma[mh]\n#2 #1 AND #3", "is not in the paste"),
        ("#1 asthma[mh]\n#2 #1 AND #3\n#3 child*[tiab]", "comes later"),
        ("#1 asthma[mh]\n#2 #2 AND #1", "is the search itself"),
        ("#1 AND asthma[mh]", "is not in the paste"),
    ],
)
def test_bad_references(source: str, problem: str) -> None:
    result = import_strategy(source, "pubmed")
    errors = [d for d in result.diagnostics if d.code == "IM003"]
    assert len(errors) == 1 and problem in errors[0].message
    assert source[errors[0].span.start : errors[0].span.end].startswith("#")
    assert not result.ok


def test_result_is_json_ready() -> None:
    import json

    result = import_strategy("#1 asthma[mh]\t1,234\t10:00:00\n#2 #1 AND heart", "pubmed")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["ok"] is True
    assert data["lines"][0]["count"] == 1234
    assert data["lines"][1]["native"] == "#1 AND heart"
    assert data["diagnostics"][0]["code"] == "IM101"


def test_unknown_dialect_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="pubmed"):
        import_strategy("asthma", "medline")


@pytest.mark.parametrize(
    ("text", "dialect"),
    [
        ("#1 asthma[mh] OR wheez*[tiab]\n#2 #1 AND child*[tiab]", "pubmed"),
        ("TS=(asthma OR wheez*) AND PY=(2013-2023)", "wos"),
        ("asthma[mh] OR wheeze", None),  # one piece: QL012 with its portable form
        # a portable strategy with one pasted line keeps its QL012s (their hints)
        ("1. asthma OR wheez*\n2. child* OR infant*\n3. teen*\n4. x[tiab] OR y[mh]\n"
         "5. #1 AND #2 AND #3 AND #4", None),
        # a PubMed history whose combining lines hold no terms is still native
        ("#1 a[tiab]\n#2 b[tiab]\n#3 #1 AND #2\n#4 c[tiab]\n#5 #3 OR #4\n#6 #5 NOT #1", "pubmed"),
        ("asthma OR wheeze", None),
    ],
)
def test_clearly_native_text_gets_one_im008(text: str, dialect: str | None) -> None:
    diagnostics = analyze(text).diagnostics
    assert native_dialect(diagnostics, text) is None  # folded already
    im008 = [d for d in diagnostics if d.code == "IM008"]
    if dialect is None:
        assert im008 == []
    else:
        assert len(im008) == 1 and f"--from {dialect}" in (im008[0].hint or "")
        assert not [d for d in diagnostics if d.code == "QL012"]


def test_portable_check_errors_land_on_their_native_search() -> None:
    long_block = " OR ".join(f"term{i}[tiab]" for i in range(30))  # wraps over lines
    source = f"#1 {long_block}\n#2 2020[dp]\n"
    result = import_strategy(source, "pubmed")
    assert result.text.count("\n") > 3  # line 1 is wrapped
    (error,) = result.diagnostics
    assert error.code == "IM006" and "QL118" in error.message
    assert error.span.line == 2 and source[error.span.start : error.span.end] == "2020[dp]"


@pytest.mark.parametrize(
    "native",
    [
        " NOT ".join(f"t{i}[tiab]" for i in range(300)),
        "(" * 300 + "asthma[tiab]" + ")" * 300,
        "a[tiab]" + " AND x[tiab] OR y[tiab]" * 150,
    ],
)
def test_deep_nesting_is_refused_not_a_crash(native: str) -> None:
    result = import_strategy(native, "pubmed")
    (error,) = result.diagnostics
    assert error.code == "IM119" and "nested more than 100 deep" in error.message


def test_a_long_or_block_is_one_flat_group() -> None:
    native = " OR ".join(f"term{i}[tiab]" for i in range(5000))
    result = import_strategy(native, "pubmed")
    assert result.ok
    # one flat OR group, wrapped at 80 columns like every other line
    lines = result.text.splitlines()
    assert max(map(len, lines)) <= 80
    assert " ".join(line.strip() for line in lines) == " OR ".join(
        f"term{i}" for i in range(5000))


def test_the_humans_and_language_filters_are_exact() -> None:
    """PubMed's Humans filter is humans[mh], its Language filters the [la]
    limit: imported as the same search, not refused as subsets."""
    result = import_strategy("#1 asthma[tiab]\n#2 #1 AND (humans[Filter]) AND english[Filter]\n",
                             "pubmed")
    assert [d.code for d in result.diagnostics] == []
    assert '2. #1 AND mesh:"humans" AND lang:english' in result.text
