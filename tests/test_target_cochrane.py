"""Golden tests: the Cochrane Library target (generated from reviewed output; edit by hand).

Each case: portable source, the expected Search Manager string (None:
refused) and the set of diagnostic codes. Plus: no API request, the Search
Manager history (#1 OR #2), the years as a note, strict mode, and every CO
code covered.
"""

from __future__ import annotations

import pytest

import querylang
from tests.compile_helpers import LONG_OR

TARGET = 'cochrane'

COCHRANE_LONG = '(' + LONG_OR + '):ti,ab'

CASES = [
    pytest.param('ti:asthma', 'asthma:ti', set(), id='field ti'),
    pytest.param('ab:asthma', 'asthma:ab', set(), id='field ab'),
    pytest.param('tiab:asthma', 'asthma:ti,ab', set(), id='field tiab'),
    pytest.param('asthma', 'asthma:ti,ab', set(), id='default field'),
    pytest.param('kw:asthma', 'asthma:kw', {'CO111'}, id='field kw'),
    pytest.param('topic:asthma', 'asthma:ti,ab,kw', {'CO111'}, id='field topic'),
    pytest.param('all:asthma', 'asthma', set(), id='field all'),
    pytest.param('au:"Smith J"', '"Smith J":au', set(), id='field au'),
    pytest.param('so:Radiology', 'Radiology:so', set(), id='field so'),
    pytest.param('mesh:"Diagnostic Imaging"', '[mh "Diagnostic Imaging"]', set(), id='field mesh'),
    pytest.param('mesh-noexp:Asthma', '[mh ^"Asthma"]', set(), id='field mesh-noexp'),
    pytest.param('mesh-major:Asthma', '[mh "Asthma"]', {'CO102'}, id='field mesh-major'),
    pytest.param('doi:"10.21037/qims-24-89"', '"10.21037/qims-24-89":doi', {'CO105'}, id='field doi'),
    pytest.param('title:asthma', 'asthma:ti', set(), id='alias title'),
    pytest.param('tw:asthma', 'asthma:ti,ab,kw', {'CO112'}, id='field tw'),
    pytest.param('pt:"randomized controlled trial"', '"randomized controlled trial":pt', set(), id='field pt'),
    pytest.param('sh:"drug therapy"', '"drug therapy":ti,ab,kw', {'CO104'}, id='field sh'),
    pytest.param('sh:DT', '"drug therapy":ti,ab,kw', {'CO104'}, id='field sh abbreviation'),
    pytest.param('issn:"1361-8415"', None, {'CO115'}, id='field issn'),
    pytest.param('mesh:"Asthma/drug therapy"', '[mh "Asthma"]', {'CO103'}, id='mesh with subheading'),
    pytest.param('mesh:"Myocardial Infarction"', '[mh "Myocardial Infarction"]', set(), id='mesh known to differ'),
    pytest.param('mesh:"Leukemia, Myeloid"', '[mh "Leukemia, Myeloid"]', set(), id='mesh inverted'),
    pytest.param('mesh-noexp:"Exercise Therapy"', '[mh ^"Exercise Therapy"]', set(), id='mesh-noexp known to differ'),
    pytest.param('mesh:(Asthma OR "Respiratory Sounds")', '[mh "Asthma"] OR [mh "Respiratory Sounds"]', set(), id='mesh group'),
    pytest.param('asthma AND year:2013-2023', 'asthma:ti,ab', {'CO401'}, id='year range'),
    pytest.param('asthma AND year:2013-', 'asthma:ti,ab', {'CO401'}, id='year open end'),
    pytest.param('asthma AND year:-2023', 'asthma:ti,ab', {'CO401'}, id='year open start'),
    pytest.param('asthma AND year:2020', 'asthma:ti,ab', {'CO401'}, id='year single'),
    pytest.param('asthma AND lang:english', 'asthma:ti,ab', {'CO403'}, id='lang name'),
    pytest.param('asthma AND lang:de', 'asthma:ti,ab', {'CO403'}, id='lang code'),
    pytest.param('asthma AND lang:(english OR french)', 'asthma:ti,ab', {'CO403'}, id='lang several'),
    pytest.param('ti:asthma AND year:2013-2023 AND lang:english', 'asthma:ti', {'CO401', 'CO403'}, id='year and lang'),
    pytest.param('1. asthma AND year:2020\n2. #1 OR wheez*', 'asthma:ti,ab OR wheez*:ti,ab', {'CO402'}, id='year inside or via reference'),
    pytest.param('1. asthma AND year:2020\n2. child* NOT #1', 'child*:ti,ab NOT asthma:ti,ab', {'CO402'}, id='year under not via reference'),
    pytest.param('asthma AND child', '(asthma AND child):ti,ab', set(), id='and'),
    pytest.param('asthma OR wheeze', '(asthma OR wheeze):ti,ab', set(), id='or'),
    pytest.param('asthma NOT animals', '(asthma NOT animals):ti,ab', set(), id='not'),
    pytest.param('(asthma OR wheeze) AND (child OR infant) NOT adult', '(((asthma OR wheeze) AND (child OR infant)) NOT adult):ti,ab', set(), id='nesting'),
    pytest.param('ti:(asthma OR wheeze) AND ab:child', '(asthma OR wheeze):ti AND child:ab', set(), id='mixed fields'),
    pytest.param('ti:asthma OR so:Thorax OR wheeze', 'asthma:ti OR Thorax:so OR wheeze:ti,ab', set(), id='or across fields'),
    pytest.param('tiab:(asthma AND child)', '(asthma AND child):ti,ab', set(), id='and within one field'),
    pytest.param('"large language model"', '"large language model":ti,ab', set(), id='phrase'),
    pytest.param('"large language model*"', '(large NEXT language NEXT model*):ti,ab', {'CO202'}, id='phrase truncation'),
    pytest.param('"medical imag*" OR radiolog*', '((medical NEXT imag*) OR radiolog*):ti,ab', {'CO202'}, id='phrase and word truncation'),
    pytest.param('radiolog*', 'radiolog*:ti,ab', set(), id='truncation'),
    pytest.param('wom?n', 'wom?n:ti,ab', set(), id='question mark'),
    pytest.param('child?', 'child?:ti,ab', set(), id='trailing question mark'),
    pytest.param('colo$r', 'colo*r:ti,ab', {'CO201'}, id='dollar wildcard'),
    pytest.param('"colo$r imag*"', '(colo*r NEXT imag*):ti,ab', {'CO201', 'CO202'}, id='dollar wildcard in phrase'),
    pytest.param('pain NEAR/3 hip', '(pain NEAR/4 hip):ti,ab', {'CO301'}, id='near words'),
    pytest.param('pain NEAR/0 hip', '(pain NEAR/1 hip):ti,ab', {'CO301'}, id='near zero'),
    pytest.param('ti:(pain NEAR/3 hip)', '(pain NEAR/4 hip):ti', {'CO301'}, id='near in title'),
    pytest.param('(pain OR ache) NEAR/2 (hip OR knee)', '((pain OR ache) NEAR/3 (hip OR knee)):ti,ab', {'CO301'}, id='near or groups'),
    pytest.param('"hip pain" NEAR/3 knee', '("hip pain" NEAR/4 knee):ti,ab', {'CO301'}, id='near phrase'),
    pytest.param('radiolog* NEAR/3 report', '(radiolog* NEAR/4 report):ti,ab', {'CO301'}, id='near wildcard'),
    pytest.param('topic:(pain NEAR/3 hip)', '(pain NEAR/4 hip):ti,ab,kw', {'CO111', 'CO301'}, id='near topic'),
    pytest.param('ti:(pain NEAR/3 hip) AND child', '(pain NEAR/4 hip):ti AND child:ti,ab', {'CO301'}, id='near in and'),
    pytest.param(LONG_OR, COCHRANE_LONG, set(), id='long or group'),
    pytest.param("covid-19 OR T2-weighted OR Alzheimer's", '("covid-19" OR "T2-weighted" OR "Alzheimer\'s"):ti,ab', set(), id='punctuation words'),
    pytest.param('asthma AND near AND next AND "or"', '(asthma AND "near" AND "next" AND "or"):ti,ab', set(), id='operator-like words'),
    pytest.param('"a) OR ti:(b"', '"a OR ti b":ti,ab', {'CP101'}, id='hostile parens'),
    pytest.param('"x[mh] OR y"', '"x mh OR y":ti,ab', {'CP101', 'QL205'}, id='hostile tag'),
    pytest.param('"ti:foo OR abs:bar"', '"ti foo OR abs bar":ti,ab', {'CP101'}, id='hostile prefix'),
    pytest.param('"covid\u200b19"', None, {'QL120'}, id='hostile zero width'),
    pytest.param('"tab\there"', '"tab here":ti,ab', {'CP102'}, id='hostile tab'),
    pytest.param('"100% & #1"', '"100% & 1":ti,ab', {'CP101'}, id='hostile percent amp hash'),
    pytest.param('"()"', None, {'CP101', 'CP103'}, id='hostile only punctuation'),
    pytest.param('"a{b}c^2~"', '"a b c 2~":ti,ab', {'CP101'}, id='hostile braces'),
    pytest.param('mesh:"x) OR (y"', '[mh "x OR y"]', set(), id='hostile quote in heading'),
    pytest.param('1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023', '(asthma OR wheez*):ti,ab AND child*:ti,ab', {'CO401'}, id='reference expansion'),
    pytest.param('1. asthma AND lang:english\n2. #1 OR wheez*', 'asthma:ti,ab OR wheez*:ti,ab', {'CO403'}, id='reference in or carries limit'),
    pytest.param('1. mesh:"Asthma/drug therapy" OR tw:asthma\n2. #1 AND pt:review AND lang:(english OR french)', '([mh "Asthma"] OR asthma:ti,ab,kw) AND review:pt', {'CO103', 'CO112', 'CO403'}, id='language additions together'),
    pytest.param('((a1 OR b1) AND (c1 OR (d1 NOT e1)))', '((a1 OR b1) AND (c1 OR (d1 NOT e1))):ti,ab', set(), id='deep nesting'),
    pytest.param('(a1 NEAR/2 b1) OR ti:c1 OR d1 OR (e1 AND f1)', '((a1 NEAR/3 b1) OR d1):ti,ab OR c1:ti OR (e1 AND f1):ti,ab', {'CO301'}, id='or regroups near and fields'),
    pytest.param('so:Radiology OR issn:0033-8419', None, {'CO115'}, id='issn or journal'),
    pytest.param('asthma AND issn:1361-8415', 'asthma:ti,ab', {'CO114'}, id='issn anded as a journal filter'),
    pytest.param('mesh-major:"Asthma/prevention & control"', '[mh "Asthma"]', {'CO102', 'CO103'}, id='mesh-major with subheading'),
    pytest.param('mesh:"Asthma/dt"', '[mh "Asthma"]', {'CO103'}, id='mesh subheading abbreviation'),
    pytest.param('pt:(review OR letter)', 'review:pt OR letter:pt', set(), id='field pt group'),
    pytest.param('asthma NOT tw:child', 'asthma:ti,ab NOT child:ti,ab,kw', {'CO112'}, id='widening inside not is said'),
    pytest.param('asthma NOT mesh:Animals', 'asthma:ti,ab NOT [mh "Animals"]', set(), id='heading under not'),
    pytest.param('radiolog* OR imag* OR segment*', '(radiolog* OR imag* OR segment*):ti,ab', set(), id='three wildcard words'),
    pytest.param('sh:"prevention & control"', '"prevention and control":ti,ab,kw', {'CO104'}, id='field sh ampersand'),
    pytest.param('au:"Smith J*"', '(Smith NEXT J*):au', {'CO202'}, id='author with initial wildcard'),
    pytest.param('asthma AND lang:(eng OR fre OR deu)', 'asthma:ti,ab', {'CO403'}, id='lang three-letter codes'),
    pytest.param('doi:"10.1002/(SICI)1097-0258(19980815)17:15"', None, {'CO105', 'CP106'}, id='doi with brackets'),
]


@pytest.mark.parametrize(("source", "query", "codes"), CASES)
def test_golden(source: str, query: str | None, codes: set[str]) -> None:
    result = querylang.compile_query(source, TARGET)
    assert result.query == query
    assert {d.code for d in result.diagnostics} == codes
    # Searched by hand: no API request, and the string is what is pasted.
    assert result.api is None
    assert result.api_query == result.query


def test_the_search_manager_history_combines_lines_by_number() -> None:
    from querylang import analyze
    from querylang.history import compile_history

    strategy = analyze("1. asthma OR wheez*\n2. mesh:Asthma\n3. #1 OR #2\n"
                       "4. #3 AND year:2013-2023\n").strategy
    assert strategy is not None
    history = compile_history(strategy, TARGET)
    assert history.sets
    assert [line.query for line in history.lines] == [
        "(asthma OR wheez*):ti,ab", '[mh "Asthma"]', "#1 OR #2", "#3",
    ]
    # The years are the line's Search Manager limit, said in a note on that line.
    assert [line.counted.notes for line in history.lines][:3] == [(), (), ()]
    (note,) = history.lines[3].counted.notes
    assert "Search Manager limit" in note and "2013-2023" in note


@pytest.mark.parametrize(
    ("years", "shown"),
    [("2013-2023", "2013-2023"), ("2020", ": 2020;"), ("2013-", "from 2013"),
     ("-2023", "up to 2023")],
)
def test_the_years_note_says_the_years_to_set(years: str, shown: str) -> None:
    result = querylang.compile_query(f"asthma AND year:{years}", TARGET)
    (note,) = result.notes
    assert shown in note
    assert "not part of the string" in note


def test_mesh_is_exact_in_cochrane_no_diagnostic() -> None:
    result = querylang.compile_query(
        'mesh:"Myocardial Infarction" OR mesh-noexp:"Adrenal Cortex Hormones"', TARGET)
    assert result.query == '[mh "Myocardial Infarction"] OR [mh ^"Adrenal Cortex Hormones"]'
    assert result.diagnostics == ()


def test_strict_refuses_a_dropped_language_but_not_a_phrase_with_next() -> None:
    assert querylang.compile_query("asthma AND lang:english", TARGET, strict=True).query is None
    assert querylang.compile_query('"medical imag*"', TARGET, strict=True).query == (
        "(medical NEXT imag*):ti,ab")
