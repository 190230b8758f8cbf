"""Golden tests: the Embase.com target (generated from reviewed output; edit by hand).

Each case: portable source, the expected Embase.com string (None: refused)
and the set of diagnostic codes. Plus: no API request (Embase.com is searched
by hand), the search history, strict mode, and every EM code covered.
"""

from __future__ import annotations

import pytest

import querylang
from tests.compile_helpers import LONG_OR

TARGET = 'embase'

EMBASE_LONG = '(' + LONG_OR + '):ti,ab'

CASES = [
    pytest.param('ti:asthma', 'asthma:ti', set(), id='field ti'),
    pytest.param('ab:asthma', 'asthma:ab', set(), id='field ab'),
    pytest.param('tiab:asthma', 'asthma:ti,ab', set(), id='field tiab'),
    pytest.param('asthma', 'asthma:ti,ab', set(), id='default field'),
    pytest.param('kw:asthma', 'asthma:kw', set(), id='field kw'),
    pytest.param('topic:asthma', 'asthma:ti,ab,kw', set(), id='field topic'),
    pytest.param('all:asthma', 'asthma', {'EM111'}, id='field all'),
    pytest.param('au:"Smith J"', "'Smith J':au", set(), id='field au'),
    pytest.param('so:Radiology', 'Radiology:jt', set(), id='field so'),
    pytest.param('mesh:"Diagnostic Imaging"', "'diagnostic imaging'/exp", {'EM101'}, id='field mesh'),
    pytest.param('mesh-noexp:Asthma', "'asthma'/de", {'EM101'}, id='field mesh-noexp'),
    pytest.param('mesh-major:Asthma', "'asthma'/exp/mj", {'EM101'}, id='field mesh-major'),
    pytest.param('doi:"10.21037/qims-24-89"', "'10.21037/qims-24-89':do", set(), id='field doi'),
    pytest.param('title:asthma', 'asthma:ti', set(), id='alias title'),
    pytest.param('tw:asthma', 'asthma:ti,ab,kw', {'EM112'}, id='field tw'),
    pytest.param('pt:"randomized controlled trial"', "'randomized controlled trial':it", {'EM114'}, id='field pt'),
    pytest.param('sh:"drug therapy"', "'drug therapy':lnk", {'EM115'}, id='field sh'),
    pytest.param('sh:DT', "'drug therapy':lnk", {'EM115'}, id='field sh abbreviation'),
    pytest.param('issn:"1361-8415"', '1361-8415:is', set(), id='field issn'),
    pytest.param('mesh:"Asthma/drug therapy"', "'asthma'/exp", {'EM101', 'EM103'}, id='mesh with subheading'),
    pytest.param('mesh:"Myocardial Infarction"', "'heart infarction'/exp", {'EM101'}, id='mesh known to differ'),
    pytest.param('mesh:"Leukemia, Myeloid"', "'myeloid leukemia'/exp", {'EM101'}, id='mesh inverted'),
    pytest.param('mesh-noexp:"Exercise Therapy"', "'exercise therapy'/de", {'EM101'}, id='mesh-noexp known to differ'),
    pytest.param('mesh:(Asthma OR "Respiratory Sounds")', "'asthma'/exp OR 'respiratory sounds'/exp", {'EM101'}, id='mesh group'),
    pytest.param('asthma AND year:2013-2023', 'asthma:ti,ab AND [2013-2023]/py', set(), id='year range'),
    pytest.param('asthma AND year:2013-', 'asthma:ti,ab AND [2013-3000]/py', set(), id='year open end'),
    pytest.param('asthma AND year:-2023', 'asthma:ti,ab AND [1800-2023]/py', set(), id='year open start'),
    pytest.param('asthma AND year:2020', 'asthma:ti,ab AND [2020]/py', set(), id='year single'),
    pytest.param('asthma AND lang:english', 'asthma:ti,ab AND [english]/lim', set(), id='lang name'),
    pytest.param('asthma AND lang:de', 'asthma:ti,ab AND [german]/lim', set(), id='lang code'),
    pytest.param('asthma AND lang:(english OR french)', 'asthma:ti,ab AND ([english]/lim OR [french]/lim)', set(), id='lang several'),
    pytest.param('ti:asthma AND year:2013-2023 AND lang:english', 'asthma:ti AND [2013-2023]/py AND [english]/lim', set(), id='year and lang'),
    pytest.param('1. asthma AND year:2020\n2. #1 OR wheez*', '(asthma:ti,ab AND [2020]/py) OR wheez*:ti,ab', set(), id='year inside or via reference'),
    pytest.param('1. asthma AND year:2020\n2. child* NOT #1', 'child*:ti,ab NOT (asthma:ti,ab AND [2020]/py)', set(), id='year under not via reference'),
    pytest.param('asthma AND child', '(asthma AND child):ti,ab', set(), id='and'),
    pytest.param('asthma OR wheeze', '(asthma OR wheeze):ti,ab', set(), id='or'),
    pytest.param('asthma NOT animals', '(asthma NOT animals):ti,ab', set(), id='not'),
    pytest.param('(asthma OR wheeze) AND (child OR infant) NOT adult', '(((asthma OR wheeze) AND (child OR infant)) NOT adult):ti,ab', set(), id='nesting'),
    pytest.param('ti:(asthma OR wheeze) AND ab:child', '(asthma OR wheeze):ti AND child:ab', set(), id='mixed fields'),
    pytest.param('ti:asthma OR so:Thorax OR wheeze', 'asthma:ti OR Thorax:jt OR wheeze:ti,ab', set(), id='or across fields'),
    pytest.param('tiab:(asthma AND child)', '(asthma AND child):ti,ab', set(), id='and within one field'),
    pytest.param('"large language model"', "'large language model':ti,ab", set(), id='phrase'),
    pytest.param('"large language model*"', "'large language model*':ti,ab", set(), id='phrase truncation'),
    pytest.param('"medical imag*" OR radiolog*', "('medical imag*' OR radiolog*):ti,ab", set(), id='phrase and word truncation'),
    pytest.param('radiolog*', 'radiolog*:ti,ab', set(), id='truncation'),
    pytest.param('wom?n', 'wom?n:ti,ab', set(), id='question mark'),
    pytest.param('child?', 'child?:ti,ab', set(), id='trailing question mark'),
    pytest.param('colo$r', 'colo*r:ti,ab', {'EM201'}, id='dollar wildcard'),
    pytest.param('"colo$r imag*"', "'colo*r imag*':ti,ab", {'EM201'}, id='dollar wildcard in phrase'),
    pytest.param('pain NEAR/3 hip', '(pain NEAR/4 hip):ti,ab', set(), id='near words'),
    pytest.param('pain NEAR/0 hip', '(pain NEAR/1 hip):ti,ab', set(), id='near zero'),
    pytest.param('ti:(pain NEAR/3 hip)', '(pain NEAR/4 hip):ti', set(), id='near in title'),
    pytest.param('(pain OR ache) NEAR/2 (hip OR knee)', '((pain OR ache) NEAR/3 (hip OR knee)):ti,ab', set(), id='near or groups'),
    pytest.param('"hip pain" NEAR/3 knee', "('hip pain' NEAR/4 knee):ti,ab", set(), id='near phrase'),
    pytest.param('radiolog* NEAR/3 report', '(radiolog* NEAR/4 report):ti,ab', set(), id='near wildcard'),
    pytest.param('topic:(pain NEAR/3 hip)', '(pain NEAR/4 hip):ti,ab,kw', set(), id='near topic'),
    pytest.param('ti:(pain NEAR/3 hip) AND child', '(pain NEAR/4 hip):ti AND child:ti,ab', set(), id='near in and'),
    pytest.param(LONG_OR, EMBASE_LONG, set(), id='long or group'),
    pytest.param("covid-19 OR T2-weighted OR Alzheimer's", '(\'covid-19\' OR \'T2-weighted\' OR "Alzheimer\'s"):ti,ab', set(), id='punctuation words'),
    pytest.param('asthma AND near AND next AND "or"', "(asthma AND 'near' AND 'next' AND 'or'):ti,ab", set(), id='operator-like words'),
    pytest.param('"a) OR ti:(b"', "'a OR ti b':ti,ab", {'CP101'}, id='hostile parens'),
    pytest.param('"x[mh] OR y"', "'x mh OR y':ti,ab", {'CP101', 'QL205'}, id='hostile tag'),
    pytest.param('"ti:foo OR abs:bar"', "'ti foo OR abs bar':ti,ab", {'CP101'}, id='hostile prefix'),
    pytest.param('"covid\u200b19"', None, {'QL120'}, id='hostile zero width'),
    pytest.param('"tab\there"', "'tab here':ti,ab", {'CP102'}, id='hostile tab'),
    pytest.param('"100% & #1"', "'100% & 1':ti,ab", {'CP101'}, id='hostile percent amp hash'),
    pytest.param('"()"', None, {'CP101', 'CP103'}, id='hostile only punctuation'),
    pytest.param('"a{b}c^2~"', "'a b c^2~':ti,ab", {'CP101'}, id='hostile braces'),
    pytest.param('mesh:"x) OR (y"', "'x or y'/exp", {'EM101'}, id='hostile quote in heading'),
    pytest.param('1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023', '(asthma OR wheez*):ti,ab AND child*:ti,ab AND [2013-2023]/py', set(), id='reference expansion'),
    pytest.param('1. asthma AND lang:english\n2. #1 OR wheez*', '(asthma:ti,ab AND [english]/lim) OR wheez*:ti,ab', set(), id='reference in or carries limit'),
    pytest.param('1. mesh:"Asthma/drug therapy" OR tw:asthma\n2. #1 AND pt:review AND lang:(english OR french)', "('asthma'/exp OR asthma:ti,ab,kw) AND review:it AND ([english]/lim OR [french]/lim)", {'EM101', 'EM103', 'EM112', 'EM114'}, id='language additions together'),
    pytest.param('((a1 OR b1) AND (c1 OR (d1 NOT e1)))', '((a1 OR b1) AND (c1 OR (d1 NOT e1))):ti,ab', set(), id='deep nesting'),
    pytest.param('(a1 NEAR/2 b1) OR ti:c1 OR d1 OR (e1 AND f1)', '((a1 NEAR/3 b1) OR d1):ti,ab OR c1:ti OR (e1 AND f1):ti,ab', set(), id='or regroups near and fields'),
    pytest.param('so:Radiology OR issn:0033-8419', 'Radiology:jt OR 0033-8419:is', set(), id='issn or journal'),
    pytest.param('asthma AND issn:1361-8415', 'asthma:ti,ab AND 1361-8415:is', set(), id='issn anded as a journal filter'),
    pytest.param('mesh-major:"Asthma/prevention & control"', "'asthma'/exp/mj", {'EM101', 'EM103'}, id='mesh-major with subheading'),
    pytest.param('mesh:"Asthma/dt"', "'asthma'/exp", {'EM101', 'EM103'}, id='mesh subheading abbreviation'),
    pytest.param('pt:(review OR letter)', 'review:it OR letter:it', {'EM114'}, id='field pt group'),
    pytest.param('asthma NOT tw:child', 'asthma:ti,ab NOT child:ti,ab,kw', {'EM112'}, id='widening inside not is said'),
    pytest.param('asthma NOT mesh:Animals', "asthma:ti,ab NOT 'animal'/exp", {'EM101'}, id='heading under not'),
    pytest.param('radiolog* OR imag* OR segment*', '(radiolog* OR imag* OR segment*):ti,ab', set(), id='three wildcard words'),
    pytest.param('sh:"prevention & control"', "'prevention and control':lnk", {'EM115'}, id='field sh ampersand'),
    pytest.param('au:"Smith J*"', "'Smith J*':au", set(), id='author with initial wildcard'),
    pytest.param('asthma AND lang:(eng OR fre OR deu)', 'asthma:ti,ab AND ([english]/lim OR [french]/lim OR [german]/lim)', set(), id='lang three-letter codes'),
    pytest.param('doi:"10.1002/(SICI)1097-0258(19980815)17:15"', None, {'CP106'}, id='doi with brackets'),
]


@pytest.mark.parametrize(("source", "query", "codes"), CASES)
def test_golden(source: str, query: str | None, codes: set[str]) -> None:
    result = querylang.compile_query(source, TARGET)
    assert result.query == query
    assert {d.code for d in result.diagnostics} == codes
    # Searched by hand: no API request, and the string is what is pasted.
    assert result.api is None
    assert result.api_query == result.query


def test_the_search_history_combines_lines_by_number() -> None:
    from querylang import analyze
    from querylang.history import compile_history

    strategy = analyze("1. asthma OR wheez*\n2. mesh:Asthma\n3. #1 OR #2\n"
                       "4. #3 AND year:2013-2023 AND lang:english\n").strategy
    assert strategy is not None
    history = compile_history(strategy, TARGET)
    assert history.sets
    assert [line.query for line in history.lines] == [
        "(asthma OR wheez*):ti,ab",
        "'asthma'/exp",
        "#1 OR #2",
        "#3 AND [2013-2023]/py AND [english]/lim",
    ]


def test_a_known_emtree_name_is_written_and_said_never_as_equivalent() -> None:
    result = querylang.compile_query('mesh:"Diabetes Mellitus, Type 2"', TARGET)
    assert result.query == "'non insulin dependent diabetes mellitus'/exp"
    (said,) = result.diagnostics
    assert said.code == "EM101"
    assert "likely names it 'non insulin dependent diabetes mellitus'" in said.message
    assert "check the name in Emtree (not equivalent)" in said.message


def test_an_inverted_mesh_name_says_emtree_writes_natural_order() -> None:
    result = querylang.compile_query('mesh:"Arthritis, Rheumatoid"', TARGET)
    assert result.query == "'arthritis, rheumatoid'/exp"
    assert "natural order" in result.diagnostics[0].message


def test_strict_refuses_every_heading() -> None:
    result = querylang.compile_query("mesh:Asthma OR asthma", TARGET, strict=True)
    assert result.query is None
    assert [d.severity.value for d in result.diagnostics] == ["error"]


def test_near_counts_as_embase_does() -> None:
    # Elsevier: "symptom NEAR/5 headache retrieves records with at most 4
    # words between"; the portable NEAR/4 allows 4 words between.
    assert querylang.compile_query("symptom NEAR/4 headache", TARGET).query == (
        "(symptom NEAR/5 headache):ti,ab")
