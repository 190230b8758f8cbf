"""Golden tests: the Web of Science target (generated from reviewed output; edit by hand).

Each case: portable source, the expected interface string (None: refused),
the expected Starter API query (None: same as the interface string), and the set of diagnostic codes. Plus the API request, strict mode,
hostile terms keeping the query's structure, and every WS code covered.
"""

from __future__ import annotations

import pytest

import querylang
from tests.compile_helpers import LONG_OR

TARGET = "wos"

#: 51 and 50 terms ORed: 50 and 49 operators.
ALL_50 = " OR ".join(f"term{i:02d}" for i in range(1, 52))
ALL_49 = " OR ".join(f"term{i:02d}" for i in range(1, 51))

CASES = [
    pytest.param('ti:asthma', 'TI=asthma', None, set(), id='field ti'),
    pytest.param('ab:asthma', 'AB=asthma', 'TS=asthma', {'WS111'}, id='field ab'),
    pytest.param('tiab:asthma', '(TI=asthma OR AB=asthma)', 'TS=asthma', {'WS111'}, id='field tiab'),
    pytest.param('asthma', '(TI=asthma OR AB=asthma)', 'TS=asthma', {'WS111'}, id='default field'),
    pytest.param('kw:asthma', 'AK=asthma', 'TS=asthma', {'WS111'}, id='field kw'),
    pytest.param('topic:asthma', 'TS=asthma', None, {'WS101'}, id='field topic'),
    pytest.param('all:asthma', 'ALL=asthma', 'TS=asthma', {'WS112'}, id='field all'),
    pytest.param('au:"Smith J"', 'AU="Smith J"', None, set(), id='field au'),
    pytest.param('so:Radiology', 'SO=Radiology', None, set(), id='field so'),
    pytest.param('mesh:"Diagnostic Imaging"', 'TS="Diagnostic Imaging"', None, {'WS102'}, id='field mesh'),
    pytest.param('mesh-noexp:Asthma', 'TS=Asthma', None, {'WS102'}, id='field mesh-noexp'),
    pytest.param('mesh-major:Asthma', 'TS=Asthma', None, {'WS102'}, id='field mesh-major'),
    pytest.param('doi:"10.21037/qims-24-89"', 'DO="10.21037/qims-24-89"', None, set(), id='field doi'),
    pytest.param('title:asthma', 'TI=asthma', None, set(), id='alias title'),
    pytest.param('asthma AND year:2013-2023', '(TI=asthma OR AB=asthma) AND PY=(2013-2023)', 'TS=asthma AND PY=(2013-2023)', {'WS111'}, id='year range'),
    pytest.param('asthma AND year:2013-', '(TI=asthma OR AB=asthma) AND PY=(2013-3000)', 'TS=asthma AND PY=(2013-3000)', {'WS111'}, id='year open end'),
    pytest.param('asthma AND year:-2023', '(TI=asthma OR AB=asthma) AND PY=(1800-2023)', 'TS=asthma AND PY=(1800-2023)', {'WS111'}, id='year open start'),
    pytest.param('asthma AND year:2020', '(TI=asthma OR AB=asthma) AND PY=(2020)', 'TS=asthma AND PY=(2020)', {'WS111'}, id='year single'),
    pytest.param('asthma AND lang:english', '(TI=asthma OR AB=asthma) AND LA=(English)', 'TS=asthma', {'WS111', 'WS113'}, id='lang name'),
    pytest.param('asthma AND lang:de', '(TI=asthma OR AB=asthma) AND LA=(German)', 'TS=asthma', {'WS111', 'WS113'}, id='lang code'),
    pytest.param('ti:asthma AND year:2013-2023 AND lang:english', 'TI=asthma AND PY=(2013-2023) AND LA=(English)', 'TI=asthma AND PY=(2013-2023)', {'WS113'}, id='year and lang'),
    pytest.param('asthma AND lang:(english OR french)', '(TI=asthma OR AB=asthma) AND LA=(English OR French)', 'TS=asthma', {'WS111', 'WS113'}, id='lang several'),
    pytest.param('asthma AND lang:(eng OR fre OR deu)', '(TI=asthma OR AB=asthma) AND LA=(English OR French OR German)', 'TS=asthma', {'WS111', 'WS113'}, id='lang three-letter codes'),
    pytest.param('asthma AND lang:fra', '(TI=asthma OR AB=asthma) AND LA=(French)', 'TS=asthma', {'WS111', 'WS113'}, id='lang terminology code'),
    pytest.param('asthma AND lang:(english)', '(TI=asthma OR AB=asthma) AND LA=(English)', 'TS=asthma', {'WS111', 'WS113'}, id='lang group of one'),
    pytest.param('1. asthma AND lang:(en OR fr)\n2. child* NOT #1', '(TI=child* OR AB=child*) NOT ((TI=asthma OR AB=asthma) AND LA=(English OR French))', 'TS=child* NOT TS=asthma', {'WS111', 'WS113'}, id='lang several under NOT via reference'),
    pytest.param('asthma OR wheeze', '(TI=(asthma OR wheeze) OR AB=(asthma OR wheeze))', 'TS=(asthma OR wheeze)', {'WS111'}, id='or'),
    pytest.param('asthma AND child', '(TI=asthma OR AB=asthma) AND (TI=child OR AB=child)', 'TS=(asthma AND child)', {'WS111'}, id='and'),
    pytest.param('asthma NOT animals', '(TI=asthma OR AB=asthma) NOT (TI=animals OR AB=animals)', 'TS=(asthma NOT animals)', {'WS111'}, id='not'),
    pytest.param('(asthma OR wheeze) AND (child OR infant) NOT adult', '((TI=(asthma OR wheeze) OR AB=(asthma OR wheeze)) AND (TI=(child OR infant) OR AB=(child OR infant))) NOT (TI=adult OR AB=adult)', 'TS=(((asthma OR wheeze) AND (child OR infant)) NOT adult)', {'WS111'}, id='nesting'),
    pytest.param('((a1 OR b1) AND (c1 OR (d1 NOT e1)))', '(TI=(a1 OR b1) OR AB=(a1 OR b1)) AND ((TI=c1 OR AB=c1) OR ((TI=d1 OR AB=d1) NOT (TI=e1 OR AB=e1)))', 'TS=((a1 OR b1) AND (c1 OR (d1 NOT e1)))', {'WS111'}, id='deep nesting'),
    pytest.param('ti:(asthma OR wheeze) AND ab:child', 'TI=(asthma OR wheeze) AND AB=child', 'TI=(asthma OR wheeze) AND TS=child', {'WS111'}, id='mixed fields'),
    pytest.param('ti:asthma OR so:Thorax OR wheeze', 'TI=asthma OR SO=Thorax OR (TI=wheeze OR AB=wheeze)', 'TI=asthma OR SO=Thorax OR TS=wheeze', {'WS111'}, id='or across fields'),
    pytest.param('"large language model*"', '(TI="large language model*" OR AB="large language model*")', 'TS="large language model*"', {'WS111'}, id='phrase truncation'),
    pytest.param('"medical imag*" OR radiolog*', '(TI=("medical imag*" OR radiolog*) OR AB=("medical imag*" OR radiolog*))', 'TS=("medical imag*" OR radiolog*)', {'WS111'}, id='phrase and word truncation'),
    pytest.param('LLM*', '(TI=LLM* OR AB=LLM*)', 'TS=LLM*', {'WS111'}, id='short stem'),
    pytest.param('AI*', '(TI=AI OR AB=AI)', 'TS=AI', {'WS201', 'WS111'}, id='two-letter stem'),
    pytest.param('wom?n', '(TI=wom?n OR AB=wom?n)', 'TS=wom?n', {'WS111'}, id='question mark'),
    pytest.param('w?n', None, None, {'WS203', 'WS111'}, id='short inner wildcard is refused'),
    pytest.param('ti:wo?an', None, None, {'WS203'}, id='inner wildcard needs 3 letters before it'),
    pytest.param('ti:wom?n', 'TI=wom?n', None, set(), id='inner wildcard after 3 letters'),
    pytest.param('doi:"10.1038/*"', None, None, {'WS204'}, id='wildcard after punctuation is refused'),
    pytest.param('au:S*', 'AU=S', None, {'WS205'}, id='author wildcard needs two letters'),
    pytest.param('au:"Smith J*"', 'AU="Smith J*"', None, set(), id='author with initial wildcard'),
    pytest.param('doi:"10.1002/(SICI)1097-0258(19980815)17:15"', None, None, {'CP106'}, id='doi with brackets is refused, never altered'),
    pytest.param('asthma NOT ab:child', '(TI=asthma OR AB=asthma) NOT AB=child', 'TS=asthma NOT TS=child', {'WS111'}, id='widening inside NOT is said'),
    pytest.param('pain NEAR/3 hip', '(TI=(pain NEAR/3 hip) OR AB=(pain NEAR/3 hip))', 'TS=(pain NEAR/3 hip)', {'WS111', 'WS302'}, id='near words'),
    pytest.param('ti:(pain NEAR/3 hip)', 'TI=(pain NEAR/3 hip)', None, {'WS302'}, id='near in title'),
    pytest.param('(pain OR ache) NEAR/2 (hip OR knee)', '(TI=((pain OR ache) NEAR/2 (hip OR knee)) OR AB=((pain OR ache) NEAR/2 (hip OR knee)))', 'TS=((pain OR ache) NEAR/2 (hip OR knee))', {'WS111', 'WS302'}, id='near or groups'),
    pytest.param('"hip pain" NEAR/3 knee', '(TI=("hip pain" NEAR/3 knee) OR AB=("hip pain" NEAR/3 knee))', 'TS=("hip pain" NEAR/3 knee)', {'WS111', 'WS302'}, id='near phrase'),
    pytest.param('radiolog* NEAR/3 report', '(TI=(radiolog* NEAR/3 report) OR AB=(radiolog* NEAR/3 report))', 'TS=(radiolog* NEAR/3 report)', {'WS111', 'WS302'}, id='near wildcard'),
    pytest.param('kw:(pain NEAR/3 hip)', 'AK=(pain NEAR/3 hip)', 'TS=(pain NEAR/3 hip)', {'WS111', 'WS302'}, id='near keyword field'),
    pytest.param('topic:(pain NEAR/3 hip)', 'TS=(pain NEAR/3 hip)', None, {'WS101', 'WS302'}, id='near topic'),
    pytest.param('pain NEAR/20 hip', '(TI=(pain NEAR/20 hip) OR AB=(pain NEAR/20 hip))', 'TS=(pain NEAR/20 hip)', {'WS111', 'WS301', 'WS302'}, id='near large distance'),
    pytest.param('ti:(pain NEAR/3 hip) AND child', 'TI=(pain NEAR/3 hip) AND (TI=child OR AB=child)', 'TI=(pain NEAR/3 hip) AND TS=child', {'WS111', 'WS302'}, id='near in and'),
    # Issue 10 item 1: a long OR group is never refused (no operator limit outside All Fields).
    pytest.param(LONG_OR, '(TI=(term01 OR term02 OR term03 OR term04 OR term05 OR term06 OR term07 OR term08 OR term09 OR term10 OR term11 OR term12 OR term13 OR term14 OR term15 OR term16 OR term17 OR term18 OR term19 OR term20 OR term21 OR term22 OR term23 OR term24 OR term25 OR term26) OR AB=(term01 OR term02 OR term03 OR term04 OR term05 OR term06 OR term07 OR term08 OR term09 OR term10 OR term11 OR term12 OR term13 OR term14 OR term15 OR term16 OR term17 OR term18 OR term19 OR term20 OR term21 OR term22 OR term23 OR term24 OR term25 OR term26))', 'TS=(term01 OR term02 OR term03 OR term04 OR term05 OR term06 OR term07 OR term08 OR term09 OR term10 OR term11 OR term12 OR term13 OR term14 OR term15 OR term16 OR term17 OR term18 OR term19 OR term20 OR term21 OR term22 OR term23 OR term24 OR term25 OR term26)', {'WS111'}, id='long or group'),
    pytest.param('all:(' + ALL_50 + ')', 'ALL=(' + ALL_50 + ')', 'TS=(' + ALL_50 + ')', {'WS112', 'WS401'}, id='all fields over 49 operators warns'),
    pytest.param('all:(' + ALL_49 + ')', 'ALL=(' + ALL_49 + ')', 'TS=(' + ALL_49 + ')', {'WS112'}, id='all fields at 49 operators'),
    pytest.param('ab:(asthma OR wheez*)', 'AB=(asthma OR wheez*)', 'TS=(asthma OR wheez*)', {'WS111'}, id='grouped abstract'),
    pytest.param("covid-19 OR T2-weighted OR Alzheimer's", '(TI=("covid-19" OR "T2-weighted" OR "Alzheimer\'s") OR AB=("covid-19" OR "T2-weighted" OR "Alzheimer\'s"))', 'TS=("covid-19" OR "T2-weighted" OR "Alzheimer\'s")', {'WS111'}, id='punctuation words'),
    pytest.param('asthma AND near AND same', '(TI=asthma OR AB=asthma) AND (TI="near" OR AB="near") AND (TI="same" OR AB="same")', 'TS=(asthma AND "near" AND "same")', {'WS111'}, id='operator-like words'),
    pytest.param('all:(GPT AND "medical image")', 'ALL=(GPT AND "medical image")', 'TS=(GPT AND "medical image")', {'WS112'}, id='ieee issue example'),
    pytest.param('"a) OR TS=(b"', '(TI="a OR TS b" OR AB="a OR TS b")', 'TS="a OR TS b"', {'WS111', 'CP101', 'QL205'}, id='hostile parens equals'),
    pytest.param('"x[mh] OR y"', '(TI="x mh OR y" OR AB="x mh OR y")', 'TS="x mh OR y"', {'WS111', 'CP101', 'QL205'}, id='hostile tag'),
    pytest.param('"ti:foo OR abs:bar"', '(TI="ti:foo OR abs:bar" OR AB="ti:foo OR abs:bar")', 'TS="ti:foo OR abs:bar"', {'WS111'}, id='hostile prefix'),
    pytest.param('"All Metadata: x) OR (y"', '(TI="All Metadata: x OR y" OR AB="All Metadata: x OR y")', 'TS="All Metadata: x OR y"', {'WS111', 'CP101'}, id='hostile ieee field'),
    pytest.param('"covid\u200b19"', None, None, {'QL120'}, id='hostile zero width'),
    pytest.param('"evil\u202e text"', None, None, {'QL120'}, id='hostile rtl override'),
    pytest.param('"tab\there"', '(TI="tab here" OR AB="tab here")', 'TS="tab here"', {'CP102', 'WS111'}, id='hostile tab'),
    pytest.param('"100% & #1"', '(TI="100% & 1" OR AB="100% & 1")', 'TS="100% & 1"', {'WS111', 'CP101'}, id='hostile percent amp hash'),
    pytest.param('"()"', None, None, {'CP103', 'WS111', 'CP101'}, id='hostile only punctuation'),
    pytest.param('"(*ology"', None, None, {'WS111', 'CP101', 'WS203'}, id='hostile leading wildcard'),
    pytest.param('"a{b}c^2~"', '(TI="a b c^2~" OR AB="a b c^2~")', 'TS="a b c^2~"', {'WS111', 'CP101'}, id='hostile braces'),
    pytest.param('"a\\\\ OR b"', '(TI="a\\\\ OR b" OR AB="a\\\\ OR b")', 'TS="a\\\\ OR b"', {'WS111'}, id='hostile backslash'),
    pytest.param('"covid-19: a review"', '(TI="covid-19: a review" OR AB="covid-19: a review")', 'TS="covid-19: a review"', {'WS111'}, id='hostile colon'),
    pytest.param('radiolog* OR imag* OR segment*', '(TI=(radiolog* OR imag* OR segment*) OR AB=(radiolog* OR imag* OR segment*))', 'TS=(radiolog* OR imag* OR segment*)', {'WS111'}, id='three wildcard words'),
    pytest.param('(a1 NEAR/2 b1) OR ti:c1 OR d1 OR (e1 AND f1)', '(TI=((a1 NEAR/2 b1) OR d1) OR AB=((a1 NEAR/2 b1) OR d1)) OR TI=c1 OR ((TI=e1 OR AB=e1) AND (TI=f1 OR AB=f1))', 'TS=((a1 NEAR/2 b1) OR d1) OR TI=c1 OR TS=(e1 AND f1)', {'WS111', 'WS302'}, id='or regroups near and fields'),
    pytest.param('1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023', '(TI=(asthma OR wheez*) OR AB=(asthma OR wheez*)) AND (TI=child* OR AB=child*) AND PY=(2013-2023)', 'TS=(asthma OR wheez*) AND TS=child* AND PY=(2013-2023)', {'WS111'}, id='reference expansion'),
    pytest.param('1. asthma AND year:2020\n2. #1 OR wheez*', '((TI=asthma OR AB=asthma) AND PY=(2020)) OR (TI=wheez* OR AB=wheez*)', '(TS=asthma AND PY=(2020)) OR TS=wheez*', {'WS111'}, id='reference in or carries limit'),
    # Issue 12 item 1: tw:, pt:, sh:, heading/subheading, issn: and the $ wildcard.
    pytest.param('tw:asthma', 'TS=asthma', None, {'WS311'}, id='field tw'),
    pytest.param('pt:"randomized controlled trial"', 'TS="randomized controlled trial"', None, {'WS315'}, id='field pt no document type'),
    pytest.param('pt:review', 'DT=Review', None, set(), id='field pt review'),
    pytest.param('pt:(review OR letter)', 'DT=Review OR DT=Letter', None, set(), id='field pt group'),
    pytest.param('pt:"systematic review"', 'DT=Review', None, {'WS314'}, id='field pt systematic review'),
    pytest.param('asthma AND pt:editorial', '(TI=asthma OR AB=asthma) AND DT="Editorial Material"', 'TS=asthma AND DT="Editorial Material"', {'WS111'}, id='field pt anded'),
    pytest.param('asthma NOT pt:letter', '(TI=asthma OR AB=asthma) NOT DT=Letter', 'TS=asthma NOT DT=Letter', {'WS111'}, id='field pt under not'),
    pytest.param('sh:"drug therapy"', 'TS="drug therapy"', None, {'WS313'}, id='field sh'),
    pytest.param('sh:DT', 'TS="drug therapy"', None, {'WS313'}, id='field sh abbreviation'),
    pytest.param('sh:"prevention & control"', 'TS="prevention and control"', None, {'WS313'}, id='field sh ampersand'),
    pytest.param('mesh:"Asthma/drug therapy"', 'TS=Asthma', None, {'WS102', 'WS312'}, id='mesh with subheading'),
    pytest.param('mesh-noexp:"Asthma/drug therapy"', 'TS=Asthma', None, {'WS102', 'WS312'}, id='mesh-noexp with subheading'),
    pytest.param('mesh-major:"Asthma/prevention & control"', 'TS=Asthma', None, {'WS102', 'WS312'}, id='mesh-major with subheading'),
    pytest.param('mesh:"Asthma/dt"', 'TS=Asthma', None, {'WS102', 'WS312'}, id='mesh subheading abbreviation'),
    pytest.param('issn:"1361-8415"', 'IS=1361-8415', None, set(), id='field issn'),
    pytest.param('issn:13618415', 'IS=1361-8415', None, set(), id='field issn without hyphen'),
    pytest.param('so:Radiology OR issn:0033-8419', 'SO=Radiology OR IS=0033-8419', None, set(), id='issn or journal'),
    pytest.param('asthma AND issn:1361-8415', '(TI=asthma OR AB=asthma) AND IS=1361-8415', 'TS=asthma AND IS=1361-8415', {'WS111'}, id='issn anded as a journal filter'),
    pytest.param('1. issn:(1361-8415 OR 0140-6736)\n2. asthma\n3. #1 AND #2', 'IS=(1361-8415 OR 0140-6736) AND (TI=asthma OR AB=asthma)', 'IS=(1361-8415 OR 0140-6736) AND TS=asthma', {'WS111'}, id='issn filter through a reference'),
    pytest.param('year:2020 AND issn:1361-8415', 'PY=(2020) AND IS=1361-8415', None, set(), id='issn with only a limit beside it'),
    pytest.param('colo$r', '(TI=colo$r OR AB=colo$r)', 'TS=colo$r', {'WS111'}, id='dollar wildcard'),
    pytest.param('"colo$r imag*"', '(TI="colo*r imag*" OR AB="colo*r imag*")', 'TS="colo*r imag*"', {'WS111', 'WS310'}, id='dollar wildcard in phrase'),
    pytest.param('co$r', None, None, {'WS111', 'WS203'}, id='dollar wildcard short stem'),
    pytest.param('pain NEAR/3 colo$r', '(TI=(pain NEAR/3 colo$r) OR AB=(pain NEAR/3 colo$r))', 'TS=(pain NEAR/3 colo$r)', {'WS111', 'WS302'}, id='dollar wildcard in near'),
    pytest.param('"$100 cost"', '(TI="100 cost" OR AB="100 cost")', 'TS="100 cost"', {'WS111', 'WS202'}, id='dollar sign starting a word'),
    pytest.param('"US$ cost"', '(TI="US cost" OR AB="US cost")', 'TS="US cost"', {'WS111', 'WS201', 'WS310'}, id='hostile dollar'),
    pytest.param('1. mesh:"Asthma/drug therapy" OR tw:asthma\n2. #1 AND pt:review AND lang:(english OR french)', 'TS=(Asthma OR asthma) AND DT=Review AND LA=(English OR French)', 'TS=(Asthma OR asthma) AND DT=Review', {'WS102', 'WS113', 'WS311', 'WS312'}, id='language additions together'),
]


@pytest.mark.parametrize(("source", "query", "api_query", "codes"), CASES)
def test_golden(source: str, query: str | None, api_query: str | None, codes: set[str]) -> None:
    result = querylang.compile_query(source, TARGET)
    assert result.query == query
    assert result.api_query == (api_query if api_query is not None else query)
    assert {d.code for d in result.diagnostics} == codes
    if query is not None:
        assert result.api is not None and result.api.params["q"] == result.api_query


def test_default_field_widening_is_said_for_every_line_a_final_line_expands() -> None:
    """Review of issue 10 (E): plain compile (the final line, #n expanded)
    names every line whose default-field terms the Starter API widens, as
    --history does, not only the first."""
    from querylang import analyze
    from querylang.compiler import compile_strategy

    text = ('1. "knee osteoarthr*" OR gonarthrosis\n2. exercise* OR training\n'
            '3. #1 AND #2\n4. physiotherap* OR "physical therapy"\n5. #3 OR #4\n')
    strategy = analyze(text).strategy
    assert strategy is not None
    final = compile_strategy(strategy, "wos")[-1]
    lines = sorted({d.span.line for d in final.diagnostics if d.code == "WS111"})
    assert lines == [1, 2, 4]


def test_two_publication_types_on_one_document_type_are_said_once() -> None:
    """New-user review: pt:("Letter" OR "Editorial" OR "Comment") gave
    DT="Editorial Material" OR DT="Editorial Material"."""
    result = querylang.compile_query('asthma NOT pt:("Letter" OR "Editorial" OR "Comment")',
                                     "wos")
    assert result.query is not None and result.api_query is not None
    for query in (result.query, result.api_query):
        assert query.count('DT="Editorial Material"') == 1, query
        assert "DT=Letter" in query
    assert "WS314" in {d.code for d in result.diagnostics}  # Comment is still said


def test_ws315_brief_reads_as_a_sentence() -> None:
    from querylang.codes import REGISTRY

    title = REGISTRY["WS315"].title
    assert title == ("Publication type with no Web of Science document type, searched as "
                     "text in TS=")


def test_a_default_field_is_said_once_per_search_line_not_per_file_line() -> None:
    """New-user review: line 2, written over two file lines, gave WS111
    twice (the compile brief said "WS111 x5" for three lines)."""
    text = ("1. (knee* OR tibiofemoral)\n   AND (osteoarthr* OR arthros*)\n"
            "2. exercis* OR yoga\n3. #1 AND #2\n")
    result = querylang.compile_query(text, "wos")
    ws111 = [d for d in result.diagnostics if d.code == "WS111"]
    assert [d.span.line for d in ws111] == [1, 3]  # once for each line #3 expands
