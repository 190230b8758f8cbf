"""Golden tests: the CINAHL (EBSCOhost) target (generated from reviewed output; edit by hand).

Each case: portable source, the expected EBSCOhost string (None: refused)
and the set of diagnostic codes. Plus: no API request, the S1/S2 search
history, the years as a note, strict mode, and every EB code covered.
"""

from __future__ import annotations

import pytest

import querylang
from tests.compile_helpers import LONG_OR

TARGET = 'ebsco-cinahl'

EBSCO_LONG = '(TI (' + LONG_OR + ') OR AB (' + LONG_OR + '))'

CASES = [
    pytest.param('ti:asthma', 'TI asthma', set(), id='field ti'),
    pytest.param('ab:asthma', 'AB asthma', set(), id='field ab'),
    pytest.param('tiab:asthma', '(TI asthma OR AB asthma)', set(), id='field tiab'),
    pytest.param('asthma', '(TI asthma OR AB asthma)', set(), id='default field'),
    pytest.param('kw:asthma', 'SU asthma', {'EB111'}, id='field kw'),
    pytest.param('topic:asthma', '(TI asthma OR AB asthma OR SU asthma)', {'EB111'}, id='field topic'),
    pytest.param('all:asthma', 'TX asthma', {'EB112'}, id='field all'),
    pytest.param('au:"Smith J"', 'AU "Smith J"', set(), id='field au'),
    pytest.param('so:Radiology', 'SO Radiology', set(), id='field so'),
    pytest.param('mesh:"Diagnostic Imaging"', '(MH "Diagnostic Imaging+")', {'EB101'}, id='field mesh'),
    pytest.param('mesh-noexp:Asthma', '(MH "Asthma")', {'EB101'}, id='field mesh-noexp'),
    pytest.param('mesh-major:Asthma', '(MM "Asthma+")', {'EB101'}, id='field mesh-major'),
    pytest.param('doi:"10.21037/qims-24-89"', 'TX "10.21037/qims-24-89"', {'EB114'}, id='field doi'),
    pytest.param('title:asthma', 'TI asthma', set(), id='alias title'),
    pytest.param('tw:asthma', '(TI asthma OR AB asthma OR SU asthma)', {'EB113'}, id='field tw'),
    pytest.param('pt:"randomized controlled trial"', 'PT "randomized controlled trial"', {'EB115'}, id='field pt'),
    pytest.param('sh:"drug therapy"', 'SU "drug therapy"', {'EB116'}, id='field sh'),
    pytest.param('sh:DT', 'SU "drug therapy"', {'EB116'}, id='field sh abbreviation'),
    pytest.param('issn:"1361-8415"', 'IS 1361-8415', set(), id='field issn'),
    pytest.param('mesh:"Asthma/drug therapy"', '(MH "Asthma+")', {'EB101', 'EB103'}, id='mesh with subheading'),
    pytest.param('mesh:"Myocardial Infarction"', '(MH "Myocardial Infarction+")', {'EB101'}, id='mesh known to differ'),
    pytest.param('mesh:"Leukemia, Myeloid"', '(MH "Leukemia, Myeloid+")', {'EB101'}, id='mesh inverted'),
    pytest.param('mesh-noexp:"Exercise Therapy"', '(MH "Therapeutic Exercise")', {'EB101'}, id='mesh-noexp known to differ'),
    pytest.param('mesh:(Asthma OR "Respiratory Sounds")', '(MH "Asthma+") OR (MH "Respiratory Sounds+")', {'EB101'}, id='mesh group'),
    pytest.param('asthma AND year:2013-2023', '(TI asthma OR AB asthma)', {'EB401'}, id='year range'),
    pytest.param('asthma AND year:2013-', '(TI asthma OR AB asthma)', {'EB401'}, id='year open end'),
    pytest.param('asthma AND year:-2023', '(TI asthma OR AB asthma)', {'EB401'}, id='year open start'),
    pytest.param('asthma AND year:2020', '(TI asthma OR AB asthma)', {'EB401'}, id='year single'),
    pytest.param('asthma AND lang:english', '(TI asthma OR AB asthma) AND LA English', set(), id='lang name'),
    pytest.param('asthma AND lang:de', '(TI asthma OR AB asthma) AND LA German', set(), id='lang code'),
    pytest.param('asthma AND lang:(english OR french)', '(TI asthma OR AB asthma) AND LA (English OR French)', set(), id='lang several'),
    pytest.param('ti:asthma AND year:2013-2023 AND lang:english', 'TI asthma AND LA English', {'EB401'}, id='year and lang'),
    pytest.param('1. asthma AND year:2020\n2. #1 OR wheez*', '(TI asthma OR AB asthma) OR (TI wheez* OR AB wheez*)', {'EB402'}, id='year inside or via reference'),
    pytest.param('1. asthma AND year:2020\n2. child* NOT #1', '(TI child* OR AB child*) NOT (TI asthma OR AB asthma)', {'EB402'}, id='year under not via reference'),
    pytest.param('asthma AND child', '(TI asthma OR AB asthma) AND (TI child OR AB child)', set(), id='and'),
    pytest.param('asthma OR wheeze', '(TI (asthma OR wheeze) OR AB (asthma OR wheeze))', set(), id='or'),
    pytest.param('asthma NOT animals', '(TI asthma OR AB asthma) NOT (TI animals OR AB animals)', set(), id='not'),
    pytest.param('(asthma OR wheeze) AND (child OR infant) NOT adult', '((TI (asthma OR wheeze) OR AB (asthma OR wheeze)) AND (TI (child OR infant) OR AB (child OR infant))) NOT (TI adult OR AB adult)', set(), id='nesting'),
    pytest.param('ti:(asthma OR wheeze) AND ab:child', 'TI (asthma OR wheeze) AND AB child', set(), id='mixed fields'),
    pytest.param('ti:asthma OR so:Thorax OR wheeze', 'TI asthma OR SO Thorax OR (TI wheeze OR AB wheeze)', set(), id='or across fields'),
    pytest.param('tiab:(asthma AND child)', '(TI asthma OR AB asthma) AND (TI child OR AB child)', set(), id='and within one field'),
    pytest.param('"large language model"', '(TI "large language model" OR AB "large language model")', set(), id='phrase'),
    pytest.param('"large language model*"', '(TI "large language model*" OR AB "large language model*")', set(), id='phrase truncation'),
    pytest.param('"medical imag*" OR radiolog*', '(TI ("medical imag*" OR radiolog*) OR AB ("medical imag*" OR radiolog*))', set(), id='phrase and word truncation'),
    pytest.param('radiolog*', '(TI radiolog* OR AB radiolog*)', set(), id='truncation'),
    pytest.param('wom?n', '(TI wom?n OR AB wom?n)', set(), id='question mark'),
    pytest.param('child?', '(TI child* OR AB child*)', {'EB202'}, id='trailing question mark'),
    pytest.param('colo$r', '(TI colo#r OR AB colo#r)', set(), id='dollar wildcard'),
    pytest.param('"colo$r imag*"', '(TI "colo#r imag*" OR AB "colo#r imag*")', set(), id='dollar wildcard in phrase'),
    pytest.param('pain NEAR/3 hip', '(TI (pain N3 hip) OR AB (pain N3 hip))', set(), id='near words'),
    pytest.param('pain NEAR/0 hip', '(TI (pain N0 hip) OR AB (pain N0 hip))', set(), id='near zero'),
    pytest.param('ti:(pain NEAR/3 hip)', 'TI (pain N3 hip)', set(), id='near in title'),
    pytest.param('(pain OR ache) NEAR/2 (hip OR knee)', '(TI ((pain OR ache) N2 (hip OR knee)) OR AB ((pain OR ache) N2 (hip OR knee)))', set(), id='near or groups'),
    pytest.param('"hip pain" NEAR/3 knee', '(TI ("hip pain" N3 knee) OR AB ("hip pain" N3 knee))', set(), id='near phrase'),
    pytest.param('radiolog* NEAR/3 report', '(TI (radiolog* N3 report) OR AB (radiolog* N3 report))', set(), id='near wildcard'),
    pytest.param('topic:(pain NEAR/3 hip)', '(TI (pain N3 hip) OR AB (pain N3 hip) OR SU (pain N3 hip))', {'EB111'}, id='near topic'),
    pytest.param('ti:(pain NEAR/3 hip) AND child', 'TI (pain N3 hip) AND (TI child OR AB child)', set(), id='near in and'),
    pytest.param(LONG_OR, EBSCO_LONG, set(), id='long or group'),
    pytest.param("covid-19 OR T2-weighted OR Alzheimer's", '(TI ("covid-19" OR "T2-weighted" OR "Alzheimer\'s") OR AB ("covid-19" OR "T2-weighted" OR "Alzheimer\'s"))', set(), id='punctuation words'),
    pytest.param('asthma AND near AND next AND "or"', '(TI asthma OR AB asthma) AND (TI near OR AB near) AND (TI next OR AB next) AND (TI "or" OR AB "or")', set(), id='operator-like words'),
    pytest.param('"a) OR ti:(b"', '(TI "a OR ti: b" OR AB "a OR ti: b")', {'CP101'}, id='hostile parens'),
    pytest.param('"x[mh] OR y"', '(TI "x mh OR y" OR AB "x mh OR y")', {'CP101', 'QL205'}, id='hostile tag'),
    pytest.param('"ti:foo OR abs:bar"', '(TI "ti:foo OR abs:bar" OR AB "ti:foo OR abs:bar")', set(), id='hostile prefix'),
    pytest.param('"covid\u200b19"', None, {'QL120'}, id='hostile zero width'),
    pytest.param('"tab\there"', '(TI "tab here" OR AB "tab here")', {'CP102'}, id='hostile tab'),
    pytest.param('"100% & #1"', '(TI "100% & 1" OR AB "100% & 1")', {'CP101'}, id='hostile percent amp hash'),
    pytest.param('"()"', None, {'CP101', 'CP103'}, id='hostile only punctuation'),
    pytest.param('"a{b}c^2~"', '(TI "a b c^2~" OR AB "a b c^2~")', {'CP101'}, id='hostile braces'),
    pytest.param('mesh:"x) OR (y"', '(MH "x OR y+")', {'EB101'}, id='hostile quote in heading'),
    pytest.param('1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023', '(TI (asthma OR wheez*) OR AB (asthma OR wheez*)) AND (TI child* OR AB child*)', {'EB401'}, id='reference expansion'),
    pytest.param('1. asthma AND lang:english\n2. #1 OR wheez*', '((TI asthma OR AB asthma) AND LA English) OR (TI wheez* OR AB wheez*)', set(), id='reference in or carries limit'),
    pytest.param('1. mesh:"Asthma/drug therapy" OR tw:asthma\n2. #1 AND pt:review AND lang:(english OR french)', '((MH "Asthma+") OR (TI asthma OR AB asthma OR SU asthma)) AND PT review AND LA (English OR French)', {'EB101', 'EB103', 'EB113', 'EB115'}, id='language additions together'),
    pytest.param('((a1 OR b1) AND (c1 OR (d1 NOT e1)))', '(TI (a1 OR b1) OR AB (a1 OR b1)) AND ((TI c1 OR AB c1) OR ((TI d1 OR AB d1) NOT (TI e1 OR AB e1)))', set(), id='deep nesting'),
    pytest.param('(a1 NEAR/2 b1) OR ti:c1 OR d1 OR (e1 AND f1)', '(TI ((a1 N2 b1) OR d1) OR AB ((a1 N2 b1) OR d1)) OR TI c1 OR ((TI e1 OR AB e1) AND (TI f1 OR AB f1))', set(), id='or regroups near and fields'),
    pytest.param('so:Radiology OR issn:0033-8419', 'SO Radiology OR IS 0033-8419', set(), id='issn or journal'),
    pytest.param('asthma AND issn:1361-8415', '(TI asthma OR AB asthma) AND IS 1361-8415', set(), id='issn anded as a journal filter'),
    pytest.param('mesh-major:"Asthma/prevention & control"', '(MM "Asthma+")', {'EB101', 'EB103'}, id='mesh-major with subheading'),
    pytest.param('mesh:"Asthma/dt"', '(MH "Asthma+")', {'EB101', 'EB103'}, id='mesh subheading abbreviation'),
    pytest.param('pt:(review OR letter)', 'PT review OR PT letter', {'EB115'}, id='field pt group'),
    pytest.param('asthma NOT tw:child', '(TI asthma OR AB asthma) NOT (TI child OR AB child OR SU child)', {'EB113'}, id='widening inside not is said'),
    pytest.param('asthma NOT mesh:Animals', '(TI asthma OR AB asthma) NOT (MH "Animals+")', {'EB101'}, id='heading under not'),
    pytest.param('radiolog* OR imag* OR segment*', '(TI (radiolog* OR imag* OR segment*) OR AB (radiolog* OR imag* OR segment*))', set(), id='three wildcard words'),
    pytest.param('sh:"prevention & control"', 'SU "prevention and control"', {'EB116'}, id='field sh ampersand'),
    pytest.param('au:"Smith J*"', 'AU "Smith J*"', set(), id='author with initial wildcard'),
    pytest.param('asthma AND lang:(eng OR fre OR deu)', '(TI asthma OR AB asthma) AND LA (English OR French OR German)', set(), id='lang three-letter codes'),
    pytest.param('doi:"10.1002/(SICI)1097-0258(19980815)17:15"', None, {'CP106', 'EB114'}, id='doi with brackets'),
]


@pytest.mark.parametrize(("source", "query", "codes"), CASES)
def test_golden(source: str, query: str | None, codes: set[str]) -> None:
    result = querylang.compile_query(source, TARGET)
    assert result.query == query
    assert {d.code for d in result.diagnostics} == codes
    # Searched by hand: no API request, and the string is what is pasted.
    assert result.api is None
    assert result.api_query == result.query


def test_the_search_history_numbers_searches_s1_s2() -> None:
    from querylang import analyze
    from querylang.history import compile_history

    strategy = analyze("1. asthma OR wheez*\n2. mesh:Asthma\n3. #1 OR #2\n"
                       "4. #3 AND year:2013-2023 AND lang:english\n").strategy
    assert strategy is not None
    history = compile_history(strategy, TARGET)
    assert history.sets
    assert [line.query for line in history.lines] == [
        "(TI (asthma OR wheez*) OR AB (asthma OR wheez*))",
        '(MH "Asthma+")',
        "S1 OR S2",
        "S3 AND LA English",
    ]
    (note,) = history.lines[3].counted.notes
    assert "Published Date limiter" in note and "2013-2023" in note


@pytest.mark.parametrize("word", ["TI", "ab", "MH", "N5", "w3", "and"])
def test_a_word_spelled_like_syntax_is_quoted(word: str) -> None:
    result = querylang.compile_query(f"ti:{word}", TARGET)
    assert result.query == f'TI "{word}"'


def test_a_known_cinahl_name_is_written_and_said_never_as_equivalent() -> None:
    result = querylang.compile_query('mesh:"Patient Education as Topic"', TARGET)
    assert result.query == '(MH "Patient Education+")'
    (said,) = result.diagnostics
    assert said.code == "EB101"
    assert 'likely names it "Patient Education"' in said.message
    assert "(not equivalent)" in said.message


def test_dollar_is_ebsco_hash_exactly() -> None:
    result = querylang.compile_query("ti:colo$r", TARGET, strict=True)
    assert result.query == "TI colo#r"
    assert result.diagnostics == ()


def test_compile_history_prints_s_numbers_to_enter_line_by_line() -> None:
    from typer.testing import CliRunner

    from querylang.cli import app

    text = "1. asthma\n2. mesh:Asthma\n3. (#1 OR #2) AND year:2013-2023"
    result = CliRunner().invoke(app, ["compile", "-q", text, "--to", "ebsco-cinahl", "--history"])
    lines = result.stdout.splitlines()
    assert "it numbers them S1, S2, ..." in lines[1]
    assert "EBSCOhost's Advanced Search (Search History)" in lines[1]
    assert lines[2:5] == ["S1  (TI asthma OR AB asthma)", 'S2  (MH "Asthma+")',
                          "S3  (S1 OR S2)"]
    assert "Published Date limiter" in result.stdout  # the years, as a note under the lines
