"""Reading Web of Science advanced-search text into the portable language.

Each construct of issue 12 item 4, the precedence Clarivate documents, and
every IM2xx diagnostic with its position in the pasted source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from querylang import analyze
from querylang.codes import REGISTRY
from querylang.databases.wos.importer import read_wos_line
from querylang.diagnostics import Severity, has_errors
from querylang.imports.model import NativeLine, Translated
from tests.fakes.fixtures import FakeApis


def read(text: str, *, line: int = 1, column: int = 1, offset: int = 0) -> Translated:
    return read_wos_line(NativeLine(None, text, line, column, offset))


def codes_of(result: Translated) -> list[str]:
    return [d.code for d in result.diagnostics]


# -- constructs: native -> portable text, with no diagnostic ---------------------------

EXACT = [
    ("TS=asthma", "topic:asthma"),
    ("TS=(asthma OR wheez*)", "topic:(asthma OR wheez*)"),
    ("TI=asthma", "ti:asthma"),
    ("AB=asthma", "ab:asthma"),
    ("AK=asthma", "kw:asthma"),
    ("ALL=asthma", "all:asthma"),
    ("SO=Radiology", "so:Radiology"),
    ("SO=(Nature Medicine)", "so:(Nature AND Medicine)"),
    ('SO="Nature Medicine"', 'so:"Nature Medicine"'),
    ("AU=Smith J*", 'au:"Smith J*"'),
    ("AU=(Smith J OR Jones KL)", 'au:("Smith J" OR "Jones KL")'),
    ("DO=10.1038/s41591-021-01614-0", 'doi:"10.1038/s41591-021-01614-0"'),
    ("IS=1361-8415", 'issn:"1361-8415"'),
    ("IS=(1361-8415 OR 0033-8419)", 'issn:("1361-8415" OR "0033-8419")'),
    ("DT=Review", 'pt:"review"'),
    ("DT=(Review OR Letter)", 'pt:("review" OR "letter")'),
    ('DT="Editorial Material"', 'pt:"editorial"'),
    ("DT=(Editorial Material)", 'pt:"editorial"'),
    ('TS="large language model*"', 'topic:"large language model*"'),
    ("TS=colo$r", "topic:colo$r"),
    ("TS=wom?n", "topic:wom?n"),
    ("TS=COVID-19", "topic:COVID-19"),
    ("ts = asthma", "topic:asthma"),
    ("#1", "#1"),
    ("#1 AND #2", "#1 AND #2"),
    ("#1 or #2 or #3", "#1 OR #2 OR #3"),
    ("#3 NOT #4", "#3 NOT #4"),
    ("#1 AND TS=asthma", "#1 AND topic:asthma"),
    # limits
    ("#1 AND PY=2013-2023", "#1 AND year:2013-2023"),
    ("#1 AND PY=(2013-2023)", "#1 AND year:2013-2023"),
    ("#1 AND PY=2020", "#1 AND year:2020"),
    ("#1 AND PY=(2019 OR 2020 OR 2018)", "#1 AND year:2018-2020"),
    ("#1 AND PY=(2010-2015 OR 2016-2020)", "#1 AND year:2010-2020"),
    ("#1 AND LA=(English)", "#1 AND lang:english"),
    ("#1 AND LA=English", "#1 AND lang:english"),
    ("#1 AND LA=(English OR French)", "#1 AND lang:(english OR french)"),
    ("#1 AND LA=(English OR english)", "#1 AND lang:english"),
    ("TS=x AND (PY=2020 AND LA=English)", "topic:x AND year:2020 AND lang:english"),
    # operators, case-insensitive
    ("TS=(a and b)", "topic:(a AND b)"),
    ("TS=(a Or b)", "topic:(a OR b)"),
    ("TS=(a not b)", "topic:(a NOT b)"),
    ("TS=(a near/3 b)", "topic:(a NEAR/3 b)"),
    ("TS=(a NEAR/0 b)", "topic:(a NEAR/0 b)"),
    ('TS=("hip pain" NEAR/3 (exercise OR training))',
     'topic:("hip pain" NEAR/3 (exercise OR training))'),
    ("TS=((a OR b) NEAR/5 (c OR d))", "topic:((a OR b) NEAR/5 (c OR d))"),
    ("TS=a NEAR/3 TS=b", "topic:a NEAR/3 topic:b"),
    # implicit AND, and a tag spreading over the words next to it
    ("TS=(rainbow trout fish farm)", "topic:(rainbow AND trout AND fish AND farm)"),
    ("TS=rainbow trout", "topic:(rainbow AND trout)"),
    ("TS=rainbow TI=trout", "topic:rainbow AND ti:trout"),
    # nested tags: the inner one wins, the same one is not repeated
    ("TS=(a OR TI=b)", "topic:(a OR ti:b)"),
    ("TS=(a OR TS=b)", "topic:(a OR b)"),
]


@pytest.mark.parametrize(("native", "portable"), EXACT)
def test_exact_constructs(native: str, portable: str) -> None:
    result = read(native)
    assert result.text == portable
    assert [d for d in result.diagnostics if d.severity is not Severity.INFO] == []
    check = analyze(portable if not portable.startswith("#") else f"a\nb\nc\nd\n{portable}")
    assert not has_errors(check.diagnostics), check.diagnostics



# -- precedence: NEAR > SAME > NOT > AND > OR, implied AND tightest ---------------------

PRECEDENCE = [
    ("TS=(a OR b AND c)", "topic:(a OR (b AND c))"),
    # Clarivate's own example: lead AND algae, or copper
    ("TS=(copper OR lead AND algae)", "topic:(copper OR (lead AND algae))"),
    ("TS=((cadmium AND gill*) NOT Pisces)", "topic:((cadmium AND gill*) NOT Pisces)"),
    ("TS=(a AND b OR c)", "topic:((a AND b) OR c)"),
    ("TS=(a OR b NOT c)", "topic:(a OR (b NOT c))"),
    ("TS=(a NOT b OR c)", "topic:((a NOT b) OR c)"),
    ("TS=(a AND b NOT c)", "topic:(a AND (b NOT c))"),
    ("TS=(a NOT b AND c)", "topic:((a NOT b) AND c)"),
    ("TS=(a NOT b NOT c)", "topic:((a NOT b) NOT c)"),
    ("TS=(a OR b NEAR/2 c)", "topic:(a OR (b NEAR/2 c))"),
    ("TS=(a NEAR/2 b OR c)", "topic:((a NEAR/2 b) OR c)"),
    ("TS=(a AND b NEAR c)", "topic:(a AND (b NEAR/15 c))"),
    ("TS=(a NOT b NEAR/4 c)", "topic:(a NOT (b NEAR/4 c))"),
    ("TS=(a OR b c)", "topic:(a OR (b AND c))"),
    ("TS=(a b OR c)", "topic:((a AND b) OR c)"),
    ("TS=(a NOT b c)", "topic:(a NOT (b AND c))"),
    ("TS=(a SAME b NOT c)", "topic:((a AND b) NOT c)"),
    ("TS=(a NOT b SAME c)", "topic:(a NOT (b AND c))"),
    ("TS=(a OR b SAME c)", "topic:(a OR (b AND c))"),
    ("TS=(a NEAR b NOT c SAME d OR e AND f)",
     "topic:(((a NEAR/15 b) NOT (c AND d)) OR (e AND f))"),
    ("TS=a OR TI=b AND AB=c", "topic:a OR (ti:b AND ab:c)"),
    ("#1 OR #2 AND #3", "#1 OR (#2 AND #3)"),
    ("#1 NOT #2 AND #3", "(#1 NOT #2) AND #3"),
]


@pytest.mark.parametrize(("native", "portable"), PRECEDENCE)
def test_precedence_is_made_explicit(native: str, portable: str) -> None:
    result = read(native)
    assert result.text == portable
    assert not has_errors(result.diagnostics)


def test_every_group_is_parenthesised() -> None:
    # The portable reading does not depend on the portable precedence.
    text = read("TS=(a OR b AND c NOT d NEAR/2 e)").text
    assert text == "topic:(a OR (b AND (c NOT (d NEAR/2 e))))"


# -- diagnostics ------------------------------------------------------------------------

MAPPED = [
    # (native, portable, code, caret text)
    ("asthma", "topic:asthma", "IM201", "asthma"),
    ("TS=(H&E)", 'topic:"H&E"', "IM221", "H&E"),
    ("KP=asthma", "topic:asthma", "IM202", "KP="),
    ("TS=(a OR KP=b)", "topic:(a OR b)", "IM202", "KP="),
    ("TS=(asthma SAME child*)", "topic:(asthma AND child*)", "IM203", "SAME"),
    ("TS=(salmon NEAR virus)", "topic:(salmon NEAR/15 virus)", "IM204", "NEAR"),
    ('MHX="Asthma"', 'mesh:"Asthma"', "IM207", "MHX="),
    ('MH="Asthma"', 'mesh-noexp:"Asthma"', "IM207", "MH="),
    ("MHX=(Diagnostic Imaging)", 'mesh:"Diagnostic Imaging"', "IM207", "MHX="),
    ('MHX="Asthma/drug therapy"', 'mesh:"Asthma/drug therapy"', "IM207", "MHX="),
    ("DT=(Article OR Review)", 'pt:("journal article" OR "review")', "IM215", "Article"),
    ("DT=(Meeting Abstract)", 'pt:"congress"', "IM215", "Meeting Abstract"),
]


@pytest.mark.parametrize(("native", "portable", "code", "caret"), MAPPED)
def test_mapped_with_a_diagnostic(native: str, portable: str, code: str, caret: str) -> None:
    result = read(native)
    assert result.text == portable
    (diagnostic,) = [d for d in result.diagnostics if d.code == code]
    assert diagnostic.severity is REGISTRY[code].severity
    assert diagnostic.severity is not Severity.ERROR
    assert native[diagnostic.span.start : diagnostic.span.end] == caret
    assert diagnostic.hint


REFUSED = [
    ("TS=*oxide", "IM205", "*oxide"),
    ('TS="*oxide stress"', "IM205", "*oxide"),
    ("TS=?ology", "IM205", "?ology"),
    ("TS=$ology", "IM205", "$ology"),
    ("TS=asthma AND WC=(Allergy)", "IM206", "WC="),
    ("SU=Oncology", "IM206", "SU="),
    ("AD=(Harvard SAME Boston)", "IM206", "AD="),
    ("TX=asthma", "IM208", "TX="),
    ("TS=(Brown NEAR spider bite)", "IM209", "spider bite"),
    ("TS=(Germany NEAR/10 (monetary AND union))", "IM209", "(monetary AND union)"),
    ("TS=(a NEAR/2 (b NOT c))", "IM209", "(b NOT c)"),
    ("TS=(Germany NEAR/10 (monetary NEAR/0 union))", "IM210", "(monetary NEAR/0 union)"),
    ("TS=(a NEAR/2 b NEAR/2 c)", "IM210", "NEAR/2"),
    ("TS=a NEAR/3 TI=b", "IM210", "TS=a NEAR/3 TI=b"),
    ("#1 NEAR/3 TS=b", "IM210", "#1"),
    ("TS=asthma OR PY=2020", "IM211", "PY=2020"),
    ("TS=asthma NOT LA=German", "IM211", "LA=German"),
    ("TS=(asthma AND PY=2020)", "IM211", "PY=2020"),
    ("PY=2013-2023 AND LA=English", "IM211", "PY=2013-2023 AND LA=English"),
    ("#1 AND PY=(2010 OR 2020)", "IM212", "PY=(2010 OR 2020)"),
    ("#1 AND PY=201*", "IM212", "PY=201*"),
    ("#1 AND PY=2023-2013", "IM212", "2023-2013"),
    ("#1 AND LA=Englsh", "IM213", "Englsh"),
    ("#1 AND LA=(English AND French)", "IM213", "LA=(English AND French)"),
    ("TS=(asthma OR", "IM214", "OR"),
    ("TS=(asthma", "IM214", "("),
    ("TS=asthma)", "IM214", ")"),
    ('TS="asthma', "IM214", '"asthma'),
    ("TS=()", "IM214", "()"),
    ('TS=" "', "IM214", '" "'),
    ("OR asthma", "IM214", "OR"),
    ("TS=(a NEAR/x b)", "IM214", "NEAR/x"),
    ("TS=(a) =b", "IM214", "="),
    ("TS=", "IM214", "TS="),
    ("", "IM214", ""),
    ("TS=(#1 OR asthma)", "IM216", "#1"),
    ("DT=(Article AND Review)", "IM217", "DT=(Article AND Review)"),
    ("DT=(Review OR Book Review)", "IM218", "Book Review"),
    ("IS=(1361-8415 OR 978-0-12-345678-9)", "IM219", "978-0-12-345678-9"),
    ("IS=1361-8416", "IM219", "1361-8416"),
    ('MHX="Asthma/inhaler"', "IM220", '"Asthma/inhaler"'),
    ("IS=(1361-8415 AND 0033-8419)", "IM219", "IS=(1361-8415 AND 0033-8419)"),
]


@pytest.mark.parametrize(("native", "code", "caret"), REFUSED)
def test_refused_with_a_hint(native: str, code: str, caret: str) -> None:
    result = read(native)
    assert result.text == ""
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert [d.code for d in errors] == [code]
    assert native[errors[0].span.start : errors[0].span.end] == caret
    assert errors[0].hint


def test_every_wos_import_code_is_exercised() -> None:
    used = {code for _, _, code, _ in MAPPED} | {code for _, code, _ in REFUSED}
    assert used == {code for code in REGISTRY if code.startswith("IM2")}


def test_untagged_terms_each_said_at_their_place() -> None:
    result = read("asthma OR TS=wheeze OR child*")
    assert result.text == "topic:asthma OR topic:wheeze OR topic:child*"
    assert [(d.code, d.span.column) for d in result.diagnostics] == [("IM201", 1), ("IM201", 24)]


def test_same_said_beside_limits_too() -> None:
    result = read("TS=a SAME TS=b AND PY=2020")
    assert result.text == "topic:a AND topic:b AND year:2020"
    assert [(d.code, d.span.column) for d in result.diagnostics] == [("IM203", 6)]


def test_same_said_once_per_operator() -> None:
    result = read("TS=(a SAME b SAME c)")
    assert result.text == "topic:(a AND b AND c)"
    assert [d.span.column for d in result.diagnostics] == [7, 14]


# -- positions in the whole pasted source -----------------------------------------------


def test_spans_point_into_the_pasted_source() -> None:
    source = "#1 TS=asthma\n#2 TS=*oxide"
    line = NativeLine(2, "TS=*oxide", line=2, column=4, offset=16)
    result = read_wos_line(line)
    (diagnostic,) = result.diagnostics
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 7)
    assert (diagnostic.span.end_line, diagnostic.span.end_column) == (2, 13)
    assert source[diagnostic.span.start : diagnostic.span.end] == "*oxide"


def test_spans_across_a_continuation_line() -> None:
    source = "1 TS=(asthma OR\n  wheez* OR KP=x)"
    text = source[2:]
    result = read_wos_line(NativeLine(1, text, line=1, column=3, offset=2))
    assert result.text == "topic:(asthma OR wheez* OR x)"
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "IM202"
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 13)
    assert source[diagnostic.span.start : diagnostic.span.end] == "KP="


def test_deep_nesting_is_refused_not_a_crash() -> None:
    text = "TS=" + "(" * 3000 + "a" + ")" * 3000
    result = read(text)
    assert codes_of(result) == ["IM214"]


# -- the import framework and the command line (issue 12 item 2, --from wos) -------------

HISTORY = (
    "#1 TS=(asthma OR wheez*)\n"
    "#2 TS=(child* NEAR care) OR KP=paediatric*\n"
    "#3 #1 AND #2 AND PY=(2013-2023) AND LA=(English)\n"
)


def test_wos_is_a_registered_reader() -> None:
    from querylang.imports import READERS, import_strategy

    assert READERS["wos"] is read_wos_line
    result = import_strategy(HISTORY, "wos")
    assert result.ok, result.diagnostics
    assert result.text == (
        "1. topic:(asthma OR wheez*)\n"
        "2. topic:(child* NEAR/15 care) OR topic:paediatric*\n"
        "3. #1 AND #2 AND year:2013-2023 AND lang:english\n"
    )
    assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics] == [
        ("IM204", 2, 15), ("IM202", 2, 29),
    ]


def test_import_command_prints_the_portable_strategy(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from querylang.cli import app

    source = tmp_path / "wos.txt"
    source.write_text(HISTORY, encoding="utf-8")
    out = tmp_path / "s.qry"
    result = CliRunner().invoke(app, ["import", "--from", "wos", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("1. topic:(asthma OR wheez*)\n")
    assert f"{source}:2:29: IM202" in result.stderr


def test_import_command_refuses_what_cannot_be_carried(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from querylang.cli import app

    result = CliRunner().invoke(
        app, ["import", "--from", "wos", "-q", "#1 TS=(asthma OR *wheez)\n#2 #1 AND WC=(Allergy)"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "<query>:1:18: IM205" in result.stderr and "<query>:2:11: IM206" in result.stderr


def test_compile_from_wos_writes_every_database() -> None:
    from typer.testing import CliRunner

    from querylang.cli import app

    result = CliRunner().invoke(
        app, ["compile", "--from", "wos", "-q", HISTORY, "--to", "wos,pubmed", "--plain"])
    assert result.exit_code == 0, result.stderr
    wos, pubmed = result.stdout.splitlines()[:2]
    assert wos == (
        "TS=(asthma OR wheez*) AND TS=((child* NEAR/15 care) OR paediatric*) "
        "AND PY=(2013-2023) AND LA=(English)"
    )
    assert "2013:2023[dp]" in pubmed and "english[la]" in pubmed


def test_run_from_wos_sends_the_imported_search(
    fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from querylang.cli import app

    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    monkeypatch.setenv("QUERYLANG_WOS_INTERVAL", "0.005")
    query = "TS=(asthma OR wheez*) AND TS=((child* NEAR/15 care) OR paediatric*) AND PY=(2013-2023)"
    fake_apis.wos.set_count(query, 321)
    result = CliRunner().invoke(
        app, ["run", "--from", "wos", "-q", HISTORY, "--db", "wos", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["targets"]["wos"]["count"] == 321
    (request,) = fake_apis.wos.requests
    assert request.query_params["q"] == [query]
    assert "IM202" in result.stderr


# -- any input: never a traceback; a reading without errors is portable text that checks --

_PIECES = [
    "TS=", "TI=", "AB=", "AU=", "SO=", "KP=", "PY=", "LA=", "DT=", "IS=", "DO=", "MHX=", "WC=",
    "(", ")", "AND", "OR", "NOT", "NEAR", "NEAR/3", "SAME", "and", "or", "near/2",
    "asthma", "wheez*", "wom?n", "colo$r", '"hip pain"', '"medical imag*"', "2020", "2013-2023",
    "English", "French", "Review", "Article", "#1", "#2", "COVID-19", "Alzheimer's", "e.coli",
    "x&y", "a:b", "1361-8415", "10.1038/x", "Smith", "J*", "year:2020", "*x", "“curly”", "été",
    "A+", "x.", '"', "=",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10))
def test_any_paste_reads_or_is_refused_with_a_diagnostic(pieces: list[str]) -> None:
    text = " ".join(pieces)
    result = read(text)
    if has_errors(result.diagnostics):
        assert result.text == ""
        return
    assert result.text
    source = result.text if "#" not in result.text else f"a\nb\n{result.text}"
    check = analyze(source)
    assert not has_errors(check.diagnostics), (text, result.text, check.diagnostics)


def test_lint_on_a_wos_history_names_the_import_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from querylang.cli import app

    source = tmp_path / "wos.txt"
    source.write_text(HISTORY, encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", str(source)])
    assert result.exit_code == 1
    assert "IM008" in result.output
    assert f"import --from wos {source}" in result.output


def test_strict_import_refuses_each_change_of_meaning() -> None:
    from typer.testing import CliRunner

    from querylang.cli import app

    result = CliRunner().invoke(app, ["import", "--from", "wos", "--strict", "-q", HISTORY])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "<query>:2:29: IM202 KP=" in result.stderr  # an error now: no [warning]
    assert "IM204 [info]" in result.stderr  # the same search: still a note
